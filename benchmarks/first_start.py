"""The first start on a new file and a restart (issue 15, goals 3 and 5): time and peak memory.

Each case runs in a new process, the way a server starts:
- ``first, no copy``: ``OFFERS_CACHE_DIR=off``, the file validated and prepared (a read-only deployment);
- ``first, copy written``: a new empty folder, the copy written (behind, from 100,000 offers), then waited for;
- ``restart``: that folder again, the copy read.

Under AppTest: the overview's first run, and the process's peak resident memory. With ``--chromium``, also
``benchmarks.chromium.cold_start`` in the same three cases: a real server, the time from navigation to the
first chart's point, the server's sampled peak.

    .venv/bin/python -m benchmarks.first_start benchmarks/out/offers-1000000.parquet --runs 2 --chromium

Run it from another checkout's folder for the version before a change. Figures: benchmarks/results.md,
« The first start at a million offers »."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ("first, no copy", "first, copy written", "restart")


def _apptest_run() -> dict:
    """In this process: the overview's first run, then the copy written behind waited for."""
    import resource

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=7200)
    started = time.perf_counter()
    at.run()
    out = {"first_run_s": round(time.perf_counter() - started, 2),
           "peak_at_first_run_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    try:
        from lib.prepared_cache import wait_for_copies
    except ImportError:  # a version before the copy was written behind
        wait_for_copies = None
    if wait_for_copies is not None:
        wait_for_copies()
    out.update(copy_done_s=round(time.perf_counter() - started, 2),
               peak_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
               errors=[str(e.value)[:200] for e in at.error] + [str(e.message)[:200] for e in at.exception])
    return out


def _case_env(case: str, folder: str) -> dict[str, str]:
    return {"OFFERS_CACHE_DIR": "off" if case == "first, no copy" else folder}


def _apptest(path: Path, case: str, folder: str) -> dict:
    env = {**os.environ, "OFFERS_CSV": str(path.resolve()), **_case_env(case, folder)}
    done = subprocess.run([sys.executable, "-m", "benchmarks.first_start", "--inner"], cwd=os.getcwd(), env=env,
                          capture_output=True, text=True, timeout=1800, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": done.stderr[-500:]}


def _chromium(path: Path, case: str, folder: str) -> dict:
    from benchmarks.chromium import cold_start

    saved = os.environ.get("OFFERS_CACHE_DIR")
    os.environ.update(_case_env(case, folder))
    try:
        result = cold_start(path, runs=1)
    finally:
        if saved is None:
            os.environ.pop("OFFERS_CACHE_DIR", None)
        else:
            os.environ["OFFERS_CACHE_DIR"] = saved
    visit = result["visits"][0]
    return {"first_chart_s": round(visit["first_chart_ms"] / 1000, 2) if "first_chart_ms" in visit else None,
            "server_peak_mib": round(visit["server_peak_mb"]), "errors": result.get("errors", [])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, nargs="?", help="offers, CSV or Parquet (benchmarks/generate.py)")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--chromium", action="store_true", help="also in Chromium against a real server")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        print(json.dumps(_apptest_run()))
        return
    if args.file is None:
        parser.error("a file is needed")
    tools = [("AppTest", _apptest), *((("Chromium", _chromium),) if args.chromium else ())]
    for tool, measure in tools:
        for run in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="first-start-") as folder:
                for case in CASES:  # the restart reads the copy the case before wrote
                    if case == "restart" and not any(Path(folder).glob("*.json")):
                        # A server stopped at its first chart may not have finished the copy: written here.
                        _apptest(args.file, "first, copy written", folder)
                    result = measure(args.file, case, folder)
                    print(json.dumps({"tool": tool, "run": run + 1, "case": case, "checkout": Path.cwd().name,
                                      **result}), flush=True)


if __name__ == "__main__":
    main()
