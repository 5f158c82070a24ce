"""Plotly's code fetched while the offers load (shell/preload.py): the installed Streamlit still has the
chunk the preload names, and only the page of charts asks for it (a phone on the map page does not
download 4.7 MB it never runs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shell.preload import STATIC_JS, plotly_chunk, plotly_preload_script

ROOT = Path(__file__).resolve().parents[1]


def test_the_installed_streamlit_has_the_plotly_chunk_the_preload_names():
    # Fails when a Streamlit release renames the chunk: the overview's first chart is then a second
    # slower after a restart, and this module must learn the new name.
    name = plotly_chunk()
    assert name is not None
    code = (STATIC_JS / name).read_text(encoding="utf-8", errors="replace")
    assert "newPlot" in code and len(code) > 1_000_000  # Plotly itself, not a stub
    assert f"'{name}'" in plotly_preload_script()


@pytest.mark.parametrize("files, expected", [
    ([], None),
    (["PlotlyChart.AbC_12-x.js", "index.DormvYxC.js"], "PlotlyChart.AbC_12-x.js"),
    (["PlotlyChart.one.js", "PlotlyChart.two.js"], None),  # which one Streamlit imports is unknown
    (["PlotlyChart.a'b.js"], None),  # a name that would need quoting in the script
    (["PlotlyChart.AbC.js.map"], None),
])
def test_no_single_plotly_chunk_means_no_preload(tmp_path, files, expected):
    for name in files:
        (tmp_path / name).write_text("", encoding="utf-8")
    assert plotly_chunk(tmp_path) == expected
    assert plotly_chunk(tmp_path / "missing") is None


def page_scripts(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.sidebar.get("html"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_only_the_overview_asks_for_the_plotly_code(monkeypatch, lang):
    monkeypatch.setenv("OFFERS_CSV", str(ROOT / "data" / "offers.csv"))
    name = plotly_chunk()
    for page, asks in [("overview.py", True), ("map.py", False), ("compare.py", False), ("data.py", False)]:
        at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=120)
        if lang == "en":
            at.query_params["en"] = "true"
        at.run()
        assert not at.exception, page
        scripts = page_scripts(at)
        assert f"document.documentElement.lang = '{lang}';" in scripts, page
        assert (f"import(new URL('{name}'" in scripts) is asks, page
