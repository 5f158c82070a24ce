"""Extraction of an offer's fields from its French text, the ``extract`` command and the
« Ajouter une offre » page.

Each expected value below is what the quoted French says, read by a person; the phrasings are
the usual ones of French internship offers, not only those of the seeds.
"""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from lib.extract import extract_offer, make_offer_id, proposed_row
from lib.offer_form import check_row
from lib.schema import COLUMN_NAMES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
# The contract's columns and v2's hours bounds (the same once lib.schema has contract v2).
ROW_NAMES = list(COLUMN_NAMES)
HEADING = "Association Exemple (Lyon – 69003) – Stage participation citoyenne\n\n"


def value(text: str, name: str):
    found = extract_offer(text).get(name)
    return None if found is None else found.value


def row(text: str) -> dict:
    return proposed_row(HEADING + text)


# --- stipend -------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("Gratification : 1 300 € brut mensuel – à moduler selon profil", ("explicit", 1300, "month")),
    ("Le stage est indemnisé à hauteur de 900 € bruts par mois.", ("explicit", 900, "month")),
    ("Gratification mensuelle de stage : 800€ brut", ("explicit", 800, "month")),
    ("Rémunération : 770 euros/mois", ("explicit", 770, "month")),
    ("Gratification : 600 €/mois", ("explicit", 600, "month")),
    ("Indemnité de stage de 4,35 €/h", ("explicit", 4.35, "hour")),
    ("L'indemnité correspond au tarif légal en vigueur (4,05€ de l'heure).", ("explicit", 4.05, "hour")),
    ("Salaire : minimum légal en vigueur pour les services civiques (600 euros)", ("explicit", 600, "month")),
    ("Rémunération : gratification légale", ("legal_minimum", None, None)),
    ("Rémunération selon barème légal.", ("legal_minimum", None, None)),
    ("Indemnités de stage selon réglementation en vigueur", ("legal_minimum", None, None)),
    ("Gratification de base selon la réglementation en vigueur + chèques déjeuners", ("legal_minimum", None, None)),
    ("Versement d'une indemnité égale au nombre d'heures effectuées x 15 % du plafond horaire de la "
     "sécurité sociale", ("legal_minimum", None, None)),
    ("Gratifications de stage prises en charge par la chaire, La\nRochelle Université, selon les dispositions "
     "réglementaires.", ("legal_minimum", None, None)),
    # Contract v2: paid, no amount, no reference to the legal rate.
    ("Type d'emploi : Stage indemnisé", ("paid_unstated", None, None)),
    ("Indemnité de stage.", ("paid_unstated", None, None)),
    ("Rémunération : à discuter", ("paid_unstated", None, None)),
    ("Gratification attractive (1400-1600€/mois)", ("explicit", 1400, "month")),
    ("Indemnité de 600 à 800 euros par mois", ("explicit", 600, "month")),
    ("Gratification selon la grille en vigueur dans la collectivité", ("legal_minimum", None, None)),
    ("Stage non rémunéré.", ("not_stated", None, None)),
    ("Gratification supérieure au minimum légal", ("above_legal_minimum", None, None)),
    ("Participation forfaitaire aux frais de séjour (1 500 euros max.)", ("not_stated", None, None)),
    ("Accès au restaurant inter-entreprises (plat + entrée ou dessert 2,40 €)", ("not_stated", None, None)),
    ("Utilisation du véhicule personnel (indemnité kilométrique selon le barème en vigueur)",
     ("not_stated", None, None)),
    ("Missions : animer des ateliers.", ("not_stated", None, None)),
])
def test_stipend(raw, expected):
    proposed = row(raw)
    assert (proposed["stipend_basis"], proposed["stipend_amount_eur"], proposed["stipend_period"]) == expected


# --- duration ------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("Durée : 4 à 6 mois", (4, 6)),
    ("Durée : 6 mois", (6, 6)),
    ("Durée du stage entre 3 et 6 mois", (3, 6)),
    ("Durée : stage de 5-6 mois (période à fixer entre mars et septembre 2023).", (5, 6)),
    ("Stage de six mois à compter du 6 février 2023.", (6, 6)),
    ("Stage proposé de février à juillet 2023 à raison de 35 heures hebdomadaires.", (6, 6)),
    ("Disponibilité : entre 6 et 9 mois, 28 et 35h/semaine", (6, 9)),
    ("Stage de 2 mois, prolongeable jusqu'à 3 mois.", (2, 3)),
    ("Durée : 8 semaines", (2, 2)),
    ("La refonte de la communication est notre priorité pour les 6 prochains mois.", (None, None)),
    ("Il est envisagé un séjour de 1,5/2 mois pour collecter des données.", (None, None)),
])
def test_duration(raw, expected):
    proposed = row(raw)
    assert (proposed["duration_min_months"], proposed["duration_max_months"]) == expected


