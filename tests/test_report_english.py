"""The validation report in English: an English page explains a file's problems in English, the
French report staying exactly as it was."""

from __future__ import annotations

import re

import pytest

from lib.loading import MAX_FILE_MB
from lib.offer_form import check_row
from lib.report import InvalidOffersFile, Issue
from lib.validation import load_offers
from tests.conftest import ROOT, VALID_ROW, offers_csv_bytes, open_page, shown, table_with_column

# Words of the French reasons: none may be left in an English report of the cases below.
FRENCH_WORDS = re.compile(r"\b(ligne|offre|colonne|valeur|attendu|inconnue|obligatoire|manquante|fichier|"
                          r"identifiant|écrivez|trop|en double)\b| : |« | »")


def english_reports(data: bytes) -> tuple[list[str], list[str]]:
    """The English and French sentences of a file's report (a file read at all, or refused)."""
    try:
        report = load_offers(data).report
    except InvalidOffersFile as exc:
        report = exc.report
    return [i.describe("en") for i in report.issues], [i.describe() for i in report.issues]


def test_describe_names_the_place_in_english_and_keeps_french_by_default():
    issue = Issue("error", "valeur inconnue ; valeurs permises : association, scop", row=3, offer_id="x-2024",
                  column="org_type", value="bogus")
    assert issue.describe() == ("Ligne 3, offre « x-2024 », colonne « org_type » : valeur inconnue ; valeurs "
                                "permises : association, scop (valeur : « bogus »)")
    assert issue.describe("en") == ("Row 3, offer “x-2024”, column “org_type”: unknown value; allowed values: "
                                    "association, scop (value: “bogus”)")


def test_a_reason_written_in_english_where_it_was_found_is_used():
    issue = Issue("error", "raison française", column="offer_id", reason_en="English reason")
    assert issue.describe("en") == "Column “offer_id”: English reason"
    assert issue.describe() == "Colonne « offer_id » : raison française"


@pytest.mark.parametrize(("row", "expected"), [
    ({"org_type": "bogus"}, "unknown value; allowed values: "),
    ({"title": ""}, "required value missing"),
    ({"duration_max_months": "six"}, "number expected (digits, with a decimal point or comma)"),
    ({"duration_max_months": "4 à 6"}, "a single value expected: “4 to 6 months”"),
    ({"application_deadline": "15/01/2023"}, "date expected as YYYY-MM-DD"),
    ({"stipend_amount_eur": "1 300 €", "stipend_basis": "explicit", "stipend_period": "month"},
     "number expected, without spaces or symbols: write 1300"),
    ({"hours_per_week_max": "500"}, "value too large (maximum "),
])
def test_common_row_problems_are_explained_in_english(row, expected):
    english, french = english_reports(offers_csv_bytes([row]))
    assert any(expected in text for text in english), english
    for text in english:
        assert not FRENCH_WORDS.search(text), text
    assert all(text.startswith(("Ligne", "Colonne")) or " : " in text for text in french)


def test_a_duplicated_identifier_is_explained_in_english():
    english, _french = english_reports(offers_csv_bytes([{}, {}]))
    assert "Row 2, offer “{0}”, column “offer_id”: duplicate identifier: each offer_id must be unique (also row 3; " \
           "no copy is kept) (value: “{0}”)".format(VALID_ROW["offer_id"]) in english


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "the file is empty"),
    (b"%PDF-1.4 rest", "this file is a PDF document, not a CSV file"),
    (b"a;b;c\n1;2;3\n", "no expected column in the first line"),
    (b"offer_id,title\nx,y\n", "required column missing from the header: no offer can be read"),
    ("offer_id;titre\né;à\n".encode() + b"\x81\x8d\x8f" * 3, None),
])
def test_an_unreadable_file_is_explained_in_english(data, expected):
    english, _french = english_reports(data)
    assert english
    if expected is not None:
        assert any(expected in text for text in english), english
    for text in english:
        assert not FRENCH_WORDS.search(text), text


def test_the_report_table_is_english_and_the_french_one_unchanged():
    data = offers_csv_bytes([{}, {"offer_id": "rejected-row", "org_type": "bogus"}])
    report = load_offers(data).report
    english, french = report.to_frame("en"), report.to_frame()
    assert english["problem"].iloc[0].startswith("unknown value; allowed values: ")
    assert french["problème"].iloc[0].startswith("valeur inconnue ; valeurs permises : ")


def test_too_large_and_v1_files_are_explained_in_english():
    too_big = Issue("error", f"le fichier pèse 300 Mo, au-delà de la limite de {MAX_FILE_MB} Mo : découpez-le en "
                             "plusieurs fichiers")
    assert too_big.describe("en") == (f"the file weighs 300 MB, beyond the {MAX_FILE_MB} MB limit: split it into "
                                      "several files")
    english, _french = english_reports((ROOT / "tests" / "data" / "v1" / "offers_v1.csv").read_bytes())
    assert any("contract v1 file: column hours_per_week became hours_per_week_min and hours_per_week_max" in text
               for text in english), english


def test_the_add_offer_check_names_a_taken_identifier_in_english():
    check = check_row({**VALID_ROW}, taken={VALID_ROW["offer_id"]})
    problems = check.issues_frame("en").iloc[:, :].astype(str).values.ravel().tolist()
    assert "identifier already used by an offer of the dashboard" in problems


def test_the_english_data_page_shows_an_english_report():
    data = offers_csv_bytes([{}, {"offer_id": "rejected-row", "org_type": "bogus"},
                             {"offer_id": "no-title-2024", "title": ""}])
    at = open_page("data.py", session_state={"uploaded_file": {"name": "my-offers.csv", "data": data}},
                   query_params={"en": "true"})
    assert not at.exception
    report = table_with_column(at, "problem")
    assert set(report["column"]) == {"org_type", "title"}
    assert any(reason.startswith("unknown value; allowed values: ") for reason in report["problem"])
    assert "required value missing" in set(report["problem"])
    for reason in report["problem"]:
        assert not FRENCH_WORDS.search(reason), reason


def test_an_english_data_page_explains_an_unreadable_upload_in_english():
    at = open_page("data.py", session_state={"uploaded_file": {"name": "scan.pdf", "data": b"%PDF-1.4 rest"}},
                   query_params={"en": "true"})
    assert not at.exception
    errors = [shown(e.value) for e in at.error]
    assert any("this file is a PDF document, not a CSV file" in text for text in errors), errors
    assert not any("pas un fichier CSV" in text for text in errors)
