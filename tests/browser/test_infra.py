"""Proof of the browser-test infrastructure on apps/demo_app.py: Plotly draws, Leaflet draws offline inside the
streamlit-folium iframe, a marker click comes back to Streamlit, screenshots are real, nothing reaches the internet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import offline
from tests.browser.helpers import assert_png_not_blank, click_on_map, wait_for_app, wait_for_map

DEMO_APP = Path(__file__).resolve().parent / "apps" / "demo_app.py"


@pytest.fixture(scope="module")
def demo_url(streamlit_server) -> str:
    return streamlit_server(DEMO_APP)


@pytest.mark.browser
def test_plotly_and_folium_draw_and_a_marker_click_reaches_streamlit(page, demo_url, network, screenshot):
    page.goto(demo_url)
    wait_for_app(page)

    # Plotly: the SVG is drawn with one point per city.
    chart = page.locator('[data-testid="stPlotlyChart"]')
    expect(chart.locator(".main-svg").first).to_be_visible()
    expect(chart.locator("g.scatterlayer .point")).to_have_count(3)

    # Leaflet inside the streamlit-folium iframe: tiles (the local PNG) and the three circle markers.
    frame = wait_for_map(page)
    markers = frame.locator("path.leaflet-interactive")
    expect(markers).to_have_count(3)
    clicked_text = page.get_by_text(re.compile(r"^Clicked:"))
    expect(clicked_text).to_have_text("Clicked: nothing yet")

    # Click the northernmost marker (Paris): the popup opens and the rerun shows its popup and coordinates.
    boxes = [markers.nth(i).bounding_box() for i in range(3)]
    paris = min(range(3), key=lambda i: boxes[i]["y"])
    click_on_map(frame, markers.nth(paris))
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Paris")
    expect(clicked_text).to_have_text(re.compile(r"^Clicked: .*Paris.*1200 EUR.* @ 48\.85\d\d, 2\.35\d\d$"))
    wait_for_app(page)

    path = screenshot(page, "after-click")
    assert_png_not_blank(path)
    map_path = screenshot(page.locator('iframe[title="streamlit_folium.st_folium"]'), "map")
    assert_png_not_blank(map_path)

    # Offline: Leaflet and friends came from .assets, tiles from the local PNG, nothing else was asked for.
    assert network.unexpected == [], f"requests without a local stand-in: {network.unexpected}"
    assert any(url.endswith("/leaflet@1.9.3/dist/leaflet.js") for url in network.served), network.served
    assert any("leaflet.markercluster" in url for url in network.served), network.served
    assert network.tiles, "the map asked for no tile"


@pytest.mark.browser
def test_requests_to_unknown_hosts_are_aborted_and_listed(page, demo_url, network):
    page.goto(demo_url)
    wait_for_app(page)
    outcome = page.evaluate(
        """async () => {
            try { await fetch("https://example.com/ping", {mode: "no-cors"}); return "reached"; }
            catch (error) { return "failed"; }
        }"""
    )
    assert outcome == "failed"
    assert network.blocked == ["https://example.com/ping"]


# --- The URL mapping, without a browser -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", "leaflet@1.9.3/dist/leaflet.js"),
        ("https://code.jquery.com/jquery-3.7.1.min.js", "jquery@3.7.1/dist/jquery.min.js"),
        (
            "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",
            "leaflet.awesome-markers@2.0.5/dist/leaflet.awesome-markers.js",
        ),
        (
            "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css",
            "leaflet.markercluster@1.1.0/dist/MarkerCluster.Default.css",
        ),
        (
            "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/webfonts/fa-solid-900.woff2",
            "@fortawesome/fontawesome-free@6.2.0/webfonts/fa-solid-900.woff2",
        ),
        (
            "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/fonts/glyphicons-halflings-regular.woff",
            "bootstrap@3.4.1/dist/fonts/glyphicons-halflings-regular.woff",
        ),
    ],
)
def test_cdn_urls_map_to_npm_files(offline_assets, url, expected):
    assert offline.resolve(url) == offline_assets / expected


def test_every_folium_default_asset_has_a_local_stand_in(offline_assets):
    import folium
    from folium.plugins import MarkerCluster

    urls = [url for _, url in folium.Map.default_js + folium.Map.default_css]
    urls += [url for _, url in MarkerCluster.default_js + MarkerCluster.default_css]
    assert [url for url in urls if offline.resolve(url) is None] == []


def test_generated_tile_is_a_256_pixel_png(tmp_path):
    png = offline.tile_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png == offline.tile_png()
    path = tmp_path / "tile.png"
    path.write_bytes(png)
    from PIL import Image

    with Image.open(path) as image:
        assert image.size == (256, 256)
        assert len(image.convert("RGB").getcolors()) == 2


def test_outside_urls_are_not_resolved(offline_assets):
    assert offline.resolve("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/../../../conftest.py") is None
    assert offline.resolve("https://d3js.org/d3.v4.min.js") is None
    assert not offline.EXTERNAL_URL.match("http://127.0.0.1:8501/_stcore/health")
    assert not offline.EXTERNAL_URL.match("http://localhost:8501/")
    assert offline.EXTERNAL_URL.match("https://127.0.0.1.example.com/")
