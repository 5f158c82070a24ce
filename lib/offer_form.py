"""The add-offer page without Streamlit: the proposals read from a text, the fields of the
correction form (in the order the form shows them, row by row), the proposal table with each
field's passage, and the corrected row checked against the contract.

The page reads a pasted text or an uploaded file, shows one proposal per offer (a digest gives
several) with what ``lib.extract`` read and where, lets the user correct every field, then
suggests the offers (visitors) or publishes them in the collection (curators).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lib import categories as cat
from lib.collection.rows import contract_issues, rows_csv_text
from lib.export import offers_csv_text, to_contract_frame
from lib.extract import DEFAULT_ORG_TYPE, Extracted, context, geo_columns, make_offer_id
from lib.i18n import t
from lib.ingest import UnreadableDocument as IngestUnreadable
from lib.ingest import find_duplicates as ingest_duplicates
from lib.ingest import propose_offers as ingest_proposals
from lib.ingest import read_document
from lib.limits import MAX_POSTING_CHARS
from lib.loading import read_table
from lib.report import InvalidOffersFile, Issue
from lib.schema import CODES_SEPARATOR, COLUMN_NAMES
from lib.street_address import find_street_address
from lib.validation import contract_notation

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class FormField:
    """One field of the correction form: its column and widget kind; its label is the i18n text
    ``field_<name>`` (and ``help_<name>`` when there is one)."""

    name: str
    kind: str  # text, longtext, category, codes, number, integer, month, date
    labels: cat.Labels | None = None
    has_help: bool = False

    def label(self, lang: str = "fr") -> str:
        return t(f"field_{self.name}", lang)

    def help(self, lang: str = "fr") -> str | None:
        return t(f"help_{self.name}", lang) if self.has_help else None


# Two fields per row, in reading order: the form is drawn row by row, so the Tab key goes from
# left to right, then down.
_ALL_FIELDS: tuple[FormField, ...] = (
    FormField("organisation", "text"),
    FormField("title", "text"),
    FormField("org_type", "category", cat.ORG_TYPES),
    FormField("contract", "category", cat.CONTRACTS),
    FormField("address", "text", has_help=True),
    FormField("city", "text"),
    FormField("postcode", "text"),
    FormField("country", "text", has_help=True),
    FormField("stipend_basis", "category", cat.STIPEND_BASES),
    FormField("stipend_amount_eur", "number", has_help=True),
    FormField("stipend_period", "category", cat.STIPEND_PERIODS),
    FormField("hours_per_week_min", "number"),
    FormField("hours_per_week_max", "number"),
    FormField("duration_min_months", "number"),
    FormField("duration_max_months", "number"),
    FormField("start_earliest", "month", has_help=True),
    FormField("application_deadline", "date", has_help=True),
    FormField("year", "integer"),
    FormField("remote", "category", cat.REMOTE),
    FormField("driving_licence", "category", cat.DRIVING_LICENCE),
    FormField("evening_weekend_work", "category", cat.YES_NO),
    FormField("perks", "codes", cat.PERKS),
    FormField("level", "codes", cat.LEVELS),
    FormField("themes", "codes", cat.THEMES),
    FormField("url", "text"),
    FormField("offer_id", "text", has_help=True),
    FormField("republishes", "text", has_help=True),
    FormField("source", "text"),
    FormField("notes", "longtext"),
)
FORM_FIELDS: tuple[FormField, ...] = tuple(f for f in _ALL_FIELDS if f.name in COLUMN_NAMES)
FIELDS_BY_NAME: dict[str, FormField] = {f.name: f for f in FORM_FIELDS}
NOT_STATED = "—"


def form_rows(fields: tuple[FormField, ...] = FORM_FIELDS) -> list[tuple[FormField, ...]]:
    """The fields two by two, as the form's rows; a long text takes a row of its own."""
    rows: list[tuple[FormField, ...]] = []
    pending: list[FormField] = []
    for spec in fields:
        if spec.kind == "longtext":
            if pending:
                rows.append(tuple(pending))
                pending = []
            rows.append((spec,))
            continue
        pending.append(spec)
        if len(pending) == 2:
            rows.append(tuple(pending))
            pending = []
    if pending:
        rows.append(tuple(pending))
    return rows


# --- proposals ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DuplicateMatch:
    """An offer already shown by the dashboard that a proposal may repeat (lib.ingest's shape)."""

    offer_id: str
    score: float
    reason: str  # in French
    where: str  # bundled | collection | batch
    parts: tuple[tuple[str, str], ...] = ()  # the reasons as codes, written in the page's language (lib.review)


@dataclass
class Proposal:
    """One offer read from a text: its row, each field's passage, its own text, its duplicates."""

    row: dict[str, object]
    found: dict[str, Extracted]
    text: str
    source: str
    duplicates: list[DuplicateMatch] = field(default_factory=list)