# --- start and deadline --------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("Périodicité : 4 à 6 mois, à partir de mars 2023", "2023-03"),
    ("Stage de 6 mois à partir de septembre 2024", "2024-09"),
    ("Début : Juillet ou septembre 2023", "2023-07"),
    ("Disponibilité : à partir de janvier/février 2023", "2023-01"),
    ("Date de début de mission : à compter de mars / avril 2023", "2023-03"),
    ("Démarrage souhaité : 01/04/2023", "2023-04"),
    ("Stage de six mois à compter du 6 février 2023.", "2023-02"),
    ("Le stage débutera dès que possible à partir de janvier 2023.", "2023-01"),
    ("Durée : 4 à 6 mois – dès que possible", None),
    ("Stage de 4 mois (mars 2023 – juin 2023)", "2023-03"),
    # no year with the start: the deadline tells it
    ("Début du stage : mars.\nDate limite de candidature : 15 janvier 2024", "2024-03"),
    # a start before the deadline is a typo of the year
    ("Date limite de candidature : 18 décembre 2024\nDate de prise de poste : février 2024", "2025-02"),
    ("Les entretiens auront lieu en janvier 2023.", None),
    ("L'ICPC recherche pour janvier 2025 sa ou son futur stagiaire.", "2025-01"),
    # a year of the host's past is no start
    ("L'association, créée en mars 2012, anime le réseau. Début : dès que possible.", None),
    ("Le suivi, initié en juin 2000 par le CEN, continue.\nDe mars à août 2024, le stagiaire comptera les nids.",
     "2024-03"),
    ("Depuis septembre 2021, la Métropole anime un conseil citoyen.", None),
    ("Date limite de candidature : 15 janvier 2024\nDébut : à partir de mars 2019, date de notre fondation",
     None),
])
def test_start(raw, expected):
    assert row(raw)["start_earliest"] == expected


@pytest.mark.parametrize("raw, expected", [
    ("Date limite de candidature : 15 mars 2024", "2024-03-15"),
    ("Candidature avant le 10/01/2024 à contact@exemple.fr", "2024-01-10"),
    ("Candidatures à adresser à contact@exemple.fr\njusqu'au 15/02/2022", "2022-02-15"),
    ("Candidature avant le 15/04/24", "2024-04-15"),
    # job boards write a day with dashes; « 10-12 » alone is a range, no date
    ("Date limite de candidature : 10-01-2026", "2026-01-10"),
    ("Date limite de candidature : du 10-12 janvier 2026", "2026-01-12"),
    ("Date de l'annonce : 16/01/2023. Date limite de candidature : 17/02/2023.", "2023-02-17"),
    ("Lettre et CV à envoyer au plus tard le 20 avril 2023.\n\nEmbauche au plus tard le 2 mai 2023",
     "2023-04-20"),
    ("Envoyez un CV le dimanche 27 novembre 2022 au plus tard.", "2022-11-27"),
    # 30 November was a Wednesday in 2022, the year before the January 2023 start
    ("Le stage débutera à partir de janvier 2023.\nEnvoyez un CV le mercredi 30 novembre au plus tard.",
     "2022-11-30"),
    ("Les entretiens auront lieu le 12 janvier 2023.", None),
])
def test_deadline(raw, expected):
    assert row(raw)["application_deadline"] == expected


@pytest.mark.parametrize("raw, expected", [
    ("Stage de 6 mois à partir de février 2023.", 2023),
    ("Candidature avant le 31 octobre 2024. Début de stage : janvier 2025", 2025),
    ("Candidatures avant le 15 janvier 2023 à contact@exemple.fr", 2023),
    ("Missions : animer des ateliers.", None),
])
def test_year_is_the_start_else_the_deadline(raw, expected):
    assert row(raw)["year"] == expected


# --- hours, remote, licence, evenings ------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("Le stagiaire effectuera 35h par semaine", (35, 35)),
    ("Conditions : 35 heures hebdomadaires, travail ponctuel en soirée", (35, 35)),
    ("Les horaires de travail sont de 35h/ semaine.", (35, 35)),
    ("Nantes - Temps plein - 35h", (35, 35)),
    ("Mission de 24 heures par semaine", (24, 24)),
    # contract v2: a range keeps both bounds
    ("Disponibilité : entre 6 et 9 mois, 28 et 35h/semaine", (28, 35)),
    ("Temps de travail : de 24 à 28 heures par semaine", (24, 28)),
    ("Réunions en soirée (jusqu'à 21h maximum)", (None, None)),
])
def test_hours_per_week(raw, expected):
    proposed = row(raw)
    assert (proposed["hours_per_week_min"], proposed["hours_per_week_max"]) == expected


@pytest.mark.parametrize("raw, expected", [
    # The State's services are public bodies, whatever the text says around them.
    ("# L'équipe data.gouv.fr recrute un·e stagiaire\n\nAu sein de la Direction Interministérielle du Numérique "
     "(DINUM), la mission Etalab coordonne l'ouverture des données.", "public_body"),
    ("Stagiaire contrôle des pratiques commerciales\n\nLa DGCCRF veille au bon fonctionnement des marchés.",
     "public_body"),
    ("Chargé·e de déploiement (stage)\n\nVous rejoindrez une Startup d'État de l'incubateur beta.gouv.fr.",
     "public_body"),
    ("Stage urbanisme\n\nEnvoyez votre candidature à friches@beta.gouv.fr.", "public_body"),
    ("Stage communication\n\nVous valoriserez la transformation numérique de l'État.", "public_body"),
    # …and a ministry named as a partner does not make the host a State service
    ("Stage Chef de projet chez Make.org\n\nMake.org est une entreprise à mission. Nos partenaires : le "
     "ministère de la Culture, des villes.", "company"),
    # groupings of local authorities and research units say what they are
    ("Stage rivières\n\nLe Syndicat Mixte du Bassin du Semnon est un établissement public.", "local_authority"),
    ("Stage plans d'eau\n\nL'UMR Ecophysiologie (INRAE), établissement public, accueille le stage.", "university"),
    ("Stage vélo\n\nAdministration de 7000 agents, l'Eurométropole de Strasbourg développe…", "local_authority"),
])
def test_org_type_of_state_services_and_others(raw, expected):
    assert proposed_row(raw)["org_type"] == expected


