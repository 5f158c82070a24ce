"""The overview's compact chart (more plotted offers than ``charts.COMPACT_THRESHOLD``), in real
Chromium: a few hundred markers are drawn in SVG, not WebGL (0.2-0.5 s sooner after a filter change
in this browser), and a selection of markers still lists every offer they stand for."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from benchmarks.generate import generate
from lib import charts
from lib import formatting as fmt
from lib.offers import prepare_offers
from lib.validation import load_offers
from tests.browser.helpers import wait_for_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compact_offers(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("compact") / "offers.csv"
    generate(2500, seed=3).to_csv(path, index=False)  # 1,684 plotted offers, 685 markers
    return path


@pytest.fixture(scope="module")
def compact_url(streamlit_server, compact_offers) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(compact_offers)})


@pytest.mark.browser
def test_a_compact_chart_is_drawn_in_svg_and_a_selection_lists_the_offers_of_its_markers(
        page, compact_url, compact_offers, network, screenshot):
    offers = prepare_offers(load_offers(compact_offers).offers)
    assert int(charts.plottable(offers).sum()) > charts.COMPACT_THRESHOLD
    markers = [trace for trace in charts.stipend_vs_duration(offers).data if trace.customdata is not None]
    counts = [int(n) for trace in markers for n in trace.customdata[:, 1]]
    assert len(counts) <= charts.SVG_MARKERS

    page.goto(compact_url)
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart.locator("g.scatterlayer .point")).to_have_count(len(counts))
    expect(chart.locator(".gl-container canvas")).to_have_count(0)
    screenshot(page, "compact-chart")
    # A rectangle drawn over the whole plot selects every marker, and so every offer they stand for.
    area = chart.locator(".nsewdrag").first.bounding_box()
    page.mouse.move(area["x"] + 2, area["y"] + 2)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] - 2, area["y"] + area["height"] - 2, steps=8)
    page.mouse.up()
    expect(page.get_by_text(f"{fmt.number(sum(counts), 'fr')} offres sélectionnées sur le graphique.")).to_be_visible()
    assert sum(counts) == int(charts.plottable(offers).sum())
