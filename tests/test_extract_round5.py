"""Extraction rules of the development round 5 (branch ``extract5``): the host's type from the kind of
institution, the host's name from the line or sentence that introduces it, the city from the lines under
the heading, titles past a board's chrome.

Each passage is written for the test, in the usual phrasing of French internship offers; each expected
value is what a person reads in it.
"""

import pytest

from lib.extract import extract_offer


def value(text: str, name: str):
    found = extract_offer(text).get(name)
    return None if found is None else found.value


# --- the host's type from the kind of institution ------------------------------------------------

@pytest.mark.parametrize("text, org_type", [
    # river-basin bodies are syndicats mixtes of local authorities
    ("Stage – Cartographie des zones inondables\n\nNom de l'organisme\nEPTB Exemple-Rivière\n\nMissions : …",
     "local_authority"),
    ("Stage – Mémoire des crues\n\nStructure d'accueil : EPAGE du bassin de l'Exemple\n\nMissions : …",
     "local_authority"),
    # State establishments named by their kind or initials
    ("STAGE – Sylviculture irrégulière H/F\n\nAnnonceur CENTRE RÉGIONAL DE LA PROPRIÉTÉ FORESTIÈRE\nContrat Stage",
     "public_body"),
    ("Stage – Concertation sur le sous-sol\n\nEmployeur : BRGM\n\nLe stage porte sur …", "public_body"),
    ("Stage – Alimentation durable\n\nStructure d'accueil : DRAAF Exemple\n\nLe stage porte sur …", "public_body"),
])
def test_the_hosts_type_from_its_kind(text, org_type):
    assert value(text, "org_type") == org_type


# --- the host's name from a board's field ---------------------------------------------------------

@pytest.mark.parametrize("text, organisation", [
    # « Société : » on a board, the logo's alt text glued after the name
    ("Étude des seuils en rivière (H/F)\nType d'offre : Stage (6 mois)\nLocalisation : Bourgogne\n"
     "Société : Syndicat de la Vallée ExempleLogo Syndicat de la Vallée Exemple\n", "Syndicat de la Vallée Exemple"),
    ("Suivi des nappes (H/F)\nType d'offre : Stage\nSociété : Agence de l'eau Exemple\n", "Agence de l'eau Exemple"),
    # a lab's field on a research board
    ("Stage Analyse des paysages sonores H/F\nLimite de candidature : 31/12/2026\n"
     "Laboratoire d'accueil : EXLAB – UMR 9999 Paysages et sociétés\n", "EXLAB"),
])
def test_the_host_from_a_boards_field(text, organisation):
    assert value(text, "organisation") == organisation


def test_an_empty_company_field_is_no_host():
    text = ("Les mares : inventaire et restauration\n\nType d'offre : Stage\nSociété :\n"
            "Date limite de candidature : 25/11/2026\n\nLe Syndicat Mixte de l'Exemple est compétent en matière de "
            "rivières.")
    assert value(text, "organisation") != "Date limite de candidature : 25/11/2026"


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["Recrutement clos le 31/01/2027", "Candidatures closes le : 31/01/2027"])
def test_a_recruitment_closing_date_is_the_deadline(line):
    text = f"Stage – Inventaire des haies\n{line}\nContexte du stage\nLe territoire compte 40 communes."
    assert value(text, "application_deadline") == "2027-01-31"


# --- the host named by its kind of institution ----------------------------------------------------

@pytest.mark.parametrize("text, organisation, org_type", [
    ("Offre de stage de master\n\nContexte\n\nDans ce projet, le laboratoire EXEMPLAB est chargé de l'évaluation "
     "des politiques locales.", "Laboratoire EXEMPLAB", "university"),
    ("Offre de stage\n\nContexte\n\nLa commune de SAINT-EXEMPLE est une commune rurale de 900 habitants.",
     "Commune de SAINT-EXEMPLE", "local_authority"),
    ("offre de stage\n\nL'Agence de l'eau Exemple-Bassin agit pour la protection de l'eau et des milieux.",
     "Agence de l'eau Exemple-Bassin", "public_body"),
    ("Stage Haies et bocage\n\nContexte du stage\nLe territoire du Pays Vallées Exemple (PVE) est couvert de "
     "bocage.", "Pays Vallées Exemple (PVE)", "local_authority"),
    ("Offre de stage\n\nContexte et objet de la proposition de stage à la DREAL de Lille\nContexte :\nLa directive "
     "cadre sur l'eau …", "DREAL de Lille", "public_body"),
])
def test_the_host_named_by_its_kind(text, organisation, org_type):
    assert (value(text, "organisation"), value(text, "org_type")) == (organisation, org_type)


def test_an_association_names_its_partners_by_their_kind():
    text = ("Offre de stage\n\nStage\n\nLe Centre exemple, qui est une association basée à Mende, assiste les élus.\n"
            "Actuellement, le PETR du Pays Exemple Lozère élabore son schéma.")
    assert value(text, "organisation") != "Pays Exemple Lozère"


def test_the_host_from_a_column_of_field_names():
    text = ("CHARGÉ·E DE MISSION TRANSITION : DESIGN DES SERVICES\n\nEntreprise\nLocalisation\nContrat\nDate\n"
            "Ministère de l'Exemple - Direction des services\n10 rue de la Gare, 75019 Paris\nStage\n"
            "Du 2 juin au 2 décembre 2027\nPrésentation\n")
    assert (value(text, "organisation"), value(text, "org_type")) == (
        "Ministère de l'Exemple - Direction des services", "public_body")
