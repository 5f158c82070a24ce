"""Writing offers back to CSV: the data file itself, and downloads safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.schema import COLUMN_NAMES, NUMBER_COLUMNS

# A cell starting with one of these runs as a formula in Excel, LibreOffice or Google Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def to_contract_frame(offers: pd.DataFrame) -> pd.DataFrame:
    """Strings in the contract's column order (extra columns after), numbers without '.0'."""
    columns = [c for c in COLUMN_NAMES if c in offers.columns]
    columns += [c for c in offers.columns if c not in COLUMN_NAMES and not c.startswith("_")]
    out = pd.DataFrame(index=offers.index)
    for name in columns:
        series = offers[name]
        if name in NUMBER_COLUMNS or name == "year":
            out[name] = series.map(_format_number, na_action="ignore").astype("string")
        else:
            out[name] = series.astype("string")
    return out.fillna("")


def offers_csv_text(offers: pd.DataFrame) -> str:
    """The data file's text: UTF-8, comma-separated, one header line."""
    return to_contract_frame(offers).to_csv(index=False, lineterminator="\n")


def write_offers_csv(offers: pd.DataFrame, path: Path) -> None:
    Path(path).write_text(offers_csv_text(offers), encoding="utf-8")


def neutralise_formula(value: str) -> str:
    """A cell a spreadsheet would run as a formula, prefixed with an apostrophe so it stays text."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_csv_bytes(offers: pd.DataFrame) -> bytes:
    """Download of offers, with a BOM so Excel reads the accents, and no cell that runs.

    Numbers are written as numbers: a negative amount is not valid in the contract, so only
    text cells can start with a trigger.
    """
    frame = to_contract_frame(offers)
    text_columns = [c for c in frame.columns if c not in NUMBER_COLUMNS and c != "year"]
    for name in text_columns:
        frame[name] = frame[name].map(neutralise_formula)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _format_number(value) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(round(number, 6))
