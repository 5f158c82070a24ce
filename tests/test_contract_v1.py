"""Files written for contract v1 still load, every value kept, with one clear message.

``tests/data/v1/offers_v1.csv`` is the bundled file as it was published under contract v1 (one
``hours_per_week`` column, « stage indemnisé » coded ``legal_minimum``, no ``republishes``);
``excel_fr_semicolon_v1.csv`` is a part of it as French Excel saves it (``;``, decimal comma, BOM).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lib import summary
from lib.offers import prepare_offers
from lib.schema import COLUMN_NAMES, V1_RENAMED
from lib.validation import load_offers

ROOT = Path(__file__).resolve().parent.parent
V1 = ROOT / "tests" / "data" / "v1"
V1_FILE = V1 / "offers_v1.csv"
RAW = pd.read_csv(V1_FILE, dtype=str, keep_default_na=False).set_index("offer_id")
V1_MESSAGE = "fichier du contrat v1 : la colonne hours_per_week est devenue hours_per_week_min et hours_per_week_max"


def v1_text(**cells: tuple[str, str]) -> bytes:
    """The v1 file with some cells replaced: ``column=(offer_id, value)``."""
    rows = list(csv.DictReader(io.StringIO(V1_FILE.read_text(encoding="utf-8"), newline="")))
    for column, (offer_id, value) in cells.items():
        next(r for r in rows if r["offer_id"] == offer_id)[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_the_fixture_is_a_v1_file():
    header = V1_FILE.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "hours_per_week" in header and "hours_per_week_min" not in header and "republishes" not in header
    assert set(V1_RENAMED) == {"hours_per_week"}


def test_a_v1_file_loads_with_one_message_naming_the_column_and_what_it_became():
    loaded = load_offers(V1_FILE)
    report = loaded.report
    assert report.ok and len(loaded.offers) == 27, report.to_text()
    about_v1 = [i for i in report.issues if "contrat v1" in i.reason]
    assert len(about_v1) == 1
    (message,) = about_v1
    assert (message.severity, message.row, message.column) == ("warning", 1, "hours_per_week")
    assert message.reason.startswith(V1_MESSAGE)
    assert "rien n'est perdu" in message.reason
    assert "le contrat v1 n'avait pas le code paid_unstated" in message.reason
    # The column v2 added is said once too; nothing calls hours_per_week an unknown column.
    assert any(i.column == "republishes" and i.reason == "colonne absente : ajoutée vide" for i in report.warnings)
    assert not any("colonne inconnue" in i.reason for i in report.issues)


def test_every_v1_value_is_kept():
    offers = load_offers(V1_FILE).offers.set_index("offer_id")
    assert list(offers.columns) == [c for c in COLUMN_NAMES if c != "offer_id"]
    for offer_id, row in RAW.iterrows():
        hours = row["hours_per_week"]
        for column in ("hours_per_week_min", "hours_per_week_max"):
            value = offers.at[offer_id, column]
            assert (pd.isna(value) and hours == "") or value == float(hours), (offer_id, column)
        for column in RAW.columns.drop("hours_per_week"):
            value = offers.at[offer_id, column]
            if pd.isna(value):
                text = ""
            elif isinstance(value, float):
                text = str(int(value)) if value.is_integer() else repr(float(value))
            else:
                text = str(value)
            assert text == row[column], (offer_id, column)
    assert offers["republishes"].isna().all()


def test_v1_legal_minimum_rows_keep_their_meaning():
    """v1 had no paid_unstated: its « stage indemnisé » rows (Rennes, La Montagne) stay
    legal_minimum, valued at the minimum and counted « au minimum légal », as they were in v1."""
    offers = prepare_offers(load_offers(V1_FILE).offers).set_index("offer_id")
    for offer_id in ("rennes-fabrique-citoyenne-climat-2023", "la-montagne-democratie-locale-2023"):
        assert offers.at[offer_id, "stipend_basis"] == "legal_minimum"
        assert offers.at[offer_id, "stipend_status"] == "estimated"
        assert offers.at[offer_id, "stipend_monthly_eur"] == pytest.approx(614.25)
    figures = summary.headline_figures(offers.reset_index())
    # v1's 18 internships with a known stipend, 13 of them at the minimum (the v1 dashboard's figure).
    assert (figures.internships_known, round(figures.share_at_minimum * 18)) == (18, 13)


def test_french_excel_v1_file_reads_the_same_offers():
    excel = load_offers(V1 / "excel_fr_semicolon_v1.csv")
    assert any(i.reason.startswith(V1_MESSAGE) for i in excel.report.warnings)
    plain = load_offers(V1_FILE).offers.set_index("offer_id")
    read = excel.offers.set_index("offer_id")
    assert len(read) >= 3
    pd.testing.assert_frame_equal(read, plain.loc[read.index], check_names=False)


@pytest.mark.parametrize(("value", "says"), [
    ("35h", "écrivez 35"),
    ("28 et 35", "« 28 et 35 h » s'écrit 28 dans hours_per_week_min et 35 dans hours_per_week_max"),
    ("60", "valeur trop grande (maximum 48)"),
])
def test_a_bad_v1_cell_is_one_error_under_the_files_own_column(value, says):
    """The v1 cell fills two v2 columns; its problem is reported once, as hours_per_week."""
    loaded = load_offers(v1_text(hours_per_week=("coopawatt-concertation-enr-2023", value)))
    errors = loaded.report.errors
    assert len(errors) == 1, loaded.report.to_text()
    (error,) = errors
    assert (error.row, error.column, error.offer_id) == (4, "hours_per_week", "coopawatt-concertation-enr-2023")
    assert says in error.reason
    assert len(loaded.offers) == 26


def test_a_file_with_both_contracts_columns_keeps_the_v2_ones():
    text = V1_FILE.read_text(encoding="utf-8").splitlines()
    lines = [text[0] + ",hours_per_week_min,hours_per_week_max"] + [line + ",28,35" for line in text[1:]]
    loaded = load_offers("\n".join(lines).encode("utf-8"))
    assert loaded.report.ok, loaded.report.to_text()
    assert set(loaded.offers["hours_per_week_min"]) == {28.0} and set(loaded.offers["hours_per_week_max"]) == {35.0}
    (ignored,) = [i for i in loaded.report.warnings if i.column == "hours_per_week"]
    assert ignored.reason == ("colonne du contrat v1 ignorée : ce fichier a déjà hours_per_week_min et "
                              "hours_per_week_max")


def run_lib(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_validate_command_accepts_a_v1_file_and_says_what_changed_when_asked():
    result = run_lib("validate", str(V1_FILE))
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 1, result.stdout + result.stderr
    verbose = run_lib("validate", "-v", str(V1_FILE))
    assert V1_MESSAGE in verbose.stdout


def test_geocode_writes_a_v1_file_back_in_contract_v2(tmp_path):
    path = tmp_path / "offers.csv"
    path.write_bytes(V1_FILE.read_bytes())
    result = run_lib("geocode", str(path), "--offline")
    assert result.returncode == 0, result.stdout + result.stderr
    written = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("offer_id")
    assert list(written.columns) == [c for c in COLUMN_NAMES if c != "offer_id"]
    assert (written["hours_per_week_min"] == RAW["hours_per_week"]).all()
    assert (written["hours_per_week_max"] == RAW["hours_per_week"]).all()
    assert len(list(tmp_path.glob("offers.csv.*.bak"))) == 1
    again = run_lib("validate", "-v", str(path))
    assert again.returncode == 0 and "contrat v1" not in again.stdout
