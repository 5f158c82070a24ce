"""A host's name written with its place at the head of a posting: « La Ville de X (69100) recrute … »,
« Organisation (Ville – 12345) », « Organisation – Ville (12345) ».

The place beside the name is where the internship is, not part of the host's name: the « Ajouter une
offre » page must propose the bare name (it becomes the row's ``organisation`` and its identifier), the
commune and its postcode (from which the department is filled). Each posting below is written for the
test in the usual phrasing of French local-authority and association offers.
"""

import pytest

from lib.extract import extract_offer, proposed_row
from lib.offer_form import propose_offers

BODY = ("\n\nAu sein de la direction de la démocratie locale, vous accompagnerez les conseils de quartier "
        "et l'organisation des ateliers publics.\nDurée : 6 mois à partir de mars 2027.\n"
        "Gratification légale.\n")


def proposal(heading: str) -> dict:
    row = proposed_row(heading + BODY)
    return {name: row[name] for name in ("organisation", "org_type", "city", "postcode", "department_code")}


def test_the_reported_posting_gives_the_town_its_postcode_and_a_clean_host():
    text = "La Ville de Villeurbanne (69100) recrute un·e stagiaire chargé·e de concertation citoyenne" + BODY
    row = propose_offers(text, "texte collé")[0].row
    assert (row["organisation"], row["org_type"], row["city"], row["postcode"], row["department_code"]) == (
        "Ville de Villeurbanne", "local_authority", "Villeurbanne", "69100", "69")
    assert "69100" not in row["offer_id"]  # the identifier is made from the host's name


@pytest.mark.parametrize("text, expected", [
    # a paragraph opening on the host and its postcode, above the post's title marked « H/F »
    ("La Ville de Villeurbanne (69100) recrute un·e stagiaire pour accompagner sa direction de la démocratie "
     "locale dans l'animation des conseils de quartier et la préparation du budget participatif 2027.\n"
     "Stagiaire chargé·e de concertation citoyenne H/F\nMissions : animer les ateliers.\n",
     ("Ville de Villeurbanne", "local_authority", "Villeurbanne", "69100", "69")),
    # the host's paragraph under the title, its commune before the postcode it shares with Allex
    ("Chargé·e de mission participation citoyenne (H/F)\n\nLa Communauté de communes du Val de Drôme – Crest "
     "(26400) recrute un·e stagiaire pour son service mobilités.\nDurée : 6 mois.\n",
     ("Communauté de communes du Val de Drôme", "local_authority", "Crest", "26400", "26")),
    # a banner or a markdown heading around the line
    ("Offre de stage\nLa Ville de Villeurbanne (69100) recrute un·e stagiaire chargé·e de concertation\n",
     ("Ville de Villeurbanne", "local_authority", "Villeurbanne", "69100", "69")),
    ("# **La Mairie de Pessac (33600) recrute un·e stagiaire démocratie participative**\n\nMissions : animer.\n",
     ("Mairie de Pessac", "local_authority", "Pessac", "33600", "33")),
    # « L'équipe de … recrute »: the team's host, without its postcode
    ("L'équipe de la Ville de Villeurbanne (69100) recrute un·e stagiaire chargé·e de concertation\n\nMissions.\n",
     ("Ville de Villeurbanne", "local_authority", "Villeurbanne", "69100", "69")),
])
def test_the_host_and_its_postcode_above_or_around_the_posts_title(text, expected):
    row = propose_offers(text, "texte collé")[0].row
    assert (row["organisation"], row["org_type"], row["city"], row["postcode"], row["department_code"]) == expected


