"""Plotly figures of the offers; each has a French title and axes with units."""

from __future__ import annotations

import functools
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib import categories as cat
from lib import formatting as fmt
from lib import rates
from lib.escaping import plotly_text
from lib.i18n import colon, t
from lib.offers import localised
from lib.republication import REPUBLISHES, distinct_offers, is_counted_republication

# Stated amounts are filled markers; values the dashboard estimated are hollow. A lower bound
# (« supérieure au minimum », or « indemnisé » with no amount) is a hollow triangle.
STATUS_SYMBOLS = {
    "stated": "circle",
    "computed": "circle",
    "estimated": "circle-open",
    "lower_bound": "triangle-up-open",
}
# A civic service's amount is a net allowance, not an internship's gross stipend: a diamond,
# filled when stated, hollow when valued at the legal allowance.
CIVIC_SERVICE_SYMBOLS = {
    "stated": "diamond",
    "computed": "diamond",
    "estimated": "diamond-open",
    "lower_bound": "diamond-open",
}
CIVIC_SERVICE_COLOUR = "#555555"
# Beyond this many points the stipend/duration chart draws one marker per stack of offers (no text per
# point: a hover built from the trace and the marker's x and y, the offers' row labels as customdata), and
# the stipend-by-type chart a box of quartiles without its dots. As many as the map's detailed offers
# (lib.maps.DETAIL_THRESHOLD). At 5,000, one click across it (a department more or less, 100,000 offers)
# kept Chromium busy 5.2–7.1 s drawing 5,000 SVG dots and sending 3.5 MB; at 1,000, 2.1–2.6 s
# (benchmarks/results.md, « Goal 2a: the charts' threshold »). Beyond 1,000 points the duration bars
# and dots cover each other anyway.
COMPACT_THRESHOLD = 1000
VALIDATED_POINTS = 500  # a trace with more points is built without Plotly's per-value checks
# The columns the stipend/duration chart reads (a narrow frame is cheap to filter at scale).
_SCATTER_COLUMNS = ["org_type", "stipend_monthly_eur", "stipend_status", "duration_mid", "duration_low",
                    "duration_high", "contract", "year"]
# Every column the charts below, their sentences (lib.chart_text) and the headline figures (lib.summary)
# read, besides the localised texts of ``columns_read``: a page copies only these of the kept offers.
_READ_COLUMNS = ["offer_id", "republishes", "organisation", "title", "org_type", "contract", "stipend_monthly_eur",
                 "stipend_status", "stipend_level", "duration_low", "duration_mid", "duration_high",
                 "duration_min_months", "duration_max_months", "year", "region_label", "start_month"]
MIN_STIPEND_SPAN_EUR = 400.0
# An axis whose values span less than half its minimum width is drawn that wide, centred, with ticks of
# this step: Plotly's own ticks on a stipend axis a euro wide (one amount, 614,25 €) fall between whole
# euros, and written without cents they read « 614 €, 614 €, 615 €, 615 € ».
BY_TYPE_SPAN_EUR, BY_TYPE_TICK_EUR = 100.0, 20.0
DURATION_SPAN_MONTHS, DURATION_TICK_MONTHS = 3.0, 1.0
# Titles are the pages' headings, not the figures': a heading wraps on a phone, a Plotly title is cut
# and Plotly's toolbar covers it. The top margin leaves the toolbar a band of its own.
_LAYOUT = dict(margin=dict(l=10, r=10, t=36, b=10), font=dict(size=13))
TEMPLATE = "plotly_white"
# Plotly's decimal and thousands separators, as babel writes numbers: « 1 300,5 » (a narrow no-break
# space, like lib.formatting) in French, "1,300.5" in English.
SEPARATORS = {"fr": ",\u202f", "en": ".,"}
# Legends go below the plot, in rows: beside it, they took 60 % of a phone's width.
_LEGEND_BELOW = dict(orientation="h", x=0, xanchor="left", y=-0.16, yanchor="top", title=dict(side="top"))
# Category labels wrap at this many characters: on one line, "Établissement ou service public" took
# 230 of a phone's 358 px.
LABEL_WRAP = 16
# A hover's long names in lines of at most this many characters: Plotly does not wrap a hover label, and
# a title of 120 characters ran off both sides of a phone's chart.
HOVER_WRAP = 40
# Identical points (same duration, same euro) are drawn side by side, this many months apart.
DODGE_MONTHS = 0.2
# A stack of identical points spreads over at most this span, closer together as it grows: 300 offers at
# 6 months and the legal minimum, 0.2 month apart, ran from -24 to 36 months and stretched the axis.
DODGE_SPAN_MONTHS = 1.0
# Start months: at most this many labelled ticks, so that they fit a phone's width unrotated.
MAX_MONTH_TICKS = 6


