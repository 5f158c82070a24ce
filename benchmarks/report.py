"""``benchmarks/results.md`` from the JSON of a ``benchmarks.scale`` run: a line per goal of issue 15
(met, not met, not measured), then every figure, size by size."""

from __future__ import annotations

import re

from benchmarks.common import median

PAGES = ("overview.py", "map.py", "compare.py", "data.py", "add_offer.py")
GOAL_SIZE = "100,000"
MILLION = "1,000,000"
PROFILE_ROWS = 12


def _get(entry, *keys):
    for key in keys:
        if not isinstance(entry, dict):
            return None
        entry = entry.get(key)
    return entry


def _num(value, digits: int = 0, unit: str = "") -> str:
    if value is None or isinstance(value, str):
        return "—" if value is None else value
    return f"{value:,.{digits}f}".replace(",", " ") + unit


def _ms(value) -> str:
    return _num(value, 0, " ms")


def _s(value, digits: int = 2) -> str:
    return _num(value, digits, " s")


def _mb(value) -> str:
    return _num(value, 0, " MB")


def _bytes(value) -> str:
    if not isinstance(value, int | float):
        return "—"
    return f"{value / 1e6:.2f} MB" if value >= 1e5 else f"{value / 1e3:.1f} kB"


def _ratio(slow, fast) -> str:
    if not isinstance(slow, int | float) or not isinstance(fast, int | float) or not fast:
        return "—"
    return f"×{slow / fast:,.1f}".replace(",", " ")


def _verdict(ok: bool | None) -> str:
    return {True: "**met**", False: "**not met**", None: "not measured"}[ok]


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _error(value) -> str | None:
    return value.get("error") if isinstance(value, dict) else None


# --- goals -----------------------------------------------------------------------------------------------

def _sweep_worst(sweep: dict) -> dict | None:
    return sweep.get("worst") if isinstance(sweep, dict) else None


