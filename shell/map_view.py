"""The map of the offers a page keeps, built the quickest way that draws the same map: beyond
``maps.DETAIL_THRESHOLD`` placed offers, its circles are counted from place numbers kept once per
loaded offers and day (lib/map_groups.py); otherwise from a copy of the kept offers' columns."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd

from lib import map_groups, maps
from lib.offers import localised
from shell.shared_results import per_data
from shell.sidebar import PageContext


@dataclass(frozen=True)
class MapView:
    fmap: folium.Map
    org_types: frozenset[str]  # the organisation types drawn, for the legend
    any_closed: bool  # whether a closed offer is drawn, for the legend
    offers: pd.DataFrame | None  # the detailed map's offers, whose clicks are matched by tooltip; None: grouped
    groups: pd.DataFrame | None = None  # the grouped map's circles, whose clicks are matched by tooltip
    codes: map_groups.PlaceCodes | None = None  # the place numbers the circles were counted from, if any


def kept_map(page: PageContext, located: np.ndarray, compact: bool) -> MapView:
    """The map of the located offers ``page`` keeps (``located``: every offer's), grouped by place when
    ``compact``."""
    lang = page.lang
    if not compact:
        offers = page.filtered_columns(maps.columns_read(lang), coded=True, also=located)
        return MapView(maps.build_offers_map(offers, lang), frozenset(offers["org_type"].dropna().unique()),
                       bool(map_groups.closed_offers(offers).any()), offers)
    codes = None
    if page.sources is None:  # a visitor's own file: nothing kept for the next run
        groups = maps.place_groups(page.filtered_columns(maps.columns_read(lang, compact=True), also=located), lang)
    else:
        offers = page.offers
        codes = per_data(("place_codes", page.today), page.sources, lambda: map_groups.place_codes(offers))
        groups = map_groups.kept_groups(codes, page.keep, offers[localised("place_text", lang)])
    # The types once each: iterating 280,000 circles' types (a million offers) took 0.2 s.
    return MapView(maps.grouped_map(groups, lang), frozenset(groups["org_type"].dropna().unique()),
                   bool(groups["closed"].any()), None, groups, codes)


def clicked_ids(page: PageContext, view: MapView, located: np.ndarray, clicked: dict | None) -> list[str]:
    """The offers behind the circle a user clicked on ``view``. streamlit-folium returns the last click at
    every rerun that draws the same map (a card's buttons, after a click; a map drawn differently is a
    new map, with no click yet), so this runs at each: the grouped map's circle is found among its place
    numbers; the located offers' columns are copied only for a click with no tooltip,
    or on a visitor's own file."""
    if not clicked or not any(clicked.values()):  # streamlit-folium's value before any click
        return []
    if view.offers is not None:
        return maps.clicked_offer_ids(view.offers, clicked)
    if view.codes is not None:
        circles = maps.clicked_circles(view.groups, clicked, page.lang)
        if circles is not None and not circles.empty:
            positions = map_groups.circle_offers(view.codes, page.keep, circles)
            return page.offers["offer_id"].take(positions).tolist()
    offers = page.filtered_columns(maps.CLICK_COLUMNS, also=located)
    return maps.clicked_group_offer_ids(offers, view.groups, clicked, page.lang)


def picked_place(page: PageContext, located: np.ndarray, offer_id: object) -> tuple[float, float] | None:
    """Where the offer picked from the list under the map stands, for the map to go there: its card
    alone did not say where it is (the list is the keyboard's way to every marker). None when nothing
    placed is picked."""
    if not isinstance(offer_id, str):
        return None
    rows = np.flatnonzero(page.offers["offer_id"].eq(offer_id).to_numpy(dtype=bool, na_value=False) & located)
    if not len(rows):
        return None
    row = page.offers[["latitude", "longitude"]].take(rows[:1]).iloc[0]
    return float(row["latitude"]), float(row["longitude"])