@pytest.mark.parametrize("raw, expected", [
    ("Stage trame verte\n\nLieu de travail\n100 avenue Gaston Roussel, Romainville (Seine-Saint-Denis)",
     ("Romainville", None)),
    ("Stage\n\nLieu d’exercice :\nMairie, 2 place de la Libération, 33700 Mérignac", ("Mérignac", "33700")),
    ("Stage\n\nLocalisation du lieu de travail\nHôtel de ville, Villeurbanne", ("Villeurbanne", None)),
    ("Stage\n\n- **Lieu** : Paris 11ème + télétravail", ("Paris", "75011")),
    ("Stage\n\nLes bureaux se trouvent à Marseille, dans le 6ème arrondissement de Marseille.",
     ("Marseille", "13006")),
    ("Stage\n\nLocalisation : Bretagne", (None, None)),
])
def test_place_under_a_heading_or_cue(raw, expected):
    proposed = proposed_row(raw)
    assert (proposed["city"], proposed["postcode"]) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Télétravail possible 2 jours par semaine", "partial"),
    ("Possibilité d'une journée de télétravail par semaine", "partial"),
    ("Poste à Paris 5e et télétravail partiel possible", "partial"),
    ("Poste 100 % en télétravail", "full"),
    ("Pas de télétravail : la mission se déroule sur le terrain.", "none"),
    ("Le stage se déroulera en présentiel dans les locaux de l'association.", "none"),
    ("Des entretiens, en visioconférence ou présentiel, seront proposés.", None),
    ("Bureaux à Lyon, près de la gare.", None),
])
def test_remote(raw, expected):
    assert row(raw)["remote"] == expected


@pytest.mark.parametrize("raw, expected", [
    ("Permis B obligatoire", "required"),
    ("Permis B exigé. Si possible, utilisation du véhicule personnel.", "required"),
    ("Permis de conduire requis", "required"),
    ("Déplacements (permis B nécessaire) et réunions en soirée à prévoir.", "required"),
    ("Permis B souhaité.", "recommended"),
    ("Permis B et véhicule personnel souhaitables.", "recommended"),
    ("Permis B apprécié.", "recommended"),
    ("Permis non nécessaire, nos locaux sont desservis par le métro.", "no"),
    ("Cette expérimentation a permis la création de 9 conseils citoyens.", None),
])
def test_driving_licence(raw, expected):
    assert row(raw)["driving_licence"] == expected


@pytest.mark.parametrize("raw, expected", [
    ("Disponibilités en soirée (environ 1 fois/semaine)", "yes"),
    ("Travail possible en soirée et en week-end", "yes"),
    ("Vous serez parfois amené à travailler exceptionnellement le samedi.", "yes"),
    ("Envoyez votre candidature avant le dimanche 27 novembre 2022.", None),
    ("Horaires de bureau, du lundi au vendredi.", None),
])
def test_evening_weekend_work(raw, expected):
    assert row(raw)["evening_weekend_work"] == expected


# --- lists of codes ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("Avantages : tickets restaurants", {"meal_vouchers"}),
    ("Gratification + chèques déjeuners", {"meal_vouchers"}),
    ("Tickets restaurant et prise en charge à 50% de l'abonnement de transport.", {"meal_vouchers", "transport_50"}),
    ("Rémunération légale + 50% de remboursement Pass Navigo / Abonnement Vélib", {"transport_50"}),
    ("Le stagiaire a accès au restaurant inter-entreprises.", {"canteen"}),
    ("Appui financier à l'hébergement et prise en charge\ndu déjeuner (restauration sur site).",
     {"housing_support", "meals_provided"}),
    ("Il pourra être amené à effectuer des déplacements (pris en charge).", {"travel_expenses"}),
    ("Mise à disposition d'un véhicule et remboursement des frais de transport dans le cadre des trajets "
     "professionnels.", {"vehicle_provided", "travel_expenses"}),
    ("Prise en charge des billets de train et d'avion France-Québec", {"flights_paid"}),
    ("Possibilité de recrutement à l'issue du stage", {"hiring_possible"}),
    ("Evolution possible vers une embauche", {"hiring_possible"}),
    ("Hébergement non fourni et à la charge du stagiaire.", set()),
    # Mileage paid for one's own car is work travel paid: the data dictionary's rule, and the PETR Pays
    # d'Arles row of data/offers.csv (seed 002), which the extractor missed.
    ("Utilisation du véhicule personnel pour les déplacements professionnels (indemnité kilométrique).",
     {"travel_expenses"}),
])
def test_perks(raw, expected):
    assert set(filter(None, (row(raw)["perks"] or "").split(";"))) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Profil : étudiant·e en Master 2", {"master_2"}),
    ("Niveau Master II.", {"master_2"}),
    ("En deuxième année de master en urbanisme", {"master_2"}),
    ("Étudiant(e) en césure ou fin d'études (Bac +4/+5)", {"master_1", "master_2"}),
    ("Étudiant Bac+4 à Bac+5 en ingénierie de la concertation", {"master_1", "master_2"}),
    ("Formation : Bac+5 (école de commerce, IEP)", {"master_2"}),
    ("Étudiant·e en M1 design de services", {"master_1"}),
    ("Niveau licence ou master", {"licence", "master_1", "master_2"}),
    ("Profil : Licence 3", {"licence"}),
    ("Étudiant·e en Master 1 ou 2 de science politique", {"master_1", "master_2"}),
    ("Le niveau de diplôme ne sera pas notre premier critère.", set()),
])
def test_level(raw, expected):
    assert set(filter(None, (row(raw)["level"] or "").split(";"))) == expected


