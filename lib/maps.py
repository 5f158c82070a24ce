"""The Folium map of offers: one circle per offer, coloured like the charts, clustered.

Every text of the map is inert (lib/escaping.py). The circles are drawn in the browser
(``FastMarkerCluster``) from arrays written as JSON (``js_json``: no ``<``, ``&`` or brace reaches
the page, so neither the HTML parser nor branca's Jinja compilation sees them); tooltips and popups
are HTML whose every value was escaped in Python (``detailed_markers``). Offers come from uploaded
files: a title can hold ``<script>``, a backtick or ``{{ … }}``.

Beyond ``DETAIL_THRESHOLD`` located offers, one circle stands for the offers of one place and one
organisation type (and closed or not), their texts escaped for HTML in the browser. What is sent to
the browser then grows with the number of places, not of offers, and the circles are clustered by
Supercluster rather than Leaflet.markercluster (``_PlaceClusters``): only those in view become markers.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import folium
import numpy as np
import pandas as pd
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import FastMarkerCluster
from folium.template import Template as FoliumTemplate
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps

from lib import categories as cat
from lib import deadlines
from lib import formatting as fmt
from lib.escaping import html_text, js_json
from lib.i18n import colon, t
from lib.map_groups import closed_offers, french_and_overseas
from lib.offers import localised

FRANCE_BOUNDS = [[41.3, -5.2], [51.1, 9.6]]
TILES_URL = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
# In the map's language. « contributors » in a span of its own: a narrow map leaves it out (MAP_CSS),
# « © OpenStreetMap © CARTO » then fits beside the scale.
TILES_ATTRIBUTION = {
    "fr": '&copy; <span class="attribution-long">les contributeurs d\'</span>OpenStreetMap &copy; CARTO',
    "en": '&copy; OpenStreetMap<span class="attribution-long"> contributors</span> &copy; CARTO',
}
# A French map's scale in kilometres only (Leaflet adds miles under them).
METRIC_SCALE_CSS = "<style>.leaflet-control-scale-line + .leaflet-control-scale-line { display: none; }</style>"
DETAIL_THRESHOLD = 1000  # located offers; beyond, one circle per place and type (1,000 detailed: ~1.5 MB, ~0.9 s)
PICKED_ZOOM = 12  # an offer picked from the list under the map: its town and the streets around
MARKER_RADIUS = 9  # at most 10 px: Leaflet then reports a click at the marker's own position
MARKER_WEIGHT = 2
# Every circle is outlined in this dark grey: two of the palette's colours (#56B4E9, #E69F00) are under
# 3:1 against the map's light tiles, and the outline (13:1 against MAP_BACKGROUND) keeps them visible.
MARKER_OUTLINE = "#1F2933"
# A closed offer (deadline passed) is greyed: a pale fill and a mid-grey outline (4.8:1 against
# MAP_BACKGROUND), still clickable; its colour still tells its organisation type.
CLOSED_OUTLINE = "#6B7280"
CLOSED_FILL_OPACITY = 0.2
MAP_BACKGROUND = "#FAFAF8"  # CARTO "light_all" land, the lightest colour a marker stands on
# A popup opens where the circle was clicked; raised by the circle's diameter, its tip stays above
# the circle wherever the click landed (Leaflet's default offset, 7 px down, puts the tip at the click).
POPUP_OFFSET = [0, 7 - (2 * MARKER_RADIUS + MARKER_WEIGHT + 2)]
POPUP_MAX_WIDTH = 320
# Leaflet.GestureHandling: on a touch screen one finger scrolls the page and two fingers move the map
# (a full-width map otherwise traps a phone's scrolling); on a computer, Ctrl + wheel zooms.
GESTURE_HANDLING_JS = ("https://cdn.jsdelivr.net/npm/leaflet-gesture-handling@1.2.2/dist/"
                       "leaflet-gesture-handling.min.js")
GESTURE_HANDLING_CSS = ("https://cdn.jsdelivr.net/npm/leaflet-gesture-handling@1.2.2/dist/"
                        "leaflet-gesture-handling.min.css")
# Tooltips wrap and stay narrower than half the map: Leaflet opens them towards the map's middle, so
# they stay inside it, also on a phone.
# A popup (the offer's card) is its content plus 46 px of margins, padding and border: its content is kept
# 70 px narrower than the map (100vw: the iframe's width), so that on a 358 px phone map the card and its ×
# stay whole on the map, long words broken rather than widening it (POPUP_MAX_WIDTH is a fixed 320 px).
# On a narrow map the attribution (bottom right) ran over the scale (bottom left): there it loses Leaflet's
# prefix and « contributors », never grows into the scale's 110 px, and the scale keeps its metric line.
# There the zoom buttons (top left) also covered an open card's first letters: they hide while a card is
# open (pinching still zooms) and come back when it closes.
MAP_CSS = """<style>
.leaflet-tooltip { white-space: normal; width: max-content; max-width: min(260px, 44vw); }
.leaflet-container:focus-visible { outline: 3px solid #0072B2; outline-offset: -3px; }
.leaflet-popup-content { max-width: calc(100vw - 70px); overflow-wrap: anywhere; }
@media (max-width: 480px) {
  .leaflet-control-attribution > a[href="https://leafletjs.com"],
  .leaflet-control-attribution > a[href="https://leafletjs.com"] + span,
  .leaflet-control-attribution .attribution-long,
  .leaflet-control-scale-line + .leaflet-control-scale-line { display: none; }
  .leaflet-control-attribution { max-width: calc(100vw - 125px); font-size: 11px; }
  .leaflet-container:has(.leaflet-popup) .leaflet-control-zoom { display: none; }
}
</style>"""
# px: circles nearer than this on screen are gathered in one cluster (the detailed map's markercluster)
CLUSTER_OPTIONS = {"maxClusterRadius": 35, "spiderfyOnMaxZoom": True}
# px, the grouped map's: its clusters hold up to tens of thousands of offers, their numbers widen them
GROUPED_CLUSTER_RADIUS = 60
SPREAD_ZOOM = 17  # from this zoom the grouped map's circles are no longer clustered; those of one place are spread
SUPERCLUSTER_JS = "https://cdn.jsdelivr.net/npm/supercluster@8.0.1/dist/supercluster.min.js"
_COMPACT_COLUMNS = ["latitude", "longitude", "org_type", "approximate_place", "place_text", "country",
                    "department_code", deadlines.STATUS_COLUMN]
NO_PLACE = "—"  # a grouped circle none of whose offers has a place text
# What a click on the compact map needs to find its offers (``clicked_group_offer_ids``).
CLICK_COLUMNS = ["latitude", "longitude", "org_type", "approximate_place", deadlines.STATUS_COLUMN, "offer_id"]
# What the detailed map's tooltips and popups, the clicks and the map page's list read besides (``columns_read``).
_DETAILED_COLUMNS = ["located", "offer_id", "organisation", "title", "contract", "duration_min_months",
                     "duration_max_months", "start_earliest", "application_deadline", deadlines.DAYS_LEFT_COLUMN]


def columns_read(lang: str, compact: bool = False) -> list[str]:
    """The columns the map, its clicks and the map page read, in ``lang``: at 100,000 offers, copying
    the kept rows of every column took a tenth of a second, of these about a third. The compact map
    (``compact``) reads fewer: its circles only, in ``lang``; the texts and identifiers of thousands
    of offers are not copied (at a million offers, 0.3 s a run), those a click needs only when a
    click asks (``CLICK_COLUMNS``)."""
    if compact:
        return [*_compact_columns(lang), "located"]
    return [*_compact_columns(lang), *_DETAILED_COLUMNS, localised("stipend_text", lang)]


def _compact_columns(lang: str) -> list[str]:
    return [localised(c, lang) if c == "place_text" else c for c in _COMPACT_COLUMNS]


def compact_for(located_count: int) -> bool:
    """Whether a map of ``located_count`` located offers groups them by place."""
    return located_count > DETAIL_THRESHOLD


def tooltip_text(offer: pd.Series | object) -> str:
    """The plain text shown on hover, also what a click sends back to identify the offer
    (``clicked_offer_ids`` builds the same text for all offers at once)."""
    organisation = getattr(offer, "organisation", None)
    title = getattr(offer, "title", None)
    return f"{organisation} — {title}"


def is_closed(offer) -> bool:
    """Whether the offer's deadline has passed (lib.deadlines' status column; unknown: not closed)."""
    return getattr(offer, deadlines.STATUS_COLUMN, None) == deadlines.CLOSED


def popup_html(offer, lang: str = "fr") -> str:
    """Key conditions of an offer, every value escaped."""
    esc = html_text
    lines = [
        f"<b>{esc(offer.organisation)}</b>",
        f"{esc(offer.title)}",
        f"{esc(cat.label(cat.ORG_TYPES, offer.org_type, lang))} · "
        f"{esc(cat.label(cat.CONTRACTS, offer.contract, lang))}",
        f"{esc(t('stipend', lang))}{colon(lang)}{esc(getattr(offer, localised('stipend_text', lang)))}",
        f"{esc(t('duration', lang))}{colon(lang)}"
        f"{esc(fmt.months_range(offer.duration_min_months, offer.duration_max_months, lang))}",
        f"{esc(t('start', lang))}{colon(lang)}{esc(fmt.month(offer.start_earliest, lang))}",
        f"{esc(t('place', lang))}{colon(lang)}{esc(getattr(offer, localised('place_text', lang)))}"
        + (f" <i>({esc(t('approximate', lang))})</i>" if offer.approximate_place else ""),
    ]
    if hasattr(offer, deadlines.STATUS_COLUMN):
        lines.append(f"{esc(t('status', lang))}{colon(lang)}" + esc(deadlines.status_text(
            getattr(offer, deadlines.STATUS_COLUMN), getattr(offer, deadlines.DAYS_LEFT_COLUMN, None),
            offer.application_deadline, lang)))
    return "<div style='font-family:sans-serif;font-size:13px;min-width:220px'>" + "<br>".join(lines) + "</div>"


def is_compact(offers: pd.DataFrame) -> bool:
    """Whether the map of these offers groups them by place (too many for one circle each)."""
    return compact_for(int(offers["located"].sum()))


def build_offers_map(offers: pd.DataFrame, lang: str = "fr", tiles_url: str = TILES_URL) -> folium.Map:
    """A map of the located offers, framed on the French ones: one circle per offer, or beyond
    ``DETAIL_THRESHOLD`` one per place (``grouped_map``)."""
    mask = offers["located"].to_numpy(dtype=bool)
    # Rows are copied only when some offers are not located (the map page copies the located ones only).
    located = offers if mask.all() else offers[mask]
    if compact_for(int(mask.sum())):
        # The grouped map reads few columns: taking only those spares a copy of every text at scale.
        return grouped_map(place_groups(located[[c for c in _compact_columns(lang) if c in located.columns]], lang),
                           lang, tiles_url)
    fmap = _base_map(lang, tiles_url)
    detailed_layer(located, lang).add_to(fmap)
    _frame(fmap, located, *french_and_overseas(located))
    return fmap


def grouped_map(groups: pd.DataFrame, lang: str = "fr", tiles_url: str = TILES_URL) -> folium.Map:
    """The map of many offers drawn from their circles (``place_groups``, or ``lib.map_groups``'s
    ``kept_groups`` counted from codes), framed on the French ones."""
    fmap = _base_map(lang, tiles_url)
    compact_layer(groups, lang).add_to(fmap)
    _frame(fmap, groups, groups["french"].to_numpy(dtype=bool), groups["overseas"].to_numpy(dtype=bool))
    return fmap


def _base_map(lang: str, tiles_url: str) -> folium.Map:
    fmap = _OffersMap(
        location=[46.6, 2.4],
        zoom_start=6,
        tiles=None,
        scrollWheelZoom=False,  # a full-width map must not trap page scrolling on phones
        control_scale=True,
        gesture_handling=True,
        gesture_handling_options={"duration": 1500, "text": {
            "touch": t("map_gesture_touch", lang), "scroll": t("map_gesture_scroll", lang),
            "scrollMac": t("map_gesture_scroll_mac", lang)}},
    )
    _GestureHandling().add_to(fmap)
    _FrameAccessibility(t("map_caption", lang), lang).add_to(fmap)
    fmap.get_root().header.add_child(_RawScript(MAP_CSS), name="offers_map_css")
    if lang != "en":
        fmap.get_root().header.add_child(_RawScript(METRIC_SCALE_CSS), name="offers_map_metric")
    folium.TileLayer(tiles=tiles_url, attr=TILES_ATTRIBUTION["en" if lang == "en" else "fr"], name="CARTO",
                     max_zoom=19).add_to(fmap)
    return fmap


def _frame(fmap: folium.Map, drawn: pd.DataFrame, french: np.ndarray, overseas: np.ndarray) -> None:
    """Frame the map on the French circles of ``drawn`` (offers or places), on metropolitan France when
    it has some: an overseas one would zoom out to the world. Masks, not copies of the offers: 100,000
    of them took 40 ms to copy twice."""
    metropolitan = french & ~overseas
    framed = metropolitan if metropolitan.any() else french
    if framed.any():
        latitudes, longitudes = drawn["latitude"][framed], drawn["longitude"][framed]
        south, west = float(latitudes.min()), float(longitudes.min())
        north, east = float(latitudes.max()), float(longitudes.max())
        pad = 0.6
        fmap.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]])
    else:
        fmap.fit_bounds(FRANCE_BOUNDS)


@dataclass(frozen=True)
class Marker:
    """One offer's circle on the detailed map, as the browser draws it."""

    latitude: float
    longitude: float
    fill: str  # the organisation type's colour
    outline: str
    fill_opacity: float
    dashed: bool  # placed approximately (its department's seat)
    tooltip: str  # HTML: the escaped « organisation — title »
    popup: str  # HTML, every value escaped (popup_html)


