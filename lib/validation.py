"""Checking a table of offers against the contract, row by row, with pandera.

Three steps: each cell is parsed from its string (a number, a month, a date) without guessing;
a pandera schema checks categories, ranges, lengths and uniqueness; the rules that tie columns
together run last. Every failure becomes an Issue naming the spreadsheet row, the column and the
reason in French; rows with an error are set aside, the others are kept.

What is read and what is not, so that nothing is guessed:

- numbers: ``12.5`` and ``12,5`` (French Excel writes a decimal comma) are both 12.5. A comma
  that could also be a thousands separator within the column's range (``1,300`` €: 1.3 or
  1300?) is refused, and so is a third decimal in euros. ``1 300 €``, ``35h`` or ``4 à 6`` are
  refused, with the number to write when it is certain (never one end of a range).
- months ``AAAA-MM``, dates ``AAAA-MM-JJ``, years ``AAAA`` only; ``03/2023``, ``mars 2023`` or
  ``15/01/2023`` are refused with the value to write in the hint.
- a duplicated offer_id rejects every copy: which one is right cannot be told.
- ``republishes`` names the first posting of the same offer: naming the row itself, or a row
  that itself republishes another (a chain), is an error; naming an offer that is not in the
  file is a warning, since it may be in another file loaded beside it (the bundled data).
- a file written for contract v1 (``hours_per_week``) loads: its value fills both
  ``hours_per_week_min`` and ``hours_per_week_max``, said once in the report; its problems are
  reported under the file's own column name.
"""

from __future__ import annotations

import csv
import gzip
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

from lib import schema
from lib.distinct import map_distinct, per_distinct
from lib.gazetteer import COMMUNES_FILE, OVERSEAS_PREFIXES, normalise_name
from lib.loading import RawTable
from lib.memory import release_after
from lib.parquet_files import read_offers_table
from lib.report import HEADER_ROW, InvalidOffersFile, Issue, ValidationReport
from lib.schema import COLUMNS, SPECS, ColumnSpec
from lib.spaces import any_space_to_strip

if TYPE_CHECKING:
    import pandera.pandas as pa

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
# "1,300": a French decimal (1,3) or an English thousands separator (1 300)? ("0,005" is not:
# nobody groups the thousands of a number that starts with 0.)
_THOUSANDS_SHAPED = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z"
_URL = r"^https?://\S+\Z"
_FR_POSTCODE = r"^\d{5}\Z"
_DEPARTMENT = r"^(?:\d{2}|2A|2B|97\d)\Z"
# Metropolitan France with Corsica; overseas departments are checked against world bounds only.
_METRO_LAT = (41.0, 51.6)
_METRO_LON = (-5.8, 10.0)
# Money is written in euros and cents: a third decimal is a typing error or a thousands separator.
_MAX_DECIMALS = {"stipend_amount_eur": 2}

_MONTH_NAMES = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9, "octobre": 10,
    "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
_SPACES = " \u00a0\u202f"
_UNIT = re.compile(r"(?P<number>[+-]?\d[\d \u00a0\u202f.,']*?)\s*(?:€|eur|euros?|h|heures?|mois|semaines?)(?:\W.*)?",
                   re.IGNORECASE | re.DOTALL)


@dataclass
class LoadedOffers:
    """The valid offers, typed, and the report on the whole file; ``stipends``, their normalised
    stipends (``lib.stipend.normalise_stipends``), which the warnings needed: ``prepare_offers``
    takes them rather than computing them again (a million offers: 0.4 s)."""

    offers: pd.DataFrame
    report: ValidationReport
    stipends: pd.DataFrame | None = None


def load_offers(source: bytes | bytearray | memoryview | str | Path, parquet: bool = False) -> LoadedOffers:
    """Read and validate a file (bytes of an upload, or a path).

    Returns the valid rows and the report, even when every row is rejected; raises
    InvalidOffersFile, carrying the report, when no row can be read at all. A Parquet file is read
    from a path, or from bytes when ``parquet`` allows it (the bundled file; never an upload, whose
    memory budget counts CSV text).
    """
    raw = read_offers_table(source, parquet or isinstance(source, str | Path))
    release_after(len(raw.frame))  # what reading freed, before validation allocates
    offers, stipends = _validated(raw)
    release_after(len(raw.frame))
    return LoadedOffers(offers=offers, report=raw.report, stipends=stipends)


def validate_table(raw: RawTable) -> pd.DataFrame:
    """Valid rows as a typed frame (index = spreadsheet row); problems go to ``raw.report``."""
    return _validated(raw)[0]


