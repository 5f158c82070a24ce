"""Cells a spreadsheet would run as formulas, neutralised in every CSV the app writes, and read back.

A spreadsheet runs a field as a formula when it starts with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return, or their full-width forms), even after spaces or an opening quote (OWASP, "CSV
injection"). Which characters start a field depends on who opens the file: Excel in English splits a
line on ``,``, Excel in French on ``;``, and a quote is only honoured at the start of a field. So in a
comma-separated file, the cell ``x;=1+1`` is harmless to the first reader and a formula ``=1+1`` to
the second. A field can therefore start at the start of a cell, or right after any ``,``, ``;``, tab
or line break inside it.

At each such place where a trigger follows (after spaces and quotes), an apostrophe is written: the
spreadsheet shows the field as text. The reader takes exactly one apostrophe away at the same places,
so a file the app wrote loads back as the same offers, and a value that itself starts with an
apostrophe before a trigger gets one more (the mapping is one-to-one; tests/test_formulas.py checks
both the round trip and the safety under both separators).
"""

from __future__ import annotations

import re

import pandas as pd

# What makes a field a formula, and where a field can start inside a cell (see the docstring).
FORMULA_TRIGGERS = "=+-@\t\r＝＋－＠"
FIELD_STARTS = ",;\t\r\n"
_TRIGGER = "[" + re.escape(FORMULA_TRIGGERS) + "]"
_SPLIT = "[" + re.escape(FIELD_STARTS) + "]"
# Spaces and quotes a spreadsheet skips before deciding; the apostrophe too, so that a value which
# starts with one gets another (otherwise reading back would take the value's own away).
_LEAD = "[\\s'\"]*"
_ESCAPE = re.compile(f"(^|{_SPLIT})(?={_LEAD}{_TRIGGER})")
_UNESCAPE = re.compile(f"(^|{_SPLIT})'(?={_LEAD}{_TRIGGER})")
# A plain number, with a decimal point or comma: a spreadsheet reads it as that number, not a formula
# (a longitude of -1.17 stays a number).
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
# Cells that may hold an apostrophe to take away (RE2 syntax, for a whole column at once).
_CANDIDATE = "(?:^|[,;\\t\\r\\n])'"


def neutralise_formula(value: str) -> str:
    """The cell with an apostrophe wherever a spreadsheet could start a formula; a plain number
    such as -1.17 is left as it is."""
    if not value or _PLAIN_NUMBER.fullmatch(value):
        return value
    return _ESCAPE.sub(r"\1'", value)


def restore_formula(value: str) -> str:
    """The cell as it was before ``neutralise_formula``."""
    return _UNESCAPE.sub(r"\1", value) if "'" in value else value


def restore_column(values: pd.Series) -> pd.Series:
    """``restore_formula`` over a column of strings; the column itself when no cell needs it (the
    usual case: one pass of a compiled pattern over the column, pyarrow's for pyarrow strings, no
    Python string made)."""
    candidates = values.str.contains(_CANDIDATE, regex=True).fillna(False).to_numpy(dtype=bool)
    if not candidates.any():
        return values
    restored = values.copy(deep=False)
    restored[candidates] = [restore_formula(v) for v in values[candidates].tolist()]
    return restored
