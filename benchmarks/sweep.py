"""Goal 1 of issue 15: every single-filter change, on every page, script time under AppTest.

The filters are not listed here: they are read from the sidebar the pages draw (every keyed input
widget there: multiselects, sliders, select sliders, text inputs, toggles, select boxes…), so a
filter added to the app is swept without touching this file. For each one:

- a multiselect: each option alone (« Région = Hauts-de-France », « Département = 59 »…);
- a range slider or select slider: one step in from either end, cuts at a tenth, a quarter, half,
  three quarters and nine tenths of its span from either end, and every one-step window (« 600–650 € »),
  at most ``MAX_WINDOWS`` of them evenly spread when there are more;
- the search box: the terms of ``SEARCH_TERMS`` (frequent, rare, accented, none matching);
- a toggle or checkbox: flipped; a select box or radio: each other option.

And the changes that cross the thresholds where the app changes how it draws (``lib.maps.DETAIL_THRESHOLD``,
``lib.charts.COMPACT_THRESHOLD``, and ``WEBGL_THRESHOLD`` where a version has one) from either side:
departments are picked so that their offers come just under the threshold, then one more department (one
click) takes them just over it, and back (``threshold_changes``).

Each change is made from the default view (or from the state just before the threshold), the page
rerun is timed, then the filter is put back (that rerun is timed too: « back to all »). The AppTest
process keeps its cache warm: the first run of the first page loads the file. The worst cases of this
single pass are then measured again (``repeats`` runs each) and the worst is the one with the largest
median. ``--sample N`` keeps N changes per filter (evenly spread) for a quick look; the figure that
counts is the full sweep.

    python -m benchmarks.sweep benchmarks/out/offers-10000.csv --sample 3
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, no_sharing, peak_rss_mb, timed

SEARCH_TERMS = ("concertation", "budget participatif", "démocratie", "tact", "zzz introuvable")
OTHER_TEXTS = ("Paris", "Lille")  # a sidebar text input other than the search box (a city, say)
CUT_FRACTIONS = (0.1, 0.25, 0.5, 0.75, 0.9)
MAX_WINDOWS = 40
CONFIRM_WORST = 8  # changes measured again at the end
APPTEST_TIMEOUT = 3600
SKIPPED_TYPES = {"button", "download_button", "form_submit_button", "file_uploader"}
_COUNT = re.compile(r"\*\*([\d\s\u202f\u00a0.,]+)\*\*")


@dataclass
class Change:
    """One click: ``key`` set to ``value``, from the default view or from ``before``."""

    key: str
    value: Any
    label: str
    group: str
    before: dict[str, Any] = field(default_factory=dict)
    shown: str = ""  # the option added or removed, as the browser shows it


def page_files() -> list[Path]:
    """The app's pages, in its own order (``shell.navigation.PAGES``), else every file of pages/."""
    try:
        from shell.navigation import PAGES, PAGES_DIR

        return [PAGES_DIR / entry[0] for entry in PAGES]
    except (ImportError, AttributeError, IndexError):
        return sorted((ROOT / "pages").glob("*.py"))


# --- reading the sidebar --------------------------------------------------------------------------

def _leaves(node) -> list:
    children = getattr(node, "children", None)
    if not children:
        return [node]
    out = []
    for child in children.values():
        out.extend(_leaves(child))
    return out


def sidebar_widgets(at) -> dict[str, Any]:
    """Keyed input widgets of the sidebar, in the order it draws them; a disabled one (« Offres
    encore ouvertes » when no offer is open) is no change a user can make."""
    found = {}
    for node in _leaves(at.sidebar):
        key = getattr(node, "key", None)
        if (key and hasattr(node, "id") and getattr(node, "type", "") not in SKIPPED_TYPES
                and not getattr(node, "disabled", False)):
            found[key] = node
    return found


def raw_options(at, widget) -> list | None:
    """The options as the script gave them (codes), not as shown (labels): read from the widget's
    deserializer, which maps what the browser sends back to them."""
    try:
        metadata = at._session_state._state._new_widget_state.widget_metadata[widget.id]
    except (AttributeError, KeyError):
        return None
    options = getattr(getattr(metadata.deserializer, "__self__", None), "options", None)
    return list(options) if options is not None else None


