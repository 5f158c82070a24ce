"""The dashboard on a 390 x 844 touch-screen phone, in real Chromium: every page fits the width, the
charts keep a wide plot area and readable labels, a one-finger swipe on the map scrolls the page,
the sidebar closes after a page link, the comparison fits. Full-height screenshots of every page
are left in test-artifacts/screenshots/ (look at them)."""

from __future__ import annotations

import itertools
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    PHONE,
    assert_png_not_blank,
    box,
    folium_frame,
    inside,
    main_scroll,
    overlap,
    scroll_main_to,
    swipe,
    wait_for_app,
    wait_for_map,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "offers.csv"
FOUR = ["nicaya-consultant-concertation-2023", "coopawatt-concertation-enr-2023", "agence-tact-concertation-2023",
        "anct-participation-engagement-citoyen-2022"]
COMPARE_FOUR = "compare?" + urllib.parse.urlencode([*[("cmp", i) for i in FOUR], ("from", "Lyon")])
MIN_PLOT_WIDTH = 230  # px of the 358 a phone leaves a chart (the main chart's plot area was 64 px)


@pytest.fixture(scope="module")
def app_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(DATA)})


def open_page(phone, url: str) -> None:
    phone.goto(url)
    wait_for_app(phone)
    if "/map" in url:
        wait_for_map(phone)


def full_screenshot(phone, screenshot, name: str) -> Path:
    """The whole page at 390 px: the viewport is made as tall as the page (Streamlit scrolls inside
    its main block, so a full-page screenshot would show only the viewport)."""
    height = phone.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    phone.set_viewport_size({"width": PHONE["width"], "height": min(int(height) + 20, 12000)})
    phone.wait_for_timeout(800)  # charts and the map redraw at the new size
    path = screenshot(phone, name)
    phone.set_viewport_size(PHONE)
    phone.wait_for_timeout(300)
    return path


OVERFLOW = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const block = document.querySelector('[data-testid="stMainBlockContainer"]');
    return {document: document.documentElement.scrollWidth, main: main.scrollWidth, block: block.scrollWidth,
            width: window.innerWidth};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("path, name", [("", "overview"), ("map", "map"), (COMPARE_FOUR, "compare"),
                                        ("data", "data"), ("add_offer", "add_offer")])
def test_every_page_fits_a_phone(phone, app_url, network, screenshot, path, name):
    open_page(phone, f"{app_url}/{path}")
    widths = phone.evaluate(OVERFLOW)
    assert widths["width"] == 390
    assert max(widths["document"], widths["main"], widths["block"]) <= 390, widths  # no sideways scrolling
    expect(phone.locator('[data-testid="stException"]')).to_have_count(0)
    assert_png_not_blank(full_screenshot(phone, screenshot, f"{name}-390"))
    assert network.unexpected == []


PLOT_GEOMETRY = """(chart) => {
    const rect = (e) => {
        const r = e.getBoundingClientRect();
        return {x: r.x, y: r.y, width: r.width, height: r.height};
    };
    const plot = chart.querySelector('rect.nsewdrag');
    const legend = chart.querySelector('g.legend');
    const modebar = chart.querySelector('.modebar-container .modebar') || chart.querySelector('.modebar');
    const texts = (selector) => [...chart.querySelectorAll(selector)].map(t => ({...rect(t), text: t.textContent,
        transform: t.getAttribute('transform') || ''}));
    return {chart: rect(chart), plot: rect(plot), legend: legend ? rect(legend) : null,
            modebar: modebar ? rect(modebar) : null, titles: texts('.gtitle'), xtitle: texts('.xtitle')[0] || null,
            xticks: texts('.xtick text'), yticks: texts('.ytick text'), annotations: texts('.annotation')};
}"""


