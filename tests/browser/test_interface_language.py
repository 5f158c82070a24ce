"""Streamlit's and Plotly's own texts (the uploader's button and size limit, the tables' and charts'
toolbars, the sidebar's buttons, help icons) in the page's language, on screen and for screen readers:
French by default, English after the switch, French again after switching back (lib/i18n.py
STREAMLIT_UI_FRENCH, written by shell/navigation.py's page script)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from lib.i18n import STREAMLIT_UI_FRENCH
from tests.browser.helpers import SIDEBAR, wait_for_app

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "offers.csv"
UPLOADER = '[data-testid="stFileUploaderDropzone"]'
NAMES = """() => { const out = [];
  document.querySelectorAll('[aria-label],[title],[data-title],[placeholder]').forEach(e => {
    for (const a of ['aria-label', 'title', 'data-title', 'placeholder']) {
      if (e.getAttribute(a)) { out.push(e.getAttribute(a)); } } });
  return out; }"""


@pytest.fixture(scope="module")
def app_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(DATA)})


def english_names(page) -> list[str]:
    """The names screen readers and tooltips give that are still Streamlit's or Plotly's English."""
    return [name for name in page.evaluate(NAMES)
            if name in STREAMLIT_UI_FRENCH or name.startswith(("Help for ", "Remove ", "Cancel upload of "))
            or name.endswith((" — start", " — end"))]


def switch_language(page, heading: str) -> None:
    page.locator(SIDEBAR).get_by_text("English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    wait_for_app(page)


@pytest.mark.browser
def test_the_uploader_speaks_the_page_s_language_both_ways(page, app_url, network, screenshot, tmp_path):
    page.goto(f"{app_url}/add_offer")
    wait_for_app(page)
    page.get_by_role("tab", name="Déposer un fichier").click()
    zone = page.locator(UPLOADER).first
    expect(zone.get_by_role("button", name="Choisir un fichier", exact=True)).to_be_visible()
    expect(zone).to_contain_text("200 Mo max. par fichier")
    expect(zone).not_to_contain_text("per file")
    expect(zone.locator("input[type=file]")).to_have_attribute("aria-label", "dépôt de fichier")
    expect(page.get_by_role("button", name="Aide : Fichier de l'offre")).to_have_count(1)
    # A dropped file's chip: its remove button named in French too.
    path = tmp_path / "offre-langue.txt"
    path.write_text("La Ville de Lyon (69001) recrute un·e stagiaire en concertation.\n", encoding="utf-8")
    zone.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_role("button", name="Retirer offre-langue.txt", exact=True)).to_be_visible()
    size = f"{path.stat().st_size},0 o"  # « 68.0B » in Streamlit's English
    expect(page.locator('[data-testid="stFileUploader"]').get_by_text(size, exact=True)).to_be_visible()
    screenshot(page, "uploader-french")
    assert english_names(page) == []
    page.get_by_role("button", name="Retirer offre-langue.txt", exact=True).click()
    expect(zone.get_by_role("button", name="Choisir un fichier", exact=True)).to_be_visible()

    switch_language(page, "Add an offer")
    page.get_by_role("tab", name="Drop a file").click()
    zone = page.locator(UPLOADER).first
    # Streamlit keeps the button's text node across the rerun: it must be written back in English.
    expect(zone.get_by_role("button", name="Upload", exact=True)).to_be_visible()
    expect(zone).to_contain_text("200MB per file")
    expect(zone).not_to_contain_text("Mo max.")
    expect(page.locator('[data-testid="stSidebarCollapseButton"] button')).to_have_attribute(
        "aria-label", "Collapse sidebar")
    screenshot(page, "uploader-english")

    switch_language(page, "Ajouter une offre")
    page.get_by_role("tab", name="Déposer un fichier").click()
    expect(page.locator(UPLOADER).first.get_by_role("button", name="Choisir un fichier", exact=True)).to_be_visible()
    assert network.unexpected == []


@pytest.mark.browser
def test_charts_tables_and_sliders_name_their_tools_in_french(page, app_url, network):
    page.goto(app_url)
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.hover()
    lasso = chart.locator('.modebar-btn[data-title="Sélection au lasso"]')
    expect(lasso).to_have_count(1)
    lasso.hover()  # Plotly's tooltip is its data-title, drawn by CSS
    expect(page.locator('[data-testid="stSidebarCollapseButton"] button')).to_have_attribute(
        "aria-label", "Replier la barre latérale")
    expect(page.locator(SIDEBAR).get_by_role("slider", name="Durée (mois) — début")).to_have_count(1)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    search = table.get_by_role("button", name="Rechercher")
    expect(search).to_have_count(1)
    assert english_names(page) == []
    assert network.unexpected == []


@pytest.fixture(scope="module")
def english_named_offer(streamlit_server, tmp_path_factory) -> tuple[str, str]:
    """The bundled offers, one of them named with Streamlit's own words (« Upload », « Search »)."""
    offers = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    offers.loc[0, ["organisation", "title"]] = ["Upload", "Search"]
    path = tmp_path_factory.mktemp("english-named") / "offers.csv"
    offers.to_csv(path, index=False)
    return (streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(path)}),
            f"cmp={offers.loc[0, 'offer_id']}&cmp={offers.loc[1, 'offer_id']}")