def new_figure() -> go.Figure:
    """An empty figure on the dashboard's template (``TEMPLATE``). Plotly checks every value of a
    template each time a figure is given one (12 ms, four figures a run): it is checked once
    (``_checked_template``) and handed over as it is, as Plotly hands over its own default template
    (``BaseFigure._initialize_layout_template``). The figure's own values are checked as before."""
    fig = go.Figure()
    layout = fig.layout
    layout._validate = False
    try:
        layout.template = _checked_template()
    finally:
        layout._validate = True
    return fig


@functools.cache
def _checked_template() -> go.layout.Template:
    """``TEMPLATE`` as a figure's layout holds it once Plotly has checked it (same values, same order)."""
    return go.Layout(template=TEMPLATE).template


def _layout(lang: str) -> dict:
    return {**_LAYOUT, "separators": SEPARATORS.get(lang, SEPARATORS["fr"])}


def euro_axis(lang: str) -> dict:
    """An axis of monthly amounts written like everywhere else: « 1 300 € », "€1,300"; hovers in whole
    euros (a box's median of 769,5 € reads 770 €)."""
    axis = dict(separatethousands=True, tickformat=",.0f", hoverformat=",.0f")
    if lang == "en":
        return {**axis, "tickprefix": "€", "ticksuffix": ""}
    return {**axis, "tickprefix": "", "ticksuffix": "\u00a0€"}


def euro_hover(value: str, lang: str) -> str:
    """A Plotly hover field (``%{y:,.0f}``) as an amount in euros, in the language's order."""
    return f"€{value}" if lang == "en" else f"{value}\u00a0€"


def wrap_label(text: str, width: int = LABEL_WRAP) -> str:
    """A category label as Plotly text, escaped, on lines of about ``width`` characters."""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(str(text), width) or [""])


def widened_axis(values: pd.Series | np.ndarray, width: float, step: float) -> dict:
    """Axis settings drawing ``values`` (at least one) on an axis ``width`` wide, centred on them, ticks
    every ``step`` from 0, when they span less than half of it: the ticks are then distinct once written
    as whole numbers. Nothing otherwise: Plotly's own range and ticks, over at least ``width / 2``."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if not len(values) or float(values.max() - values.min()) >= width / 2:
        return {}
    middle = (float(values.max()) + float(values.min())) / 2
    return dict(range=[middle - width / 2, middle + width / 2], tickmode="linear", tick0=0, dtick=step)


MONTH_BAR_FILL = 0.8  # share of its month a start-month bar covers
MS_PER_DAY = 86_400_000
EMPTY_HEIGHT = 220  # px of a chart with nothing to draw: its message, not 620 px of blank plot


def show_empty(fig: go.Figure, lang: str, message: str = "chart_no_offer") -> None:
    """A chart with no point: no axes (Plotly drew ticks of −1 €, 0 €, 1 € around nothing) and, in
    their place, « Aucune offre à montrer » (or the text ``message``) in the chart's language."""
    fig.update_layout(height=EMPTY_HEIGHT, showlegend=False, dragmode=False, annotations=[dict(
        text=plotly_text(t(message, lang)), xref="paper", yref="paper", x=0.5, y=0.5,
        showarrow=False, font=dict(size=16, color="#555555"))])
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)


def _count_axis(max_count: int) -> dict:
    """Axis settings for a number of offers: whole numbers only (no « 0,5 offre »)."""
    return dict(rangemode="tozero", tickformat=",d", **({"dtick": 1} if max_count <= 10 else {}))


def dodge_offsets(durations: pd.Series, amounts: pd.Series, step: float = DODGE_MONTHS,
                  span: float = DODGE_SPAN_MONTHS) -> pd.Series:
    """How far (in months) to draw each point beside its true duration so that offers at the same
    duration and the same euro do not hide each other: 0 for a lone point, centred for a group, ``step``
    apart, closer when the group would spread over more than ``span`` (it stays at its duration)."""
    keys = pd.DataFrame({"d": durations.astype(float).round(3), "y": amounts.astype(float).round()},
                        index=durations.index)
    rank = keys.groupby(["d", "y"], sort=False).cumcount()
    size = keys.groupby(["d", "y"], sort=False)["d"].transform("size")
    apart = np.minimum(step, span / (size - 1).clip(lower=1))
    return (rank - (size - 1) / 2) * apart