def _validated(raw: RawTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``validate_table``, with the valid rows' normalised stipends that its warnings computed."""
    report = raw.report
    frame = raw.frame.copy(deep=False)  # copy-on-write: the file's columns are shared, not copied
    frame.index = pd.Index(raw.rows, name="row")
    first_issue = len(report.issues)
    v1_columns = _read_v1_columns(frame, report)
    _check_columns(frame, report)
    typed, unparsed = _parse_cells(frame, report)
    bad_rows = {row for row, _column in unparsed}
    bad_rows |= _run_schema(typed, report)
    bad_rows |= _run_cross_rules(typed, report, unparsed)
    bad_rows |= _run_republication_rules(typed, report, unparsed)
    valid = typed.drop(index=sorted(bad_rows)) if bad_rows else typed
    report.rows_valid = len(valid)
    stipends = _add_warnings(valid, report, typed)
    if v1_columns:
        _name_v1_columns(report, first_issue, v1_columns)
    report.sort()
    return valid, stipends


_V1_MESSAGE = ("fichier du contrat v1 : la colonne {old} est devenue {new} (une fourchette d'heures : « 28 et 35 h » "
               "s'écrit 28 et 35) ; chaque valeur est reprise dans les deux, rien n'est perdu. Les lignes "
               "legal_minimum gardent leur code : le contrat v1 n'avait pas le code paid_unstated (stage indemnisé "
               "sans montant), voir data/README.md")


def _read_v1_columns(frame: pd.DataFrame, report: ValidationReport) -> dict[str, str]:
    """Columns of contract v1 read into their v2 replacements, in place; {v2 column: v1 column}.

    One warning per v1 column says what it became. A file that already has the v2 columns keeps
    them, and its v1 column is left aside like any unknown column (with its own warning).
    """
    read: dict[str, str] = {}
    for old, new in schema.V1_RENAMED.items():
        if old not in frame.columns:
            continue
        present = [name for name in new if name in frame.columns]
        if present:
            report.add(Issue("warning", f"colonne du contrat v1 ignorée : ce fichier a déjà {' et '.join(present)}",
                             row=HEADER_ROW, column=old))
            continue
        for name in new:
            frame[name] = frame[old]
            read[name] = old
        del frame[old]
        report.add(Issue("warning", _V1_MESSAGE.format(old=old, new=" et ".join(new)), row=HEADER_ROW, column=old))
    return read


def _name_v1_columns(report: ValidationReport, first: int, v1_columns: dict[str, str]) -> None:
    """Problems of a v1 file's cells named by the column the file has: one cell copied into two
    columns is one problem, not two."""
    kept: list[Issue] = report.issues[:first]
    seen: set[tuple] = set()
    for issue in report.issues[first:]:
        if issue.row is not None and issue.row > HEADER_ROW and issue.column in v1_columns:
            issue = replace(issue, column=v1_columns[issue.column])
            key = (issue.severity, issue.reason, issue.row, issue.column, issue.value)
            if key in seen:
                continue
            seen.add(key)
        kept.append(issue)
    report.issues[:] = kept


def _check_columns(frame: pd.DataFrame, report: ValidationReport) -> None:
    missing_required = [c for c in schema.REQUIRED_COLUMNS if c not in frame.columns]
    for name in missing_required:
        report.add(Issue("error", "colonne obligatoire absente de l'en-tête : aucune offre ne peut être lue",
                         row=HEADER_ROW, column=name))
    if missing_required:
        raise InvalidOffersFile(report)
    for spec in COLUMNS:
        if spec.name not in frame.columns:
            report.add(Issue("warning", "colonne absente : ajoutée vide", row=HEADER_ROW, column=spec.name))
            frame[spec.name] = pd.Series(pd.NA, index=frame.index, dtype="string")


def _parse_cells(frame: pd.DataFrame, report: ValidationReport) -> tuple[pd.DataFrame, set[tuple[int, str]]]:
    """Typed columns, and the (row, column) of every cell that cannot be parsed: its row is set
    aside, and the rules reading that cell are not run on it (their message would mislead).

    Each distinct cell of a column is parsed once, as a plain Python string, and its value spread
    back to the rows holding it: a column of 100,000 offers holds a few hundred distinct values.
    """
    bad: set[tuple[int, str]] = set()
    rows = frame.index
    columns: dict[str, object] = {}
    for spec in COLUMNS:
        raw = frame[spec.name]
        if spec.kind in _TEXT_KINDS:
            as_read = _text_as_read(raw)
            if as_read is not None:
                columns[spec.name] = as_read
                continue
        codes, distinct = pd.factorize(raw)  # an empty cell (NA) has code -1
        values, problems = _parse_column([_cell(v) for v in distinct], spec)
        columns[spec.name] = pd.array([*values, None], dtype=_dtype(spec)).take(codes)
        if not problems:
            continue
        for position in np.flatnonzero(np.isin(codes, list(problems))):
            row = int(rows[position])
            bad.add((row, spec.name))
            offer_id = _cell(frame["offer_id"].iloc[position]) if "offer_id" in frame.columns else None
            report.add(Issue("error", problems[int(codes[position])], row=row, column=spec.name,
                             value=str(raw.iloc[position]), offer_id=offer_id))
    for name in frame.columns:
        if name not in SPECS:
            columns[name] = frame[name].array
    return pd.DataFrame(columns, index=frame.index), bad


# Kinds whose cells are only stripped here (their rules are the schema's): nothing to parse.
_TEXT_KINDS = ("text", "slug", "url", "codes", "category")
def _text_as_read(raw: pd.Series) -> pd.api.extensions.ExtensionArray | None:
    """A text column as validation reads it (stripped, an empty cell missing) without a copy of its
    text: pyarrow's buffers of the file are shared, only the missing cells are marked. None when a
    cell has spaces to strip (or the column is not pyarrow's), for the cell-by-cell reading.

    The long texts (notes, sources) are most of a file: a copy of each would double it in memory.
    """
    arrow = _arrow_strings(raw)
    if arrow is None or any_space_to_strip(arrow):
        return None
    chunks = [_empty_as_missing(chunk) for chunk in arrow.chunks]
    return pd.StringDtype().__from_arrow__(pyarrow.chunked_array(chunks, type=arrow.type))


def _arrow_strings(series: pd.Series) -> pyarrow.ChunkedArray | None:
    """The Arrow strings holding ``series``, shared, not copied; None when it is not held so."""
    try:
        arrow = series.array.__arrow_array__()
    except (AttributeError, TypeError):
        return None
    if not isinstance(arrow, pyarrow.ChunkedArray) or not (pyarrow.types.is_large_string(arrow.type)
                                                         or pyarrow.types.is_string(arrow.type)):
        return None
    return arrow


def _empty_as_missing(chunk: pyarrow.Array) -> pyarrow.Array:
    """The chunk with its empty strings marked missing: a new validity bitmap over the same offsets
    and characters."""
    present = pc.fill_null(pc.not_equal(chunk, ""), False)
    if pc.all(present).as_py() and chunk.null_count == 0:
        return chunk
    if chunk.offset != 0 or present.offset != 0:
        return pc.if_else(present, chunk, pyarrow.scalar(None, chunk.type))
    bitmap = present.buffers()[1]
    return pyarrow.Array.from_buffers(chunk.type, len(chunk), [bitmap, *chunk.buffers()[1:]])


def _cell(value: object) -> str | None:
    """A cell's text without surrounding spaces; None when empty."""
    if value is None or value is pd.NA or not isinstance(value, str):
        return None
    text = value.strip()
    return text or None


def _parse_column(cells: list[str | None], spec: ColumnSpec) -> tuple[list[object], dict[int, str]]:
    """Parsed values of one column (None when empty or unreadable), and the French reason of
    every unreadable cell by its position."""
    problems: dict[int, str] = {}
    values: list[object] = list(cells)
    for position, text in enumerate(cells):
        if text is None:
            continue
        if spec.kind == "number":
            number, problem = _parse_number(text, spec)
            values[position] = number
        elif spec.kind == "integer":
            values[position] = int(text) if _YEAR.fullmatch(text) else None
            problem = None if _YEAR.fullmatch(text) else "année attendue sur quatre chiffres, par exemple 2023"
        elif spec.kind == "month":
            problem = None if _MONTH.fullmatch(text) else _month_hint(text)
        elif spec.kind == "date":
            problem = None if _DATE.fullmatch(text) and _to_date(text) is not None else _date_hint(text)
        else:
            problem = None
        if problem is not None:
            problems[position] = problem
            values[position] = None
    return values, problems


def _parse_number(text: str, spec: ColumnSpec) -> tuple[float | None, str | None]:
    """(number, None) or (None, French reason). A decimal comma (French spreadsheets) is read
    as a decimal point unless it could as well be a thousands separator within the column's range."""
    if _NUMBER.fullmatch(text):
        number = float(text)
    elif _DECIMAL_COMMA.fullmatch(text):
        number = float(text.replace(",", "."))
        thousands = float(text.replace(",", ""))
        if _THOUSANDS_SHAPED.fullmatch(text) and _in_range(thousands, spec):
            return None, (f"nombre ambigu : {_fr_number(number)} (virgule décimale) ou {_fr_number(thousands)} "
                          f"(séparateur de milliers) ? écrivez {_plain(thousands)} ou {_plain(number)}")
    else:
        return None, _number_hint(text, spec)
    decimals = _MAX_DECIMALS.get(spec.name)
    written = re.split(r"[.,]", text)
    if decimals is not None and len(written) == 2 and len(written[1]) > decimals:
        return None, f"montant en euros : au plus {decimals} décimales (les centimes)"
    return number, None


def contract_number(text: str, column: str) -> str:
    """A number cell written as the contract writes it (1300, 4.05: a decimal point, no trailing zero),
    read as validation reads it (so "4,05" from French Excel is 4.05); the text unchanged when it is not
    a number validation would read (it stays for validation to report)."""
    spec = SPECS[column]
    stripped = text.strip()
    if not stripped:
        return text
    number, problem = _parse_number(stripped, spec)
    return text if number is None or problem is not None else _plain(number)


def contract_notation(frame: pd.DataFrame) -> pd.DataFrame:
    """A table of cells as read (``read_table``) with its numbers written the contract's way
    (``contract_number``): what a file saved by French Excel becomes when rewritten in the contract's
    format. Other cells are left as they are, whatever validation would say of them."""
    written = frame.copy(deep=False)
    for column in schema.NUMBER_COLUMNS:
        if column in written.columns:
            written[column] = map_distinct(written[column], lambda text, c=column: contract_number(text, c))
    return written


def _in_range(value: float, spec: ColumnSpec) -> bool:
    return (spec.minimum is None or value >= spec.minimum) and (spec.maximum is None or value <= spec.maximum)


def _number_hint(text: str, spec: ColumnSpec) -> str:
    """Why a cell is not a number; the number to write instead only when it is certain (the
    proposal goes through the same reading, so an ambiguous "1,300 €" gets no proposal)."""
    unit = _UNIT.fullmatch(text)
    core = unit.group("number").strip(_SPACES) if unit else text
    grouped = re.fullmatch(r"([+-]?\d{1,3}(?:[ \u00a0\u202f']\d{3})+)(?:,(\d+))?", core)
    candidate, lead = None, ""
    if grouped:
        digits = re.sub(r"[ \u00a0\u202f']", "", grouped.group(1))
        candidate = f"{digits}.{grouped.group(2)}" if grouped.group(2) else digits
        lead = "nombre attendu, sans espace ni symbole"
    elif core != text and (_NUMBER.fullmatch(core) or _DECIMAL_COMMA.fullmatch(core)):
        candidate, lead = core, "nombre attendu, sans unité ni symbole"
    if candidate is not None:
        _number, problem = _parse_number(candidate, spec)
        return f"{lead} : écrivez {candidate.replace(',', '.')}" if problem is None else f"{lead} ; {problem}"
    if re.fullmatch(r"\d+(?:[.,]\d+)?\s*(?:-|–|à|a|et)\s*\d+(?:[.,]\d+)?.*", text):
        if spec.name.startswith("duration_"):
            return ("une seule valeur attendue : « 4 à 6 mois » s'écrit 4 dans duration_min_months et 6 dans "
                    "duration_max_months")
        if spec.name.startswith("hours_per_week"):
            return ("une seule valeur attendue : « 28 et 35 h » s'écrit 28 dans hours_per_week_min et 35 dans "
                    "hours_per_week_max")
        return "une seule valeur attendue, pas une fourchette"
    return "nombre attendu (chiffres, avec un point ou une virgule décimale), par exemple 35 ou 4.05"


def _month_hint(text: str) -> str:
    """The AAAA-MM format, and what to write instead when the value is a readable month."""
    hint = "mois attendu au format AAAA-MM, par exemple 2023-03 pour mars 2023"
    found = _read_french_date(text)
    return f"{hint} : écrivez {found[0]:04d}-{found[1]:02d}" if found else hint


def _date_hint(text: str) -> str:
    """The AAAA-MM-JJ format, and what to write instead when the value is a readable date."""
    hint = "date attendue au format AAAA-MM-JJ, par exemple 2023-01-15"
    found = _read_french_date(text)
    if found is None or found[2] is None:
        if _DATE.fullmatch(text):
            return f"{hint} : le {text} n'existe pas"
        return hint + (" : un jour précis est attendu, pas seulement un mois" if found else "")
    try:
        day = date(found[0], found[1], found[2])
    except ValueError:
        return f"{hint} : cette date n'existe pas"
    return f"{hint} : écrivez {day.isoformat()}"


def _read_french_date(text: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of a date written the French way (15/01/2023, mars 2023,
    03/2023, 2023/03/15); only used to word a hint, never to read a value."""
    folded = unicodedata.normalize("NFKD", text.strip().lower()).encode("ascii", "ignore").decode("ascii")
    numeric = re.fullmatch(r"(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})", folded)
    if numeric:
        day, month, year = numeric.groups()
        return (int(year), int(month), int(day) if day else None) if 1 <= int(month) <= 12 else None
    iso_like = re.fullmatch(r"(\d{4})[/.-](\d{1,2})(?:[/.-](\d{1,2}))?", folded)
    if iso_like:
        year, month, day = iso_like.groups()
        return (int(year), int(month), int(day) if day else None) if 1 <= int(month) <= 12 else None
    named = re.fullmatch(r"(?:(?:le\s+)?(\d{1,2}|1er)\s+)?([a-z]+)\.?[\s-]+(\d{4})", folded)
    if named and named.group(2) in _MONTH_NAMES:
        day = named.group(1)
        return (int(named.group(3)), _MONTH_NAMES[named.group(2)],
                None if day is None else 1 if day == "1er" else int(day))
    return None


def _to_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _offer_id(frame: pd.DataFrame, row: int) -> str | None:
    value = frame.at[row, "offer_id"] if "offer_id" in frame.columns else None
    return None if value is None or pd.isna(value) else str(value)


def _fr_number(value: float) -> str:
    """A number as a French reader writes it: 5 000, 0,01."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,.10g}".replace(",", " ").replace(".", ",")


def _plain(value: float) -> str:
    """A number as the contract writes it: 1300, 1.3."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- the pandera schema ----------------------------------------------------------------------

def _codes_valid(allowed: tuple[str, ...]):
    allowed_set = set(allowed)

    def valid(value: object) -> bool:
        return all(code.strip() in allowed_set for code in str(value).split(schema.CODES_SEPARATOR) if code.strip())

    def check(series: pd.Series) -> pd.Series:
        # Each distinct list checked once; an empty cell is valid.
        return map_distinct(series, valid).fillna(True).astype(bool)

    return check


def _not_longer_than(max_length: int) -> Callable[[pd.Series], pd.Series]:
    """pandera's ``str_length(max_value=...)``, in characters, read first from the bytes: in UTF-8 a
    text has no more characters than bytes, so the characters are counted only when some text has more
    bytes than the limit (counting them in 24 columns took 0.56 s of a million offers' first start)."""
    def check(series: pd.Series) -> pd.Series:
        arrow = _arrow_strings(series)
        if arrow is not None and pc.all(pc.less_equal(pc.binary_length(arrow), max_length)).as_py() is not False:
            return pd.Series(True, index=series.index)  # no text has more bytes, so none more characters
        return series.str.len().le(max_length)

    return check


def _column_checks(spec: ColumnSpec) -> list[pa.Check]:
    import pandera.pandas as pa

    checks: list[pa.Check] = []
    if spec.kind == "category":
        checks.append(pa.Check.isin(list(spec.allowed),
                                    error="valeur inconnue ; valeurs permises : " + ", ".join(spec.allowed)))
    if spec.kind == "codes":
        checks.append(pa.Check(_codes_valid(spec.allowed), element_wise=False,
                               error="code inconnu ; codes permis, séparés par « ; » : "
                                     + ", ".join(spec.allowed)))
    if spec.kind in ("number", "integer") and spec.minimum is not None:
        checks.append(pa.Check.ge(spec.minimum, error=f"valeur trop petite (minimum {_fr_number(spec.minimum)})"))
    if spec.kind in ("number", "integer") and spec.maximum is not None:
        checks.append(pa.Check.le(spec.maximum, error=f"valeur trop grande (maximum {_fr_number(spec.maximum)})"))
    if spec.kind in ("text", "slug", "url", "codes", "category"):
        checks.append(pa.Check(_not_longer_than(spec.max_length), element_wise=False,
                               error=f"texte trop long (plus de {_fr_number(spec.max_length)} caractères)"))
    if spec.kind == "slug":
        checks.append(pa.Check.str_matches(_SLUG, error="identifiant attendu en minuscules, chiffres et "
                                                        "tirets, sans accent (ex. nicaya-consultant-2023)"))
    if spec.kind == "url":
        checks.append(pa.Check.str_matches(_URL, error="adresse web attendue, commençant par https://"))
    if spec.name == "country":
        checks.append(pa.Check.str_matches(r"^[A-Z]{2}\Z", error="code pays ISO à deux lettres majuscules "
                                                                  "attendu (FR, CA…)"))
    return checks


def _dtype(spec: ColumnSpec) -> str:
    return {"number": "Float64", "integer": "Int64"}.get(spec.kind, "string")


_DUPLICATE_ID = "identifiant en double : chaque offer_id doit être unique"


@dataclass(frozen=True)
class CrossRule:
    """A rule that ties columns together: the rows where ``predicate`` is False break it.

    ``blamed`` are the columns named in the report, ``reads`` every column the rule looks at.
    """

    message: str
    blamed: tuple[str, ...]
    reads: tuple[str, ...]
    predicate: Callable[[pd.DataFrame], pd.Series]


def _cross_rules() -> tuple[CrossRule, ...]:
    def fr(d: pd.DataFrame) -> pd.Series:
        return d["country"].fillna("FR").eq("FR")

    def metropolitan(d: pd.DataFrame) -> pd.Series:
        overseas = (d["department_code"].str.startswith(OVERSEAS_PREFIXES).fillna(False)
                    | d["postcode"].str.startswith(OVERSEAS_PREFIXES).fillna(False))
        return fr(d) & ~overseas

    def in_metro_box(lat: pd.Series, lon: pd.Series) -> pd.Series:
        return (lat.between(*_METRO_LAT) & lon.between(*_METRO_LON)).fillna(False)

    def located_in_metro(d: pd.DataFrame) -> pd.Series:
        return metropolitan(d) & d["latitude"].notna() & d["longitude"].notna()

    def coordinates_paired(d: pd.DataFrame) -> pd.Series:
        return d["latitude"].isna().eq(d["longitude"].isna())

    def amount_iff_explicit(d: pd.DataFrame) -> pd.Series:
        return d["stipend_basis"].eq("explicit").fillna(False).eq(d["stipend_amount_eur"].notna())

    def period_iff_amount(d: pd.DataFrame) -> pd.Series:
        return d["stipend_amount_eur"].notna().eq(d["stipend_period"].notna())

    def sane_amount(d: pd.DataFrame) -> pd.Series:
        hourly = d["stipend_period"].eq("hour").fillna(False)
        return ~(hourly & d["stipend_amount_eur"].gt(schema.MAX_HOURLY_STIPEND_EUR).fillna(False))

    def durations_ordered(d: pd.DataFrame) -> pd.Series:
        return ~(d["duration_min_months"] > d["duration_max_months"]).fillna(False)

    def hours_ordered(d: pd.DataFrame) -> pd.Series:
        return ~(d["hours_per_week_min"] > d["hours_per_week_max"]).fillna(False)

    def postcode_fr(d: pd.DataFrame) -> pd.Series:
        return ~(fr(d) & d["postcode"].notna() & ~d["postcode"].str.match(_FR_POSTCODE).fillna(False))

    def department_fr(d: pd.DataFrame) -> pd.Series:
        return ~(d["department_code"].notna() & ~d["department_code"].str.match(_DEPARTMENT).fillna(False))

    def not_swapped(d: pd.DataFrame) -> pd.Series:
        lat, lon = d["latitude"], d["longitude"]
        return ~(located_in_metro(d) & ~in_metro_box(lat, lon) & in_metro_box(lon, lat))

    def coordinates_in_france(d: pd.DataFrame) -> pd.Series:
        lat, lon = d["latitude"], d["longitude"]
        return ~(located_in_metro(d) & ~in_metro_box(lat, lon) & ~in_metro_box(lon, lat))

    def place_given(d: pd.DataFrame) -> pd.Series:
        fully_remote = d["remote"].eq("full").fillna(False)
        has_place = d["city"].notna() | d["postcode"].notna() | d["latitude"].notna()
        return fully_remote | has_place

    amount = ("stipend_basis", "stipend_amount_eur", "stipend_period")
    place = ("country", "department_code", "postcode", "latitude", "longitude")
    return (
        CrossRule("le montant est obligatoire quand stipend_basis vaut « explicit », et doit rester vide sinon "
                  "(« stage indemnisé » sans montant : paid_unstated)",
                  ("stipend_amount_eur", "stipend_basis"), amount, amount_iff_explicit),
        CrossRule("stipend_period (month ou hour) accompagne toujours un montant, et lui seul",
                  ("stipend_period",), amount, period_iff_amount),
        CrossRule(f"montant horaire absurde (plus de {_fr_number(schema.MAX_HOURLY_STIPEND_EUR)} € de l'heure)",
                  ("stipend_amount_eur",), amount, sane_amount),
        CrossRule("durée minimale supérieure à la durée maximale", ("duration_min_months", "duration_max_months"),
                  ("duration_min_months", "duration_max_months"), durations_ordered),
        CrossRule("heures minimales supérieures aux heures maximales (« 28 et 35 h » : 28 puis 35)",
                  ("hours_per_week_min", "hours_per_week_max"), ("hours_per_week_min", "hours_per_week_max"),
                  hours_ordered),
        CrossRule("code postal français attendu sur cinq chiffres (ex. 13200, pas le code INSEE)", ("postcode",),
                  ("country", "postcode"), postcode_fr),
        CrossRule("code de département attendu (ex. 13, 2A, 974)", ("department_code",), ("department_code",),
                  department_fr),
        CrossRule("latitude et longitude vont ensemble : les deux ou aucune", ("latitude", "longitude"),
                  ("latitude", "longitude"), coordinates_paired),
        CrossRule("latitude et longitude inversées : en France métropolitaine, la latitude est entre 41 et 51,6 "
                  "et la longitude entre -5,8 et 10", ("latitude", "longitude"), place, not_swapped),
        CrossRule("coordonnées hors de France métropolitaine (latitude 41 à 51,6, longitude -5,8 à 10) : "
                  "vérifiez-les, ou le pays et le département", ("latitude", "longitude"), place,
                  coordinates_in_france),
        CrossRule("lieu manquant : indiquez city ou postcode (ou remote = full)", ("city",),
                  ("remote", "city", "postcode", "latitude"), place_given),
    )


CROSS_RULES = _cross_rules()


def build_schema(check_dtypes: bool = True, cross_rules: bool = True) -> pa.DataFrameSchema:
    """The pandera schema of the typed offers table: the contract, checkable on any frame. Pandera
    is imported here, when a file is first validated: a restart that reads the prepared copy never
    needs it (0.4 s of a cold start)."""
    import pandera.pandas as pa

    columns = {
        spec.name: pa.Column(
            _dtype(spec) if check_dtypes else None,
            checks=_column_checks(spec),
            nullable=not spec.required,
            unique=spec.name == "offer_id",
            required=True,
        )
        for spec in COLUMNS
    }
    checks = [pa.Check(rule.predicate, error=rule.message, name=rule.message) for rule in CROSS_RULES]
    return pa.DataFrameSchema(columns, checks=checks if cross_rules else [], strict=False, coerce=False)


# What a file is validated with. The rules between columns are part of the contract's schema but
# run by hand (``_run_cross_rules``): pandera leaves out the failure cases whose value is missing,
# so "an amount needs a period" would never reject a row whose period is empty. Dtypes are not
# checked: ``_parse_cells`` builds every column with its dtype (a test checks the full schema),
# and checking them doubles the time pandera takes.
@lru_cache(maxsize=1)
def _columns_schema() -> pa.DataFrameSchema:
    return build_schema(check_dtypes=False, cross_rules=False)


def _run_schema(typed: pd.DataFrame, report: ValidationReport) -> set[int]:
    import pandera.pandas as pa

    try:
        _columns_schema().validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _report_failures(exc.failure_cases, typed, report)
    return set()


def _run_cross_rules(typed: pd.DataFrame, report: ValidationReport, unparsed: set[tuple[int, str]]) -> set[int]:
    """Rows breaking a rule between columns, each blamed column reported with its value."""
    bad: set[int] = set()
    for rule in CROSS_RULES:
        ok = pd.Series(rule.predicate(typed), index=typed.index).astype("boolean").fillna(False)
        for row in typed.index[~ok.to_numpy(dtype=bool)]:
            if any((row, column) in unparsed for column in rule.reads):
                continue  # the cell already has its own error; this rule would only echo it
            bad.add(int(row))
            for column in rule.blamed:
                value = typed.at[row, column]
                report.add(Issue("error", rule.message, row=int(row), column=column,
                                 value=None if pd.isna(value) else _plain_value(value),
                                 offer_id=_offer_id(typed, row)))
    return bad


def _run_republication_rules(typed: pd.DataFrame, report: ValidationReport,
                             unparsed: set[tuple[int, str]]) -> set[int]:
    """Rows whose ``republishes`` names themselves or a republication (a chain): each names the
    first posting directly, so that a reader of the file sees the pair at a glance."""
    column = "republishes"
    named = typed[column].notna()
    if not named.any():
        return set()
    first_of = {offer_id: target for offer_id, target in zip(typed["offer_id"], typed[column], strict=True)
                if isinstance(offer_id, str) and isinstance(target, str)}
    bad: set[int] = set()
    for row in typed.index[named.to_numpy(dtype=bool)]:
        if (row, column) in unparsed:
            continue
        offer_id, target = typed.at[row, "offer_id"], typed.at[row, column]
        if not isinstance(target, str):
            continue
        if isinstance(offer_id, str) and target == offer_id:
            reason = "une offre ne peut pas se republier elle-même : laissez republishes vide"
        elif target in first_of:
            root = _first_posting(target, first_of)
            reason = (f"pas de chaîne : « {target} » republie déjà « {first_of[target]} » ; "
                      + (f"nommez l'offre d'origine, {root}" if root else "ces offres se republient en boucle"))
        else:
            continue
        bad.add(int(row))
        report.add(Issue("error", reason, row=int(row), column=column, value=str(target),
                         offer_id=_offer_id(typed, row)))
    return bad


def _first_posting(offer_id: str, first_of: dict) -> str | None:
    """The posting a chain of ``republishes`` leads to; None when it loops."""
    seen = {offer_id}
    while offer_id in first_of:
        offer_id = first_of[offer_id]
        if offer_id in seen:
            return None
        seen.add(offer_id)
    return offer_id


def _plain_value(value: object) -> str:
    return _plain(float(value)) if isinstance(value, float) else str(value)


def _report_failures(failures: pd.DataFrame, typed: pd.DataFrame, report: ValidationReport) -> set[int]:
    bad: set[int] = set()
    seen: set[tuple[int, str, str]] = set()
    rows_by_id: dict[str, list[int]] | None = None
    for case in failures.itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        column = None if pd.isna(case.column) else str(case.column)
        reason = _french_reason(str(case.check))
        if row is None:
            report.add(Issue("error", reason, column=column))
            continue
        if reason == _DUPLICATE_ID:
            if rows_by_id is None:
                rows_by_id = {}
                for r, offer_id in zip(typed.index, typed["offer_id"].tolist(), strict=True):
                    rows_by_id.setdefault(str(offer_id), []).append(int(r))
            reason += _other_rows(typed, row, rows_by_id)
        key = (row, column or "", reason)
        if key in seen:
            continue
        seen.add(key)
        bad.add(row)
        value = typed.at[row, column] if column in typed.columns else None
        report.add(Issue("error", reason, row=row, column=column,
                         value=None if value is None or pd.isna(value) else _plain_value(value),
                         offer_id=_offer_id(typed, row)))
    return bad


def _other_rows(typed: pd.DataFrame, row: int, rows_by_id: dict[str, list[int]]) -> str:
    """Where else a duplicated identifier is: no copy is kept, since none can be preferred."""
    others = [r for r in rows_by_id.get(str(typed.at[row, "offer_id"]), []) if r != row]
    if not others:
        return ""
    shown = ", ".join(str(r) for r in others[:5]) + (f"… ({len(others)} en tout)" if len(others) > 5 else "")
    return f" (aussi ligne {shown} ; aucune copie n'est gardée)"


def _french_reason(check: str) -> str:
    if check.startswith("not_nullable"):
        return "valeur obligatoire manquante"
    if check.startswith("field_uniqueness"):
        return _DUPLICATE_ID
    if check.startswith("dtype("):
        return "type de valeur inattendu"
    if check.startswith("column_in_dataframe"):
        return "colonne absente"
    return check


def _add_warnings(valid: pd.DataFrame, report: ValidationReport, typed: pd.DataFrame) -> pd.DataFrame:
    """Facts worth a look that do not make a row invalid (``typed``: every row read, rejected
    ones included). Returns the valid rows' normalised stipends, which the legal minimum's
    warning needed."""
    from lib.stipend import normalise_stipends  # local: stipend builds on the validated frame

    long_internships = valid["contract"].eq("internship") & valid["duration_max_months"].gt(
        schema.MAX_INTERNSHIP_MONTHS).fillna(False)
    for row, offer_id in _rows_and_ids(valid, long_internships):
        report.add(Issue("warning", "stage de plus de 6 mois : la loi limite un stage à 6 mois par "
                                    "organisme et par année d'enseignement", row=row,
                         column="duration_max_months", offer_id=offer_id))
    starts = valid["start_earliest"]
    deadlines = valid["application_deadline"].str.slice(0, 7)
    early = starts.notna() & deadlines.notna() & (starts < deadlines)
    for row, offer_id in _rows_and_ids(valid, early.fillna(False)):
        report.add(Issue("warning", "le début du stage précède la date limite de candidature",
                         row=row, column="start_earliest", offer_id=offer_id))
    stipends = normalise_stipends(valid)
    for row, offer_id in _rows_and_ids(valid, stipends["below_legal_minimum"]):
        report.add(Issue("warning", "montant inférieur à la gratification minimale légale de l'année",
                         row=row, column="stipend_amount_eur", offer_id=offer_id))
    for row, reason in _republication_warnings(valid, typed).items():
        report.add(Issue("warning", reason, row=int(row), column="republishes",
                         value=str(valid.at[row, "republishes"]), offer_id=_offer_id(valid, row)))
    postcode_problems = _postcode_warnings(valid)
    flagged = valid.index.isin(list(postcode_problems))
    postcodes = valid["postcode"].to_numpy(dtype=object)[flagged].tolist()
    for (row, offer_id), postcode in zip(_rows_and_ids(valid, flagged), postcodes, strict=True):
        report.add(Issue("warning", postcode_problems[row], row=row, column="postcode",
                         value=str(postcode), offer_id=offer_id))
    return stipends


def _rows_and_ids(frame: pd.DataFrame, mask: pd.Series | np.ndarray) -> list[tuple[int, str | None]]:
    """(row, offer_id) of the rows ``mask`` picks, read at once: one lookup per warning took half a
    second for 15,000 warnings at 100,000 offers."""
    picked = np.asarray(mask.fillna(False) if isinstance(mask, pd.Series) else mask, dtype=bool)
    rows = frame.index.to_numpy()[picked].tolist()
    if "offer_id" not in frame.columns:
        return [(int(row), None) for row in rows]
    ids = frame["offer_id"].to_numpy(dtype=object, na_value=None)[picked].tolist()
    return [(int(row), None if offer_id is None else str(offer_id)) for row, offer_id in zip(rows, ids, strict=True)]


def _republication_warnings(valid: pd.DataFrame, typed: pd.DataFrame) -> dict[int, str]:
    """Republications whose first posting is not among this file's valid offers: the link is kept,
    and the pair counts once whenever both are loaded (an uploaded file may name a bundled offer)."""
    named = valid["republishes"].dropna()
    if named.empty:
        return {}
    valid_ids = set(valid["offer_id"])
    rows_of = dict(zip(typed["offer_id"], typed.index, strict=False))
    found: dict[int, str] = {}
    for row, target in named.items():
        if target in valid_ids:
            continue
        if target in rows_of:
            found[int(row)] = (f"l'offre d'origine est rejetée (ligne {rows_of[target]}) : cette offre compte "
                               "seule tant que cette ligne n'est pas corrigée")
        else:
            found[int(row)] = ("offre d'origine absente de ce fichier : le lien est gardé, et les deux annonces "
                               "ne comptent qu'une fois quand elle est chargée aussi (par exemple une offre des "
                               "données fournies)")
    return found


def _postcode_warnings(valid: pd.DataFrame) -> dict[int, str]:
    """French postcodes that La Poste's base does not give to the offer's commune.

    Five digits is only the format: 13004 passes it, yet it is Arles's INSEE code (and the
    postcode of Marseille's 4th arrondissement), while Arles's postcodes are 13200 and others.
    """
    communes = _communes()
    if communes is None:
        return {}  # without the gazetteer the format check still stands

    def problems(places: pd.DataFrame) -> pd.Series:
        return pd.Series([
            _postcode_problem(communes, postcode, city if isinstance(city, str) else None)
            if country == "FR" and isinstance(postcode, str) and re.fullmatch(r"\d{5}", postcode) else None
            for country, postcode, city in zip(places["country"], places["postcode"], places["city"], strict=True)
        ], dtype=object)

    found = per_distinct(valid, ["country", "postcode", "city"], problems)
    return {int(row): reason for row, reason in found.dropna().items()}


def _postcode_problem(communes: _Communes, postcode: str, city: str | None) -> str | None:
    wanted = normalise_name(city) if city else None
    names = communes.by_postcode.get(postcode, ())
    if names and (not wanted or any(n == wanted or n.startswith(wanted + " ") for n in names)):
        return None
    names = tuple(n for n in names if not any(o.startswith(n + " ") for o in names))  # MARSEILLE 04, not both
    insee = communes.by_insee.get(postcode)
    if insee is not None and (not wanted or insee[0] == wanted):
        name, postcodes = insee
        also = f"le code postal de {', '.join(names[:3])} et " if names else ""
        return (f"{postcode} est {also}le code INSEE de {name}, pas son code postal "
                f"(codes postaux de {name} : {', '.join(postcodes)})")
    if names:
        return (f"d'après La Poste, le code postal {postcode} est celui de {', '.join(names[:3])}, "
                "pas de la commune indiquée dans city")
    return "code postal introuvable dans la base de La Poste (un code CEDEX n'y figure pas)"


@dataclass(frozen=True)
class _Communes:
    """La Poste's communes, as the postcode check needs them (names in La Poste's spelling)."""

    by_postcode: dict[str, tuple[str, ...]]
    by_insee: dict[str, tuple[str, tuple[str, ...]]]  # INSEE code -> (name, postcodes)


@lru_cache(maxsize=1)
def _communes() -> _Communes | None:
    """Read once per process from the offline gazetteer's file; a third of the time of
    ``load_gazetteer``, which matters to ``python -m lib validate``."""
    by_postcode: dict[str, list[str]] = {}
    by_insee: dict[str, tuple[str, tuple[str, ...]]] = {}
    try:
        with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8", newline="") as fh:
            for commune in csv.DictReader(fh):
                postcodes = tuple(str(commune["postcodes"]).split())
                by_insee[commune["insee"]] = (commune["name"], postcodes)
                for code in postcodes:
                    by_postcode.setdefault(code, []).append(commune["name"])
    except (OSError, EOFError, KeyError, ValueError, csv.Error):
        return None
    return _Communes({k: tuple(v) for k, v in by_postcode.items()}, by_insee)
