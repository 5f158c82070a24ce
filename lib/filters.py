"""The sidebar's filters as one value, and the function that applies them to the offers."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pandas as pd

SEARCH_COLUMN = "_search"  # folded title and organisation, added by lib.offers.prepare_offers


@dataclass(frozen=True)
class OfferFilters:
    """What the user asked for. An empty tuple or a ``None`` range filters nothing.

    A narrowed range leaves out the offers whose value is unknown, because nobody can say
    they fall inside it; the pages say how many were left out that way.
    """

    org_types: tuple[str, ...] = ()
    contracts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    stipend_range: tuple[float, float] | None = None
    duration_range: tuple[float, float] | None = None
    start_range: tuple[str, str] | None = None  # YYYY-MM bounds, inclusive
    remote: tuple[str, ...] = ()
    driving_licence: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    search: str = ""


def apply_filters(offers: pd.DataFrame, filters: OfferFilters) -> pd.DataFrame:
    """Offers matching every filter, in their original order."""
    keep = pd.Series(True, index=offers.index)
    for column, wanted in (
        ("org_type", filters.org_types),
        ("contract", filters.contracts),
        ("region_label", filters.regions),
        ("department_code", filters.departments),
        ("remote", filters.remote),
        ("driving_licence", filters.driving_licence),
    ):
        if wanted:
            keep &= offers[column].isin(wanted).fillna(False)
    if filters.themes:
        wanted_themes = set(filters.themes)
        themes = offers["themes"].fillna("")
        # Offers share few combinations of themes: each is read once.
        matching = {v: bool(wanted_themes & set(str(v).split(";"))) for v in themes.unique()}
        keep &= themes.map(matching).astype(bool)
    if filters.stipend_range is not None:
        low, high = filters.stipend_range
        keep &= offers["stipend_monthly_eur"].between(low, high).fillna(False)
    if filters.duration_range is not None:
        low, high = filters.duration_range
        # An offer matches when its duration range overlaps the one asked for.
        overlaps = (offers["duration_high"] >= low) & (offers["duration_low"] <= high)
        keep &= overlaps.fillna(False)
    if filters.start_range is not None:
        low, high = filters.start_range
        start = offers["start_earliest"]
        keep &= ((start >= low) & (start <= high)).fillna(False)
    if filters.search.strip():
        needle = fold(filters.search.strip())
        if SEARCH_COLUMN in offers.columns:
            haystack = offers[SEARCH_COLUMN]  # folded once when the offers were prepared
        else:
            haystack = (offers["title"].fillna("") + " " + offers["organisation"].fillna("")).map(fold)
        keep &= haystack.str.contains(needle, regex=False)
    keep = keep.astype(bool)
    # Nothing filtered out: no copy of every column (copy-on-write protects the original).
    return offers.copy(deep=False) if keep.all() else offers[keep]


def fold(text: str) -> str:
    """Lower case without accents, so « democratie » finds « Démocratie » and « oeuvre » « œuvre »."""
    text = str(text).translate(_LIGATURES)  # no Unicode decomposition: they would be dropped
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def stipend_bounds(offers: pd.DataFrame) -> tuple[float, float]:
    """Slider bounds covering every known monthly stipend, in steps of 50 €."""
    values = offers["stipend_monthly_eur"].dropna()
    if values.empty:
        return 0.0, 2000.0
    low = float(values.min()) // 50 * 50
    high = -(-float(values.max()) // 50) * 50
    return low, max(high, low + 50)


def duration_bounds(offers: pd.DataFrame) -> tuple[float, float]:
    values = pd.concat([offers["duration_low"], offers["duration_high"]]).dropna()
    if values.empty:
        return 1.0, 12.0
    return float(values.min()) // 1, max(-(-float(values.max()) // 1), float(values.min()) // 1 + 1)


def start_months(offers: pd.DataFrame) -> list[str]:
    """Every month from the earliest start to the latest, for the start-period slider."""
    values = offers["start_earliest"].dropna()
    if values.empty:
        return []
    months = pd.period_range(values.min(), values.max(), freq="M")
    return [str(p) for p in months]