def marker_symbols(statuses: pd.Series, contracts: pd.Series) -> list[str]:
    """The marker of each offer: its stipend status, drawn apart for a civic service."""
    return [(CIVIC_SERVICE_SYMBOLS if contract == "civic_service" else STATUS_SYMBOLS).get(status, "circle")
            for status, contract in zip(statuses, contracts, strict=True)]


def columns_read(lang: str) -> list[str]:
    """The columns the charts, their sentences and the headline figures read, in ``lang``: at 100,000
    offers, copying the kept rows of every column took a tenth of a second, of these a third."""
    return [*_READ_COLUMNS, localised("place_text", lang), localised("stipend_text", lang)]


# The texts only the per-offer charts' hovers read (the grouped charts carry counts, not names).
_POINT_TEXT_COLUMNS = ("organisation", "title", "place_text", "stipend_text")


def columns_needed(offers: pd.DataFrame, keep: np.ndarray | None, lang: str) -> list[str]:
    """``columns_read(lang)``, without the texts of the per-offer hovers when the offers ``keep``
    keeps of ``offers`` surely make both per-offer charts grouped (``COMPACT_THRESHOLD``): copying
    those four texts of 850,000 kept offers took 0.2 s at every run, for charts that never show them.
    « Surely »: the box plot leaves out republications whose first posting is kept too; here every
    republication is left out of its count, which can only be lower than the chart's own."""
    columns = columns_read(lang)

    def kept(mask: np.ndarray) -> int:
        return int(np.count_nonzero(mask if keep is None else mask & keep))

    shown = plottable(offers).to_numpy(dtype=bool, na_value=False)
    internships = paid_internships(offers).to_numpy(dtype=bool)
    republishing = (offers[REPUBLISHES].notna().to_numpy(dtype=bool) if REPUBLISHES in offers.columns
                    else np.zeros(len(offers), dtype=bool))
    if kept(shown) > COMPACT_THRESHOLD and kept(internships & ~republishing) > COMPACT_THRESHOLD:
        texts = {localised(c, lang) for c in _POINT_TEXT_COLUMNS}
        return [c for c in columns if c not in texts]
    return columns


def plottable(offers: pd.DataFrame) -> pd.Series:
    """Offers the stipend/duration chart can show: a monthly stipend and a duration are known."""
    return offers["stipend_monthly_eur"].notna() & offers["duration_mid"].notna()


def paid_internships(offers: pd.DataFrame) -> pd.Series:
    """Internships whose monthly stipend is known: what the stipend-by-type chart and its sentence draw
    (a civic service's net allowance is not a gratification)."""
    return (offers["stipend_monthly_eur"].notna() & offers["contract"].eq("internship")).fillna(False).astype(bool)


