"""French (or English) display of amounts, months and durations, through babel.

Babel separates thousands with a narrow no-break space: ``1 300 €`` never breaks over two lines.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_currency, format_percent

from lib import categories as cat
from lib.i18n import LOCALES, decimal_text, tn


def euros(amount: float | None, lang: str = "fr", cents: bool = False) -> str:
    """``1 300 €``; ``4,05 €`` when the amount has cents; an em dash when unknown."""
    if amount is None or pd.isna(amount):
        return "—"
    amount = float(amount)
    show_cents = cents or not amount.is_integer()
    # A no-break space before the sign, as babel's own French pattern has it.
    pattern = "#,##0.00\u00a0¤" if show_cents else "#,##0\u00a0¤"
    if lang != "fr":
        pattern = "¤#,##0.00" if show_cents else "¤#,##0"
    return _currency(amount, pattern, LOCALES.get(lang, "fr_FR"))


# Babel parses its pattern and locale at every call: about 0.1 ms. A chart's hover texts, a table's
# amounts and dates repeat few distinct values over thousands of offers, so each is written once.
@lru_cache(maxsize=8192)
def _currency(amount: float, pattern: str, locale: str) -> str:
    return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=False)


@lru_cache(maxsize=4096)
def _date(value: date, pattern: str, locale: str) -> str:
    return format_date(value, pattern, locale=locale)


def monthly_euros(amount: float | None, lang: str = "fr") -> str:
    """A monthly stipend as every chart, card and table writes it: whole euros (« 660 € » for the
    2025 minimum of 659,75 €); cents are kept only where the offer states them (« 4,05 € de l'heure »)."""
    return euros(monthly_shown(amount), lang)


def monthly_shown(amount: float | None) -> int | None:
    """The monthly amount ``monthly_euros`` writes: whole euros, None when unknown."""
    return None if amount is None or pd.isna(amount) else round(float(amount))


def percent(share: float | None, lang: str = "fr") -> str:
    """``72 %`` in French, ``72%`` in English; an em dash when unknown."""
    if share is None or pd.isna(share):
        return "—"
    return format_percent(float(share), locale=LOCALES.get(lang, "fr_FR"))


def hours_range(low: float | None, high: float | None, lang: str = "fr") -> str:
    """Weekly hours: ``35 h``, ``28–35 h``; an em dash when unknown."""
    known = [v for v in (low, high) if v is not None and not pd.isna(v)]
    if not known:
        return "—"
    low_value, high_value = min(known), max(known)
    if low_value == high_value:
        return f"{number(low_value, lang)}\u00a0h"
    return f"{number(low_value, lang)}–{number(high_value, lang)}\u00a0h"


def number(value: float | None, lang: str = "fr") -> str:
    if value is None or pd.isna(value):
        return "—"
    return decimal_text(float(value), LOCALES.get(lang, "fr_FR"))


def thousands_separator(lang: str = "fr") -> str:
    """The character between groups of three digits (« 1 300 », « 1,300 »), for numbers the browser
    writes itself (the map's clusters)."""
    return number(1000, lang)[1]


def month(value: str | None, lang: str = "fr") -> str:
    """``mars 2023`` from ``2023-03``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not value:
        return "—"
    year, mon = (int(part) for part in str(value)[:7].split("-"))
    return _date(date(year, mon, 1), "MMMM y", LOCALES.get(lang, "fr_FR"))


def month_abbr(value: str | None, lang: str = "fr") -> str:
    """``mars 2023``, ``janv. 2023`` from ``2023-01``: the month abbreviated, for chart ticks."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not value:
        return "—"
    year, mon = (int(part) for part in str(value)[:7].split("-"))
    return _date(date(year, mon, 1), "MMM y", LOCALES.get(lang, "fr_FR"))


def day(value: str | None, lang: str = "fr") -> str:
    """``15 janvier 2023`` from ``2023-01-15``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not value:
        return "—"
    return _date(date.fromisoformat(str(value)), "d MMMM y", LOCALES.get(lang, "fr_FR"))


def months_range(low: float | None, high: float | None, lang: str = "fr") -> str:
    """``4 à 6 mois``, ``6 mois``, "1 month"; an em dash when unknown."""
    if (low is None or pd.isna(low)) and (high is None or pd.isna(high)):
        return "—"
    if low is None or pd.isna(low) or (high is not None and not pd.isna(high) and float(low) == float(high)):
        value = high if low is None or pd.isna(low) else low
        return tn("months_count", float(value), lang, n=number(value, lang))
    if high is None or pd.isna(high):
        return tn("months_count", float(low), lang, n=number(low, lang))
    joiner = "à" if lang == "fr" else "to"
    return tn("months_count", float(high), lang, n=f"{number(low, lang)} {joiner} {number(high, lang)}")


def stipend_as_written(basis: str, amount: float | None, period: str | None, lang: str = "fr") -> str:
    """The stipend the way the offer states it: ``1 300 € par mois``, ``Gratification légale``."""
    if basis == "explicit" and amount is not None and not pd.isna(amount):
        return f"{euros(amount, lang)} {cat.label(cat.STIPEND_PERIODS, period or 'month', lang)}"
    return cat.label(cat.STIPEND_BASES, basis, lang)


def codes(value: str | None, labels: cat.Labels, lang: str = "fr") -> str:
    """Human labels of a ``;``-separated list of codes."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not value:
        return "—"
    return ", ".join(cat.label(labels, code.strip(), lang) for code in str(value).split(";") if code.strip())