def shown_count(at) -> int | None:
    """The number of matching offers, as the sidebar states it in bold (« **1 234** offres sur … »)."""
    for node in _leaves(at.sidebar):
        if getattr(node, "type", "") == "markdown":
            found = _COUNT.search(str(getattr(node, "value", "")))
            if found:
                digits = re.sub(r"\D", "", found.group(1))
                if digits:
                    return int(digits)
    return None


def element_bytes(at) -> int:
    """Bytes of every element proto of the run: roughly what the page sends."""
    total = 0
    for node in _leaves(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            total += proto.ByteSize()
    return total


# --- the changes -------------------------------------------------------------------------------------

def _spread(items: list, limit: int | None) -> list:
    """At most ``limit`` items evenly spread, the first and the last included."""
    if limit is None or len(items) <= limit:
        return list(items)
    if limit == 1:
        return [items[len(items) // 2]]
    step = (len(items) - 1) / (limit - 1)
    return [items[round(i * step)] for i in range(limit)]


def _range_cases(grid: list, fmt) -> list[tuple[tuple, str]]:
    """(low, high) pairs on an ordered grid of values: one step in, cuts, one-step windows."""
    n = len(grid) - 1
    if n < 1:
        return []
    cases = [((grid[1], grid[n]), f"{fmt(grid[1])}–{fmt(grid[n])} (one step in from the low end)"),
             ((grid[0], grid[n - 1]), f"{fmt(grid[0])}–{fmt(grid[n - 1])} (one step in from the high end)")]
    for fraction in CUT_FRACTIONS:
        k = max(1, min(n - 1, round(n * fraction)))
        cases.append(((grid[0], grid[k]), f"{fmt(grid[0])}–{fmt(grid[k])}"))
        cases.append(((grid[k], grid[n]), f"{fmt(grid[k])}–{fmt(grid[n])}"))
    windows = [((grid[k], grid[k + 1]), f"{fmt(grid[k])}–{fmt(grid[k + 1])} (one-step window)") for k in range(n)]
    cases += _spread(windows, MAX_WINDOWS)
    unique = {}
    for value, label in cases:
        unique.setdefault(value, label)
    return [(v, label) for v, label in unique.items()]


def widget_changes(at, widgets: dict[str, Any], sample: int | None = None) -> list[Change]:
    """Every single change of every sidebar widget (``sample``: at most that many per widget)."""
    changes: list[Change] = []
    for key, w in widgets.items():
        kind, label = w.type, getattr(w, "label", key)
        cases: list[tuple[Any, str, str]] = []
        if kind == "multiselect":
            raw = raw_options(at, w) or list(w.options)
            current = list(w.value)
            cases = [([*current, code], f"{label} = {shown}", "choice", shown)
                     for code, shown in zip(raw, w.options, strict=False) if code not in current]
        elif kind == "slider" and isinstance(w.value, tuple | list):
            step = w.step or 1
            count = round((w.max - w.min) / step)
            grid = [w.min + i * step for i in range(count + 1)]
            cases = [(value, f"{label} {shown}", "range") for value, shown in _range_cases(grid, _number)]
        elif kind == "slider":
            step = w.step or 1
            grid = [w.min + i * step for i in range(round((w.max - w.min) / step) + 1)]
            cases = [(v, f"{label} = {_number(v)}", "value") for v in grid if v != w.value]
        elif kind == "select_slider":
            raw = raw_options(at, w) or list(w.options)
            shown = dict(zip(raw, w.options, strict=False))
            if isinstance(w.value, tuple | list):
                cases = [(value, f"{label} {text}", "range") for value, text in _range_cases(raw, shown.get)]
            else:
                cases = [(v, f"{label} = {shown[v]}", "value") for v in raw if v != w.value]
        elif kind in ("text_input", "text_area"):
            terms = SEARCH_TERMS if key == "q" else OTHER_TEXTS
            cases = [(term, f"{label} « {term} »", "search") for term in terms]
        elif kind in ("toggle", "checkbox"):
            cases = [(not w.value, f"{label} = {not w.value}", "flag")]
        elif kind in ("selectbox", "radio"):
            raw = raw_options(at, w) or list(w.options)
            cases = [(v, f"{label} = {s}", "choice") for v, s in zip(raw, w.options, strict=False) if v != w.value]
        elif kind == "number_input":
            cases = [(v, f"{label} = {v}", "value") for v in (w.min, w.max) if v is not None and v != w.value]
        changes += [Change(key, case[0], case[1], case[2], shown=case[3] if len(case) > 3 else "")
                    for case in _spread(cases, sample)]
    return changes


def widget_meta(at, widgets: dict[str, Any]) -> dict[str, dict]:
    """What the browser benchmark needs to make a change by hand: type, default, bounds, options."""
    meta = {}
    for key, w in widgets.items():
        entry = {"type": w.type, "label": getattr(w, "label", key), "default": _jsonable(w.value)}
        if w.type == "slider":
            entry.update(min=w.min, max=w.max, step=w.step)
        if w.type == "select_slider":
            entry["options"] = _jsonable(raw_options(at, w) or list(w.options))
        meta[key] = entry
    return meta


def _number(value: float) -> str:
    return f"{value:g}"


def threshold_changes(offers, widgets: dict[str, Any]) -> tuple[list[Change], list[str]]:
    """Department picks just under each drawing threshold, and one more department over it (and back).

    Returns the changes and, for thresholds no pick can cross at this size, why."""
    from lib import charts, maps

    notes: list[str] = []
    if "dept" not in widgets or "department_code" not in offers.columns:
        return [], ["no department filter: thresholds not crossed"]
    label = getattr(widgets["dept"], "label", "dept")
    counted = []
    if hasattr(maps, "DETAIL_THRESHOLD") and "located" in offers.columns:
        counted.append(("map detailed/compact (maps.DETAIL_THRESHOLD)", maps.DETAIL_THRESHOLD, offers["located"]))
    if hasattr(charts, "plottable"):
        shown = charts.plottable(offers)
        if hasattr(charts, "COMPACT_THRESHOLD"):
            counted.append(("chart per point/compact (charts.COMPACT_THRESHOLD)", charts.COMPACT_THRESHOLD, shown))
        if hasattr(charts, "WEBGL_THRESHOLD"):
            counted.append(("chart SVG/WebGL (charts.WEBGL_THRESHOLD)", charts.WEBGL_THRESHOLD, shown))
    if hasattr(charts, "COMPACT_THRESHOLD") and "stipend_monthly_eur" in offers.columns:
        counted.append(("box plot points/quartiles (charts.COMPACT_THRESHOLD)", charts.COMPACT_THRESHOLD,
                        offers["stipend_monthly_eur"].notna()))
    changes: list[Change] = []
    for name, threshold, mask in counted:
        per = mask.astype(int).groupby(offers["department_code"]).sum().sort_values(ascending=False)
        per = per[per > 0]
        if int(per.sum()) <= threshold:
            notes.append(f"{name} = {threshold}: only {int(per.sum())} offers in all, not crossed")
            continue
        chosen, total = [], 0
        for code, n in per.items():
            if total + n <= threshold:
                chosen.append(code)
                total += int(n)
        over = per[(per > threshold - total) & ~per.index.isin(chosen)]
        if not chosen or over.empty:
            notes.append(f"{name} = {threshold}: no department pick crosses it")
            continue
        extra = over.idxmin()
        above = total + int(over[extra])
        changes.append(Change("dept", [*chosen, extra], f"{label} + {extra}: {total} → {above} ({name} crossed upward)",
                              "threshold", before={"dept": chosen}, shown=str(extra)))
        changes.append(Change("dept", chosen, f"{label} − {extra}: {above} → {total} ({name} crossed downward)",
                              "threshold", before={"dept": [*chosen, extra]}, shown=str(extra)))
    if hasattr(charts, "SVG_MARKERS") and hasattr(charts, "_marker_keys"):
        changes += _marker_threshold_changes(offers, label, notes)
    return changes, notes


def _marker_threshold_changes(offers, label: str, notes: list[str]) -> list[Change]:
    """Department picks whose compact chart holds just under ``charts.SVG_MARKERS`` markers (SVG), and one
    more department taking it over (WebGL), and back. Markers are counted, not offers: departments share
    markers, so the biggest departments are added while the count stays under the limit."""
    from lib import charts

    name = "compact chart SVG/WebGL (charts.SVG_MARKERS markers)"
    shown = charts.plottable(offers)
    keys = charts._marker_keys(offers[shown])
    departments = offers.loc[shown, "department_code"]

    def markers(codes: list) -> int:
        return len(keys[departments.isin(codes).to_numpy()].drop_duplicates())

    if markers(list(departments.dropna().unique())) <= charts.SVG_MARKERS:
        notes.append(f"{name} = {charts.SVG_MARKERS}: not crossed, too few markers in all")
        return []
    biggest_first = departments.value_counts().index
    chosen: list = []
    for code in biggest_first:
        if markers([*chosen, code]) <= charts.SVG_MARKERS:
            chosen.append(code)
    over = [(markers([*chosen, code]), code) for code in biggest_first if code not in chosen]
    if not chosen or not over:
        notes.append(f"{name} = {charts.SVG_MARKERS}: no department pick crosses it")
        return []
    above, extra = min(over)
    below = markers(chosen)
    return [Change("dept", [*chosen, extra], f"{label} + {extra}: {below} → {above} markers ({name} crossed upward)",
                   "threshold", before={"dept": chosen}, shown=str(extra)),
            Change("dept", chosen, f"{label} − {extra}: {above} → {below} markers ({name} crossed downward)",
                   "threshold", before={"dept": [*chosen, extra]}, shown=str(extra))]


# --- running a page ----------------------------------------------------------------------------------

class PageRunner:
    """One AppTest of a page; sets filters by key and times the reruns."""

    def __init__(self, page: Path, timeout: float = APPTEST_TIMEOUT):
        from streamlit.testing.v1 import AppTest

        # Every measured run draws its page: a state measured again (the confirmation of the worst,
        # putting a filter back) would otherwise be served from the overview drawn for the first ask.
        os.environ.update(no_sharing())
        self.page = page
        self.at = AppTest.from_file(str(page), default_timeout=timeout)
        self.defaults: dict[str, Any] = {}

    def run(self) -> tuple[float, str | None]:
        """Milliseconds of one script run, and its exception if any; ``self.cpu_ms``: the CPU time
        this process spent on it (every thread), less disturbed than wall time on a shared machine."""
        cpu = time.process_time()
        _, seconds = timed(self.at.run)
        self.cpu_ms = (time.process_time() - cpu) * 1000
        error = str(self.at.exception[0].message)[:300] if self.at.exception else None
        return seconds * 1000, error

    def first(self) -> tuple[float, str | None]:
        ms, error = self.run()
        self.defaults = {key: w.value for key, w in sidebar_widgets(self.at).items()}
        return ms, error

    def set(self, state: dict[str, Any]) -> bool:
        """Set each widget of ``state``; False when one is not on this page."""
        widgets = sidebar_widgets(self.at)
        for key, value in state.items():
            widget = widgets.get(key)
            if widget is None:
                return False
            if widget.type in ("text_input", "text_area"):
                widget.input(value)
            else:
                widget.set_value(list(value) if widget.type == "multiselect" else value)
        return True

    def measure(self, change: Change) -> dict:
        """The timed rerun of one change, and the timed rerun that puts the filter back."""
        keys = {change.key, *change.before}
        if change.before:
            if not self.set(change.before):
                return {"skipped": "filter not on this page"}
            _, error = self.run()
            if error:
                return {"error": f"before the change: {error}"}
        if not self.set({change.key: change.value}):
            return {"skipped": "filter not on this page"}
        ms, error = self.run()
        result = {"ms": ms, "cpu_ms": self.cpu_ms, "count": shown_count(self.at), "bytes": element_bytes(self.at)}
        if error:
            result["error"] = error
        self.set({k: self.defaults[k] for k in keys if k in self.defaults})
        result["back_ms"], back_error = self.run()
        if back_error and not error:
            result["error"] = f"putting the filter back: {back_error}"
        return result


def sweep(path: Path, sample: int | None = None, repeats: int = 3, confirm: int = CONFIRM_WORST,
          pages: list[Path] | None = None, progress=None, lift: bool = False) -> dict:
    """The whole sweep of one data file (see the module docstring); JSON-ready. ``lift``: the file
    limit raised in this process (``profile.lift_file_limit``), for files the app refuses."""
    os.environ["OFFERS_CSV"] = str(path)
    if lift:
        from benchmarks.profile import lift_file_limit

        lift_file_limit()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    pages = pages or page_files()
    started = time.perf_counter()
    result: dict = {"file": path.name, "scope": f"sample of {sample} per filter" if sample else "full",
                    "pages": {}, "notes": [], "lifted_file_limit": lift}
    runners: dict[str, PageRunner] = {}
    changes: list[Change] | None = None
    for page in pages:
        runner = PageRunner(page)
        first_ms, error = runner.first()
        entry: dict = {"first_run_ms": first_ms, "cases": []}
        result["pages"][page.name] = entry
        if error:
            entry["error"] = error
        widgets = sidebar_widgets(runner.at)
        if not widgets:
            entry["note"] = "no filter on this page"
            continue
        runners[page.name] = runner
        if changes is None:
            changes = widget_changes(runner.at, widgets, sample)
            offers = _prepared_offers()
            if offers is not None:
                extra, notes = threshold_changes(offers, widgets)
                changes += extra
                result["notes"] += notes
                result["offers"] = len(offers)
            result["filters"] = widget_meta(runner.at, widgets)
            result["changes"] = len(changes)
        entry["unchanged_rerun_ms"] = statistics.median(runner.run()[0] for _ in range(3))
        for i, change in enumerate(changes):
            measured = runner.measure(change)
            if "skipped" in measured:
                entry["skipped"] = entry.get("skipped", 0) + 1
                continue
            entry["cases"].append({**_case(change), **measured})
            if progress and i % 20 == 0:
                progress(f"{page.name}: {i + 1}/{len(changes)} changes")
        entry["peak_rss_mb"] = peak_rss_mb()
        timed_cases = [c for c in entry["cases"] if "ms" in c]
        if timed_cases:
            entry["median_ms"] = statistics.median(c["ms"] for c in timed_cases)
            entry["median_back_ms"] = statistics.median(c["back_ms"] for c in timed_cases)
            entry["median_cpu_ms"] = statistics.median(c["cpu_ms"] for c in timed_cases)
            worst = max(timed_cases, key=lambda c: c["ms"])
            entry["worst_single"] = {"label": worst["label"], "ms": worst["ms"]}
    result["confirmed"] = _confirm(runners, changes or [], result, repeats, confirm)
    if result["confirmed"]:
        result["worst"] = max(result["confirmed"], key=lambda c: c["median_ms"])
    result["seconds"] = time.perf_counter() - started
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def _confirm(runners: dict[str, PageRunner], changes: list[Change], result: dict, repeats: int,
             confirm: int) -> list[dict]:
    """The ``confirm`` slowest (page, change) pairs of the single pass, measured ``repeats`` times.

    Ranked by CPU time: on a shared machine a single wall time can be seconds of waiting for a core."""
    by_label = {c.label: c for c in changes}
    ranked = sorted(((case["cpu_ms"], page, case["label"]) for page, entry in result["pages"].items()
                     for case in entry["cases"] if "ms" in case and "error" not in case), reverse=True)
    confirmed = []
    for _, page, label in ranked[:confirm]:
        runner, change = runners[page], by_label[label]
        runs = [runner.measure(change) for _ in range(max(repeats, 1))]
        times = [r["ms"] for r in runs if "ms" in r]
        if not times:
            continue
        cpu = [r["cpu_ms"] for r in runs if "cpu_ms" in r]
        confirmed.append({"page": page, **_case(change), "median_ms": statistics.median(times), "runs_ms": times,
                          "median_cpu_ms": statistics.median(cpu),
                          "count": runs[-1].get("count"), "bytes": runs[-1].get("bytes")})
    return confirmed


def _prepared_offers():
    """The prepared offers the pages show, from the app's own cached loader (filled by the first run)."""
    try:
        from shell.data import combine, load_bundled

        return combine(load_bundled().offers, None)[0].offers
    except Exception as exc:  # a benchmark reports, it does not stop: the app may have changed
        print(f"threshold cases left out: {exc}", file=sys.stderr)
        return None


def _case(change: Change) -> dict:
    return {"label": change.label, "key": change.key, "group": change.group, "value": _jsonable(change.value),
            "before": _jsonable(change.before), "shown": change.shown}


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--sample", type=int, help="at most N changes per filter (a quick look)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--confirm", type=int, default=CONFIRM_WORST)
    parser.add_argument("--pages", nargs="*", help="page files (default: every page)")
    parser.add_argument("--lift-file-limit", action="store_true", help="for files over the app's limit (what-if)")
    args = parser.parse_args(argv)
    pages = [ROOT / "pages" / p for p in args.pages] if args.pages else None
    result = sweep(args.csv.resolve(), args.sample, args.repeats, args.confirm, pages,
                   progress=lambda m: print(m, file=sys.stderr, flush=True), lift=args.lift_file_limit)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
