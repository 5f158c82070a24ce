"""Headline figures of a set of offers.

They summarise internships: a civic service's amount is a net allowance, not a gratification, so
it is left out of the median stipend and of the share at the legal minimum. An offer posted twice
(``republishes``) counts once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import formatting as fmt
from lib.charts import plottable
from lib.republication import distinct_offers


@dataclass(frozen=True)
class HeadlineFigures:
    offers: int  # distinct offers: a republished pair counts once
    median_stipend: float | None  # internships only
    known_stipends: int  # internships whose monthly stipend is known or bounded (the median's base)
    share_at_minimum: float | None  # among internships whose stipend is known or bounded
    internships_known: int
    median_duration: float | None
    postings: int = 0  # rows, each posting of a republished offer included

    @property
    def republications(self) -> int:
        return self.postings - self.offers


def at_legal_minimum(internships: pd.DataFrame) -> pd.Series:
    """Internships paid the legal minimum as their text says: « gratification légale » and the
    like (``legal_minimum``), or a stated amount within a euro of the year's minimum
    (``lib.stipend.stipend_level``). A stipend said to be paid with no amount (``paid_unstated``) or
    above the minimum is not counted: nobody said so."""
    return internships["stipend_level"].eq("at_minimum").fillna(False).astype(bool)


def headline_figures(offers: pd.DataFrame) -> HeadlineFigures:
    """Distinct offers, median monthly stipend and share at the legal minimum of internships,
    median duration."""
    distinct = distinct_offers(offers, ["contract", "stipend_monthly_eur", "stipend_level", "duration_mid"])
    internships = distinct[distinct["contract"].eq("internship").fillna(False).to_numpy()
                           & distinct["stipend_monthly_eur"].notna().to_numpy()]
    stipends = internships["stipend_monthly_eur"].astype(float)
    durations = distinct["duration_mid"].dropna().astype(float)
    return HeadlineFigures(
        offers=len(distinct),
        median_stipend=float(stipends.median()) if len(stipends) else None,
        known_stipends=len(stipends),
        share_at_minimum=float(at_legal_minimum(internships).mean()) if len(internships) else None,
        internships_known=len(internships),
        median_duration=float(durations.median()) if len(durations) else None,
        postings=len(offers),
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