def test_themes_name_the_main_subjects():
    text = ("Mairie de Mérignac (33700 Mérignac) – Stage : accompagnement du budget participatif\n\n"
            "Au sein du service Démocratie locale, vous participerez à la conduite des instances de participation "
            "citoyenne (conseils de quartier) et assisterez la chargée de mission dans la mise en œuvre du budget "
            "participatif : réunions du comité des projets, vote, suivi des projets du budget participatif.")
    assert {"participatory_budget", "local_democracy"} <= set(proposed_row(text)["themes"].split(";"))


# --- heading: organisation, title, place, type, contract -----------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("NICAYA CONSEIL (Aix-en-Provence -13) – Stage fin d'études – Consultant.e junior concertation",
     {"organisation": "NICAYA CONSEIL", "city": "Aix-en-Provence", "postcode": None, "org_type": "consultancy"}),
    ("Médiation & Environnement (Bordeaux-33000)- Chargé.e de mission concertation",
     {"organisation": "Médiation & Environnement", "title": "Chargé.e de mission concertation",
      "city": "Bordeaux", "postcode": "33000"}),
    # 13004 is Arles' INSEE code; its postcode is 13200
    ("Pôle d'équilibre territorial et rural du Pays d'Arles (Arles – 13004) – Stage conseil de développement",
     {"city": "Arles", "postcode": "13200", "org_type": "local_authority"}),
    ("Ville de La Montagne (44 620 La Montagne) – Stage démocratie locale",
     {"organisation": "Ville de La Montagne", "city": "La Montagne", "postcode": "44620",
      "org_type": "local_authority"}),
    ("Coopawatt Scop (69340) – Stage chargé.e de concertation\n\nPoste basé à Francheville.",
     {"city": "Francheville", "postcode": "69340", "org_type": "scop"}),
    ("Mairie de Merignac (33700 Mérignac) – Stage en démocratie locale",
     {"city": "Mérignac", "postcode": "33700", "org_type": "local_authority"}),
    ("Démocratie Ouverte (Paris) – Assistant·e communication\n\nPoste à Paris 5e et télétravail partiel possible.",
     {"city": "Paris", "postcode": "75005"}),
    ("ANCT (Paris) – Stage participation\n\nLieu : 20 avenue de Ségur, 75007 Paris",
     {"city": "Paris", "postcode": "75007"}),
    ("Stage Chef(fe) de projet junior chez Make.org", {"organisation": "Make.org",
                                                      "title": "Stage Chef(fe) de projet junior"}),
    ("Stage démocratie locale à Plaine Commune (intercommunalité au Nord de Paris)",
     {"organisation": "Plaine Commune", "title": "Stage démocratie locale", "org_type": "local_authority"}),
    ("RésO Villes recrute un.e stagiaire\n\nPoste : Stagiaire pour l'émergence de collectifs citoyens",
     {"organisation": "RésO Villes", "title": "Stagiaire pour l'émergence de collectifs citoyens"}),
    ("Planète Publique (Lyon) – Chargé.e d'étude stagiaire en concertation pour une durée de 4 à 6 mois",
     {"title": "Chargé.e d'étude stagiaire en concertation", "city": "Lyon", "postcode": None}),
    ("Université du Québec à Rimouski, Rimouski Québec (G5L 3A1) – Les mécanismes de concertation",
     {"city": "Rimouski", "postcode": "G5L 3A1", "country": "CA", "org_type": "university"}),
    ("OFFRE DE STAGE\n\nLe dialogue territorial en Nouvelle-Aquitaine\n\n[Pays et Quartiers (PQN-A)](#) est un "
     "centre de ressources régional.", {"organisation": "Pays et Quartiers (PQN-A)",
                                        "title": "Le dialogue territorial en Nouvelle-Aquitaine"}),
    ("Décider ensemble (Paris – 75003) – Stagiaire\n\nDécider ensemble est une association qui promeut la "
     "décision partagée.", {"org_type": "association"}),
    ("Ville de Paris (75011) – Chargé.e de communication\n\nLe.la service civique aura pour mission principale "
     "d'accompagner l'équipe. Le.la service civique mènera une réflexion.", {"contract": "civic_service"}),
    ("Maison des Citoyens (69100 Villeurbanne) – Service civique : ambassadeur de la participation",
     {"contract": "civic_service", "city": "Villeurbanne"}),
])
def test_heading_fields(raw, expected):
    proposed = proposed_row(raw)
    assert {name: proposed[name] for name in expected} == expected


def test_offer_id_is_a_unique_slug():
    assert make_offer_id("Nicaya Conseil", "Consultant.e junior concertation", 2023) == (
        "nicaya-conseil-consultant-junior-concertation-2023")
    assert make_offer_id("Nicaya Conseil", "Consultant.e junior concertation", 2023,
                         taken={"nicaya-conseil-consultant-junior-concertation-2023"}).endswith("-2")


# --- every value shows its passage ---------------------------------------------------------------

