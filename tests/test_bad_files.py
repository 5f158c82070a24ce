"""Hostile and broken files: nothing crashes, nothing is lost, nothing is injected.

Every file of ``tests/data/bad/`` goes through the path of an upload (``load_offers(bytes)``)
and of the command line (``python -m lib validate FILE`` in a subprocess), and must give what
``tests/data/bad/EXPECTED.toml`` says: the rows kept (by offer_id), the rows rejected, every
error by row and column with a French reason, and the exit code.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from lib import loading
from lib.export import safe_csv_bytes
from lib.i18n import tn
from lib.loading import MAX_FILE_BYTES, MAX_FILE_MB
from lib.report import InvalidOffersFile, Issue, ValidationReport
from lib.validation import load_offers

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
EXPECTED: dict[str, dict] = tomllib.loads((BAD / "EXPECTED.toml").read_text(encoding="utf-8"))
NAMES = sorted(EXPECTED)

# Words of pandera's, pandas' or Python's own messages: none may reach a user.
ENGLISH = re.compile(r"\b(?:greater|less|than|equal|failed|expected|error|column|value|str_length|isin|"
                     r"Check|Series|dtype|None|nan|NaN|Traceback|Exception)\b")


def validate_cli(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib", "validate", str(path)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=120)


@pytest.fixture(scope="module")
def cli_run() -> Callable[[str], subprocess.CompletedProcess]:
    """``python -m lib validate`` on a file of the corpus.

    Alone, pytest runs them all at once, several processes at a time; under pytest-xdist, which
    already spreads the tests over processes, each test runs its own file only.
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return lambda name: validate_cli(BAD / name)
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        runs = dict(zip(NAMES, pool.map(lambda name: validate_cli(BAD / name), NAMES), strict=True))
    return runs.__getitem__


def load_report(name: str) -> tuple[pd.DataFrame | None, ValidationReport]:
    """(offers or None, report) as the upload page gets them."""
    data = (BAD / name).read_bytes()
    if EXPECTED[name].get("raises", False):
        with pytest.raises(InvalidOffersFile) as raised:
            load_offers(data)
        return None, raised.value.report
    loaded = load_offers(data)
    return loaded.offers, loaded.report


def matches(issue: Issue, wanted: dict) -> bool:
    return (issue.row == wanted.get("row") and issue.column == wanted.get("column")
            and wanted["says"] in issue.reason)


def test_the_corpus_is_complete():
    on_disk = {p.name for p in BAD.glob("*.csv")}
    assert on_disk == set(EXPECTED), "every bad file needs an entry in EXPECTED.toml, and every entry a file"
    assert len(on_disk) >= 28
    for name, expected in EXPECTED.items():
        assert expected["proves"] and expected["exit"] in (0, 1), name
        assert expected.get("raises", False) or ("kept" in expected and "rejected" in expected), name


@pytest.mark.parametrize("name", NAMES)
def test_upload_path(name):
    expected = EXPECTED[name]
    offers, report = load_report(name)
    if offers is not None:
        assert list(offers["offer_id"]) == expected["kept"], report.to_text()
        assert report.rejected_rows == expected["rejected"], report.to_text()
        assert report.rows_read - report.rows_valid == len(expected["rejected"])
        assert report.rows_valid == len(expected["kept"])
        assert list(offers.index) == sorted(offers.index), "offers keep their spreadsheet row as index"
    assert report.ok == (expected["exit"] == 0), report.to_text()
    # Every error is expected, by row and column; each expected one says what it must.
    wanted_places = {(e.get("row"), e.get("column")) for e in expected["errors"]}
    assert {(i.row, i.column) for i in report.errors} == wanted_places, report.to_text()
    for wanted in expected["errors"]:
        assert any(matches(i, wanted) for i in report.errors), f"{wanted}\n{report.to_text()}"
    for wanted in expected.get("warnings", []):
        assert any(matches(i, wanted) for i in report.warnings), f"{wanted}\n{report.to_text()}"
    for issue in report.issues:
        assert not ENGLISH.search(issue.reason), issue.reason
        assert issue.describe() and "\n" not in issue.describe()
    frame = report.to_frame()
    assert list(frame.columns) == ["gravité", "ligne", "colonne", "problème", "valeur", "offre"]
    assert len(frame) == len(report.issues)


@pytest.mark.parametrize("name", [n for n in NAMES if "values" in EXPECTED[n]])
def test_values_read(name):
    offers, _report = load_report(name)
    assert offers is not None
    by_id = offers.set_index("offer_id")
    for offer_id, cells in EXPECTED[name]["values"].items():
        for column, value in cells.items():
            assert by_id.at[offer_id, column] == value, (offer_id, column)


