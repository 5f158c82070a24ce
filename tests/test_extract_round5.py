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
    # public interest groupings are public bodies; a commune's social-action centre is the commune's
    ("Stage – Observatoire du littoral\n\nStructure d'accueil : GIP Littoral Exemple\n\nLe stage …", "public_body"),
    ("Stage – Accès aux droits\n\nEmployeur : CCAS de Saint-Exemple\n\nLe stage …", "local_authority"),
    # a local authority's service run as a régie
    ("Stage – Résilience du service d'eau potable\n\nEmployeur : Régie des eaux de l'Exemple\n\nLe stage …",
     "local_authority"),
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
    ("Stage M2 Tiers-lieux et territoires\nUnité d'accueil : Territoires Exemple (CNRS)\nEncadrement : une chercheuse",
     "Territoires Exemple"),
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


# --- the city ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, city", [
    # a commune ending a heading's line, maybe with its department's name
    ("Stage de master à Crest\n\nContexte et enjeux\n\nLa commune révise son PLU.", "Crest"),
    ("Le Département recrute un(e) stagiaire\nStage Plans de gestion des forêts :\nbilan et perspectives\n"
     "Stage forestier à Laval, Mayenne\nContexte du stage\nLe Département gère trois forêts.", "Laval"),
    # a commune and its department's name on the board's line under the title
    ("Chargé de projet alimentation H/F\nStage Entre 4 et 6 mois Angers (Maine-et-Loire)\nDescription de l'offre",
     "Angers"),
    # a commune with its department's number in the page's first part
    ("Offre de stage\n\nContexte\n\nLa personne recrutée sera accueillie dans les locaux du laboratoire Exemple "
     "(Talence, 33).", "Talence"),
    # the board's place line, its next field after a slash
    ("Stagiaire chargé d'études F/H\nRennes / Fonction support\nContexte global du stage", "Rennes"),
])
def test_the_city_from_the_lines_under_the_heading(text, city):
    assert value(text, "city") == city


@pytest.mark.parametrize("text", [
    # her office, not the intern's
    "Offre de stage\n\nContexte\n\nSous l'autorité de la cheffe de projet, basée à Niort (79), le stagiaire …",
    # two places, none said to be the intern's
    "Stage – Études amont\n\nExemple Conseil\nLyon (69) ou Grenoble (38)\n\nLe stage porte sur …",
])
def test_no_city_from_someone_elses_or_two_places(text):
    assert value(text, "city") is None


def test_a_place_field_wins_over_a_partners_address():
    text = ("Appui au partenariat entre deux réseaux (Maine-et-Loire)\n\nLieu : ANGERS\n\n"
            "Date limite de candidature : 07/12/2026\n\nRaison sociale :\nRéseau Exemple - Association Loi 1901 "
            "Adresse : 10 rue de la Loire – 37000 TOURS\nEt\nOffice Exemple - Adresse : BP 12 - 49005 ANGERS Cedex\n")
    assert (value(text, "city"), value(text, "postcode")) == ("ANGERS", "49005")


# --- titles past a board's chrome ------------------------------------------------------------------

@pytest.mark.parametrize("text, title", [
    # numbered skip links
    ("  1. Skip to Menu\n  2. Skip to Content\n  3. Skip to Footer>\n\nAvril 2027 - Stage M2 - Usages de l'eau "
     "en montagne\n\nContexte :", "Avril 2027 - Stage M2 - Usages de l'eau en montagne"),
    # the length between the banner and the subject
    ("offre de stage 4-6 mois-Qualité des eaux de baignade du littoral H/F\n\nL'Agence agit pour l'eau.",
     "Qualité des eaux de baignade du littoral H/F"),
    # a banner above a line of length and dates: the banner is the only title
    ("Offre de stage\n5 mois – de février à fin juin 2027\n\nContexte du stage\n\nLe stagiaire intégrera le projet.",
     "Offre de stage"),
    # a board's field list glued to the host's name; « Sujet du stage : » names the post
    ("Ville ExempleType d'offre : Stage\n    Localisation : Exemple (99)\n    Recruteur : Ville Exemple\n"
     "    Sujet du stage : Suivi des eaux pluviales des toitures végétalisées\n\n    Contexte du stage",
     "Suivi des eaux pluviales des toitures végétalisées"),
])
def test_titles_past_a_boards_chrome(text, title):
    assert value(text, "title") == title


