"""Headline figures of a set of offers."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import formatting as fmt
from lib.charts import plottable

# A stated amount within this many euros of the minimum is "at the minimum" (rounding in offers).
AT_MINIMUM_TOLERANCE_EUR = 1.0


@dataclass(frozen=True)
class HeadlineFigures:
    offers: int
    median_stipend: float | None
    known_stipends: int
    share_at_minimum: float | None  # among internships whose stipend is known
    internships_known: int
    median_duration: float | None


def headline_figures(offers: pd.DataFrame) -> HeadlineFigures:
    """Count, median monthly stipend, share of internships at the legal minimum, median duration."""
    known = offers["stipend_monthly_eur"].dropna().astype(float)
    internships = offers[(offers["contract"] == "internship") & offers["stipend_monthly_eur"].notna()]
    at_minimum = internships["stipend_status"].eq("estimated") | (
        internships["stipend_status"].isin(["stated", "computed"])
        & (internships["stipend_monthly_eur"] - internships["legal_minimum_monthly_eur"]).abs().le(
            AT_MINIMUM_TOLERANCE_EUR).fillna(False)
    )
    durations = offers["duration_mid"].dropna().astype(float)
    return HeadlineFigures(
        offers=len(offers),
        median_stipend=float(known.median()) if len(known) else None,
        known_stipends=len(known),
        share_at_minimum=float(at_minimum.mean()) if len(internships) else None,
        internships_known=len(internships),
        median_duration=float(durations.median()) if len(durations) else None,
    )


def not_plotted(offers: pd.DataFrame) -> int:
    """Offers the stipend/duration chart cannot show."""
    return int((~plottable(offers)).sum())


def euros_or_dash(value: float | None, lang: str = "fr") -> str:
    return fmt.euros(None if value is None else round(value), lang)


def percent_or_dash(value: float | None, lang: str = "fr") -> str:
    if value is None:
        return "—"
    return f"{round(100 * value)} %" if lang == "fr" else f"{round(100 * value)}%"


def months_or_dash(value: float | None, lang: str = "fr") -> str:
    if value is None:
        return "—"
    return f"{fmt.number(value, lang)} {'mois' if lang == 'fr' else 'months'}"
