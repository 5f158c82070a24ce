"""Hostile texts in real Chromium: every text that comes from the data file, an uploaded file (its cells, its
header, its name), a shared URL or a paste stays text on every page, in the map's iframe and in Plotly's SVG.

Each offer of the data file holds one payload of tests/payloads.py in every free-text column. After the pages
have been used the way people use them (hovering and clicking every circle of the map, hovering every point
of every chart, opening the sidebar's lists, following the app's own links after an upload), each test
asserts that:
- no dialog opened, and no payload set a flag (``__xss…`` on the page or the map's iframe, ``document.title``);
- no element carries a payload's URL or an inline event handler, no Markdown image, link, icon, formula,
  strike-through or table came out of a text, and Plotly's SVG holds no link;
- the browser attempted no request outside 127.0.0.1 (every one is aborted and recorded by the router);
- the texts read exactly as written (tooltips, popups, card, chart ticks, messages).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import click_on_map, wait_for_app, wait_for_map, wait_for_upload
from tests.conftest import HEADER, VALID_ROW
from tests.payloads import FLAG_PREFIX, PAYLOADS, PWNED_TITLE, payload_offers_csv

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [text for _name, text in PAYLOADS]
# A file name has no slash: its URLs use a backslash, which browsers read as one (https:\evil.example\f.png).
HOSTILE_FILE_NAME = "![x](https:\\evil.example\\f.png) [Postuler](https:\\evil.example\\p) :red[x] $y$.csv"
HOSTILE_COLUMN = "![x](https://evil.example/h.png)"
WORD_JOINER = "\u2060"  # invisible; lib/escaping.py puts it inside texts Streamlit would rewrite (:smile:, ->)
# Pages of 18 to 36 hostile offers, every circle and point used, the DOM walked after each: generous on a busy
# machine (the first load of the overview, Plotly included, took over 30 s under a load of 16 on 2 cores).
TIMEOUT_MS = 120_000

# Everything a payload could have left in a document, as a list of short descriptions (empty when clean).
PROBE = r"""() => {
    const found = [];
    const flags = Object.keys(window).filter((key) => key.startsWith('FLAG_PREFIX'));
    if (flags.length) found.push('flags: ' + flags.join(','));
    if (document.title === 'PWNED_TITLE') found.push('document.title changed');
    // Attributes that fetch or navigate (a text in a label, a title or a same-origin query string is inert).
    const urls = new Set(['src', 'srcset', 'href', 'xlink:href', 'action', 'formaction', 'poster', 'data',
                          'background']);
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            let outside = false;
            if (urls.has(attribute.name)) {
                try { outside = /evil/i.test(new URL(attribute.value, location.href).hostname); } catch (e) {}
            }
            const styled = attribute.name === 'style' && /url\(|evil/i.test(attribute.value);
            if (outside || styled || attribute.name.startsWith('on')) {
                found.push('<' + element.tagName.toLowerCase() + ' ' + attribute.name + '="'
                           + attribute.value.slice(0, 80) + '">');
            }
        }
    }
    const markdown = '[data-testid="stMarkdownContainer"] ';
    const made = ['img', 'a', '[role="img"]', '.katex', 'del', 'svg'].map((s) => markdown + s);
    for (const element of document.querySelectorAll(made.join(', ') + ', svg a, img[alt="x"]')) {
        if (element.closest('[data-testid="stHeaderActionElements"]')) continue;  // a heading's own anchor link
        found.push('made: <' + element.tagName.toLowerCase() + '> ' + element.outerHTML.slice(0, 100));
    }
    for (const element of document.querySelectorAll('.leaflet-tooltip img, .leaflet-popup-content img, '
                                                     + '.leaflet-tooltip a, .leaflet-popup-content a, svg')) {
        if (element.closest('.leaflet-tooltip, .leaflet-popup-content')) found.push('map: <' + element.tagName + '>');
    }
    return found;
}""".replace("FLAG_PREFIX", FLAG_PREFIX).replace("PWNED_TITLE", PWNED_TITLE)


def visible(text: str) -> str:
    """A rendered text as a reader sees it: invisible joiners out, spaces collapsed."""
    return re.sub(r"\s+", " ", text.replace(WORD_JOINER, "")).strip()


def as_rendered(text: str) -> re.Pattern:
    """The whole text, give or take invisible joiners."""
    return re.compile("^" + f"{WORD_JOINER}?".join(re.escape(c) for c in text) + "$")


@pytest.fixture(scope="module")
def payload_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("payloads")
    bundled = folder / "offers.csv"
    bundled.write_bytes(payload_offers_csv(HEADER, VALID_ROW))
    # The same offers, ids, texts and places, from consultancies (the map is filtered on them), with one more
    # column named like an image: an upload whose ids are all taken.
    uploaded = folder / "uploaded.csv"
    uploaded.write_bytes(payload_offers_csv([*HEADER, HOSTILE_COLUMN],
                                            {**VALID_ROW, "org_type": "consultancy", HOSTILE_COLUMN: TEXTS[0]}))
    unreadable = folder / "unreadable.csv"
    unreadable.write_text(",".join([*HEADER, HOSTILE_COLUMN, HOSTILE_COLUMN]) + "\n", encoding="utf-8")
    return {"bundled": bundled, "uploaded": uploaded, "unreadable": unreadable}


@pytest.fixture(scope="module")
def app_url(streamlit_server, payload_files) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(payload_files["bundled"])})


@pytest.fixture
def check(page: Page, network) -> Callable[[], None]:
    """check(): nothing ran, nothing was made of a text, nothing was asked of the outside world, so far."""
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)  # the page fixture sets it back for the next test

    def assert_inert() -> None:
        found = page.evaluate(PROBE)
        for frame in page.frames:
            if frame is not page.main_frame and not frame.is_detached():
                found += [f"frame {frame.name or frame.url[:40]}: {item}" for item in frame.evaluate(PROBE)]
        assert dialogs == []
        assert found == [], "\n".join(found)
        assert network.blocked == [], "the browser tried to reach the outside world"
        assert network.unexpected == []

    return assert_inert


def go_to(page: Page, link: str, title: str | None = None) -> None:
    """Follow the sidebar's link to a page: the same session, as a user does (a page.goto would start a new one)."""
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=title or link, level=1)).to_be_visible()
    wait_for_app(page, TIMEOUT_MS)