def test_an_address_to_send_applications_to_is_no_place_of_work():
    text = ("Stage étude du risque d'inondation\n\nType de poste\nstage\n\nCandidature (CV + lettre de motivation) "
            "à adresser avant le 14 janvier 2027 à M. le Président du syndicat, 11 cours Guynemer, 60200 Compiègne "
            "ou par courriel.\n")
    assert (value(text, "city"), value(text, "postcode")) == (None, None)


# --- themes ----------------------------------------------------------------------------------------

def test_a_forest_management_posting_proposes_biodiversity():
    text = ("Offre de stage BTS forestier\n\nLa commune possède 60 ha de forêt communale. Elle souhaite engager une "
            "gestion durable de son massif forestier et préserver les feuillus lors des coupes.")
    assert value(text, "themes") == "biodiversity"


@pytest.mark.parametrize("text, city", [
    ("Offre de stage\n\nContexte et objet de la proposition de stage à la DREAL de Lille\nContexte :\n"
     "La directive cadre sur l'eau …", "Lille"),
    ("Stage – Sociologie des mobilités\n\nStructure d'accueil : Université de Tours\n\nLe stage porte sur …", "Tours"),
])
def test_the_city_a_state_service_or_university_is_named_after(text, city):
    assert value(text, "city") == city


def test_a_national_state_body_named_alone():
    text = ("Engagé dans l'étude des mobilités rurales, le Cerema accompagne les élus du département après la "
            "fermeture d'une ligne ferroviaire.\nLe stagiaire assiste les chargés d'études.")
    assert (value(text, "organisation"), value(text, "org_type")) == ("Cerema", "public_body")


@pytest.mark.parametrize("text, organisation", [
    ("Stage – Filières de réparation\n\nCONTEXTE DU STAGE\nL'EXEMPLA travaille depuis 2015 sur les enjeux de la "
     "réparation et des recycleries.", "EXEMPLA"),
    ("Stage – Plaidoyer santé\n\nMédecins Exemple agit depuis 40 ans pour soigner les populations vulnérables.",
     "Médecins Exemple"),
])
def test_a_host_said_to_work_for_something(text, organisation):
    assert value(text, "organisation") == organisation


def test_a_caue_named_in_full_is_an_association():
    text = ("Offre de stage architecte\n\nStage\n\nLe Conseil d'Architecture, d'Urbanisme et d'Environnement de "
            "l'Exemple est une association basée à Mende.")
    assert (value(text, "organisation"), value(text, "org_type")) == (
        "Conseil d'Architecture, d'Urbanisme et d'Environnement de l'Exemple", "association")


def test_a_heading_cut_mid_sentence_gives_way_to_the_subjects_field():
    text = ("L'Office de tourisme de l'Exemple recherche un.e stagiaire en\n\nFiche de poste stagiaire\n\n"
            "Objet de stage : Marchés de producteurs, promouvoir les circuits courts\n\nMissions :")
    assert value(text, "title") == "Marchés de producteurs, promouvoir les circuits courts"


def test_a_line_naming_the_host_above_the_posts_line():
    text = ("Stage au Parc naturel régional de l'Exemple\nStage Paysage et urbanisme des bourgs de montagne\n"
            "Date limite de candidature : 10/02/2027\nContexte du stage proposé")
    assert value(text, "title") == "Stage Paysage et urbanisme des bourgs de montagne"


def test_a_commune_named_as_a_place_is_no_host():
    text = ("Offre de stage\n\nContexte\n\nLe stage se déroulera sur la commune de Saint-Exemple, au bord du lac, "
            "avec les habitants.")
    assert value(text, "organisation") is None


