"""The grouped map's circles counted from codes (issue 15, goal 5).

The grouped map draws one circle per place, organisation type, approximate placing and closed or not
(``maps.place_groups``). Grouping 850,000 kept offers by those five values took 0.2 s at every filter
change at a million offers, after copying their rows. Here each located offer's place, type and
placing are numbered once per loaded offers and day (``place_codes``); a filter change then only
counts the kept offers' numbers (``kept_groups``) and copies the place texts of one offer per circle.
The circles, their order and their texts are those of ``maps.place_groups`` (tests/test_map_groups.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib import deadlines
from lib.gazetteer import OVERSEAS_PREFIXES

KEYS = ["latitude", "longitude", "org_type", "approximate_place"]


@dataclass(frozen=True)
class PlaceCodes:
    """Every offer's circle on the grouped map, numbered: never changed once made."""

    codes: np.ndarray  # int64 per offer: 2 × its place number + 1 when closed; -1 when not located
    places: pd.DataFrame  # per place number: latitude, longitude, org_type, approximate, french, overseas


def french_and_overseas(offers: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Whether each offer is in France (a missing country is France), and in an overseas department:
    the map frames metropolitan France when it has offers."""
    french = offers["country"].fillna("FR").eq("FR").to_numpy(dtype=bool)
    overseas = offers["department_code"].fillna("").str.startswith(OVERSEAS_PREFIXES).to_numpy(dtype=bool)
    return french, overseas


def closed_offers(offers: pd.DataFrame) -> np.ndarray:
    """Whether each offer's applications are closed on the day of its status (lib/deadlines.py)."""
    if deadlines.STATUS_COLUMN not in offers.columns:
        return np.zeros(len(offers), dtype=bool)
    return offers[deadlines.STATUS_COLUMN].eq(deadlines.CLOSED).to_numpy(dtype=bool, na_value=False)


def place_codes(offers: pd.DataFrame) -> PlaceCodes:
    """Number the located offers' places (position, organisation type, approximate placing); a place's
    flags are its first offer's (offers at one position share a country)."""
    located = offers["located"].to_numpy(dtype=bool, na_value=False)
    keyed = offers.loc[located, [*KEYS, "country", "department_code"]]
    keys = keyed[KEYS].astype({"latitude": float, "longitude": float})
    numbers = keys.groupby(KEYS, sort=False, dropna=False).ngroup().to_numpy(dtype=np.int64)
    first = np.full(int(numbers.max()) + 1 if len(numbers) else 0, len(numbers), dtype=np.int64)
    np.minimum.at(first, numbers, np.arange(len(numbers)))
    places = keys.iloc[first].rename(columns={"approximate_place": "approximate"}).reset_index(drop=True)
    french, overseas = french_and_overseas(keyed.iloc[first])
    places = places.assign(french=french, overseas=overseas)
    codes = np.full(len(offers), -1, dtype=np.int64)
    codes[located] = 2 * numbers + closed_offers(offers)[located]
    return PlaceCodes(codes, places)


def kept_groups(index: PlaceCodes, keep: np.ndarray | None, place_texts: pd.Series) -> pd.DataFrame:
    """The circles of the located offers ``keep`` keeps (all when None): ``maps.place_groups``'s
    columns (latitude, longitude, org_type, approximate, closed, offers, place) and the place's
    french and overseas flags, one row per circle in order of first appearance. ``place_texts``: every
    offer's place text in the page's language; a circle's is its first kept offer's that has one."""
    codes = index.codes if keep is None else np.where(keep, index.codes, -1)
    positions = np.flatnonzero(codes >= 0)
    ids, circles = pd.factorize(codes[positions])
    has_text = place_texts.notna().to_numpy(dtype=bool)[positions]
    first = np.full(len(circles), len(positions), dtype=np.int64)
    np.minimum.at(first, ids[has_text], np.flatnonzero(has_text))
    named = first < len(positions)
    # Taken as they are (Arrow strings: no Python string per circle), missing where no offer has one.
    texts = place_texts.iloc[positions[np.where(named, first, 0)]].reset_index(drop=True) if len(positions) \
        else pd.Series([], dtype=place_texts.dtype)
    if not named.all():
        texts = texts.mask(~named)
    places = index.places.iloc[circles // 2].reset_index(drop=True)
    groups = places.assign(closed=circles % 2 == 1, offers=np.bincount(ids, minlength=len(circles)), place=texts)
    return groups[["latitude", "longitude", "org_type", "approximate", "closed", "offers", "place", "french",
                   "overseas"]]


def circle_offers(index: PlaceCodes, keep: np.ndarray | None, circles: pd.DataFrame) -> np.ndarray:
    """Positions of the offers ``keep`` keeps (all when None) behind ``circles`` (rows of ``kept_groups``,
    such as the one a user clicked): found among the place numbers, so that a click reads no copy of
    the kept offers (at a million offers, a copy of their positions, types and status at every rerun
    that draws the same map after a click)."""
    places = index.places
    latitudes = places["latitude"].to_numpy(dtype=float)
    wanted: list[int] = []
    for circle in circles.itertuples(index=False):
        # The position first, on numbers; the few places there are then compared on their texts.
        rows = np.flatnonzero(latitudes == float(circle.latitude))
        near = places.iloc[rows]
        same = (_same(near["longitude"], circle.longitude) & _same(near["org_type"], circle.org_type)
                & _same(near["approximate"], bool(circle.approximate)))
        numbers = rows[same]
        wanted += (2 * numbers + int(bool(circle.closed))).tolist()
    found = np.isin(index.codes, np.asarray(wanted, dtype=np.int64))
    if keep is not None:
        found &= keep
    return np.flatnonzero(found)


def _same(column: pd.Series, value: object) -> np.ndarray:
    if pd.isna(value):
        return column.isna().to_numpy(dtype=bool)
    return column.eq(value).to_numpy(dtype=bool, na_value=False)
