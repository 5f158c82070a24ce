"""Everything the overview draws from the offers the filters keep, computed at once: its charts,
their sentences and its headline figures. Pure, so that one result can serve every visitor who asks
for the same offers (shell/shared_results.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lib import chart_text, charts, summary


@dataclass(frozen=True)
class Overview:
    """The overview of some offers in one language. Its figures are shared: never changed in place."""

    empty: bool
    headline: summary.HeadlineFigures | None
    not_plotted: int
    plotted: int
    figures: dict[str, go.Figure]  # by chart: stipend_duration, by_type, regions, start
    texts: dict[str, str]  # each chart's sentence, by the same names


def draw_overview(offers: pd.DataFrame, lang: str) -> Overview:
    """The overview of ``offers`` (at least ``charts.columns_read(lang)`` of them) in ``lang``."""
    if offers.empty:
        return Overview(True, None, 0, 0, {}, {})
    missing = summary.not_plotted(offers)
    figures = {
        "stipend_duration": charts.stipend_vs_duration(offers, lang),
        "by_type": charts.stipend_by_org_type(offers, lang),
        "regions": charts.offers_by_region(offers, lang),
        "start": charts.start_months(offers, lang),
    }
    texts = {
        "stipend_duration": chart_text.stipend_vs_duration(offers, lang),
        "by_type": chart_text.stipend_by_org_type(offers, lang),
        "regions": chart_text.offers_by_region(offers, lang),
        "start": chart_text.start_months(offers, lang),
    }
    return Overview(False, summary.headline_figures(offers), missing, len(offers) - missing, figures, texts)
