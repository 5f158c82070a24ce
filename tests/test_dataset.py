"""data/offers.csv against the seed postings: every checked value is backed by a quoted passage."""

import re
from pathlib import Path

import pandas as pd
import pytest

from lib import rates
from lib.quotes import passage_in, quoted_passages
from lib.validation import load_offers

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
OFFERS = pd.read_csv(ROOT / "data" / "offers.csv", dtype=str, keep_default_na=False).set_index("offer_id")


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


# (offer_id, seed file prefix, passage quoted from the seed, values the CSV must hold)
FACTS = [
    ("nicaya-consultant-concertation-2023", "001", "Gratification : 1 300 € brut mensuel",
     {"org_type": "consultancy", "stipend_basis": "explicit", "stipend_amount_eur": "1300", "stipend_period": "month",
      "duration_max_months": "6", "start_earliest": "2023-07", "city": "Aix-en-Provence", "driving_licence": "required"}),
    ("mediation-environnement-concertation-2023", "001", "Gratification mensuelle de stage : 800€ brut",
     {"org_type": "scop", "stipend_amount_eur": "800", "duration_min_months": "3", "duration_max_months": "6",
      "hours_per_week_min": "35", "hours_per_week_max": "35", "remote": "partial", "evening_weekend_work": "yes",
      "application_deadline": "2023-04-20"}),
    # « Embauche au plus tard le 2 mai 2023 » is the latest start; applications close on 20 April.
    ("mediation-environnement-concertation-2023", "001", "Embauche au plus tard le 2 mai 2023",
     {"start_earliest": "2023-04", "year": "2023"}),
    ("democratie-ouverte-communication-2023", "001", "Rémunération légale + 50% de remboursement Pass Navigo",
     {"org_type": "association", "stipend_basis": "legal_minimum", "postcode": "75005", "start_earliest": "2023-04",
      "perks": "transport_50"}),
    ("rennes-fabrique-citoyenne-climat-2023", "001", "Durée : stage de 5-6 mois (période à fixer entre mars et "
     "septembre 2023)", {"org_type": "local_authority", "duration_min_months": "5", "duration_max_months": "6",
                         "start_earliest": "2023-03", "application_deadline": "2023-03-01"}),
    ("rennes-fabrique-citoyenne-climat-2023", "001", "Type d’emploi Stage indemnisé",
     {"stipend_basis": "paid_unstated", "stipend_amount_eur": ""}),
    ("merignac-budget-participatif-2023", "001", "Stage de 4 mois (mars 2023 – juin 2023)",
     {"org_type": "local_authority", "stipend_basis": "not_stated", "duration_max_months": "4",
      "start_earliest": "2023-03", "postcode": "33700"}),
    ("petr-arles-participation-communication-2023", "001", "Périodicité : 4 à 6 mois, à partir d’avril 2023",
     {"org_type": "local_authority", "postcode": "13200", "start_earliest": "2023-04", "driving_licence": "recommended",
      "republishes": "petr-arles-conseil-developpement-2023", "perks": ""}),
    ("petr-arles-conseil-developpement-2023", "002", "Périodicité : 4 à 6 mois, à partir de mars 2023",
     {"stipend_basis": "legal_minimum", "start_earliest": "2023-03", "driving_licence": "required",
      "duration_min_months": "4", "duration_max_months": "6", "republishes": ""}),
    ("petr-arles-conseil-developpement-2023", "002", "indemnité kilométrique selon le barème en vigueur dans les "
     "collectivités territoriales", {"perks": "travel_expenses"}),
    ("make-org-chef-projet-junior-2023", "001", "Stage conventionné de 6 mois à pourvoir à partir de février 2023",
     {"org_type": "company", "stipend_basis": "not_stated", "start_earliest": "2023-02", "remote": "partial"}),
    ("make-org-chef-projet-junior-2023", "001", "Stage Chef(fe) de projet junior chez Make.org",
     {"title": "Stage Chef(fe) de projet junior", "organisation": "Make.org"}),
    ("sage-adour-amont-concertation-2023", "001", "Début du stage : entre le 1er mars et le 3 avril",
     {"org_type": "public_body", "city": "Mont-de-Marsan", "start_earliest": "2023-03", "duration_max_months": ""}),
    ("paris-11-communication-service-civique-2023", "001", "minimum légal en vigueur pour les services civiques "
     "(600 euros)", {"contract": "civic_service", "stipend_amount_eur": "600", "duration_min_months": "6",
                     "duration_max_months": "9", "start_earliest": "2023-01"}),
    ("paris-11-communication-service-civique-2023", "001", "entre 6 et 9 mois, 28 et 35h/semaine, à partir de "
     "janvier/février 2023", {"hours_per_week_min": "28", "hours_per_week_max": "35"}),
    ("paris-11-developpement-vie-citoyenne-2023", "001", "gratification légale en vigueur (601 euros/mois)",
     {"contract": "civic_service", "stipend_basis": "explicit", "stipend_amount_eur": "601",
      "start_earliest": "2023-02"}),
    ("paris-11-developpement-vie-citoyenne-2023", "001", "entre 6 et 9 mois, 28 et 35h/semaine, à partir de "
     "février/mars 2023", {"hours_per_week_min": "28", "hours_per_week_max": "35"}),
    ("paris-11-designer-service-civique", "001", "Le.la service civique aura pour mission d’imaginer",
     {"contract": "civic_service", "stipend_basis": "not_stated", "year": ""}),
    ("coopawatt-concertation-enr-2023", "001", "Rémunération : 770 euros/mois",
     {"org_type": "scop", "stipend_amount_eur": "770", "postcode": "69340", "city": "Francheville",
      "start_earliest": "2023-03", "application_deadline": "2023-02-17", "driving_licence": "recommended"}),
    ("uqar-concertation-risques-cotiers-2023", "001", "Rémunération : gratification réglementaire",
     {"org_type": "university", "country": "CA", "stipend_basis": "legal_minimum", "start_earliest": "2023-02",
      "application_deadline": "2023-01-08"}),
    # Tickets paid (train and plane to Québec, buses of the fieldwork); « frais de séjour » are living
    # costs, not housing.
    ("uqar-concertation-risques-cotiers-2023", "001", "Participation forfaitaire aux frais de séjour (1 500 euros max.)",
     {"perks": "flights_paid;travel_expenses"}),
    ("vox-operatio-democratie-participative-2023", "001", "Gratification supérieure au minimum légal",
     {"org_type": "consultancy", "stipend_basis": "above_legal_minimum", "duration_min_months": "4",
      "duration_max_months": "6", "start_earliest": "", "perks": "meal_vouchers;transport_50", "year": ""}),
    ("decider-ensemble-stagiaire-2023", "001", "L’indemnité correspond au tarif légal en vigueur (4,05€ de l’heure)",
     {"org_type": "association", "stipend_amount_eur": "4.05", "stipend_period": "hour", "hours_per_week_min": "35",
      "hours_per_week_max": "35", "application_deadline": "2023-01-15", "year": "2023"}),
    ("plaine-commune-democratie-locale-2022", "001", "à partir de janvier / mars 2022 pour une durée de 4 à 6 mois",
     {"org_type": "local_authority", "start_earliest": "2022-01", "duration_min_months": "4", "remote": "partial",
      "postcode": "93210"}),
    ("pnr-marais-poitevin-initiatives-citoyennes-2023", "001", "dès que possible à partir de janvier 2023",
     {"org_type": "public_body", "stipend_basis": "legal_minimum", "duration_max_months": "6",
      "application_deadline": "2022-11-27"}),
    ("ifree-biodiversite-quartiers-prioritaires-2023", "001", "Stage proposé de février à juillet 2023 à raison de "
     "35 heures hebdomadaires", {"city": "Villiers-en-Bois", "postcode": "79360", "start_earliest": "2023-02",
                                 "duration_max_months": "6", "hours_per_week_min": "35", "hours_per_week_max": "35"}),
    # The Ifrée vehicle is a possibility « selon sa disponibilité », and a personal one is needed.
    ("ifree-biodiversite-quartiers-prioritaires-2023", "001", "Possibilité d’utiliser le véhicule de l’Ifrée selon sa "
     "disponibilité (permis B), un véhicule personnel est aussi nécessaire (frais de mission pris en charge)",
     {"driving_licence": "required", "perks": "meals_provided;housing_support;travel_expenses"}),
    ("guidasso-mesure-impact-social-2023", "001", "Stage de six mois à compter du 6 février 2023.",
     {"start_earliest": "2023-02", "duration_max_months": "6", "stipend_basis": "not_stated"}),
    ("la-rochelle-zero-carbone-agir-citoyen-2023", "001", "Gratifications de stage selon les dispositions "
     "réglementaires", {"org_type": "university", "stipend_basis": "legal_minimum", "start_earliest": "2023-01"}),
    ("planete-publique-concertation-2023", "001", "Le stage est indemnisé à hauteur de 900 € bruts par mois.",
     {"org_type": "consultancy", "stipend_amount_eur": "900", "city": "Lyon", "duration_min_months": "4",
      "start_earliest": "2023-01"}),
    ("la-montagne-democratie-locale-2023", "001", "Durée du stage 6 mois – si possible à partir de janvier-Juin 2023.",
     {"postcode": "44620", "duration_max_months": "6", "start_earliest": "2023-01",
      "application_deadline": "2022-12-10"}),
    ("la-montagne-democratie-locale-2023", "001", "Indemnité de stage.", {"stipend_basis": "paid_unstated"}),
    ("agence-tact-concertation-2023", "001", "Déplacements (permis B nécessaire) et réunions en soirée à prévoir. "
     "Indemnité de stage selon le minimum légal en vigueur (35h/semaine)",
     {"org_type": "consultancy", "postcode": "75015", "stipend_basis": "legal_minimum", "duration_min_months": "4",
      "duration_max_months": "6", "driving_licence": "required", "evening_weekend_work": "yes",
      "hours_per_week_min": "35", "hours_per_week_max": "35", "year": ""}),
    ("pqna-dialogue-territorial-2025", "000", "Gratification de base selon la réglementation en vigueur + chèques "
     "déjeuners", {"stipend_basis": "legal_minimum", "postcode": "33100", "application_deadline": "2024-12-18",
                   "start_earliest": "2025-02", "perks": "meal_vouchers;vehicle_provided;travel_expenses"}),
    ("pqna-dialogue-territorial-2025", "000", "Co-piloté et co-financé par l'État et la Région Nouvelle-Aquitaine",
     {"org_type": "public_body"}),
    ("reso-villes-collectifs-citoyens-2025", "003", "6 mois de janvier à juin 2025 - Nantes - Temps plein - 35h",
     {"start_earliest": "2025-01", "duration_max_months": "6", "hours_per_week_min": "35",
      "hours_per_week_max": "35", "postcode": "44100",
      "application_deadline": "2024-10-31", "evening_weekend_work": "yes"}),
    ("anct-participation-engagement-citoyen-2022", "004", "15 % du plafond horaire de la sécurité sociale",
     {"org_type": "public_body", "stipend_basis": "legal_minimum", "duration_min_months": "6",
      "duration_max_months": "7", "start_earliest": "2022-02", "application_deadline": "2022-02-15"}),
]