def stipend_vs_duration(offers: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Monthly stipend against duration: the duration range as a horizontal bar, colour by
    organisation type, hollow markers for estimated stipends, triangles for lower bounds,
    diamonds for civic services (a net allowance), the internships' legal minimum as a line.
    Every posting is a point (a table of the selection shows both of a republished pair).

    Each point carries its ``offer_id`` in ``customdata`` so a selection maps back to offers.
    """
    shown = plottable(offers)
    if int(shown.sum()) > COMPACT_THRESHOLD:
        return _compact_stipend_vs_duration(offers.loc[shown, _SCATTER_COLUMNS], lang)
    plotted = offers[shown]
    drawn_at = plotted["duration_mid"].astype(float) + dodge_offsets(plotted["duration_mid"],
                                                                     plotted["stipend_monthly_eur"])
    fig = new_figure()
    for org_type, colour in cat.ORG_TYPE_COLOURS.items():
        group = plotted[plotted["org_type"] == org_type]
        if group.empty:
            continue
        x = drawn_at[group.index]
        ranged = group["duration_high"].astype(float) > group["duration_low"].astype(float)
        # The legend shows a solid marker per type whatever the first point's symbol is.
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=cat.label(cat.ORG_TYPES, org_type, lang),
                              legendgroup=org_type, marker=dict(color=colour, size=12, symbol="circle"),
                              hoverinfo="skip"))
        fig.add_trace(
            go.Scatter(  # SVG: at most COMPACT_THRESHOLD points, where WebGL gains nothing
                x=x,
                y=group["stipend_monthly_eur"].astype(float),
                mode="markers",
                name=cat.label(cat.ORG_TYPES, org_type, lang),
                legendgroup=org_type,
                showlegend=False,
                marker=dict(
                    color=colour,
                    size=13,
                    symbol=marker_symbols(group["stipend_status"], group["contract"]),
                    line=dict(width=2, color=colour),
                ),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    # From the drawn point: the bar still spans the offer's true duration range (none
                    # for a single duration, even when the point is drawn a little beside it).
                    array=(group["duration_high"].astype(float) - x).clip(lower=0).where(ranged, 0.0),
                    arrayminus=(x - group["duration_low"].astype(float)).clip(lower=0).where(ranged, 0.0),
                    color=colour,
                    thickness=3,
                    width=0,
                ),
                customdata=group[["offer_id"]].to_numpy(),
                hovertext=_hovers(group, lang),
                hovertemplate="%{hovertext}<extra></extra>",
                # Plotly checks each point's symbol against its few hundred names by regular
                # expression: 0.1 s for 5,000 points. Checked while the values are few (every test),
                # trusted beyond: the code that writes them is the same.
                _validate=len(group) <= VALIDATED_POINTS,
            )
        )
    _add_civic_service_legend(fig, plotted, go.Scatter, lang)
    _finish_stipend_vs_duration(fig, plotted, lang)
    if plotted.empty:
        show_empty(fig, lang)
    return fig


def _add_civic_service_legend(fig: go.Figure, plotted: pd.DataFrame, scatter, lang: str) -> None:
    """One legend entry saying what a diamond is, when civic services are drawn."""
    if plotted["contract"].eq("civic_service").any():
        fig.add_trace(scatter(x=[None], y=[None], mode="markers", name=t("civic_service_legend", lang),
                              marker=dict(color=CIVIC_SERVICE_COLOUR, size=12, symbol="diamond"), hoverinfo="skip"))


# The compact chart in SVG up to this many markers, in WebGL beyond. A filter change to idle in headless
# Chromium at 100,000 offers (benchmarks/results.md): 0.2-0.5 s sooner in SVG for a few hundred markers
# (one organisation type, 503; a department more across COMPACT_THRESHOLD), as soon for one region (1,649),
# 0.1-0.2 s later at 2,000: WebGL pays for making its context when the chart turns to it, SVG for each marker.
SVG_MARKERS = 1_000
STIPEND_STEP_EUR = 25  # compact chart: amounts to the nearest 25 €, so offers a few euros apart are one marker
# Compact chart: each organisation type drawn a little beside the duration, so that types do not hide
# each other (months; seven types span 0.36 month, clear of the half-month durations beside).
TYPE_OFFSET_MONTHS = 0.06


def _marker_keys(plotted: pd.DataFrame) -> pd.DataFrame:
    """What one marker of the compact chart stands for: offers of one type, contract and stipend
    status, at the same duration (the middle of its range) and within the same 25 € of monthly stipend.
    Texts stay Arrow strings: as Python objects, 85,000 offers' keys took 25 ms more to build and group."""
    return pd.DataFrame({
        "org_type": plotted["org_type"],
        "contract": plotted["contract"],
        "status": plotted["stipend_status"],
        "duration": plotted["duration_mid"].astype(float),
        "stipend": (plotted["stipend_monthly_eur"].astype(float) / STIPEND_STEP_EUR).round() * STIPEND_STEP_EUR,
    }, index=plotted.index)


def _compact_stipend_vs_duration(plotted: pd.DataFrame, lang: str) -> go.Figure:
    """The same chart for many offers, readable: offers that would hide each other are one marker
    whose area grows with their number, each type drawn beside the others, no duration bars (tens of
    thousands of them would cover the chart). One trace per organisation type and stipend status,
    numbers as compact typed arrays: 100,000 offers hold a few thousand markers, drawn in SVG up to
    ``SVG_MARKERS`` and in WebGL beyond.

    ``customdata`` holds, per marker, the row label in ``offers`` of one of its offers and their
    number; ``selected_offer_ids`` reads the label back into every offer of the marker.
    """
    fig = new_figure()
    statuses = {
        "estimated": t("status_estimated", lang),
        "lower_bound": t("status_lower_bound", lang),
        "computed": t("status_computed", lang),
    }
    per_month = plotly_text(f" / {t('month_short', lang)}")
    months = plotly_text(f" {t('month_short', lang)}" if lang == "fr" else " months")
    keys = _marker_keys(plotted)
    markers = (keys.assign(label=keys.index).groupby(list(keys.columns), sort=False)
               .agg(label=("label", "first"), count=("label", "size")).reset_index())
    markers["symbol"] = marker_symbols(markers["status"], markers["contract"])
    scatter = go.Scatter if len(markers) <= SVG_MARKERS else go.Scattergl
    types = list(cat.ORG_TYPE_COLOURS)
    for org_type, colour in cat.ORG_TYPE_COLOURS.items():
        group = markers[markers["org_type"] == org_type]
        if group.empty:
            continue
        name = cat.label(cat.ORG_TYPES, org_type, lang)
        offset = (types.index(org_type) - (len(types) - 1) / 2) * TYPE_OFFSET_MONTHS
        fig.add_trace(scatter(x=[None], y=[None], mode="markers", name=name, legendgroup=org_type,
                              marker=dict(color=colour, size=12, symbol="circle"), hoverinfo="skip"))
        for symbol, part in group.groupby("symbol", sort=False):
            status = statuses.get(str(part["status"].iloc[0]), "") if symbol != "circle" else ""
            if part["contract"].iloc[0] == "civic_service":
                status = t("status_civic", lang)
            count = part["count"].to_numpy(dtype="int32")
            fig.add_trace(scatter(
                x=(part["duration"].to_numpy() + offset).astype("float32"),
                y=part["stipend"].to_numpy(dtype="float32"),
                mode="markers",
                name=name,
                legendgroup=org_type,
                showlegend=False,
                marker=dict(color=colour, symbol=symbol, line=dict(width=1.5, color=colour), opacity=0.75,
                            size=np.clip(4 + 1.5 * np.sqrt(count), 5, 24).astype("float32")),
                customdata=np.column_stack([part["label"].to_numpy(dtype="int64"), count,
                                            part["duration"].to_numpy()]).astype("float32"),
                hovertemplate=f"<b>{plotly_text(name)}</b><br>≈ {euro_hover('%{y:,.0f}', lang)}{per_month}"
                              + (f" ({plotly_text(status)})" if status else "")
                              + f"<br>%{{customdata[2]}}{months}<br>"
                              + plotly_text(t("kpi_offers", lang) + colon(lang)) + "%{customdata[1]:,}<extra></extra>",
                _validate=len(markers) <= VALIDATED_POINTS,
            ))
    _add_civic_service_legend(fig, plotted, scatter, lang)
    _finish_stipend_vs_duration(fig, plotted, lang)
    fig.update_layout(xaxis_title=t("axis_duration_months_compact", lang))
    return fig


def _finish_stipend_vs_duration(fig: go.Figure, plotted: pd.DataFrame, lang: str) -> None:
    minimums = legal_minimums(plotted)
    # The shapes add_hline draws, set at once (add_hline copies the whole layout at each call).
    fig.update_layout(shapes=[dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=minimum, y1=minimum,
                                   line=dict(color="#555555", dash="dash", width=1))
                              for minimum in minimums.values()])
    if minimums:
        # A legend entry, not a label on the plot: a label there hid points and ran over the axis on
        # a phone. One entry for all the lines: the yearly minimums are too close to be labelled apart.
        line_trace = go.Scattergl if any(trace.type == "scattergl" for trace in fig.data) else go.Scatter
        fig.add_trace(line_trace(x=[None], y=[None], mode="lines", name=legal_minimum_label(minimums, lang),
                                 line=dict(color="#555555", dash="dash", width=1), hoverinfo="skip",
                                 legendgroup="legal_minimum"))
    fig.update_layout(
        **_layout(lang),
        xaxis_title=t("axis_duration_months", lang),
        yaxis_title=t("axis_monthly_amount" if plotted["contract"].eq("civic_service").any()
                      else "axis_stipend_short", lang),
        legend=dict(_LEGEND_BELOW, title=dict(text=t("org_type", lang), side="top")),
        height=620,
        dragmode="select",
        clickmode="event+select",
    )
    fig.update_yaxes(**euro_axis(lang))
    amounts = plotted["stipend_monthly_eur"].dropna().astype(float)
    values = [*minimums.values()] + ([float(amounts.min()), float(amounts.max())] if len(amounts) else [])
    if values and max(values) - min(values) < MIN_STIPEND_SPAN_EUR:
        # A few equal amounts would otherwise be drawn on an axis a few cents wide.
        middle = (max(values) + min(values)) / 2
        fig.update_yaxes(range=[middle - MIN_STIPEND_SPAN_EUR / 2, middle + MIN_STIPEND_SPAN_EUR / 2])
    fig.update_xaxes(dtick=1)
    # One duration: a tick on each side of it, not one tick alone (dodged points stay within half a month).
    extremes = [plotted[c].astype(float).agg(["min", "max"]).to_numpy()
                for c in ("duration_low", "duration_high", "duration_mid")]  # not a million values copied
    fig.update_xaxes(**widened_axis(np.concatenate(extremes), DURATION_SPAN_MONTHS, DURATION_TICK_MONTHS))


