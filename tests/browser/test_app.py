"""The real dashboard in headless Chromium: every page opens, the chart and the map are drawn, a marker
click shows its card, a shared link opens the same view, and no offer text runs as script."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from shell.navigation import PAGES
from tests.browser.helpers import assert_png_not_blank, click_on_map, folium_frame, wait_for_app, wait_for_map

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "offers.csv"
CONSULTANCIES = ["Nicaya Conseil", "Vox Operatio", "Planète Publique (Planète Citoyenne)", "Agence TACT"]


@pytest.fixture(scope="module")
def app_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(DATA)})


def no_exception(page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


@pytest.mark.browser
@pytest.mark.parametrize("path, heading", [
    ("", "Stages en participation citoyenne"),
    ("map", "Carte"),
    ("compare", "Comparer"),
    ("data", "Données"),
    ("add_offer", "Ajouter une offre"),
])
def test_every_page_opens_from_its_own_link(page, app_url, network, screenshot, path, heading):
    # Opened directly (a link pasted in an e-mail), each page has its title, the links to every page and no error.
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]')).to_have_count(len(PAGES))
    no_exception(page)
    assert_png_not_blank(screenshot(page, path or "overview"))
    assert network.unexpected == []


@pytest.mark.browser
def test_overview_chart_draws_every_offer_with_a_stipend_and_a_duration(page, app_url, network):
    page.goto(app_url)
    wait_for_app(page)
    expect(page.get_by_text("27 offres sur 27")).to_have_count(2)  # sidebar and page
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart.locator(".main-svg").first).to_be_visible()
    # 27 postings, 10 without a known stipend or duration (7 state no stipend, 2 have no year to
    # value theirs at, 1 no duration): 17 points (legend markers are not points).
    expect(chart.locator("g.scatterlayer .point")).to_have_count(17)
    # The title is the page's heading above the chart; the legal minimum is in the chart's legend.
    expect(page.get_by_role("heading", name="Gratification mensuelle selon la durée du stage", level=2)).to_be_visible()
    expect(chart.locator(".legend").get_by_text(re.compile("Minimum légal"))).to_be_visible()


@pytest.mark.browser
def test_one_offer_s_start_month_is_a_bar_a_user_can_see(page, app_url, network, screenshot):
    # Searching one offer (Make.org, February 2023) left the start chart as bare axes: Plotly drew
    # its lone bar one pixel wide.
    page.goto(f"{app_url}/?q=make.org")
    wait_for_app(page)
    expect(page.get_by_text("1 offre sur 27").first).to_be_visible()
    heading = page.get_by_role("heading", name="Mois de début au plus tôt", level=2)
    heading.scroll_into_view_if_needed()
    chart = page.locator('[data-testid="stPlotlyChart"]').last
    bar = chart.locator("g.barlayer .point path")
    expect(bar).to_have_count(1)
    box = bar.bounding_box()
    plot = chart.locator(".nsewdrag").first.bounding_box()
    assert box["width"] >= 0.5 * plot["width"] and box["height"] >= 0.8 * plot["height"], (box, plot)
    screenshot(page, "one-offer-start-month")


@pytest.mark.browser
def test_map_draws_markers_and_a_click_shows_the_offer_card(page, app_url, network, screenshot):
    page.goto(f"{app_url}/map?org=consultancy")
    wait_for_app(page)
    expect(page.get_by_text("4 offres sur 27").first).to_be_visible()
    frame = wait_for_map(page)
    markers = frame.locator("path.leaflet-interactive")
    expect(markers).to_have_count(4)  # Aix-en-Provence, Rennes, Lyon, Paris: far apart, no cluster
    expect(page.get_by_text("Cliquez sur un point de la carte pour voir sa fiche.")).to_be_visible()
    click_on_map(frame, markers.first)
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Cabinet de conseil")
    expect(page.get_by_text("Gratification mensuelle brute")).to_have_count(1)  # one card
    organisations = "|".join(re.escape(name) for name in CONSULTANCIES)
    expect(page.get_by_text(re.compile(rf"^({organisations}) · Cabinet de conseil · Stage$"))).to_be_visible()
    wait_for_app(page)
    assert_png_not_blank(screenshot(page, "map-card"))
    assert any("leaflet.markercluster" in url for url in network.served)
    assert network.unexpected == []


@pytest.mark.browser
def test_a_shared_link_reproduces_the_filtered_view(page, app_url, network):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_label("Rechercher (intitulé, structure)").fill("democratie")
    page.keyboard.press("Enter")
    expect(page.get_by_text("5 offres sur 27").first).to_be_visible()
    wait_for_app(page)
    shared = page.url
    assert "q=democratie" in shared
    other = page.context.new_page()
    other.goto(shared)
    wait_for_app(other)
    expect(other.get_by_text("5 offres sur 27").first).to_be_visible()
    # The filter follows the user to another page.
    other.locator('[data-testid="stSidebar"]').get_by_role("link", name="Carte").click()
    wait_for_app(other)
    expect(other.get_by_role("heading", name="Carte", level=1)).to_be_visible()
    expect(other.get_by_text("5 offres sur 27").first).to_be_visible()


@pytest.mark.browser
def test_compare_link_shows_the_offers_side_by_side(page, app_url, network, screenshot):
    picked = ["nicaya-consultant-concertation-2023", "coopawatt-concertation-enr-2023"]
    page.goto(f"{app_url}/compare?{urllib.parse.urlencode([*[('cmp', i) for i in picked], ('from', 'Lyon')])}")
    wait_for_app(page)
    table = page.locator('[data-testid="stTable"]')
    expect(table).to_be_visible()
    expect(table).to_contain_text("Nicaya Conseil")
    expect(table).to_contain_text("CoopaWatt SCOP")
    expect(page.get_by_text("Distances à vol d'oiseau depuis Lyon.")).to_be_visible()
    no_exception(page)
    assert_png_not_blank(screenshot(page, "compare"))


HOSTILE_TITLE = '<img src=x onerror="window.__xss=1">"><script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def hostile_url(streamlit_server, tmp_path_factory) -> str:
    offers = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    nicaya = offers["offer_id"] == "nicaya-consultant-concertation-2023"
    offers.loc[nicaya, "title"] = HOSTILE_TITLE
    offers.loc[nicaya, "organisation"] = "<b onmouseover=alert(1)>N</b>"
    path = tmp_path_factory.mktemp("hostile") / "offers.csv"
    offers.to_csv(path, index=False)
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(path)})


@pytest.mark.browser
def test_offer_text_with_html_never_runs_on_the_map(page, hostile_url, network):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_url}/map?q=onerror")
    wait_for_app(page)
    frame = wait_for_map(page)
    marker = frame.locator("path.leaflet-interactive")
    expect(marker).to_have_count(1)
    marker.hover()
    click_on_map(frame, marker)
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("<script>window.__xss=2</script>")  # shown as text
    expect(popup.locator("img, script")).to_have_count(0)
    # The card shows the title as text, tags included.
    expect(page.get_by_role("heading", level=3).filter(has_text="onerror")).to_contain_text("<script>")
    assert page.evaluate("window.__xss") is None
    iframe = folium_frame(page).locator("body")
    assert iframe.evaluate("() => window.__xss") is None
    assert dialogs == []
    assert network.unexpected == []
