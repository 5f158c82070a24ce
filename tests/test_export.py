"""Writing offers (lib/export.py): the data file exactly, and downloads that cannot run a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from lib.export import (
    FORMULA_TRIGGERS,
    neutralise_formula,
    offers_csv_text,
    safe_csv_bytes,
    to_contract_frame,
    write_offers_csv,
)
from lib.offers import prepare_offers
from lib.schema import COLUMN_NAMES
from lib.validation import load_offers

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "offers.csv"


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return load_offers(DATA).offers


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- neutralising formulas ----------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://x.invalid\",\"clic\")", "'=HYPERLINK(\"http://x.invalid\",\"clic\")"),
    ("=1+1", "'=1+1"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    # A tab or a line break starts a field too (a paste splits on tabs, a line break starts a row):
    # each place where a field could start gets its apostrophe.
    ("\t=1+1", "'\t'=1+1"),
    ("\r=1+1", "'\r'=1+1"),
    ("x;=1+1", "x;'=1+1"),  # French Excel splits a comma-separated file on ';'
    ("x,=1+1", "x,'=1+1"),
    ("notes\n- point", "notes\n'- point"),
    ("\tTexte", "'\tTexte"),
    ("  =1+1", "'  =1+1"),  # leading spaces do not protect: some spreadsheets trim them
    ("＝1+1", "'＝1+1"),  # full-width equals sign
    ("-", "'-"),
    ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
    # left alone: plain numbers and ordinary text
    ("-1.17466", "-1.17466"),
    ("-3", "-3"),
    ("+5", "+5"),
    ("4,05", "4,05"),
    ("Paris", "Paris"),
    ("a=b", "a=b"),
    ("Stage – concertation", "Stage – concertation"),
    ("", ""),
])
def test_neutralise_formula(cell, written):
    assert neutralise_formula(cell) == written


def test_the_triggers_are_those_of_owasp():
    assert set("=+-@\t\r") <= set(FORMULA_TRIGGERS)


def test_download_neutralises_text_cells_and_column_names(bundled):
    offers = bundled.head(3).copy()
    offers.loc[offers.index[0], "title"] = "=HYPERLINK(\"http://x.invalid\")"
    offers.loc[offers.index[1], "notes"] = "@SUM(1+1)"
    offers["=cmd|' /C calc'!A0"] = "+1+1"
    data = safe_csv_bytes(offers)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = rows_of(data)
    assert rows[0]["title"] == "'=HYPERLINK(\"http://x.invalid\")"
    assert rows[1]["notes"] == "'@SUM(1+1)"
    assert "'=cmd|' /C calc'!A0" in rows[0] and rows[0]["'=cmd|' /C calc'!A0"] == "'+1+1"


def test_download_does_not_mangle_numbers(bundled):
    """Negative longitudes, hourly amounts and years stay the numbers the file holds."""
    rows = {r["offer_id"]: r for r in rows_of(safe_csv_bytes(bundled))}
    decider = rows["decider-ensemble-stagiaire-2023"]
    assert decider["stipend_amount_eur"] == "4.05" and decider["year"] == "2023"
    assert decider["hours_per_week_min"] == decider["hours_per_week_max"] == "35"
    paris = rows["paris-11-communication-service-civique-2023"]
    assert (paris["hours_per_week_min"], paris["hours_per_week_max"]) == ("28", "35")
    assert rows["guidasso-mesure-impact-social-2023"]["longitude"] == "-1.17466"
    assert rows["uqar-concertation-risques-cotiers-2023"]["longitude"] == "-68.5232"
    assert rows["nicaya-consultant-concertation-2023"]["stipend_amount_eur"] == "1300"
    assert rows["agence-tact-concertation-2023"]["stipend_amount_eur"] == ""


def test_download_for_french_excel(bundled):
    data = safe_csv_bytes(bundled, sep=";", decimal=",")
    rows = {r["offer_id"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")}
    assert rows["decider-ensemble-stagiaire-2023"]["stipend_amount_eur"] == "4,05"
    assert rows["guidasso-mesure-impact-social-2023"]["longitude"] == "-1,17466"
    assert rows["agence-tact-concertation-2023"]["themes"] == "public_consultation;energy;communication"
    # and the loader reads it back to the same offers
    reloaded = load_offers(data).offers
    pd.testing.assert_frame_equal(reloaded, bundled)


def test_download_of_prepared_offers(bundled):
    """The data page downloads the prepared offers: derived numbers stay plain numbers too."""
    prepared = prepare_offers(bundled)
    rows = {r["offer_id"]: r for r in rows_of(safe_csv_bytes(prepared))}
    assert rows["decider-ensemble-stagiaire-2023"]["stipend_monthly_eur"] == "614.25"  # 4.05 × 35 × 52 / 12
    assert rows["coopawatt-concertation-enr-2023"]["stipend_monthly_eur"] == "770"
    for row in rows.values():
        for column, cell in row.items():
            assert not cell.lstrip().startswith(("=", "+", "@")), (column, cell)


# --- the data file ------------------------------------------------------------------------------

def test_writing_the_bundled_offers_gives_the_file_back_byte_for_byte(bundled):
    assert offers_csv_text(bundled) == DATA.read_text(encoding="utf-8")


def test_write_offers_csv_uses_unix_line_ends(bundled, tmp_path):
    path = tmp_path / "offers.csv"
    write_offers_csv(bundled, path)
    assert path.read_bytes() == DATA.read_bytes()


@pytest.mark.parametrize(("value", "written"), [
    (1300.0, "1300"), (4.05, "4.05"), (0.00001, "0.00001"), (1e-7, "0.0000001"), (-1.17466, "-1.17466"),
    (48.123456789, "48.123456789"), (0.1 + 0.2, "0.30000000000000004"), (2023, "2023"), (1e16, "10000000000000000"),
])
def test_numbers_are_written_exactly_without_exponent(value, written):
    frame = pd.DataFrame({"latitude": pd.array([value], dtype="Float64")})
    assert to_contract_frame(frame)["latitude"].iloc[0] == written
    assert to_contract_frame(frame, decimal=",")["latitude"].iloc[0] == written.replace(".", ",")


def test_contract_frame_orders_columns_and_leaves_private_ones_out(bundled):
    offers = bundled.head(2).copy()
    offers["_internal"] = 1
    offers["commentaire"] = ["a", None]
    offers = offers[["commentaire", "_internal", *reversed(list(COLUMN_NAMES))]]
    frame = to_contract_frame(offers)
    assert list(frame.columns) == [*COLUMN_NAMES, "commentaire"]
    assert frame["commentaire"].tolist() == ["a", ""]
    assert (frame.dtypes == "string").all()
    assert not frame.isna().any().any()


@pytest.mark.parametrize("cell", ["ligne\rseule", "ligne\r\nWindows", "ligne\nUnix", 'guillemet "x"', "a,b;c\td",
                                  "=1+1", " espaces dedans ", "\u2028séparateur unicode"])
@pytest.mark.parametrize(("sep", "decimal"), [(",", "."), (";", ","), ("\t", ".")])
def test_any_text_cell_survives_writing(bundled, cell, sep, decimal):
    """A lone carriage return is quoted too (Python's csv writer does not when lines end with \\n)."""
    offers = bundled.head(2).copy()
    offers.loc[offers.index[0], "notes"] = cell
    reloaded = load_offers(offers_csv_text(offers, sep=sep, decimal=decimal).encode("utf-8")).offers
    assert reloaded["notes"].iloc[0] == cell.strip()
    pd.testing.assert_frame_equal(reloaded.iloc[1:], offers.iloc[1:])


def test_bom_option():
    frame = pd.DataFrame({"offer_id": pd.array(["a"], dtype="string")})
    assert offers_csv_text(frame, bom=True) == "\ufeffoffer_id\na\n"
    assert offers_csv_text(frame) == "offer_id\na\n"