def legal_minimum_label(minimums: dict[int, float], lang: str = "fr") -> str:
    """« Minimum légal (35 h) » and each amount with its years, years of the same amount together
    (« 614 € (2023–2025) »), on a line of its own so that the legend fits a phone."""
    by_amount: dict[int, list[int]] = {}
    for year, value in minimums.items():
        by_amount.setdefault(round(value), []).append(year)
    def span(years: list[int]) -> str:
        consecutive = years == list(range(years[0], years[-1] + 1))
        return f"{years[0]}–{years[-1]}" if len(years) > 1 and consecutive else ", ".join(map(str, years))

    parts = [f"{fmt.euros(amount, lang)} ({span(years)})" for amount, years in by_amount.items()]
    return plotly_text(t("legal_minimum_line", lang)) + "<br>" + plotly_text(" · ".join(parts))


def legal_minimums(offers: pd.DataFrame) -> dict[int, float]:
    """Monthly legal minimum (35 h) of every year the internships among ``offers`` refer to; a
    civic service's year draws no line (its allowance is not a gratification)."""
    years = offers.loc[offers["contract"] == "internship", "year"].dropna().unique()
    values = {int(y): rates.legal_minimum_monthly(int(y)) for y in sorted(years)}
    return {year: value for year, value in values.items() if value is not None}


