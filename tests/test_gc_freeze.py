"""The objects a server keeps for its life are frozen once, out of Streamlit's collection after every
run (lib/memory.py freeze_long_lived): a click's last messages no longer wait for a scan of every
module. Run in new processes: freezing is for the whole process, and this one runs other tests."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, **env: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_garbage_made_after_the_freeze_is_still_collected_and_freed_objects_still_go():
    found = run_python("""
import gc, json, weakref
from lib.memory import freeze_long_lived

class Node:
    pass

kept = Node(); kept.me = kept              # a cycle alive at the freeze: frozen
plain = Node()                             # no cycle: freed by its reference count, frozen or not
plain_ref = weakref.ref(plain)
first, again = freeze_long_lived(), freeze_long_lived()
frozen = gc.get_freeze_count()
del plain
later = Node(); later.me = later           # a run's garbage, made after the freeze
later_ref = weakref.ref(later)
del later
gc.collect()
print(json.dumps({"first": first, "again": again, "frozen": frozen, "plain_freed": plain_ref() is None,
                  "later_collected": later_ref() is None}))
""")
    assert found == {"first": True, "again": False, "frozen": found["frozen"], "plain_freed": True,
                     "later_collected": True}
    assert found["frozen"] > 1000  # the modules imported, at least


def test_a_server_freezes_from_its_second_run_and_pages_still_work():
    found = run_python("""
import gc, json
from streamlit.testing.v1 import AppTest
counts = []
for page in ("overview.py", "map.py", "overview.py"):
    at = AppTest.from_file("pages/" + page, default_timeout=120).run()
    charts = len(at.get("plotly_chart")) if page == "overview.py" else None
    counts.append([gc.get_freeze_count(), len(at.exception), charts])
print(json.dumps(counts))
""", OFFERS_CSV=str(ROOT / "data" / "offers.csv"))
    (first, first_exc, first_charts), (second, second_exc, _), (third, third_exc, third_charts) = found
    assert first == 0  # the first run imports and loads: nothing frozen yet
    # Frozen at the second run, once: the third adds nothing (frozen objects freed since are gone from it).
    assert second > 0 and third <= second
    assert first_exc == second_exc == third_exc == 0
    assert first_charts == third_charts == 4


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_each_run_gives_back_to_the_system_the_memory_earlier_runs_freed():
    # 300 MB of 2 kB blocks (the C library's heap, not Python's small-object arenas) freed under a block
    # still in use, as a map's run at a million offers leaves them: the next page run starts by giving the
    # free pages back. Without it the process stayed that much larger, run after run, and the map at a
    # million offers peaked over the 2.5 GB a Community Cloud app gets (benchmarks/results.md).
    found = run_python("""
import json
from streamlit.testing.v1 import AppTest

def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) // 1024

at = AppTest.from_file("pages/overview.py", default_timeout=120).run()
at.run()
blocks = [bytes(2048) for _ in range(150_000)]
pinned = bytes(2048)   # above the freed blocks: the heap's top cannot simply shrink
del blocks
freed = rss()
at.run()
print(json.dumps({"freed": freed, "after_run": rss(), "errors": len(at.exception)}))
""", OFFERS_CSV=str(ROOT / "data" / "offers.csv"))
    assert found["errors"] == 0
    assert found["freed"] - found["after_run"] > 200, found  # MiB given back by the run