@pytest.mark.browser
def test_an_offer_named_like_streamlit_s_words_stays_as_written(page, english_named_offer, network):
    # Only Streamlit's own parts are translated: an offer called « Upload » is not « Choisir un fichier ».
    url, compared = english_named_offer
    page.goto(f"{url}/compare?{compared}")
    wait_for_app(page)
    table = page.locator('[data-testid="stTable"]')
    expect(table).to_contain_text("Upload")
    expect(table).to_contain_text("Search")
    expect(table).not_to_contain_text("Choisir un fichier")
    expect(table).not_to_contain_text("Rechercher")
    assert network.unexpected == []


@pytest.mark.browser
def test_a_full_comparison_says_why_in_french(page, app_url, network):
    # Four offers compared: the list's refusal was « You can only select up to 4 options… ».
    ids = pd.read_csv(DATA, dtype=str)["offer_id"].head(4)
    page.goto(f"{app_url}/compare?" + "&".join(f"cmp={i}" for i in ids))
    wait_for_app(page)
    page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').first.locator("input").click()
    expect(page.get_by_text("Vous pouvez choisir au plus 4 options : retirez-en une d'abord.")).to_be_visible()
    expect(page.get_by_text("You can only select up to")).to_have_count(0)
    assert english_names(page) == []


@pytest.mark.browser
def test_typing_in_a_list_keeps_what_contains_the_text_and_speaks_french(page, app_url, network, screenshot):
    # « Mérignac » typed in the compare list offered « Select 2 matches » first, and Enter added La Rochelle
    # Université's « … Médiation … » with it (letters in order count as a match).
    page.goto(f"{app_url}/compare")
    wait_for_app(page)
    box = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').first
    box.locator("input").first.click()
    page.keyboard.type("Mérignac")
    options = page.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Mérignac")
    page.keyboard.press("Enter")
    expect(box.locator("[data-tag]")).to_have_count(1)
    expect(box).to_contain_text("Mérignac")
    expect(box).not_to_contain_text("Rochelle")
    # A sidebar filter keeps its bulk choice, in French: « Sélectionner les N résultats ».
    regions = page.locator(SIDEBAR).locator(".st-key-region")
    regions.locator("input").first.click()
    page.keyboard.type("Alpes")  # Auvergne-Rhône-Alpes, Provence-Alpes-Côte d'Azur
    expect(page.get_by_role("option").first).to_have_text(re.compile(r"^Sélectionner les \d+ résultats$"))
    expect(page.get_by_text(re.compile("^Select .* matches$"))).to_have_count(0)
    screenshot(page, "typed-in-lists")
    assert network.unexpected == []