_HOVER_COLUMNS = ("organisation", "title", "place_text", "stipend_text", "stipend_monthly_eur", "stipend_status",
                  "contract", "duration_min_months", "duration_max_months")


def _hovers(group: pd.DataFrame, lang: str) -> list[str]:
    """Each offer's hover text. Read column by column: a pandas row iterator over Arrow-backed
    columns cost a quarter of a second for 5,000 offers."""
    columns = [group[localised(c, lang) if c in ("place_text", "stipend_text") else c].to_numpy(dtype=object)
               for c in _HOVER_COLUMNS]
    return [_hover(*values, lang=lang) for values in zip(*columns, strict=True)]


def _names_hover(organisation, title) -> str:
    """An offer's host in bold over its title, both wrapped for a phone and escaped."""
    return f"<b>{wrap_label(organisation, HOVER_WRAP)}</b><br>{wrap_label(title, HOVER_WRAP)}"


def _hover(organisation, title, place, stipend_text, monthly, stipend_status, contract, duration_min, duration_max,
           lang: str) -> str:
    status = {
        "estimated": t("status_estimated", lang),
        "lower_bound": t("status_lower_bound", lang),
        "computed": t("status_computed", lang),
    }.get(stipend_status, "")
    parts = [
        _names_hover(organisation, title),
        plotly_text(str(place)),
        f"{plotly_text(str(stipend_text))}"
        f" → {fmt.monthly_euros(monthly, lang)} / {t('month_short', lang)}"
        + (f" ({status})" if status else ""),
        fmt.months_range(duration_min, duration_max, lang),
    ]
    if contract == "civic_service":
        parts.insert(3, f"<i>{plotly_text(t('civic_service_hover', lang))}</i>")
    return "<br>".join(parts)


