"""A collection offer's row: the contract's columns as plain JSON values, checked like a CSV row."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from lib.export import offers_csv_text
from lib.report import InvalidOffersFile, Issue
from lib.schema import COLUMN_NAMES, SPECS
from lib.validation import load_offers

JsonValue = str | int | float | None


class InvalidOffer(ValueError):
    """The row breaks the data contract: ``issues`` name each column and reason, in French."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        errors = [i for i in issues if i.severity == "error"]
        super().__init__("; ".join(i.describe() for i in errors[:5]) or "offre invalide")


def plain_value(value: object) -> JsonValue:
    """A cell as JSON stores it: None for every kind of missing value, numbers as int or float,
    anything else as trimmed text (None when empty)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return plain_value(value.item())
    text = ";".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    text = text.strip()
    return text or None


def contract_row(row: Mapping[str, object], keep_unknown: bool = False) -> dict[str, JsonValue]:
    """The contract's columns of ``row`` (missing ones as None), as JSON values. ``keep_unknown``
    keeps other columns too: a row stored under an older contract keeps what the loader still
    reads (and reports)."""
    clean: dict[str, JsonValue] = {name: plain_value(row.get(name)) for name in COLUMN_NAMES}
    if keep_unknown:
        for name, value in row.items():
            if name not in clean and not str(name).startswith("_"):
                clean[str(name)] = plain_value(value)
    return clean


def oversized_fields(row: Mapping[str, object]) -> list[Issue]:
    """Values longer than the contract allows (a suggestion is stored even when incomplete,
    never when oversized)."""
    issues = []
    for name, value in row.items():
        spec = SPECS.get(name)
        limit = spec.max_length if spec is not None else 300
        if isinstance(value, str) and len(value) > limit:
            issues.append(Issue("error", f"texte trop long ({len(value)} caractères, {limit} au plus)", column=name))
    return issues


def rows_csv_text(rows: list[Mapping[str, Any]]) -> str:
    """Rows as the data file's text: the contract's columns first, any others after."""
    names = list(COLUMN_NAMES)
    for row in rows:
        names += [name for name in row if name not in names]
    return offers_csv_text(pd.DataFrame(list(rows), columns=names).astype(object))


def contract_issues(row: Mapping[str, object]) -> list[Issue]:
    """The row checked as a one-row data file, as ``python -m lib validate`` would check it
    (the columns the row lacks are not reported: they are empty, not absent)."""
    text = rows_csv_text([contract_row(row)])
    try:
        loaded = load_offers(text.encode("utf-8"))
    except InvalidOffersFile as exc:
        return list(exc.report.issues)
    return [i for i in loaded.report.issues
            if not (i.severity == "warning" and i.reason.startswith("colonne absente"))]


def require_valid(row: Mapping[str, object]) -> None:
    issues = contract_issues(row)
    if any(i.severity == "error" for i in issues):
        raise InvalidOffer(issues)