def detailed_markers(located: pd.DataFrame, lang: str = "fr") -> list[Marker]:
    """One circle per located offer: colour of its organisation type, greyed when closed, dashed
    when placed approximately, with its tooltip and popup."""
    markers = []
    for offer in located.itertuples(index=False):
        closed = is_closed(offer)
        approximate = bool(offer.approximate_place)
        markers.append(Marker(
            latitude=float(offer.latitude), longitude=float(offer.longitude),
            fill=cat.ORG_TYPE_COLOURS.get(offer.org_type, "#777777"),
            outline=CLOSED_OUTLINE if closed else MARKER_OUTLINE,
            fill_opacity=CLOSED_FILL_OPACITY if closed else 0.45 if approximate else 0.9,
            dashed=approximate, tooltip=html_text(tooltip_text(offer)), popup=popup_html(offer, lang)))
    return markers


def detailed_layer(located: pd.DataFrame, lang: str = "fr") -> FastMarkerCluster:
    """The detailed map's circles (``detailed_markers``), drawn in the browser from arrays: as folium
    markers, three Jinja templates each (circle, tooltip, popup), 1,000 offers took 1.7 s to render
    on the server at every click (benchmarks/results.md)."""
    markers = detailed_markers(located, lang)
    keys = [(m.fill, m.outline, m.fill_opacity, int(m.dashed)) for m in markers]
    styles = list(dict.fromkeys(keys))
    index = {style: i for i, style in enumerate(styles)}
    tooltips = [m.tooltip for m in markers]
    popups = [m.popup for m in markers]
    callback = _DETAILED_CALLBACK % {"styles": js_json([list(style) for style in styles]),
                                     "tooltips": js_json(tooltips), "popups": js_json(popups),
                                     "radius": MARKER_RADIUS, "weight": MARKER_WEIGHT,
                                     "offset": js_json(POPUP_OFFSET), "max_width": POPUP_MAX_WIDTH}
    layer = _CompactCluster([], callback=callback, name="offres",
                            icon_create_function=_MARKERCLUSTER_ICON % {"icon": cluster_icon(lang)},
                            **CLUSTER_OPTIONS)
    layer.data = [[round(m.latitude, 6), round(m.longitude, 6), index[key], i]
                  for i, (m, key) in enumerate(zip(markers, keys, strict=True))]
    layer.markers = markers  # what the rows draw, for the page and the tests to read back
    return layer


