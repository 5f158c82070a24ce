"""Accessibility, counted: axe-core run inside every page and inside the map's iframe (no violation,
on a computer and on a phone), and what axe does not see: the map iframe's name, the page links'
names, the keyboard focus, the map's offers reachable by keyboard, tooltips and popups that do not
hide what they are about."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from lib.maps import PICKED_ZOOM
from tests.browser.axe import describe, run_axe
from tests.browser.helpers import box, click_on_map, folium_frame, inside, overlap, wait_for_app, wait_for_map

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "offers.csv"
COMPARE = "compare?" + urllib.parse.urlencode([("cmp", "nicaya-consultant-concertation-2023"),
                                               ("cmp", "coopawatt-concertation-enr-2023"), ("from", "Lyon")])
MAP_TITLE = "Carte des offres filtrées, colorées par type de structure"
PAGES = [("", "overview"), ("map", "map"), (COMPARE, "compare"), ("data", "data"), ("add_offer", "add_offer")]


@pytest.fixture(scope="module")
def app_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(DATA)})


def whole_page_in_view(page, width: int) -> None:
    """axe checks colours only of what is on screen: the viewport is made as tall as the page."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(int(height) + 20, 12000)})
    page.wait_for_timeout(800)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("path, name", PAGES)
def test_axe_finds_no_violation(page, app_url, network, path, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    if name == "map":
        wait_for_map(page)
    whole_page_in_view(page, width)
    violations = run_axe(page)
    print(f"axe, {name} at {width} px: {sum(len(v['nodes']) for v in violations)} violation(s)")
    assert violations == [], describe(violations)
    if name == "map":
        frame = next(f for f in page.frames if "streamlit_folium.st_folium" in f.url)
        inner = run_axe(frame)
        print(f"axe, map iframe at {width} px: {sum(len(v['nodes']) for v in inner)} violation(s)")
        assert inner == [], describe(inner)


@pytest.mark.browser
def test_the_map_iframe_is_named_after_the_map(page, app_url, network):
    page.goto(f"{app_url}/map")
    wait_for_app(page)
    wait_for_map(page)
    iframe = page.locator('iframe[src*="streamlit_folium.st_folium"]')
    expect(iframe).to_have_attribute("title", MAP_TITLE)
    frame = folium_frame(page)
    expect(frame.get_by_role("heading", level=1)).to_have_text(MAP_TITLE)
    expect(frame.get_by_role("main")).to_have_count(1)
    assert frame.locator("html").get_attribute("lang") == "fr"


@pytest.mark.browser
def test_page_links_are_read_as_their_title(page, app_url, network):
    page.goto(app_url)
    wait_for_app(page)
    links = page.locator('[data-testid="stSidebar"]').get_by_role("link")
    names = [link.evaluate("(a) => a.textContent.trim()") for link in links.all()]
    assert names == ["Vue d'ensemble", "Carte", "Comparer", "Données", "Ajouter une offre", "Collection"]
    # The accessible name is exactly the title (it was « compare_arrows Comparer »).
    for name in names:
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(1)


FOCUS_STYLE = """(a) => { const s = getComputedStyle(a);
    return {outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, background: s.backgroundColor}; }"""


@pytest.mark.browser
def test_keyboard_focus_looks_different_from_the_current_page(page, app_url, network, screenshot):
    page.goto(app_url)
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    current = sidebar.get_by_role("link", name="Vue d'ensemble", exact=True)
    target = sidebar.get_by_role("link", name="Carte", exact=True)
    # Focus by keyboard: Tab from the link before it, as a keyboard user moves.
    current.focus()
    page.keyboard.press("Tab")
    expect(target).to_be_focused()
    focused, highlighted = target.evaluate(FOCUS_STYLE), current.evaluate(FOCUS_STYLE)
    assert focused["outline"].startswith("solid") and not focused["outline"].startswith("solid 0px"), focused
    assert highlighted["outline"].startswith("none"), highlighted
    assert focused != highlighted
    screenshot(sidebar, "focused-link")


def open_consultancies_map(page, app_url: str, width: int = 1400):
    """The map of the four consultancies' offers, drawn; returns its frame."""
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto(f"{app_url}/map?org=consultancy")
    wait_for_app(page)
    frame = wait_for_map(page)
    # The map reports its first view to the server once drawn: the rerun redraws the picker, and text typed
    # meanwhile is lost (under load, the option list never narrowed). Type once the page is idle again.
    wait_for_app(page)
    return frame


def pick_vox_operatio_by_keyboard(page) -> None:
    picker = page.get_by_label("Ou choisissez une offre de la carte")
    picker.focus()
    page.keyboard.type("Vox", delay=50)
    # Enter picks the highlighted option: wait until the list has narrowed to it, as a user sees it
    # before pressing (pressing earlier leaves the typed text in the box and picks nothing).
    expect(page.get_by_role("option").filter(has_text="Vox Operatio")).to_be_visible(timeout=20_000)
    page.keyboard.press("Enter")


@pytest.mark.browser
def test_every_offer_of_the_map_is_reachable_by_keyboard(page, app_url, network):
    open_consultancies_map(page, app_url)
    pick_vox_operatio_by_keyboard(page)
    expect(page.get_by_role("heading", level=3).filter(has_text="démocratie participative")).to_be_visible()
    expect(page.get_by_text("Vox Operatio · Cabinet de conseil · Stage")).to_be_visible()


RECTS = """(elements) => elements.map(e => { const r = e.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height}; }).filter(r => r.width > 0)"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 390])
def test_tooltips_stay_inside_the_map_and_popups_leave_the_marker_visible(page, app_url, network, width, screenshot):
    frame = open_consultancies_map(page, app_url, width)
    container = frame.locator(".leaflet-container").first
    markers = frame.locator("path.leaflet-interactive")
    expect(markers).to_have_count(4)
    for i in range(4):
        container.focus()
        markers.nth(i).hover()
        tooltips = frame.locator(".leaflet-tooltip")
        expect(tooltips.first).to_be_visible()
        # In the map's own coordinates, every tooltip open now (one may be closing as the mouse leaves it).
        rects = tooltips.evaluate_all(RECTS)
        map_rect = container.evaluate("(e) => { const r = e.getBoundingClientRect(); "
                                      "return {x: r.x, y: r.y, width: r.width, height: r.height}; }")
        assert rects and all(inside(r, map_rect) for r in rects), f"a tooltip leaves the map: {rects} {map_rect}"
    click_on_map(frame, markers.first)
    popup = frame.locator(".leaflet-popup-content-wrapper")
    expect(popup).to_be_visible()
    page.wait_for_timeout(600)  # Leaflet pans the map to show the popup
    assert not overlap(box(frame.locator(".leaflet-popup")), box(markers.first)), "the popup covers the marker"
    screenshot(page, f"popup-{width}")


MAP_VIEW = "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 390])
def test_an_offer_picked_from_the_list_is_shown_on_the_map(page, app_url, network, width, screenshot):
    # The card said which offer, not where: the map now goes to it (Vox Operatio, Rennes).
    frame = open_consultancies_map(page, app_url, width)
    before = frame.locator("body").evaluate(MAP_VIEW)
    pick_vox_operatio_by_keyboard(page)
    expect(page.get_by_text("Vox Operatio · Cabinet de conseil · Stage")).to_be_visible()
    row = pd.read_csv(DATA).set_index("organisation").loc["Vox Operatio"]
    wanted = [round(row["latitude"], 3), round(row["longitude"], 3), PICKED_ZOOM]
    for _ in range(100):
        lat, lon, zoom = frame.locator("body").evaluate(MAP_VIEW)
        if [round(lat, 3), round(lon, 3), zoom] == wanted:
            break
        page.wait_for_timeout(100)
    assert [round(lat, 3), round(lon, 3), zoom] == wanted, before
    # Its marker is in the map's view, where the user looks.
    frame.locator(".leaflet-container").first.scroll_into_view_if_needed()
    container = box(frame.locator(".leaflet-container").first)
    markers = frame.locator("path.leaflet-interactive")
    assert any(inside(box(markers.nth(i)), container) for i in range(markers.count()))
    screenshot(page, "picked-on-map")