def goal_lines(results: dict) -> list[str]:
    data = results.get("datasets", {})
    big, small, million = data.get(GOAL_SIZE, {}), data.get("27 (bundled)", {}), data.get(MILLION, {})
    rows = []

    worst = _sweep_worst(big.get("sweep"))
    scope = _get(big, "sweep", "scope")
    if worst:
        medians = ", ".join(f"{p.removesuffix('.py')} {_ms(e.get('median_ms'))}"
                            for p, e in big["sweep"]["pages"].items() if e.get("median_ms") is not None)
        text = (f"worst {_ms(worst['median_ms'])}: {worst['label']} on {worst['page']} ({scope}); "
                f"median per page: {medians}")
        rows.append(("1", "every single-filter change, every page, 100,000 offers", "< 500 ms script time", text,
                     worst["median_ms"] < 500 and scope == "full"))
    else:
        rows.append(("1", "every single-filter change, every page, 100,000 offers", "< 500 ms script time",
                     _error(big.get("sweep")) or "—", None))

    changes = big.get("changes", {})
    worst_browser = changes.get("worst") if isinstance(changes, dict) else None
    rows.append(("2a", "filter change → page idle in Chromium, the sweep's worst cases, 100,000 offers", "< 1.5 s",
                 f"worst {_ms(worst_browser['median_ms'])}: {worst_browser['label']} on {worst_browser['page']}"
                 if worst_browser else (_error(changes) or "—"),
                 worst_browser["median_ms"] < 1500 if worst_browser else None))

    first = small.get("first-chart", {})
    ratio = first.get("ratio") if isinstance(first, dict) else None
    rows.append(("2b", "first chart at 27 offers against a one-chart Streamlit + Plotly app", "≤ ×1.3",
                 f"{_ms(_get(first, 'dashboard', 'median_ms'))} vs {_ms(_get(first, 'reference', 'median_ms'))} "
                 f"(×{ratio:.2f})" if ratio else (_error(first) or "—"), ratio <= 1.3 if ratio else None))

    cold = big.get("cold", {})
    cold_ms = cold.get("first_chart_ms") if isinstance(cold, dict) else None
    rows.append(("3", "cold start: first visitor's first chart after a restart, 100,000 offers", "< 4 s",
                 _ms(cold_ms) if cold_ms else (_error(cold) or "; ".join(cold.get("errors", [])[:1]) or "—"),
                 cold_ms < 4000 if cold_ms else None))

    for label, size_entry, strict in (("27", small, True), ("100,000", big, False)):
        klass = size_entry.get("class", {})
        warm = [r for r in (klass.get("warm_runs") or []) if "error" not in r] if isinstance(klass, dict) else []
        if warm:
            p50, p95 = median(r["first_chart_p50_s"] for r in warm), median(r["first_chart_p95_s"] for r in warm)
            errors = sum(r["errors"] for r in warm)
            per_session = median(r.get("mb_per_extra_session") for r in warm)
            text = (f"p50 {_s(p50)}, p95 {_s(p95)}, {errors} errors, {_num(per_session, 1, ' MB')} per extra session "
                    f"(median of {len(warm)} classes, server warm)")
            ok = (p95 is not None and p95 < 5 and errors == 0 and per_session is not None and per_session < 30) \
                if strict else (errors == 0 and per_session is not None and per_session < 30)
        else:
            text, ok = _error(klass) or "—", None
        target = "p95 < 5 s, 0 errors, < 30 MB per extra session" if strict else "0 errors, < 30 MB per session"
        rows.append(("4", f"30 sessions at once, {label} offers", target, text, ok))

    for kind, name in (("cold", "CSV"), ("cold-parquet", "Parquet")):
        entry = million.get(kind, {})
        value = entry.get("first_chart_ms") if isinstance(entry, dict) else None
        why = (_error(entry) or "; ".join(entry.get("errors", [])[:1])) if isinstance(entry, dict) else None
        rows.append(("5", f"1,000,000 offers ({name}): cold start to the first chart", "< 20 s",
                     _ms(value) if value else (why or "—"), value < 20_000 if value else (False if why else None)))
    sweep_1m = million.get("sweep", {})
    worst_1m = _sweep_worst(sweep_1m)
    lifted = " (file limit lifted in the benchmark process)" if _get(sweep_1m, "lifted_file_limit") else ""
    rows.append(("5", "1,000,000 offers: every filter change", "< 1 s script time",
                 f"worst {_ms(worst_1m['median_ms'])}: {worst_1m['label']} on {worst_1m['page']} "
                 f"({sweep_1m.get('scope')}){lifted}" if worst_1m else (_sweep_note(sweep_1m) or "—"),
                 (worst_1m["median_ms"] < 1000 and not lifted) if worst_1m else (False if sweep_1m else None)))
    peaks = [v for v in (_get(million, "cold", "server_peak_mb"), _get(million, "browser", "server_peak_mb"),
                         _get(million, "cold-parquet", "server_peak_mb")) if isinstance(v, int | float)]
    refused = _million_refused(million)
    rows.append(("5", "1,000,000 offers: server peak memory", "< 2.5 GB",
                 f"{_mb(max(peaks))}" + (f" (while refusing the file: {refused})" if refused else "") if peaks else "—",
                 (max(peaks) < 2560 and not refused) if peaks else None))
    upload = million.get("upload", {})
    upload = upload if isinstance(upload, dict) else {}
    flat = [_get(upload, k, "growth_mb") for k in ("browser", "declared", "chunked")]
    flat = [f for f in flat if isinstance(f, int | float)]
    rows.append(("5", "an upload over 200 MB refused before it is read, memory flat", "growth ≪ file size",
                 ", ".join(f"{k}: +{_mb(upload[k].get('growth_mb'))}" for k in ("browser", "declared", "chunked")
                           if isinstance(upload.get(k), dict) and "growth_mb" in upload[k]) or (_error(upload) or "—"),
                 (len(flat) == 3 and max(flat) < 50) if flat else None))

    for size in ("10,000", GOAL_SIZE):
        entry = data.get(size, {})
        ratios = _naive_ratios(entry, cached=True)
        if ratios:
            text = ", ".join(f"{name} {_ratio(naive, app)}" for name, naive, app in ratios)
            values = [naive / app for _, naive, app in ratios if isinstance(naive, int | float) and app]
            ok = min(values) >= 10 if values else None
        else:
            text, ok = "—", None
        rows.append(("6", f"map and chart drawing against the cached naive version, {size} offers", "≥ ×10", text, ok))

    lines = ["## Goals of issue 15", "", "| # | what | target | measured | verdict |", "|---|---|---|---|---|"]
    lines += [f"| {n} | {_cell(what)} | {_cell(target)} | {_cell(text)} | {_verdict(ok)} |"
              for n, what, target, text, ok in rows]
    return lines


