"""Distances for the sidebar's « À moins de N km de… » and the compare page: every offer at once
(Lambert's formula on the WGS84 ellipsoid), checked against geopy's geodesic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from geopy.distance import geodesic

from lib.compare import Origin, distance_text, distances_km
from lib.filters import DISTANCE_COLUMN, OfferFilters, apply_filters

PLACES = {"Paris": (48.8566, 2.3522), "Nouméa": (-22.2758, 166.458), "Saint-Denis (974)": (-20.8789, 55.4481),
          "Pointe-à-Pitre": (16.2411, -61.5331), "Lyon": (45.764, 4.8357), "Rimouski": (48.4489, -68.5239),
          "Cayenne": (4.9224, -52.3135), "Dunkerque": (51.0344, 2.3768)}


@pytest.mark.parametrize("origin", list(PLACES))
def test_within_60_metres_of_geodesic_from_everywhere_to_everywhere(origin):
    here = Origin(origin, *PLACES[origin], "gazetteer")
    offers = pd.DataFrame({"latitude": [p[0] for p in PLACES.values()], "longitude": [p[1] for p in PLACES.values()]})
    km = distances_km(offers, here)
    expected = [geodesic(PLACES[origin], p).km for p in PLACES.values()]
    assert np.allclose(km.to_numpy(dtype=float), expected, atol=0.06)  # 54 m at worst, Paris–Nouméa


def test_across_metropolitan_france_within_a_metre():
    rng = np.random.default_rng(7)
    latitude, longitude = rng.uniform(41.3, 51.1, 500), rng.uniform(-5.2, 9.6, 500)
    lyon = Origin("Lyon", *PLACES["Lyon"], "gazetteer")
    km = distances_km(pd.DataFrame({"latitude": latitude, "longitude": longitude}), lyon).to_numpy(dtype=float)
    expected = np.array([geodesic(PLACES["Lyon"], p).km for p in zip(latitude, longitude, strict=True)])
    assert np.abs(km - expected).max() < 0.06  # rounded to 100 m; the formula itself errs by < 1 m here


def test_unplaced_offers_have_no_distance_and_the_filter_leaves_them_out():
    lyon = Origin("Lyon", *PLACES["Lyon"], "gazetteer")
    offers = pd.DataFrame({"latitude": [45.764, None, 43.3], "longitude": [4.8357, None, 5.37]})
    km = distances_km(offers, lyon)
    assert km.iloc[0] == 0 and pd.isna(km.iloc[1]) and 270 < km.iloc[2] < 290
    kept = apply_filters(offers.assign(**{DISTANCE_COLUMN: km}), OfferFilters(max_distance_km=100))
    assert kept.index.tolist() == [0]


@pytest.mark.parametrize("km, approximate, lang, expected", [
    (12.4, False, "fr", "12 km"),
    (1234.5, False, "fr", "1\u202f234 km"),
    (436.2, True, "fr", "≈ 436 km (lieu approximatif)"),
    (436.2, True, "en", "≈ 436 km (approximate place)"),
    (None, False, "fr", "—"),
])
def test_distance_text(km, approximate, lang, expected):
    assert distance_text(km, approximate, lang) == expected
