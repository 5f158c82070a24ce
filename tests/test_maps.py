"""The Folium map of offers, tested as an object (markers, colours, bounds) and as rendered HTML
(escaping), like streamlit-folium's own tests; and reading a click back to offers."""

import html
import json
import re
import shutil
import subprocess

import folium
import pandas as pd
import pytest
from folium.plugins import FastMarkerCluster

from lib import categories as cat
from lib import formatting as fmt
from lib import maps
from lib.i18n import colon, t
from tests.conftest import HEADER, VALID_ROW
from tests.payloads import PAYLOADS, payload_offers_csv

NICAYA = "nicaya-consultant-concertation-2023"
PARIS_11 = ["paris-11-communication-service-civique-2023", "paris-11-designer-service-civique",
            "paris-11-developpement-vie-citoyenne-2023"]
PARIS_11_TOWN_HALL = {"lat": 48.85942, "lng": 2.37874}  # Place Léon Blum, 75011


def markers(fmap: folium.Map) -> list[maps.Marker]:
    """The detailed map's circles (one layer of them), as the layer's rows draw them."""
    layers = [c for c in fmap._children.values() if isinstance(c, FastMarkerCluster)]
    assert len(layers) == 1
    return layers[0].markers


def marker_of(fmap: folium.Map, offers: pd.DataFrame, offer_id: str) -> maps.Marker:
    offer = offers.set_index("offer_id").loc[offer_id]
    wanted = maps.tooltip_text(offer.rename(offer_id))
    found = [m for m in markers(fmap) if m.tooltip == html.escape(wanted)]
    assert len(found) == 1, offer_id
    return found[0]


def drawn_markers(script: str) -> list[dict]:
    """The detailed map's circles as the browser draws them, read back from the page sent to it (the
    rows from their JSON element, the rest from the script): position, style, tooltip and popup HTML
    of each row."""
    decoder = json.JSONDecoder()

    def array_after(start: str) -> list:
        return decoder.raw_decode(script, script.index(start) + len(start))[0]

    styles, tooltips, popups = array_after("var styles = "), array_after("tooltips = "), array_after("popups = ")
    rows = decoder.raw_decode(script, re.search(r'<script type="application/json" id="offer-rows-[0-9a-f]+">',
                                                script).end())[0]
    return [{"lat": lat, "lng": lng, "fill": styles[style][0], "outline": styles[style][1],
             "fill_opacity": styles[style][2], "dashed": styles[style][3] == 1, "tooltip": tooltips[i],
             "popup": popups[i]} for lat, lng, style, i in rows]


def test_one_marker_per_located_offer(prepared_offers):
    fmap = maps.build_offers_map(prepared_offers)
    assert len(markers(fmap)) == int(prepared_offers["located"].sum()) == 27


def test_offers_without_coordinates_are_left_out(prepared_offers):
    offers = prepared_offers.copy()
    offers.loc[offers["offer_id"] == NICAYA, ["latitude", "longitude"]] = pd.NA
    offers["located"] = offers["latitude"].notna() & offers["longitude"].notna()
    fmap = maps.build_offers_map(offers)
    assert len(markers(fmap)) == 26
    assert not any("Nicaya" in m.tooltip for m in markers(fmap))


def test_markers_are_placed_and_coloured_like_the_charts(prepared_offers):
    fmap = maps.build_offers_map(prepared_offers)
    by_id = prepared_offers.set_index("offer_id")
    for offer_id in by_id.index:
        marker = marker_of(fmap, prepared_offers, offer_id)
        colour = cat.ORG_TYPE_COLOURS[by_id.loc[offer_id, "org_type"]]
        assert marker.fill == colour
        assert marker.outline == maps.MARKER_OUTLINE
        assert [marker.latitude, marker.longitude] == [pytest.approx(by_id.loc[offer_id, "latitude"]),
                                                       pytest.approx(by_id.loc[offer_id, "longitude"])]
    nicaya = marker_of(fmap, prepared_offers, NICAYA)
    assert nicaya.fill == cat.ORG_TYPE_COLOURS["consultancy"]  # « NICAYA CONSEIL »
    assert [nicaya.latitude, nicaya.longitude] == [pytest.approx(43.53607), pytest.approx(5.39857)]  # Aix


