"""Every CSV file the app writes: the data file itself (``python -m lib geocode``, the add-offer
page's completed file and row) and the downloads, from one writer.

Every cell a spreadsheet could run as a formula, whether it splits lines on ``,`` or on ``;``, is
neutralised (lib/formulas.py) in all of them, the data file included: the loader takes the
neutralising apostrophes away, so a written file loads back as the same offers, and none of these
files can run a formula in a spreadsheet.

Fields are quoted by hand (RFC 4180) rather than by ``csv``/pandas: Python's writer leaves a
field holding a lone carriage return unquoted when lines end with ``\\n``, and such a file no
longer reads back. Numbers are written exactly (shortest round-trip form, never ``1e-05``), so
writing then loading gives back the same offers.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pandas as pd

from lib.files import write_atomically
from lib.formulas import FORMULA_TRIGGERS, neutralise_formula
from lib.schema import COLUMN_NAMES, NUMBER_COLUMNS

__all__ = ["FORMULA_TRIGGERS", "neutralise_formula", "offers_csv_bytes", "offers_csv_text", "safe_csv_bytes",
           "to_contract_frame", "write_offers_csv"]

_INTEGER_COLUMNS = ("year",)


def to_contract_frame(offers: pd.DataFrame, decimal: str = ".") -> pd.DataFrame:
    """Strings in the contract's column order (extra columns after, those starting with ``_``
    left out), numbers without '.0' and with the given decimal separator, empty for missing."""
    names, columns = _contract_columns(offers, decimal)
    return pd.DataFrame(dict(zip(names, columns, strict=True)), index=offers.index, columns=names, dtype="string")


def offers_csv_text(offers: pd.DataFrame, sep: str = ",", decimal: str = ".", bom: bool = False,
                    header: bool = True) -> str:
    """The data file's text: comma-separated, decimal point, one header line, ``\\n`` line ends,
    formulas neutralised.

    ``sep=";"``, ``decimal=","`` and ``bom=True`` write what French Excel writes; the loader
    reads every combination back to the same offers. ``header=False`` writes the rows alone.
    """
    names, columns = _contract_columns(offers, decimal)
    return ("\ufeff" if bom else "") + _csv_text(names if header else None, columns, sep=sep, line_end="\n")


def offers_csv_bytes(offers: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    """The data file's bytes, in the contract's own format (UTF-8, comma, decimal point, ``\\n``)."""
    return offers_csv_text(offers).encode(encoding)


def write_offers_csv(offers: pd.DataFrame, path: Path) -> None:
    """Write the data file (the contract's format) all at once: a process killed while writing
    leaves the old file or the new one, never a part of it (lib/files.py)."""
    write_atomically(Path(path), offers_csv_bytes(offers))


def safe_csv_bytes(offers: pd.DataFrame, sep: str = ",", decimal: str = ".") -> bytes:
    """Download of offers, with a BOM so Excel reads the accents and Windows line ends.
    ``sep=";", decimal=","`` opens directly in French Excel. Like every file written here, it
    runs no formula under either separator, and loads back as the same offers."""
    names, columns = _contract_columns(offers, decimal)
    return _csv_text(names, columns, sep=sep, line_end="\r\n").encode("utf-8-sig")


def _contract_columns(offers: pd.DataFrame, decimal: str) -> tuple[list[str], list[list[str]]]:
    """Column names and the cells of each column as strings, in the contract's order.

    Plain lists rather than pandas string operations: a file holds a few dozen offers, and
    pandas' per-column overhead would cost more than the writing itself.
    """
    names = [c for c in COLUMN_NAMES if c in offers.columns]
    names += [str(c) for c in offers.columns if c not in COLUMN_NAMES and not str(c).startswith("_")]
    columns = []
    for name in names:
        series = offers[name]
        if name in NUMBER_COLUMNS or name in _INTEGER_COLUMNS or pd.api.types.is_float_dtype(series):
            columns.append(["" if _missing(v) else _format_number(v, decimal) for v in series.tolist()])
        elif pd.api.types.is_string_dtype(series) or series.dtype == object:
            columns.append(["" if _missing(v) else str(v) for v in series.tolist()])
        else:  # dates, booleans: as pandas writes them
            columns.append(series.astype("string").fillna("").tolist())
    return names, columns


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _csv_text(names: list[str] | None, columns: list[list[str]], sep: str, line_end: str) -> str:
    lines = [] if names is None else [_csv_line(names, sep)]
    lines += [_csv_line(values, sep) for values in zip(*columns, strict=True)]
    return line_end.join(lines) + line_end if lines else ""


def _csv_line(values: Iterable[str], sep: str) -> str:
    return sep.join(_quote(neutralise_formula(v), sep) for v in values)


def _quote(value: str, sep: str) -> str:
    """RFC 4180: a field holding the separator, a quote or any line break is quoted."""
    if sep in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _format_number(value: object, decimal: str = ".") -> str:
    """Exact and without exponent: 1300, 4.05, 0.00001 (a string is kept as it was typed)."""
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    if number != number or number in (float("inf"), float("-inf")):
        return ""
    text = str(int(number)) if number.is_integer() else format(Decimal(repr(number)), "f")
    return text.replace(".", decimal)
