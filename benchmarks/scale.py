"""Issue 15's measurement, one entry point: every goal at 27, 1,000, 10,000, 100,000 and
1,000,000 offers, each measurement in its own subprocess (so each peak of memory is its own and a
crash or a time-out costs one figure, not the run), written to ``benchmarks/results.md``.

What each kind of measurement does (``KINDS``; the modules named hold the details):

- ``load``: loading + validating, then preparing, timed apart, with the peak memory
  (``load-lifted``: the same with the 200 MB file limit lifted in that process, for files the app
  refuses, to see what reading them would cost);
- ``app``: one run of each page under AppTest after the organisation-type filter changed (median of
  3), the map and chart payloads with every offer;
- ``sweep`` (goal 1, ``sweep.py``): every single-filter change × every page, script time;
- ``browser``: in Chromium, navigation to the first map marker and chart point, the server warm;
- ``changes`` (goal 2, ``chromium.py``): filter change to idle in Chromium for the sweep's worst cases;
- ``first-chart`` (goal 2): the overview's first chart against the one-chart reference app, side by side;
- ``cold`` / ``cold-parquet`` (goals 3, 5): after a restart, the first visitor's time to the first
  chart, with the CSV file or its Parquet copy as OFFERS_CSV;
- ``profile-cold`` / ``profile-worst`` (goal 3, ``profile.py``): cProfile of a cold first run and of
  the worst filter changes;
- ``class`` (goal 4, ``classroom.py``): 30 sessions through Streamlit's protocol;
- ``upload`` (goal 5, ``upload.py``): a file over the upload limit refused, memory flat;
- ``naive``, ``naive-cached`` and their ``-browser`` (goal 6, ``naive.py``): the baselines.

    python -m benchmarks.generate                       # the synthetic files, once (a few minutes)
    python -m benchmarks.scale                          # everything; hours: run it on a quiet machine
    python -m benchmarks.scale --sizes 1000 --sample 2 --only load app sweep changes   # a quick look,
                                                        # reported in out/results-partial.md
    python -m benchmarks.scale --report-only            # rewrite results.md from out/results.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    BUNDLED,
    LOG_DIR,
    OUT_DIR,
    ROOT,
    load_average,
    machine,
    no_sharing,
    peak_rss_mb,
    timed,
    tree_memory_mb,
)

RESULTS = Path(__file__).resolve().parent / "results.md"
RESULTS_JSON = OUT_DIR / "results.json"
PAGES = ("overview.py", "map.py", "compare.py", "data.py", "add_offer.py")
NAIVE_PAGES = Path(__file__).resolve().parent / "naive_pages"
SIZES = (27, 1_000, 10_000, 100_000, 1_000_000)
# The org-type filter values set before each timed rerun of « app » (the median is reported).
FILTER_VALUES = (["association"], ["local_authority", "scop"], [])
APPTEST_TIMEOUT = 7200  # seconds: the naive version at 100,000 offers is very slow
BROWSER_TIMEOUT_MS = 900_000
NAIVE_BROWSER_TIMEOUT_MS = 600_000  # a naive page past 10 minutes is reported as « > 600 s »
BROWSER_VISITS = 3  # warm visits per page; the median is reported
MAP_MARKERS = ".leaflet-marker-icon, path.leaflet-interactive"
CHART_POINTS = ".js-plotly-plot .scatterlayer .point, .js-plotly-plot .gl-container canvas"
LARGE = 100_000  # from this size on: profiles; below it the full naive browser visits


def plan(n: int, args) -> list[str]:
    """The measurements of one size, in order (the sweep before what reads its worst cases)."""
    kinds = ["load", "app", "sweep", "browser", "changes", "cold"]
    if n >= 1_000_000:
        kinds[1:1] = ["load-lifted"]
        kinds += ["cold-parquet", "upload"]
    if n == 27:
        kinds.append("first-chart")
    if n >= LARGE:
        kinds += ["profile-cold", "profile-worst"]
    if n in (27, LARGE):
        kinds.append("class")
    if n <= LARGE:
        kinds += ["naive", "naive-cached"]
        if n <= args.naive_browser_max:
            kinds += ["naive-browser", "naive-cached-browser"]
    if args.only:
        kinds = [k for k in kinds if k in args.only]
    return [k for k in kinds if k not in (args.skip or [])]


# --- measurements that live here (the others are in their own modules) -------------------------------

def _element_bytes(at) -> int:
    from benchmarks.sweep import element_bytes

    return element_bytes(at)


def _payloads(at, page: str) -> dict:
    out = {"page_bytes": _element_bytes(at)}
    if page.startswith("map"):
        components = at.get("component_instance")
        out["map_bytes"] = len(components[0].proto.json_args.encode()) if components else None
    if page.startswith("overview"):
        charts = at.get("plotly_chart")
        out["chart_bytes"] = len(charts[0].proto.spec.encode()) if charts else None
    return out


def _run_page(script: Path, warm_env: str | None = None, filter_values: tuple = FILTER_VALUES) -> dict:
    """First run, then the org-type filter set to each of ``filter_values`` and each rerun timed
    (the median is kept); the payloads are those of the last run."""
    from streamlit.testing.v1 import AppTest

    target = os.environ["OFFERS_CSV"]
    if warm_env:
        os.environ["OFFERS_CSV"] = warm_env  # the uncached naive pages: warm the imports only
    at = AppTest.from_file(str(script), default_timeout=APPTEST_TIMEOUT)
    _, first = timed(at.run)
    os.environ["OFFERS_CSV"] = target
    if at.exception:
        return {"error": str(at.exception[0].message)[:200]}
    times, widgets = [], []
    for value in filter_values:
        widgets = [w for w in at.multiselect if w.key == "org"]
        if widgets:
            widgets[0].set_value(value)
        _, rerun = timed(at.run)
        times.append(rerun * 1000)
        if at.exception:
            return {"error": str(at.exception[0].message)[:200]}
    errors = [str(e.value)[:200] for e in at.error]
    out = {"first_s": first, "rerun_ms": statistics.median(times), "reruns_ms": times, "filtered": bool(widgets),
           **_payloads(at, script.name)}
    if errors:
        out["error_boxes"] = errors
    return out


def measure_load(path: Path, lift: bool = False) -> dict:
    """Loading and validating, then preparing, timed apart; the peak memory of doing so."""
    from lib.offers import prepare_offers
    from lib.report import InvalidOffersFile
    from lib.validation import load_offers

    if lift:
        from benchmarks.profile import lift_file_limit

        lift_file_limit()
    cpu = time.process_time()  # CPU seconds too: on a shared machine wall time follows the load
    try:
        offers, load_s = timed(lambda: load_offers(path).offers)
    except InvalidOffersFile as exc:
        return {"refused": "; ".join(i.describe() for i in exc.report.errors)[:300], "peak_rss_mb": peak_rss_mb()}
    load_cpu_s, cpu = time.process_time() - cpu, time.process_time()
    _, prepare_s = timed(lambda: prepare_offers(offers))
    return {"rows": len(offers), "load_s": load_s, "prepare_s": prepare_s, "load_cpu_s": load_cpu_s,
            "prepare_cpu_s": time.process_time() - cpu, "peak_rss_mb": peak_rss_mb(), "lifted_file_limit": lift}


def measure_app(path: Path) -> dict:
    """Every page of the dashboard under AppTest; the first page's first run loads the file. Every
    run draws its page (no shared overview): the naive versions it is compared with share nothing."""
    os.environ["OFFERS_CSV"] = str(path)
    os.environ.update(no_sharing())
    result = {"pages": {}}
    for page in PAGES:
        result["pages"][page] = _run_page(ROOT / "pages" / page)
        result["pages"][page]["peak_rss_mb"] = peak_rss_mb()  # so far: this page and those before it
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def measure_naive(path: Path, cached: bool) -> dict:
    """The naive pages: one timed rerun with every offer (uncached, they redo all their work at each
    run and take minutes at 100,000 offers); cached, the median of the three org-type changes."""
    from benchmarks.naive import prepare_row_by_row
    from lib.validation import load_offers

    os.environ["OFFERS_CSV"] = str(path)
    offers, load_s = timed(lambda: load_offers(path).offers)
    _, prepare_s = timed(lambda: prepare_row_by_row(offers))
    result = {"rows": len(offers), "load_s": load_s, "prepare_s": prepare_s, "pages": {}}
    offers = None
    suffix = "_cached" if cached else ""
    for page in ("overview", "map"):
        script = NAIVE_PAGES / f"{page}{suffix}.py"
        if cached:  # the first run fills st.cache_data, the timed reruns read it
            result["pages"][f"{page}.py"] = _run_page(script, filter_values=FILTER_VALUES)
        else:
            result["pages"][f"{page}.py"] = _run_page(script, warm_env=str(BUNDLED), filter_values=FILTER_VALUES[-1:])
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def _visit(browser, url: str, frame_selector: str | None, selector: str, timeout_ms: float) -> float:
    """Seconds from navigation to the first element matching ``selector`` being visible."""
    from benchmarks.chromium import _context

    context = _context(browser)
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        scope = page.frame_locator(frame_selector) if frame_selector else page
        scope.locator(selector).first.wait_for(state="visible", timeout=timeout_ms)
        return time.perf_counter() - start
    finally:
        context.close()


def _median_visit(browser, url: str, frame_selector: str | None, selector: str, timeout_ms: float) -> dict:
    """The median of a few visits (the machine is shared); a visit past the time-out ends the series."""
    runs = []
    for _ in range(BROWSER_VISITS):
        try:
            runs.append(_visit(browser, url, frame_selector, selector, timeout_ms))
        except Exception as exc:
            return {"s": None, "runs": runs, "error": f"over {timeout_ms / 1000:.0f} s or failed: "
                                                      f"{type(exc).__name__}"}
    return {"s": statistics.median(runs), "runs": runs}


def measure_browser(path: Path, naive: str | None = None) -> dict:
    """Chromium against ``streamlit run``: the dashboard (cold map visit, then warm visits to the map
    and the overview), or a naive variant (``naive``: "" or "_cached") page by page."""
    from playwright.sync_api import sync_playwright

    from benchmarks.chromium import _launch
    from benchmarks.common import MemorySampler, streamlit_server

    iframe = 'iframe[src*="streamlit_folium.st_folium"]'  # the map renames its iframe once drawn
    env = {"OFFERS_CSV": str(path), **no_sharing()}  # warm visits draw their page, as the naive ones do
    result: dict = {}
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            if naive is not None:
                for page, frame, selector, name in (("map", iframe, MAP_MARKERS, "map"),
                                                    ("overview", None, CHART_POINTS, "chart")):
                    with streamlit_server(NAIVE_PAGES / f"{page}{naive}.py", env) as (url, process, _):
                        with MemorySampler(process.pid) as memory:
                            try:  # imports (and the cache of the cached variant), once
                                _visit(browser, url, frame, selector, NAIVE_BROWSER_TIMEOUT_MS)
                                visits = _median_visit(browser, url, frame, selector, NAIVE_BROWSER_TIMEOUT_MS)
                            except Exception as exc:
                                visits = {"s": None, "error": f"first visit over "
                                          f"{NAIVE_BROWSER_TIMEOUT_MS / 1000:.0f} s or failed: {type(exc).__name__}"}
                        result[f"{name}_s"] = visits["s"]
                        result[f"{name}_visits"] = visits
                        result[f"{name}_server_peak_mb"] = max(memory.peak, tree_memory_mb(process.pid)["peak"] or 0)
                result["server_peak_mb"] = max(result["map_server_peak_mb"], result["chart_server_peak_mb"])
            else:
                with streamlit_server(ROOT / "dashboard.py", env) as (url, process, _):
                    with MemorySampler(process.pid) as memory:
                        result["cold_map_s"] = _visit(browser, f"{url}/map", iframe, MAP_MARKERS, BROWSER_TIMEOUT_MS)
                        map_visits = _median_visit(browser, f"{url}/map", iframe, MAP_MARKERS, BROWSER_TIMEOUT_MS)
                        chart_visits = _median_visit(browser, f"{url}/", None, CHART_POINTS,
                                                     BROWSER_TIMEOUT_MS)
                    result.update(map_s=map_visits["s"], chart_s=chart_visits["s"], map_visits=map_visits,
                                  chart_visits=chart_visits,
                                  server_peak_mb=max(memory.peak, tree_memory_mb(process.pid)["peak"] or 0))
        finally:
            browser.close()
    return result


# --- one measurement in its own process -------------------------------------------------------------

def measure_one(kind: str, path: Path, extra: dict) -> dict:
    """Runs one kind of measurement in this process (the runner calls it in a subprocess)."""
    if kind in ("load", "load-lifted"):
        return measure_load(path, lift=kind == "load-lifted")
    if kind == "app":
        return measure_app(path)
    if kind == "sweep":
        from benchmarks.sweep import sweep

        return sweep(path, sample=extra.get("sample"), lift=extra.get("lift", False),
                     progress=lambda m: print(m, file=sys.stderr, flush=True))
    if kind == "browser":
        return measure_browser(path)
    if kind == "changes":
        from benchmarks.chromium import worst_changes

        return worst_changes(path, extra["sweep"])
    if kind == "first-chart":
        from benchmarks.chromium import first_chart_side_by_side

        return first_chart_side_by_side(path, rounds=extra.get("rounds", 5))
    if kind in ("cold", "cold-parquet"):
        from benchmarks.chromium import cold_start

        return cold_start(path.with_suffix(".parquet") if kind == "cold-parquet" else path, runs=3)
    if kind == "profile-cold":
        from benchmarks.profile import profile_cold

        return profile_cold(path, lift=extra.get("lift", False))
    if kind == "profile-worst":
        from benchmarks.profile import profile_change

        return profile_change(path, extra["case"], lift=extra.get("lift", False))
    if kind == "class":
        from benchmarks.classroom import run_class

        warm = [run_class(path, cold=False) for _ in range(3)]
        return {"warm_runs": warm, "cold": run_class(path, cold=True)}
    if kind == "upload":
        from benchmarks.upload import measure

        return measure(path)
    if kind in ("naive", "naive-cached"):
        return measure_naive(path, cached=kind == "naive-cached")
    if kind in ("naive-browser", "naive-cached-browser"):
        return measure_browser(path, naive="_cached" if kind == "naive-cached-browser" else "")
    raise SystemExit(f"unknown measurement {kind}")


def _subprocess(kind: str, path: Path, timeout: float, extra: dict | None = None) -> dict:
    """One measurement in a fresh Python process; its JSON, or what went wrong."""
    command = [sys.executable, "-m", "benchmarks.scale", "--one", kind, str(path)]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(extra or {}, handle, default=str)
    command += ["--extra", handle.name]
    log = LOG_DIR / f"{kind}-{path.stem}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        with log.open("w") as stderr:
            done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True,
                                  timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s (log: {log.relative_to(ROOT)})"}
    finally:
        Path(handle.name).unlink(missing_ok=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = [line for line in log.read_text(errors="replace").splitlines() if line.strip()][-1:] or ["?"]
        return {"error": f"{tail[0][:200]} (log: {log.relative_to(ROOT)})"}
    result = json.loads(lines[-1])
    result["measured_s"] = time.perf_counter() - start
    return result


def _extra(kind: str, n: int, entry: dict, args) -> dict | None:
    """What a measurement needs from the run so far; None when it cannot run (said in the results)."""
    if kind == "sweep":
        sample = args.sample if args.sample else (args.sample_1m if n >= 1_000_000 else None)
        # At a million offers the app refuses the file today: the sweep lifts the limit in its own
        # process to show what filtering would cost (the report says so).
        return {"sample": sample, "lift": n >= 1_000_000}
    if kind in ("changes", "profile-worst"):
        sweep = entry.get("sweep", {})
        if not sweep.get("confirmed"):
            return None
        if kind == "changes":
            return {"sweep": sweep}
        worst = max(sweep["confirmed"], key=lambda c: c["median_ms"])
        return {"case": worst, "lift": n >= 1_000_000}
    if kind == "profile-cold":
        return {"lift": n >= 1_000_000}
    return {}


def run(args) -> dict:
    results = json.loads(RESULTS_JSON.read_text()) if args.resume and RESULTS_JSON.exists() else {}
    results.setdefault("datasets", {})
    results["machine"] = machine()
    results["provisional"] = args.provisional
    for n in args.sizes:
        label = "27 (bundled)" if n == 27 else f"{n:,}"
        path = BUNDLED if n == 27 else OUT_DIR / f"offers-{n}.csv"
        if not path.exists():
            raise SystemExit(f"missing {path}: run `python -m benchmarks.generate --sizes {n}` first")
        entry = results["datasets"].setdefault(label, {})
        entry["rows"] = n
        for kind in plan(n, args):
            if args.resume and kind in entry and "error" not in entry[kind]:
                continue
            extra = _extra(kind, n, entry, args)
            if extra is None:
                entry[kind] = {"error": "not run: no worst case from the sweep"}
                continue
            target = path
            if kind == "upload":
                target = path if path.stat().st_size > 200 * 1024 * 1024 else OUT_DIR / "offers-1000000.csv"
            print(f"[{time.strftime('%H:%M:%S')}] {label}: {kind} (load {load_average()}) …", file=sys.stderr,
                  flush=True)
            entry[kind] = _subprocess(kind, target, args.timeout, extra)
            entry[kind]["load_average_after"] = load_average()
            RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
            RESULTS_JSON.write_text(json.dumps(results, indent=1, default=str))  # kept as it goes
            if "error" in entry[kind]:
                print(f"    {entry[kind]['error']}", file=sys.stderr, flush=True)
    results["machine"]["load_at_end"] = load_average()
    results["machine"]["ended"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES),
                        help="27 is the bundled file; others are benchmarks/out/offers-N.csv")
    parser.add_argument("--only", nargs="*", help="only these measurements (see KINDS in the docstring)")
    parser.add_argument("--skip", nargs="*", help="leave these measurements out")
    parser.add_argument("--sample", type=int, help="sweep at most N changes per filter (every size): a quick look")
    parser.add_argument("--sample-1m", type=int, default=3,
                        help="changes per filter of the sweep at 1,000,000 offers (the full sweep takes hours)")
    parser.add_argument("--naive-browser-max", type=int, default=100_000,
                        help="largest file the naive versions are opened with in Chromium")
    parser.add_argument("--timeout", type=float, default=4 * 3600, help="seconds per measurement subprocess")
    parser.add_argument("--resume", action="store_true", help="keep the measurements of out/results.json that "
                        "succeeded, run the rest")
    parser.add_argument("--provisional", help="a sentence the report prints first (why figures are provisional)")
    parser.add_argument("--report-only", action="store_true", help="rewrite results.md from out/results.json")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--extra", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        extra = json.loads(args.extra.read_text()) if args.extra else {}
        print(json.dumps(measure_one(args.one[0], Path(args.one[1]).resolve(), extra), default=str))
        return 0
    from benchmarks.report import report

    results = json.loads(RESULTS_JSON.read_text()) if args.report_only else run(args)
    if not args.report_only:
        RESULTS_JSON.write_text(json.dumps(results, indent=1, default=str))
    text = report(results)
    # A partial run (some sizes or measurements, a sample) would replace the whole of results.md, its
    # analyses written by hand included, with a few figures: it writes beside the JSON instead.
    partial = not args.report_only and (bool(args.only or args.skip or args.sample)
                                        or sorted(args.sizes) != sorted(SIZES))
    target = OUT_DIR / "results-partial.md" if partial else RESULTS
    target.write_text(text, encoding="utf-8")
    print(text)
    print(f"(report written to {target})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