def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.parametrize("text", seed_texts(), ids=lambda t: t.strip()[:30])
def test_passages_are_exact_spans_of_the_text(text):
    for found in extract_offer(text).values():
        assert found.passage == text[found.start:found.end] and found.passage.strip()
        for part in found.parts:
            assert part.passage == text[part.start:part.end]


@given(hs.text(alphabet=hs.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
@settings(max_examples=60, deadline=None, derandomize=True)
def test_any_text_gives_spans_and_a_row(text):
    for found in extract_offer(text).values():
        assert found.passage == text[found.start:found.end]
    assert set(proposed_row(text)) == set(ROW_NAMES)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("00[02-4]*.txt")), ids=lambda p: p.name[:3])
def test_proposed_rows_of_single_offer_seeds_meet_the_contract(path):
    check = check_row(proposed_row(path.read_text(encoding="utf-8")))
    assert check.ok, check.issues_frame().to_string()


# --- the command line ----------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib", "extract", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


@pytest.fixture
def offer_file(tmp_path):
    path = tmp_path / "offre.txt"
    path.write_text("Vox Operatio (Rennes-35000) – Chargé·e de projet démocratie participative – Stage\n\n"
                    "Durée : 4 à 6 mois – dès que possible\nGratification supérieure au minimum légal\n"
                    "Tickets restaurant\n", encoding="utf-8")
    return path


def test_cli_prints_one_json_object_with_nulls(offer_file):
    result = run_cli(str(offer_file))
    assert result.returncode == 0, result.stderr
    proposed = json.loads(result.stdout)
    assert list(proposed) == ROW_NAMES
    assert proposed["organisation"] == "Vox Operatio" and proposed["postcode"] == "35000"
    assert proposed["stipend_basis"] == "above_legal_minimum" and proposed["duration_max_months"] == 6
    assert proposed["start_earliest"] is None and proposed["application_deadline"] is None
    assert proposed["source"].startswith("offre.txt: Vox Operatio")


