"""Plotly's code fetched while the offers load (shell/preload.py), in Chromium: the overview asks for it
before any chart arrives, the browser fetches it once (the module Streamlit imports later is the one
already run), and the map page never downloads it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shell.preload import plotly_chunk
from tests.browser.helpers import wait_for_app, wait_for_map

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "offers.csv"
FIRST_RUN_MS = 120_000


@pytest.fixture(scope="module")
def app_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(DATA)})


def chunk_requests(page) -> list[str]:
    """Every request the page makes for Streamlit's Plotly chunk, recorded from now on."""
    name = plotly_chunk()
    assert name, "the installed Streamlit has no single Plotly chunk (tests/test_preload.py)"
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if request.url.endswith("/" + name) else None)
    return seen


def settle(seen: list[str], page, at_least: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while len(seen) < at_least and time.monotonic() < deadline:
        page.wait_for_timeout(100)


@pytest.mark.browser
def test_the_overview_fetches_the_plotly_code_before_any_chart_and_once(page, app_url):
    # An empty selection draws no chart: the code is fetched all the same, so it was asked for ahead.
    seen = chunk_requests(page)
    page.goto(f"{app_url}/?q=zzzzqqqq")
    wait_for_app(page, timeout=FIRST_RUN_MS)
    expect(page.get_by_text("Aucune offre ne correspond aux filtres", exact=False)).to_be_visible()
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)
    settle(seen, page, 1)
    assert len(seen) == 1

    # Every chart drawn, with the code fetched once: Streamlit's own import found the module already run.
    seen = chunk_requests(page)
    page.goto(f"{app_url}/")
    wait_for_app(page, timeout=FIRST_RUN_MS)
    expect(page.locator(".js-plotly-plot .scatterlayer .point").first).to_be_attached()
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(4)
    settle(seen, page, 2, seconds=2)
    assert len(seen) == 1


@pytest.mark.browser
def test_the_map_page_does_not_download_the_plotly_code(page, app_url):
    seen = chunk_requests(page)
    page.goto(f"{app_url}/map")
    wait_for_app(page, timeout=FIRST_RUN_MS)
    wait_for_map(page)
    settle(seen, page, 1, seconds=2)
    assert seen == []