def test_approximate_places_are_dashed_and_paler(prepared_offers):
    offers = prepared_offers.copy()
    offers.loc[offers["offer_id"] == NICAYA, "approximate_place"] = True
    fmap = maps.build_offers_map(offers)
    approximate = marker_of(fmap, offers, NICAYA)
    exact = marker_of(fmap, offers, "coopawatt-concertation-enr-2023")
    assert approximate.dashed and not exact.dashed
    assert approximate.fill_opacity < exact.fill_opacity
    assert 'dashArray: style[3] === 1 ? "4 3" : null' in fmap.get_root().render()
    assert "(lieu approximatif)" in fmap.get_root().render()


def test_a_place_known_only_by_its_department_is_approximate(make_offers_csv):
    from lib.offers import prepare_offers
    from lib.validation import load_offers

    # A hamlet the gazetteer does not know, with a postcode of no commune: placed at the chef-lieu of
    # the Gironde, Bordeaux, as an approximation.
    data = make_offers_csv([{"offer_id": "somewhere-in-gironde", "city": "Lieu-dit Inconnu", "postcode": "33999"}])
    offers = prepare_offers(load_offers(data).offers, "uploaded")
    assert offers["approximate_place"].tolist() == [True]
    assert offers["department_code"].tolist() == ["33"]
    assert markers(maps.build_offers_map(offers))[0].dashed


def test_map_is_framed_on_the_french_offers(prepared_offers):
    # Rimouski (Québec) is on the map but does not pull the frame across the Atlantic.
    page = maps.build_offers_map(prepared_offers).get_root().render()
    assert "fitBounds" in page
    french = prepared_offers[prepared_offers["country"] == "FR"]
    south = round(float(french["latitude"].min()) - 0.6, 5)  # Aix-en-Provence
    west = round(float(french["longitude"].min()) - 0.6, 5)  # La Montagne (44)
    assert str(south)[:6] in page and str(west)[:6] in page
    assert "-68.5232" in page  # the Rimouski marker itself


def test_map_does_not_trap_page_scrolling(prepared_offers):
    fmap = maps.build_offers_map(prepared_offers)
    assert fmap.options["scrollWheelZoom"] is False
    assert fmap.options["zoom_control"] is True  # the zoom buttons stay


@pytest.mark.parametrize(
    "field, value",
    [("title", "<script>alert('x')</script>"), ("organisation", "<img src=x onerror=alert(1)>"),
     ("title", "Stage <b>gras</b> & « guillemets »")],
)
def test_popups_and_tooltips_escape_html(prepared_offers, field, value):
    offers = prepared_offers[prepared_offers["offer_id"] == NICAYA].copy()
    offers[field] = value
    page = maps.build_offers_map(offers).get_root().render()
    assert value not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    (drawn,) = drawn_markers(page)  # the HTML the browser puts in the tooltip and the popup
    assert html.escape(value) in drawn["tooltip"] and html.escape(value) in drawn["popup"]
    assert value not in drawn["tooltip"] and value not in drawn["popup"]


def test_popup_lists_the_key_conditions(prepared_offers):
    nicaya = next(prepared_offers[prepared_offers["offer_id"] == NICAYA].itertuples(index=False))
    popup = maps.popup_html(nicaya)
    assert "<b>Nicaya Conseil</b>" in popup
    assert "Cabinet de conseil · Stage" in popup
    assert "Gratification\u00a0: 1\u202f300\u00a0€ par mois" in popup  # « 1 300 € brut mensuel »
    assert "Durée\u00a0: 6 mois" in popup
    assert "Début\u00a0: juillet 2023" in popup  # « Début : Juillet ou septembre 2023 »
    assert "Lieu\u00a0: Aix-en-Provence (13)" in popup
    assert "Duration: 6 months" in maps.popup_html(nicaya, "en")


# --- reading a click back -----------------------------------------------------------------------

def test_click_by_tooltip(prepared_offers):
    offer = prepared_offers[prepared_offers["offer_id"] == NICAYA].iloc[0]
    clicked = {"last_object_clicked": {"lat": 43.53607, "lng": 5.39857},
               "last_object_clicked_tooltip": maps.tooltip_text(offer)}
    assert maps.clicked_offer_ids(prepared_offers, clicked) == [NICAYA]