@pytest.mark.browser
def test_overview_charts_are_readable_on_a_phone(phone, app_url, network, screenshot):
    open_page(phone, app_url)
    charts = phone.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')
    expect(charts).to_have_count(4)
    widths = []
    for i in range(4):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        geometry = chart.evaluate(PLOT_GEOMETRY)
        plot = geometry["plot"]
        widths.append(round(plot["width"]))
        # The plot keeps most of the width (the legend beside it left the main chart 64 px).
        assert plot["width"] >= MIN_PLOT_WIDTH, (i, geometry)
        if geometry["legend"]:
            assert geometry["legend"]["y"] >= plot["y"] + plot["height"], (i, "legend below the plot")
        # Titles are the page's headings: none inside the figure for Plotly's toolbar to cover.
        assert all(not (geometry["modebar"] and overlap(t, geometry["modebar"])) for t in geometry["titles"]), i
        # The x-axis title whole, inside the chart (it was cut: « ois) — barre… »).
        if geometry["xtitle"]:
            assert inside(geometry["xtitle"], geometry["chart"]), (i, geometry["xtitle"])
        # No label over the y-axis labels (the legal minimum's ran over them) or over the plot's points.
        for note in geometry["annotations"]:
            assert not any(overlap(note, tick) for tick in geometry["yticks"]), (i, note)
        # Tick labels unrotated, apart, inside the chart (the start months were rotated and cut off).
        ticks = geometry["xticks"]
        assert all("rotate" not in tick["transform"] for tick in ticks), (i, ticks)
        assert all(inside(tick, geometry["chart"], tolerance=2) for tick in ticks), (i, ticks)
        ordered = sorted(ticks, key=lambda tick: tick["x"])
        assert all(a["x"] + a["width"] <= b["x"] + 1 for a, b in itertools.pairwise(ordered)), (i, ticks)
    print(f"plot area widths at 390 px: {widths}")
    # The headings sit above their charts, clear of Plotly's toolbar.
    headings = phone.locator('[data-testid="stMain"] h2')
    expect(headings.first).to_have_text("Gratification mensuelle selon la durée du stage")
    assert_png_not_blank(screenshot(charts.first, "stipend-chart-390"))
    assert network.unexpected == []


MAP_CENTRE = "() => { const c = window.map.getCenter(); return [c.lat.toFixed(5), c.lng.toFixed(5)]; }"


@pytest.mark.browser
def test_a_swipe_on_the_map_scrolls_the_page(phone, app_url, network, screenshot):
    open_page(phone, f"{app_url}/map")
    frame = folium_frame(phone)
    iframe = phone.locator('iframe[src*="streamlit_folium.st_folium"]')

    # Beside the map (the text above it): the reference swipe.
    scroll_main_to(phone, 0)
    title = box(phone.get_by_role("heading", name="Carte", level=1))
    swipe(phone, 200, title["y"] + 20, -250)
    beside = main_scroll(phone)
    assert beside > 100, "a swipe beside the map scrolls the page"

    # On the map, the map filling the middle of the screen: the page scrolls as much, the map stays.
    scroll_main_to(phone, main_scroll(phone) + box(iframe)["y"] - 150)
    start, centre = main_scroll(phone), frame.locator("body").evaluate(MAP_CENTRE)
    on_map = box(iframe)
    assert on_map["y"] < 300 < on_map["y"] + on_map["height"]
    swipe(phone, 200, 400, -250)
    scrolled = main_scroll(phone) - start
    print(f"swipe of 250 px: page scrolled {beside:.0f} px beside the map, {scrolled:.0f} px on it")
    assert scrolled >= 0.6 * beside, (scrolled, beside)
    assert frame.locator("body").evaluate(MAP_CENTRE) == centre, "the map did not pan"

    # Swiping on the map only, the page scrolls past it, down to the end of the page and the list
    # of offers under the map.
    for _ in range(8):
        on_map, before = box(iframe), main_scroll(phone)
        y = min(on_map["y"] + on_map["height"] - 10, 800)
        if y < 100:
            break
        swipe(phone, 200, y, -min(300, y - 40))
        if main_scroll(phone) == before:
            break
    bottom = phone.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                            " return m.scrollHeight - m.clientHeight; }")
    assert main_scroll(phone) >= bottom - 2, "swipes on the map reach the end of the page"
    expect(phone.get_by_label("Ou choisissez une offre de la carte")).to_be_in_viewport()

    # Two fingers still move the map, and leave the page where it is.
    scroll_main_to(phone, main_scroll(phone) + box(iframe)["y"] - 150)
    before, centre = main_scroll(phone), frame.locator("body").evaluate(MAP_CENTRE)
    swipe(phone, 120, 400, -120, fingers=2)
    assert frame.locator("body").evaluate(MAP_CENTRE) != centre, "two fingers pan the map"
    assert abs(main_scroll(phone) - before) < 20
    assert network.unexpected == []