def test_cli_csv_prints_a_line_of_the_contract(offer_file):
    result = run_cli(str(offer_file), "--csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    cells = next(csv.reader(lines))
    assert len(cells) == len(COLUMN_NAMES) and cells[COLUMN_NAMES.index("perks")] == "meal_vouchers"
    with_header = run_cli(str(offer_file), "--csv", "--header").stdout.splitlines()
    assert with_header[0].split(",") == list(COLUMN_NAMES) and with_header[1] == lines[0]


def test_cli_missing_file_exits_1():
    result = run_cli("no/such/offer.txt")
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("raw, expected", [
    # « recherche » the verb is no research subject; the noun is
    ("L'association recherche un stagiaire pour inventorier la faune et la flore de la réserve naturelle. "
     "Inventaires de la flore, suivi de la faune, gestion des espaces naturels.", {"biodiversity"}),
    ("Stage de recherche au laboratoire : enquête de terrain et mémoire sur la recherche-action.", {"research"}),
])
def test_themes_read_the_subject_not_the_verb(raw, expected):
    themes = proposed_row("Association Exemple (Lyon – 69003) – Stage\n\n" + raw)["themes"]
    assert set(str(themes or "").split(";")) - {""} == expected


# --- hosts, titles and places stated in the body (development-set phrasing families) ----------

@pytest.mark.parametrize("text, expected", [
    ("Stage suivi des rivières\n\nCréé en 2010, l'Office régional de l'environnement (ORE) est un "
     "établissement public.", "Office régional de l'environnement (ORE)"),
    ("Stage eau potable\n\nLa qualité de l'eau est l'enjeu du Syndicat Eau du Val de Loire.",
     "Syndicat Eau du Val de Loire"),
    ("Stage mobilités\n\nL'Institut national de recherche pour la ville, les mobilités et les réseaux "
     "(INRMV) est un établissement public.", "INRMV"),
])
def test_organisation_in_body(text, expected):
    assert value(text, "organisation") == expected


def test_title_after_a_line_presenting_the_host():
    text = "OFFRE DE STAGE\nL'Association des Amis du Marais propose\n« Inventaire des amphibiens du marais »\n"
    assert value(text, "title") == "Inventaire des amphibiens du marais"
    assert value(text, "organisation") == "Association des Amis du Marais"


def test_title_from_the_hosts_sentence_past_a_board_summary():
    summary = "Une organisation locale recherche un stagiaire pour une mission variée. " * 4
    text = summary + "\nLa Commune de Test recherche son / sa stagiaire pour animer le conseil de quartier, " \
                     "en lien avec les habitants.\n"
    assert value(text, "title") == "Stagiaire pour animer le conseil de quartier"


@pytest.mark.parametrize("text, expected", [
    ("Ce stage se déroulera à Lille, avec des déplacements.", "Lille"),
    ("Sous l'autorité de la cheffe de projet, basée à Poitiers (86).", None),
])
def test_city_cues(text, expected):
    assert value("Stage biodiversité\n\n" + text, "city") == expected


def test_city_of_a_local_authority_named_after_its_commune():
    assert value("Stage mobilités\n\nL'Eurométropole de Strasbourg recrute un stagiaire.", "city") == "Strasbourg"


@pytest.mark.parametrize("text, expected", [
    ("Profil : Bac + 2 minimum", "licence;master_1;master_2"),
    ("Profil : École d'ingénieur (2ème ou 3ème année)", "master_1;master_2"),
    ("Le profil recherché est de type élève ingénieur (stage de 2 ème ou 3 ème année).", "master_1;master_2"),
    ("Publication sous licence Open Data.", None),
    ("Intégration des fonctions dans la master 2.0 du logiciel.", None),
])
def test_level_rules(text, expected):
    assert row(text)["level"] == expected or (expected is None and not row(text)["level"])


def test_lone_minimum_duration_has_no_maximum():
    proposed = row("Durée minimale : 3 mois")
    assert (proposed["duration_min_months"], proposed["duration_max_months"]) in ((3, None), (3, ""))


def test_deadline_label_line_below_a_start_label():
    text = "Poste à pourvoir le\n01/01/2026\nDate limite de candidature\n20/11/2025\n"
    assert value(HEADING + text, "application_deadline") == "2025-11-20"


def test_bare_month_line_in_the_header_is_the_start():
    text = "Chargé·e de communication\n16 novembre 2020\nStage\nJanvier 2021\n6 mois\n\nVotre mission : animer."
    assert value(text, "start_earliest") == "2021-01"


@pytest.mark.parametrize("text, expected", [
    ("Chargé·e de communication\n\nVous participerez aux activités du pôle Design des services numériques.",
     "Pôle Design des services numériques"),
    ("Stage\n\nVous rejoindrez le Service Civique de la ville.", None),
])
def test_host_unit_named_in_the_body(text, expected):
    assert value(text, "organisation") == expected


# --- web pages: chrome above the posting, board fields, marked titles (development round 3) ----

@pytest.mark.parametrize("text, expected", [
    # skip link, cookie banner and breadcrumb above the heading
    ("Aller au contenu principal\nNous utilisons des cookies pour mesurer l'audience. Accepter\n"
     "Accueil > Offres > Stages\n\nStage – Chargé·e de mission concertation\n\nLa mairie recrute.",
     "Stage – Chargé·e de mission concertation"),
    # a site's name above a title marked « H/F »
    ("Réseau Exemple des Territoires\n\nSTAGE Inventaire des mares communales H/F\n\nType d'emploi\nStage\n",
     "STAGE Inventaire des mares communales H/F"),
    # a host's paragraph above a line that begins with the contract
    ("L'Office exemple pour la jeunesse (OEJ) est un organisme binational qui soutient les échanges de jeunes "
     "entre deux pays depuis de longues années, avec des bureaux dans plusieurs villes.\n"
     "Stage dans l'unité « Échanges scolaires »\nLieu : Paris", "Stage dans l'unité « Échanges scolaires »"),
    # « Offre de stage – … »: the banner's rest; « Offre de stage de recherche – Master 2 » names no post
    ("Offre de stage – Chargé·e de projet jardins partagés\n\nContexte\nLe service…",
     "Chargé·e de projet jardins partagés"),
    ("OFFRE DE STAGE DE RECHERCHE – MASTER 2\n\nQui vote aux budgets participatifs ?\n\nContexte",
     "Qui vote aux budgets participatifs ?"),
    # a board's title field, its value on the next line, wins over the page's first line
    ("Bienvenue sur le site du réseau\nLa force du collectif\nIntitulé du poste\nAnimateur·rice du conseil citoyen\n",
     "Animateur·rice du conseil citoyen"),
    # « Stage de 6 mois » under the title is a condition, not the title
    ("Chargé·e d'études mobilité\nStage de 6 mois à partir de mars\nLyon (69)\n", "Chargé·e d'études mobilité"),
    # a logo alone on its line is chrome (linked or not); a heading that goes on after an image is the title
    ("![Logo](https://exemple.org/logo.png)\n[![Accueil](https://exemple.org/a.png)](https://exemple.org)\n"
     "Stage – Animation du budget participatif\n\nMissions : animer les ateliers.",
     "Stage – Animation du budget participatif"),
    ("![](https://exemple.org/i.png) Stage – Animation du budget participatif\n\nMissions : animer les ateliers.",
     "Animation du budget participatif"),
    # a « top of page » skip link, an image's file name, a board's offer number are chrome (round 4)
    ("top of page\n\nAnalyse des dynamiques de coordination entre acteurs des projets alimentaires\n\nRecruteur\n",
     "Analyse des dynamiques de coordination entre acteurs des projets alimentaires"),
    ("jardinsjpg\n\nStage – Chargé·e de projet : Précarité alimentaire étudiante\nCatégorie : Emploi\nLe poste\n",
     "Stage – Chargé·e de projet : Précarité alimentaire étudiante"),
    ("Stage OT-12345\n\nStage M2 : Gouvernance d'une caisse alimentaire locale\n\n38000 Grenoble\n",
     "Stage M2 : Gouvernance d'une caisse alimentaire locale"),
    # a study's title may be a question when the contract opens it
    ("Stage de master 2 : Quelle gouvernance pour un jardin partagé ?\nLyon\n",
     "Stage de master 2 : Quelle gouvernance pour un jardin partagé ?"),
])
def test_title_past_a_web_pages_chrome(text, expected):
    assert value(text, "title") == expected


@pytest.mark.parametrize("text, expected", [
    ("Aller au contenu\nSTAGE Suivi des haies H/F\nNom de l'organisme\nSyndicat mixte du Val d'Exemple\n",
     "Syndicat mixte du Val d'Exemple"),
    ("Stage suivi des haies H/F #1234\n\nAnnonceur COMMUNE D'EXEMPLE\nContrat Stage\n", "COMMUNE D'EXEMPLE"),
    ("Stage concertation\n\nSociété qui recrute : Exemple Conseil\nContrat : Stage\n", "Exemple Conseil"),
    # a board's « Description de l'entreprise »: the paragraph opens on the host's name
    ("# [Stage - Chef de projet data](https://example.org/offre)\n### Exemplia\n\n### Description de l'entreprise"
     "\n\nExemplia est reconnue pour son expertise en données.\n", "Exemplia"),
    ("Stage data\n\n### Description de l'entreprise\n\n **Données Ouvertes Conseil** , acteur du numérique public, "
     "aide les collectivités.\n", "Données Ouvertes Conseil"),
    ("Stage numérique\n\nCréé en 2019, l'Atelier des Données est une équipe du ministère.\n", "Atelier des Données"),
    ("Stage\n\nL'Incubateur Exemple recherche **un ou une stagiaire**.\n", "Incubateur Exemple"),
    ("Stage alimentation\n\nDepuis 2019, la Communauté de communes de l’Estuaire anime un projet alimentaire.\n",
     "Communauté de communes de l’Estuaire"),
    ("L'équipe Exemple Data recrute un·e stagiaire chargé·e de déploiement\n\nContexte", "Exemple Data"),
])
def test_organisation_from_board_fields_and_presentations(text, expected):
    assert value(text, "organisation") == expected


@pytest.mark.parametrize("text", [
    # a description, not a name
    "Stage conseil\n\nQui sommes-nous ?\n\nCabinet de conseil indépendant, Exemplia accompagne les villes.\n",
    # a commune is where the internship is, not who offers it
    "Stage UX design à Paris (14ème)\n\nNos locaux sont près de la Porte d'Orléans.\n",
    # « à la biodiversité » in a title in capitals names no host
    "STAGE ÉVALUATION DES IMPACTS A LA BIODIVERSITÉ H/F\n\nContrat Stage\n",
])
def test_no_organisation_from_descriptions_or_places(text):
    assert value(text, "organisation") is None


@pytest.mark.parametrize("text, organisation, title", [
    # « Stage au sein du X » displaced by a title marked « H/F »; « à Targon en Gironde (33) » is a place
    ("Stage au sein du PETR Exemple\nStage Évaluation du programme LEADER H/F à Targon en Gironde (33)\nContexte",
     "PETR Exemple", "Stage Évaluation du programme LEADER H/F à Targon en Gironde (33)"),
    # « au sein de la réserve » inside a title names no host; the board's number is no part of the title
    ("STAGE Suivi des papillons au sein de la réserve H/F #115492\n\nAnnonceur ASSOCIATION EXEMPLE\n",
     "ASSOCIATION EXEMPLE", "STAGE Suivi des papillons au sein de la réserve H/F"),
    ("Offre de stage M2 – Évaluation des intercultures - H/F\n\n21000 Dijon\n", None,
     "M2 – Évaluation des intercultures - H/F"),
])
def test_host_and_title_of_board_headings(text, organisation, title):
    assert (value(text, "organisation"), value(text, "title")) == (organisation, title)


@pytest.mark.parametrize("text, expected", [
    ("Stage au Parc naturel régional Exemple\nStage Aménagement du territoire à Munster (68) :\nContexte\n", "Munster"),
    ("Stage Évaluation du programme LEADER H/F à Targon en Gironde (33)\nContexte\n", "Targon"),
    # the department must be the commune's: Munster (57) is in Moselle, not « (13) »
    ("Stage Aménagement du territoire à Munster (13)\nContexte\n", None),
])
def test_commune_with_its_department_in_the_heading(text, expected):
    assert value(text, "city") == expected


@pytest.mark.parametrize("text, expected", [
    ("Stage observatoire foncier\n\nL'agence d'urbanisme de l'agglomération d'Exemple accompagne ses membres. "
     "Au sein de l'agence d'urbanisme, vous aiderez l'équipe.", "association"),
    ("Stage participation\n\nL'Institut national de recherche pour l'eau (INRE) est un établissement public. "
     "Le Syndicat intercommunal du bassin est partenaire.", "university"),
    ("Stage alimentation\n\nLa Chambre d'agriculture d'Exemple recrute un stagiaire.", "public_body"),
])
def test_org_type_of_public_research_urban_agencies_and_chambers(text, expected):
    assert proposed_row(text)["org_type"] == expected


def test_a_food_plans_collective_catering_is_no_canteen_perk():
    text = ("Stage projet alimentaire territorial\n\nVous accompagnerez l'approvisionnement de la restauration "
            "collective en produits locaux.\n\nAvantages : accès au restaurant administratif.")
    assert value(text, "perks") == "canteen"
    assert value(text.split("\n\nAvantages")[0], "perks") is None
    assert "territorial_development" in value(text, "themes")


@pytest.mark.parametrize("text, expected", [
    ("Stage animation\n\nDes réunions en soirée sont à prévoir avec les habitants.", "yes"),
    ("Stage animation\n\nCertaines actions auront lieu le samedi matin.", "yes"),
    ("Stage data\n\nAvantages : cours de yoga, café à volonté et des soirées d'équipe.", None),
    ("Stage télédétection\n\nDes images MODIS permettent d'obtenir des données nocturnes.", None),
])
def test_evening_or_weekend_work_only_in_a_sentence_about_the_work(text, expected):
    assert value(text, "evening_weekend_work") == expected


def test_city_of_a_post_based_in_the_hosts_premises():
    assert value("Stage biodiversité\n\nPoste basé dans les locaux de l'association à Dijon ; télétravail possible.",
                 "city") == "Dijon"


def test_data_and_programming_work_is_digital():
    text = ("Stage Data analyst\n\nAu sein de l'équipe data, vous analyserez les données de fréquentation en Python "
            "et SQL, et présenterez vos résultats à l'équipe data.")
    assert "digital" in value(text, "themes").split(";")


@pytest.mark.parametrize("text, expected", [
    ("Stage participation\n\nLa politique participative de Exemple Alpes Métropole se décline en dispositifs.",
     "Exemple Alpes Métropole"),
    ("Stage réemploi\n\nLe Réseau Exemple du Réemploi (REXR) accompagne depuis 2014 les ressourceries.",
     "Réseau Exemple du Réemploi (REXR)"),
    ("Stage UX design\n\n## Le contexte\n\nExemplia développe une plateforme libre pour les entreprises.",
     "Exemplia"),
])
def test_hosts_named_before_what_they_are_or_by_their_activity(text, expected):
    assert value(text, "organisation") == expected


@pytest.mark.parametrize("text", [
    "Stage\n\nQui sommes-nous ?\n\nNous, l'équipe Exemple, aidons les villes.\n",
    "Stage\n\nQui sommes-nous ?\n\nDepuis 2010, Exemplia accompagne les villes.\n",
])
def test_a_presentation_opening_on_a_pronoun_or_a_date_names_no_host(text):
    assert value(text, "organisation") is None


def test_evenings_to_plan_for_are_evening_work():
    assert value("Stage animation\n\nSoirées et week-ends à prévoir.", "evening_weekend_work") == "yes"


@pytest.mark.parametrize("text, remote, city", [
    # a board's block under the title: host, place, work mode
    ("OFFRE DE STAGE – chargé·e de projet coopération\n\nMaison Exemple de l'Environnement\n\nLyon\n\nSur place\n\n"
     "Résumé du poste", "none", "Lyon"),
    ("Offre de stage Étudiant·e architecte\n\nStage\nOccitanie\nPrésentiel\n\nLe conseil d'architecture…",
     "none", None),
    ("Stage chargé·e d'études\n\nLyon\n\nTélétravail possible deux jours par semaine.", "partial", "Lyon"),
])
def test_a_boards_place_and_work_mode_lines(text, remote, city):
    assert (value(text, "remote"), value(text, "city")) == (remote, city)


# --- hosts and titles, development round 4 ---------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # a name at a sentence's start, then what kind of body it is, between commas
    ("Stage – Étude des fermes\n\nTerre Exemple Rhône-Alpes, association travaillant dans le domaine de l'accès "
     "à la terre, accompagne les paysans.", "Terre Exemple Rhône-Alpes"),
    ("Stage – Chargé.e de projet\n\nLa structure\nCréé en 2000, Exempôle, association labellisée CPIE, anime un "
     "réseau d'acteurs.", "Exempôle"),
    # « L'association X a pour objet … »
    ("Intitulé du stage : inventaire du littoral\n\nL'association Planète Exemple a pour objet la préservation "
     "de la vie marine.", "Planète Exemple"),
    # a board's initials, spelled out where the text names the same park
    ("Stage charte\n\nNom de l'organisme\nPNR Exemple\n\nLe Parc naturel régional de l'Exemple regroupe 54 communes.",
     "Parc naturel régional de l'Exemple"),
])
def test_hosts_presented_in_the_body_round_4(text, expected):
    assert value(text, "organisation") == expected


