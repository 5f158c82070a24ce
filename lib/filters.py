"""The sidebar's filters as one value, and the function that applies them to the offers."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.categories import sorted_regions

SEARCH_COLUMN = "_search"  # folded title and organisation, added by lib.offers.prepare_offers
DISTANCE_COLUMN = "distance_km"  # from the place of the distance filter, added by the shell when one is set



@dataclass(frozen=True)
class OfferFilters:
    """What the user asked for. An empty tuple or a ``None`` range filters nothing.

    A range end is ``None`` when the user left it at the extent of the data: « from 700 € » keeps
    every higher amount, including those of offers added after the link was written. A range
    with at least one end set leaves out the offers whose value is unknown, because nobody can
    say they fall inside it; the sidebar says so.
    """

    org_types: tuple[str, ...] = ()
    contracts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    stipend_range: tuple[float | None, float | None] | None = None
    duration_range: tuple[float | None, float | None] | None = None
    start_range: tuple[str | None, str | None] | None = None  # YYYY-MM bounds, inclusive
    stipend_levels: tuple[str, ...] = ()  # codes of categories.STIPEND_LEVELS
    levels: tuple[str, ...] = ()  # study levels: an offer open to any of them matches
    remote: tuple[str, ...] = ()
    driving_licence: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    search: str = ""
    open_only: bool = False  # only offers whose deadline has not passed (lib.deadlines' status column)
    max_distance_km: float | None = None  # only offers at most this far from ``near`` (DISTANCE_COLUMN)
    near: str = ""  # the place the distance is measured from, as the user named it


def narrowed(chosen: tuple, extent: tuple) -> tuple | None:
    """A range as a filter: each end left at the extent of the data is open (None); a range at its
    full extent is no filter at all (None)."""
    low = None if chosen[0] is None or chosen[0] <= extent[0] else chosen[0]
    high = None if chosen[1] is None or chosen[1] >= extent[1] else chosen[1]
    return None if low is None and high is None else (low, high)


def _within(values: pd.Series, bounds: tuple) -> pd.Series:
    low, high = bounds
    keep = values.notna()
    if low is not None:
        keep &= values >= low
    if high is not None:
        keep &= values <= high
    return keep.fillna(False)


def _any_code(values: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """Whether each ``;``-separated list of codes holds one of ``wanted``."""
    wanted_codes = set(wanted)
    values = values.fillna("")
    # Offers share few combinations of codes: each is read once.
    matching = {v: bool(wanted_codes & set(str(v).split(";"))) for v in values.unique()}
    return values.map(matching).astype(bool)


def apply_filters(offers: pd.DataFrame, filters: OfferFilters) -> pd.DataFrame:
    """Offers matching every filter, in their original order."""
    keep = filter_mask(offers, filters)
    # Nothing filtered out: no copy of every column (copy-on-write protects the original).
    return offers.copy(deep=False) if keep is None else offers[keep]


def filter_mask(offers: pd.DataFrame, filters: OfferFilters) -> np.ndarray | None:
    """Which offers match every filter, or None when all do: a page then copies only the columns
    it shows of the matching rows (at 100,000 offers, the rows of every column cost 0.3 s)."""
    keep = pd.Series(True, index=offers.index)
    for column, wanted in (
        ("org_type", filters.org_types),
        ("contract", filters.contracts),
        ("region_label", filters.regions),
        ("department_code", filters.departments),
        ("stipend_level", filters.stipend_levels),
        ("remote", filters.remote),
        ("driving_licence", filters.driving_licence),
    ):
        if wanted:
            keep &= offers[column].isin(wanted).fillna(False)
    if filters.themes:
        keep &= _any_code(offers["themes"], filters.themes)
    if filters.levels:
        keep &= _any_code(offers["level"], filters.levels)
    if filters.stipend_range is not None:
        keep &= _within(offers["stipend_monthly_eur"], filters.stipend_range)
    if filters.duration_range is not None:
        low, high = filters.duration_range
        # An offer matches when its duration range overlaps the one asked for.
        overlaps = offers["duration_high"].notna() & offers["duration_low"].notna()
        if low is not None:
            overlaps &= offers["duration_high"] >= low
        if high is not None:
            overlaps &= offers["duration_low"] <= high
        keep &= overlaps.fillna(False)
    if filters.start_range is not None:
        keep &= _within(offers["start_earliest"], filters.start_range)
    if filters.search.strip():
        needle = fold(filters.search.strip())
        # Folded once when the offers were prepared; folded here for a frame that was not.
        haystack = offers[SEARCH_COLUMN] if SEARCH_COLUMN in offers.columns else search_texts(offers)
        keep &= haystack.str.contains(needle, regex=False)
    if filters.max_distance_km is not None and DISTANCE_COLUMN in offers.columns:
        # An offer with no place is at no known distance: left out, and the sidebar says so.
        keep &= offers[DISTANCE_COLUMN].le(filters.max_distance_km).fillna(False).astype(bool)
    if filters.open_only and "deadline_status" in offers.columns:
        keep &= offers["deadline_status"].eq("open").fillna(False)
    mask = keep.fillna(False).to_numpy(dtype=bool)
    return None if mask.all() else mask


def fold(text: str) -> str:
    """Lower case without accents, so « democratie » finds « Démocratie » and « oeuvre » « œuvre »."""
    text = str(text)
    if text.isascii():
        return text.lower()  # what the steps below give, without them: most titles at scale
    for ligature, letters in _LIGATURES:  # no Unicode decomposition: they would be dropped
        if ligature in text:
            text = text.replace(ligature, letters)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


_LIGATURES = (("œ", "oe"), ("Œ", "OE"), ("æ", "ae"), ("Æ", "AE"))
_FOLD_ROWS = 65_536  # texts folded at once by ``search_texts``: what its steps hold besides the result


def search_texts(offers: pd.DataFrame) -> pd.Series:
    """What the search box looks through for each offer: its title and organisation, folded.

    The same texts as ``fold`` (tests/test_prepared_cache.py), in Arrow, with no Python string per
    offer, joined and folded a slice of rows at a time: folding in Python, and later joining the two
    whole columns first, each held 190 MiB more at a million offers, at the first start's peak
    (benchmarks/results.md). Left in pieces: the prepared offers' columns are joined once, at the
    end (lib/contiguous.py)."""
    title, organisation = (_arrow_texts(offers[column]) for column in ("title", "organisation"))
    folded = [_fold_arrow(pc.binary_join_element_wise(pc.fill_null(title.slice(start, _FOLD_ROWS), ""),
                                                      pc.fill_null(organisation.slice(start, _FOLD_ROWS), ""),
                                                      pa.scalar(" ", title.type)))
              for start in range(0, len(offers), _FOLD_ROWS)]
    pieces = [chunk for part in folded for chunk in part.chunks]
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(pieces, type=title.type)),
                     index=offers.index, dtype="string[pyarrow]")


def _arrow_texts(texts: pd.Series) -> pa.ChunkedArray:
    """``texts`` as Arrow's large strings (what pandas' ``string[pyarrow]`` holds), without a copy
    when they already are."""
    values = texts.astype("string[pyarrow]").array.__arrow_array__()
    return values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])


def _fold_arrow(values: pa.Array) -> pa.Array:
    """``fold``'s steps on Arrow texts: ligatures spelt out, compatibility decomposition (NFKD),
    what is not ASCII dropped (the accents the decomposition set apart), lower case."""
    for ligature, letters in _LIGATURES:
        values = pc.replace_substring(values, ligature, letters)
    values = pc.utf8_normalize(values, form="NFKD")
    return pc.ascii_lower(pc.replace_substring_regex(values, r"[^\x00-\x7F]", ""))


def stipend_bounds(offers: pd.DataFrame) -> tuple[float, float]:
    """Slider bounds covering every known monthly stipend, in steps of 50 €."""
    values = offers["stipend_monthly_eur"].dropna()
    if values.empty:
        return 0.0, 2000.0
    low = float(values.min()) // 50 * 50
    high = -(-float(values.max()) // 50) * 50
    return low, max(high, low + 50)


STIPEND_STEP_EUR = 50


def stipend_options(offers: pd.DataFrame) -> list[float]:
    """The stipend slider's stops: every 50 € from below the lowest known amount to above the
    highest. Multiples of 50, so a value in a shared link stays a stop when offers are added."""
    low, high = stipend_bounds(offers)
    return [float(v) for v in range(int(low), int(high) + STIPEND_STEP_EUR, STIPEND_STEP_EUR)]


def duration_options(offers: pd.DataFrame) -> list[float]:
    """The duration slider's stops: every whole month from the shortest to the longest."""
    low, high = duration_bounds(offers)
    return [float(v) for v in range(int(low), int(high) + 1)]


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


