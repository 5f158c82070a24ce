"""Themes a careful reader gives a posting (development round 4): own short French examples, each a
family of wording the labelled sets file under one theme."""

from __future__ import annotations

import pytest

from lib.extract import extract_offer, proposed_row


def themes(text: str) -> set[str]:
    return set(str(proposed_row(text)["themes"] or "").split(";")) - {""}


def test_a_conseil_citoyen_in_a_qpv_is_urban_policy():
    text = ("Service civique – Animation des conseils citoyens\n\nLa Ville d'Exemple recrute un volontaire. "
            "Vous accompagnerez les conseils citoyens des deux QPV de la commune, en lien avec l'équipe "
            "du contrat de ville.")
    assert "urban_policy" in themes(text)


@pytest.mark.parametrize("text", [
    # short food supply chains and local produce
    "Stage circuits courts alimentaires\n\nVous dresserez l'état des lieux des circuits courts du territoire "
    "et des produits locaux servis en restauration collective, pour une alimentation durable.",
    # rural life and tourism
    "Stage agritourisme\n\nL'office de tourisme accompagne les communes rurales : vous valoriserez l'offre "
    "touristique des bourgs et des fermes du territoire rural.",
    # shared food gardens
    "Stage jardins partagés\n\nVous animerez les jardins partagés et les vergers de la commune avec les "
    "habitants ; les potagers des écoles suivront.",
])
def test_local_food_rural_life_and_tourism_are_territorial_development(text):
    assert "territorial_development" in themes(text)


def test_food_insecurity_and_the_people_it_touches_are_social_impact():
    text = ("Stage précarité alimentaire étudiante\n\nVous étudierez l'accès des étudiants en situation de "
            "précarité à l'aide alimentaire, avec les épiceries solidaires du campus.")
    assert "social_impact" in themes(text)


def test_protected_areas_and_botany_are_biodiversity():
    text = ("Stage aires protégées\n\nLe parc gère le patrimoine naturel des aires protégées : vous appuierez "
            "le suivi botanique et la sensibilisation des visiteurs.")
    assert themes(text) == {"biodiversity"}


def test_a_labs_internship_is_research_work_read_from_its_host():
    text = ("Université d'Exemple – Stage observatoire des jardins de la ville\n\n"
            "Vous recenserez les jardins de la ville et leurs usages.")
    fields = extract_offer(text)
    assert fields["org_type"].value == "university"
    research = next(part for part in fields["themes"].parts if part.value == "research")
    assert research.passage == fields["org_type"].passage


def test_qualitative_social_science_methods_are_research():
    text = ("Stage : initiatives citoyennes de solidarité\n\nÉtat de l'art, entretiens semi-directifs et analyse "
            "sociologique des initiatives : une étude qualitative.")
    assert "research" in themes(text)


def test_one_word_of_rural_life_adds_no_theme_to_a_water_posting():
    text = ("Stage qualité de l'eau\n\nLe syndicat de bassin versant suit la qualité de l'eau des rivières, "
            "en milieu rural.")
    assert themes(text) == {"water"}
