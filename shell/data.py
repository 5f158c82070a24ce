"""Loading the offers once per file content, for every page."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from lib.collection.rows import rows_csv_text
from lib.i18n import t
from lib.loading import read_bytes
from lib.membership import is_in
from lib.offers import Combined, combine_offers, prepare_offers
from lib.prepared_cache import cache_dir, load_prepared
from lib.report import InvalidOffersFile, Issue, ValidationReport
from lib.republication import link_republications
from lib.validation import load_offers
from shell.collection import collection_stamp, database_url, open_collection
from shell.uploads import UPLOAD_STATE, held_upload_safely

__all__ = ["UPLOAD_STATE", "Dataset", "bundled_path", "combine", "load_bundled", "load_collection", "load_uploaded",
           "reference_offers", "with_collection"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Dataset:
    """Prepared offers (None when the file cannot be read) and the report on the file."""

    offers: pd.DataFrame | None
    report: ValidationReport
    name: str


def bundled_path() -> Path:
    """data/offers.csv, unless the OFFERS_CSV environment variable names another file."""
    configured = os.environ.get("OFFERS_CSV")
    path = Path(configured) if configured else ROOT / "data" / "offers.csv"
    return path if path.is_absolute() else ROOT / path


# cache_resource, not cache_data: a cache_data hit unpickles a copy of the prepared offers at every
# run, which takes seconds at 100,000 offers (benchmarks/results.md); cache_resource hands back the
# same frame. It is never changed in place: pages only derive new frames from it, and pandas'
# copy-on-write copies any derived frame before it is written to.
@st.cache_resource(show_spinner=False, max_entries=2)
def _load_file(path: str, modified_ns: int, size: int) -> tuple[pd.DataFrame | None, ValidationReport]:
    # Keyed on the file's path, modification time and size: a new content is a new entry. After a
    # restart the prepared copy on disk (lib/prepared_cache.py, keyed on the bytes' hash) spares the
    # validation and preparation of an unchanged file.
    report = ValidationReport()
    try:
        data = read_bytes(Path(path), report)  # the size is checked before the file is read
    except InvalidOffersFile as exc:
        return None, exc.report
    except OSError as exc:
        report.add(Issue("error", t("file_unreadable_os", reason=exc.strerror)))
        return None, report
    return load_prepared(data, _load_bundled_bytes, cache_dir(), variant="bundled")


def _load_bundled_bytes(data: bytes) -> tuple[pd.DataFrame | None, ValidationReport]:
    return _load(data, "bundled", parquet=True)  # the bundled file may be Parquet (OFFERS_CSV=…/offers.parquet)


def _load(data: bytes, dataset: str, parquet: bool = False) -> tuple[pd.DataFrame | None, ValidationReport]:
    try:
        loaded = load_offers(data, parquet=parquet)
    except InvalidOffersFile as exc:
        return None, exc.report
    try:
        return prepare_offers(loaded.offers, dataset, loaded.stipends), loaded.report
    except Exception as exc:  # whatever a file holds, a page must not show a traceback
        loaded.report.add(Issue("error", f"offres impossibles à préparer pour l'affichage ({type(exc).__name__}) : "
                                         "signalez ce fichier aux mainteneurs"))
        return None, loaded.report


def load_bundled() -> Dataset:
    path = bundled_path()
    try:
        stat = path.stat()
    except OSError as exc:
        report = ValidationReport()
        report.add(Issue("error", f"fichier introuvable ({exc.strerror})"))
        return Dataset(None, report, str(path))
    offers, report = _load_file(str(path), stat.st_mtime_ns, stat.st_size)
    return Dataset(offers, report, path.name)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_collection(url: str, stamp: tuple[int, int]) -> tuple[pd.DataFrame | None, ValidationReport]:
    # Keyed on the database and its stamp (a new stamp at every change): read and prepared once
    # per change, not at every run. Published offers go through the same validation and
    # preparation as the rows of a CSV file.
    collection, _problem = open_collection()
    rows = collection.published_rows() if collection is not None else []
    if not rows:
        return None, ValidationReport()
    return _load(rows_csv_text(rows).encode("utf-8"), "collection")


def load_collection() -> tuple[Dataset | None, str | None]:
    """The published offers of the collection, and why they could not be read (French), if so."""
    collection, problem = open_collection()
    if collection is None:
        return None, problem
    stamp = collection_stamp(collection)
    if stamp is None:
        return None, "base de données injoignable"
    offers, report = _load_collection(database_url(), stamp)
    return Dataset(offers, report, "collection"), None


def with_collection(bundled: pd.DataFrame | None, published: pd.DataFrame | None) -> tuple[pd.DataFrame | None,
                                                                                               list[str]]:
    """Bundled and published offers in one table. A published offer whose identifier the bundled
    file also holds (merged into data/offers.csv since) is left out: the file is the reference.
    Returns the identifiers left out."""
    if published is None or published.empty:
        return bundled, []
    if bundled is None or bundled.empty:
        return published.reset_index(drop=True), []
    shadowed = pd.Series(is_in(published["offer_id"], bundled["offer_id"]), index=published.index)
    kept = published[~shadowed]
    # A published offer may republish a bundled one: the pair is linked (and counts once).
    combined = link_republications(pd.concat([bundled, kept], ignore_index=True)) if not kept.empty else bundled
    return combined, published.loc[shadowed, "offer_id"].tolist()


def reference_offers() -> pd.DataFrame | None:
    """The offers every visitor sees (bundled and published), prepared: what a new offer is
    checked against for duplicates and identifiers."""
    bundled = load_bundled()
    published, _problem = load_collection()
    combined, _shadowed = with_collection(bundled.offers, published.offers if published else None)
    return combined


def load_uploaded() -> Dataset | None:
    """The file the user added for this session, if any (shell/uploads.py holds it); never raises."""
    held = held_upload_safely()
    if held is None:
        return None
    name, upload, _problem = held
    if upload is None:
        return Dataset(None, ValidationReport(), name)
    return Dataset(upload.offers, upload.report, name)


def combine(bundled: pd.DataFrame | None, uploaded: pd.DataFrame | None) -> tuple[Combined, str | None]:
    """Bundled and uploaded offers in one table (lib.offers.combine_offers), and why the uploaded
    ones could not be added, if so: then the bundled offers alone, so every page still opens and
    the data page's remove button stays reachable."""
    try:
        return combine_offers(bundled, uploaded), None
    except Exception as exc:  # an uploaded file must never break a page
        return combine_offers(bundled, None), type(exc).__name__
