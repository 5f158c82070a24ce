"""Headline figures of the overview, checked by hand against the seed postings and the legal rates.

The 20 offers with a known monthly stipend (../shared/LEGAL_RATES.md: 4,05 € in 2023, 3,90 € in
2022, 4,35 € in 2025, × 35 h × 52/12):
- 10 internships « selon le minimum légal » / « gratification réglementaire » of 2023: 614,25 €;
- Vox Operatio, « supérieure au minimum légal » (2023): 614,25 € as a lower bound;
- Décider ensemble, « 4,05€ de l'heure », 35 h: 614,25 €;
- ANCT (2022): 591,50 €; PQN-A (2025): 659,75 €;
- stated: Nicaya 1 300, Planète Publique 900, Médiation & Environnement 800, CoopaWatt 770,
  and the two civic services of Paris 11e, 600 and 601 €.
"""

import pandas as pd
import pytest

from lib import summary
from lib.offers import prepare_offers
from lib.validation import load_offers
from tests.conftest import BUNDLED_CSV


def test_headline_figures_of_the_bundled_offers(prepared_offers):
    figures = summary.headline_figures(prepared_offers)
    assert figures.offers == 27
    assert figures.known_stipends == 20
    # Sorted, the 10th and 11th of the 20 values are both 614,25 €.
    assert figures.median_stipend == pytest.approx(614.25)
    # 18 internships have a known stipend (20 minus the two civic services); at the minimum are
    # the 12 estimated ones and Décider ensemble's hourly rate, which is the minimum; Vox
    # Operatio's « supérieure au minimum » is not.
    assert figures.internships_known == 18
    assert figures.share_at_minimum == pytest.approx(13 / 18)
    # 24 offers state a duration; their mid-points' median is 6 months.
    assert figures.median_duration == pytest.approx(6.0)


def test_headline_figures_of_the_two_scops(prepared_offers):
    scops = prepared_offers[prepared_offers["org_type"] == "scop"]
    figures = summary.headline_figures(scops)
    assert figures.offers == 2
    assert figures.median_stipend == pytest.approx((770 + 800) / 2)
    assert figures.share_at_minimum == 0.0
    # CoopaWatt 6 months; Médiation & Environnement 3 to 6 months (mid-point 4,5).
    assert figures.median_duration == pytest.approx(5.25)


def test_share_at_minimum_tolerates_a_rounded_stated_amount():
    raw = load_offers(BUNDLED_CSV).offers
    offers = raw[raw["offer_id"] == "coopawatt-concertation-enr-2023"].copy()
    # An offer writing « 614 € » for the 2023 minimum of 614,25 € is at the minimum...
    offers["stipend_amount_eur"] = pd.array([614.0], dtype="Float64")
    assert summary.headline_figures(prepare_offers(offers)).share_at_minimum == 1.0
    # ... one paying 620 € is above it.
    offers["stipend_amount_eur"] = pd.array([620.0], dtype="Float64")
    assert summary.headline_figures(prepare_offers(offers)).share_at_minimum == 0.0


def test_civic_services_are_not_counted_as_internships(prepared_offers):
    civic = prepared_offers[prepared_offers["contract"] == "civic_service"]
    figures = summary.headline_figures(civic)
    assert figures.offers == 3
    assert figures.known_stipends == 2  # 600 and 601 € stated; the designer offer states nothing
    assert figures.share_at_minimum is None
    assert figures.internships_known == 0


def test_no_offers_gives_dashes(prepared_offers):
    figures = summary.headline_figures(prepared_offers.iloc[0:0])
    assert figures.offers == 0
    assert figures.median_stipend is None and figures.median_duration is None and figures.share_at_minimum is None
    assert summary.euros_or_dash(figures.median_stipend) == "—"
    assert summary.percent_or_dash(figures.share_at_minimum) == "—"
    assert summary.months_or_dash(figures.median_duration) == "—"


def test_not_plotted_counts_offers_without_stipend_or_duration(prepared_offers):
    # 7 offers state no stipend (Guid'Asso, Make.org, Mérignac, Paris 11e designer, Plaine Commune,
    # RésO Villes, SAGE Adour amont) and Décider ensemble states no duration.
    assert summary.not_plotted(prepared_offers) == 8


@pytest.mark.parametrize(
    "value, lang, expected",
    [(614.25, "fr", "614\u00a0€"), (785.0, "fr", "785\u00a0€"), (1300.4, "fr", "1\u202f300\u00a0€"),
     (614.25, "en", "€614")],
)
def test_euros_or_dash_rounds_to_the_euro(value, lang, expected):
    assert summary.euros_or_dash(value, lang) == expected


@pytest.mark.parametrize(
    "value, lang, expected",
    [(13 / 18, "fr", "72 %"), (0.0, "fr", "0 %"), (1.0, "en", "100%"), (0.5, "en", "50%")],
)
def test_percent_or_dash(value, lang, expected):
    assert summary.percent_or_dash(value, lang).replace("\u00a0", " ").replace("\u202f", " ") == expected


@pytest.mark.parametrize(
    "value, lang, expected", [(6.0, "fr", "6 mois"), (5.25, "fr", "5,25 mois"), (5.25, "en", "5.25 months")]
)
def test_months_or_dash(value, lang, expected):
    assert summary.months_or_dash(value, lang) == expected