def _sweep_note(sweep: dict) -> str | None:
    if not isinstance(sweep, dict) or not sweep:
        return None
    if "error" in sweep:
        return sweep["error"]
    errors = {e.get("error") for e in sweep.get("pages", {}).values() if e.get("error")}
    notes = [e.get("note") for e in sweep.get("pages", {}).values() if e.get("note")]
    return "; ".join(sorted(errors) or notes[:1]) or "no filter change measured"


def _million_refused(million: dict) -> str | None:
    refused = _get(million, "load", "refused")
    return f"the app refuses the file: {refused[:120]}" if refused else None


def _naive_ratios(entry: dict, cached: bool) -> list[tuple[str, float | None, float | None]]:
    """(what, naive, dashboard) for map and chart drawing: script run after the filter change and,
    where measured, the browser's time to the first marker / point."""
    naive = entry.get("naive-cached" if cached else "naive", {})
    app = entry.get("app", {})
    if not isinstance(naive, dict) or "error" in naive or not naive:
        return []
    pages = naive.get("pages", {})
    app_pages = app.get("pages", {}) if isinstance(app, dict) else {}

    def run(pages_, page, all_offers):
        info = pages_.get(page, {})
        if all_offers:  # the uncached naive page is timed once, with every offer: compare with that run
            return (info.get("reruns_ms") or [None])[-1]
        return info.get("rerun_ms")

    out = [("map run", run(pages, "map.py", not cached), run(app_pages, "map.py", not cached)),
           ("chart run", run(pages, "overview.py", not cached), run(app_pages, "overview.py", not cached))]
    web = entry.get("naive-cached-browser" if cached else "naive-browser", {})
    app_web = entry.get("browser", {})
    if isinstance(web, dict) and isinstance(app_web, dict) and web and "error" not in web:
        out += [("map in Chromium", web.get("map_s"), app_web.get("map_s")),
                ("chart in Chromium", web.get("chart_s"), app_web.get("chart_s"))]
    return out


# --- sections -----------------------------------------------------------------------------------------------