@pytest.mark.parametrize("heading, expected", [
    # « Organisation (12345) » before « recrute »
    ("Ville de Villeurbanne (69100) recrute un stagiaire en participation citoyenne",
     ("Ville de Villeurbanne", "local_authority", "Villeurbanne", "69100", "69")),
    ("La Mairie de Pessac (33600) recrute un·e stagiaire démocratie participative",
     ("Mairie de Pessac", "local_authority", "Pessac", "33600", "33")),
    # « Organisation (Ville – 12345) » before « recrute »
    ("Association Les Petits Curieux (Rennes – 35000) recrute un·e stagiaire en médiation scientifique",
     ("Association Les Petits Curieux", "association", "Rennes", "35000", "35")),
    ("La Commune de Crest (Crest – 26400) recrute un·e stagiaire « budget participatif »",
     ("Commune de Crest", "local_authority", "Crest", "26400", "26")),
    # « Organisation – Ville (12345) » before « recrute »: the commune is the named one of those the postcode
    # serves (Crest, not Allex, shares 26400)
    ("Communauté de communes du Val de Drôme – Crest (26400) recrute un stagiaire mobilités douces",
     ("Communauté de communes du Val de Drôme", "local_authority", "Crest", "26400", "26")),
    ("Ville de Villeurbanne – Villeurbanne (69100) recrute un·e stagiaire chargé·e de concertation",
     ("Ville de Villeurbanne", "local_authority", "Villeurbanne", "69100", "69")),
    # the same three forms with the post's title after a dash or a colon
    ("La Ville de Villeurbanne (69100) – Stage chargé·e de concertation citoyenne",
     ("Ville de Villeurbanne", "local_authority", "Villeurbanne", "69100", "69")),
    ("Commune de Saillans – Saillans (26340) : stage participation citoyenne",
     ("Commune de Saillans", "local_authority", "Saillans", "26340", "26")),
    ("Mairie de Mérignac – Mérignac (33700) – Stage démocratie locale",
     ("Mairie de Mérignac", "local_authority", "Mérignac", "33700", "33")),
    # a Corsican department's number after the commune: no postcode, the department from the commune
    ("Association Exemple – Ajaccio (2A) – Stage concertation",
     ("Association Exemple", "association", "Ajaccio", None, "2A")),
])
def test_a_place_beside_the_hosts_name_is_the_place_not_the_name(heading, expected):
    assert tuple(proposal(heading).values()) == expected


def test_the_host_and_its_place_show_their_own_passages():
    text = "La Ville de Villeurbanne (69100) recrute un·e stagiaire chargé·e de concertation citoyenne" + BODY
    found = extract_offer(text)
    assert found["organisation"].passage == "Ville de Villeurbanne"
    assert (found["city"].passage, found["postcode"].passage) == ("Villeurbanne", "69100")


@pytest.mark.parametrize("heading, organisation", [
    # brackets that are no place stay in the name: an acronym
    ("Office exemple de la biodiversité (OEB) recrute un·e stagiaire", "Office exemple de la biodiversité (OEB)"),
    # …even when a commune bears the same letters (Ore) or a department's number follows them
    ("Office régional de l'eau (ORE) recrute un·e stagiaire", "Office régional de l'eau (ORE)"),
    ("Conseil d'architecture, d'urbanisme et de l'environnement (CAUE 26) recrute un·e stagiaire",
     "Conseil d'architecture, d'urbanisme et de l'environnement (CAUE 26)"),
    # a dash before a word that is no commune, or a commune with no place in brackets after it
    ("Rennes Ville et Métropole – Service participation citoyenne (35000) recrute un stagiaire",
     "Rennes Ville et Métropole – Service participation citoyenne"),
    # an article that begins the name itself (not « La Ville de … ») is kept
    ("Les Petits Curieux (Rennes – 35000) recrute un·e stagiaire en médiation", "Les Petits Curieux"),
    ("La Rochelle Territoire Durable (17000) recrute un·e stagiaire", "La Rochelle Territoire Durable"),
])
def test_what_is_part_of_the_name_stays_in_it(heading, organisation):
    assert proposal(heading)["organisation"] == organisation


@pytest.mark.parametrize("text, title", [
    # under a banner, the host's sentence names the post after its verb (the title read « propose un stage de … »)
    ("OFFRE DE STAGE\n\nLa Ville de Villeurbanne (69100) propose un stage de chargé(e) de mission concertation.\n",
     "Stage de chargé(e) de mission concertation"),
    ("OFFRE DE STAGE\n\nLa Ville de Villeurbanne (69100) recherche un·e stagiaire en démocratie participative\n",
     "Stagiaire en démocratie participative"),
    # a bare « propose : » leaves the post to the next line
    ("OFFRE DE STAGE\n\nLa Ville de Villeurbanne (69100) propose :\n\nChargé(e) de mission concertation\n",
     "Chargé(e) de mission concertation"),
])
def test_a_verb_after_the_hosts_place_is_not_the_title(text, title):
    found = extract_offer(text + BODY)
    assert (found["organisation"].value, found["title"].value) == ("Ville de Villeurbanne", title)
    assert found["city"].value == "Villeurbanne"
