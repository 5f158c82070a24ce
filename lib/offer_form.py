"""The "add an offer" page without Streamlit: its fields, the proposal table, the corrected row
checked against the contract, and the two CSV files offered for download.

The page pastes a text, shows what ``lib.extract`` proposes and where it read it, lets the user
correct every field, and downloads the row alone or the whole data file with the row added.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lib import categories as cat
from lib.export import offers_csv_text, to_contract_frame
from lib.extract import DEFAULT_ORG_TYPE, Extracted, context, geo_columns, make_offer_id
from lib.report import InvalidOffersFile, Issue
from lib.schema import CODES_SEPARATOR, COLUMN_NAMES
from lib.validation import load_offers

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class FormField:
    """One field of the correction form: its column, French label and widget kind."""

    name: str
    label: str
    kind: str  # text, longtext, category, codes, number, integer, month, date
    labels: cat.Labels | None = None
    help: str | None = None


FORM_FIELDS: tuple[FormField, ...] = (
    FormField("organisation", "Organisation", "text"),
    FormField("title", "Intitulé", "text"),
    FormField("org_type", "Type d'organisation", "category", cat.ORG_TYPES),
    FormField("contract", "Contrat", "category", cat.CONTRACTS),
    FormField("city", "Commune", "text"),
    FormField("postcode", "Code postal", "text"),
    FormField("country", "Pays (code ISO)", "text", help="FR, CA, BE…"),
    FormField("stipend_basis", "Gratification", "category", cat.STIPEND_BASES),
    FormField("stipend_amount_eur", "Montant (€ brut)", "number",
              help="Seulement si un montant est indiqué"),
    FormField("stipend_period", "Période du montant", "category", cat.STIPEND_PERIODS),
    FormField("hours_per_week", "Heures par semaine", "number"),
    FormField("duration_min_months", "Durée minimale (mois)", "number"),
    FormField("duration_max_months", "Durée maximale (mois)", "number"),
    FormField("start_earliest", "Début au plus tôt (AAAA-MM)", "month"),
    FormField("application_deadline", "Date limite de candidature (AAAA-MM-JJ)", "date"),
    FormField("year", "Année de l'offre", "integer"),
    FormField("remote", "Télétravail", "category", cat.REMOTE),
    FormField("driving_licence", "Permis de conduire", "category", cat.DRIVING_LICENCE),
    FormField("evening_weekend_work", "Travail en soirée ou le week-end", "category", cat.YES_NO),
    FormField("perks", "Avantages", "codes", cat.PERKS),
    FormField("level", "Niveau d'études", "codes", cat.LEVELS),
    FormField("themes", "Thèmes", "codes", cat.THEMES),
    FormField("url", "Adresse web de l'offre", "text"),
    FormField("offer_id", "Identifiant", "text", help="minuscules, chiffres et tirets"),
    FormField("source", "Source", "text"),
    FormField("notes", "Notes", "longtext"),
)
FIELDS_BY_NAME: dict[str, FormField] = {f.name: f for f in FORM_FIELDS}
LABELS: dict[str, str] = {f.name: f.label for f in FORM_FIELDS}
NOT_STATED = "—"


def bundled_offers_path() -> Path:
    """The data file the row is appended to: ``OFFERS_CSV`` if set, else data/offers.csv, a
    relative path being read from the project's root."""
    path = Path(os.environ.get("OFFERS_CSV", "data/offers.csv"))
    return path if path.is_absolute() else ROOT / path