def place_groups(located: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """One row per place, organisation type and closed or not, in order of first appearance: latitude,
    longitude, org_type, approximate, closed, offers (how many), place (the first offer's place text, in
    ``lang``), and french and overseas (where the place is, for the map's frame). A place with open and
    closed offers of a type gets two circles, the closed one greyed."""
    keys = ["latitude", "longitude", "org_type", "approximate_place", "closed"]
    place = localised("place_text", lang)
    french, overseas = french_and_overseas(located)
    frame = located[[*keys[:-1], place]].astype({"latitude": float, "longitude": float}).assign(
        closed=closed_offers(located), french=french, overseas=overseas)
    groups = frame.groupby(keys, sort=False, dropna=False).agg(
        offers=(place, "size"), place=(place, "first"), french=("french", "first"), overseas=("overseas", "first"))
    return groups.reset_index().rename(columns={"approximate_place": "approximate"})


def compact_layer(groups: pd.DataFrame, lang: str = "fr") -> FastMarkerCluster:
    """The offers grouped by place, type and status (``place_groups``), as rows [lat, lon, type,
    approximate, offers, place, closed] that a JavaScript callback turns into coloured circles in the
    browser."""
    types = list(cat.ORG_TYPE_COLOURS)
    # Each place numbered in order of first appearance, as the list of places is written.
    # A circle none of whose offers has a place text says « — » (the script would write « NaN »).
    place_index, places = pd.factorize(groups["place"].fillna(NO_PLACE))
    # Each type's place in the legend, an unknown or missing one last (strings or categoricals alike).
    type_index = pd.Categorical(groups["org_type"], categories=types).codes.astype(np.int64)
    type_index[type_index < 0] = len(types)
    rows = NumberRows.of_arrays(groups["latitude"].to_numpy(dtype=float).round(5),
                                groups["longitude"].to_numpy(dtype=float).round(5), type_index,
                                groups["approximate"].to_numpy(dtype=np.int64),
                                groups["offers"].to_numpy(dtype=np.int64), place_index.astype(np.int64),
                                groups["closed"].to_numpy(dtype=np.int64))
    legend = [[cat.ORG_TYPE_COLOURS[code], _type_label(code, lang)] for code in types]
    legend.append(["#777777", _type_label(None, lang)])
    words = _group_words(lang)
    callback = _COMPACT_CALLBACK % {"types": js_json(legend), "places": js_json(places.tolist()),
                                    "words": js_json(words), "radius": MARKER_RADIUS, "weight": MARKER_WEIGHT,
                                    "outline": js_json([MARKER_OUTLINE, CLOSED_OUTLINE]),
                                    "closed_opacity": CLOSED_FILL_OPACITY, "offset": js_json(POPUP_OFFSET)}
    layer = _PlaceClusters([], callback=callback, name="offres")
    layer.icon = cluster_icon(lang)
    layer.data = rows  # already valid numbers: folium's per-row check is skipped
    return layer


def _type_label(org_type: object, lang: str) -> str:
    return cat.label(cat.ORG_TYPES, org_type, lang) if org_type in cat.ORG_TYPE_COLOURS else "—"


def _group_words(lang: str) -> list[str]:
    return [t("offer_one", lang), t("offer_many", lang), t("approximate", lang), t("map_click_hint", lang),
            t("map_group_closed", lang)]


def group_tooltip(group, lang: str = "fr") -> str:
    """A grouped circle's tooltip as the browser shows it (``_COMPACT_CALLBACK`` writes it there from the
    same words): « Marseille (13) — 12 offres · Association (approximatif) · candidatures closes »."""
    one, many, approximate, _hint, closed = _group_words(lang)
    place = group.place if isinstance(group.place, str) else NO_PLACE
    return (f"{place} — {int(group.offers)} {many if group.offers > 1 else one} · {_type_label(group.org_type, lang)}"
            + (f" ({approximate})" if group.approximate else "") + (f" · {closed}" if group.closed else ""))


def dismantle(fmap: folium.Map) -> None:
    """Break every reference between a drawn map's parts, once it is sent. Each part names its parent
    and each parent its children: cycles that only Python's full garbage collection frees. A server
    runs that collection seldom (at a million offers it took 0.14–0.22 s when asked for), so every
    filter change left its map, with its circles' numbers as Python lists, in memory: about 40 MB per
    change at a million offers (benchmarks/results.md). Cleared, the parts are freed at once."""
    parts: dict[int, Element] = {}
    waiting: list[Element] = [fmap]
    while waiting:
        part = waiting.pop()
        if id(part) in parts:
            continue
        parts[id(part)] = part
        for value in vars(part).values():
            held = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) \
                else (value,)
            waiting += [item for item in held if isinstance(item, Element)]
    for part in parts.values():
        vars(part).clear()