def test_click_by_tooltip_as_the_browser_sends_it_escaped(prepared_offers):
    # The tooltip is HTML-escaped on the map: « Médiation &amp; Environnement — … » comes back.
    clicked = {"last_object_clicked_tooltip": "  Médiation &amp; Environnement — Chargé.e de mission concertation\n"}
    assert maps.clicked_offer_ids(prepared_offers, clicked) == ["mediation-environnement-concertation-2023"]


def test_click_by_tooltip_tells_apart_offers_sharing_a_place(prepared_offers):
    designer = prepared_offers[prepared_offers["offer_id"] == PARIS_11[1]].iloc[0]
    clicked = {"last_object_clicked": PARIS_11_TOWN_HALL, "last_object_clicked_tooltip": maps.tooltip_text(designer)}
    assert maps.clicked_offer_ids(prepared_offers, clicked) == [PARIS_11[1]]


def test_click_by_position_gives_every_offer_at_that_place(prepared_offers):
    # The three offers of the 11th arrondissement's town hall share its coordinates.
    clicked = {"last_object_clicked": PARIS_11_TOWN_HALL, "last_object_clicked_tooltip": None}
    assert sorted(maps.clicked_offer_ids(prepared_offers, clicked)) == PARIS_11


def test_unknown_tooltip_falls_back_to_the_position(prepared_offers):
    clicked = {"last_object_clicked": {"lat": 43.53607, "lng": 5.39857}, "last_object_clicked_tooltip": "???"}
    assert maps.clicked_offer_ids(prepared_offers, clicked) == [NICAYA]


@pytest.mark.parametrize(
    "clicked",
    [None, {}, {"last_object_clicked": None, "last_object_clicked_tooltip": None},
     {"last_object_clicked": {"lat": 0.0, "lng": 0.0}}, {"last_object_clicked": {"lat": 48.8}}],
)
def test_no_offer_behind_an_empty_or_far_click(prepared_offers, clicked):
    assert maps.clicked_offer_ids(prepared_offers, clicked) == []


def test_click_ignores_offers_without_coordinates(prepared_offers):
    offers = prepared_offers.copy()
    offers.loc[offers["offer_id"] == PARIS_11[0], ["latitude", "longitude"]] = pd.NA
    clicked = {"last_object_clicked": PARIS_11_TOWN_HALL}
    assert sorted(maps.clicked_offer_ids(offers, clicked)) == PARIS_11[1:]


# --- readable and usable by everyone (issue 11) -------------------------------------------------

def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_marker_stands_out_from_the_map_by_its_outline(prepared_offers):
    # #56B4E9 and #E69F00 are 2.2:1 against the tiles: an outline of at least 3:1 (WCAG 1.4.11) shows them.
    assert contrast("#56B4E9", maps.MAP_BACKGROUND) < 3 and contrast("#E69F00", maps.MAP_BACKGROUND) < 3
    assert contrast(maps.MARKER_OUTLINE, maps.MAP_BACKGROUND) >= 3
    assert all(marker.outline == maps.MARKER_OUTLINE for marker in markers(maps.build_offers_map(prepared_offers)))
    assert maps.MARKER_WEIGHT >= 2


def test_the_popup_opens_above_the_clicked_circle(prepared_offers):
    # Leaflet's default offset puts the popup's tip where the circle was clicked, over the circle.
    page = maps.build_offers_map(prepared_offers).get_root().render()
    assert f"popupOffset = {json.dumps(maps.POPUP_OFFSET, separators=(',', ':'))}" in page
    assert "offset: popupOffset" in page
    assert 7 - maps.POPUP_OFFSET[1] >= 2 * maps.MARKER_RADIUS + maps.MARKER_WEIGHT