def use_the_map(page: Page, texts: list[str], check) -> None:
    """Hover and click every circle, one per text: each tooltip, popup and card reads its payload as
    written, and ``check()`` finds nothing while each is shown."""
    frame = wait_for_map(page, timeout=TIMEOUT_MS)
    markers = frame.locator("path.leaflet-interactive")
    expect(markers).to_have_count(len(texts))
    check()  # what ran as the map loaded
    seen = set()
    for i in range(len(texts)):
        marker = markers.nth(i)
        marker.hover()
        tooltip = frame.locator(".leaflet-tooltip").last
        expect(tooltip).to_be_visible()
        shown = visible(tooltip.inner_text())
        assert shown in {f"{text} — {text}" for text in texts}, shown
        text = shown.split(" — ")[0]
        seen.add(text)
        click_on_map(frame, marker)
        popup = frame.locator(".leaflet-popup-content").last
        expect(popup).to_contain_text(text)
        card = page.locator('[data-testid="stColumn"]').nth(1)  # beside the map
        heading = card.get_by_role("heading", level=3)
        expect(heading).to_have_text(as_rendered(text))
        wait_for_app(page, TIMEOUT_MS)
        assert visible(card.inner_text()).count(text) >= 3  # organisation and place too
        check()
        frame.locator(".leaflet-popup-close-button").last.click()  # it would cover the next circle
        expect(frame.locator(".leaflet-popup")).to_have_count(0)
    assert seen == set(texts)


