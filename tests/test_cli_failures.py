"""Every way ``python -m lib`` can fail on a file, from tests/data/bad/CLI.toml: one French line, exit status 1
(2 for a command line it cannot understand), no traceback, and nothing written when it stops."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
CASES = tomllib.loads((BAD / "CLI.toml").read_text(encoding="utf-8"))["case"]
# Python's own English words for system errors: none may reach the user.
ENGLISH = ("Traceback", "Errno", "No such file", "Is a directory", "Permission denied", "Error:", "usage:")
# root ignores file permissions: the read-only cases run without the capabilities that let it (util-linux).
AS_USER = (["setpriv", "--inh-caps=-dac_override,-dac_read_search,-fowner",
            "--bounding-set=-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else [])


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def places(tmp_path):
    readonly = tmp_path / "lecture-seule.csv"
    shutil.copy(ROOT / "data" / "offers.csv", readonly)
    readonly.chmod(0o444)
    readonly_folder = tmp_path / "dossier-protege"
    readonly_folder.mkdir()
    shutil.copy(ROOT / "data" / "offers.csv", readonly_folder / "offers.csv")
    readonly_folder.chmod(0o555)
    yield {"missing": str(tmp_path / "absent.csv"), "folder": str(tmp_path), "readonly": str(readonly),
           "readonly_folder": str(readonly_folder), "bad": str(BAD)}
    readonly_folder.chmod(0o755)


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c["args"]) or "(nothing)" for c in CASES])
def test_cli_failure(case, places, tmp_path):
    if AS_USER and not shutil.which("setpriv"):
        pytest.fail("setpriv (util-linux) is needed to test read-only files as root")
    args = [a.format(**places) for a in case["args"]]
    watched = Path(args[-1]).parent if case.get("unchanged") else None
    before = folder_snapshot(watched) if watched else None
    result = subprocess.run([*AS_USER, sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True,
                            encoding="utf-8", timeout=300)
    assert result.returncode == case["exit"], result.stdout + result.stderr
    for word in ENGLISH:
        assert word not in result.stderr + result.stdout, result.stderr + result.stdout
    if case.get("report"):
        assert result.stdout.splitlines()[0].startswith("0 offre valide")
        assert any(line.startswith("- ERREUR") and case["says"] in line for line in result.stdout.splitlines())
    else:
        assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n"), result.stderr
        assert case["says"] in result.stderr, result.stderr
    if watched is not None:
        assert folder_snapshot(watched) == before, "the command wrote something before failing"


def test_every_case_of_the_manifest_has_its_files():
    assert (BAD / "undecodable_posting.txt").read_bytes().count(b"\x81") == 1
    assert {c["exit"] for c in CASES} == {1, 2}