def clicked_circles(groups: pd.DataFrame, clicked: dict | None, lang: str = "fr") -> pd.DataFrame | None:
    """The grouped map's circle a user clicked (``groups``: the circles drawn), or None when the click
    names no circle (no tooltip: found by position instead). The circle is known by its tooltip, and
    by the clicked position when several circles have that text. Circles of one place are spread
    apart when clicked (Leaflet.markercluster's « spiderfy »), and the click then reports a position
    beside the circle's own: found by position alone, such a click showed no offer. Of several
    circles with the tooltip's text, the nearest to the click is taken.

    streamlit-folium returns the last click at every rerun that draws the same map (a card's buttons,
    after a click): writing the tooltip of each of 280,000 circles (a million offers) took a second at
    each of them. Only the ``NEAREST_CIRCLES`` nearest the click are read first; the nearest circle with the
    tooltip's text is among them whenever any is, so all are read only when none of them matches."""
    point = (clicked or {}).get("last_object_clicked") or {}
    tooltip = (clicked or {}).get("last_object_clicked_tooltip")
    if not tooltip:
        return None
    text = str(tooltip).strip()
    texts = {text, html.unescape(text)}
    located = "lat" in point and "lng" in point
    candidates = groups
    if located and len(groups) > NEAREST_CIRCLES:
        distance = _squared_distance(groups, point).to_numpy()
        candidates = groups.iloc[np.sort(np.argpartition(distance, NEAREST_CIRCLES)[:NEAREST_CIRCLES])]
    named = _with_tooltip(candidates, texts, lang)
    if named.empty and candidates is not groups:
        named = _with_tooltip(groups, texts, lang)
    if located and len(named) > 1:
        distance = _squared_distance(named, point)
        named = named[distance.to_numpy() == distance.min()]
    return named


