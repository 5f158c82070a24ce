"""Goals 2 and 3 of issue 15, in headless Chromium (Debian's, driven by Playwright, offline as in
the browser tests): what the user waits for.

**Idle**, after a filter change, is the first moment at which all of these hold:

- the script run the change started has finished: the app's ``data-test-script-state`` went to
  ``running`` after the change and back to ``notRunning``;
- no status-widget running icon, no skeleton, no spinner, no element still marked stale (Streamlit
  greys the previous run's elements until the new run replaces them);
- every Plotly chart has drawn its SVG, every streamlit-folium iframe its Leaflet map;
- the DOM, the map's iframe included, has not changed for ``QUIET_MS``.

The time reported runs from the click (or key press) that commits the change to the last DOM
mutation before that quiet period (or the end of the run, if later): not to the moment the
quiet period is observed. The timestamps are taken in the page (``performance.timeOrigin +
performance.now()``, comparable across frames) by a script installed in every frame before its
own scripts run, which also records each change of the script state.

**First chart** is the time from navigation start to the first Plotly point in the page (an SVG
``.point`` or a WebGL canvas), taken by the same script (``performance.now()`` of the document).

The filter change is made by hand, as a user does: the state just before it is opened by URL (the
app reads its filters from the query string), then one click on an option, on a tag's remove
button, one arrow key on a slider thumb, or typing in the search box and Enter. A range case is
reached by one step of a thumb from a range one step wider.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.common import ROOT, MemorySampler, median, no_sharing, streamlit_server, tree_memory_mb

QUIET_MS = 500
POLL_S = 0.05
CHANGE_TIMEOUT_S = 180
LOAD_TIMEOUT_MS = 900_000  # a cold start at a million offers
VIEWPORT = {"width": 1400, "height": 1000}
CHART_POINTS = ".js-plotly-plot .scatterlayer .point, .js-plotly-plot .gl-container canvas"
ERROR_BOX = '[data-testid="stAlertContentError"], [data-testid="stException"]'
REFERENCE_APP = Path(__file__).resolve().parent / "reference_app.py"

_INIT_SCRIPT = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const bench = window.__bench = {last: now(), states: [], firstChart: null, firstError: null};
  const chart = __CHART__, error = __ERROR__;
  const observer = new MutationObserver((records) => {
    const t = now();
    bench.last = t;
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-test-script-state') {
        bench.states.push([r.target.getAttribute('data-test-script-state'), t]);
      }
    }
    if (bench.firstChart === null && document.querySelector(chart)) bench.firstChart = performance.now();
    if (bench.firstError === null && document.querySelector(error)) bench.firstError = performance.now();
  });
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""
INIT_SCRIPT = _INIT_SCRIPT.replace("__CHART__", json.dumps(CHART_POINTS)).replace("__ERROR__", json.dumps(ERROR_BOX))

_PAGE_STATE = """(t0) => {
  const b = window.__bench || {states: [], last: 0};
  const app = document.querySelector('[data-testid="stApp"]');
  const after = b.states.filter(([s, t]) => t >= t0);
  const ranAt = after.findIndex(([s]) => s === 'running');
  const done = ranAt < 0 ? null : after.slice(ranAt).find(([s]) => s === 'notRunning');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return {
    state: app ? app.getAttribute('data-test-script-state') : null,
    ran: ranAt >= 0, finished: done ? done[1] : null,
    busy: !!document.querySelector('[data-testid="stStatusWidgetRunningIcon"], [data-testid="stSkeleton"], ' +
                                   '[data-testid="stSpinner"], [data-stale="true"]'),
    chartsDrawn: charts.every(c => c.querySelector('.main-svg')),
    maps: document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]').length,
    last: b.last, now: performance.timeOrigin + performance.now(),
  };
}"""
_FRAME_STATE = """() => ({last: window.__bench ? window.__bench.last : 0,
  map: !!document.querySelector('.leaflet-container')})"""


def _launch(playwright):
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def _context(browser):
    from tests.browser.offline import OfflineRouter

    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR", service_workers="block")
    OfflineRouter().install(context)
    context.add_init_script(INIT_SCRIPT)
    return context


def _now(page) -> float:
    return page.evaluate("() => performance.timeOrigin + performance.now()")


def wait_idle(page, t0: float, timeout_s: float = CHANGE_TIMEOUT_S, need_run: bool = True) -> dict:
    """Waits until the page is idle (module docstring) after ``t0``; returns the milliseconds from
    ``t0`` to the end of the work (``ms``) and what was seen, or ``error`` on a time-out."""
    deadline = time.monotonic() + timeout_s
    started = time.monotonic()
    seen: dict = {}
    while time.monotonic() < deadline:
        seen = page.evaluate(_PAGE_STATE, t0)
        frames_last, maps_ready = seen["last"], 0
        for frame in page.frames[1:]:
            try:
                info = frame.evaluate(_FRAME_STATE)
            except Exception:  # a frame replaced while we read it: read again at the next poll
                continue
            frames_last = max(frames_last, info["last"])
            maps_ready += bool(info["map"])
        ran = seen["ran"] or (not need_run) or (time.monotonic() - started > 10 and seen["state"] == "notRunning")
        ready = (ran and seen["state"] == "notRunning" and not seen["busy"] and seen["chartsDrawn"]
                 and maps_ready >= seen["maps"])
        if ready and seen["now"] - frames_last >= QUIET_MS:
            end = max(frames_last, seen["finished"] or 0)
            return {"ms": end - t0, "saw_run": seen["ran"],
                    "run_end_ms": (seen["finished"] - t0) if seen["finished"] else None}
        time.sleep(POLL_S)
    return {"error": f"not idle within {timeout_s:.0f} s", "seen": seen}


# --- making a change by hand ------------------------------------------------------------------------

def _query(state: dict) -> str:
    """The app's URL encoding of filter values (shell/url_state.py): lists as repeated parameters,
    whole floats without decimals, True as « true »."""
    pairs = []
    for key, value in state.items():
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if v is True:
                v = "true"
            elif isinstance(v, float) and v.is_integer():
                v = int(v)
            pairs.append((key, str(v)))
    return urlencode(pairs)


def plan(case: dict, meta: dict) -> dict:
    """How to reach ``case`` by hand: the state to open by URL and the one action that commits it."""
    key, value, before = case["key"], case["value"], dict(case.get("before") or {})
    info = meta.get(key, {})
    kind = info.get("type")
    if kind == "multiselect":
        old = list(before.get(key, info.get("default") or []))
        added, removed = [v for v in value if v not in old], [v for v in old if v not in value]
        if len(added) + len(removed) != 1:
            return {"unsupported": "not a single click"}
        return {"before": before, "action": "add" if added else "remove", "shown": case.get("shown") or
                str((added or removed)[0])}
    if kind in ("slider", "select_slider") and not isinstance(value, list | tuple):
        # One thumb (the distance radius): reached by one arrow key from the option beside it.
        options = info.get("options") or []
        if value not in options:
            return {"unsupported": "value not among the slider's options"}
        i = options.index(value)
        if i > 0:
            return {"before": {**before, key: options[i - 1]}, "action": "thumb", "thumb": 0, "press": "ArrowRight"}
        if i + 1 < len(options):
            return {"before": {**before, key: options[i + 1]}, "action": "thumb", "thumb": 0, "press": "ArrowLeft"}
        return {"unsupported": "a slider of one option"}
    if kind in ("slider", "select_slider"):
        low, high = value
        if kind == "slider":
            step, lo, hi = info["step"], info["min"], info["max"]
            wider_high, wider_low = (low, high + step) if high + step <= hi else None, \
                (low - step, high) if low - step >= lo else None
        else:
            options = info["options"]
            i, j = options.index(low), options.index(high)
            wider_high = (low, options[j + 1]) if j + 1 < len(options) else None
            wider_low = (options[i - 1], high) if i > 0 else None
        if wider_high:
            return {"before": {**before, key: list(wider_high)}, "action": "thumb", "thumb": 1, "press": "ArrowLeft"}
        if wider_low:
            return {"before": {**before, key: list(wider_low)}, "action": "thumb", "thumb": 0, "press": "ArrowRight"}
        return {"unsupported": "range already full"}
    if kind in ("text_input", "text_area"):
        return {"before": before, "action": "type", "text": value}
    if kind in ("toggle", "checkbox"):
        return {"before": before, "action": "click"}
    return {"unsupported": f"widget type {kind}"}


def _act(page, key: str, step: dict) -> float:
    """Prepares the change, stamps t0 and commits it; returns t0."""
    scope = page.locator(f".st-key-{key}")
    if step["action"] == "add":
        scope.locator("input").first.click()
        page.keyboard.type(step["shown"])
        option = page.get_by_role("option", name=step["shown"], exact=True)
        option.wait_for(state="visible", timeout=30_000)
        t0 = _now(page)
        option.click()
        return t0
    if step["action"] == "remove":
        # Streamlit's « Remove X », written « Retirer X » on a French page (shell/navigation.py).
        button = scope.locator(f'button[aria-label="Remove {step["shown"]}"], '
                               f'button[aria-label="Retirer {step["shown"]}"]')
        button.wait_for(state="visible", timeout=30_000)
        t0 = _now(page)
        button.click()
        return t0
    if step["action"] == "thumb":
        scope.locator("input[type=range]").nth(step["thumb"]).focus()
        t0 = _now(page)
        page.keyboard.press(step["press"])
        return t0
    if step["action"] == "type":
        scope.locator("input, textarea").first.fill(step["text"])
        t0 = _now(page)
        page.keyboard.press("Enter")
        return t0
    scope.locator("label").first.wait_for(state="visible", timeout=30_000)
    t0 = _now(page)
    scope.locator("label").first.click()
    return t0


def page_path(page_file: str) -> str:
    """A page's URL path in the dashboard: the overview is its default page, at « / » (« /overview » is no
    page: Streamlit says « Page not found » and runs the default page)."""
    stem = Path(page_file).stem
    return "" if stem == "overview" else stem


def measure_change(browser, base_url: str, page_file: str, case: dict, meta: dict, repeats: int = 3) -> dict:
    """Milliseconds from the click to idle for one sweep case (median of ``repeats``), and the
    WebSocket bytes the server sent for it."""
    step = plan(case, meta)
    if "unsupported" in step:
        return {"skipped": step["unsupported"]}
    path = page_path(page_file)
    url = f"{base_url}/{path}" + (f"?{_query(step['before'])}" if step["before"] else "")
    runs, sizes, errors, run_ends = [], [], [], []
    for _ in range(repeats):
        context = _context(browser)
        page = context.new_page()
        received = []
        page.on("websocket", lambda ws, received=received: ws.on(
            "framereceived", lambda payload: received.append((time.monotonic(), len(payload)))))
        try:
            page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
            settled = wait_idle(page, 0, timeout_s=LOAD_TIMEOUT_MS / 1000, need_run=False)
            if "error" in settled:
                errors.append(f"before the change: {settled['error']}")
                continue
            mark = time.monotonic()
            t0 = _act(page, case["key"], step)
            done = wait_idle(page, t0)
            if "error" in done:
                errors.append(done["error"])
                continue
            runs.append(done["ms"])
            run_ends.append(done.get("run_end_ms"))
            sizes.append(sum(n for t, n in received if t >= mark))
        except Exception as exc:  # one failed repeat is reported, the others still count
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        finally:
            context.close()
    out = {"page": page_file, "label": case["label"], "url": url.replace(base_url, ""), "action": step["action"],
           "runs_ms": runs, "median_ms": median(runs), "ws_bytes": median(sizes),
           # when the script run ended (its last message received), from the click: the rest is drawing
           "run_end_ms": median([e for e in run_ends if e is not None])}
    if errors:
        out["errors"] = errors
    return out


# --- first chart ---------------------------------------------------------------------------------------

def first_chart(browser, url: str, timeout_ms: float = LOAD_TIMEOUT_MS) -> dict:
    """Milliseconds from navigation start to the first chart point (or to an error box)."""
    context = _context(browser)
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_function("() => window.__bench && (window.__bench.firstChart !== null || "
                               "window.__bench.firstError !== null)", timeout=timeout_ms, polling=50)
        found = page.evaluate("() => window.__bench")
        if found["firstChart"] is not None:
            return {"ms": found["firstChart"]}
        text = page.locator(ERROR_BOX).first.inner_text()[:300]
        return {"error": f"no chart, an error after {found['firstError']:.0f} ms: {text}"}
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
    finally:
        context.close()


def first_chart_side_by_side(path: Path, rounds: int = 5) -> dict:
    """The dashboard's overview against the one-chart reference app, same data, same run: both
    servers up, one warm-up visit each, then ``rounds`` visits each, interleaved (ABBA order)."""
    from playwright.sync_api import sync_playwright

    env = {"OFFERS_CSV": str(path)}
    times: dict[str, list[float]] = {"dashboard": [], "reference": []}
    errors: list[str] = []
    with streamlit_server(ROOT / "dashboard.py", env) as (app_url, _, _), \
            streamlit_server(REFERENCE_APP, env) as (ref_url, _, _), sync_playwright() as playwright:
        browser = _launch(playwright)
        urls = {"dashboard": f"{app_url}/", "reference": ref_url}  # the overview is the default page: « / »
        try:
            for name in urls:
                first_chart(browser, urls[name])  # imports and the data cache, once
            for i in range(rounds):
                order = ("dashboard", "reference") if i % 2 == 0 else ("reference", "dashboard")
                for name in order:
                    result = first_chart(browser, urls[name])
                    if "ms" in result:
                        times[name].append(result["ms"])
                    else:
                        errors.append(f"{name}: {result['error']}")
        finally:
            browser.close()
    out = {name: {"runs_ms": runs, "median_ms": median(runs)} for name, runs in times.items()}
    if out["dashboard"]["median_ms"] and out["reference"]["median_ms"]:
        out["ratio"] = out["dashboard"]["median_ms"] / out["reference"]["median_ms"]
    if errors:
        out["errors"] = errors
    return out


def worst_changes(path: Path, sweep_result: dict, per_page: int = 1, overall: int = 3, repeats: int = 3) -> dict:
    """Filter change to idle, in Chromium, for the sweep's worst cases: each page's worst and the
    ``overall`` worst. The server is warm (one visit first)."""
    from playwright.sync_api import sync_playwright

    meta = sweep_result.get("filters", {})
    chosen: list[tuple[str, dict]] = []
    confirmed = sorted(sweep_result.get("confirmed", []), key=lambda c: -c["median_ms"])
    for case in confirmed[:overall]:
        chosen.append((case["page"], case))
    for page_file, entry in sweep_result.get("pages", {}).items():
        cases = sorted((c for c in entry.get("cases", []) if "ms" in c), key=lambda c: -c.get("cpu_ms", c["ms"]))
        for case in cases[:per_page]:
            chosen.append((page_file, case))
    seen, unique = set(), []
    for page_file, case in chosen:
        if (page_file, case["label"]) not in seen:
            seen.add((page_file, case["label"]))
            unique.append((page_file, case))
    results = []
    # Each repeat of a change draws its page, as a state nobody asked before (no shared overview).
    env = {"OFFERS_CSV": str(path), **no_sharing()}
    with streamlit_server(ROOT / "dashboard.py", env) as (url, process, _), \
            sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            first_chart(browser, f"{url}/")  # the overview: the server loads the file once
            with MemorySampler(process.pid) as memory:
                for page_file, case in unique:
                    results.append(measure_change(browser, url, page_file, case, meta, repeats))
        finally:
            browser.close()
    timed_results = [r for r in results if r.get("median_ms") is not None]
    out = {"cases": results, "server_peak_mb": memory.peak}
    if timed_results:
        out["worst"] = max(timed_results, key=lambda r: r["median_ms"])
    return out


# --- cold start --------------------------------------------------------------------------------------

def cold_start(path: Path, runs: int = 3, page: str = "") -> dict:
    """After a server restart, the first visitor's time to the first chart: ``runs`` restarts, each
    with a fresh server, the browser already running. Also the server's start time and peak memory."""
    from playwright.sync_api import sync_playwright

    visits, errors = [], []
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            for _ in range(runs):
                with streamlit_server(ROOT / "dashboard.py", {"OFFERS_CSV": str(path)}) as (url, process, start_s):
                    with MemorySampler(process.pid) as memory:
                        result = first_chart(browser, f"{url}/{page}")
                    after = tree_memory_mb(process.pid)
                visit = {"server_start_s": start_s, "server_peak_mb": max(memory.peak, after["peak"] or 0)}
                if "ms" in result:
                    visit["first_chart_ms"] = result["ms"]
                else:
                    errors.append(result["error"])
                visits.append(visit)
        finally:
            browser.close()
    out = {"visits": visits,
           "first_chart_ms": median(v.get("first_chart_ms") for v in visits),
           "server_start_s": median(v["server_start_s"] for v in visits),
           "server_peak_mb": max((v["server_peak_mb"] for v in visits), default=None)}
    if errors:
        out["errors"] = errors
    return out
