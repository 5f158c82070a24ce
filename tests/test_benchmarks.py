"""The speed harness of issue 15 keeps measuring what the app is: it sees every filter of the
sidebar, the synthetic files it measures come from one generator whatever their size, and its
report says which goals were measured. No timing is asserted here (figures belong to
benchmarks/, on a quiet machine)."""

from __future__ import annotations

import os

import pandas as pd

from benchmarks import sweep
from benchmarks.chromium import _query, page_path, plan
from benchmarks.classroom import LINK
from benchmarks.generate import generate, generate_chunks
from benchmarks.report import report
from shell.shared_results import ENTRIES_ENV
from shell.sidebar import FILTER_KEYS
from tests.conftest import BUNDLED_CSV, PAGES_DIR


def test_the_million_offer_file_is_built_by_the_same_generator_chunk_by_chunk():
    whole = generate(700, seed=3)
    chunked = pd.concat(list(generate_chunks(700, seed=3, chunk=256)), ignore_index=True)
    pd.testing.assert_frame_equal(whole, chunked)


def test_the_sweep_changes_every_filter_of_the_sidebar_and_reports_it(monkeypatch):
    monkeypatch.setenv("OFFERS_CSV", str(BUNDLED_CSV))
    monkeypatch.setenv(ENTRIES_ENV, "0")  # what the sweep sets; given back to the other tests afterwards
    result = sweep.sweep(BUNDLED_CSV, sample=1, pages=[PAGES_DIR / "map.py"], repeats=1, confirm=1)
    assert os.environ[ENTRIES_ENV] == "0"  # every measured run draws its page, none is served from a shared one
    assert set(FILTER_KEYS) <= set(result["filters"]), "a filter the benchmark cannot see or change"
    cases = result["pages"]["map.py"]["cases"]
    assert {c["key"] for c in cases} >= set(FILTER_KEYS)
    assert not [c for c in cases if "error" in c]
    # Each change really filtered: the sidebar's count is read after it.
    assert any(c["count"] is not None and c["count"] < 27 for c in cases)
    text = report({"machine": {"cores": 2, "load_at_start": "0.1 0.1 0.1"},
                   "datasets": {"27 (bundled)": {"rows": 27, "sweep": result}}})
    assert "| 3 | cold start" in text and "not measured" in text
    assert "map.py" in text


def test_a_browser_change_is_one_click_from_a_state_opened_by_url():
    meta = {"dept": {"type": "multiselect", "default": []},
            "stipend": {"type": "slider", "min": 500.0, "max": 1500.0, "step": 50.0, "default": [500.0, 1500.0]}}
    removal = plan({"key": "dept", "value": ["59"], "before": {"dept": ["59", "62"]}, "shown": "62"}, meta)
    assert removal["action"] == "remove" and removal["shown"] == "62"
    window = plan({"key": "stipend", "value": [600.0, 650.0], "before": {}}, meta)
    assert window["before"] == {"stipend": [600.0, 700.0]} and window["press"] == "ArrowLeft"
    assert _query(window["before"]) == "stipend=600&stipend=700"


def test_the_browser_benchmarks_open_the_overview_where_the_app_serves_it():
    # The overview is the default page, at « / »: « /overview » is no page (Streamlit says « Page not
    # found » and runs the default page), which the measured times would include.
    assert page_path("overview.py") == "" and page_path("pages/map.py") == "map"
    assert LINK.startswith("?") and "org=association" in LINK


def test_the_sweep_crosses_the_compact_charts_svg_limit_one_department_at_a_time(many_offers):
    """Goal 2a's clicks include the one that turns the compact chart from SVG to WebGL (counted in markers,
    not offers), and back: one department more or fewer."""
    from types import SimpleNamespace

    from lib import charts

    changes, notes = sweep.threshold_changes(many_offers, {"dept": SimpleNamespace(label="Département")})
    crossing = [c for c in changes if "SVG_MARKERS" in c.label]
    assert len(crossing) == 2, notes
    up, down = crossing
    assert set(up.value) - set(up.before["dept"]) == {up.shown}
    assert down.before["dept"] == up.value and down.value == up.before["dept"]

    def drawn(departments: list) -> tuple[set, int]:
        """The trace types of the overview's stipend chart for these departments, and its markers."""
        offers = many_offers[many_offers["department_code"].isin(departments)]
        assert int(charts.plottable(offers).sum()) > charts.COMPACT_THRESHOLD  # the compact chart
        traces = charts.stipend_vs_duration(offers).data
        return {trace.type for trace in traces}, sum(len(trace.x) for trace in traces if trace.customdata is not None)

    (below_types, below), (above_types, above) = drawn(up.before["dept"]), drawn(up.value)
    assert below_types == {"scatter"} and above_types == {"scattergl"}
    assert below <= charts.SVG_MARKERS < above
    assert f"{below} → {above} markers" in up.label