NEAREST_CIRCLES = 256  # circles whose tooltips are written first to find the one clicked


def _squared_distance(groups: pd.DataFrame, point: dict) -> pd.Series:
    return (groups["latitude"].astype(float) - point["lat"]) ** 2 + (groups["longitude"].astype(float)
                                                                    - point["lng"]) ** 2


def _with_tooltip(groups: pd.DataFrame, texts: set[str], lang: str) -> pd.DataFrame:
    return groups[[group_tooltip(group, lang) in texts for group in groups.itertuples(index=False)]]


def clicked_group_offer_ids(offers: pd.DataFrame, groups: pd.DataFrame, clicked: dict | None,
                            lang: str = "fr") -> list[str]:
    """Offers behind the grouped map's circle a user clicked (``offers``: ``CLICK_COLUMNS`` of the
    located offers drawn, ``groups``: the circles drawn; the circle: ``clicked_circles``)."""
    if not clicked:
        return []
    named = clicked_circles(groups, clicked, lang)
    if named is None or named.empty:
        return clicked_offer_ids(offers, clicked)
    closed = closed_offers(offers)
    latitudes, longitudes = offers["latitude"].astype(float), offers["longitude"].astype(float)
    found = np.zeros(len(offers), dtype=bool)
    for group in named.itertuples(index=False):
        found |= ((latitudes - group.latitude).abs().lt(1e-4) & (longitudes - group.longitude).abs().lt(1e-4)
                  & offers["org_type"].eq(group.org_type) & offers["approximate_place"].eq(bool(group.approximate))
                  ).to_numpy(dtype=bool, na_value=False) & (closed == bool(group.closed))
    return offers.loc[found, "offer_id"].tolist()


class NumberRows(Sequence):
    """Rows of numbers kept as their columns (lists of floats and ints), written as the JSON array of
    rows folium writes (``tojson``: ``[[46.2, 5.2, 0, 0, 3, 17, 0], …]``). A list of 40,000 row lists
    made the interpreter's garbage collector run through every object of the server: a few tenths
    of a second at some filter changes (benchmarks/results.md)."""

    def __init__(self, *columns: list) -> None:
        self._columns: tuple[list, ...] | None = columns
        self._plain = False  # every value known to be a finite int or float
        self._arrays: tuple[np.ndarray, ...] | None = None  # the numpy columns, when made from them

    @classmethod
    def of_arrays(cls, *arrays: np.ndarray) -> NumberRows:
        """The rows of numpy columns, checked at once here rather than value by value when written
        (at a million offers, 280,000 circles: 0.1 s). Their lists are made only if asked for: writing
        the rows reads the arrays."""
        rows = cls()
        rows._columns, rows._arrays = None, arrays
        rows._plain = all(array.dtype.kind in "iu" or (array.dtype.kind == "f" and np.isfinite(array).all())
                          for array in arrays)
        return rows

    @property
    def columns(self) -> tuple[list, ...]:
        """The columns as lists of Python numbers."""
        if self._columns is None:
            self._columns = tuple(array.tolist() for array in self._arrays or ())
        return self._columns

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return [column[index] for column in self.columns]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def json(self) -> str:
        """The rows as ``json.dumps`` writes them (what folium's ``tojson`` gives), without building them."""
        # A float's and an int's repr are what json.dumps writes for them.
        if self._plain and self._arrays is not None:
            row = "[" + ", ".join(["{}"] * len(self._arrays)) + "]"  # each float already its repr
            return "[" + ", ".join(map(row.format, *map(_written, self._arrays))) + "]"
        if not self._plain and not all(set(map(type, column)) <= {int, float} and all(map(math.isfinite, column))
                                       for column in self.columns):
            return htmlsafe_json_dumps(list(self), sort_keys=True)  # NaN, a bool: json's own words for them
        row = "[" + ", ".join(["{!r}"] * len(self.columns)) + "]"
        return "[" + ", ".join(map(row.format, *self.columns)) + "]"


def _written(array: np.ndarray) -> list:
    """A column's values, each float as its repr, written once per distinct value: circles share their
    places' positions (a million offers: 280,000 circles at about 35,000 places), and writing every
    float took most of the rows' 0.3 s. Distinct by their bits, so that -0.0 stays « -0.0 »."""
    if array.dtype.kind != "f":
        return array.tolist()
    bits, positions = np.unique(np.ascontiguousarray(array, dtype=np.float64).view(np.int64), return_inverse=True)
    texts = np.array(list(map(repr, bits.view(np.float64).tolist())), dtype=object)
    return texts[positions].tolist()


