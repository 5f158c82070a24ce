"""Goal 5 of issue 15, memory over a long session on a real server: ``streamlit run`` on a file, one
Chromium tab on a page, each organisation type ticked then unticked in the sidebar (14 changes a round with
the seven types), ``--rounds`` times in the same session, as a user would click. ``benchmarks.memory_changes``
measures the same under AppTest, which keeps every run's elements: this one tells whether the server itself
creeps.

    python -m benchmarks.session_memory benchmarks/out/offers-100000.parquet [--page map] [--rounds 6]

Prints one JSON line per round (the server's resident memory after it, MiB, its process tree), then a
summary: the sampled and the kernel's peak, the median growth from one round to the next, and the errors
(a change that did not settle).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import time
from pathlib import Path

from benchmarks.common import ROOT, MemorySampler, machine, streamlit_server, tree_memory_mb
from lib import categories as cat

LIMIT_MIB = 2.5e9 / 2**20


def run(path: Path, page_name: str, rounds: int, store: bool) -> dict:
    from playwright.sync_api import sync_playwright

    from benchmarks.chromium import _act, _context, _launch, page_path, wait_idle

    env = {"OFFERS_CSV": str(path)}
    if not store:
        env["OFFERS_CACHE_DIR"] = ""
    labels = [cat.label(cat.ORG_TYPES, code, "fr") for code in cat.ORG_TYPES]
    after_round, errors, hwm = [], [], 0.0
    with streamlit_server(ROOT / "dashboard.py", env) as (url, process, _), \
            MemorySampler(process.pid, interval=0.02) as sampler, sync_playwright() as playwright:
        browser = _launch(playwright)
        page = _context(browser).new_page()
        page.goto(f"{url}/{page_path(page_name + '.py')}", wait_until="commit", timeout=180_000)
        first = wait_idle(page, 0, timeout_s=180, need_run=False)
        if "error" in first:
            errors.append(f"first visit: {first['error']}")
        time.sleep(1)
        start = tree_memory_mb(process.pid)["rss"]
        print(json.dumps({"after": "first visit", "rss_mib": round(start, 1),
                          "peak_mib": round(sampler.peak, 1)}), flush=True)
        for r in range(rounds):
            t_round = time.monotonic()
            for label in labels:
                for action in ("add", "remove"):
                    try:
                        t0 = _act(page, "org", {"action": action, "shown": label})
                        done = wait_idle(page, t0)
                    except Exception as exc:  # said, and the round goes on
                        done = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"}
                    if "error" in done:
                        errors.append(f"round {r + 1}, {action} {label}: {done['error']}")
            memory = tree_memory_mb(process.pid)
            rss, hwm = memory["rss"], memory["peak"]
            after_round.append(rss)
            print(json.dumps({"after": f"round {r + 1}", "rss_mib": round(rss, 1), "peak_mib": round(sampler.peak, 1),
                              "kernel_peak_mib": round(hwm, 1),
                              "round_s": round(time.monotonic() - t_round, 1)}), flush=True)
        browser.close()
    growth = [b - a for a, b in itertools.pairwise(after_round)]
    copy = "the project's cache folder (read if there, else written behind)" if store else "none"
    return {"file": path.name, "page": page_name, "rounds": rounds, "changes": rounds * 2 * len(labels),
            "prepared_copy": copy, "rss_after_first_visit_mib": round(start, 1),
            "rss_after_each_round_mib": [round(v, 1) for v in after_round],
            "growth_per_round_mib_median": round(statistics.median(growth), 1) if growth else None,
            "peak_mib": round(sampler.peak, 1),
            # the kernel's own peak (VmHWM), which no sampling interval can miss
            "kernel_peak_mib": round(hwm, 1), "limit_mib": round(LIMIT_MIB), "errors": errors,
            "machine": machine()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--page", default="map")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--no-store", action="store_true", help="no prepared copy written behind")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    print(json.dumps(run(args.path.resolve(), args.page, args.rounds, not args.no_store), ensure_ascii=False))


if __name__ == "__main__":
    main()