def sweep_section(results: dict) -> list[str]:
    lines = ["", "## Goal 1: every single-filter change, every page (AppTest script time, cache warm)", "",
             "`benchmarks/sweep.py`: the filters are read from the sidebar; each option of each multiselect, "
             "range cuts and one-step windows of each slider, search terms, the language switch, and department "
             "picks that cross the map's and the chart's thresholds from either side. One timed rerun per "
             "(change, page), then the filter put back (« back »); the worst of that pass (by CPU time) measured "
             "again 3 times, the worst reported is the largest median. Wall-clock times; CPU times are in the JSON.",
             ""]
    for label, entry in results.get("datasets", {}).items():
        sweep = entry.get("sweep")
        if not isinstance(sweep, dict) or not sweep:
            continue
        lines += [f"### {label} offers", ""]
        if "error" in sweep:
            lines += [f"Not measured: {sweep['error']}", ""]
            continue
        lifted = " — **file limit lifted in the benchmark process** (the app refuses this file)" \
            if sweep.get("lifted_file_limit") else ""
        lines.append(f"Scope: {sweep.get('scope')}{lifted}; {sweep.get('changes', '?')} changes over "
                     f"{len(sweep.get('filters', {}))} sidebar widgets ({', '.join(sweep.get('filters', {}))}); "
                     f"{_s(sweep.get('seconds'), 0)} in all.")
        for note in sweep.get("notes", []):
            lines.append(f"- not crossed: {note}")
        lines += ["", "| page | first run (cold in-process) | rerun, nothing changed | median change | median back "
                      "| worst single run | changes timed |", "|---|---|---|---|---|---|---|"]
        for page, info in sweep.get("pages", {}).items():
            worst = info.get("worst_single") or {}
            note = info.get("error") or info.get("note") or ""
            lines.append(f"| {page} | {_ms(info.get('first_run_ms'))} | {_ms(info.get('unchanged_rerun_ms'))} "
                         f"| {_ms(info.get('median_ms'))} | {_ms(info.get('median_back_ms'))} "
                         f"| {_ms(worst.get('ms'))} {_cell(worst.get('label', note))} | {len(info.get('cases', []))} |")
        confirmed = sorted(sweep.get("confirmed", []), key=lambda c: -c["median_ms"])
        if confirmed:
            lines += ["", "Worst changes, measured again (median of 3):", "",
                      "| page | change | median | runs | offers shown | page payload |", "|---|---|---|---|---|---|"]
            for case in confirmed:
                lines.append(f"| {case['page']} | {_cell(case['label'])} | {_ms(case['median_ms'])} "
                             f"| {', '.join(_num(r) for r in case['runs_ms'])} | {_num(case.get('count'))} "
                             f"| {_bytes(case.get('bytes'))} |")
        lines.append("")
    return lines


def browser_section(results: dict) -> list[str]:
    lines = ["", "## Goal 2: what the user waits for, in Chromium", "",
             "`benchmarks/chromium.py`. **Idle**: the run the change started has finished (script state back to "
             "`notRunning` after `running`), no running icon, skeleton, spinner or stale element, every Plotly "
             "chart drawn, every map iframe holding its Leaflet map, and no DOM mutation (map iframe included) "
             "for 500 ms. The time runs from the click or key press that commits the change to the last "
             "mutation before that quiet period. The state before the change is opened by URL; the change is "
             "one click on an option or a tag's remove button, one arrow key on a slider thumb, or typing and "
             "Enter. Median of 3, server warm.", ""]
    for label, entry in results.get("datasets", {}).items():
        changes = entry.get("changes")
        if not isinstance(changes, dict) or not changes:
            continue
        lines += [f"### {label} offers: the sweep's worst cases", ""]
        if "error" in changes:
            lines += [f"Not measured: {changes['error']}", ""]
            continue
        lines += ["| page | change | opened at | to idle (median) | runs | WebSocket bytes | problems |",
                  "|---|---|---|---|---|---|---|"]
        for case in changes.get("cases", []):
            problems = case.get("skipped") or "; ".join(case.get("errors", []))
            url = case.get("url", "")
            url = url if len(url) <= 70 else url[:67] + "…"
            lines.append(f"| {case.get('page')} | {_cell(case.get('label'))} | `{_cell(url)}` "
                         f"| {_ms(case.get('median_ms'))} | {', '.join(_num(r) for r in case.get('runs_ms', []))} "
                         f"| {_bytes(case.get('ws_bytes'))} | {_cell(problems)} |")
        lines += ["", f"Server peak while measuring: {_mb(changes.get('server_peak_mb'))}.", ""]
    for label, entry in results.get("datasets", {}).items():
        first = entry.get("first-chart")
        if not isinstance(first, dict) or not first:
            continue
        lines += [f"### First chart at {label} offers: the dashboard against the one-chart app", "",
                  "Navigation start to the first Plotly point, in the page's own clock; both servers up, one "
                  "warm-up visit each, then visits interleaved (dashboard, reference, reference, dashboard…). "
                  "Reference: `benchmarks/reference_app.py` (`pd.read_csv` + `px.scatter`, nothing else).", ""]
        if "error" in first:
            lines += [f"Not measured: {first['error']}", ""]
            continue
        lines += ["| app | median | runs |", "|---|---|---|"]
        for name in ("dashboard", "reference"):
            lines.append(f"| {name} | {_ms(_get(first, name, 'median_ms'))} "
                         f"| {', '.join(_num(r) for r in _get(first, name, 'runs_ms') or [])} |")
        ratio = first.get("ratio")
        lines += ["", f"Ratio: ×{ratio:.2f}." if ratio else "Ratio: —", ""]
    return lines


