"""Goal 5 of issue 15, server memory over filter changes: one page under AppTest (the script runs as a
server runs it, in its own thread), each organisation type ticked then unticked (14 changes with the
seven types), the process's resident memory sampled every 20 ms.

    python -m benchmarks.memory_changes benchmarks/out/offers-1000000.parquet [--page map] [--copy] [--cycles 1]

Without ``--copy`` the run starts as a server does after a reboot on Community Cloud, whose disk is not
kept: no prepared copy (an empty ``OFFERS_CACHE_DIR`` of its own), so the first run validates and
prepares the file and writes its copy behind while the changes run. With ``--copy`` the copy is written
first, in a process of its own, and the measured process reads it (a restart on a kept disk).

Prints one line per run (the change, its milliseconds, the memory after it and the peak so far, MiB) and
a JSON summary: the sampled peak and the kernel's ``ru_maxrss`` (MiB; 2.5 GB = 2,384 MiB).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import ROOT

LIMIT_MIB = 2.5e9 / 2**20  # issue 15: about what Streamlit Community Cloud grants an app


def resident_mib() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def measure(page: str, cycles: int = 1) -> dict:
    """In this process: the page's first run, then every organisation type ticked and unticked
    (``cycles`` times)."""
    from benchmarks.sweep import PageRunner, sidebar_widgets

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    peak, done = [0.0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], resident_mib())
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    runner = PageRunner(ROOT / "pages" / f"{page}.py")
    ms, error = runner.first()
    print(f"first run {ms:,.0f} ms {error or ''} resident {resident_mib():,.0f} MiB", flush=True)
    types = list(sidebar_widgets(runner.at)["org"].options)
    errors = [error] if error else []
    for org_type in types * cycles:
        for value in ([org_type], []):
            runner.set({"org": value})
            ms, error = runner.run()
            errors += [error] if error else []
            print(f"{'+ ' + org_type if value else '− ' + org_type}: {ms:,.0f} ms, resident "
                  f"{resident_mib():,.0f} MiB, peak {peak[0]:,.0f} MiB", flush=True)
    done.set()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"page": page, "changes": 2 * len(types) * cycles, "peak_sampled_mib": round(peak[0]),
            "maxrss_mib": round(maxrss), "limit_mib": round(LIMIT_MIB), "errors": errors}


def write_copy(path: Path, folder: Path) -> None:
    """The prepared copy of ``path`` in ``folder``, written by a process of its own."""
    code = ("import logging; logging.getLogger('streamlit').setLevel(logging.ERROR)\n"
            "from streamlit.testing.v1 import AppTest\n"
            "from lib.prepared_cache import wait_for_copies\n"
            "AppTest.from_file('pages/overview.py', default_timeout=1800).run()\n"
            "assert wait_for_copies(1800)\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=3600,
                   env={**os.environ, "OFFERS_CSV": str(path), "OFFERS_CACHE_DIR": str(folder),
                        "PYTHONPATH": str(ROOT)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--page", choices=["map", "overview"], default="map")
    parser.add_argument("--copy", action="store_true", help="read a prepared copy written beforehand")
    parser.add_argument("--no-store", action="store_true",
                        help="store no copy (OFFERS_CACHE_DIR=off): nothing is written behind")
    parser.add_argument("--cycles", type=int, default=1, help="tick and untick every type this many times")
    args = parser.parse_args(argv)
    path = args.file.resolve()
    with tempfile.TemporaryDirectory(prefix="memory-changes-") as folder:
        if args.copy:
            write_copy(path, Path(folder))
        os.environ.update({"OFFERS_CSV": str(path), "OFFERS_CACHE_DIR": "off" if args.no_store else folder})
        os.environ.setdefault("STAGES_TODAY", "2026-11-30")
        print(json.dumps(measure(args.page, args.cycles), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
