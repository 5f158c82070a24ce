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


def test_start_months_summary_names_every_month_tied_for_the_most(prepared_offers):
    # January, February and March 2023 each have 5 offers: naming March alone said it was busier.
    assert chart_text.start_months(prepared_offers) == (
        "En résumé : 22 offres ont une date de début, de janvier 2022 à février 2025 ; les mois les plus "
        "chargés sont janvier, février et mars 2023 (5 offres chacun).")
    assert chart_text.start_months(prepared_offers, "en") == (
        "In short: 22 offers have a start date, from January 2022 to February 2025; the busiest months are "
        "January, February and March 2023 (5 offers each).")
    # Local authorities: 3 offers start in March 2023, no other month has as many.
    local = prepared_offers[prepared_offers["org_type"] == "local_authority"]
    assert chart_text.start_months(local).endswith("; le mois le plus chargé est mars 2023 (3 offres).")
    assert chart_text.start_months(local, "en").endswith("; the busiest month is March 2023 (3 offers).")


def test_start_months_summary_counts_many_tied_months_instead_of_listing_them(prepared_offers):
    # Public bodies: five offers, each in a month of its own.
    public = prepared_offers[prepared_offers["org_type"] == "public_body"]
    assert chart_text.start_months(public) == (
        "En résumé : 5 offres ont une date de début, de février 2022 à février 2025 ; 5 mois sont à égalité, "
        "avec 1 offre chacun.")
    assert chart_text.start_months(public, "en").endswith("; 5 months tie, with 1 offer each.")


def test_start_months_summary_says_a_single_month_once(prepared_offers):
    one = prepared_offers[prepared_offers["offer_id"] == "nicaya-consultant-concertation-2023"]
    assert chart_text.start_months(one) == "En résumé : 1 offre a une date de début, en juillet 2023."
    assert chart_text.start_months(one, "en") == "In short: 1 offer has a start date, in July 2023."
    two = prepared_offers[prepared_offers["start_month"].astype(str).str.startswith("2023-01")].head(2)
    assert chart_text.start_months(two) == "En résumé : 2 offres ont une date de début, toutes en janvier 2023."
    assert chart_text.start_months(two, "en") == "In short: 2 offers have a start date, all in January 2023."


def test_tied_months_write_each_year_once():
    assert chart_text.month_list(["2022-12", "2023-01", "2023-02"]) == "décembre 2022, janvier et février 2023"
    assert chart_text.month_list(["2022-12", "2023-01"], "en") == "December 2022 and January 2023"


def test_one_amount_and_one_duration_are_said_once(prepared_offers):
    # Both associations on the chart are paid the 2023 minimum (614,25 €) for 6 months: not « de 614 € à 614 € ».
    associations = prepared_offers[prepared_offers["org_type"] == "association"]
    assert chart_text.stipend_vs_duration(associations) == (
        "En résumé : 2 offres, toutes à 614\u00a0€ par mois, toutes d'une durée de 6 mois.")
    assert chart_text.stipend_vs_duration(associations, "en") == (
        "In short: 2 offers, all at €614 a month, all lasting 6 months.")
    # A range of amounts with one duration, and one offer.
    public = prepared_offers[prepared_offers["org_type"] == "public_body"]
    assert "de 592\u00a0€ à 660\u00a0€ par mois (médiane 614\u00a0€)" in chart_text.stipend_vs_duration(public)
    one = prepared_offers[prepared_offers["offer_id"] == "nicaya-consultant-concertation-2023"]
    assert chart_text.stipend_vs_duration(one) == (
        "En résumé : 1 offre, à 1\u202f300\u00a0€ par mois, d'une durée de 6 mois.")
    assert chart_text.stipend_vs_duration(one, "en") == "In short: 1 offer, at €1,300 a month, lasting 6 months."


@pytest.mark.parametrize("summary", [chart_text.stipend_vs_duration, chart_text.stipend_by_org_type,
                                     chart_text.offers_by_region, chart_text.start_months])
def test_an_empty_selection_says_so(prepared_offers, summary):
    assert summary(prepared_offers.head(0)) == "Aucune offre à montrer sur ce graphique."


def test_one_offer_is_singular(prepared_offers):
    one = prepared_offers[prepared_offers["offer_id"] == "nicaya-consultant-concertation-2023"]
    assert chart_text.offers_by_region(one) == "En résumé : Provence-Alpes-Côte d'Azur : 1 offre."
    assert "1 offre," in chart_text.stipend_vs_duration(one)
