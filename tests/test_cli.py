"""``python -m lib validate|geocode`` as a user runs them."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

from lib.i18n import tn

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "offers.csv"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_validate_bundled_file_prints_one_line_and_exits_0():
    result = run("validate", str(DATA))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines() == [result.stdout.strip()]
    assert result.stdout.startswith("27 offres valides sur 27")


def test_validate_broken_file_names_row_and_column_and_exits_1(tmp_path):
    text = DATA.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    broken = text[2].split(",")
    broken[header.index("org_type")] = "cabinet"
    path = tmp_path / "broken.csv"
    path.write_text("\n".join([text[0], text[1], ",".join(broken)]) + "\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "ligne 3" in result.stdout.lower() and "org_type" in result.stdout and "valeur inconnue" in result.stdout
    assert result.stdout.startswith("1 offre valide sur 2")


def test_validate_missing_file_exits_1():
    result = run("validate", "no/such/file.csv")
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_geocode_fills_missing_coordinates_after_a_backup(tmp_path):
    offers = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    blanked = offers.copy()
    french = blanked["country"] == "FR"
    for column in ("latitude", "longitude", "geo_precision", "department_code", "region"):
        blanked.loc[french, column] = ""
    path = tmp_path / "offers.csv"
    blanked.to_csv(path, index=False)
    before = path.read_text(encoding="utf-8")
    result = run("geocode", str(path), "--offline")
    assert result.returncode == 0, result.stdout + result.stderr
    assert tn("geocoded_count", int(french.sum())) in result.stdout
    backups = list(tmp_path.glob("offers.csv.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before
    refilled = pd.read_csv(path, dtype=str, keep_default_na=False)
    # Offline geocoding gives back exactly what the published file holds (which was reviewed).
    pd.testing.assert_frame_equal(refilled.set_index("offer_id").sort_index(),
                                  offers.set_index("offer_id").sort_index())
