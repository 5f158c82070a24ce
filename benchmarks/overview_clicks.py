"""Goal 2a of issue 15 on the overview, the page users filter most (or the map, ``--page map``): the clicks
whose page takes longest to settle in Chromium, from the click to the page idle (``benchmarks.chromium``),
each in a new visit.

    python -m benchmarks.overview_clicks benchmarks/out/offers-100000.parquet [--rounds 3] [--page map] [--plain]

The clicks: every drawing threshold of ``sweep.threshold_changes`` crossed from either side (the map's and
the charts' per-point limits, the compact chart's SVG/WebGL limit in markers), and the plain changes that
came out slowest in the browser: one organisation type ticked and unticked (back to every offer), one
region, a search, the English switch. Each round measures every click once on a new server, so that a
slower minute of a shared machine spreads over all the clicks rather than one. Every state is drawn anew
(no shared overview), unless ``--shared``: then, as in a deployment, an overview drawn once for a filter
state serves every later visit to it (``shell.shared_results``): a click back to every offer finds the
default view drawn at the first visit.

Prints one JSON line per click: its median over the rounds, each round's time, when the script run ended
(the rest is the browser drawing) and what the server sent; then the worst median.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
from pathlib import Path

from benchmarks.common import ROOT, no_sharing, streamlit_server
from benchmarks.sweep import (
    Change,
    PageRunner,
    _case,
    _prepared_offers,
    sidebar_widgets,
    threshold_changes,
    widget_meta,
)

OVERVIEW = ROOT / "pages" / "overview.py"
GOAL_MS = 1500  # issue 15, goal 2a
PLAIN = [
    Change("org", ["association"], "organisation type + association", "plain", shown="Association"),
    Change("org", [], "organisation type − association (back to every offer)", "plain",
           before={"org": ["association"]}, shown="Association"),
    Change("region", ["Île-de-France"], "region + Île-de-France", "plain", shown="Île-de-France"),
    Change("q", "concertation", "search « concertation »", "plain"),
    Change("en", True, "the English switch", "plain"),
]


def clicks(path: Path, plain_only: bool = False) -> tuple[list[dict], dict, list[str]]:
    """The clicks to measure on this file, the filters' description the browser needs, and the thresholds
    no click can cross at this size (none looked for when ``plain_only``)."""
    os.environ["OFFERS_CSV"] = str(path)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    runner = PageRunner(OVERVIEW)
    runner.first()
    widgets = sidebar_widgets(runner.at)
    if plain_only:
        return [_case(c) for c in PLAIN], widget_meta(runner.at, widgets), []
    offers = _prepared_offers()
    changes, notes = threshold_changes(offers, widgets) if offers is not None else ([], ["offers not loaded"])
    return [_case(c) for c in changes + PLAIN], widget_meta(runner.at, widgets), notes


def measure_round(path: Path, cases: list[dict], meta: dict, shared: bool = False,
                  page_file: str = OVERVIEW.name) -> list[dict]:
    """Every click once, on a new warm server."""
    from playwright.sync_api import sync_playwright

    from benchmarks.chromium import _launch, first_chart, measure_change

    # PageRunner shared nothing in this process (no_sharing): the server is told either way.
    env = {"OFFERS_CSV": str(path), **{key: "" if shared else value for key, value in no_sharing().items()}}
    with streamlit_server(ROOT / "dashboard.py", env) as (url, _, _s), \
            sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            first_chart(browser, f"{url}/")
            return [measure_change(browser, url, page_file, case, meta, repeats=1) for case in cases]
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shared", action="store_true", help="overviews drawn once per filter state, as deployed")
    parser.add_argument("--page", choices=["overview", "map"], default="overview")
    parser.add_argument("--plain", action="store_true",
                        help="the plain clicks only, no threshold crossed (quicker at a million offers)")
    args = parser.parse_args(argv)
    cases, meta, notes = clicks(args.file, plain_only=args.plain)
    for note in notes:
        print(json.dumps({"not crossed": note}, ensure_ascii=False))
    rounds = [measure_round(args.file, cases, meta, args.shared, f"{args.page}.py") for _ in range(args.rounds)]
    summary = []
    for i, case in enumerate(cases):
        runs = [r[i] for r in rounds]
        times = [t for r in runs for t in r.get("runs_ms", [])]
        line = {"click": case["label"], "median_ms": round(statistics.median(times)) if times else None,
                "runs_ms": [round(t) for t in times],
                "run_end_ms": [round(r["run_end_ms"]) for r in runs if r.get("run_end_ms") is not None],
                "ws_kb": [round(r["ws_bytes"] / 1000) for r in runs if r.get("ws_bytes") is not None]}
        errors = [e for r in runs for e in r.get("errors", [])]
        if errors:
            line["errors"] = errors
        summary.append(line)
        print(json.dumps(line, ensure_ascii=False), flush=True)
    timed = [s for s in summary if s["median_ms"] is not None]
    if timed:
        worst = max(timed, key=lambda s: s["median_ms"])
        print(json.dumps({"worst": worst["click"], "median_ms": worst["median_ms"], "goal_ms": GOAL_MS},
                         ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