def seed_named(prefix: str) -> str:
    return next(p.name for p in SEEDS.iterdir() if p.name.startswith(prefix))


@pytest.mark.parametrize("offer_id, seed, passage, expected", FACTS, ids=[f[0] for f in FACTS])
def test_offer_conditions_match_the_seed_passage(offer_id, seed, passage, expected):
    assert passage_in(passage, seed_text(seed_named(seed))), "the quoted passage is not in the seed"
    row = OFFERS.loc[offer_id]
    for column, value in expected.items():
        assert row[column] == value, f"{offer_id}.{column}"


def test_every_offer_is_checked_against_its_seed():
    assert set(OFFERS.index) == {f[0] for f in FACTS}


# --- the rules of contract v2, on every row (data/README.md) -----------------------------------

def test_year_is_the_start_else_the_deadline_else_none():
    """Agence TACT, Vox Operatio and the Paris 11e designer offer carry no date: no year, not one
    borrowed from their neighbours in the compilation."""
    for offer_id, row in OFFERS.iterrows():
        dated = row["start_earliest"] or row["application_deadline"]
        assert row["year"] == dated[:4], offer_id
    undated = set(OFFERS.index[OFFERS["year"] == ""])
    assert undated == {"agence-tact-concertation-2023", "vox-operatio-democratie-participative-2023",
                       "paris-11-designer-service-civique"}