def use_the_charts(page: Page, check) -> None:
    """Hover every point and bar, ``check()`` finding nothing in each hover label; the region chart's ticks
    read the regions as written."""
    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts.first.locator(".main-svg").first).to_be_visible()
    ticks = charts.nth(2).locator(".yaxislayer-above .ytick text")
    expect(ticks.first).to_be_visible()
    check()  # the charts as drawn
    # Long regions wrap over lines (their text joins without the spaces): compared without spaces.
    def letters(text: str) -> str:
        return "".join(text.split())

    assert {letters(visible(t)) for t in ticks.all_text_contents()} >= {letters(text) for text in TEXTS}
    hovered = 0
    for chart, points in ((0, "g.scatterlayer .point"), (1, "g.boxlayer .point"), (2, "g.barlayer .point")):
        for point in charts.nth(chart).locator(points).all():
            point.hover(force=True)
            hovered += 1
            check()
    assert hovered >= 3 * len(TEXTS) // 2


def open_sidebar_lists(page: Page, check) -> None:
    """The region list shows the regions as written (its options are drawn only when it is open, and only
    those in view)."""
    region = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Région")
    # At the top of the sidebar's view, so its list opens below with room for several options (the
    # sidebar above it grew: « Ma sélection », « Offres encore ouvertes »).
    region.evaluate("element => element.scrollIntoView({block: 'start'})")
    region.locator("input").click()
    options = page.get_by_role("option")
    expect(options.nth(5)).to_be_visible()
    regions = {visible(o) for o in options.all_inner_texts()} - {"Select all", "Tout sélectionner"}
    assert len(regions) >= 5 and regions <= set(TEXTS), regions
    check()
    page.keyboard.press("Escape")


def assert_city_not_found(page: Page, check, city: str) -> None:
    """The compare page's « Ville introuvable » warning quotes the city as written, beside the comparison."""
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_be_visible()
    expect(page.locator('[data-testid="stTable"]')).to_be_visible()
    check()
    assert f"« {city} »" in visible(warning.inner_text())


@pytest.mark.browser
def test_data_file_texts_stay_text_on_every_page(page, app_url, check):
    page.goto(f"{app_url}/map")
    wait_for_app(page, TIMEOUT_MS)
    use_the_map(page, TEXTS, check)
    go_to(page, "Vue d'ensemble", "Stages en participation citoyenne")
    use_the_charts(page, check)
    open_sidebar_lists(page, check)
    go_to(page, "Données")
    check()


@pytest.mark.browser
@pytest.mark.parametrize("flag", range(1, 8))
def test_each_script_payload_alone_stays_inert_on_the_map(page, app_url, check, flag):
    # Alone on the map (the search keeps its offer only): a payload that breaks the map's script for all
    # the others, as a syntax error, cannot hide one that would run.
    texts = [text for text in TEXTS if f"{FLAG_PREFIX}{flag}=" in text]
    assert len(texts) == 1
    page.goto(f"{app_url}/map?q={FLAG_PREFIX}{flag}%3D")
    wait_for_app(page, TIMEOUT_MS)
    use_the_map(page, texts, check)