@pytest.mark.browser
def test_a_tapped_marker_shows_its_card_below_the_map(phone, app_url, network, screenshot):
    open_page(phone, f"{app_url}/map?org=consultancy")
    frame = wait_for_map(phone)
    markers = frame.locator("path.leaflet-interactive")
    expect(markers).to_have_count(4)
    frame.locator(".leaflet-container").first.focus()
    markers.first.tap()
    card = phone.get_by_text("Gratification mensuelle brute", exact=False).first
    expect(card).to_be_visible()
    iframe = box(phone.locator('iframe[src*="streamlit_folium.st_folium"]'))
    assert box(card)["y"] > iframe["y"] + iframe["height"], "on a phone the card is below the map"
    expect(phone.get_by_text("à droite")).to_have_count(0)
    assert network.unexpected == []


@pytest.mark.browser
def test_the_sidebar_closes_after_tapping_a_page_link(phone, app_url, network, screenshot):
    open_page(phone, app_url)
    sidebar = phone.locator('[data-testid="stSidebar"]')
    phone.locator('[data-testid="stExpandSidebarButton"]').tap()
    link = sidebar.get_by_role("link", name="Carte", exact=True)
    expect(link).to_be_in_viewport()
    link.tap()
    expect(phone.get_by_role("heading", name="Carte", level=1)).to_be_visible()
    wait_for_app(phone)
    phone.wait_for_timeout(500)  # the sidebar's closing transition
    assert box(sidebar.locator('[data-testid="stSidebarContent"]'))["x"] + 10 <= 0, "the sidebar is closed"
    expect(link).not_to_be_in_viewport()
    assert network.unexpected == []


@pytest.mark.browser
def test_four_offers_compared_fit_a_phone(phone, app_url, network, screenshot):
    open_page(phone, f"{app_url}/{COMPARE_FOUR}")
    table = phone.locator('[data-testid="stTable"] table')
    expect(table).to_be_visible()
    geometry = table.evaluate("""(t) => ({scroll: t.parentElement.scrollWidth, client: t.parentElement.clientWidth,
        right: t.getBoundingClientRect().right,
        clipped: [...t.querySelectorAll('th, td')].filter(c => c.scrollWidth > c.clientWidth + 1)
            .map(c => c.textContent),
        heads: [...t.querySelectorAll('thead th')].map(c => c.getBoundingClientRect().right)})""")
    assert geometry["scroll"] <= geometry["client"] + 1, geometry  # no sideways scrolling in the table
    assert geometry["right"] <= 390 and max(geometry["heads"]) <= 390, geometry  # the four offers on screen
    assert geometry["clipped"] == [], "every cell, row labels included, is shown whole"
    expect(table.locator("tbody th").first).to_have_text("Intitulé")
    # Texts escaped for Markdown read as written.
    expect(table).to_contain_text("Aix-en-Provence (13)")
    assert "\\" not in table.inner_text()
    assert_png_not_blank(screenshot(table, "compare-table-390"))
    assert network.unexpected == []