LEGAL_RATE = re.compile(r"l[ée]gal|r[ée]glement|plafond", re.IGNORECASE)
PAID = re.compile(r"indemni|r[ée]mun[ée]r|gratifi", re.IGNORECASE)


def test_legal_minimum_only_where_the_text_names_the_legal_rate():
    """``legal_minimum`` rows quote a pay passage naming the legal rate; « stage indemnisé » alone
    is ``paid_unstated``: its quoted pay passage says paid, and names no rate."""
    for offer_id, row in OFFERS.iterrows():
        pay = [q for q in quoted_passages(row["notes"]) if PAID.search(q)]
        if row["stipend_basis"] == "legal_minimum":
            assert any(LEGAL_RATE.search(q) for q in pay), offer_id
        if row["stipend_basis"] == "paid_unstated":
            assert pay and not any(LEGAL_RATE.search(q) for q in pay), offer_id
    assert set(OFFERS.index[OFFERS["stipend_basis"] == "paid_unstated"]) == {
        "la-montagne-democratie-locale-2023", "rennes-fabrique-citoyenne-climat-2023"}


def test_hours_are_ranges_and_an_amount_goes_with_an_explicit_basis_only():
    for offer_id, row in OFFERS.iterrows():
        low, high = row["hours_per_week_min"], row["hours_per_week_max"]
        assert (low == "") == (high == ""), offer_id
        assert low == "" or float(low) <= float(high), offer_id
        assert (row["stipend_amount_eur"] != "") == (row["stipend_basis"] == "explicit"), offer_id


