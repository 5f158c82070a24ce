"""The validated offers, enriched once with what every page shows: stipend, place, labels."""

from __future__ import annotations

import pandas as pd

from lib import categories as cat
from lib import formatting as fmt
from lib.distinct import per_distinct
from lib.filters import SEARCH_COLUMN, fold
from lib.geocode import place_offers
from lib.republication import link_republications
from lib.stipend import normalise_stipends

EXACT_PRECISIONS = ("address", "commune")


def prepare_offers(offers: pd.DataFrame, dataset: str = "bundled") -> pd.DataFrame:
    """Valid offers plus derived columns; placed offline so no network is ever needed here.

    Row-wise rules (stipend, texts) run once per distinct combination of their inputs, which
    offers share massively, and are spread back to every offer.
    """
    placed = place_offers(offers)
    prepared = pd.concat([placed, normalise_stipends(placed)], axis=1)
    prepared["dataset"] = dataset
    prepared["start_month"] = pd.to_datetime(prepared["start_earliest"], format="%Y-%m", errors="coerce")
    low = prepared["duration_min_months"].fillna(prepared["duration_max_months"])
    high = prepared["duration_max_months"].fillna(prepared["duration_min_months"])
    prepared["duration_low"] = low
    prepared["duration_high"] = high
    prepared["duration_mid"] = (low + high) / 2
    prepared["approximate_place"] = ~prepared["geo_precision"].isin(EXACT_PRECISIONS).fillna(False)
    prepared["located"] = prepared["latitude"].notna() & prepared["longitude"].notna()
    prepared["region_label"] = prepared["region"].fillna("").astype("string")
    abroad = prepared["country"].fillna("FR").ne("FR")
    prepared.loc[abroad, "region_label"] = "Étranger"
    prepared["region_label"] = prepared["region_label"].replace("", "Non précisée")
    prepared["stipend_text"] = per_distinct(prepared, ["stipend_basis", "stipend_amount_eur", "stipend_period"],
                                            _stipend_texts)
    prepared["place_text"] = per_distinct(prepared, ["city", "department_code", "country"], _place_texts)
    # What the search box looks through, folded once here rather than at every keystroke.
    prepared[SEARCH_COLUMN] = per_distinct(prepared, ["title", "organisation"], _search_texts)
    prepared = link_republications(prepared)
    return prepared.reset_index(drop=False).rename(columns={"row": "source_row"})


# Long texts no chart, map or headline figure reads: dropping them (no copy) makes the frames the
# overview filters and groups several times lighter at scale.
LONG_TEXT_COLUMNS = ("source", "notes", "address", "url", SEARCH_COLUMN)


def without_long_texts(offers: pd.DataFrame) -> pd.DataFrame:
    """The offers without their long texts (sources, notes, addresses, links), for charts."""
    return offers.drop(columns=[c for c in LONG_TEXT_COLUMNS if c in offers.columns])


def _stipend_texts(distinct: pd.DataFrame) -> pd.Series:
    return pd.Series([fmt.stipend_as_written(b, a, p) for b, a, p in
                      zip(distinct["stipend_basis"], distinct["stipend_amount_eur"], distinct["stipend_period"],
                          strict=True)])


def _place_texts(distinct: pd.DataFrame) -> pd.Series:
    return pd.Series([_place_text(city, dept, country) for city, dept, country in
                      zip(distinct["city"], distinct["department_code"], distinct["country"], strict=True)])


def _search_texts(distinct: pd.DataFrame) -> pd.Series:
    return (distinct["title"].fillna("") + " " + distinct["organisation"].fillna("")).map(fold)


def _place_text(city, department, country) -> str:
    city = "" if city is None or pd.isna(city) else str(city)
    if country is not None and not pd.isna(country) and country != "FR":
        return f"{city} ({country})" if city else str(country)
    if department is not None and not pd.isna(department) and department:
        return f"{city} ({department})" if city else f"Département {department}"
    return city or "—"


def org_type_label(code: str, lang: str = "fr") -> str:
    return cat.label(cat.ORG_TYPES, code, lang)