@dataclass(frozen=True)
class FilterChoices:
    """What the sidebar offers to choose from, read from every offer loaded: the sliders' stops, the
    regions and departments known, and whether any offer is open (the open filter's default). The
    same for every visitor and every filter state of the same offers on the same day, so a page
    computes it once for them (at a million offers it took a quarter of a second at every run)."""

    stipend: tuple[float, ...]
    duration: tuple[float, ...]
    start: tuple[str, ...]
    regions: tuple[str, ...]
    departments: tuple[str, ...]
    any_open: bool


def filter_choices(offers: pd.DataFrame, any_open: bool) -> FilterChoices:
    """The choices of ``offers`` (``any_open``: whether any is open on the day, lib.deadlines)."""
    return FilterChoices(
        stipend=tuple(stipend_options(offers)), duration=tuple(duration_options(offers)),
        start=tuple(start_months(offers)), regions=tuple(sorted_regions(offers["region_label"].dropna().unique())),
        departments=tuple(departments_of(offers, ())), any_open=any_open)


def departments_of(offers: pd.DataFrame, regions: tuple[str, ...]) -> list[str]:
    """The department codes of the offers of ``regions`` (all offers when empty), sorted. Only the
    two columns are read: copying every column of the offers of a region took seconds at scale."""
    departments = offers["department_code"]
    if regions:
        departments = departments[offers["region_label"].isin(regions).to_numpy(dtype=bool, na_value=False)]
    return sorted(departments.dropna().unique())
