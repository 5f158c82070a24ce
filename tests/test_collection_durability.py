"""The collection survives a kill of the server mid-write (SIGKILL: no clean-up, no rollback by
the process): on SQLite and on PostgreSQL, a writer process is killed at random moments while it
publishes and edits; after each kill, the database opens, is intact, holds every change the
writer saw committed, and no half-change (an offer without its audit entry, or the reverse)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from lib.collection import CURATOR, Actor, Collection
from lib.collection.database import create_collection_engine

ROOT = Path(__file__).resolve().parent.parent
KILLS = 4  # each kill restarts a Python process (a few seconds): four random kill points per database
TIMEOUT_S = 120


def _run_and_kill(url: str, prefix: str, after_lines: int) -> list[str]:
    """Start the writer, let it commit ``after_lines`` changes (and a random part of the next
    one), SIGKILL it; the changes it reported as committed."""
    process = subprocess.Popen([sys.executable, "-m", "tests.collection_writer", url, prefix], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: list[str] = []
    deadline = time.monotonic() + TIMEOUT_S
    try:
        while len(lines) < after_lines:
            line = process.stdout.readline()
            assert line, f"writer stopped: {process.stderr.read()[-2000:]}"
            lines.append(line.strip())
            assert time.monotonic() < deadline, "writer too slow"
        time.sleep(random.uniform(0, 0.05))  # somewhere inside the next transaction
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        # Lines the writer printed before it died: committed too.
        lines += [line.strip() for line in process.stdout.read().splitlines() if line.strip()]
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    return lines


def test_killed_mid_write_the_collection_loses_no_committed_change_and_keeps_no_half_change(database_url):
    random.seed(13)
    committed_versions: dict[str, int] = {}
    for kill in range(KILLS):
        for line in _run_and_kill(database_url, f"kill{kill}", after_lines=random.randint(3, 12)):
            action, offer_id, version = line.split()
            assert action in ("published", "edited"), line
            committed_versions[offer_id] = int(version)

        engine = create_collection_engine(database_url)
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            offers = dict(connection.execute(sa.text("SELECT offer_id, version FROM offers")).all())
            audited = connection.execute(sa.text(
                "SELECT offer_id, count(*) FROM audit_log GROUP BY offer_id")).all()
        engine.dispose()
        # Every change reported committed is there, at least at the version reported.
        for offer_id, version in committed_versions.items():
            assert offer_id in offers, f"kill {kill}: committed offer {offer_id} lost"
            assert offers[offer_id] >= version
        # No half-change: each offer has exactly one audit entry per version it went through.
        assert dict(audited) == offers, f"kill {kill}: offers and audit log disagree"

    collection = Collection.open(database_url)  # still usable: migrations, reads and writes
    rows = collection.published_rows()
    assert len(rows) >= len(committed_versions)  # a change may commit just before its line is printed
    assert all(r["title"] and r["source"] == "test de durabilité" for r in rows)
    collection.publish({**rows[0], "offer_id": "after-the-kills"}, Actor("test", CURATOR))
    assert "after-the-kills" in collection.offer_ids()
    collection.close()
