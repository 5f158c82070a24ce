"""The paths that keep the dashboard fast at scale give the same results as the row-by-row ones,
and keep what is sent to the browser bounded (issue 6)."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.generate import generate
from lib import geocode
from lib.gazetteer import load_gazetteer
from lib.offers import per_distinct, prepare_offers
from lib.stipend import normalise_stipends
from lib.validation import load_offers
from tests.conftest import BUNDLED_CSV


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return load_offers(BUNDLED_CSV).offers


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory) -> bytes:
    return generate(400, seed=7).to_csv(index=False).encode("utf-8")


def place_row_by_row(offers: pd.DataFrame, overwrite: bool = False) -> pd.DataFrame:
    """The placement rule one offer at a time, as it was written before it was vectorised."""
    gazetteer = load_gazetteer()
    placed = offers.copy()
    for column in ("latitude", "longitude"):
        placed[column] = placed[column].astype("Float64")
    for row, offer in offers.iterrows():
        has_coords = pd.notna(offer.get("latitude")) and pd.notna(offer.get("longitude"))
        needs_lookup = overwrite or not has_coords
        place = geocode.locate_offer(offer, gazetteer, None)
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


@pytest.mark.parametrize("overwrite", [False, True])
def test_vectorised_placement_equals_the_row_by_row_one_on_the_bundled_offers(bundled, overwrite):
    pd.testing.assert_frame_equal(geocode.place_offers(bundled, overwrite=overwrite),
                                  place_row_by_row(bundled, overwrite=overwrite))


@pytest.mark.parametrize("overwrite", [False, True])
def test_vectorised_placement_equals_the_row_by_row_one_on_synthetic_offers(synthetic_csv, overwrite):
    offers = load_offers(synthetic_csv).offers
    assert offers["latitude"].isna().sum() > 20  # some offers are left to the gazetteer
    pd.testing.assert_frame_equal(geocode.place_offers(offers, overwrite=overwrite),
                                  place_row_by_row(offers, overwrite=overwrite))


# (city, postcode, department): every branch of Gazetteer.locate, ambiguities and quirks included.
PLACES = [
    ("Arles", "13200", None), ("Paris", "75011", None), ("Paris", None, None), ("Lyon", None, None),
    ("Marseille", "13004", None), ("La Montagne", None, None), ("La Montagne", None, "70"),
    ("La Montagne", "44620", None), ("Francheville", None, None), ("Francheville", "69340", None),
    ("Nulle-Part-sur-Mer", "13999", None), ("Nulle-Part-sur-Mer", None, None), (None, "75 011", None),
    ("St-Denis", "93200", None), ("Saint-Denis", None, "974"), ("Saint-Denis", None, None), (None, None, "2A"),
    ("Ajaccio", "20000", None), ("Ailleurs", "20250", None), (None, "99999", None), ("Saint-Martin", "12345", None),
    ("Saint-Martin", None, "12"), ("Saint-Martin", None, "99"), ("Pointe-à-Pitre", "97110", None),
    ("...", "13200", None), ("...", None, None), (None, None, None), ("Aix-en-Provence", None, None),
    ("Mérignac", "33700", "33"), ("Paris", "13200", None),
]


def test_many_places_at_once_as_one_by_one():
    gazetteer = load_gazetteer()
    cities, postcodes, departments = (pd.Series([p[i] for p in PLACES], dtype=object) for i in range(3))
    found = geocode.locate_communes(cities, postcodes, departments, gazetteer)
    for (city, postcode, department), (_, row) in zip(PLACES, found.iterrows(), strict=True):
        place = gazetteer.locate(city, postcode, department)
        if place is None:
            assert row.isna().all(), (city, postcode, department)
            continue
        assert (row["latitude"], row["longitude"], row["precision"], row["department_code"], row["region"]) == (
            place.latitude, place.longitude, place.precision, place.department_code, place.region
        ), (city, postcode, department)


def test_placing_nothing_returns_an_empty_table(bundled):
    assert geocode.place_offers(bundled.iloc[:0]).empty


def test_stipends_computed_once_per_distinct_combination_equal_the_row_by_row_ones(synthetic_csv):
    offers = load_offers(synthetic_csv).offers
    columns = ["contract", "stipend_basis", "stipend_amount_eur", "stipend_period", "hours_per_week", "year",
               "duration_max_months"]
    pd.testing.assert_frame_equal(per_distinct(offers, columns, normalise_stipends), normalise_stipends(offers))


def test_prepared_offers_carry_a_folded_search_text(bundled):
    prepared = prepare_offers(bundled)
    row = prepared.set_index("offer_id").loc["decider-ensemble-stagiaire-2023"]
    assert row["_search"] == "stagiaire au sein de l'association decider ensemble decider ensemble"