class _OffersMap(folium.Map):
    """folium.Map without its ``maximum-scale=1, user-scalable=no`` viewport tag: it forbids zooming
    the text (axe's meta-viewport rule); streamlit-folium's page has an accessible one of its own."""

    def render(self, **kwargs) -> None:
        super().render(**kwargs)
        header = self.get_root().header
        name = self.get_name()
        if name in header._children:
            text = header._children[name].render()
            header.add_child(_RawScript(_VIEWPORT_TAG.sub("", text)), name=name)


_VIEWPORT_TAG = re.compile(r'<meta name="viewport"[^>]*>', re.S)


class _GestureHandling(JSCSSMixin):
    """Loads Leaflet.GestureHandling, which the map's ``gestureHandling`` option turns on."""

    _template = Template("")
    default_js: ClassVar = [("leaflet_gesture_handling", GESTURE_HANDLING_JS)]
    default_css: ClassVar = [("leaflet_gesture_handling_css", GESTURE_HANDLING_CSS)]


class _FrameAccessibility(MacroElement):
    """Run inside the map's iframe: names the iframe after the map (Streamlit names every component
    iframe "streamlit_folium.st_folium"), declares the page's language, and puts the map in a
    <main> landmark under a heading, so that screen readers can find and name it."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, title: str, lang: str):
        super().__init__()
        self._name = "FrameAccessibility"
        self.code = _FRAME_SCRIPT % {"title": js_json([title]), "lang": js_json([lang])}

    def render(self, **kwargs) -> None:
        # Added as it is: branca would compile the script as a Jinja template.
        self.get_root().script.add_child(_RawScript(self.code), name=self.get_name())


_FRAME_SCRIPT = """(function () {
    var title = %(title)s[0], lang = %(lang)s[0];
    document.documentElement.lang = lang;
    document.title = title;
    try { if (window.frameElement) { window.frameElement.title = title; } } catch (e) {}
    if (document.querySelector("main")) { return; }
    var main = document.createElement("main"), heading = document.createElement("h1");
    heading.textContent = title;
    heading.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;"
        + "clip:rect(0 0 0 0);white-space:nowrap";
    main.appendChild(heading);
    var body = document.body, children = Array.prototype.slice.call(body.childNodes);
    body.insertBefore(main, body.firstChild);
    children.forEach(function (node) {
        if (node.nodeName !== "SCRIPT" && node.nodeName !== "NOSCRIPT") { main.appendChild(node); }
    });
})();"""


class _RawScript(Element):
    """A script added to the page as it is (branca would compile it as a Jinja template)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _CompactCluster(FastMarkerCluster):
    """FastMarkerCluster whose script, megabytes of data at scale, joins the page without being
    compiled as a Jinja template: that took most of the map's rendering time. Its rows may be
    ``NumberRows``, written without being built.

    The rows (numbers only) go in the page's body as a JSON script element, which the map's script
    reads, and not in the map's script: streamlit-folium passes that script through ``dedent``, a
    regular expression and a hash, a quarter of a second for the 11 MB of a million offers
    (benchmarks/results.md). The element is named by the rows' digest, so that other rows make
    another script: streamlit-folium draws a new map only when the script changes."""

    # FastMarkerCluster's own template (folium 0.20), its rows written by ``data_json``.
    _template = FoliumTemplate("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                {{ this.callback }}

                var data = JSON.parse(document.getElementById("{{ this.rows_id() }}").textContent);
                var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
                {%- if this.icon_create_function is not none %}
                cluster.options.iconCreateFunction =
                    {{ this.icon_create_function.strip() }};
                {%- endif %}

                for (var i = 0; i < data.length; i++) {
                    var row = data[i];
                    var marker = callback(row);
                    marker.addTo(cluster);
                }

                cluster.addTo({{ this._parent.get_name() }});
                return cluster;
            })();
        {% endmacro %}""")

    _written: tuple[object, str] | None = None

    def data_json(self) -> str:
        """The rows as folium's ``tojson`` writes them, written once: st_folium renders the map twice
        (the page, then each element's script), megabytes each time at scale."""
        if self._written is None or self._written[0] is not self.data:
            text = self.data.json() if isinstance(self.data, NumberRows) else htmlsafe_json_dumps(self.data,
                                                                                                  sort_keys=True)
            self._written = (self.data, text)
        return self._written[1]

    _named: tuple[str, str] | None = None

    def rows_id(self) -> str:
        """The rows' element, named by their digest (once per rows: the script and the element both ask):
        not by the layer's name, which streamlit-folium renames in the script (``fast_marker_cluster_…``
        becomes ``fast_marker_cluster_div_3``)."""
        text = self.data_json()
        if self._named is None or self._named[0] is not text:
            self._named = (text, "offer-rows-" + hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest())
        return self._named[1]

    def render(self, **kwargs) -> None:
        # JSCSSMixin.render and MacroElement.render, with _RawScript in place of Element.
        figure = self.get_root()
        # Numbers, or JSON whose « < », « > » and « & » are escaped: nothing in it can close the element.
        figure.html.add_child(_RawScript(f'<script type="application/json" id="{self.rows_id()}">'
                                         f"{self.data_json()}</script>"), name=f"{self.get_name()}_rows")
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        figure.script.add_child(_RawScript(self._template.module.script(self, kwargs)), name=self.get_name())


class _PlaceClusters(_CompactCluster):
    """The grouped map's circles, clustered in the browser by Supercluster (a k-d tree per zoom) instead
    of Leaflet.markercluster. Markercluster makes a Leaflet marker of every circle and files each into a
    grid at every zoom level before the map shows anything: at 100,000 offers (45,983 circles) that took
    1.8 s of the browser's time and 1.2 s of garbage collection after every filter change
    (benchmarks/results.md). Here the rows are indexed once, and only the clusters and circles in view
    are made into markers, again after each move; a circle is made once and kept, so that its popup stays
    open while the map pans to show it.

    The clusters look and behave like markercluster's (its stylesheet, the offers they hold, a click
    zooms in until they part); circles at one place, which no zoom parts, are spread around it beyond
    ``SPREAD_ZOOM``, like markercluster's « spiderfy ». Clicks on circles reach streamlit-folium
    through the circles' group; clicks on clusters do not (they only zoom), as with markercluster."""

    _template = FoliumTemplate("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                {{ this.callback }}
                var map = {{ this._parent.get_name() }};
                var data = JSON.parse(document.getElementById("{{ this.rows_id() }}").textContent);
                {{ this.clusters_script() }}
                return offerClusters(map, data, callback, {{ this.cluster_options() }});
            })();
        {% endmacro %}""")

    default_js: ClassVar = [("supercluster", SUPERCLUSTER_JS)]
    icon = "null"  # cluster_icon(lang)

    def cluster_options(self) -> str:
        """The options of ``_CLUSTERS_SCRIPT``: numbers, and the clusters' drawing (``cluster_icon``); the
        rows' column 4 is how many offers."""
        return (f"{{radius: {int(GROUPED_CLUSTER_RADIUS)}, spreadZoom: {int(SPREAD_ZOOM)}, count: 4, "
                f"icon: {self.icon}}}")

    @staticmethod
    def clusters_script() -> str:
        """Part of the layer's own script: streamlit-folium sends each layer's script, not the page's."""
        return _CLUSTERS_SCRIPT


