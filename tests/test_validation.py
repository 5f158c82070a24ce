"""Typing and checking offers against the contract (lib/validation.py, lib/report.py).

Expected values come from the contract (lib/schema.py, lib/categories.py, data/README.md) and
from the seed offers, not from what the code happens to print.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from lib import categories as cat
from lib.report import InvalidOffersFile, Issue, ValidationReport
from lib.schema import COLUMN_NAMES, COLUMNS, NUMBER_COLUMNS, REQUIRED_COLUMNS, SPECS
from lib.validation import build_schema, load_offers

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "offers.csv"

# Coopawatt's offer as the seed states it: 770 € a month, 35 h, 6 months, Francheville (69340).
VALID = {
    "offer_id": "coopawatt-concertation-enr-2023", "title": "Stage chargé.e de concertation",
    "organisation": "CoopaWatt SCOP", "org_type": "scop", "contract": "internship", "city": "Francheville",
    "postcode": "69340", "department_code": "69", "region": "Auvergne-Rhône-Alpes", "country": "FR",
    "latitude": "45.73788", "longitude": "4.75508", "geo_precision": "commune", "stipend_basis": "explicit",
    "stipend_amount_eur": "770", "stipend_period": "month", "hours_per_week_min": "35", "hours_per_week_max": "35",
    "duration_min_months": "6",
    "duration_max_months": "6", "start_earliest": "2023-03", "application_deadline": "2023-02-17", "year": "2023",
    "remote": "partial", "driving_licence": "recommended", "evening_weekend_work": "yes",
    "themes": "energy;public_consultation;climate", "level": "master_2", "source": "seed 001",
}
# Rimouski (Québec): a place abroad is held to world bounds only.
ABROAD = {**VALID, "offer_id": "uqar-2023", "city": "Rimouski", "postcode": "G5L 3A1", "department_code": "",
          "region": "", "country": "CA", "latitude": "48.4489", "longitude": "-68.5232"}

ENGLISH = re.compile(r"\b(?:greater|less|than|equal|failed|expected|error|column|value|str_length|isin|"
                     r"Check|Series|dtype|None|nan|NaN)\b")


def csv_bytes(*rows: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def load(*rows: dict[str, str]):
    return load_offers(csv_bytes(*rows))


def errors_at(report: ValidationReport, row: int = 2) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for issue in report.errors:
        if issue.row == row:
            found.setdefault(issue.column or "", []).append(issue.reason)
    return found


def test_the_valid_row_is_valid():
    loaded = load(VALID)
    assert loaded.report.ok, loaded.report.to_text()
    assert list(loaded.offers.index) == [2]


def test_the_bundled_file_passes_the_full_contract_schema():
    """The schema with dtypes and every rule between columns, as pandera runs it, agrees with
    the validation that set aside nothing in the bundled file."""
    loaded = load_offers(DATA)
    assert loaded.report.ok and len(loaded.offers) == 27
    build_schema().validate(loaded.offers, lazy=True)
    assert str(loaded.offers["stipend_amount_eur"].dtype) == "Float64"
    assert str(loaded.offers["year"].dtype) == "Int64"
    assert str(loaded.offers["title"].dtype) == "string"


# --- rules between columns ---------------------------------------------------------------------

NO_AMOUNT = {"stipend_amount_eur": "", "stipend_period": ""}


def blame(columns: set[str], says: str) -> dict[str, str]:
    return dict.fromkeys(columns, says)


CROSS_RULES = [
    # amount iff stipend_basis is explicit
    ({"stipend_amount_eur": ""}, {"stipend_amount_eur": "le montant est obligatoire",
                                  "stipend_basis": "le montant est obligatoire", "stipend_period": "et lui seul"}),
    ({"stipend_basis": "legal_minimum"}, blame({"stipend_amount_eur", "stipend_basis"}, "doit rester vide sinon")),
    ({"stipend_basis": "legal_minimum", **NO_AMOUNT}, {}),
    ({"stipend_basis": "above_legal_minimum", **NO_AMOUNT}, {}),
    ({"stipend_basis": "not_stated", **NO_AMOUNT}, {}),
    # « stage indemnisé »: paid, no amount; an amount makes it explicit
    ({"stipend_basis": "paid_unstated", **NO_AMOUNT}, {}),
    ({"stipend_basis": "paid_unstated"}, blame({"stipend_amount_eur", "stipend_basis"}, "paid_unstated")),
    # period iff amount
    ({"stipend_period": ""}, blame({"stipend_period"}, "accompagne toujours un montant, et lui seul")),
    ({"stipend_basis": "legal_minimum", "stipend_amount_eur": ""}, blame({"stipend_period"}, "et lui seul")),
    # at most 50 € an hour, 5 000 € a month (data/README.md)
    ({"stipend_amount_eur": "50", "stipend_period": "hour"}, {}),
    ({"stipend_amount_eur": "50.01", "stipend_period": "hour"},
     blame({"stipend_amount_eur"}, "montant horaire absurde")),
    ({"stipend_amount_eur": "5000"}, {}),
    ({"stipend_amount_eur": "5000.01"}, blame({"stipend_amount_eur"}, "valeur trop grande (maximum 5 000)")),
    # durations ordered
    ({"duration_min_months": "6", "duration_max_months": "4"},
     blame({"duration_min_months", "duration_max_months"}, "durée minimale supérieure à la durée maximale")),
    ({"duration_min_months": "4", "duration_max_months": "4"}, {}),
    ({"duration_min_months": "4", "duration_max_months": ""}, {}),
    ({"duration_min_months": "", "duration_max_months": "3"}, {}),
    # hours ordered: « 28 et 35h/semaine » is 28 then 35
    ({"hours_per_week_min": "35", "hours_per_week_max": "28"},
     blame({"hours_per_week_min", "hours_per_week_max"}, "heures minimales supérieures aux heures maximales")),
    ({"hours_per_week_min": "28", "hours_per_week_max": "35"}, {}),
    ({"hours_per_week_min": "", "hours_per_week_max": "35"}, {}),
    ({"hours_per_week_min": "28", "hours_per_week_max": ""}, {}),
    # a French postcode is five digits (the format: an INSEE code such as 13004 passes it, with a warning)
    ({"postcode": "6934"}, blame({"postcode"}, "code postal français attendu sur cinq chiffres")),
    ({"postcode": "69 340"}, blame({"postcode"}, "cinq chiffres")),
    ({"postcode": "2A004"}, blame({"postcode"}, "cinq chiffres")),
    ({"postcode": "13004", "city": "Arles"}, {}),
    # department codes
    ({"department_code": "2A"}, {}),
    ({"department_code": "974"}, {}),
    ({"department_code": "130"}, blame({"department_code"}, "code de département attendu")),
    ({"department_code": "6"}, blame({"department_code"}, "code de département attendu")),
    # coordinates: both or none, in metropolitan France for a French mainland offer
    ({"longitude": ""}, blame({"latitude", "longitude"}, "latitude et longitude vont ensemble")),
    ({"latitude": "", "longitude": ""}, {}),
    ({"latitude": "4.75508", "longitude": "45.73788"},
     blame({"latitude", "longitude"}, "latitude et longitude inversées")),
    ({"latitude": "40.41678", "longitude": "-3.70379"},
     blame({"latitude", "longitude"}, "hors de France métropolitaine")),
    ({"latitude": "41.9192", "longitude": "8.7386", "department_code": "2A", "postcode": "20000"}, {}),
    ({"latitude": "-20.8821", "longitude": "55.4507", "department_code": "974", "postcode": "97400"}, {}),
    ({"latitude": "-20.8821", "longitude": "55.4507", "department_code": "", "postcode": "97400"}, {}),
    ({"latitude": "-20.8821", "longitude": "55.4507", "department_code": "", "postcode": ""},
     blame({"latitude", "longitude"}, "hors de France métropolitaine")),
    # a place, or fully remote
    ({"city": "", "postcode": "", "latitude": "", "longitude": ""}, blame({"city"}, "lieu manquant")),
    ({"city": "", "postcode": "", "latitude": "", "longitude": "", "remote": "full"}, {}),
    ({"city": "", "latitude": "", "longitude": ""}, {}),
    ({"city": "", "postcode": ""}, {}),
]


@pytest.mark.parametrize(("changes", "blamed"), CROSS_RULES)
def test_rules_between_columns(changes, blamed):
    """Exactly the blamed columns are reported, each with its reason; the row is set aside."""
    loaded = load({**VALID, **changes})
    found = errors_at(loaded.report)
    assert set(found) == set(blamed), loaded.report.to_text()
    for column, says in blamed.items():
        assert any(says in r for r in found[column]), loaded.report.to_text()
    assert (len(loaded.offers) == 0) == bool(blamed)


@pytest.mark.parametrize("changes", [
    {"latitude": "95", "longitude": "2"}, {"latitude": "-48.8", "longitude": "2.3"},
    {"latitude": "2", "longitude": "2"},
])
def test_abroad_is_held_to_world_bounds_only(changes):
    report = load({**ABROAD, **changes}).report
    assert report.ok == (float(changes["latitude"]) <= 90), report.to_text()


def test_a_rule_is_not_run_on_a_cell_that_could_not_be_read():
    """« 1 300 € » is reported once, with its hint, not again as « an amount is missing »."""
    found = errors_at(load({**VALID, "stipend_amount_eur": "1 300 €"}).report)
    assert found == {"stipend_amount_eur": ["nombre attendu, sans espace ni symbole : écrivez 1300"]}


# --- cells, column by column ------------------------------------------------------------------

@pytest.mark.parametrize("column", REQUIRED_COLUMNS)
def test_required_values(column):
    found = errors_at(load({**VALID, column: "   "}).report)
    assert "valeur obligatoire manquante" in found[column]


def bounds():
    for spec in COLUMNS:
        if spec.kind not in ("number", "integer"):
            continue
        low, high = spec.minimum, spec.maximum
        yield spec.name, low, high


@pytest.mark.parametrize(("column", "low", "high"), list(bounds()))
def test_ranges_of_number_columns(column, low, high):
    """Each bound of lib/schema.py is accepted, and one step beyond it is refused."""
    step = 1 if column == "year" else 0.01
    base = {**ABROAD, "stipend_period": "month"}  # abroad: coordinates held to their ranges only
    if column in ("duration_min_months", "duration_max_months"):
        base |= {"duration_min_months": "", "duration_max_months": ""}
    if column in ("hours_per_week_min", "hours_per_week_max"):
        base |= {"hours_per_week_min": "", "hours_per_week_max": ""}
    for value, ok in ((low, True), (high, True), (low - step, False), (high + step, False)):
        text = str(int(value)) if float(value).is_integer() else f"{value:.2f}"
        changes = {column: text}
        if column in ("latitude", "longitude"):
            changes |= {"longitude" if column == "latitude" else "latitude": "0"}
        report = load({**base, **changes}).report
        assert report.ok == ok, f"{column}={text}\n{report.to_text()}"
        if not ok:
            assert any(("trop petite" if value < low else "trop grande") in i.reason for i in report.errors)


@pytest.mark.parametrize("spec", [s for s in COLUMNS if s.kind in ("text", "url")], ids=lambda s: s.name)
def test_text_length_limits(spec):
    filler = "https://e.fr/" if spec.kind == "url" else ""
    longest = filler + "x" * (spec.max_length - len(filler))
    base = {**ABROAD} if spec.name in ("postcode", "department_code", "region") else {**VALID}
    if spec.name == "country":
        return  # two capital letters: its own rule (test_country_codes)
    if spec.name == "department_code":
        return  # its own pattern
    assert load({**base, spec.name: longest}).report.ok
    found = errors_at(load({**base, spec.name: longest + "x"}).report)
    assert f"texte trop long (plus de {spec.max_length:,} caractères)".replace(",", " ") in found[spec.name]
    if spec.kind == "text" and spec.name not in ("postcode", "region"):
        # Characters, not bytes: « é » is two bytes, « 😀 » four; at the limit a text still passes.
        accented = ("é😀" * spec.max_length)[:spec.max_length]
        assert load({**base, spec.name: accented}).report.ok, spec.name
        found = errors_at(load({**base, spec.name: accented + "é"}).report)
        assert f"texte trop long (plus de {spec.max_length:,} caractères)".replace(",", " ") in found[spec.name]


@pytest.mark.parametrize(("value", "ok"), [("FR", True), ("CA", True), ("fr", False), ("France", False), ("F", False)])
def test_country_codes(value, ok):
    base = VALID if value == "FR" else ABROAD  # Rimouski's postcode is not French
    assert load({**base, "country": value}).report.ok == ok


@pytest.mark.parametrize("spec", [s for s in COLUMNS if s.kind == "category"], ids=lambda s: s.name)
def test_every_category_of_lib_categories_is_accepted_and_others_refused(spec):
    for code in spec.allowed:
        changes = {spec.name: code}
        if spec.name == "stipend_basis" and code != "explicit":
            changes |= NO_AMOUNT
        if spec.name == "stipend_period" and code == "hour":
            changes |= {"stipend_amount_eur": "4.05"}
        assert load({**VALID, **changes}).report.ok, (spec.name, code)
    found = errors_at(load({**VALID, spec.name: "autre"}).report)
    allowed = "valeur inconnue ; valeurs permises : " + ", ".join(spec.allowed)
    assert any(r.startswith(allowed) for r in found[spec.name])


def test_the_categories_of_the_schema_are_those_of_lib_categories():
    assert SPECS["org_type"].allowed == tuple(cat.ORG_TYPES)
    assert SPECS["themes"].allowed == tuple(cat.THEMES)
    assert SPECS["stipend_basis"].allowed == ("explicit", "legal_minimum", "above_legal_minimum", "paid_unstated",
                                              "not_stated")
    assert cat.label(cat.STIPEND_BASES, "paid_unstated") == "Indemnisé, montant non précisé"
    assert cat.label(cat.STIPEND_BASES, "paid_unstated", "en") == "Paid, amount not stated"


@pytest.mark.parametrize(("value", "ok"), [
    ("energy", True), ("energy;climate", True), (" energy ; climate ", True), ("energy;", True),
    ("energy,climate", False), ("Energy", False), ("energy;democratie", False),
])
def test_code_lists(value, ok):
    assert load({**VALID, "themes": value}).report.ok == ok


@pytest.mark.parametrize(("value", "ok"), [
    ("coopawatt-2023", True), ("a", True), ("Coopawatt-2023", False), ("coopawatt 2023", False),
    ("coopawatt--2023", False), ("-coopawatt", False), ("coopawätt", False), ("x" * 80, True), ("x" * 81, False),
])
def test_offer_id_is_a_slug(value, ok):
    assert load({**VALID, "offer_id": value}).report.ok == ok


@pytest.mark.parametrize(("value", "ok"), [
    ("https://www.coopawatt.fr/offre", True), ("http://exemple.fr", True), ("www.coopawatt.fr", False),
    ("https://exemple.fr/a b", False), ("javascript:alert(1)", False), ("ftp://exemple.fr", False),
])
def test_urls(value, ok):
    assert load({**VALID, "url": value}).report.ok == ok


# --- numbers, months, dates ---------------------------------------------------------------------

@pytest.mark.parametrize(("column", "text", "expected"), [
    ("stipend_amount_eur", "770", 770.0),
    ("stipend_amount_eur", "770.5", 770.5),
    ("stipend_amount_eur", "770,5", 770.5),  # French Excel's decimal comma
    ("stipend_amount_eur", "770,50", 770.5),
    ("stipend_amount_eur", "+770", 770.0),
    ("stipend_amount_eur", " 770 ", 770.0),
    ("hours_per_week_max", "35,5", 35.5),
    ("hours_per_week_max", "35,000", 35.0),  # 35 000 hours is out of range: only one reading
    ("duration_min_months", "4,5", 4.5),
    ("latitude", "45,73788", 45.73788),
    ("latitude", "45,737", 45.737),  # 45 737 is not a latitude
    ("longitude", "4,75508", 4.75508),
])
def test_numbers_read(column, text, expected):
    changes = {column: text}
    if column == "duration_min_months":
        changes["duration_max_months"] = "6"
    loaded = load({**VALID, **changes})
    assert loaded.report.ok, loaded.report.to_text()
    assert loaded.offers[column].iloc[0] == expected


@pytest.mark.parametrize(("column", "text", "says"), [
    ("stipend_amount_eur", "1 300 €", "sans espace ni symbole : écrivez 1300"),
    ("stipend_amount_eur", "1\u202f300", "écrivez 1300"),  # narrow no-break space, as French Excel shows it
    ("stipend_amount_eur", "1 300,50 €", "écrivez 1300.50"),
    ("stipend_amount_eur", "770 euros", "sans unité ni symbole : écrivez 770"),
    ("stipend_amount_eur", "770€/mois", "écrivez 770"),
    ("stipend_amount_eur", "4,05 € de l'heure", "écrivez 4.05"),
    ("stipend_amount_eur", "1,300", "nombre ambigu : 1,3 (virgule décimale) ou 1 300 (séparateur de milliers)"),
    ("stipend_amount_eur", "1,300 €", "sans unité ni symbole ; nombre ambigu"),
    ("stipend_amount_eur", "1.300 €", "sans unité ni symbole ; montant en euros : au plus 2 décimales"),
    ("stipend_amount_eur", "1.300,50", "nombre attendu"),
    ("stipend_amount_eur", "770.505", "au plus 2 décimales"),
    ("stipend_amount_eur", "de 600 à 800 €", "nombre attendu"),
    ("stipend_amount_eur", "gratification légale", "nombre attendu"),
    ("stipend_amount_eur", "1e3", "nombre attendu"),
    ("stipend_amount_eur", "NaN", "nombre attendu"),
    ("stipend_amount_eur", "inf", "nombre attendu"),
    ("hours_per_week_min", "35h", "écrivez 35"),
    ("hours_per_week_max", "trente-cinq", "nombre attendu (chiffres, avec un point ou une virgule décimale)"),
    ("duration_min_months", "4 à 6", "s'écrit 4 dans duration_min_months et 6 dans duration_max_months"),
    ("hours_per_week_max", "35-39", "« 28 et 35 h » s'écrit 28 dans hours_per_week_min et 35 dans hours_per_week_max"),
    ("hours_per_week_min", "28 et 35", "s'écrit 28 dans hours_per_week_min et 35 dans hours_per_week_max"),
    ("stipend_amount_eur", "600-800", "une seule valeur attendue, pas une fourchette"),
])
def test_numbers_refused_with_a_hint_never_guessed(column, text, says):
    found = errors_at(load({**VALID, column: text}).report)
    assert any(says in r for r in found[column]), found
    assert "écrivez 600" not in " ".join(found[column]), "a range is never turned into one of its ends"
    assert "écrivez 1.300" not in " ".join(found[column]), "an ambiguous number gets no proposal"


@pytest.mark.parametrize(("column", "text", "says"), [
    ("start_earliest", "03/2023",
     "mois attendu au format AAAA-MM, par exemple 2023-03 pour mars 2023 : écrivez 2023-03"),
    ("start_earliest", "3/2023", "écrivez 2023-03"),
    ("start_earliest", "mars 2023", "écrivez 2023-03"),
    ("start_earliest", "Février 2023", "écrivez 2023-02"),
    ("start_earliest", "févr. 2023", "écrivez 2023-02"),
    ("start_earliest", "2023-3", "écrivez 2023-03"),
    ("start_earliest", "2023/03", "écrivez 2023-03"),
    ("start_earliest", "2023-03-15", "écrivez 2023-03"),
    ("start_earliest", "2023-13", "mois attendu au format AAAA-MM"),
    ("start_earliest", "printemps 2023", "mois attendu au format AAAA-MM"),
    ("application_deadline", "15/01/2023",
     "date attendue au format AAAA-MM-JJ, par exemple 2023-01-15 : écrivez 2023-01-15"),
    ("application_deadline", "1er mars 2023", "écrivez 2023-03-01"),
    ("application_deadline", "17 février 2023", "écrivez 2023-02-17"),
    ("application_deadline", "2023-02-30", "cette date n'existe pas"),
    ("application_deadline", "2023-13-01", "le 2023-13-01 n'existe pas"),
    ("application_deadline", "30/02/2023", "cette date n'existe pas"),
    ("application_deadline", "03/2023", "un jour précis est attendu"),
    ("application_deadline", "15/01/23", "date attendue au format AAAA-MM-JJ"),
    ("year", "23", "année attendue sur quatre chiffres, par exemple 2023"),
    ("year", "2023.0", "année attendue sur quatre chiffres"),
    ("year", "1999", "valeur trop petite (minimum 2 000)"),
])
def test_months_dates_and_years_refused_with_the_format(column, text, says):
    found = errors_at(load({**VALID, column: text}).report)
    assert any(says in r for r in found[column]), found


def test_a_hint_never_invents_a_value():
    """« 15/01/23 » could be read, but the century is not written: no value is proposed."""
    found = errors_at(load({**VALID, "application_deadline": "15/01/23"}).report)
    assert "écrivez" not in found["application_deadline"][0]


# --- identifiers ------------------------------------------------------------------------------

def test_duplicated_ids_reject_every_copy_and_name_the_others():
    other = {**VALID, "offer_id": "autre-offre"}
    loaded = load(VALID, other, {**VALID, "title": "Copie"}, {**VALID, "title": "Autre copie"})
    assert list(loaded.offers["offer_id"]) == ["autre-offre"]
    assert loaded.report.rejected_rows == [2, 4, 5]
    reasons = {i.row: i.reason for i in loaded.report.errors}
    assert reasons[2].startswith("identifiant en double : chaque offer_id doit être unique (aussi ligne 4, 5")
    assert "(aussi ligne 2, 5" in reasons[4]


# --- republications ---------------------------------------------------------------------------

FIRST = {**VALID, "offer_id": "arles-mars-2023"}
AGAIN = {**VALID, "offer_id": "arles-avril-2023", "start_earliest": "2023-04", "republishes": "arles-mars-2023"}


def test_a_republication_names_its_first_posting():
    loaded = load(FIRST, AGAIN)
    assert loaded.report.ok and not loaded.report.issues, loaded.report.to_text()
    assert loaded.offers["republishes"].tolist()[1] == "arles-mars-2023"


def test_a_row_cannot_republish_itself():
    loaded = load(FIRST, {**AGAIN, "republishes": "arles-avril-2023"})
    assert errors_at(loaded.report, row=3) == {
        "republishes": ["une offre ne peut pas se republier elle-même : laissez republishes vide"]}
    assert list(loaded.offers["offer_id"]) == ["arles-mars-2023"]


def test_no_chain_the_first_posting_is_named():
    """A third posting names the first one, not the second: the message says which to write."""
    third = {**VALID, "offer_id": "arles-mai-2023", "republishes": "arles-avril-2023"}
    loaded = load(FIRST, AGAIN, third)
    (reason,) = errors_at(loaded.report, row=4)["republishes"]
    assert reason == ("pas de chaîne : « arles-avril-2023 » republie déjà « arles-mars-2023 » ; nommez l'offre "
                      "d'origine, arles-mars-2023")
    assert loaded.report.rejected_rows == [4]
    assert load(FIRST, AGAIN, {**third, "republishes": "arles-mars-2023"}).report.ok


def test_two_rows_republishing_each_other_are_refused():
    loaded = load({**FIRST, "republishes": "arles-avril-2023"}, AGAIN)
    assert loaded.report.rejected_rows == [2, 3]
    assert all("se republient en boucle" in i.reason for i in loaded.report.errors)


def test_a_first_posting_absent_from_the_file_is_a_warning_only():
    """An uploaded file may republish an offer of the bundled data: the row is kept, and said."""
    loaded = load({**AGAIN, "republishes": "petr-arles-conseil-developpement-2023"})
    assert loaded.report.ok and len(loaded.offers) == 1
    (warning,) = loaded.report.warnings
    assert (warning.row, warning.column) == (2, "republishes")
    assert warning.reason.startswith("offre d'origine absente de ce fichier : le lien est gardé")


def test_a_rejected_first_posting_is_named_in_the_warning():
    loaded = load({**FIRST, "year": "23"}, AGAIN)
    assert list(loaded.offers["offer_id"]) == ["arles-avril-2023"]
    assert any(w.reason.startswith("l'offre d'origine est rejetée (ligne 2)") for w in loaded.report.warnings)


def test_a_republication_without_an_offer_id_is_reported_not_a_crash():
    """Found by tests/test_properties.py: an empty offer_id beside a republishes value."""
    loaded = load({**AGAIN, "offer_id": ""})
    assert errors_at(loaded.report) == {"offer_id": ["valeur obligatoire manquante"]}


@pytest.mark.parametrize("value", ["Arles Mars", "arles_mars", "x" * 81])
def test_republishes_is_an_identifier(value):
    found = errors_at(load(FIRST, {**AGAIN, "republishes": value}).report, row=3)
    assert set(found) == {"republishes"}


# --- the header -------------------------------------------------------------------------------

def test_missing_required_columns_are_each_named_on_row_1():
    text = csv_bytes(VALID).decode().splitlines()
    header = text[0].split(",")
    drop = [header.index("title"), header.index("source")]
    lines = [",".join(c for i, c in enumerate(line.split(",")) if i not in drop) for line in text]
    with pytest.raises(InvalidOffersFile) as raised:
        load_offers("\n".join(lines).encode())
    assert {(i.row, i.column) for i in raised.value.report.errors} == {(1, "title"), (1, "source")}


def test_extra_columns_are_kept_raw_with_a_warning():
    text = csv_bytes(VALID).decode().splitlines()
    data = f"{text[0]},commentaire\n{text[1]},  à garder tel quel \n".encode()
    loaded = load_offers(data)
    assert loaded.offers["commentaire"].iloc[0] == "  à garder tel quel "
    assert [(w.row, w.column) for w in loaded.report.warnings] == [(1, "commentaire")]


# --- warnings -------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "column", "says"), [
    ({"duration_max_months": "7"}, "duration_max_months", "stage de plus de 6 mois"),
    ({"start_earliest": "2023-01"}, "start_earliest", "le début du stage précède la date limite de candidature"),
    # 2023's minimum is 4.05 € an hour (15 % of the 27 € ceiling): 600 € a month at 35 h is below 614.25 €
    ({"stipend_amount_eur": "600"}, "stipend_amount_eur", "inférieur à la gratification minimale légale"),
    ({"stipend_amount_eur": "4", "stipend_period": "hour"}, "stipend_amount_eur", "inférieur à la gratification"),
    ({"postcode": "13004", "city": "Arles"}, "postcode", "13004 est le code postal de MARSEILLE 04 et le code "
                                                         "INSEE de ARLES, pas son code postal"),
    ({"postcode": "13200", "city": "Aix-en-Provence"}, "postcode", "celui de ARLES"),
    ({"postcode": "99999"}, "postcode", "code postal introuvable"),
])
def test_warnings_keep_the_row(changes, column, says):
    loaded = load({**VALID, **changes})
    assert loaded.report.ok and len(loaded.offers) == 1, loaded.report.to_text()
    assert any(w.column == column and says in w.reason for w in loaded.report.warnings), loaded.report.to_text()


@pytest.mark.parametrize("changes", [
    {}, {"stipend_amount_eur": "614.25"}, {"stipend_amount_eur": "4.05", "stipend_period": "hour"},
    {"stipend_amount_eur": "300", "duration_max_months": "2", "duration_min_months": "2"},  # owed beyond 2 months
    {"postcode": "75015", "city": "Paris"}, {"postcode": "13200", "city": "Arles"},
    {"postcode": "93210", "city": "Saint-Denis"},
])
def test_no_warning_for_what_is_right(changes):
    report = load({**VALID, **changes}).report
    assert not report.issues, report.to_text()


# --- the report -------------------------------------------------------------------------------

def test_every_reason_is_french():
    rows = [{**VALID, "offer_id": f"o-{i}", **changes} for i, (changes, _blamed) in enumerate(CROSS_RULES)]
    rows += [{**VALID, "offer_id": f"p-{column}", column: "???"} for column in COLUMN_NAMES if column != "offer_id"]
    report = load(*rows).report
    assert len(report.errors) > 50
    for issue in report.issues:
        assert not ENGLISH.search(issue.reason), issue.reason


def test_issues_are_sorted_by_row_file_first():
    report = load({**VALID, "year": "23"}, {**VALID, "offer_id": "b", "org_type": "x"}).report
    report_rows = [i.row for i in report.issues]
    assert report_rows == sorted(report_rows, key=lambda r: (r is not None, r or 0))


def test_describe_and_table():
    issue = Issue("error", "valeur inconnue", row=3, column="org_type", value="cabinet", offer_id="coopawatt-2023")
    assert issue.describe() == ("Ligne 3, offre « coopawatt-2023 », colonne « org_type » : valeur inconnue "
                                "(valeur : « cabinet »)")
    assert Issue("error", "le fichier est vide").describe() == "le fichier est vide"
    hostile = Issue("error", "x", row=2, column="c\x00\r\nd", value="a\r\nb\x1b" + "z" * 200)
    text = hostile.describe()
    assert "\n" not in text and "\r" not in text and "\x1b" not in text and "…" in text
    report = ValidationReport(issues=[issue, Issue("warning", "colonne inconnue", row=1, column="x")],
                              rows_read=2, rows_valid=1, encoding="UTF-8", separator=";")
    assert report.rejected_rows == [3], "a header problem rejects no data row"
    assert report.summary() == ("1 offre valide sur 2 lignes lues, 1 rejetée, 1 erreur, "
                                "1 avertissement [encodage UTF-8, séparateur point-virgule]")
    frame = report.to_frame()
    assert list(frame.columns) == ["gravité", "ligne", "colonne", "problème", "valeur", "offre"]
    assert frame["gravité"].tolist() == ["erreur", "avertissement"]
    assert str(frame["ligne"].dtype) == "Int64"


def test_invalid_file_carries_its_report():
    with pytest.raises(InvalidOffersFile) as raised:
        load_offers(b"")
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == raised.value.report.to_text()


def test_offers_keep_their_spreadsheet_row():
    loaded = load(VALID, {**VALID, "offer_id": "b", "year": "x"}, {**VALID, "offer_id": "c"})
    assert list(loaded.offers.index) == [2, 4] and loaded.offers.index.name == "row"
    assert isinstance(loaded.offers, pd.DataFrame) and list(loaded.offers.columns) == list(COLUMN_NAMES)
    assert set(NUMBER_COLUMNS) <= set(loaded.offers.columns)


def test_a_text_cell_is_read_without_a_copy_only_when_no_space_surrounds_it():
    """Text columns are kept as read (no copy of a million offers' notes) unless a cell has a space
    to strip at either end, as Python's str.strip() sees spaces: checked against every character.
    A space missed here would leave « Paris » and « Paris  » as two cities in the filters."""
    import sys

    from lib.validation import _text_as_read

    def column(texts: list[str]) -> pd.Series:
        return pd.Series(texts, dtype="string[pyarrow]")

    from lib.spaces import SPACES, any_space_to_strip

    characters = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    spaces = [c for c in characters if c.isspace()]
    assert list(SPACES) == spaces
    for space in spaces:
        assert _text_as_read(column(["Paris", f"{space}Lyon"])) is None, repr(space)
        assert _text_as_read(column([f"Lyon{space}", "Paris"])) is None, repr(space)
        assert _text_as_read(column([f"Saint{space}Denis"])) is not None, repr(space)
    others = [c for c in characters if not c.isspace()]
    as_read = _text_as_read(column([f"{c}x{c}" for c in others]))
    assert as_read is not None and as_read[0] == "\x00x\x00" and len(as_read) == len(others)
    # Read from the bytes at each text's ends: every character, alone, before and after others of
    # every width, in a sliced array and beside missing cells whose bytes are spaces.
    import pyarrow as pa

    for text in ("", "a", "é", "\u20ac", "\U0001f600"):  # beside characters of one to four bytes
        for join in (lambda c, text=text: c + text, lambda c, text=text: text + c):
            assert not any_space_to_strip(pa.array([join(c) for c in others], pa.large_string()))
            assert not any_space_to_strip(pa.array(["x", *(join(c) for c in others[::11])], pa.string()).slice(1))
            for space in spaces:
                assert any_space_to_strip(pa.array(["x", join(space)], pa.large_string())), (repr(space), text)
                assert any_space_to_strip(pa.array(["x", join(space), "y"], pa.string()).slice(1, 1))
    offsets = (0).to_bytes(4, "little") + (2).to_bytes(4, "little") + (3).to_bytes(4, "little")
    hidden = pa.Array.from_buffers(pa.string(), 2, [pa.py_buffer(bytes([0b10])), pa.py_buffer(offsets),
                                                    pa.py_buffer(b" xy")])
    assert hidden.to_pylist() == [None, "y"] and not any_space_to_strip(hidden)
