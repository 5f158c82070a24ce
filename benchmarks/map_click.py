"""After a click on the grouped map, every later rerun that draws the same map (a card's buttons: keep
it, compare it) finds the clicked circle's offers again (streamlit-folium returns the last click then):
the time ``shell.map_view.clicked_ids`` takes, on the largest circle and on a middle one, with every
offer kept, one type, one region.

    .venv/bin/python -m benchmarks.map_click benchmarks/out/offers-1000000.parquet

Run it from another checkout's folder (``cd OTHER && python -m benchmarks.map_click FILE``, with that
checkout's file) for the version before a change. Figures: benchmarks/results.md."""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

import numpy as np

from lib import maps
from lib.contiguous import contiguous
from lib.deadlines import with_status
from lib.filters import OfferFilters, filter_mask
from shell.data import _load
from shell.map_view import clicked_ids, kept_map
from shell.sidebar import PageContext

DAY = date(2026, 11, 30)
FILTERS = {"every offer": OfferFilters(), "association": OfferFilters(org_types=("association",)),
           "Bretagne": OfferFilters(regions=("Bretagne",))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="offers, CSV or Parquet (benchmarks/generate.py)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    offers, _report = _load(args.file.read_bytes(), "bundled", parquet=True)
    # As the app holds them: text columns in one piece (lib/prepared_cache.py), the day's status.
    offers = contiguous(with_status(contiguous(offers), DAY))
    print(f"{len(offers):,} offers loaded in {time.perf_counter() - started:.1f} s", flush=True)
    located = offers["located"].to_numpy(dtype=bool, na_value=False)
    for name, filters in FILTERS.items():
        page = PageContext(lang="fr", offers=offers, keep=filter_mask(offers, filters), filters=filters, today=DAY,
                           sources=(offers,))
        view = kept_map(page, located, compact=True)
        groups = view.groups
        for label, row in [("largest", int(np.argmax(groups["offers"].to_numpy()))), ("middle", len(groups) // 2)]:
            circle = groups.iloc[row]
            # Beside its place, as a circle spread apart reports it.
            clicked = {"last_object_clicked": {"lat": float(circle["latitude"]) + 0.001,
                                               "lng": float(circle["longitude"])},
                       "last_object_clicked_tooltip": maps.group_tooltip(circle, "fr")}
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                ids = clicked_ids(page, view, located, clicked)
                times.append(time.perf_counter() - start)
            print(f"{name:12s} {len(groups):8,d} circles  {label:8s} circle: {len(ids):6,d} offers  "
                  f"median {statistics.median(times) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms", flush=True)


if __name__ == "__main__":
    main()
