"""What the advisor's workbench adds to every page run, at 27, 10,000 and 100,000 offers (the
synthetic files of ``benchmarks.generate``, made if missing): the deadlines' status, the distance
from a place (the worst case: every offer located, many distinct places), the two new filters, and
the comparison's PDF (4 offers, the longest titles of the file, the budget rows).

    python -m benchmarks.workbench [--sizes 27 10000 100000]

Prints one line per step and size: the median of 5 runs, in milliseconds. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from benchmarks.generate import generate, output_path, write
from lib import budget, compare, deadlines
from lib.comparison_pdf import PdfContext, comparison_pdf
from lib.filters import DISTANCE_COLUMN, OfferFilters, apply_filters
from lib.offers import prepare_offers
from lib.validation import load_offers

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2023, 3, 1)  # some synthetic deadlines before, some after
RUNS = 5


def _median_ms(step) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _offers(n: int):
    path = ROOT / "data" / "offers.csv" if n == 27 else output_path(n)
    if n != 27 and not path.exists():
        write(generate(n), path)
    return prepare_offers(load_offers(path.read_bytes()).offers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[27, 10_000, 100_000])
    args = parser.parse_args(argv)
    lyon = compare.resolve_city("Lyon")
    print(f"{'offers':>8} {'step':<44} {'median ms':>10}")
    for n in args.sizes:
        offers = _offers(n)
        places = offers[["latitude", "longitude"]].drop_duplicates().shape[0]
        dated = deadlines.with_status(offers, TODAY)
        near = dated.assign(**{DISTANCE_COLUMN: compare.distances_km(dated, lyon)})
        worst = near.assign(title_length=near["title"].str.len()).nlargest(4, "title_length")
        plan = budget.Budget(rents=(450.0,) * len(worst), transport=40.0)
        steps = {
            "status of every offer (with_status)": lambda o=offers: deadlines.with_status(o, TODAY),
            f"distance from Lyon ({places} distinct places)": lambda d=dated: compare.distances_km(d, lyon),
            "filters: open only + within 100 km": lambda d=near: apply_filters(
                d, OfferFilters(open_only=True, max_distance_km=100.0)),
            "PDF of the 4 longest titles + budget": lambda w=worst, p=plan: comparison_pdf(
                w, PdfContext(today=TODAY, link="https://example.org/compare", extra_rows=budget.budget_rows(w, p)),
                "fr", lyon),
        }
        for name, step in steps.items():
            print(f"{n:>8} {name:<44} {_median_ms(step):>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