def test_the_host_from_a_public_boards_employer_section():
    text = ("STAGE - USAGES DE L'EAU EN AGRICULTURE (F/H)\n\nDétail de l'offre\nNature de l'emploi\nStage\n"
            "Descriptif de l'employeur\nLa Direction départementale des territoires et de la mer du Calvados "
            "(DDTM 14) met en œuvre les politiques de l'État en matière d'aménagement.\n")
    assert (value(text, "organisation"), value(text, "org_type")) == (
        "Direction départementale des territoires et de la mer du Calvados (DDTM 14)", "public_body")


def test_a_proposal_banner_above_the_subject():
    text = ("Proposition de stage de Master 2\nGouvernance de l'eau et conflits d'usage\nLaboratoire : UMR Exemple, "
            "Montpellier\nDurée : 6 mois à partir de février 2027\n")
    assert value(text, "title") == "Gouvernance de l'eau et conflits d'usage"


def test_an_institutions_line_above_the_posts_line():
    text = "Région Exemple-Sud\nStage : évaluation du budget participatif régional\nLieu : Toulouse\n"
    assert (value(text, "organisation"), value(text, "org_type")) == ("Région Exemple-Sud", "local_authority")


def test_an_association_named_then_described_between_commas():
    text = ("Stage en éducation à l'environnement\nL'association Exemple Nature, association loi 1901 basée à "
            "Lorient, recherche un(e) stagiaire.\n")
    assert value(text, "organisation") == "Exemple Nature"


def test_an_institutions_line_under_the_heading():
    text = "Offre de stage : « Atlas de la biodiversité communale »\nCommune de Saint-Exemple\n\nContexte"
    assert (value(text, "organisation"), value(text, "org_type")) == ("Commune de Saint-Exemple", "local_authority")


def test_a_field_line_is_no_institutions_line():
    text = "Stage – Politique cyclable H/F\nDirection : Mobilités\nLieu : Strasbourg\n"
    assert value(text, "organisation") != "Direction : Mobilités"


def test_the_place_among_a_boards_fields_on_one_line():
    text = "Stage - Chargé(e) d'études mobilité\nExemplo Conseil\nStage · Nantes · Télétravail partiel\n"
    assert value(text, "city") == "Nantes"


@pytest.mark.parametrize("line", ["Basé(e) à Aix-en-Provence", "Poste situé(e) à Aix-en-Provence"])
def test_a_place_cue_written_with_both_genders(line):
    text = f"Stage – Médiation\n\nStructure d'accueil : Association Exemple\n{line}\n\nLe stage porte sur …"
    assert value(text, "city") == "Aix-en-Provence"


@pytest.mark.parametrize("heading, title", [
    ("Stage (H/F) - Accompagnement des jardins partagés - Réf. 2027-045",
     "Stage (H/F) - Accompagnement des jardins partagés"),
    ("Stagiaire chargé(e) de communication (F/H) - Ref : STG-12", "Stagiaire chargé(e) de communication (F/H)"),
    ("Offre n° 4521 – Stage : diagnostic des haies", "Stage : diagnostic des haies"),
    ("Annonce : Stage en urbanisme transitoire", "Stage en urbanisme transitoire"),
    ("[Stage] Chargé·e d'études mobilité", "Stage Chargé·e d'études mobilité"),
])
def test_a_boards_reference_or_label_around_the_title(heading, title):
    text = f"{heading}\n\nStructure d'accueil : Association Exemple\nLieu : Lyon\n\nLe stage porte sur …"
    assert value(text, "title") == title


def test_an_employer_field_on_its_own_line():
    text = "Stage – Tourisme durable H/F\nEmployeur\nOffice de tourisme Cœur Exemple\nLieu\nAnnecy\n"
    assert value(text, "organisation") == "Office de tourisme Cœur Exemple"


def test_an_employer_field_giving_a_kind_of_host_is_no_name():
    text = ("Stage alimentation durable\nSynthèse de l'offre\nEmployeur\ncollectivité territoriale\nLieu de travail\n"
            "Bagnères-de-Luchon (Haute-Garonne)\n")
    assert value(text, "organisation") != "collectivité territoriale"