def stipend_by_org_type(offers: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Each internship's monthly stipend as a dot, one row per organisation type, with a box.

    Internships only (a civic service's net allowance is not a gratification), each offer once
    (a republished pair is one dot)."""
    # The rows drawn are chosen first, then only the columns drawn copied: no organisation or title
    # of 85,000 offers for a chart of quartiles.
    known = (paid_internships(offers) & ~is_counted_republication(offers)).to_numpy(dtype=bool)
    compact = int(known.sum()) > COMPACT_THRESHOLD
    fig = new_figure()
    if compact:
        # Amounts and types as arrays, each type's amounts picked by a mask: no frame copied per type
        # (at a million offers, 0.14 s for this chart as frames, 0.05 s as arrays).
        types = offers["org_type"][known]
        amounts = offers["stipend_monthly_eur"][known].to_numpy(dtype=float)
        for org_type, colour in cat.ORG_TYPE_COLOURS.items():
            values = amounts[types.eq(org_type).to_numpy(dtype=bool, na_value=False)]
            if len(values):
                fig.add_trace(_box_of_quartiles(values, wrap_label(cat.label(cat.ORG_TYPES, org_type, lang)), colour))
    else:
        plotted = offers.loc[known, ["org_type", "stipend_monthly_eur", "organisation", "title"]]
        for org_type, colour in cat.ORG_TYPE_COLOURS.items():
            group = plotted[plotted["org_type"] == org_type]
            if group.empty:
                continue
            fig.add_trace(
                go.Box(
                    x=group["stipend_monthly_eur"].astype(float),
                    name=wrap_label(cat.label(cat.ORG_TYPES, org_type, lang)),
                    marker=dict(color=colour, size=9),
                    line=dict(color=colour),
                    boxpoints="all",
                    # A tap or a hover names an offer; the box's seven figures came as seven labels over
                    # the whole chart of a phone, and the caption already gives each type's median.
                    hoveron="points",
                    jitter=0.4,
                    pointpos=0,
                    orientation="h",
                    hovertext=[_names_hover(o, tl) for o, tl in zip(group["organisation"], group["title"],
                                                                    strict=True)],
                    hovertemplate=f"%{{hovertext}}<br>{euro_hover('%{x:,.0f}', lang)}<extra></extra>",
                    showlegend=False,
                )
            )
    fig.update_layout(**_layout(lang), xaxis_title=t("axis_stipend_short", lang),
                      height=max(260, 50 * len(fig.data) + 120))
    # Quartiles and medians in whole euros, like every amount the dashboard shows (not « 769,5 € »).
    fig.update_xaxes(**euro_axis(lang))
    # A few amounts close together (one type, one amount): ticks a whole number of euros apart.
    drawn = offers["stipend_monthly_eur"].to_numpy(dtype=float, na_value=np.nan)[known]
    fig.update_xaxes(**widened_axis(drawn, BY_TYPE_SPAN_EUR, BY_TYPE_TICK_EUR))
    if not known.any():
        show_empty(fig, lang)
    return fig


def _box_of_quartiles(values: np.ndarray, name: str, colour: str) -> go.Box:
    """A box computed here, not in the browser: five numbers instead of every amount, no dots.
    Quartiles interpolated as Plotly's and pandas' default (« linear »)."""
    q1, median, q3 = (float(q) for q in np.quantile(values, [0.25, 0.5, 0.75]))
    reach = 1.5 * (q3 - q1)
    low = float(values[values >= q1 - reach].min())
    high = float(values[values <= q3 + reach].max())
    return go.Box(y=[name], q1=[q1], median=[median], q3=[q3], lowerfence=[low], upperfence=[high],
                  name=name, orientation="h", marker=dict(color=colour), line=dict(color=colour),
                  boxpoints=False, showlegend=False)


def region_counts(offers: pd.DataFrame) -> pd.Series:
    """Offers per region, most first and regions of as many offers by name (not in the file's order);
    « — » for offers of no known region; an offer posted twice counts once. The same whether the
    regions are strings or categoricals (lib/few_valued.py)."""
    counts = distinct_offers(offers, ["region_label"])["region_label"].value_counts(dropna=False)
    counts = counts[counts.to_numpy() > 0]  # a categorical counts its absent regions too
    table = pd.DataFrame({"region": ["—" if pd.isna(r) else str(r) for r in counts.index],
                          "n": counts.to_numpy(dtype="int64")})
    table = table.sort_values(["n", "region"], ascending=[False, True], kind="stable")
    return pd.Series(table["n"].to_numpy(), index=pd.Index(table["region"].to_list(), dtype=object), name="count")


def offers_by_region(offers: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Number of offers per region, largest at the top; an offer posted twice counts once."""
    counts = region_counts(offers).iloc[::-1]
    names = [cat.region_label(region, lang) for region in counts.index]
    fig = new_figure()
    fig.add_trace(go.Bar(x=counts.to_numpy(), y=[wrap_label(name) for name in names], orientation="h",
                         marker_color="#0072B2", text=counts.to_numpy(), textposition="outside",
                         cliponaxis=False, hovertemplate=f"%{{y}}{colon(lang)}%{{x}}<extra></extra>"))
    fig.update_layout(**_layout(lang), xaxis_title=t("axis_offer_count", lang),
                      height=max(260, 44 * len(counts) + 100))
    fig.update_xaxes(**_count_axis(int(counts.max()) if len(counts) else 0))
    return fig


def start_months(offers: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Offers by month of earliest start, stacked by contract type; an offer posted twice counts
    once, at its first posting's start."""
    offers = distinct_offers(offers, ["contract", "start_month"])
    dated = offers.loc[offers["start_month"].notna(), ["contract", "start_month"]]
    fig = new_figure()
    for contract, colour in (("internship", "#0072B2"), ("civic_service", "#E69F00")):
        group = dated[dated["contract"] == contract]
        if group.empty:
            continue
        counts = group.groupby("start_month").size()
        name = cat.label(cat.CONTRACTS, contract, lang)
        labels = [fmt.month(m, lang) for m in counts.index.astype(str)]
        # Each bar fills its month, centred on it, under its own tick. Its width is set (in ms, the
        # unit of a date axis): Plotly takes it from the gap between bars, so a lone month's bar was
        # a hairline, invisible (one company's offer drew bare axes).
        days = pd.DatetimeIndex(counts.index).days_in_month.to_numpy()
        fig.add_trace(go.Bar(x=counts.index, y=counts.to_numpy(), name=name,
                             marker_color=colour, xperiod="M1", xperiodalignment="middle",
                             width=MONTH_BAR_FILL * days * MS_PER_DAY,
                             customdata=[plotly_text(label) for label in labels],
                             hovertemplate=f"{plotly_text(name)}<br>%{{customdata}}{colon(lang)}%{{y}}<extra></extra>"))
    fig.update_layout(**_layout(lang), barmode="stack", xaxis_title=t("axis_start_month", lang),
                      yaxis_title=t("axis_offer_count", lang), height=380,
                      legend=dict(_LEGEND_BELOW, y=-0.3))
    fig.update_layout(margin_r=24)  # room for the last month's label
    if len(dated):
        # The months, each once: converting every offer's date to a month took tens of milliseconds.
        fig.update_xaxes(**month_ticks(pd.Series(dated["start_month"].unique()), lang))
        # Whole numbers of offers; beyond a few, Plotly's own ticks (a tick per offer would mean
        # thousands of ticks and gridlines to draw at scale: tens of seconds in the browser).
        fig.update_yaxes(**_count_axis(int(dated.groupby("start_month").size().max())))
    else:
        # Offers kept, none with a known start: say so rather than draw axes from 0 to 1 around nothing.
        show_empty(fig, lang, "chart_no_start")
    return fig


def month_ticks(months: pd.Series, lang: str = "fr", most: int = MAX_MONTH_TICKS) -> dict:
    """X-axis ticks for start months: every month when few, else every 2, 3, 6 or 12 months, so
    that at most ``most`` labels fit a phone unrotated; each label (« janv. / 2023 ») under the middle
    of its month, where the bar of that month stands."""
    periods = pd.PeriodIndex(pd.to_datetime(months).dt.to_period("M").unique()).sort_values()
    first, last = periods.min(), periods.max()
    span = (last - first).n + 1
    step = next((s for s in (1, 2, 3, 6, 12) if -(-span // s) <= most), 12 * (-(-span // (12 * most))))
    if step >= 12:
        first = pd.Period(year=first.year, month=1, freq="M")
    elif step > 1:
        first = pd.Period(year=first.year, month=1 + ((first.month - 1) // step) * step, freq="M")
    ticks = pd.period_range(first, last, freq="M")[::step]
    middles = [(p.start_time + (p.end_time - p.start_time) / 2) for p in ticks]
    return dict(tickmode="array", tickvals=middles, tickangle=0,
                ticktext=[plotly_text(fmt.month_abbr(str(p), lang)).replace(" ", "<br>", 1) for p in ticks],
                range=[first.start_time, last.end_time])


def selected_points(selection: dict | None) -> list:
    """The points a user selected on a chart (none when the event holds no selection)."""
    return ((selection or {}).get("selection") or {}).get("points") or []


def selected_offer_ids(selection: dict | None, offers: pd.DataFrame | None = None) -> list[str]:
    """Offer ids of the points a user selected on the stipend/duration chart.

    A point carries its offer id, or, on the compact chart of many offers, its row label in
    ``offers`` (the frame the chart was drawn from), read back here. The compact chart's numbers are
    a typed array, whose row the browser sends as ``{"0": label, "1": count, …}``, not as a list.
    """
    points = selected_points(selection)
    ids, labels = [], []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, dict):
            data = data.get("0")
        if isinstance(data, list | tuple) and data:
            data = data[0]
        if isinstance(data, str):
            ids.append(data)
        elif isinstance(data, int | float) and not isinstance(data, bool) and offers is not None:
            labels.append(int(data))
    if labels:
        # A compact marker: every plotted offer with the same marker key as the labelled one.
        plotted = offers[plottable(offers)]
        keys = _marker_keys(plotted)
        known = keys.index.intersection(pd.Index(labels))
        wanted = pd.MultiIndex.from_frame(keys.loc[known])
        ids += plotted.loc[pd.MultiIndex.from_frame(keys).isin(wanted), "offer_id"].astype(str).tolist()
    return list(dict.fromkeys(ids))
