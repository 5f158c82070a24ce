"""A first visitor's round trips in real Chromium (issue 11): the data page's download uploaded back in the same
session, following the app's own links (``page.goto`` would start a new session); English from end to end with
``<html lang>``; an empty selection on every page; amounts on the sliders written « 1 300 € »."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import SIDEBAR, wait_for_app, wait_for_map

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "offers.csv"
FIRST_RUN_MS = 120_000  # a cold server imports pandas, plotly, folium and reads the data: slow on a busy machine


@pytest.fixture(scope="module")
def app_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(DATA)})


def no_exception(page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def follow(page, link: str) -> None:
    """A click on one of the sidebar's page links: the same session, as a user moves."""
    page.locator(SIDEBAR).get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(".+"))
    wait_for_app(page)


def download(page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger les offres filtrées (CSV)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def upload(page, path: Path) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))


@pytest.mark.browser
def test_download_then_upload_the_same_file_in_one_session(page, app_url, network, tmp_path, screenshot):
    page.goto(f"{app_url}/data?org=scop")
    wait_for_app(page, timeout=FIRST_RUN_MS)
    expect(page.get_by_text("2 offres sur 27").first).to_be_visible()
    path = download(page, tmp_path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfoffer_id,")
    upload(page, path)
    expect(page.get_by_text("2 offres du fichier sont déjà dans le tableau de bord", exact=False)).to_be_visible()
    wait_for_app(page)
    no_exception(page)
    report = page.locator('[data-testid="stDataFrame"]').filter(has=page.get_by_text("gravité"))
    expect(page.get_by_text("Rapport de validation", exact=True)).to_be_visible()
    expect(page.get_by_text("2 offres sur 27").first).to_be_visible()  # not counted twice
    screenshot(page, "data-after-upload")
    for link in ("Vue d'ensemble", "Carte", "Comparer", "Données"):
        follow(page, link)
        no_exception(page)
        expect(page.get_by_text("2 offres sur 27").first).to_be_visible()
    page.get_by_role("button", name="Retirer le fichier ajouté").click()
    expect(page.get_by_text("déjà dans le tableau de bord", exact=False)).to_have_count(0)
    no_exception(page)
    assert report is not None
    assert network.unexpected == []


@pytest.mark.browser
def test_an_edited_download_counts_in_the_run_that_adds_it(page, app_url, network, tmp_path):
    page.goto(f"{app_url}/data?org=scop")
    wait_for_app(page, timeout=FIRST_RUN_MS)
    path = download(page, tmp_path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows[0]["title"] = "Stage modifié dans le tableur"
    rows[1]["stipend_amount_eur"] = "abc"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    edited = tmp_path / "edited.csv"
    edited.write_text(out.getvalue(), encoding="utf-8")
    upload(page, edited)
    # The sidebar and the page count the added offer at once, not one click later.
    expect(page.get_by_text("3 offres sur 28").first).to_be_visible()
    expect(page.locator(SIDEBAR).get_by_text("3 offres sur 28")).to_be_visible()
    expect(page.get_by_text("1 offre de « edited.csv » ajoutée pour cette session.")).to_be_visible()
    expect(page.get_by_text("1 ligne rejetée : voir le rapport ci-dessous.")).to_be_visible()
    no_exception(page)
    follow(page, "Vue d'ensemble")
    no_exception(page)
    expect(page.get_by_text("(dont 1 de votre fichier)").first).to_be_visible()
    assert network.unexpected == []


FRENCH_MARKERS = re.compile(r"\b(offres?|Gratification|Non précisée?|Étranger|Début|Légende|Filtres)\b| :")


@pytest.mark.browser
def test_english_from_end_to_end(page, app_url, network, screenshot):
    page.goto(app_url)
    wait_for_app(page, timeout=FIRST_RUN_MS)
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.locator(SIDEBAR).get_by_text("English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Internships in citizen participation")
    wait_for_app(page)
    page.wait_for_function("document.documentElement.lang === 'en'")
    expect(page.get_by_text("27 of 27 offers match the filters").first).to_be_visible()
    expect(page.locator(SIDEBAR).get_by_text("€1,300").first).to_be_visible()  # the stipend slider's top
    for link, heading in (("Map", "Map"), ("Compare", "Compare"), ("Data", "Data"), ("Overview",
                                                                                    "Internships in citizen "
                                                                                    "participation")):
        follow(page, link)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        no_exception(page)
        assert page.evaluate("document.documentElement.lang") == "en"
        # The page's own texts (offers' titles and organisations aside) are English.
        texts = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]').all_inner_texts()
        texts += page.locator(f'{SIDEBAR} label').all_inner_texts()
        own = [t for t in texts if "data dictionary" not in t.lower() and "Data dictionary" not in t]
        french = [t for t in own if FRENCH_MARKERS.search(t)]
        assert french == [], (link, french)
        if link == "Map":  # the screenshot shows the map drawn, its markers on it
            frame = wait_for_map(page)
            expect(frame.locator("path.leaflet-interactive").first).to_be_visible()
        screenshot(page, f"english-{link.lower()}")
    assert network.unexpected == []


@pytest.mark.browser
def test_french_sliders_write_amounts_like_babel(page, app_url, network):
    page.goto(app_url)
    wait_for_app(page, timeout=FIRST_RUN_MS)
    sidebar = page.locator(SIDEBAR)
    expect(sidebar.get_by_text("1\u202f300\u00a0€").first).to_be_visible()  # not « 1300 € »
    expect(sidebar.get_by_text("janv. 2022").first.or_(sidebar.get_by_text("janvier 2022").first)).to_be_visible()


@pytest.mark.browser
def test_an_empty_selection_on_every_page(page, app_url, network, screenshot):
    page.goto(f"{app_url}/?q=zzzz-introuvable")
    wait_for_app(page, timeout=FIRST_RUN_MS)
    expect(page.get_by_text("0 offre sur 27 correspond aux filtres").first).to_be_visible()
    expect(page.get_by_text("Aucune offre ne correspond aux filtres", exact=False)).to_be_visible()
    for link in ("Carte", "Comparer", "Données"):
        follow(page, link)
        no_exception(page)
        expect(page.get_by_text("0 offre sur 27").first).to_be_visible()
        screenshot(page, f"empty-{link}")
    expect(page.get_by_role("button", name="Télécharger les offres filtrées (CSV)")).to_be_disabled()
    assert network.unexpected == []


@pytest.mark.browser
def test_a_rejected_row_s_reason_reads_whole_on_a_phone(phone, app_url, network, tmp_path, screenshot):
    # The report's « problème » column was off screen, then cut (« valeur in… »): the first problems are
    # also written out whole under the table.
    rows = list(csv.DictReader(io.StringIO(DATA.read_text(encoding="utf-8"))))
    rows[0]["org_type"], rows[1]["stipend_amount_eur"] = "fondation", "mille"
    rows[1]["stipend_basis"] = "explicit"
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows[:3])
    path = tmp_path / "deux-erreurs.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    phone.goto(f"{app_url}/data")
    wait_for_app(phone, timeout=FIRST_RUN_MS)
    upload(phone, path)
    expect(phone.get_by_text("Rapport de validation", exact=True)).to_be_visible()
    written = phone.get_by_text(re.compile(r"^Ligne 2, .*org_type.* : valeur inconnue ; valeurs permises : "
                                           r"local_authority, .* \(valeur : « fondation »\)$"))
    expect(written).to_be_visible()
    written.scroll_into_view_if_needed()
    box = written.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # whole on the screen, no sideways scrolling
    expect(phone.get_by_text(re.compile(r"^Ligne 3, .*stipend_amount_eur.*« mille »"))).to_be_visible()
    screenshot(phone, "report-written-out-390")
    assert network.unexpected == []
