"""The straightforward version the dashboard is measured against: offers placed one by one, one
``folium.Marker`` per offer with the dashboard's own tooltip and popup, and an SVG scatter plot with
the dashboard's own hover text per point: the same information on screen as the dashboard's
detailed map and chart, drawn the obvious way.

Two variants (``benchmarks/naive_pages/``): ``map.py`` / ``overview.py`` read and prepare the file
again at every run (no cache); ``map_cached.py`` / ``overview_cached.py`` keep the prepared offers
in ``st.cache_data`` keyed by the file's path and modification time, as a reasonable first build
would (each run then gets an unpickled copy of them, which is what ``st.cache_data`` does).

Only the benchmark uses it; it gives the same offers as the app.
"""

from __future__ import annotations

import os
from pathlib import Path

import folium
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import categories as cat
from lib import formatting as fmt
from lib.charts import _HOVER_COLUMNS as CHART_HOVER_COLUMNS
from lib.charts import _hover as chart_hover_text  # the dashboard's hover text: the same information
from lib.escaping import js_template_literal, leaflet_html
from lib.gazetteer import load_gazetteer
from lib.geocode import locate_offer
from lib.maps import popup_html, tooltip_text
from lib.offers import EXACT_PRECISIONS
from lib.stipend import normalise_stipends
from lib.validation import load_offers

ROOT = Path(__file__).resolve().parent.parent


def offers_path() -> Path:
    return Path(os.environ.get("OFFERS_CSV") or ROOT / "data" / "offers.csv")


def load_uncached(path: Path | None = None) -> pd.DataFrame:
    """Read, validate and prepare the offers, every time."""
    return prepare_row_by_row(load_offers(path or offers_path()).offers)


def load_cached() -> pd.DataFrame:
    """The same, kept by ``st.cache_data`` (a copy of the cached frame at every run)."""
    path = offers_path()
    return _load_cached(str(path), path.stat().st_mtime_ns)


@st.cache_data(show_spinner=False)
def _load_cached(path: str, modified_ns: int) -> pd.DataFrame:
    return load_uncached(Path(path))


def place_row_by_row(offers: pd.DataFrame, overwrite: bool = False) -> pd.DataFrame:
    """The placement rule one offer at a time, as it was written before it was vectorised."""
    gazetteer = load_gazetteer()
    placed = offers.copy()
    for column in ("latitude", "longitude"):
        placed[column] = placed[column].astype("Float64")
    for row, offer in offers.iterrows():
        has_coords = pd.notna(offer.get("latitude")) and pd.notna(offer.get("longitude"))
        needs_lookup = overwrite or not has_coords
        place = locate_offer(offer, gazetteer, None)
        if place is None and not has_coords:
            continue
        if place is not None and place.department_code:
            placed.at[row, "department_code"] = place.department_code
            placed.at[row, "region"] = place.region
        if needs_lookup and place is not None:
            placed.at[row, "latitude"] = round(place.latitude, 5)
            placed.at[row, "longitude"] = round(place.longitude, 5)
            placed.at[row, "geo_precision"] = place.precision
        elif has_coords and pd.isna(offer.get("geo_precision")):
            placed.at[row, "geo_precision"] = place.precision if place else "commune"
    return placed


def prepare_row_by_row(offers: pd.DataFrame) -> pd.DataFrame:
    placed = place_row_by_row(offers)
    prepared = pd.concat([placed, normalise_stipends(placed)], axis=1)
    low = prepared["duration_min_months"].fillna(prepared["duration_max_months"])
    high = prepared["duration_max_months"].fillna(prepared["duration_min_months"])
    prepared["duration_low"], prepared["duration_high"], prepared["duration_mid"] = low, high, (low + high) / 2
    prepared["approximate_place"] = ~prepared["geo_precision"].isin(EXACT_PRECISIONS).fillna(False)
    prepared["located"] = prepared["latitude"].notna() & prepared["longitude"].notna()
    prepared["stipend_text"] = [fmt.stipend_as_written(b, a, p) for b, a, p in zip(
        prepared["stipend_basis"], prepared["stipend_amount_eur"], prepared["stipend_period"], strict=True)]
    prepared["place_text"] = [f"{c} ({d})" for c, d in zip(prepared["city"], prepared["department_code"],
                                                          strict=True)]
    return prepared.reset_index(drop=True)


def naive_map(offers: pd.DataFrame) -> folium.Map:
    """One folium.Marker per located offer, with the dashboard's tooltip and popup."""
    fmap = folium.Map(location=[46.6, 2.4], zoom_start=6)
    for offer in offers[offers["located"]].itertuples(index=False):
        folium.Marker([float(offer.latitude), float(offer.longitude)], tooltip=leaflet_html(tooltip_text(offer)),
                      popup=folium.Popup(js_template_literal(popup_html(offer)), max_width=320)).add_to(fmap)
    return fmap


def naive_chart(offers: pd.DataFrame) -> go.Figure:
    """Monthly stipend against duration: SVG markers, the dashboard's hover text per point."""
    plotted = offers[offers["stipend_monthly_eur"].notna() & offers["duration_mid"].notna()]
    fig = go.Figure()
    for org_type, colour in cat.ORG_TYPE_COLOURS.items():
        group = plotted[plotted["org_type"] == org_type]
        fig.add_trace(go.Scatter(
            x=group["duration_mid"].astype(float), y=group["stipend_monthly_eur"].astype(float), mode="markers",
            name=cat.label(cat.ORG_TYPES, org_type), marker=dict(color=colour, size=12),
            customdata=group[["offer_id"]].to_numpy(),
            hovertext=[chart_hover_text(*(getattr(o, c) for c in CHART_HOVER_COLUMNS), lang="fr")
                       for o in group.itertuples(index=False)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_layout(title="Gratification mensuelle selon la durée du stage", height=480)
    return fig
