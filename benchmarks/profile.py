"""Where the time goes (issue 15, goals 3 and 5): cProfile of a cold first visit and of the worst
filter changes the sweep found.

- ``cold``: a fresh process runs the overview page once under AppTest, as the first visitor after a
  restart does (imports, reading, validation, preparation, drawing); the profile is summed into
  stages named after the app's functions (``STAGES``; a stage whose function is gone is left out)
  and the heaviest functions are listed.
- ``change``: the cache warm, one sweep case set (its state before, untimed), and the rerun it
  causes profiled.

``--lift-file-limit`` raises the 200 MB file limit *inside this process only*, to see what a
million offers would cost the bundled path if it read them (the app refuses such a file today);
the report labels those figures as such.

    python -m benchmarks.profile cold benchmarks/out/offers-100000.csv
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, peak_rss_mb

# (stage, file relative to the root, function): cumulative time of that function. Nested stages
# (indented names) are parts of the one above them.
STAGES = (
    ("imports (first run of the page: pandas, plotly, folium…)", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("loading + validation + preparation (the cached loader)", "shell/data.py", "_load"),
    ("  reading the file (bytes, CSV parser)", "lib/loading.py", "read_table"),
    ("  validation", "lib/validation.py", "validate_table"),
    ("    cell parsing", "lib/validation.py", "_parse_cells"),
    ("    schema checks (pandera)", "lib/validation.py", "_run_schema"),
    ("    cross-field rules", "lib/validation.py", "_run_cross_rules"),
    ("    warnings (legal minimum, dates, postcodes, id lookups)", "lib/validation.py", "_add_warnings"),
    ("      id lookups for warnings", "lib/validation.py", "_offer_id"),
    ("      postcode warnings", "lib/validation.py", "_postcode_warnings"),
    ("  preparation", "lib/offers.py", "prepare_offers"),
    ("    placement (offline gazetteer)", "lib/geocode.py", "place_offers"),
    ("    stipends (monthly, legal minimum)", "lib/stipend.py", "normalise_stipends"),
    ("    stipend texts", "lib/offers.py", "_stipend_texts"),
    ("    place texts", "lib/offers.py", "_place_texts"),
    ("    text folding (search column)", "lib/offers.py", "_search_texts"),
    ("sidebar filters (drawing, applying)", "shell/sidebar.py", "_draw_filters"),
    ("  applying the filters", "lib/filters.py", "apply_filters"),
    ("stipend/duration chart", "lib/charts.py", "stipend_vs_duration"),
    ("stipend by type chart", "lib/charts.py", "stipend_by_org_type"),
    ("region chart", "lib/charts.py", "offers_by_region"),
    ("start-month chart", "lib/charts.py", "start_months"),
    ("headline figures", "lib/summary.py", "headline_figures"),
    ("offers table", "shell/widgets.py", "offers_table"),
    ("map", "lib/maps.py", "build_offers_map"),
    ("streamlit-folium (map to the component)", "streamlit_folium/__init__.py", "st_folium"),
    ("st.plotly_chart (figure to JSON)", "streamlit/elements/plotly_chart.py", "plotly_chart"),
    ("st.dataframe (frame to Arrow)", "streamlit/elements/arrow.py", "dataframe"),
)
TOP = 25


def lift_file_limit() -> None:
    """The file-size limit raised in this process (see the module docstring)."""
    import lib.limits
    import lib.loading

    for module in (lib.limits, lib.loading):
        if hasattr(module, "MAX_FILE_BYTES"):
            # 2 GiB, not more: lib.loading reads a path with ``read(MAX_FILE_BYTES + 1)``, whose buffer
            # Python allocates up front (1 TiB raised MemoryError before a byte was read).
            module.MAX_FILE_BYTES = 1 << 31


def summarise(profile: cProfile.Profile, total_s: float) -> dict:
    """Stages (``STAGES``) and the heaviest functions of a profile, in seconds."""
    stats = pstats.Stats(profile)
    entries = stats.stats  # (file, line, function) -> (primitive calls, calls, own time, cumulative, callers)
    root = str(ROOT) + os.sep
    stages = []
    for name, file, function in STAGES:
        matches = [value for (path, _line, func), value in entries.items()
                   if func == function and (path == file or path.endswith(os.sep + file) or path.endswith("/" + file))]
        if matches:
            stages.append({"stage": name, "s": sum(v[3] for v in matches), "calls": sum(v[1] for v in matches)})
    own = sorted(entries.items(), key=lambda item: -item[1][2])[:TOP]
    project = sorted(((k, v) for k, v in entries.items() if k[0].startswith(root) and "/.venv/" not in k[0]),
                     key=lambda item: -item[1][3])[:TOP]

    def row(key, value):
        path, line, func = key
        short = path.replace(root, "") if path.startswith(root) else path.split("site-packages/")[-1]
        return {"function": f"{short}:{line}({func})", "calls": value[1], "own_s": value[2], "cumulative_s": value[3]}

    return {"total_s": total_s, "stages": stages, "top_own": [row(k, v) for k, v in own],
            "top_project_cumulative": [row(k, v) for k, v in project], "peak_rss_mb": peak_rss_mb()}


class ScriptThreadProfile:
    """cProfile of the script runs: AppTest runs the page in a thread of its own, which a profile
    enabled in the calling thread does not see; this enables it inside that thread."""

    def __init__(self):
        from streamlit.runtime.scriptrunner import script_runner

        self.profile = cProfile.Profile()
        self._runner = script_runner.ScriptRunner
        self._original = self._runner._run_script
        profile = self.profile
        original = self._original

        def run_script(runner, rerun_data):
            profile.enable()
            try:
                return original(runner, rerun_data)
            finally:
                profile.disable()

        self._patched = run_script

    def __enter__(self) -> cProfile.Profile:
        self._runner._run_script = self._patched
        return self.profile

    def __exit__(self, *exc) -> None:
        self._runner._run_script = self._original


def profile_cold(path: Path, page: str = "overview.py", lift: bool = False) -> dict:
    """The first run of ``page`` in a fresh process (the cold first visit), profiled."""
    from streamlit.testing.v1 import AppTest

    os.environ["OFFERS_CSV"] = str(path)
    if lift:
        lift_file_limit()
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=7200)
    start = time.perf_counter()
    with ScriptThreadProfile() as profile:
        at.run()
    out = summarise(profile, time.perf_counter() - start)
    out.update(page=page, file=path.name, lifted_file_limit=lift)
    if at.exception:
        out["error"] = str(at.exception[0].message)[:300]
    errors = [e.value for e in at.error]
    if errors:
        out["error_boxes"] = [str(e)[:300] for e in errors]
    return out


def profile_change(path: Path, case: dict, lift: bool = False) -> dict:
    """One sweep case's rerun, the cache warm, profiled."""
    from benchmarks.sweep import PageRunner

    os.environ["OFFERS_CSV"] = str(path)
    if lift:
        lift_file_limit()
    runner = PageRunner(ROOT / "pages" / case["page"])
    runner.first()
    if case.get("before"):
        runner.set(case["before"])
        runner.run()
    runner.set({case["key"]: case["value"]})
    start = time.perf_counter()
    with ScriptThreadProfile() as profile:
        runner.at.run()
    out = summarise(profile, time.perf_counter() - start)
    out.update(page=case["page"], label=case["label"], file=path.name, lifted_file_limit=lift)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("cold", "change"))
    parser.add_argument("csv", type=Path)
    parser.add_argument("--page", default="overview.py")
    parser.add_argument("--case", help="JSON of a sweep case (with its page), for « change »")
    parser.add_argument("--lift-file-limit", action="store_true")
    args = parser.parse_args(argv)
    if args.kind == "cold":
        result = profile_cold(args.csv.resolve(), args.page, args.lift_file_limit)
    else:
        result = profile_change(args.csv.resolve(), json.loads(args.case), args.lift_file_limit)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
