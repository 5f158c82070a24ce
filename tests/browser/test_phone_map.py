"""The map page on a 390 x 844 touch-screen phone, in real Chromium: a tapped marker's card (Leaflet's
popup) fits the 358 px map with its close button on screen and no tooltip left over it; the attribution
keeps clear of the scale; a map whose Leaflet files cannot load leaves a note that points to the list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import box, inside, overlap, wait_for_app, wait_for_map

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "offers.csv"
IFRAME = 'iframe[src*="streamlit_folium.st_folium"]'
# The Leaflet script and stylesheet of every CDN folium may name (jsdelivr, unpkg, cdnjs).
LEAFLET_FILES = re.compile(r"/leaflet(@[\d.]+)?/(dist/)?leaflet(\.min)?\.(js|css)$|/ajax/libs/leaflet/")


@pytest.fixture(scope="module")
def app_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(DATA)})


def visible_tooltips(frame) -> list[str]:
    return frame.locator(".leaflet-tooltip").evaluate_all(
        "(tips) => tips.filter(t => { const s = getComputedStyle(t), r = t.getBoundingClientRect();"
        " return s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0.05"
        " && r.width > 0 && r.height > 0; }).map(t => t.textContent)")


@pytest.mark.browser
# The universities' and associations' offers have the longest names and titles: their cards were 366 px wide.
@pytest.mark.parametrize("org", ["consultancy", "university", "association"])
def test_a_tapped_markers_card_fits_the_map_on_a_phone(phone, app_url, network, screenshot, org):
    phone.goto(f"{app_url}/map?org={org}")
    wait_for_app(phone)
    frame = wait_for_map(phone)
    iframe = phone.locator(IFRAME)
    iframe.scroll_into_view_if_needed()
    markers = frame.locator("path.leaflet-interactive")
    expect(markers.first).to_be_visible()
    frame.locator(".leaflet-container").first.focus()
    expect(frame.locator(".leaflet-zoom-anim")).to_have_count(0)
    markers.first.tap()
    popup = frame.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    phone.wait_for_timeout(600)  # Leaflet's pan to show the popup, and any tooltip's fade
    map_box, card = box(iframe), box(popup.locator(".leaflet-popup-content-wrapper"))
    close = frame.locator(".leaflet-popup-close-button")
    screenshot(phone, f"card-{org}")
    print(f"map {map_box}, card {card}, close {close.bounding_box()}")
    assert card["width"] <= map_box["width"], (card, map_box)
    assert inside(card, map_box), (card, map_box)
    assert inside(box(close), map_box), "the card's × is on the map, whole"
    assert visible_tooltips(frame) == [], "no tooltip over the card"
    # The zoom buttons covered the card's first letters (« a Rochelle Université »): hidden while it is open.
    zoom = frame.locator(".leaflet-control-zoom")
    assert not zoom.is_visible() or not overlap(box(zoom), card), (box(zoom), card)
    close.tap()
    expect(popup).to_have_count(0)
    expect(zoom).to_be_visible()  # back once the card is closed
    assert network.unexpected == []


@pytest.mark.browser
def test_the_attribution_keeps_clear_of_the_scale_on_a_phone(phone, app_url, network, screenshot):
    phone.goto(f"{app_url}/map")
    wait_for_app(phone)
    frame = wait_for_map(phone)
    phone.locator(IFRAME).scroll_into_view_if_needed()
    attribution = box(frame.locator(".leaflet-control-attribution"))
    scale = box(frame.locator(".leaflet-control-scale"))
    screenshot(frame.locator(".leaflet-bottom.leaflet-left"), "scale")
    screenshot(phone, "map-bottom")
    print(f"attribution {attribution}, scale {scale}")
    assert not overlap(attribution, scale), (attribution, scale)
    assert inside(attribution, box(phone.locator(IFRAME))), "the attribution is on the map, whole"
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    assert network.unexpected == []


FALLBACK = "La carte ne s'affiche pas ? Choisissez l'offre dans la liste ci-dessous."


@pytest.mark.browser
def test_a_map_whose_leaflet_cannot_load_points_to_the_list(phone, app_url, network, screenshot):
    aborted: list[str] = []

    def abort(route, request):
        aborted.append(request.url)
        route.abort()

    phone.context.route(LEAFLET_FILES, abort)  # registered last: asked before the offline router
    phone.goto(f"{app_url}/map")
    wait_for_app(phone)
    iframe = phone.locator(IFRAME)
    expect(iframe).to_have_count(1)
    phone.wait_for_timeout(1500)  # what the frame would draw, had it Leaflet
    expect(iframe.content_frame.locator(".leaflet-container")).to_have_count(0)
    assert any(url.endswith("leaflet.js") for url in aborted), aborted
    note = phone.get_by_text(FALLBACK, exact=True)
    expect(note).to_be_visible()
    pick = phone.get_by_label("Ou choisissez une offre de la carte")
    assert box(iframe)["y"] <= box(note)["y"] < box(pick)["y"], "the note is under the map, above the list"
    note.scroll_into_view_if_needed()
    screenshot(phone, "no-leaflet")
    assert network.unexpected == []