def display_value(name: str, value: object) -> str:
    """A proposed value as the user reads it: French labels for codes, "—" for nothing."""
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return NOT_STATED
    spec = FIELDS_BY_NAME.get(name)
    if spec is not None and spec.labels is not None:
        codes = str(value).split(CODES_SEPARATOR) if spec.kind == "codes" else [str(value)]
        return ", ".join(cat.label(spec.labels, c) for c in codes if c)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def proposal_table(text: str, found: Mapping[str, Extracted], row: Mapping[str, object]) -> pd.DataFrame:
    """One line per form field: the proposed value and the passage of the text it comes from
    (with a little context), or why there is none."""
    lines = []
    for spec in FORM_FIELDS:
        if spec.name in ("offer_id", "source", "notes", "url"):
            continue
        hit = found.get(spec.name)
        if hit is not None and hit.passage:
            parts = hit.parts or (hit,)
            passage = " │ ".join("…{} [{}] {}…".format(*context(text, p, 40)) for p in parts)
        elif spec.name == "org_type" and row.get("org_type") == DEFAULT_ORG_TYPE:
            passage = "valeur par défaut : aucune forme juridique lue dans le texte"
        elif row.get(spec.name) not in (None, ""):
            passage = "valeur par défaut"
        else:
            passage = "rien dans le texte"
        lines.append({"Champ": spec.label, "Valeur proposée": display_value(spec.name, row.get(spec.name)),
                      "Passage du texte": passage})
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
    """The corrected row against the contract: its problems, and the two files to download."""

    issues: tuple[Issue, ...]
    row_csv: str
    row: Mapping[str, object] = field(default_factory=dict)
    existing: bytes | None = field(default=None, repr=False)

    @property
    def appended_csv(self) -> str | None:
        """The data file with the row added, or None without a data file. Written when asked for:
        a national file weighs tens of megabytes."""
        return None if self.existing is None else append_row(self.existing, self.row)

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    def issues_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"Gravité": "erreur" if i.severity == "error" else "à vérifier",
                              "Colonne": i.column or "", "Problème": i.reason,
                              "Valeur": "" if i.value is None else i.value} for i in self.issues])


def check_row(row: Mapping[str, object], existing: bytes | None = None) -> RowCheck:
    """Validate the row as a one-row file, as ``python -m lib validate`` would, and refuse an
    identifier the data file already uses."""
    row_csv = offers_csv_text(pd.DataFrame([dict(row)], columns=list(COLUMN_NAMES)))
    issues: list[Issue] = []
    try:
        loaded = load_offers(row_csv.encode("utf-8"))
        issues.extend(i for i in loaded.report.issues if not _about_missing_column(i))
    except InvalidOffersFile as exc:
        issues.extend(exc.report.issues)
    if existing is not None and row.get("offer_id") in taken_ids(existing):
        issues.append(Issue("error", "identifiant déjà utilisé dans le fichier de données",
                            column="offer_id", value=str(row.get("offer_id"))))
    return RowCheck(tuple(issues), row_csv, dict(row), existing)


def _about_missing_column(issue: Issue) -> bool:
    return issue.severity == "warning" and issue.reason.startswith("colonne absente")


@lru_cache(maxsize=2)
def taken_ids(existing: bytes) -> frozenset[str]:
    """The offer identifiers already in a data file; read once per file (a bytes object keeps
    its hash, so a file seen again costs nothing), not at every check of the form."""
    try:
        frame = pd.read_csv(io.BytesIO(existing), dtype=str, usecols=["offer_id"])
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError):
        return frozenset()
    return frozenset(frame["offer_id"].dropna())


def new_offer_id(row: Mapping[str, object], existing: bytes | None) -> str:
    """An identifier for the row that the data file does not use yet."""
    return make_offer_id(row.get("organisation"), row.get("title"), row.get("year"),
                         taken_ids(existing) if existing else ())


def append_row(existing: bytes, row: Mapping[str, object]) -> str:
    """The data file with the row added at the end: the file is kept as it is when its header
    is the contract's, else rewritten in the contract's column order."""
    text = existing.decode("utf-8-sig")
    header = next(csv.reader([text.splitlines()[0]])) if text.strip() else []
    frame = pd.DataFrame([dict(row)], columns=list(COLUMN_NAMES))
    if header == list(COLUMN_NAMES):
        line = to_contract_frame(frame).to_csv(index=False, header=False, lineterminator="\n")
        return text.rstrip("\n") + "\n" + line
    old = pd.read_csv(io.StringIO(text), dtype=str)
    return offers_csv_text(pd.concat([old, frame.astype(object)], ignore_index=True))
