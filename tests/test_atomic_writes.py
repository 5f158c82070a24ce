"""``python -m lib geocode`` killed while it writes (issue 10, item 6): the data file is always the old one or the
new one, never a part of either, and a backup is complete or absent.

The command runs in a child process forked from a server that has already imported the libraries (a fresh
interpreter per run would take most of the test's time), and is killed with SIGKILL at random moments: half of
one run in four anywhere in its run, the others once it has started writing (the first change in its folder: the
backup), until at least MIN_KILLS_WHILE_WRITING kills landed between that first change and the end of the run.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from lib.files import write_atomically
from tests.kill_child import run_geocode

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "offers.csv"
MIN_KILLS_WHILE_WRITING = 30
MAX_RUNS = 320  # quiet machine: 30 kills while writing in about 60 runs; 28 in 160 under a load of 10
COPIES = 60  # of the 27 bundled offers: a file of about 1.5 MB, backed up and written in a few tens of ms


@pytest.fixture(scope="module")
def forkserver():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.kill_child"])
    return context


@pytest.fixture(scope="module")
def old_file(tmp_path_factory) -> bytes:
    """A data file that geocode changes: French offers without their coordinates, many times over."""
    offers = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    french = offers["country"] == "FR"
    for column in ("latitude", "longitude", "geo_precision", "department_code", "region"):
        offers.loc[french, column] = ""
    copies = [offers.assign(offer_id=offers["offer_id"] + f"-c{copy}") for copy in range(COPIES)]
    path = tmp_path_factory.mktemp("old") / "offers.csv"
    pd.concat(copies).to_csv(path, index=False)
    return path.read_bytes()


def folder_state(folder: Path) -> dict[str, tuple[int, int]]:
    state = {}
    for entry in os.scandir(folder):
        try:
            info = entry.stat()
        except FileNotFoundError:
            continue  # a temporary file renamed away meanwhile
        state[entry.name] = (info.st_size, info.st_mtime_ns)
    return state


def start(forkserver, folder: Path, old: bytes):
    folder.mkdir()
    (folder / "offers.csv").write_bytes(old)
    initial = folder_state(folder)
    process = forkserver.Process(target=run_geocode, args=(str(folder / "offers.csv"),))
    process.start()
    return process, initial


def wait_first_change(process, folder: Path, initial: dict) -> float | None:
    """Time at which the folder first changed (a backup, a temporary file, the file itself), or None if the
    process ended first."""
    while process.is_alive():
        if folder_state(folder) != initial:
            return time.monotonic()
        time.sleep(0.0005)
    return None


@pytest.fixture(scope="module")
def calibration(forkserver, old_file, tmp_path_factory) -> tuple[bytes, float, float]:
    """(the new file, seconds from start to end, seconds from the first change to the end) of a run not killed."""
    folder = tmp_path_factory.mktemp("calibration") / "run"
    started = time.monotonic()
    process, initial = start(forkserver, folder, old_file)
    changed = wait_first_change(process, folder, initial)
    process.join(120)
    ended = time.monotonic()
    assert process.exitcode == 0
    new = (folder / "offers.csv").read_bytes()
    assert new != old_file
    backups = list(folder.glob("offers.csv.*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == old_file
    assert changed is not None
    return new, ended - started, ended - changed


def test_a_kill_at_any_moment_leaves_the_old_file_or_the_new_one(forkserver, old_file, calibration, tmp_path):
    new, whole, writing = calibration
    rng = random.Random(20231)
    while_writing = runs = 0
    partial: list[str] = []
    while while_writing < MIN_KILLS_WHILE_WRITING and runs < MAX_RUNS:
        folder = tmp_path / f"run{runs}"
        runs += 1
        process, initial = start(forkserver, folder, old_file)
        if runs % 4:
            if wait_first_change(process, folder, initial) is not None:
                # ``writing`` runs from the first change to the process's end, its exit included: kills
                # are aimed at its first part, where the file is written (CSV text is made before).
                time.sleep(rng.uniform(0, writing * 0.6))
        else:
            time.sleep(rng.uniform(0, whole * 1.1))
        alive = process.is_alive()
        if alive:
            try:
                os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                alive = False  # it ended on its own between the check and the kill: a run not killed
        process.join(60)
        if alive and process.exitcode == -signal.SIGKILL and folder_state(folder) != initial:
            while_writing += 1  # killed before the end, once the command had begun writing
        data = (folder / "offers.csv").read_bytes()
        if data not in (old_file, new):
            partial.append(f"run {runs}: offers.csv of {len(data)} bytes (old {len(old_file)}, new {len(new)})")
        for backup in folder.glob("offers.csv.*.bak"):
            if backup.read_bytes() != old_file:
                partial.append(f"run {runs}: {backup.name} of {backup.stat().st_size} bytes")
        shutil.rmtree(folder)
    assert not partial, partial
    assert while_writing >= MIN_KILLS_WHILE_WRITING, f"only {while_writing} kills while writing in {runs} runs"
    # The figure for the report: pytest -s shows it.
    print(f"\n{runs} runs killed at random, {while_writing} after the command had begun writing; every file whole")


def test_a_failed_write_leaves_the_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "offers.csv"
    path.write_bytes(b"old")

    with pytest.raises(TypeError):
        write_atomically(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["offers.csv"]


def test_the_new_file_keeps_the_old_ones_permissions(tmp_path):
    path = tmp_path / "offers.csv"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.csv"
    write_atomically(fresh, b"x")
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