class UnreadableDocument(ValueError):
    """A file that gives no text (French message)."""


def read_text_file(name: str, data: bytes) -> list[tuple[str, str]]:
    """(name, text) of each readable part of an uploaded file (e-mails, PDF, Word, web pages, text:
    lib.ingest's readers)."""
    try:
        return [(doc.name, doc.text) for doc in read_document(name, data)]
    except IngestUnreadable as exc:
        raise UnreadableDocument(str(exc)) from None


def propose_offers(text: str, source_name: str, existing: pd.DataFrame | None = None,
                   should_stop: Callable[[], bool] | None = None) -> list[Proposal]:
    """One proposal per offer of the text (lib.ingest splits digests and flags duplicates), each
    with an identifier no other offer has."""
    if len(text) > MAX_POSTING_CHARS:
        raise ValueError(f"Texte trop long : {len(text):,} caractères, {MAX_POSTING_CHARS:,} au plus."
                         .replace(",", " "))
    proposals = [Proposal(row=dict(p.row), found=dict(p.found), text=p.text, source=p.source,
                          duplicates=[DuplicateMatch(d.offer_id, d.score, d.reason, d.where, d.parts)
                                      for d in p.duplicates])
                 for p in ingest_proposals(text, source_name=source_name, existing=existing, should_stop=should_stop)]
    taken = set(existing["offer_id"].astype(str)) if existing is not None and not existing.empty else set()
    for proposal in proposals:
        _propose_address(proposal)
        proposal.row["offer_id"] = make_offer_id(proposal.row.get("organisation"), proposal.row.get("title"),
                                                 proposal.row.get("year"), taken)
        taken.add(str(proposal.row["offer_id"]))
    return proposals


def find_duplicates(row: Mapping[str, object], existing: pd.DataFrame | None) -> list[DuplicateMatch]:
    """Offers already shown that the row may repeat (lib.ingest's matching)."""
    if existing is None or existing.empty:
        return []
    return [DuplicateMatch(d.offer_id, d.score, d.reason, d.where, d.parts) for d in ingest_duplicates(row, existing)]


def _propose_address(proposal: Proposal) -> None:
    if proposal.row.get("address") or "address" not in COLUMN_NAMES:
        return
    street = find_street_address(proposal.text)
    if street is not None:
        proposal.row["address"] = street.value
        proposal.found["address"] = street


# --- the proposal table and the form --------------------------------------------------------------

def display_value(name: str, value: object, lang: str = "fr") -> str:
    """A proposed value as the user reads it: labels for codes, "—" for nothing."""
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return NOT_STATED
    spec = FIELDS_BY_NAME.get(name)
    if spec is not None and spec.labels is not None:
        codes = str(value).split(CODES_SEPARATOR) if spec.kind == "codes" else [str(value)]
        return ", ".join(cat.label(spec.labels, c, lang) for c in codes if c)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def proposal_table(text: str, found: Mapping[str, Extracted], row: Mapping[str, object],
                   lang: str = "fr") -> pd.DataFrame:
    """One line per form field: the proposed value and the passage of the text it comes from
    (with a little context), or why there is none."""
    lines = []
    for spec in FORM_FIELDS:
        if spec.name in ("offer_id", "source", "notes", "url", "republishes"):
            continue
        hit = found.get(spec.name)
        if hit is not None and hit.passage:
            parts = hit.parts or (hit,)
            passage = " │ ".join("…{} [{}] {}…".format(*context(text, p, 40)) for p in parts)
        elif spec.name == "org_type" and row.get("org_type") == DEFAULT_ORG_TYPE:
            passage = t("passage_default_org_type", lang)
        elif row.get(spec.name) not in (None, ""):
            passage = t("passage_default", lang)
        else:
            passage = t("passage_none", lang)
        lines.append({t("column_field", lang): spec.label(lang),
                      t("column_proposed", lang): display_value(spec.name, row.get(spec.name), lang),
                      t("column_passage", lang): passage})
    return pd.DataFrame(lines)


def form_defaults(row: Mapping[str, object]) -> dict[str, object]:
    """The value each form widget starts with: lists for codes, None for nothing stated."""
    values: dict[str, object] = {}
    for spec in FORM_FIELDS:
        value = row.get(spec.name)
        if spec.kind == "codes":
            values[spec.name] = [c for c in str(value or "").split(CODES_SEPARATOR) if c]
        elif spec.kind in ("number", "integer"):
            values[spec.name] = None if value is None else float(value)  # type: ignore[arg-type]
        elif spec.kind in ("text", "longtext", "month", "date"):
            values[spec.name] = "" if value is None else str(value)
        else:
            values[spec.name] = value
    return values


