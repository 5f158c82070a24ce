"""The Folium map of offers: one circle per offer, coloured like the charts, clustered.

Every text that reaches the map's HTML (popups, tooltips) is escaped: offers come from
uploaded files, and a title can hold ``<script>``.
"""

from __future__ import annotations

import html

import folium
import pandas as pd
from folium.plugins import MarkerCluster

from lib import categories as cat
from lib import formatting as fmt
from lib.i18n import t

FRANCE_BOUNDS = [[41.3, -5.2], [51.1, 9.6]]
TILES_URL = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
TILES_ATTRIBUTION = "&copy; OpenStreetMap contributors &copy; CARTO"


def tooltip_text(offer: pd.Series | object) -> str:
    """The plain text shown on hover, also what a click sends back to identify the offer."""
    organisation = getattr(offer, "organisation", None)
    title = getattr(offer, "title", None)
    return f"{organisation} — {title}"


def popup_html(offer, lang: str = "fr") -> str:
    """Key conditions of an offer, every value escaped."""
    def esc(value) -> str:
        return html.escape("" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))

    lines = [
        f"<b>{esc(offer.organisation)}</b>",
        f"{esc(offer.title)}",
        f"{esc(cat.label(cat.ORG_TYPES, offer.org_type, lang))} · "
        f"{esc(cat.label(cat.CONTRACTS, offer.contract, lang))}",
        f"{esc(t('stipend', lang))} : {esc(offer.stipend_text)}",
        f"{esc(t('duration', lang))} : "
        f"{esc(fmt.months_range(offer.duration_min_months, offer.duration_max_months, lang))}",
        f"{esc(t('start', lang))} : {esc(fmt.month(offer.start_earliest, lang))}",
        f"{esc(t('place', lang))} : {esc(offer.place_text)}"
        + (f" <i>({esc(t('approximate', lang))})</i>" if offer.approximate_place else ""),
    ]
    return "<div style='font-family:sans-serif;font-size:13px;min-width:220px'>" + "<br>".join(lines) + "</div>"


def build_offers_map(offers: pd.DataFrame, lang: str = "fr", tiles_url: str = TILES_URL) -> folium.Map:
    """A map of the located offers, framed on the French ones."""
    located = offers[offers["located"]]
    fmap = folium.Map(
        location=[46.6, 2.4],
        zoom_start=6,
        tiles=None,
        scrollWheelZoom=False,  # a full-width map must not trap page scrolling on phones
        control_scale=True,
    )
    folium.TileLayer(tiles=tiles_url, attr=TILES_ATTRIBUTION, name="CARTO", max_zoom=19).add_to(fmap)
    cluster = MarkerCluster(name="offres", options={"maxClusterRadius": 35, "spiderfyOnMaxZoom": True}).add_to(fmap)
    for offer in located.itertuples(index=False):
        colour = cat.ORG_TYPE_COLOURS.get(offer.org_type, "#777777")
        folium.CircleMarker(
            location=[float(offer.latitude), float(offer.longitude)],
            radius=9,
            color=colour,
            weight=3,
            fill=True,
            fill_color=colour,
            fill_opacity=0.35 if offer.approximate_place else 0.8,
            dash_array="4 4" if offer.approximate_place else None,
            tooltip=folium.Tooltip(html.escape(tooltip_text(offer))),
            popup=folium.Popup(popup_html(offer, lang), max_width=320),
        ).add_to(cluster)
    french = located[located["country"].fillna("FR").eq("FR")]
    if len(french):
        south, west = float(french["latitude"].min()), float(french["longitude"].min())
        north, east = float(french["latitude"].max()), float(french["longitude"].max())
        pad = 0.6
        fmap.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]])
    else:
        fmap.fit_bounds(FRANCE_BOUNDS)
    return fmap


def clicked_offer_ids(offers: pd.DataFrame, clicked: dict | None) -> list[str]:
    """Offers behind the marker a user clicked: by tooltip, else by position."""
    if not clicked:
        return []
    tooltip = clicked.get("last_object_clicked_tooltip")
    if tooltip:
        wanted = html.unescape(str(tooltip)).strip()
        matches = offers.loc[offers.apply(tooltip_text, axis=1).str.strip() == wanted, "offer_id"]
        if len(matches):
            return matches.tolist()
    point = clicked.get("last_object_clicked")
    if point and "lat" in point and "lng" in point:
        near = (offers["latitude"].astype(float) - point["lat"]).abs().lt(1e-4) & (
            offers["longitude"].astype(float) - point["lng"]).abs().lt(1e-4)
        return offers.loc[near.fillna(False), "offer_id"].tolist()
    return []
