"""The full sweep's confirmed worst changes, timed again (issue 15, goal 1): a quick before/after
check for a change of the pages (about a minute at 100,000 offers, against 25 for the sweep).

    python -m benchmarks.worst_cases benchmarks/out/offers-100000.parquet [--runs 5] [--pages overview map]

Prints one JSON line per case: the matching offers, the median script time of the change and of the
rerun that puts the filter back (AppTest, cache warm), and the CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from benchmarks.sweep import Change, PageRunner, page_files

# From the sweeps of 2026-11-30 (benchmarks/results.md, « Goal 1 at 100,000 offers »): the slowest
# change of each page, and the change crossing the stipend chart's compact threshold.
CASES = [
    ("overview", Change("duration", [3.0, 7.0], "duration 3–7 months", "range")),
    ("overview", Change("start", ["2022-02", "2025-09"], "start February 2022 – September 2025", "range")),
    ("overview", Change("dept", ["13", "80", "978", "975", "976"], "one more department: 4,996 → 5,011 points",
                        "threshold", before={"dept": ["13", "80", "978", "975"]})),
    ("overview", Change("org", ["association"], "associations only", "multi")),
    ("map", Change("duration", [3.0, 8.0], "duration 3–8 months", "range")),
    # From the sweep after the fixes (c5a7704): each page's confirmed worst, and the radius moved with no
    # place chosen (the page runs again, nothing changes: the whole map is built again).
    ("overview", Change("duration", [5.0, 9.0], "duration 5–9 months", "range")),
    ("overview", Change("stipend", [350.0, 1700.0], "stipend 350–1,700 €", "range")),
    ("map", Change("start", ["2022-01", "2025-08"], "start January 2022 – August 2025", "range")),
    ("map", Change("km", 500, "radius 500 km, no place chosen", "value")),
    ("compare", Change("duration", [3.0, 7.0], "duration 3–7 months", "range")),
    ("data", Change("duration", [3.0, 7.0], "duration 3–7 months", "range")),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="*", default=None, help="overview, map, compare, data")
    args = parser.parse_args(argv)
    os.environ["OFFERS_CSV"] = str(args.file.resolve())
    os.environ.setdefault("STAGES_TODAY", "2026-11-30")
    files = {path.stem: path for path in page_files()}
    for page, change in CASES:
        if args.pages and page not in args.pages:
            continue
        runner = PageRunner(files[page])
        runner.first()
        results = [runner.measure(change) for _ in range(args.runs)]
        errors = [r["error"] for r in results if "error" in r]
        print(json.dumps({
            "page": page, "change": change.label, "offers": results[-1].get("count"),
            "median_ms": round(statistics.median(r["ms"] for r in results)),
            "median_cpu_ms": round(statistics.median(r["cpu_ms"] for r in results)),
            "back_median_ms": round(statistics.median(r["back_ms"] for r in results)),
            **({"errors": errors[:1]} if errors else {}),
        }, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