@pytest.mark.parametrize("name", NAMES)
def test_command_line(name, cli_run):
    expected = EXPECTED[name]
    result = cli_run(name)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == expected["exit"], result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines, result.stderr
    if expected.get("raises", False):
        assert lines[0].startswith("0 offre valide")
    else:
        read = len(expected["kept"]) + len(expected["rejected"])
        assert lines[0].startswith(f"{tn('valid_offers', len(expected['kept']))} sur {tn('rows_read', read)}, "
                                   f"{tn('rejected_count', len(expected['rejected']))}"), lines[0]
    if expected["exit"] == 0:
        assert len(lines) == 1, "a valid file gives one line"
    for wanted in expected["errors"]:
        needles = [wanted["says"]]
        if "row" in wanted:
            needles.append(f"Ligne {wanted['row']}")
        if "column" in wanted:
            needles.append(f"colonne « {wanted['column']} »")
        assert any(line.startswith("- ERREUR") and all(n in line for n in needles) for line in lines), (
            f"{needles}\n{result.stdout}")


def test_decimal_comma_and_decimal_point_give_the_same_offers():
    comma = load_offers((BAD / "decimal_comma.csv").read_bytes()).offers
    point = load_offers((BAD / "decimal_point.csv").read_bytes()).offers
    pd.testing.assert_frame_equal(comma, point)


def test_french_excel_file_gives_the_same_offers_as_the_plain_one():
    excel = load_offers((BAD / "excel_fr_semicolon.csv").read_bytes()).offers
    plain = load_offers(ROOT / "data" / "offers.csv").offers.set_index("offer_id")
    excel = excel.set_index("offer_id")
    pd.testing.assert_frame_equal(excel, plain.loc[excel.index], check_names=False)


def test_windows_1252_and_utf16_read_the_same_text_as_utf8():
    plain = load_offers(ROOT / "data" / "offers.csv").offers.set_index("offer_id")
    for name in ("windows_1252.csv", "utf16_unicode_text.csv", "utf8_bom.csv"):
        offers = load_offers((BAD / name).read_bytes()).offers.set_index("offer_id")
        pd.testing.assert_frame_equal(offers, plain.loc[offers.index], check_names=False)


def test_formula_cells_load_as_text_and_are_neutralised_in_the_download():
    offers = load_offers((BAD / "formula_injection.csv").read_bytes()).offers
    download = safe_csv_bytes(offers)
    assert download.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(download.decode("utf-8-sig"), newline="")))
    by_id = {row["offer_id"]: row for row in rows}
    assert by_id["agence-tact-concertation-2023"]["title"].startswith("'=HYPERLINK(")
    assert by_id["coopawatt-concertation-enr-2023"]["organisation"] == "'+cmd|' /C calc'!A0"
    assert by_id["decider-ensemble-stagiaire-2023"]["notes"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert by_id["petr-arles-conseil-developpement-2023"]["address"] == "'-2+3+cmd|' /C calc'!A0"
    for row in rows:
        for column, cell in row.items():
            assert not cell.lstrip().startswith(("=", "+", "@")), (column, cell)
            assert not cell.startswith("-") or re.fullmatch(r"-\d+(?:\.\d+)?", cell), (column, cell)
    # Numbers stay numbers: the longitude of a French offer in the west is negative.
    assert by_id["coopawatt-concertation-enr-2023"]["stipend_amount_eur"] == "770"
    assert by_id["decider-ensemble-stagiaire-2023"]["stipend_amount_eur"] == "4.05"


def test_html_is_loaded_unchanged():
    offers = load_offers((BAD / "html_script.csv").read_bytes()).offers.set_index("offer_id")
    assert offers.at["agence-tact-concertation-2023", "title"].startswith("<script>")


# --- a file beyond the size limit, built at run time ------------------------------------------

def test_upload_beyond_the_size_limit_is_refused():
    data = b"offer_id\n".ljust(MAX_FILE_BYTES + 1, b"x")
    with pytest.raises(InvalidOffersFile) as raised:
        load_offers(data)
    (error,) = raised.value.report.errors
    assert f"au-delà de la limite de {MAX_FILE_MB} Mo" in error.reason
    assert MAX_FILE_MB == 200  # the figure the upload page announces (MAX_FILE_BYTES in MiB)


@pytest.mark.parametrize(("extra", "refused"), [(0, False), (1, True)])
def test_size_limit_boundary(monkeypatch, extra, refused):
    """A file of exactly the limit is read; one byte more is refused."""
    data = (BAD / "decimal_point.csv").read_bytes()
    monkeypatch.setattr(loading, "MAX_FILE_BYTES", len(data) - extra)
    if refused:
        with pytest.raises(InvalidOffersFile):
            load_offers(data)
    else:
        assert len(load_offers(data).offers) == 3


@pytest.fixture
def oversized_file(tmp_path) -> Path:
    """A sparse file one byte over the limit: it takes no room, and must never be read."""
    path = tmp_path / "trop-gros.csv"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    return path


def test_oversized_path_is_refused_before_being_read(oversized_file):
    started = time.perf_counter()
    with pytest.raises(InvalidOffersFile) as raised:
        load_offers(oversized_file)
    assert time.perf_counter() - started < 1.0
    assert "au-delà de la limite" in raised.value.report.errors[0].reason


def test_oversized_file_on_the_command_line(oversized_file):
    result = validate_cli(oversized_file)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"au-delà de la limite de {MAX_FILE_MB} Mo" in result.stdout


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview])
def test_upload_buffers_of_any_kind_are_read(wrap):
    data = (BAD / "decimal_point.csv").read_bytes()
    assert len(load_offers(wrap(data)).offers) == 3
