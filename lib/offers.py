"""The validated offers, enriched once with what every page shows: stipend, place, labels."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib import categories as cat
from lib import formatting as fmt
from lib.distinct import per_distinct
from lib.export import to_contract_frame
from lib.filters import SEARCH_COLUMN, search_texts
from lib.geocode import place_offers
from lib.membership import is_in
from lib.republication import REPUBLISHES, link_republications
from lib.schema import COLUMN_NAMES, COMPUTED_COLUMNS
from lib.stipend import normalise_stipends

EXACT_PRECISIONS = ("address", "commune")


def prepare_offers(offers: pd.DataFrame, dataset: str = "bundled",
                   stipends: pd.DataFrame | None = None) -> pd.DataFrame:
    """Valid offers plus derived columns; placed offline so no network is ever needed here.

    Row-wise rules (stipend, texts) run once per distinct combination of their inputs, which
    offers share massively, and are spread back to every offer. ``stipends``: the offers'
    normalised stipends if validation already made them (``LoadedOffers.stipends``); used only
    when they are for the very same rows.
    """
    # Columns this function computes are computed again, whatever a file held under their names
    # (the data page's download carries them): never two columns of one name.
    offers = offers.drop(columns=[c for c in offers.columns if c in COMPUTED_COLUMNS])
    placed = place_offers(offers)
    if stipends is None or not stipends.index.equals(placed.index):
        stipends = normalise_stipends(placed)  # placing changes no input of the stipends
    prepared = pd.concat([placed, stipends], axis=1)
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
    # Every language's text from one pass over the distinct inputs (finding them is most of the cost).
    for column, inputs, texts in (("stipend_text", ["stipend_basis", "stipend_amount_eur", "stipend_period"],
                                   _stipend_texts),
                                  ("place_text", ["city", "department_code", "country"], _place_texts)):
        in_each_language = per_distinct(prepared, inputs, lambda d, texts=texts: pd.DataFrame(
            {lang: texts(d, lang).to_numpy() for lang in cat.LANGUAGES}))
        for lang in cat.LANGUAGES:
            prepared[localised(column, lang)] = in_each_language[lang]
    # What the search box looks through, folded once here rather than at every keystroke.
    prepared[SEARCH_COLUMN] = search_texts(prepared)
    prepared = link_republications(prepared)
    # The spreadsheet row, from the index (a column of the file named "row" stays a column of its own).
    prepared["source_row"] = prepared.index
    return prepared.reset_index(drop=True)


def localised(column: str, lang: str = "fr") -> str:
    """Name of the column holding a text in ``lang``: ``stipend_text`` in French, ``stipend_text_en``
    in English (``place_text`` likewise)."""
    return column if lang == "fr" else f"{column}_{lang}"


def _stipend_texts(distinct: pd.DataFrame, lang: str) -> pd.Series:
    return pd.Series([fmt.stipend_as_written(b, a, p, lang) for b, a, p in
                      zip(distinct["stipend_basis"], distinct["stipend_amount_eur"], distinct["stipend_period"],
                          strict=True)])


def _place_texts(distinct: pd.DataFrame, lang: str) -> pd.Series:
    """``_place_text`` of every row, column by column (tens of thousands of distinct places at scale);
    tests/test_prepared_cache.py checks it against ``_place_text``."""
    city = _texts_or_empty(distinct["city"])
    department = _texts_or_empty(distinct["department_code"])
    country = _texts_or_empty(distinct["country"])
    abroad = distinct["country"].notna().to_numpy() & (country != "FR")
    has_city = city != ""
    department_word = "Département" if lang == "fr" else "Department"
    with_country = np.where(has_city, city + " (" + country + ")", country)
    with_department = np.where(has_city, city + " (" + department + ")", department_word + " " + department)
    texts = np.where(abroad, with_country,
                     np.where(department != "", with_department, np.where(has_city, city, "—")))
    return pd.Series(texts.tolist())


def _texts_or_empty(values: pd.Series) -> np.ndarray:
    """A column as an array of Python strings, a missing value as ""."""
    return np.array(["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
                     for v in values.to_numpy(dtype=object)], dtype=object)


def _place_text(city, department, country, lang: str = "fr") -> str:
    city = "" if city is None or pd.isna(city) else str(city)
    if country is not None and not pd.isna(country) and country != "FR":
        return f"{city} ({country})" if city else str(country)
    if department is not None and not pd.isna(department) and department:
        return f"{city} ({department})" if city else f"{'Département' if lang == 'fr' else 'Department'} {department}"
    return city or "—"


def org_type_label(code: str, lang: str = "fr") -> str:
    return cat.label(cat.ORG_TYPES, code, lang)


@dataclass
class Combined:
    """The bundled and the uploaded offers in one table, and what combining them changed."""

    offers: pd.DataFrame
    renamed: list[str] = field(default_factory=list)  # « old-id → new-id », an uploaded id already taken
    already_there: list[str] = field(default_factory=list)  # uploaded offers identical to a bundled one


def combine_offers(bundled: pd.DataFrame | None, uploaded: pd.DataFrame | None) -> Combined:
    """Bundled and uploaded offers in one table (prepared frames), republished pairs linked.

    An uploaded offer identical to a bundled one, column for column of the contract (the data page's
    own download uploaded back), is not added twice; one whose id is taken by a different offer gets
    a suffix. Both are reported so that nothing changes silently.
    """
    frames = [f for f in (bundled, uploaded) if f is not None]
    if not frames:
        return Combined(pd.DataFrame())
    if bundled is None or uploaded is None:
        return Combined(frames[0].reset_index(drop=True))
    bundled_ids = pd.Index(bundled["offer_id"].astype(str))
    uploaded_ids = uploaded["offer_id"].astype(str)
    clashing = pd.Series(is_in(uploaded_ids, bundled["offer_id"]), index=uploaded.index)
    same = pd.Series(False, index=uploaded.index)
    if clashing.any():
        columns = [c for c in COLUMN_NAMES if c in bundled.columns and c in uploaded.columns]
        theirs = to_contract_frame(uploaded.loc[clashing, columns]).fillna("")
        first = ~bundled_ids.duplicated()
        ours = to_contract_frame(bundled.loc[first, columns]).fillna("").set_index(bundled_ids[first])
        ours = ours.loc[theirs["offer_id"]].set_axis(theirs.index)
        same.loc[clashing] = (theirs == ours).all(axis=1)
    already_there = uploaded_ids[same].tolist()
    added = uploaded.loc[~same]
    taken = set(bundled_ids)
    renamed: list[str] = []
    new_ids = []
    for offer_id in added["offer_id"].astype(str):
        if offer_id in taken:
            new_id, suffix = f"{offer_id}-import", 2
            while new_id in taken:
                new_id, suffix = f"{offer_id}-import{suffix}", suffix + 1
            renamed.append(f"{offer_id} → {new_id}")
            offer_id = new_id
        taken.add(offer_id)
        new_ids.append(offer_id)
    if renamed:
        old_ids = added["offer_id"].astype(str).tolist()
        added = added.assign(offer_id=pd.Series(new_ids, index=added.index, dtype=added["offer_id"].dtype))
        if REPUBLISHES in added.columns:
            # A link inside the uploaded file follows its renamed first posting.
            moved = {old: new for old, new in zip(old_ids, new_ids, strict=True) if old != new}
            added = added.assign(**{REPUBLISHES: added[REPUBLISHES].map(
                lambda i: moved.get(i, i) if isinstance(i, str) else i).astype(added[REPUBLISHES].dtype)})
    # An uploaded offer may republish a bundled one: the pair is linked across the files (and counts once).
    return Combined(link_republications(pd.concat([bundled, added], ignore_index=True)), renamed, already_there)
