"""The sentence under each chart (its text alternative): it states what the chart draws."""

import pytest

from lib import chart_text


def test_stipend_vs_duration_summary(prepared_offers):
    # The 17 points of the chart (each posting of the Arles pair is one).
    assert chart_text.stipend_vs_duration(prepared_offers) == (
        "En résumé : 17 offres, de 592\u00a0€ à 1\u202f300\u00a0€ par mois (médiane 614\u00a0€), "
        "pour des durées de 3 à 9 mois.")
    assert chart_text.stipend_vs_duration(prepared_offers, "en").startswith("In short: 17 offers, from €592")


def test_by_type_summary_names_each_type_highest_median_first(prepared_offers):
    # Internships only, as the chart: Nicaya 1 300 € and Planète publique 900 €, then the two SCOPs.
    text = chart_text.stipend_by_org_type(prepared_offers)
    assert text.startswith("En résumé, gratification médiane par type : "
                           "Cabinet de conseil 1\u202f100\u00a0€ (2 offres) ; SCOP / coopérative 785\u00a0€ (2 offres)")
    # Arles once, La Montagne, Rennes; no civic service.
    assert "Collectivité territoriale 614\u00a0€ (3 offres)" in text


def test_regions_summary_names_the_largest_and_counts_the_rest(prepared_offers):
    # 26 offers: the Arles pair counts once (Provence-Alpes-Côte d'Azur 2, among the regions of 2).
    text = chart_text.offers_by_region(prepared_offers)
    assert text.startswith("En résumé : Île-de-France : 9 offres, Nouvelle-Aquitaine : 8 offres, ")
    assert text.endswith(" : 2 offres et 3 autres régions (5 offres).")


def test_start_months_summary(prepared_offers):
    assert chart_text.start_months(prepared_offers) == (
        "En résumé : 22 offres ont une date de début, de janvier 2022 à février 2025 ; le mois le plus "
        "chargé est mars 2023 (5 offres).")


@pytest.mark.parametrize("summary", [chart_text.stipend_vs_duration, chart_text.stipend_by_org_type,
                                     chart_text.offers_by_region, chart_text.start_months])
def test_an_empty_selection_says_so(prepared_offers, summary):
    assert summary(prepared_offers.head(0)) == "Aucune offre à montrer sur ce graphique."


def test_one_offer_is_singular(prepared_offers):
    one = prepared_offers[prepared_offers["offer_id"] == "nicaya-consultant-concertation-2023"]
    assert chart_text.offers_by_region(one) == "En résumé : Provence-Alpes-Côte d'Azur : 1 offre."
    assert "1 offre," in chart_text.stipend_vs_duration(one)
