"""How the dashboard holds at 27, 1,000, 10,000 and 100,000 offers, against a naive version.

For each data file, in a fresh subprocess (so that each peak of memory is its own):

- loading and validating the CSV (``lib.validation.load_offers``), then preparing the offers;
- one full script run of each page after a filter change, with ``streamlit.testing.v1.AppTest``:
  a first run fills the cache, then the organisation-type filter changes and the rerun is timed;
- what the map page sends to the browser for the map (the streamlit-folium component's
  arguments) and the overview for the stipend/duration chart (the Plotly spec), in bytes;
- the peak resident memory of that process;
- in headless Chromium, against ``streamlit run dashboard.py``: the time from navigation to the
  map's markers (inside the streamlit-folium iframe) and to the stipend/duration chart's points,
  the server's cache warm (a first visit fills it; that cold visit is timed too), and the
  server's peak memory.

The naive version (``benchmarks/naive.py``: no cache, offers placed one by one, one
``folium.Marker`` per offer, SVG scatter with full hover texts) is measured in the same run.

    python -m benchmarks.generate            # the synthetic files, once
    python -m benchmarks.scale               # all sizes; writes benchmarks/results.md
    python -m benchmarks.scale --sizes 1000 --no-browser
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "offers.csv"
OUT_DIR = Path(__file__).resolve().parent / "out"
RESULTS = Path(__file__).resolve().parent / "results.md"
PAGES = ("overview.py", "map.py", "compare.py", "data.py", "add_offer.py")
NAIVE_PAGES = Path(__file__).resolve().parent / "naive_pages"
# The org-type filter values set before each timed rerun (the median is reported); the payloads are
# those of the last run, with every offer.
FILTER_VALUES = (["association"], ["local_authority", "scop"], [])
APPTEST_TIMEOUT = 3600  # seconds: the naive version at 100,000 offers is very slow
BROWSER_TIMEOUT_MS = 600_000
BROWSER_VISITS = 3  # warm visits per page; the median is reported
MAP_MARKERS = ".leaflet-marker-icon, path.leaflet-interactive"
CHART_POINTS = ".js-plotly-plot .scatterlayer .point, .js-plotly-plot .gl-container canvas"
PACKAGES = ("streamlit", "pandas", "numpy", "pyarrow", "pandera", "plotly", "folium", "streamlit-folium",
            "playwright")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _element_bytes(at) -> int:
    """Bytes of every element proto the run produced: what the page sends, roughly."""
    total = 0
    stack = [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize") and not getattr(node, "children", None):
            total += proto.ByteSize()
        children = getattr(node, "children", None)
        if children:
            stack.extend(children.values())
    return total


def _payloads(at, page: str) -> dict:
    out = {"page_bytes": _element_bytes(at)}
    if page == "map.py":
        components = at.get("component_instance")
        out["map_bytes"] = len(components[0].proto.json_args.encode()) if components else None
    if page == "overview.py":
        charts = at.get("plotly_chart")
        out["chart_bytes"] = len(charts[0].proto.spec.encode()) if charts else None
    return out


def _run_page(script: Path, warm_env: str | None = None, filter_values: tuple = FILTER_VALUES) -> dict:
    """First run, then the org-type filter set to each of ``filter_values`` and each rerun timed
    (the median is kept); the payloads are those of the last run."""
    from streamlit.testing.v1 import AppTest

    target = os.environ["OFFERS_CSV"]
    if warm_env:
        os.environ["OFFERS_CSV"] = warm_env  # the naive pages cache nothing: warm the imports only
    at = AppTest.from_file(str(script), default_timeout=APPTEST_TIMEOUT)
    _, first = _timed(at.run)
    os.environ["OFFERS_CSV"] = target
    if at.exception:
        return {"error": str(at.exception[0].message)[:200]}
    times = []
    for value in filter_values:
        widgets = [w for w in at.multiselect if w.key == "org"]
        if widgets:
            widgets[0].set_value(value)
        _, rerun = _timed(at.run)
        times.append(rerun * 1000)
        if at.exception:
            return {"error": str(at.exception[0].message)[:200]}
    return {"first_s": first, "rerun_ms": statistics.median(times), "reruns_ms": times, "filtered": bool(widgets),
            **_payloads(at, script.name)}


def measure_load(path: Path) -> dict:
    """Loading and validating, then preparing, timed apart; the peak memory of doing so."""
    from lib.offers import prepare_offers
    from lib.validation import load_offers

    offers, load_s = _timed(lambda: load_offers(path).offers)
    _, prepare_s = _timed(lambda: prepare_offers(offers))
    return {"rows": len(offers), "load_s": load_s, "prepare_s": prepare_s, "peak_rss_mb": _peak_rss_mb()}


def measure_app(path: Path) -> dict:
    """Every page of the dashboard under AppTest; the first page's first run loads the file."""
    os.environ["OFFERS_CSV"] = str(path)
    result = {"pages": {}}
    for page in PAGES:
        result["pages"][page] = _run_page(ROOT / "pages" / page)
        result["pages"][page]["peak_rss_mb"] = _peak_rss_mb()  # so far: this page and those before it
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def measure_naive(path: Path) -> dict:
    from benchmarks.naive import prepare_row_by_row
    from lib.validation import load_offers

    os.environ["OFFERS_CSV"] = str(path)
    offers, load_s = _timed(lambda: load_offers(path).offers)
    _, prepare_s = _timed(lambda: prepare_row_by_row(offers))
    result = {"rows": len(offers), "load_s": load_s, "prepare_s": prepare_s, "pages": {}}
    offers = None
    for page in ("overview.py", "map.py"):
        # One timed rerun, with every offer (the payloads compare with the dashboard's last run): the naive
        # pages take minutes a run at 100,000 offers, and redo all their work at each run anyway.
        result["pages"][page] = _run_page(NAIVE_PAGES / page, warm_env=str(BUNDLED),
                                          filter_values=FILTER_VALUES[-1:])
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