def test_the_grouped_map_clusters_with_supercluster_and_the_detailed_one_with_markercluster(prepared_offers):
    from folium.plugins import MarkerCluster

    detailed = maps.build_offers_map(prepared_offers).get_root().render()
    assert all(url in detailed for _, url in MarkerCluster.default_js) and maps.SUPERCLUSTER_JS not in detailed
    groups = maps.place_groups(prepared_offers[prepared_offers["located"]], "fr")
    grouped = maps.grouped_map(groups, "fr").get_root().render()
    # Supercluster's code, and markercluster's stylesheets only (the clusters look the same on both maps).
    assert maps.SUPERCLUSTER_JS in grouped
    assert not any(url in grouped for _, url in MarkerCluster.default_js)
    assert all(url in grouped for _, url in MarkerCluster.default_css)


@pytest.mark.parametrize(("lang", "offers", "text"), [("fr", 17928, "17\u202f928"), ("en", 17928, "17,928"),
                                                     ("fr", 999, "999"), ("fr", 1000000, "1\u202f000\u202f000")])
def test_a_cluster_writes_its_offers_as_the_dashboard_writes_numbers_and_widens_to_hold_them(lang, offers, text):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (CI has it: GUIDE.md)")
    script = ("globalThis.L = {divIcon: (o) => o, point: (x, y) => [x, y]};"
              f"const icon = ({maps.cluster_icon(lang)});"
              f"process.stdout.write(JSON.stringify([icon({offers}), icon(7)]));")
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    big, small = json.loads(result.stdout)
    assert f"<span>{text}</span>" in big["html"] and text == fmt.number(offers, lang)
    assert small["iconSize"] == [40, 40]  # a short number: markercluster's own disc
    assert big["iconSize"][0] >= small["iconSize"][0] and big["iconSize"][1] == 40
    if len(text) > 3:
        assert big["iconSize"][0] > 40


def test_the_map_page_is_accessible_and_lets_one_finger_scroll(prepared_offers):
    fmap = maps.build_offers_map(prepared_offers, "en")
    page = fmap.get_root().render()
    assert "user-scalable=no" not in page and "maximum-scale" not in page  # axe: meta-viewport
    assert maps.GESTURE_HANDLING_JS in page and '"gestureHandling": true' in page
    assert "Use two fingers to move the map" in page
    assert "window.frameElement.title = title" in page and '["Map of the filtered offers' in page
    assert 'document.createElement("main")' in page and 'document.createElement("h1")' in page
    assert "max-width: min(260px, 44vw)" in page  # tooltips narrower than half the map


# --- hostile texts: the map's script run in Node.js ---------------------------------------------

# Leaflet and jQuery stood in by a proxy that accepts any call and records what would become HTML:
# each tooltip's content and each popup's HTML. Payloads that broke out would call alert() or set a flag.
_LEAFLET_STUB = """
const seen = {tooltips: [], popups: [], alerts: []};
const stub = new Proxy(function () {}, {
    get(target, property) {
        if (property === "bindTooltip" || property === "setContent" || property === "bindPopup") {
            return (content) => {
                const list = property === "bindTooltip" ? seen.tooltips : seen.popups;
                if (typeof content === "string") list.push(content);
                return stub;
            };
        }
        if (property === Symbol.toPrimitive) return () => "";
        return stub;
    },
    apply() { return stub; },
    construct() { return stub; },
});
globalThis.L = stub;
// Supercluster (the grouped map's clusters) stood in by an index that clusters nothing: every circle is
// made, as when zoomed in past maps.SPREAD_ZOOM.
globalThis.Supercluster = function () {
    let points = [];
    this.load = (loaded) => { points = loaded; return this; };
    this.getClusters = () => points;
    this.getClusterExpansionZoom = () => 0;
};
globalThis.$ = (html) => { seen.popups.push(html); return [stub]; };
globalThis.alert = (message) => seen.alerts.push(String(message));
globalThis.top = globalThis;
// The page's own frame script names the iframe and the document: any other property is the stub.
const page = {title: ""};
globalThis.document = new Proxy(page, {get: (target, key) => (key in target ? target[key] : stub)});
globalThis.window = globalThis;
// The page's JSON elements (a map layer's rows) by id, then the map's script.
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
page.getElementById = (id) => (id in input.elements ? {textContent: input.elements[id]} : stub);
eval(input.script);
// After the map's own timers (the grouped map draws its circles once streamlit-folium has bound its clicks).
setTimeout(() => {
    const flags = Object.keys(globalThis).filter((key) => key.startsWith("__xss"));
    process.stdout.write(JSON.stringify({...seen, flags, title: document.title}));
}, 0);
"""