def cold_section(results: dict) -> list[str]:
    lines = ["", "## Goal 3: cold start, and where the time goes", "",
             "A new `streamlit run dashboard.py` per visit (3 restarts), the browser already running; the first "
             "visitor opens `/` (the overview) and the time runs from navigation start to the first chart point. "
             "« error » means the page showed an error box instead of a chart.", "",
             "| offers | file | first chart (median) | visits | server start (to /_stcore/health) "
             "| server peak memory | problems |", "|---|---|---|---|---|---|---|"]
    for label, entry in results.get("datasets", {}).items():
        for kind, name in (("cold", "CSV"), ("cold-parquet", "Parquet")):
            cold = entry.get(kind)
            if not isinstance(cold, dict) or not cold:
                continue
            visits = cold.get("visits", [])
            problems = cold.get("error") or "; ".join(sorted(set(cold.get("errors", []))))[:300]
            lines.append(f"| {label} | {name} | {_ms(cold.get('first_chart_ms'))} "
                         f"| {', '.join(_num(v.get('first_chart_ms')) for v in visits)} "
                         f"| {_s(cold.get('server_start_s'), 1)} | {_mb(cold.get('server_peak_mb'))} "
                         f"| {_cell(problems)} |")
    for label, entry in results.get("datasets", {}).items():
        for kind, title in (("profile-cold", "cold first run of the overview"),
                            ("profile-worst", "the worst filter change")):
            profile = entry.get(kind)
            if not isinstance(profile, dict) or not profile:
                continue
            lifted = " — file limit lifted in the benchmark process" if profile.get("lifted_file_limit") else ""
            lines += ["", f"### Profile at {label} offers: {title}{lifted}", ""]
            if "error" in profile and "stages" not in profile:
                lines += [f"Not measured: {profile['error']}", ""]
                continue
            what = f" ({_cell(profile['label'])} on {profile.get('page')})" if profile.get("label") else ""
            lines += [f"cProfile, {_s(profile.get('total_s'), 1)} under the profiler{what} (the profiler slows "
                      "Python-level loops more than vectorised code: read the shares, and the unprofiled times of "
                      "« load » below); peak memory of that process {_mb(profile.get('peak_rss_mb'))}.", "",
                      "| stage | seconds | share | calls |", "|---|---|---|---|"]
            total = profile.get("total_s") or 1
            for stage in profile.get("stages", []):
                name = stage["stage"]
                indent = (len(name) - len(name.lstrip())) // 2
                lines.append(f"| {'↳ ' * indent}{_cell(name.strip())} | {stage['s']:.2f} | {stage['s'] / total:.0%} "
                             f"| {stage['calls']:,} |".replace(",", " "))
            lines += ["", "Heaviest functions by own time:", "", "| function | own | cumulative | calls |",
                      "|---|---|---|---|"]
            for row in profile.get("top_own", [])[:PROFILE_ROWS]:
                lines.append(f"| `{_cell(row['function'])}` | {row['own_s']:.2f} | {row['cumulative_s']:.2f} "
                             f"| {row['calls']:,} |".replace(",", " "))
    return lines


