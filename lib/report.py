"""The validation report: every problem of a file, named by row, column and reason, in French
(or in English, for an English page)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from lib.i18n import reason_text, tn

Severity = Literal["error", "warning"]

# The spreadsheet row of the header: problems of the header itself are reported on it.
HEADER_ROW = 1
# The longest value an issue keeps: a report names the cell, it does not hold a copy of a
# 150 MB one (and every display shortens it further).
MAX_ISSUE_VALUE_CHARS = 1000


@dataclass(frozen=True)
class Issue:
    """One problem. ``row`` is the spreadsheet row (the header is row 1); None for the file.
    ``reason`` is French; ``reason_en`` its English, when the place that found the problem wrote
    one (otherwise lib/i18n.py's table of reasons gives it, for the common ones)."""

    severity: Severity
    reason: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    offer_id: str | None = None
    reason_en: str | None = None

    def __post_init__(self) -> None:
        for name in ("value", "offer_id", "column"):
            text = getattr(self, name)
            if text is not None and len(text) > MAX_ISSUE_VALUE_CHARS:
                object.__setattr__(self, name, text[: MAX_ISSUE_VALUE_CHARS - 1] + "…")

    def reason_in(self, lang: str = "fr") -> str:
        """The reason in ``lang``; in French when no English is known for it."""
        if lang != "en":
            return self.reason
        return self.reason_en or reason_text(self.reason, "en") or self.reason

    def describe(self, lang: str = "fr") -> str:
        """One sentence a user can act on, in ``lang`` (French by default)."""
        english = lang == "en"
        where = []
        if self.row is not None:
            where.append(f"{'row' if english else 'ligne'} {self.row}")
        if self.offer_id:
            where.append(_quoted("offer" if english else "offre", _shorten(self.offer_id, 60), english))
        if self.column:
            where.append(_quoted("column" if english else "colonne", _shorten(self.column, 60), english))
        prefix = ", ".join(where)
        shown = ""
        if self.value not in (None, ""):
            shown = (f" (value: “{_shorten(self.value)}”)" if english
                     else f" (valeur : « {_shorten(self.value)} »)")
        text = f"{self.reason_in(lang)}{shown}"
        if not prefix:
            return text
        return f"{prefix[:1].upper()}{prefix[1:]}{':' if english else ' :'} {text}"


@dataclass
class ValidationReport:
    """What reading and validating one file found; ``rows_read`` counts data rows seen."""

    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_valid: int = 0
    encoding: str | None = None
    separator: str | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rejected_rows(self) -> list[int]:
        """Data rows set aside; a problem of the header (row 1) rejects no offer by itself."""
        return sorted({i.row for i in self.errors if i.row is not None and i.row > HEADER_ROW})

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def sort(self) -> None:
        """Errors first (what keeps offers out), then warnings; each the file's own problems
        first, then row by row, as the user will fix them."""
        self.issues.sort(key=issue_order)

    def summary(self) -> str:
        """The one line the ``validate`` command prints."""
        rejected = self.rows_read - self.rows_valid
        text = (
            f"{tn('valid_offers', self.rows_valid)} sur {tn('rows_read', self.rows_read)}, "
            f"{tn('rejected_count', rejected)}, {tn('errors_count', len(self.errors))}, "
            f"{tn('warnings_count', len(self.warnings))}"
        )
        if self.encoding:
            sep_name = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}
            separator = f", séparateur {sep_name.get(self.separator or '', '?')}" if self.encoding != "Parquet" else ""
            text += f" [encodage {self.encoding}{separator}]"
        return text

    def in_order(self) -> list[Issue]:
        """The issues as every view of the report lists them (``issue_order``)."""
        return sorted(self.issues, key=issue_order)

    def to_frame(self, lang: str = "fr") -> pd.DataFrame:
        """The report as a table, errors first, for display and download, in ``lang`` (a reason
        with no English known stays French)."""
        issues = self.in_order()
        headers = _FRAME_HEADERS["en" if lang == "en" else "fr"]
        severity = _SEVERITY_LABELS["en" if lang == "en" else "fr"]
        return pd.DataFrame(
            {
                headers[0]: [severity[i.severity] for i in issues],
                headers[1]: pd.array([i.row for i in issues], dtype="Int64"),
                headers[3]: [_shorten(i.column, 60) for i in issues],
                # the reason before the value: a long value pushed it out of sight, to the right
                headers[5]: [i.reason_in(lang) for i in issues],
                headers[4]: [_shorten(i.value) for i in issues],
                headers[2]: [_shorten(i.offer_id, 60) for i in issues],
            }
        )

    def to_text(self) -> str:
        lines = [self.summary()]
        lines += [f"- {'ERREUR' if i.severity == 'error' else 'attention'} : {i.describe()}"
                  for i in self.in_order()]
        return "\n".join(lines)


_FRAME_HEADERS = {
    "fr": ("gravité", "ligne", "offre", "colonne", "valeur", "problème"),
    "en": ("severity", "row", "offer", "column", "value", "problem"),
}
_SEVERITY_LABELS = {"fr": {"error": "erreur", "warning": "avertissement"},
                    "en": {"error": "error", "warning": "warning"}}


def issue_order(issue: Issue) -> tuple[bool, bool, int]:
    """Sort key of the report: errors before warnings, then the file's own problems, then by row."""
    return (issue.severity != "error", issue.row is not None, issue.row or 0)


class InvalidOffersFile(ValueError):
    """The file cannot be read as an offers table at all; carries the report."""

    def __init__(self, report: ValidationReport):
        super().__init__(report.to_text())
        self.report = report


def _quoted(word: str, text: str, english: bool) -> str:
    return f"{word} “{text}”" if english else f"{word} « {text} »"


_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _shorten(value: str | None, limit: int = 80) -> str:
    """A value as one short printable line: a report is printed and shown, so a hostile cell
    (control characters, undecodable bytes, a whole swallowed file) must not break either."""
    if value is None:
        return ""
    text = _UNPRINTABLE.sub("\ufffd", _LINE_BREAKS.sub(" ⏎ ", str(value)))
    return text if len(text) <= limit else text[: limit - 1] + "…"