# The only title the map's script may give the page: its own (a payload could set another).
MAP_TITLE = t("map_caption", "fr")


def run_map_script(fmap: folium.Map) -> dict:
    """The map's inline script run in Node.js with Leaflet stubbed: what it would show, and whether
    anything ran. Rendering the page also runs branca's Jinja compilation of every script."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (CI has it: GUIDE.md)")
    page = fmap.get_root().render()
    script = re.findall(r"<script>(.*?)</script>", page, flags=re.S)[-1]
    elements = dict(re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', page, flags=re.S))
    result = subprocess.run([node, "-e", _LEAFLET_STUB], input=json.dumps({"script": script, "elements": elements}),
                            capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def _as_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "\n", markup))


def _payload_offers() -> pd.DataFrame:
    from lib.offers import prepare_offers
    from lib.validation import load_offers

    return prepare_offers(load_offers(payload_offers_csv(HEADER, VALID_ROW)).offers, "uploaded")


@pytest.mark.parametrize("name, text", PAYLOADS, ids=[name for name, _text in PAYLOADS])
def test_hostile_texts_in_tooltips_and_popups_stay_text(name, text):
    # One offer per map: a payload breaking the script as a syntax error would hide the others.
    offers = _payload_offers()
    seen = run_map_script(maps.build_offers_map(offers[offers["title"] == text]))
    assert seen["alerts"] == [] and seen["flags"] == [] and seen["title"] in ("", MAP_TITLE)
    assert [_as_text(tooltip).strip() for tooltip in seen["tooltips"]] == [f"{text} — {text}"]
    (popup,) = seen["popups"]
    lines = [line for line in _as_text(popup).split("\n") if line.strip()]
    assert lines[:2] == [text, text]  # organisation, title
    assert f"Lieu{colon('fr')}{text}" in lines
    assert "<img" not in popup and "<script" not in popup and "<a " not in popup and "<svg" not in popup


@pytest.mark.parametrize("city", ["\\\\`)[0];top.__xss_city=1;alert(1);//", "\\\\`+(top.__xss_city=1)+\\\\`"])
def test_a_city_that_escapes_folium_escape_backticks_stays_text(prepared_offers, city):
    # The popup attack: the place is only in the popup, where folium's escape_backticks skips a
    # backtick after a backslash, so a city of \\` closes the template literal.
    offers = prepared_offers[prepared_offers["offer_id"] == NICAYA].copy()
    offers["place_text"] = city
    seen = run_map_script(maps.build_offers_map(offers))
    assert seen["alerts"] == [] and seen["flags"] == []
    (popup,) = seen["popups"]
    assert f"Lieu{colon('fr')}{city}" in _as_text(popup)


def test_hostile_texts_in_the_compact_map_stay_text(monkeypatch):
    # The compact map (beyond DETAIL_THRESHOLD offers) writes places into JS arrays; a callback builds
    # each circle's tooltip and popup in the browser.
    monkeypatch.setattr(maps, "DETAIL_THRESHOLD", 5)
    offers = _payload_offers()
    assert maps.is_compact(offers)
    seen = run_map_script(maps.build_offers_map(offers))
    assert seen["alerts"] == [] and seen["flags"] == [] and seen["title"] in ("", MAP_TITLE)
    shown = sorted(_as_text(t).strip() for t in seen["tooltips"])
    assert shown == sorted(f"{t} — 1 offre · Association" for _n, t in PAYLOADS)
    assert not any("<img" in popup or "<a " in popup for popup in seen["popups"])


@pytest.mark.parametrize("lang, credit, other, metric_only", [
    ("fr", "les contributeurs d", "contributors", True),
    ("en", " contributors", "contributeurs", False),
])
def test_the_map_s_credit_and_scale_follow_its_language(prepared_offers, lang, credit, other, metric_only):
    # A French map read « © OpenStreetMap contributors » and « 100 mi » under « 100 km ».
    page = maps.build_offers_map(prepared_offers, lang).get_root().render()
    assert credit in page and other not in page
    assert (maps.METRIC_SCALE_CSS in page) is metric_only