# Draws ``data``'s rows (made into circles by ``callback``) clustered by Supercluster: the clusters and
# circles in view (and half a view around), redrawn after each move, keeping those still in view. A row's
# ``options.count`` column holds how many offers its circle stands for. Numbers only reach the HTML.
_CLUSTERS_SCRIPT = """function offerClusters(map, data, callback, options) {
    var points = new Array(data.length);
    for (var i = 0; i < data.length; i++) {
        points[i] = {type: "Feature", properties: {i: i, offers: data[i][options.count]},
                     geometry: {type: "Point", coordinates: [data[i][1], data[i][0]]}};
    }
    var index = new Supercluster({radius: options.radius, extent: 256, maxZoom: options.spreadZoom - 1,
        map: function (p) { return {offers: p.offers}; }, reduce: function (a, b) { a.offers += b.offers; }});
    index.load(points);
    var circles = L.featureGroup().addTo(map), clusters = L.layerGroup().addTo(map);
    var made = {}, drawn = {};
    function circle(i) {
        if (!made[i]) { made[i] = callback(data[i]); }
        return made[i];
    }
    function clusterMarker(feature) {
        var id = feature.properties.cluster_id;
        var position = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
        var marker = L.marker(position, {icon: options.icon(feature.properties.offers)});
        marker.on("click", function () {  // (Enter on a focused cluster too)
            var zoomIn = function () {
                map.setView(position, Math.min(index.getClusterExpansionZoom(id), options.spreadZoom));
            };
            // Leaflet ignores a new view while it animates a zoom (the map's first fit, just after it shows).
            if (map._animatingZoom) { map.once("zoomend", zoomIn); } else { zoomIn(); }
        });
        return marker;
    }
    function draw() {
        var zoom = Math.round(map.getZoom()), view = map.getBounds().pad(0.5), wanted = {}, spread = {};
        var found = index.getClusters([view.getWest(), view.getSouth(), view.getEast(), view.getNorth()],
                                      Math.min(zoom, options.spreadZoom));
        found.forEach(function (feature) {
            var c = feature.geometry.coordinates, key;
            if (feature.properties.cluster) {
                key = "c" + feature.properties.cluster_id;
                wanted[key] = drawn[key] || {layer: clusterMarker(feature), group: clusters};
            } else {
                key = c[1] + "," + c[0];
                (spread[key] = spread[key] || []).push(feature.properties.i);
            }
        });
        Object.keys(spread).forEach(function (place) {
            var rows = spread[place];
            rows.forEach(function (i, k) {
                var marker = circle(i), key = rows.length > 1 ? "p" + i + "@" + zoom + "/" + rows.length : "p" + i;
                if (!drawn[key]) {
                    var centre = L.latLng(data[i][0], data[i][1]), at = centre;
                    if (rows.length > 1) {  // circles of one place, around it (and a leg to it)
                        var middle = map.project(centre, zoom), angle = 2 * Math.PI * k / rows.length;
                        var reach = Math.max(25, 6 * rows.length);
                        at = map.unproject(middle.add(L.point(reach * Math.cos(angle), reach * Math.sin(angle))), zoom);
                    }
                    marker.setLatLng(at);
                }
                wanted[key] = drawn[key] || {layer: marker, group: circles};
                if (rows.length > 1) {
                    wanted["l" + key] = drawn["l" + key] || {layer: L.polyline(
                        [L.latLng(data[i][0], data[i][1]), marker.getLatLng()],
                        {color: "#222", weight: 1.5, opacity: 0.5, interactive: false}), group: clusters};
                }
            });
        });
        Object.keys(drawn).forEach(function (key) {
            var was = drawn[key];
            if (!wanted[key] || wanted[key].layer !== was.layer) { was.group.removeLayer(was.layer); }
        });
        Object.keys(wanted).forEach(function (key) {
            var now = wanted[key];
            if (!drawn[key] || drawn[key].layer !== now.layer) { now.group.addLayer(now.layer); }
        });
        drawn = wanted;
    }
    map.on("moveend", draw);
    // After streamlit-folium has bound its click to the layers on the map: a cluster's click only zooms.
    setTimeout(draw, 0);
    return circles;
}"""


