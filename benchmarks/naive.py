"""The straightforward version the dashboard is measured against: offers placed one by one, one
``folium.Marker`` per offer with the dashboard's own tooltip and popup; on the overview, the same
headline figures, four charts and offers table as the dashboard's, drawn the obvious way: SVG charts
with one point per offer and the dashboard's own hover texts, every kept offer in the table. The same
information on screen as the dashboard's detailed map and overview.

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


# The offers table's columns: what the dashboard's table shows, as stored (no formatting).
TABLE_COLUMNS = ["organisation", "title", "org_type", "contract", "place_text", "stipend_text", "stipend_monthly_eur",
                 "stipend_status", "duration_min_months", "duration_max_months", "start_earliest", "remote",
                 "application_deadline", "url"]


def naive_overview(offers: pd.DataFrame) -> None:
    """The overview's information, the obvious way: headline figures from pandas, the stipend/duration
    scatter, a box plot of stipends by type with every offer as a dot, offers by region, offers by
    start month, and every kept offer in the table."""
    internships = offers[offers["contract"].eq("internship").fillna(False) & offers["stipend_monthly_eur"].notna()]
    columns = st.columns(4)
    columns[0].metric("Offres", len(offers))
    columns[1].metric("Gratification médiane", f"{internships['stipend_monthly_eur'].median():.0f} €")
    columns[2].metric("Au minimum légal", f"{internships['stipend_level'].eq('at_minimum').mean():.0%}")
    columns[3].metric("Durée médiane", f"{offers['duration_mid'].median():.1f} mois")
    st.plotly_chart(naive_chart(offers), key="stipend_chart", on_select="rerun", width="stretch")
    st.dataframe(offers[TABLE_COLUMNS], hide_index=True)
    left, right = st.columns(2)
    left.plotly_chart(naive_boxes(internships), key="by_type_chart", width="stretch")
    regions = offers["region"].fillna("—").value_counts().sort_values()
    right.plotly_chart(go.Figure(go.Bar(x=regions.to_numpy(), y=list(regions.index), orientation="h")),
                       key="region_chart", width="stretch")
    st.plotly_chart(naive_start_months(offers), key="start_chart", width="stretch")


def naive_boxes(internships: pd.DataFrame) -> go.Figure:
    """Each internship's stipend as a dot, one box per organisation type, « organisation — title » on hover."""
    fig = go.Figure()
    for org_type, colour in cat.ORG_TYPE_COLOURS.items():
        group = internships[internships["org_type"] == org_type]
        fig.add_trace(go.Box(x=group["stipend_monthly_eur"].astype(float), name=cat.label(cat.ORG_TYPES, org_type),
                             marker_color=colour, boxpoints="all", orientation="h",
                             hovertext=[f"{o.organisation} — {o.title}" for o in group.itertuples(index=False)]))
    return fig


def naive_start_months(offers: pd.DataFrame) -> go.Figure:
    """Offers by month of earliest start, stacked by contract."""
    dated = offers[offers["start_earliest"].notna()]
    months = pd.to_datetime(dated["start_earliest"].astype(str).str[:7], format="%Y-%m", errors="coerce")
    counts = dated.assign(month=months).groupby(["contract", "month"]).size()
    fig = go.Figure()
    for contract in counts.index.get_level_values(0).unique():
        part = counts[contract]
        fig.add_trace(go.Bar(x=part.index, y=part.to_numpy(), name=cat.label(cat.CONTRACTS, contract)))
    fig.update_layout(barmode="stack")
    return fig
