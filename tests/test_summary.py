"""Headline figures of the overview, checked by hand against the seed postings and the legal rates.

They summarise internships, each offer once (data/README.md). The 15 internships with a known or
bounded monthly stipend (../shared/LEGAL_RATES.md: 4,05 € in 2023, 3,90 € in 2022, 4,35 € in 2025,
× 35 h × 52/12), the PETR d'Arles posting of April left out since it republishes the March one:
- 8 internships that say the legal rate (« selon la réglementation en vigueur », « gratification
  réglementaire »…): 6 of 2023 at 614,25 €, ANCT (2022) at 591,50 €, PQN-A (2025) at 659,75 €;
- La Montagne « Indemnité de stage. » and Rennes « Stage indemnisé » (paid_unstated, 2023): 614,25 €
  as lower bounds;
- Décider ensemble, « 4,05€ de l'heure », 35 h: 614,25 €;
- stated: Nicaya 1 300, Planète Publique 900, Médiation & Environnement 800, CoopaWatt 770.
Left out: the Paris 11e civic services (600 and 601 €, net allowances), Agence TACT and Vox
Operatio (no date in their text, so no year to value the minimum at).
"""

import pandas as pd
import pytest

from lib import summary
from lib.offers import prepare_offers
from lib.validation import load_offers
from tests.conftest import BUNDLED_CSV

ARLES_FIRST = "petr-arles-conseil-developpement-2023"
ARLES_AGAIN = "petr-arles-participation-communication-2023"


def test_headline_figures_of_the_bundled_offers(prepared_offers):
    figures = summary.headline_figures(prepared_offers)
    assert figures.postings == 27
    assert figures.offers == 26 and figures.republications == 1  # the Arles pair counts once
    assert figures.known_stipends == figures.internships_known == 15
    # Sorted, the 15 values: 591,50, then 614,25 nine times (the 8th value): the median.
    assert figures.median_stipend == pytest.approx(614.25)
    # At the minimum: the 8 that say the legal rate and Décider ensemble's hourly rate, which is the
    # minimum; « indemnisé » with no amount (2) and the 4 stated amounts above it are not.
    assert figures.share_at_minimum == pytest.approx(9 / 15)
    # 23 distinct offers state a duration; their mid-points' median is 6 months.
    assert figures.median_duration == pytest.approx(6.0)


def test_the_median_leaves_civic_services_out(prepared_offers):
    """The civic services' 600 and 601 € are net allowances: with them, the median of ANCT's
    591,50 € would become 600 €."""
    few = prepared_offers[prepared_offers["offer_id"].isin(["anct-participation-engagement-citoyen-2022",
                                                            "paris-11-communication-service-civique-2023",
                                                            "paris-11-developpement-vie-citoyenne-2023"])]
    figures = summary.headline_figures(few)
    assert figures.offers == 3
    assert figures.median_stipend == pytest.approx(591.5)
    assert figures.known_stipends == 1
    assert figures.share_at_minimum == 1.0  # ANCT's « 15 % du plafond horaire »


def test_a_republished_pair_counts_once_but_a_lone_republication_counts(prepared_offers):
    arles = prepared_offers[prepared_offers["offer_id"].isin([ARLES_FIRST, ARLES_AGAIN])]
    figures = summary.headline_figures(arles)
    assert (figures.offers, figures.postings, figures.known_stipends) == (1, 2, 1)
    # A filter that keeps only the April posting (licence « souhaité »): it stands for the offer.
    again = prepared_offers[prepared_offers["offer_id"] == ARLES_AGAIN]
    assert summary.headline_figures(again).offers == 1


def test_paid_with_no_amount_is_not_at_the_minimum(prepared_offers):
    """« Au minimum légal » counts only offers that say so: « Stage indemnisé » does not."""
    rennes = prepared_offers[prepared_offers["offer_id"] == "rennes-fabrique-citoyenne-climat-2023"]
    figures = summary.headline_figures(rennes)
    assert figures.median_stipend == pytest.approx(614.25)  # valued as a lower bound
    assert figures.share_at_minimum == 0.0
    said = prepared_offers[prepared_offers["offer_id"] == "democratie-ouverte-communication-2023"]
    assert summary.headline_figures(said).share_at_minimum == 1.0  # « Rémunération légale »


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
    # 600 and 601 € are stated, but they are net allowances, not internship stipends.
    assert figures.known_stipends == 0 and figures.median_stipend is None
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
    # RésO Villes, SAGE Adour amont), 2 have no year to value theirs at (Agence TACT, Vox Operatio)
    # and Décider ensemble states no duration.
    assert summary.not_plotted(prepared_offers) == 10


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