# --- Chromium ----------------------------------------------------------------------------------

def _server_peak_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of the server and its children."""
    total = 0.0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        if found:
            total += int(found.group(1)) / 1024
    return total or None


def _visit(browser, url: str, frame_selector: str | None, selector: str) -> float:
    """Seconds from navigation to the first element matching ``selector`` being visible."""
    from tests.browser.offline import OfflineRouter

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR",
                                  service_workers="block")
    OfflineRouter().install(context)
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=BROWSER_TIMEOUT_MS)
        scope = page.frame_locator(frame_selector) if frame_selector else page
        scope.locator(selector).first.wait_for(state="visible", timeout=BROWSER_TIMEOUT_MS)
        return time.perf_counter() - start
    finally:
        context.close()


def _median_visit(browser, url: str, frame_selector: str | None, selector: str) -> float:
    """The median of a few visits: the machine is shared, single timings are noisy."""
    return statistics.median(_visit(browser, url, frame_selector, selector) for _ in range(BROWSER_VISITS))


def measure_browser(path: Path, naive: bool) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _stop, start_streamlit

    iframe = 'iframe[src*="streamlit_folium.st_folium"]'  # the map renames its iframe once drawn
    env = {"OFFERS_CSV": str(path)}
    logs = ROOT / "test-artifacts" / "benchmark-logs"
    result: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            if naive:
                for page, frame, selector, name in (("map.py", iframe, MAP_MARKERS, "map"),
                                                    ("overview.py", None, CHART_POINTS, "chart")):
                    url, process = start_streamlit(NAIVE_PAGES / page, env, ROOT, logs)
                    try:
                        _visit(browser, url, frame, selector)  # imports, once
                        result[f"{name}_s"] = _median_visit(browser, url, frame, selector)
                        result[f"{name}_server_peak_mb"] = _server_peak_mb(process.pid)
                    finally:
                        _stop(process)
                result["server_peak_mb"] = max(result["map_server_peak_mb"], result["chart_server_peak_mb"])
            else:
                url, process = start_streamlit(ROOT / "dashboard.py", env, ROOT, logs)
                try:
                    result["cold_map_s"] = _visit(browser, f"{url}/map", iframe, MAP_MARKERS)
                    result["map_s"] = _median_visit(browser, f"{url}/map", iframe, MAP_MARKERS)
                    result["chart_s"] = _median_visit(browser, f"{url}/overview", None, CHART_POINTS)
                    result["server_peak_mb"] = _server_peak_mb(process.pid)
                finally:
                    _stop(process)
        finally:
            browser.close()
    return result


# --- the whole run -------------------------------------------------------------------------------

def _subprocess(kind: str, path: Path, timeout: float) -> dict:
    command = [sys.executable, "-m", "benchmarks.scale", "--one", kind, str(path)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1][:200]}
    return json.loads(lines[-1])


def machine() -> dict:
    cpu = "?"
    try:
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else platform.processor()
        ram = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 1024 / 1024
    except (OSError, AttributeError):
        ram = float("nan")
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "?"
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "—"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(ram, 1), "python": platform.python_version(),
            "os": platform.platform(), "chromium": chromium, "packages": versions}


def run(sizes: list[int], browser: bool, naive: bool, naive_browser_max: int, timeout: float) -> dict:
    datasets = [("27 (bundled)", BUNDLED)] + [(f"{n:,}", OUT_DIR / f"offers-{n}.csv") for n in sizes]
    missing = [str(p) for _, p in datasets if not p.exists()]
    if missing:
        raise SystemExit(f"missing {missing}: run `python -m benchmarks.generate` first")
    results = {"machine": machine(), "datasets": {}}
    for label, path in datasets:
        print(f"[{time.strftime('%H:%M:%S')}] {label} …", file=sys.stderr, flush=True)
        entry = {"load": _subprocess("load", path, timeout), "app": _subprocess("app", path, timeout)}
        if naive:
            entry["naive"] = _subprocess("naive", path, timeout)
        if browser:
            entry["app_browser"] = _subprocess("browser", path, timeout)
            rows = entry["load"].get("rows", 0)
            if naive and rows <= naive_browser_max:
                entry["naive_browser"] = _subprocess("naive-browser", path, timeout)
        results["datasets"][label] = entry
        print(json.dumps(entry), file=sys.stderr, flush=True)
    return results


# --- the report ----------------------------------------------------------------------------------

def _fmt(value, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit == "B":
        return f"{value / 1e6:.2f} MB" if value >= 1e5 else f"{value / 1e3:.1f} kB"
    return f"{value:,.{digits}f}{unit}".replace(",", " ")


def _ratio(naive, app) -> str:
    if not isinstance(naive, int | float) or not isinstance(app, int | float) or not app:
        return "—"
    return f"×{naive / app:,.1f}".replace(",", " ")


def _get(entry: dict, *keys):
    for key in keys:
        if not isinstance(entry, dict):
            return None
        entry = entry.get(key)
    return entry


def report(results: dict, before: dict | None = None) -> str:
    m = results["machine"]
    lines = [
        "# Speed at scale (issue 6)",
        "",
        "Produced by `python -m benchmarks.scale` (see its docstring for what is measured). Synthetic offers from "
        "`python -m benchmarks.generate` (seeded); page times are one script run under `AppTest` after the "
        "organisation-type filter changed, the cache warm (median of 3 changes; 1 for the naive pages); "
        "browser times are from navigation to the first visible "
        "map marker / chart point in headless Chromium (median of 3 visits), the server's cache warm (« cold »: its "
        "first visit, which loads the file).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; Python {m['python']}; {m['os']}; "
        f"{m['chromium']}.",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + ".",
        "",
        "## The dashboard",
        "",
        "| offers | load + validate | prepare | overview | map | compare | data | add offer | map payload "
        "| chart payload | overview page payload | peak memory: load | peak memory: overview + map "
        "| peak memory: all pages | Chromium: map markers | Chromium: chart | Chromium: cold map "
        "| server peak memory |",
        "|---|" + "---|" * 17,
    ]
    for label, entry in results["datasets"].items():
        load, app, web = entry.get("load", {}), entry.get("app", {}), entry.get("app_browser", {})
        pages = app.get("pages", {})

        def page_ms(page, pages=pages):
            info = pages.get(page, {})
            return info.get("error", "error")[:40] if "error" in info else _fmt(info.get("rerun_ms"), " ms")

        lines.append("| " + " | ".join([
            label, _fmt(load.get("load_s"), " s", 2), _fmt(load.get("prepare_s"), " s", 2),
            *(page_ms(p) for p in PAGES),
            _fmt(_get(pages, "map.py", "map_bytes"), "B"), _fmt(_get(pages, "overview.py", "chart_bytes"), "B"),
            _fmt(_get(pages, "overview.py", "page_bytes"), "B"), _fmt(load.get("peak_rss_mb"), " MB"),
            _fmt(_get(pages, "map.py", "peak_rss_mb"), " MB"), _fmt(app.get("peak_rss_mb"), " MB"),
            _fmt(web.get("map_s"), " s", 2), _fmt(web.get("chart_s"), " s", 2), _fmt(web.get("cold_map_s"), " s", 1),
            _fmt(web.get("server_peak_mb"), " MB"),
        ]) + " |")
    lines += [
        "",
        "## Naive version and ratios (naive ÷ dashboard)",
        "",
        "Naive: `benchmarks/naive.py` — no cache (the file is read, validated and prepared at every run), offers "
        "placed one by one, one `folium.Marker` with tooltip and popup per offer, an SVG scatter with a full hover "
        "text per point. Its pages hold only the org-type filter and the map or the chart, so the ratios of page "
        "times understate the gap.",
        "",
        "| offers | prepare | overview run | map run | map payload | chart payload "
        "| peak memory (overview + map, the load included) "
        "| Chromium: map markers | Chromium: chart | server peak memory |",
        "|---|" + "---|" * 9,
    ]
    for label, entry in results["datasets"].items():
        app, naive = entry.get("app", {}), entry.get("naive")
        if not naive:
            continue
        web, naive_web = entry.get("app_browser", {}), entry.get("naive_browser", {})
        npages, apages = naive.get("pages", {}), app.get("pages", {})

        def pair(n, a, unit, digits=0):
            return f"{_fmt(n, unit, digits)} vs {_fmt(a, unit, digits)} ({_ratio(n, a)})"

        lines.append("| " + " | ".join([
            label,
            pair(naive.get("prepare_s"), entry.get("load", {}).get("prepare_s"), " s", 2),
            pair(_get(npages, "overview.py", "rerun_ms"), _get(apages, "overview.py", "rerun_ms"), " ms"),
            pair(_get(npages, "map.py", "rerun_ms"), _get(apages, "map.py", "rerun_ms"), " ms"),
            pair(_get(npages, "map.py", "map_bytes"), _get(apages, "map.py", "map_bytes"), "B"),
            pair(_get(npages, "overview.py", "chart_bytes"), _get(apages, "overview.py", "chart_bytes"), "B"),
            pair(naive.get("peak_rss_mb"), _get(apages, "map.py", "peak_rss_mb"), " MB"),
            pair(naive_web.get("map_s"), web.get("map_s"), " s", 2) if naive_web else "not run",
            pair(naive_web.get("chart_s"), web.get("chart_s"), " s", 2) if naive_web else "not run",
            pair(naive_web.get("server_peak_mb"), web.get("server_peak_mb"), " MB") if naive_web else "not run",
        ]) + " |")
    lines += _before_after(results, before) if before else []
    errors = [(label, kind, value["error"]) for label, entry in results["datasets"].items()
              for kind, value in entry.items() if isinstance(value, dict) and "error" in value]
    errors += [(label, f"{kind} {page}", info["error"]) for label, entry in results["datasets"].items()
               for kind, value in entry.items() if isinstance(value, dict)
               for page, info in value.get("pages", {}).items() if "error" in info]
    if errors:
        lines += ["", "## Errors", ""] + [f"- {label}, {kind}: {error}" for label, kind, error in errors]
    return "\n".join(lines) + "\n"


def _before_after(results: dict, before: dict) -> list[str]:
    """The dashboard before issue 6 (``--before``: the JSON of this benchmark run on that commit)."""
    lines = [
        "",
        "## Before / after",
        "",
        f"Before: {before.get('label', 'the dashboard before issue 6')}, measured by this harness on the same "
        "machine (its browser times are single visits, not medians). Load + validate is left out: "
        "validation changed in between (another issue).",
        "",
        "| offers | prepare | overview | map | compare | data | map payload | chart payload "
        "| Chromium: map markers | Chromium: chart | server peak memory |",
        "|---|" + "---|" * 10,
    ]
    for label, entry in results["datasets"].items():
        old = before.get("datasets", {}).get(label)
        if not old:
            continue
        new_pages, old_pages = _get(entry, "app", "pages") or {}, _get(old, "app", "pages") or {}
        web, old_web = entry.get("app_browser", {}), old.get("app_browser", {})

        def pair(o, n, unit, digits=0):
            return f"{_fmt(o, unit, digits)} → {_fmt(n, unit, digits)} ({_ratio(o, n)})"

        lines.append("| " + " | ".join([
            label,
            pair(_get(old, "app", "prepare_s"), _get(entry, "load", "prepare_s"), " s", 2),
            *(pair(_get(old_pages, p, "rerun_ms"), _get(new_pages, p, "rerun_ms"), " ms")
              for p in ("overview.py", "map.py", "compare.py", "data.py")),
            pair(_get(old_pages, "map.py", "map_bytes"), _get(new_pages, "map.py", "map_bytes"), "B"),
            pair(_get(old_pages, "overview.py", "chart_bytes"), _get(new_pages, "overview.py", "chart_bytes"), "B"),
            pair(old_web.get("map_s"), web.get("map_s"), " s", 2),
            pair(old_web.get("chart_s"), web.get("chart_s"), " s", 2),
            pair(old_web.get("server_peak_mb"), web.get("server_peak_mb"), " MB"),
        ]) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--naive-browser-max", type=int, default=10_000,
                        help="largest file the naive version is opened in Chromium with")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per measurement subprocess")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "results.json")
    parser.add_argument("--report-only", action="store_true", help="rewrite results.md from --json")
    parser.add_argument("--before", type=Path, help="JSON of this benchmark run on an earlier commit, to compare")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        kind, path = args.one[0], Path(args.one[1])
        measures = {"load": measure_load, "app": measure_app, "naive": measure_naive,
                    "browser": lambda p: measure_browser(p, naive=False),
                    "naive-browser": lambda p: measure_browser(p, naive=True)}
        print(json.dumps(measures[kind](path)))
        return 0
    if args.report_only:
        results = json.loads(args.json.read_text())
    else:
        results = run(args.sizes, not args.no_browser, not args.no_naive, args.naive_browser_max, args.timeout)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    before = json.loads(args.before.read_text()) if args.before else None
    text = report(results, before)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
