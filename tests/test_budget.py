"""The student's budget: « reste à vivre » per month and over the internship, the host's 50 % of a
transport pass for internships in France, contributions on the excess over the legal minimum only
(../shared/LEGAL_RATES.md: « Up to the minimum, no social contributions; above it, contributions
apply to the excess only »)."""

from __future__ import annotations

import pytest

from lib import budget, rates

NICAYA = "nicaya-consultant-concertation-2023"  # 1 300 € a month, 6 months, Aix-en-Provence, 2023
COOPAWATT = "coopawatt-concertation-enr-2023"  # 770 € a month, 6 months, Francheville, 2023
ANCT = "anct-participation-engagement-citoyen-2022"  # legal minimum 2022 (592 €), 6 to 7 months
UQAR = "uqar-concertation-risques-cotiers-2023"  # Rimouski, Québec


@pytest.fixture
def chosen(prepared_offers):
    return prepared_offers.set_index("offer_id").loc[[NICAYA, COOPAWATT, ANCT, UQAR]].reset_index()


def spaced(text: str) -> str:
    """Babel's no-break spaces (« 1 100 € ») as plain ones, to write the expected texts."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def rows_of(chosen, plan, lang="fr"):
    return {name: [spaced(v) for v in values] for name, values, _best in budget.budget_rows(chosen, plan, lang)}


def test_left_to_live_with_one_rent_and_transport(chosen):
    plan = budget.Budget(rents=(450.0,) * 4, transport=40.0)
    left = budget.left_to_live(chosen, plan)
    # 1 300 − 450 − 40 + 20 (half the pass, internship in France); abroad, no share.
    assert left[0] == 830.0 and left[1] == 300.0
    assert left[3] == round(float(chosen.loc[3, "stipend_monthly_eur"]) - 490, 2)
    rows = rows_of(chosen, plan)
    assert rows["Prise en charge du transport (50 %)"] == ["20 €", "20 €", "20 €", "aucune (hors stage en France)"]
    assert rows["Reste à vivre par mois"][:2] == ["830 €", "300 €"]
    assert rows["Reste à vivre sur le stage"][:2] == ["4 980 €", "1 800 €"]  # 6 months
    assert " à " in rows["Reste à vivre sur le stage"][2]  # 6 to 7 months: a range


def test_one_rent_per_town_and_a_negative_balance(chosen):
    plan = budget.Budget(rents=(900.0, 400.0, 1100.0, None), transport=0.0)
    rows = rows_of(chosen, plan)
    assert rows["Loyer (par mois)"] == ["900 €", "400 €", "1 100 €", "—"]
    assert rows["Reste à vivre par mois"][2].startswith("−")  # 592 € − 1 100 €: shown negative
    assert "Transport (par mois)" not in rows and "Prise en charge du transport (50 %)" not in rows


def test_the_best_left_to_live_is_highlighted(chosen):
    rows = budget.budget_rows(chosen, budget.Budget(rents=(450.0,) * 4, transport=40.0))
    flags = next(best for name, _values, best in rows if name == "Reste à vivre par mois")
    assert flags == [True, False, False, False]


def test_contributions_only_on_the_excess_and_only_in_france(chosen):
    rows = rows_of(chosen, budget.Budget(rents=(450.0,) * 4, transport=0.0))
    # 1 300 € − 614 € (2023 minimum) = 686 € above it; the ANCT's legal minimum: none; Québec: not French law.
    assert rows["Cotisations sociales"] == ["sur l'excédent seulement : 686 € par mois",
                                            "sur l'excédent seulement : 156 € par mois",
                                            "aucune (au plus le minimum légal)", "—"]


def test_english_and_the_sources_in_the_rates_table(chosen):
    rows = rows_of(chosen, budget.Budget(rents=(450.0,) * 4, transport=40.0), "en")
    assert rows["Left to live on per month"][:2] == ["€830", "€300"]
    assert rates.TRANSPORT_EMPLOYER_SHARE == 0.5
    assert "L124-13" in rates.TRANSPORT_SHARE_SOURCE and "L3261-2" in rates.TRANSPORT_SHARE_SOURCE
    assert "L242-4-1" in rates.STIPEND_EXEMPTION_SOURCE


def test_an_empty_budget_adds_nothing(chosen):
    assert budget.Budget(rents=(None,) * 4).is_empty()


def test_an_offer_with_no_known_stipend_has_no_balance(chosen):
    unknown = chosen.copy()
    unknown.loc[1, "stipend_monthly_eur"] = float("nan")
    rows = rows_of(unknown, budget.Budget(rents=(450.0,) * 4, transport=40.0))
    assert rows["Reste à vivre par mois"][1] == "—" and rows["Reste à vivre sur le stage"][1] == "—"
    assert rows["Reste à vivre par mois"][0] == "830 €"