def class_section(results: dict) -> list[str]:
    lines = ["", "## Goal 4: a class at once (30 sessions through Streamlit's protocol)", "",
             "`benchmarks/classroom.py`: 30 students arrive within 3 s (seeded), each fetches the page's HTML and "
             "static files, opens `/_stcore/stream`, sends the `rerun_script` message of the shared link "
             "(`/?org=association&contract=internship`, the overview) and reads until `script_finished`. Times from "
             "arrival. Memory: the server's resident size before the class and with the 30 sessions still "
             "connected. « warm »: the server had one visit before; « cold »: right after a restart.", "",
             "| offers | class | first chart p50 | p95 | max | of which HTML + static files (p50) | run finished p95 "
             "| errors | MB per extra session | server before → after (peak) | sent per student |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, entry in results.get("datasets", {}).items():
        klass = entry.get("class")
        if not isinstance(klass, dict) or not klass:
            continue
        if "error" in klass:
            lines.append(f"| {label} | — | {_cell(klass['error'])} |" + " |" * 8)
            continue
        runs = [(f"warm {i + 1}", r) for i, r in enumerate(klass.get("warm_runs", []))] + [("cold", klass.get("cold"))]
        for name, r in runs:
            if not isinstance(r, dict):
                continue
            if "error" in r:
                lines.append(f"| {label} | {name} | {_cell(r['error'])} |" + " |" * 8)
                continue
            per = r.get("mb_per_extra_session") if name != "cold" else None
            errors = f"{r.get('errors')}" + (f" ({_cell('; '.join(r.get('error_texts', [])))})"
                                             if r.get("errors") else "")
            lines.append(f"| {label} | {name} | {_s(r.get('first_chart_p50_s'))} | {_s(r.get('first_chart_p95_s'))} "
                         f"| {_s(r.get('first_chart_max_s'))} | {_s(r.get('http_p50_s'))} "
                         f"| {_s(r.get('finished_p95_s'))} | {errors} "
                         f"| {_num(per, 1) if per is not None else '—'} "
                         f"| {_mb(r.get('rss_before_mb'))} → {_mb(r.get('rss_after_mb'))} "
                         f"({_mb(r.get('server_peak_mb'))}) | {_bytes(r.get('ws_bytes_per_student'))} + "
                         f"{_bytes(r.get('http_bytes_per_student'))} HTTP |")
    return lines


def million_section(results: dict) -> list[str]:
    entry = results.get("datasets", {}).get(MILLION)
    if not entry:
        return []
    lines = ["", "## Goal 5: a year of offers (1,000,000)", ""]
    load, lifted = entry.get("load", {}), entry.get("load-lifted", {})
    if isinstance(load, dict) and load.get("refused"):
        lines.append(f"- The bundled path refuses the file: « {load['refused']} » (peak memory while refusing: "
                     f"{_mb(load.get('peak_rss_mb'))}).")
    elif isinstance(load, dict) and load.get("load_s") is not None:
        lines.append(f"- Load + validate {_s(load.get('load_s'), 1)}, prepare {_s(load.get('prepare_s'), 1)}, "
                     f"peak {_mb(load.get('peak_rss_mb'))}.")
    if isinstance(lifted, dict) and lifted.get("load_s") is not None:
        lines.append(f"- With the limit lifted in the benchmark process (what reading it would cost today): load + "
                     f"validate {_s(lifted.get('load_s'), 1)}, prepare {_s(lifted.get('prepare_s'), 1)}, peak memory "
                     f"{_mb(lifted.get('peak_rss_mb'))}.")
    elif isinstance(lifted, dict) and lifted.get("error"):
        lines.append(f"- With the limit lifted: {lifted['error']}")
    upload = entry.get("upload")
    if isinstance(upload, dict) and upload:
        lines += ["", f"Upload of {upload.get('file')} ({_num(upload.get('file_mb'))} MB) to a server holding the "
                      "bundled offers (`benchmarks/upload.py`):", "",
                  "| path | how it ended | seconds | MB sent before the answer | server before → peak → after |",
                  "|---|---|---|---|---|"]
        for name, what in (("browser", "the data page's uploader in Chromium"),
                           ("declared", "PUT with Content-Length, the frontend's check skipped"),
                           ("chunked", "PUT without a length (chunked)")):
            r = upload.get(name, {})
            if "error" in r:
                lines.append(f"| {what} | {_cell(r['error'])} | | | |")
                continue
            ended = r.get("message") or f"{r.get('status', '')} {r.get('reply', '')}".strip()
            lines.append(f"| {what} | {_cell(ended)} | {_s(r.get('seconds'))} | {_num(r.get('mb_sent'))} "
                         f"| {_mb(r.get('rss_before_mb'))} → {_mb(r.get('rss_peak_mb'))} "
                         f"→ {_mb(r.get('rss_after_mb'))} |")
    lines.append("")
    return lines


def naive_section(results: dict) -> list[str]:
    lines = ["", "## Goal 6: against the naive version, uncached and cached", "",
             "`benchmarks/naive.py`: offers placed one by one, one `folium.Marker` per offer and an SVG scatter, "
             "with the dashboard's own tooltip, popup and hover texts (the same information on screen as its "
             "detailed map and chart). Uncached: the file read, validated and prepared at every run (one timed "
             "run, every offer shown; compared with the dashboard's run showing every offer). Cached: "
             "`st.cache_data` on the prepared offers (median of the same three org-type changes as the "
             "dashboard's « app » runs). Chromium: navigation to the first marker / chart point, median of 3.",
             "", "| offers | what | dashboard | naive uncached (ratio) | naive cached (ratio) |",
             "|---|---|---|---|---|"]
    for label, entry in results.get("datasets", {}).items():
        if not entry.get("naive") and not entry.get("naive-cached"):
            continue
        uncached = {name: (naive, app) for name, naive, app in _naive_ratios(entry, cached=False)}
        cached = {name: (naive, app) for name, naive, app in _naive_ratios(entry, cached=True)}
        for name in ("map run", "chart run", "map in Chromium", "chart in Chromium"):
            u, c = uncached.get(name), cached.get(name)
            if not u and not c:
                continue
            unit = _ms if "run" in name else (lambda v: _s(v))
            app = (c or u)[1]
            lines.append(f"| {label} | {name} | {unit(app)} "
                         f"| {unit(u[0]) + ' (' + _ratio(u[0], u[1]) + ')' if u else '—'} "
                         f"| {unit(c[0]) + ' (' + _ratio(c[0], c[1]) + ')' if c else '—'} |")
        for kind in ("naive", "naive-cached", "naive-browser", "naive-cached-browser"):
            if _error(entry.get(kind)):
                lines.append(f"| {label} | {kind} | {_cell(entry[kind]['error'])} | | |")
        payload = []
        for kind in ("naive", "naive-cached"):
            pages = _get(entry, kind, "pages") or {}
            payload.append((_get(pages, "map.py", "map_bytes"), _get(pages, "overview.py", "chart_bytes")))
        app_pages = _get(entry, "app", "pages") or {}
        map_b, chart_b = _get(app_pages, "map.py", "map_bytes"), _get(app_pages, "overview.py", "chart_bytes")
        if any(v for pair in payload for v in pair):
            lines.append(f"| {label} | map / chart payload | {_bytes(map_b)} / {_bytes(chart_b)} "
                         f"| {_bytes(payload[0][0])} / {_bytes(payload[0][1])} "
                         f"| {_bytes(payload[1][0])} / {_bytes(payload[1][1])} |")
    return lines


def dashboard_section(results: dict) -> list[str]:
    lines = ["", "## The dashboard at each size", "",
             "Load: `lib.validation.load_offers` then `lib.offers.prepare_offers`, timed apart, unprofiled. Pages: "
             "one script run under AppTest after the organisation-type filter changed (median of 3 changes; "
             "association, local authority + SCOP, all). Chromium: navigation to the first map marker / chart "
             "point, median of 3 warm visits (« cold map »: the server's first visit).", "",
             "| offers | load + validate | prepare | load peak memory | overview | map | compare | data | add offer "
             "| map payload | chart payload | AppTest peak memory | Chromium: map | chart | cold map "
             "| server peak |", "|---|" + "---|" * 15]
    for label, entry in results.get("datasets", {}).items():
        load, app, web = entry.get("load", {}), entry.get("app", {}), entry.get("browser", {})
        load = load if isinstance(load, dict) else {}
        pages = app.get("pages", {}) if isinstance(app, dict) else {}
        web = web if isinstance(web, dict) else {}

        def page_ms(page, pages=pages):
            info = pages.get(page, {})
            if "error" in info:
                return _cell(info["error"][:40])
            boxes = info.get("error_boxes")
            return _ms(info.get("rerun_ms")) + (" (error box)" if boxes else "")

        load_text = _s(load.get("load_s")) if load.get("load_s") is not None else _cell(
            ("refused: " + load["refused"][:60]) if load.get("refused") else (load.get("error") or "—")[:60])
        lines.append("| " + " | ".join([
            label, load_text, _s(load.get("prepare_s")), _mb(load.get("peak_rss_mb")),
            *(page_ms(p) for p in PAGES),
            _bytes(_get(pages, "map.py", "map_bytes")), _bytes(_get(pages, "overview.py", "chart_bytes")),
            _mb(app.get("peak_rss_mb") if isinstance(app, dict) else None),
            _s(web.get("map_s")), _s(web.get("chart_s")), _s(web.get("cold_map_s"), 1), _mb(web.get("server_peak_mb")),
        ]) + " |")
    return lines


def errors_section(results: dict) -> list[str]:
    found = []
    for label, entry in results.get("datasets", {}).items():
        for kind, value in entry.items():
            if isinstance(value, dict) and value.get("error"):
                found.append(f"- {label}, {kind}: {_cell(value['error'])}")
    return ["", "## Measurements that failed", "", *found] if found else []


def report(results: dict) -> str:
    datasets = results.get("datasets", {})
    results = {**results, "datasets": dict(sorted(datasets.items(), key=lambda item: item[1].get("rows") or 0))}
    m = results.get("machine", {})
    load_start = m.get("load_at_start", "?")
    try:
        busy = float(str(load_start).split()[0]) > (m.get("cores") or 1)
    except ValueError:
        busy = False
    lines = ["# Speed at scale (issue 15): measurements", ""]
    if results.get("provisional") or busy:
        lines += [f"> **Provisional.** {results.get('provisional') or ''} Load average at the start "
                  f"{load_start}, at the end {m.get('load_at_end', '?')}, on {m.get('cores')} cores: other work "
                  "shared the machine, so times are inflated and noisy. The figures that count come from a run on "
                  "a quiet machine.".replace("  ", " "), ""]
    lines += [
        "Produced by `python -m benchmarks.scale` (`benchmarks/README.md` says what each figure is). Synthetic "
        "offers from `python -m benchmarks.generate` (seeded), the 27 bundled ones for « 27 ». Each measurement "
        "ran in its own process.", "",
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('ram_gb')} GB RAM; Python {m.get('python')}; "
        f"{m.get('os')}; {m.get('chromium')}. Commit {m.get('commit')}; run from {m.get('started')} to "
        f"{m.get('ended', '?')}.",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in (m.get("packages") or {}).items()) + ".", "",
    ]
    lines += goal_lines(results)
    lines += sweep_section(results)
    lines += browser_section(results)
    lines += cold_section(results)
    lines += class_section(results)
    lines += million_section(results)
    lines += naive_section(results)
    lines += dashboard_section(results)
    lines += errors_section(results)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"