def test_a_post_before_the_dash_is_no_host():
    text = "Chargé·e d'études – Mesurer la solidarité internationale en Bretagne\n\nLieu : Rennes"
    assert value(text, "organisation") != "Chargé·e d'études"
    assert value(text, "title") == "Chargé·e d'études – Mesurer la solidarité internationale en Bretagne"


@pytest.mark.parametrize("text, organisation, title", [
    ("Stage – Paysage – Intégrer les vergers dans les bourgs – CAUE 99\n\nLe poste",
     "CAUE 99", "Stage – Paysage – Intégrer les vergers dans les bourgs"),
    # a heading in capitals ends on a diploma, not a host
    ("STAGE D'ÉTUDES EN ARCHITECTURE - DUT 6\n\nLe service recrute.", None, "STAGE D'ÉTUDES EN ARCHITECTURE - DUT 6"),
])
def test_a_host_joined_at_the_end_of_a_heading(text, organisation, title):
    assert (value(text, "organisation"), value(text, "title")) == (organisation, title)


@pytest.mark.parametrize("text, city, postcode", [
    # a CEDEX code (a firm's own number, not the commune's postcode) is the postcode as written
    ("Stage OT-12345\n\nStage M2 : Gouvernance d'une caisse alimentaire\n\n38402 Saint-Martin-d'Hères\n\n"
     "Retour à la liste", "Saint-Martin-d'Hères", "38402"),
    ("Stage M2 : Quelle gouvernance pour un jardin partagé ?\nCAMPUS EXEMPLE AVENUE D AGROPOLIS 34398 MONTPELLIER "
     "CEDEX 5\nRetour à la liste des résultats\n", "Montpellier", "34398"),
])
def test_a_boards_postcode_and_commune_line_under_the_title(text, city, postcode):
    assert (value(text, "city"), value(text, "postcode")) == (city, postcode)