def test_travel_expenses_include_mileage_allowances():
    """Every row whose posting pays work travel (costs, tickets of the fieldwork, mileage) has the
    code; none of the others."""
    paid_travel = {"anct-participation-engagement-citoyen-2022", "ifree-biodiversite-quartiers-prioritaires-2023",
                   "petr-arles-conseil-developpement-2023", "pnr-marais-poitevin-initiatives-citoyennes-2023",
                   "pqna-dialogue-territorial-2025", "uqar-concertation-risques-cotiers-2023"}
    coded = {offer_id for offer_id, perks in OFFERS["perks"].items() if "travel_expenses" in perks.split(";")}
    assert coded == paid_travel


def test_civic_service_amounts_are_net_allowances():
    """A civic service's amount is the net monthly allowance of the year (600,94 € from July 2022,
    rates.CIVIC_SERVICE_MONTHLY_EUR), not an internship's gross minimum (614,25 € in 2023)."""
    civic = OFFERS[(OFFERS["contract"] == "civic_service") & (OFFERS["stipend_amount_eur"] != "")]
    assert len(civic) == 2
    for offer_id, row in civic.iterrows():
        assert abs(float(row["stipend_amount_eur"]) - rates.CIVIC_SERVICE_MONTHLY_EUR[2022]) < 2, offer_id
        assert "net" in row["notes"], offer_id


def test_the_offer_posted_again_republishes_the_first_posting():
    again = OFFERS[OFFERS["republishes"] != ""]
    assert dict(again["republishes"]) == {
        "petr-arles-participation-communication-2023": "petr-arles-conseil-developpement-2023"}
    first = OFFERS.loc["petr-arles-conseil-developpement-2023"]
    assert first["republishes"] == "" and first["organisation"] == again.iloc[0]["organisation"]


def test_the_file_posted_twice_is_one_row():
    arles = OFFERS[OFFERS["source"].str.contains("002_")]
    assert list(arles.index) == ["petr-arles-conseil-developpement-2023"]
    assert "001_" in arles.iloc[0]["source"]


def test_bundled_file_is_valid_and_complete():
    loaded = load_offers(ROOT / "data" / "offers.csv")
    assert loaded.report.ok, loaded.report.to_text()
    assert len(loaded.offers) == 27
    assert loaded.offers["offer_id"].is_unique


def test_no_personal_contact_in_the_published_dataset():
    text = (ROOT / "data" / "offers.csv").read_text(encoding="utf-8")
    assert "@" not in text
    assert not re.search(r"\b0[1-9](?:[ .]?\d{2}){4}\b", text), "a French phone number is in the dataset"


def test_department_and_region_come_from_the_commune():
    french = OFFERS[OFFERS["country"] == "FR"]
    assert (french["department_code"] != "").all()
    assert (french["region"] != "").all()
    paris = french[french["city"] == "Paris"]
    assert set(paris["region"]) == {"Île-de-France"}
    assert OFFERS.loc["ifree-biodiversite-quartiers-prioritaires-2023", "department_code"] == "79"
