"""Headline figures of a set of offers."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import formatting as fmt
from lib.charts import plottable


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
    # Stated as the legal rate, or a stated amount within a euro of it (lib.stipend.stipend_level).
    at_minimum = internships["stipend_level"].eq("at_minimum").fillna(False)
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
    return fmt.monthly_euros(value, lang)


def percent_or_dash(value: float | None, lang: str = "fr") -> str:
    return fmt.percent(None if value is None else round(value, 2), lang)


def months_or_dash(value: float | None, lang: str = "fr") -> str:
    if value is None:
        return "—"
    return fmt.months_range(value, value, lang)