# Words a table cut in two although they fit their cell's width whole: each word of each cell (a
# hyphen or a slash ends a word: a line may break after it) is a DOM range; a range drawn on two
# lines is a cut word; it is needless when the word, measured in the cell's own font, is no wider
# than the cell's content box.
NEEDLESS_CUTS = """(selector) => {
    const canvas = document.createElement('canvas').getContext('2d');
    const cuts = [];
    for (const cell of document.querySelectorAll(selector)) {
        const style = getComputedStyle(cell);
        const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.textContent.matchAll(/[^\\s\\-\u2010\u2013\\/]+[\\-\u2010\u2013\\/]?/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (tops.size < 2) { continue; }
                canvas.font = getComputedStyle(node.parentElement).font;
                const width = canvas.measureText(match[0]).width;
                if (width <= room) { cuts.push(`${match[0]} (${Math.round(width)} px in ${Math.round(room)})`); }
            }
        }
    }
    return cuts;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 390])
def test_the_data_dictionary_cuts_no_word_that_fits_its_column(browser, phone, page, app_url, network, screenshot,
                                                              width):
    """The data dictionary's columns (« colonne », « type / unité ») were squeezed until words broke
    letter by letter (« colon/ne », « obli/gato/ire »); column names like `approximate_place` stay whole."""
    tab = phone if width == 390 else page
    open_page(tab, f"{app_url}/data")
    table = tab.locator('[data-testid="stMarkdownContainer"] table').first
    table.scroll_into_view_if_needed()
    expect(table).to_contain_text("stipend_amount_eur")
    assert tab.evaluate(NEEDLESS_CUTS, '[data-testid="stMarkdownContainer"] :is(th, td)') == []
    names = table.locator("tbody tr td:first-child code")
    heights = names.evaluate_all("(codes) => codes.map(c => [c.textContent, c.getClientRects().length])")
    assert [name for name, lines in heights if lines != 1] == [], "every column name on one line"
    widths = tab.evaluate(OVERFLOW)
    assert max(widths["document"], widths["main"], widths["block"]) <= widths["width"], widths  # the table scrolls
    screenshot(table, f"data-dictionary-{width}")
    assert network.unexpected == []


@pytest.mark.browser
def test_four_offers_compared_on_a_phone_cut_no_word_that_fits(phone, app_url, network, screenshot):
    open_page(phone, f"{app_url}/{COMPARE_FOUR}")
    expect(phone.locator('[data-testid="stTable"] table')).to_be_visible()
    assert phone.evaluate(NEEDLESS_CUTS, '[data-testid="stTable"] :is(th, td)') == []
    # A word wider than its column (« concertation » in 55 px) breaks with a hyphen where the browser
    # hyphenates French (the page is lang="fr"); this Chromium has no dictionary, so only the rule is checked.
    cell = phone.locator('[data-testid="stTable"] td').first
    assert cell.evaluate("c => getComputedStyle(c).hyphens") == "auto"
    assert phone.evaluate("() => document.documentElement.lang") == "fr"
    assert network.unexpected == []


# A touch screen has no hover: Streamlit shows each table's toolbar (show columns, search, full screen) at
# all times, over the bottom of what comes before the table; it hid « …à ajouter pour la session » and
# « D'où vient chaque offre ».
TOOLBAR_OVERLAPS = """() => {
    const out = [];
    for (const bar of document.querySelectorAll('[data-testid="stElementToolbar"]')) {
        const box = bar.getBoundingClientRect();
        if (!box.width || !box.height) { continue; }
        const container = bar.closest('[data-testid="stElementContainer"]');
        let before = container && container.previousElementSibling;
        while (before && !before.getBoundingClientRect().height) { before = before.previousElementSibling; }
        if (!before) { continue; }
        const walker = document.createTreeWalker(before, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) {
                if (r.bottom > box.top + 1 && r.top < box.bottom - 1 && r.right > box.left && r.left < box.right) {
                    out.push(node.textContent.trim().slice(-40));
                }
            }
        }
    }
    return out;
}"""


@pytest.mark.browser
def test_table_toolbars_cover_no_text_on_a_touch_screen(phone, app_url, network, screenshot):
    open_page(phone, f"{app_url}/data")
    expect(phone.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    expect(phone.locator('[data-testid="stElementToolbar"]').first).to_be_visible()
    phone.wait_for_timeout(500)
    assert phone.evaluate(TOOLBAR_OVERLAPS) == []
    screenshot(phone, "data-toolbars-390")
    assert network.unexpected == []