# Each row: [lat, lon, type index, approximate (0/1), number of offers, place index, closed (0/1)]. Every text
# shown comes from the arrays below and is escaped before it becomes HTML.
_COMPACT_CALLBACK = """(function () {
    var types = %(types)s, places = %(places)s, words = %(words)s, outlines = %(outline)s;
    var popupOffset = %(offset)s;
    function esc(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
        });
    }
    return function (row) {
        var type = types[row[2]], approximate = row[3] === 1, count = row[4], closed = row[6] === 1;
        var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {
            radius: %(radius)d, color: outlines[closed ? 1 : 0], weight: %(weight)d, fill: true, fillColor: type[0],
            fillOpacity: closed ? %(closed_opacity)s : approximate ? 0.45 : 0.9,
            dashArray: approximate ? "4 3" : null
        });
        var text = esc(places[row[5]]) + " — " + count + " " + esc(count > 1 ? words[1] : words[0])
            + " · " + esc(type[1]) + (approximate ? " (" + esc(words[2]) + ")" : "")
            + (closed ? " · " + esc(words[4]) : "");
        marker.bindTooltip(text);
        marker.bindPopup("<div style='font-family:sans-serif;font-size:13px;min-width:200px'>" + text
            + "<br><i>" + esc(words[3]) + "</i></div>", {offset: popupOffset});
        marker.on("popupopen", function () { marker.closeTooltip(); });  // a tap opens both: the card wins
        return marker;
    };
})()"""

# Each row: [lat, lon, style index, offer index]; a style is [fill, outline, fill opacity, dashed (0/1)].
# Tooltips and popups are HTML whose every value was escaped in Python (detailed_markers).
_DETAILED_CALLBACK = """(function () {
    var styles = %(styles)s, tooltips = %(tooltips)s, popups = %(popups)s, popupOffset = %(offset)s;
    return function (row) {
        var style = styles[row[2]];
        var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {
            radius: %(radius)d, color: style[1], weight: %(weight)d, fill: true, fillColor: style[0],
            fillOpacity: style[2], dashArray: style[3] === 1 ? "4 3" : null
        });
        marker.bindTooltip(tooltips[row[3]], {sticky: true});
        marker.bindPopup(popups[row[3]], {maxWidth: %(max_width)d, offset: popupOffset});
        marker.on("popupopen", function () { marker.closeTooltip(); });  // a tap opens both: the card wins
        return marker;
    };
})()"""

# A cluster shows how many offers it holds, not how many circles, grouped in thousands as everywhere in
# the dashboard (« 17 928 »), on a disc that widens into a pill for long numbers.
_CLUSTER_ICON = """function (offers) {
    var digits = String(offers), text = "";
    for (var i = 0; i < digits.length; i++) {
        if (i > 0 && (digits.length - i) %% 3 === 0) { text += %(separator)s; }
        text += digits[i];
    }
    var size = offers < 100 ? "small" : offers < 1000 ? "medium" : "large", width = Math.max(30, 8 * text.length + 6);
    return L.divIcon({html: "<div style='width:" + width + "px'><span>" + text + "</span></div>",
                      className: "marker-cluster marker-cluster-" + size, iconSize: L.point(width + 10, 40)});
}"""

# The detailed map's clusters (markercluster): each of its circles is one offer.
_MARKERCLUSTER_ICON = """function (cluster) { return (%(icon)s)(cluster.getChildCount()); }"""


def cluster_icon(lang: str = "fr") -> str:
    """The JavaScript function that draws a cluster holding a number of offers."""
    return _CLUSTER_ICON % {"separator": js_json(fmt.thousands_separator(lang))}


def clicked_offer_ids(offers: pd.DataFrame, clicked: dict | None) -> list[str]:
    """Offers behind the marker a user clicked: by tooltip, else by position."""
    if not clicked:
        return []
    tooltip = clicked.get("last_object_clicked_tooltip")
    if tooltip and {"organisation", "title"} <= set(offers.columns):  # the compact map's offers carry no texts
        tooltips = (offers["organisation"].astype(str) + " — " + offers["title"].astype(str)).str.strip()
        # streamlit-folium sends the tooltip as text; its HTML form (with entities) is read too.
        text = str(tooltip).strip()
        for wanted in dict.fromkeys((text, html.unescape(text))):
            matches = offers.loc[tooltips == wanted, "offer_id"]
            if len(matches):
                return matches.tolist()
    point = clicked.get("last_object_clicked")
    if point and "lat" in point and "lng" in point:
        near = (offers["latitude"].astype(float) - point["lat"]).abs().lt(1e-4) & (
            offers["longitude"].astype(float) - point["lng"]).abs().lt(1e-4)
        return offers.loc[near.fillna(False), "offer_id"].tolist()
    return []