def row_from_form(values: Mapping[str, object], base: Mapping[str, object]) -> dict[str, object]:
    """The contract row from the corrected form values; department, region and coordinates
    follow the (possibly corrected) commune."""
    row: dict[str, object] = {name: base.get(name) for name in COLUMN_NAMES}
    for spec in FORM_FIELDS:
        if spec.name not in values:
            continue
        value = values[spec.name]
        if spec.kind == "codes":
            chosen = [str(c) for c in (value or [])]  # type: ignore[union-attr]
            row[spec.name] = CODES_SEPARATOR.join(chosen) or None
        elif spec.kind == "integer":
            row[spec.name] = None if value is None else int(value)  # type: ignore[call-overload]
        elif spec.kind == "number":
            row[spec.name] = None if value is None else float(value)  # type: ignore[arg-type]
        elif isinstance(value, str):
            row[spec.name] = " ".join(value.split()) if spec.kind != "longtext" else value.strip()
            row[spec.name] = row[spec.name] or None
        else:
            row[spec.name] = value
    for name in ("department_code", "region", "latitude", "longitude", "geo_precision"):
        row[name] = None
    row.update(geo_columns(row))
    return row


@dataclass(frozen=True)
class RowCheck:
    """The corrected row against the contract: its problems, and the row as a CSV file."""

    issues: tuple[Issue, ...]
    row_csv: str

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    def issues_frame(self, lang: str = "fr") -> pd.DataFrame:
        return pd.DataFrame([{t("column_severity", lang): t("severity_error" if i.severity == "error"
                                                             else "severity_warning", lang),
                              t("column_column", lang): i.column or "", t("column_problem", lang): i.reason_in(lang),
                              t("column_value", lang): "" if i.value is None else i.value} for i in self.issues])


def check_row(row: Mapping[str, object], taken: set[str] | frozenset[str] = frozenset()) -> RowCheck:
    """Validate the row as a one-row file, as ``python -m lib validate`` would, and refuse an
    identifier already shown by the dashboard."""
    issues = contract_issues(row)
    if row.get("offer_id") in taken:
        issues.append(Issue("error", "identifiant déjà utilisé par une offre du tableau de bord",
                            column="offer_id", value=str(row.get("offer_id")),
                            reason_en="identifier already used by an offer of the dashboard"))
    return RowCheck(tuple(issues), rows_csv_text([dict(row)]))


@dataclass(frozen=True)
class DataFileFacts:
    """What completing a data file needs to know of it, read once per file by the project's own
    loader (any encoding and separator it accepts): the identifiers it uses, and why the completed file
    cannot be written, if it cannot."""

    ids: frozenset[str]
    problem: str | None = None


@lru_cache(maxsize=2)
def data_file_facts(existing: bytes) -> DataFileFacts:
    """Read once per file (a bytes object keeps its hash, so a file seen again costs nothing), not at
    every check of the form."""
    try:
        raw = read_table(existing)
    except InvalidOffersFile as exc:
        reason = "; ".join(i.describe() for i in exc.report.errors[:1])
        return DataFileFacts(frozenset(), f"le fichier de données est illisible ({reason})")
    ids = frozenset()
    if "offer_id" in raw.frame.columns:
        ids = frozenset(v.strip() for v in raw.frame["offer_id"].dropna().unique() if v.strip())
    unreadable = raw.report.rejected_rows
    problem = None
    if unreadable:
        shown = ", ".join(str(r) for r in unreadable[:5]) + ("…" if len(unreadable) > 5 else "")
        problem = (f"le fichier de données a {len(unreadable)} ligne(s) illisible(s) (ligne {shown}) : "
                   "réécrit, il les perdrait ; corrigez-le d'abord (python -m lib validate)")
    return DataFileFacts(ids, problem)


def taken_ids(existing: bytes) -> frozenset[str]:
    """The offer identifiers already in a data file, whatever its encoding and separator."""
    return data_file_facts(existing).ids


def append_row(existing: bytes, row: Mapping[str, object]) -> str:
    """The data file with the row added at the end, in the contract's own format (UTF-8, comma, decimal
    point, the contract's columns first) whatever the format it was saved in (tab, ';', Windows-1252,
    UTF-16): every row the loader reads is kept as written, numbers in the contract's notation, through
    the one writer of lib/export.py. Raises InvalidOffersFile when some rows cannot be read (they would
    be lost: ``data_file_facts`` says so beforehand)."""
    raw = read_table(existing)
    if raw.report.rejected_rows:
        raise InvalidOffersFile(raw.report)
    new = to_contract_frame(pd.DataFrame([dict(row)], columns=list(COLUMN_NAMES)))
    return offers_csv_text(pd.concat([contract_notation(raw.frame), new], ignore_index=True))