@pytest.mark.browser
def test_uploaded_file_its_name_and_header_stay_text_in_the_same_session(page, app_url, payload_files, check):
    page.goto(f"{app_url}/data")
    wait_for_app(page, TIMEOUT_MS)
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    # A file whose header repeats a column named like an image: refused, its header named in the message.
    uploader.set_input_files({"name": HOSTILE_FILE_NAME, "mimeType": "text/csv",
                              "buffer": payload_files["unreadable"].read_bytes()})
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("deux fois")
    check()
    assert HOSTILE_COLUMN in visible(error.inner_text())
    page.get_by_role("button", name="Retirer le fichier ajouté").click()
    expect(error).to_have_count(0)
    wait_for_app(page, TIMEOUT_MS)
    # The same payloads, every id already taken: renamed, and the file's name in the message.
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    uploader.set_input_files({"name": HOSTILE_FILE_NAME, "mimeType": "text/csv",
                              "buffer": payload_files["uploaded"].read_bytes()})
    success = page.locator('[data-testid="stAlertContentSuccess"]')
    expect(success).to_be_visible()
    wait_for_app(page, TIMEOUT_MS)
    check()
    assert HOSTILE_FILE_NAME in visible(success.inner_text())
    go_to(page, "Carte")
    renamed = page.locator('[data-testid="stAlertContentInfo"]').filter(has_text="payload-01 → payload-01-import")
    expect(renamed).to_be_visible()
    # The uploaded offers only: the bundled ones sit at the same places.
    org_types = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Type de structure")
    org_types.locator("input").click()
    page.get_by_role("option", name="Cabinet de conseil").click()
    page.keyboard.press("Escape")
    expect(page.get_by_text(f"{len(TEXTS)} offres sur {2 * len(TEXTS)}").first).to_be_visible()
    wait_for_app(page, TIMEOUT_MS)
    use_the_map(page, TEXTS, check)
    check()
    go_to(page, "Vue d'ensemble", "Stages en participation citoyenne")
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Réinitialiser les filtres").click()
    expect(page.get_by_text(f"{2 * len(TEXTS)} offres sur {2 * len(TEXTS)}").first).to_be_visible()
    wait_for_app(page, TIMEOUT_MS)
    use_the_charts(page, check)
    open_sidebar_lists(page, check)
    check()
    go_to(page, "Comparer")
    picker = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Offres à comparer")
    for _ in range(2):
        picker.locator("input").click()
        page.get_by_role("option").first.click()
        page.keyboard.press("Escape")
        wait_for_app(page, TIMEOUT_MS)
    city = page.get_by_role("textbox", name="Distance depuis la ville…")
    city.fill(TEXTS[10] + " " + TEXTS[11])
    city.press("Enter")
    assert_city_not_found(page, check, TEXTS[10] + " " + TEXTS[11])


@pytest.mark.browser
@pytest.mark.parametrize("city", [
    "![x](https://evil.example/f.png) [Postuler ici](https://evil.example/phish)",
    "<img src=x onerror=\"top.__xss9=1;alert(9)\"> :red[rouge] $x$ `+(top.__xss10=1)+`",
])
def test_a_crafted_compare_link_shows_its_city_as_text(page, app_url, check, city):
    query = urllib.parse.urlencode([("cmp", "payload-01"), ("cmp", "payload-11"), ("from", city)])
    page.goto(f"{app_url}/compare?{query}")
    wait_for_app(page, TIMEOUT_MS)
    assert_city_not_found(page, check, city)


@pytest.mark.browser
def test_a_hostile_paste_and_file_stay_text_on_the_add_offer_page(page, app_url, check):
    posting = (f"{TEXTS[10]} (Lyon – 69003) – {TEXTS[0]} {TEXTS[11]}\n\n"
               f"Missions : {TEXTS[6]} {TEXTS[3]} {TEXTS[13]} {TEXTS[14]}\n"
               "Gratification : 700 € par mois. Durée : 6 mois. Début : mars 2024.\n")
    page.goto(f"{app_url}/add_offer")
    wait_for_app(page, TIMEOUT_MS)
    page.get_by_label("Texte de l'offre (ou des offres)").fill(posting)
    page.get_by_role("button", name="Lire les offres").click()
    expect(page.get_by_role("heading", name="Propositions")).to_be_visible()
    wait_for_app(page, TIMEOUT_MS)
    check()
    expect(page.get_by_role("textbox", name="Intitulé", exact=True)).to_have_value(re.compile(re.escape(TEXTS[0])))
    page.get_by_role("button", name="Vérifier la ligne").click()
    wait_for_app(page, TIMEOUT_MS)
    check()
    # The same posting as a file whose name holds Markdown: quoted in « Propositions lues dans … ».
    page.get_by_role("tab", name="Déposer un fichier").click()
    name = "![x](https:\\evil.example\\d.png) [lien](https:\\evil.example\\l) :red[x] $y$.txt"
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": posting.encode()})
    wait_for_upload(page, name)
    wait_for_app(page, TIMEOUT_MS)
    page.get_by_role("button", name="Lire les offres").click()
    found = page.get_by_text(re.compile("^Propositions lues dans"))
    expect(found).not_to_contain_text("texte collé")
    wait_for_app(page, TIMEOUT_MS)
    check()
    assert f"« {name} »" in visible(found.inner_text())
