"""The collection's export and ``python -m lib merge``: the export is formula-safe and merges back
into the data file; both files are validated first; offer_id conflicts are reported, and nothing
is written unless the curator says which version wins."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lib.collection import CURATOR, Actor, Collection
from lib.collection.merge import export_csv, merged_text, plan_merge
from lib.validation import load_offers
from tests.conftest import VALID_ROW, offers_csv_bytes

ROOT = Path(__file__).resolve().parent.parent
ALICE = Actor("alice", CURATOR)
ROW = {**VALID_ROW, "stipend_amount_eur": 700.0, "duration_min_months": 6.0, "duration_max_months": 6.0,
       "year": 2024}


@pytest.fixture
def collection(database_url):
    opened = Collection.open(database_url)
    yield opened
    opened.close()


def test_the_export_cannot_run_a_formula_and_merges_back_unchanged(collection):
    collection.publish({**ROW, "offer_id": "formule-2024", "title": "=HYPERLINK(\"http://x\",\"clic\")",
                        "notes": "@SUM(A1)"}, ALICE)
    exported = export_csv(collection.published_rows())
    assert b"'=HYPERLINK" in exported and b"'@SUM" in exported
    restored = load_offers(exported).offers.iloc[0]  # the loader takes the apostrophes off
    assert restored["title"] == '=HYPERLINK("http://x","clic")' and restored["notes"] == "@SUM(A1)"


def test_a_merge_adds_new_offers_and_keeps_the_file_as_it_was(collection):
    collection.publish({**ROW, "offer_id": "nouvelle-offre-2024"}, ALICE)
    target = (ROOT / "data" / "offers.csv").read_bytes()
    plan = plan_merge(export_csv(collection.published_rows()), target)
    assert plan.valid and plan.added == ["nouvelle-offre-2024"] and not plan.conflicts
    text = merged_text(plan, target)
    assert text.startswith(target.decode("utf-8").rstrip("\n"))  # every line of the file kept as it was
    merged = load_offers(text.encode("utf-8"))
    assert merged.report.ok and len(merged.offers) == 28


def test_conflicting_identifiers_are_reported_and_stop_the_merge(collection):
    target = offers_csv_bytes([{"offer_id": "meme-id-2024", "stipend_amount_eur": "650"}])
    collection.publish({**ROW, "offer_id": "meme-id-2024"}, ALICE)  # 700 € in the collection
    plan = plan_merge(export_csv(collection.published_rows()), target)
    assert [c.offer_id for c in plan.conflicts] == ["meme-id-2024"]
    assert ("stipend_amount_eur", "650.0", "700.0") in plan.conflicts[0].differences
    assert "Conflit sur « meme-id-2024 »" in plan.describe()
    assert merged_text(plan, target) is None
    assert merged_text(plan, target, "keep") == target.decode("utf-8")
    replaced = load_offers(merged_text(plan, target, "replace").encode("utf-8")).offers
    assert replaced.iloc[0]["stipend_amount_eur"] == 700


def test_an_identical_offer_is_already_there(collection):
    target = offers_csv_bytes([{"offer_id": "deja-la-2024"}])
    collection.publish({**ROW, "offer_id": "deja-la-2024", "stipend_amount_eur": 700.0}, ALICE)
    plan = plan_merge(export_csv(collection.published_rows()), target)
    assert plan.identical == ["deja-la-2024"] and not plan.added and not plan.conflicts


def test_an_invalid_export_is_refused_before_anything(tmp_path):
    broken = offers_csv_bytes([{"offer_id": "ok-2024"}, {"offer_id": "casse-2024", "org_type": "mairie"}])
    plan = plan_merge(broken, (ROOT / "data" / "offers.csv").read_bytes())
    assert not plan.valid and "org_type" in plan.describe()
    assert merged_text(plan, (ROOT / "data" / "offers.csv").read_bytes()) is None


def run_merge(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib", "merge", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_the_command_line_validates_reports_and_writes_with_a_backup(tmp_path):
    target = tmp_path / "offers.csv"
    target.write_bytes(offers_csv_bytes([{"offer_id": "meme-id-2024", "stipend_amount_eur": "650"}]))
    export = tmp_path / "collection.csv"
    export.write_bytes(export_csv([{**ROW, "offer_id": "meme-id-2024"}, {**ROW, "offer_id": "autre-2024"}]))
    stopped = run_merge(str(export), "--into", str(target))
    assert stopped.returncode == 1 and "meme-id-2024" in stopped.stdout and "Rien n'a été modifié" in stopped.stdout
    assert target.read_bytes().count(b"\n") == 2
    kept = run_merge(str(export), "--into", str(target), "--on-conflict", "keep")
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert set(load_offers(target).offers["offer_id"]) == {"meme-id-2024", "autre-2024"}
    assert list(tmp_path.glob("offers.csv.*.bak"))
