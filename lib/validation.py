"""Checking a table of offers against the contract, row by row, with pandera.

Two steps: each cell is parsed from its string (a number, a month, a date) without guessing,
then a pandera schema checks categories, ranges and the rules that tie columns together. Every
failure becomes an Issue naming the spreadsheet row, the column and the reason; rows with an
error are set aside, the others are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from lib import schema
from lib.loading import RawTable, read_table
from lib.report import InvalidOffersFile, Issue, ValidationReport
from lib.schema import COLUMNS, SPECS, ColumnSpec

_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_URL = r"^https?://\S+$"
_FR_POSTCODE = r"^\d{5}$"
_DEPARTMENT = r"^(?:\d{2}|2A|2B|97\d)$"
# Metropolitan France with Corsica; overseas departments are checked against world bounds only.
_METRO_LAT = (41.0, 51.6)
_METRO_LON = (-5.8, 10.0)


@dataclass
class LoadedOffers:
    """The valid offers, typed, and the report on the whole file."""

    offers: pd.DataFrame
    report: ValidationReport


def load_offers(source: bytes | str | Path) -> LoadedOffers:
    """Read and validate a file; raises InvalidOffersFile when no row can be read at all."""
    raw = read_table(source)
    offers = validate_table(raw)
    return LoadedOffers(offers=offers, report=raw.report)


def validate_table(raw: RawTable) -> pd.DataFrame:
    """Valid rows as a typed frame (index = spreadsheet row); problems go to ``raw.report``."""
    report = raw.report
    frame = raw.frame.copy()
    frame.index = pd.Index(raw.rows, name="row")
    _check_columns(frame, report)
    typed, bad_rows = _parse_cells(frame, report)
    bad_rows |= _run_schema(typed, report)
    valid = typed.drop(index=sorted(bad_rows))
    report.rows_valid = len(valid)
    _add_warnings(valid, report)
    return valid


def _check_columns(frame: pd.DataFrame, report: ValidationReport) -> None:
    missing_required = [c for c in schema.REQUIRED_COLUMNS if c not in frame.columns]
    if missing_required:
        report.add(Issue("error", "colonne(s) obligatoire(s) absente(s) : " + ", ".join(missing_required)))
        raise InvalidOffersFile(report)
    for spec in COLUMNS:
        if spec.name not in frame.columns:
            report.add(Issue("warning", "colonne absente : ajoutée vide", column=spec.name))
            frame[spec.name] = pd.Series(pd.NA, index=frame.index, dtype="string")


def _parse_cells(frame: pd.DataFrame, report: ValidationReport) -> tuple[pd.DataFrame, set[int]]:
    """Typed columns; the rows whose cells cannot be parsed are returned to be set aside."""
    bad: set[int] = set()
    typed = pd.DataFrame(index=frame.index)
    for spec in COLUMNS:
        values = frame[spec.name].astype("string").str.strip().replace("", pd.NA)
        parsed, problems = _parse_column(values, spec)
        typed[spec.name] = parsed
        for row, reason in problems.items():
            bad.add(row)
            report.add(Issue("error", reason, row=row, column=spec.name,
                             value=str(frame.at[row, spec.name]), offer_id=_offer_id(frame, row)))
    extra = [c for c in frame.columns if c not in SPECS]
    for name in extra:
        typed[name] = frame[name]
    return typed, bad


def _parse_column(values: pd.Series, spec: ColumnSpec) -> tuple[pd.Series, dict[int, str]]:
    problems: dict[int, str] = {}
    if spec.kind == "number":
        out = pd.Series(pd.NA, index=values.index, dtype="Float64")
        for row, text in values.dropna().items():
            number = _parse_number(text)
            if number is None:
                problems[row] = _number_hint(text)
            else:
                out[row] = number
        return out, problems
    if spec.kind == "integer":
        out = pd.Series(pd.NA, index=values.index, dtype="Int64")
        for row, text in values.dropna().items():
            if _YEAR.match(text):
                out[row] = int(text)
            else:
                problems[row] = "année attendue sur quatre chiffres, par exemple 2023"
        return out, problems
    if spec.kind == "month":
        for row, text in values.dropna().items():
            if not _MONTH.match(text):
                problems[row] = "mois attendu au format AAAA-MM, par exemple 2023-03 pour mars 2023"
        return values, problems
    if spec.kind == "date":
        for row, text in values.dropna().items():
            if not _DATE.match(text) or _to_date(text) is None:
                problems[row] = "date attendue au format AAAA-MM-JJ, par exemple 2023-01-15"
        return values, problems
    return values, problems


def _parse_number(text: str) -> float | None:
    """A plain number; a decimal comma (French spreadsheets) is read as a decimal point."""
    if _NUMBER.match(text):
        return float(text)
    if _DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    return None


def _number_hint(text: str) -> str:
    if re.search(r"\d", text) and re.search(r"[€\s]|eur", text, re.IGNORECASE):
        digits = re.sub(r"[^\d,.]", "", text)
        return f"nombre attendu, sans espace ni symbole : écrivez {digits}"
    return "nombre attendu (chiffres, avec un point ou une virgule décimale)"


def _to_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _offer_id(frame: pd.DataFrame, row: int) -> str | None:
    value = frame.at[row, "offer_id"] if "offer_id" in frame.columns else None
    return None if value is None or pd.isna(value) else str(value)


# --- the pandera schema ----------------------------------------------------------------------

def _codes_valid(allowed: tuple[str, ...]):
    allowed_set = set(allowed)

    def check(series: pd.Series) -> pd.Series:
        return series.map(
            lambda v: all(code.strip() in allowed_set for code in str(v).split(schema.CODES_SEPARATOR)
                          if code.strip()),
            na_action="ignore",
        ).fillna(True).astype(bool)

    return check


def _column_checks(spec: ColumnSpec) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if spec.kind == "category":
        checks.append(pa.Check.isin(list(spec.allowed),
                                    error="valeur inconnue ; valeurs permises : " + ", ".join(spec.allowed)))
    if spec.kind == "codes":
        checks.append(pa.Check(_codes_valid(spec.allowed), element_wise=False,
                               error="code inconnu ; codes permis, séparés par « ; » : "
                                     + ", ".join(spec.allowed)))
    if spec.kind in ("number", "integer") and spec.minimum is not None:
        checks.append(pa.Check.ge(spec.minimum, error=f"valeur trop petite (minimum {spec.minimum:g})"))
    if spec.kind in ("number", "integer") and spec.maximum is not None:
        checks.append(pa.Check.le(spec.maximum, error=f"valeur trop grande (maximum {spec.maximum:g})"))
    if spec.kind in ("text", "slug", "url", "codes", "category"):
        checks.append(pa.Check.str_length(max_value=spec.max_length,
                                          error=f"texte trop long (plus de {spec.max_length} caractères)"))
    if spec.kind == "slug":
        checks.append(pa.Check.str_matches(_SLUG, error="identifiant attendu en minuscules, chiffres et "
                                                        "tirets, sans accent (ex. nicaya-consultant-2023)"))
    if spec.kind == "url":
        checks.append(pa.Check.str_matches(_URL, error="adresse web attendue, commençant par https://"))
    if spec.name == "country":
        checks.append(pa.Check.str_matches(r"^[A-Z]{2}$", error="code pays ISO à deux lettres majuscules "
                                                                "attendu (FR, CA…)"))
    return checks


def _dtype(spec: ColumnSpec) -> str:
    return {"number": "Float64", "integer": "Int64"}.get(spec.kind, "string")


# Rules that tie columns together: (name, columns blamed, predicate over the frame -> ok rows).
def _cross_checks() -> list[tuple[str, tuple[str, ...], object]]:
    def fr(d: pd.DataFrame) -> pd.Series:
        return d["country"].fillna("FR").eq("FR")

    def both_or_none(a: str, b: str):
        return lambda d: d[a].isna().eq(d[b].isna())

    def amount_iff_explicit(d: pd.DataFrame) -> pd.Series:
        return d["stipend_basis"].eq("explicit").fillna(False).eq(d["stipend_amount_eur"].notna())

    def period_iff_amount(d: pd.DataFrame) -> pd.Series:
        return d["stipend_amount_eur"].notna().eq(d["stipend_period"].notna())

    def sane_amount(d: pd.DataFrame) -> pd.Series:
        hourly = d["stipend_period"].eq("hour").fillna(False)
        too_high = hourly & d["stipend_amount_eur"].gt(schema.MAX_HOURLY_STIPEND_EUR).fillna(False)
        return ~too_high

    def durations_ordered(d: pd.DataFrame) -> pd.Series:
        return ~(d["duration_min_months"] > d["duration_max_months"]).fillna(False)

    def postcode_fr(d: pd.DataFrame) -> pd.Series:
        return ~(fr(d) & d["postcode"].notna() & ~d["postcode"].str.match(_FR_POSTCODE).fillna(False))

    def department_fr(d: pd.DataFrame) -> pd.Series:
        return ~(d["department_code"].notna() & ~d["department_code"].str.match(_DEPARTMENT).fillna(False))

    def coordinates_in_france(d: pd.DataFrame) -> pd.Series:
        overseas = d["department_code"].str.startswith("97").fillna(False)
        lat, lon = d["latitude"], d["longitude"]
        inside = lat.between(*_METRO_LAT) & lon.between(*_METRO_LON)
        checked = fr(d) & ~overseas & lat.notna() & lon.notna()
        return ~(checked & ~inside.fillna(False))

    def place_given(d: pd.DataFrame) -> pd.Series:
        fully_remote = d["remote"].eq("full").fillna(False)
        has_place = d["city"].notna() | d["postcode"].notna() | d["latitude"].notna()
        return fully_remote | has_place

    return [
        ("le montant est obligatoire quand stipend_basis vaut « explicit », et doit rester vide sinon",
         ("stipend_amount_eur", "stipend_basis"), amount_iff_explicit),
        ("stipend_period (month ou hour) accompagne toujours un montant, et lui seul",
         ("stipend_period",), period_iff_amount),
        (f"montant horaire absurde (plus de {schema.MAX_HOURLY_STIPEND_EUR:g} € de l'heure)",
         ("stipend_amount_eur",), sane_amount),
        ("durée minimale supérieure à la durée maximale", ("duration_min_months", "duration_max_months"),
         durations_ordered),
        ("code postal français attendu sur cinq chiffres (ex. 13200, pas le code INSEE)", ("postcode",),
         postcode_fr),
        ("code de département attendu (ex. 13, 2A, 974)", ("department_code",), department_fr),
        ("latitude et longitude vont ensemble : les deux ou aucune", ("latitude", "longitude"),
         both_or_none("latitude", "longitude")),
        ("coordonnées hors de France métropolitaine : latitude et longitude inversées ?",
         ("latitude", "longitude"), coordinates_in_france),
        ("lieu manquant : indiquez city ou postcode (ou remote = full)", ("city",), place_given),
    ]


def build_schema() -> pa.DataFrameSchema:
    """The pandera schema of the typed offers table."""
    columns = {
        spec.name: pa.Column(
            _dtype(spec),
            checks=_column_checks(spec),
            nullable=not spec.required,
            unique=spec.name == "offer_id",
            required=True,
        )
        for spec in COLUMNS
    }
    checks = [pa.Check(fn, error=message, name=message) for message, _cols, fn in _cross_checks()]
    return pa.DataFrameSchema(columns, checks=checks, strict=False, coerce=False)


_CROSS_BLAME = {message: cols for message, cols, _fn in _cross_checks()}
_SCHEMA = build_schema()


def _run_schema(typed: pd.DataFrame, report: ValidationReport) -> set[int]:
    try:
        _SCHEMA.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _report_failures(exc.failure_cases, typed, report)
    return set()


def _report_failures(failures: pd.DataFrame, typed: pd.DataFrame, report: ValidationReport) -> set[int]:
    bad: set[int] = set()
    seen: set[tuple[int, str, str]] = set()
    for case in failures.itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        column = None if pd.isna(case.column) else str(case.column)
        reason = _french_reason(str(case.check))
        blamed = _CROSS_BLAME.get(str(case.check))
        if blamed is not None and column not in blamed:
            continue  # a frame-wide rule lists every column of the row; keep the ones it is about
        if row is None:
            report.add(Issue("error", reason, column=column))
            continue
        key = (row, column or "", reason)
        if key in seen:
            continue
        seen.add(key)
        bad.add(row)
        value = typed.at[row, column] if column in typed.columns else None
        report.add(Issue("error", reason, row=row, column=column,
                         value=None if value is None or pd.isna(value) else str(value),
                         offer_id=_offer_id(typed, row)))
    return bad


def _french_reason(check: str) -> str:
    if check.startswith("not_nullable"):
        return "valeur obligatoire manquante"
    if check.startswith("field_uniqueness"):
        return "identifiant en double : chaque offer_id doit être unique"
    if check.startswith("dtype("):
        return "type de valeur inattendu"
    return check


def _add_warnings(valid: pd.DataFrame, report: ValidationReport) -> None:
    """Facts worth a look that do not make a row invalid."""
    from lib.stipend import normalise_stipends  # local: stipend builds on the validated frame

    long_internships = valid["contract"].eq("internship") & valid["duration_max_months"].gt(
        schema.MAX_INTERNSHIP_MONTHS).fillna(False)
    for row in valid.index[long_internships]:
        report.add(Issue("warning", "stage de plus de 6 mois : la loi limite un stage à 6 mois par "
                                    "organisme et par année d'enseignement", row=int(row),
                         column="duration_max_months", offer_id=_offer_id(valid, row)))
    starts = valid["start_earliest"]
    deadlines = valid["application_deadline"].str.slice(0, 7)
    early = starts.notna() & deadlines.notna() & (starts < deadlines)
    for row in valid.index[early.fillna(False)]:
        report.add(Issue("warning", "le début du stage précède la date limite de candidature",
                         row=int(row), column="start_earliest", offer_id=_offer_id(valid, row)))
    stipends = normalise_stipends(valid)
    for row in valid.index[stipends["below_legal_minimum"]]:
        report.add(Issue("warning", "montant inférieur à la gratification minimale légale de l'année",
                         row=int(row), column="stipend_amount_eur", offer_id=_offer_id(valid, row)))
