"""Plotly figures of the offers; each has a French title and axes with units.

Plotly reads its texts as pseudo-HTML (``<a href>``, ``<b>``, ``<br>``): every text that comes from the
offers, and every label written into a hover template, goes through ``plotly_text``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib import categories as cat
from lib import formatting as fmt
from lib import rates
from lib.escaping import plotly_text
from lib.i18n import t

# Stated amounts are filled markers; values the dashboard estimated are hollow.
STATUS_SYMBOLS = {
    "stated": "circle",
    "computed": "circle",
    "estimated": "circle-open",
    "lower_bound": "triangle-up-open",
}
WEBGL_THRESHOLD = 2000
# Beyond this many points the stipend/duration chart sends no text per point: a hover built from
# the trace (type, status) and the point's x and y, and the offers' row labels as customdata.
COMPACT_THRESHOLD = 5000
# The columns the stipend/duration chart reads (a narrow frame is cheap to filter at scale).
_SCATTER_COLUMNS = ["org_type", "stipend_monthly_eur", "stipend_status", "duration_mid", "duration_low",
                    "duration_high", "contract", "year"]
MIN_STIPEND_SPAN_EUR = 400.0
_LAYOUT = dict(template="plotly_white", margin=dict(l=10, r=10, t=60, b=10), font=dict(size=13),
               separators=", ")


def _layout(lang: str) -> dict:
    layout = dict(_LAYOUT)
    if lang != "fr":
        layout["separators"] = ".,"
    return layout


def plottable(offers: pd.DataFrame) -> pd.Series:
    """Offers the stipend/duration chart can show: a monthly stipend and a duration are known."""
    return offers["stipend_monthly_eur"].notna() & offers["duration_mid"].notna()


def stipend_vs_duration(offers: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Monthly stipend against duration: the duration range as a horizontal bar, colour by
    organisation type, hollow markers for estimated stipends, the legal minimum as a line.

    Each point carries its ``offer_id`` in ``customdata`` so a selection maps back to offers.
    """
    shown = plottable(offers)
    if int(shown.sum()) > COMPACT_THRESHOLD:
        return _compact_stipend_vs_duration(offers.loc[shown, _SCATTER_COLUMNS], lang)
    plotted = offers[shown]
    scatter = go.Scattergl if len(plotted) > WEBGL_THRESHOLD else go.Scatter
    fig = go.Figure()
    for org_type, colour in cat.ORG_TYPE_COLOURS.items():
        group = plotted[plotted["org_type"] == org_type]
        if group.empty:
            continue
        # The legend shows a solid marker per type whatever the first point's symbol is.
        fig.add_trace(scatter(x=[None], y=[None], mode="markers", name=cat.label(cat.ORG_TYPES, org_type, lang),
                              legendgroup=org_type, marker=dict(color=colour, size=12, symbol="circle"),
                              hoverinfo="skip"))
        fig.add_trace(
            scatter(
                x=group["duration_mid"].astype(float),
                y=group["stipend_monthly_eur"].astype(float),
                mode="markers",
                name=cat.label(cat.ORG_TYPES, org_type, lang),
                legendgroup=org_type,
                showlegend=False,
                marker=dict(
                    color=colour,
                    size=13,
                    symbol=[STATUS_SYMBOLS.get(s, "circle") for s in group["stipend_status"]],
                    line=dict(width=2, color=colour),
                ),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=(group["duration_high"] - group["duration_mid"]).astype(float),
                    arrayminus=(group["duration_mid"] - group["duration_low"]).astype(float),
                    color=colour,
                    thickness=3,
                    width=0,
                ),
                customdata=group[["offer_id"]].to_numpy(),
                hovertext=[_hover(row, lang) for row in group.itertuples(index=False)],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    _finish_stipend_vs_duration(fig, plotted, lang)
    return fig


STIPEND_STEP_EUR = 25  # compact chart: amounts to the nearest 25 €, so offers a few euros apart are one marker
# Compact chart: each organisation type drawn a little beside the duration, so that types do not hide
# each other (months; seven types span 0.36 month, clear of the half-month durations beside).
TYPE_OFFSET_MONTHS = 0.06


def _marker_keys(plotted: pd.DataFrame) -> pd.DataFrame:
    """What one marker of the compact chart stands for: offers of one type and stipend status, at the
    same duration (the middle of its range) and within the same 25 € of monthly stipend."""
    return pd.DataFrame({
        "org_type": plotted["org_type"].astype(object),
        "status": plotted["stipend_status"].astype(object),
        "duration": plotted["duration_mid"].astype(float),
        "stipend": (plotted["stipend_monthly_eur"].astype(float) / STIPEND_STEP_EUR).round() * STIPEND_STEP_EUR,
    }, index=plotted.index)


def _compact_stipend_vs_duration(plotted: pd.DataFrame, lang: str) -> go.Figure:
    """The same chart for many offers, readable: offers that would hide each other are one marker
    whose area grows with their number, each type drawn beside the others, no duration bars (tens of
    thousands of them would cover the chart). One WebGL trace per organisation type and stipend
    status, numbers as compact typed arrays: 100,000 offers hold a few thousand markers.

    ``customdata`` holds, per marker, the row label in ``offers`` of one of its offers and their
    number; ``selected_offer_ids`` reads the label back into every offer of the marker.
    """
    fig = go.Figure()
    statuses = {
        "estimated": t("status_estimated", lang),
        "lower_bound": t("status_lower_bound", lang),
        "computed": t("status_computed", lang),
    }
    per_month = plotly_text(f" € / {t('month_short', lang)}")
    months = plotly_text(f" {t('month_short', lang)}" if lang == "fr" else " months")
    keys = _marker_keys(plotted)
    markers = (keys.assign(label=keys.index).groupby(list(keys.columns), sort=False)
               .agg(label=("label", "first"), count=("label", "size")).reset_index())
    markers["symbol"] = markers["status"].map(STATUS_SYMBOLS).fillna("circle")
    types = list(cat.ORG_TYPE_COLOURS)
    for org_type, colour in cat.ORG_TYPE_COLOURS.items():
        group = markers[markers["org_type"] == org_type]
        if group.empty:
            continue
        name = cat.label(cat.ORG_TYPES, org_type, lang)
        offset = (types.index(org_type) - (len(types) - 1) / 2) * TYPE_OFFSET_MONTHS
        fig.add_trace(go.Scattergl(x=[None], y=[None], mode="markers", name=name, legendgroup=org_type,
                                   marker=dict(color=colour, size=12, symbol="circle"), hoverinfo="skip"))
        for symbol, part in group.groupby("symbol", sort=False):
            status = statuses.get(str(part["status"].iloc[0]), "") if symbol != "circle" else ""
            count = part["count"].to_numpy(dtype="int32")
            fig.add_trace(go.Scattergl(
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
                hovertemplate=f"<b>{plotly_text(name)}</b><br>≈ %{{y:,.0f}}{per_month}"
                              + (f" ({plotly_text(status)})" if status else "")
                              + f"<br>%{{customdata[2]}}{months}<br>%{{customdata[1]:,}} "
                              + plotly_text(t("offers_word", lang)) + "<extra></extra>",
            ))
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
        # One label for all the lines: the yearly minimums are too close to be labelled apart.
        fig.add_annotation(
            x=1, xref="paper", xanchor="right", y=max(minimums.values()), yanchor="bottom", showarrow=False,
            text=t("legal_minimum_line", lang, values=" · ".join(
                f"{year} : {fmt.euros(round(value), lang)}" for year, value in minimums.items())),
            font=dict(size=11, color="#444444"), bgcolor="rgba(255,255,255,0.8)",
        )
    fig.update_layout(
        **_layout(lang),
        title=t("chart_stipend_duration_title", lang),
        xaxis_title=t("axis_duration_months", lang),
        yaxis_title=t("axis_monthly_stipend", lang),
        legend_title_text=t("org_type", lang),
        height=480,
        dragmode="select",
        clickmode="event+select",
    )
    fig.update_yaxes(ticksuffix=" €")
    amounts = plotted["stipend_monthly_eur"].dropna().astype(float)
    values = [*minimums.values()] + ([float(amounts.min()), float(amounts.max())] if len(amounts) else [])
    if values and max(values) - min(values) < MIN_STIPEND_SPAN_EUR:
        # A few equal amounts would otherwise be drawn on an axis a few cents wide.
        middle = (max(values) + min(values)) / 2
        fig.update_yaxes(range=[middle - MIN_STIPEND_SPAN_EUR / 2, middle + MIN_STIPEND_SPAN_EUR / 2])
    fig.update_xaxes(dtick=1)


def legal_minimums(offers: pd.DataFrame) -> dict[int, float]:
    """Monthly legal minimum (35 h) of every year the internships among ``offers`` refer to."""
    years = offers.loc[offers["contract"] == "internship", "year"].dropna().unique()
    values = {int(y): rates.legal_minimum_monthly(int(y)) for y in sorted(years)}
    return {year: value for year, value in values.items() if value is not None}


def _hover(row, lang: str) -> str:
    status = {
        "estimated": t("status_estimated", lang),
        "lower_bound": t("status_lower_bound", lang),
        "computed": t("status_computed", lang),
    }.get(row.stipend_status, "")
    parts = [
        f"<b>{plotly_text(row.organisation)}</b>",
        plotly_text(row.title),
        plotly_text(row.place_text),
        f"{plotly_text(fmt.stipend_as_written(row.stipend_basis, row.stipend_amount_eur, row.stipend_period, lang))}"
        f" → {fmt.euros(row.stipend_monthly_eur, lang)} / {t('month_short', lang)}"
        + (f" ({status})" if status else ""),
        fmt.months_range(row.duration_min_months, row.duration_max_months, lang),
    ]
    return "<br>".join(parts)


def stipend_by_org_type(offers: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Each offer's monthly stipend as a dot, one row per organisation type, with a box."""
    known = offers["stipend_monthly_eur"].notna()
    compact = int(known.sum()) > COMPACT_THRESHOLD
    plotted = offers.loc[known, ["org_type", "stipend_monthly_eur"]] if compact else offers[known]
    fig = go.Figure()
    for org_type, colour in cat.ORG_TYPE_COLOURS.items():
        group = plotted[plotted["org_type"] == org_type]
        if group.empty:
            continue
        if compact:
            fig.add_trace(_box_of_quartiles(group["stipend_monthly_eur"].astype(float),
                                            cat.label(cat.ORG_TYPES, org_type, lang), colour))
            continue
        fig.add_trace(
            go.Box(
                x=group["stipend_monthly_eur"].astype(float),
                name=cat.label(cat.ORG_TYPES, org_type, lang),
                marker=dict(color=colour, size=9),
                line=dict(color=colour),
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                orientation="h",
                hovertext=[plotly_text(f"{o} — {tl}") for o, tl in zip(group["organisation"], group["title"],
                                                                       strict=True)],
                hovertemplate="%{hovertext}<br>%{x:,.0f} €<extra></extra>",
                showlegend=False,
            )
        )
    fig.update_layout(**_layout(lang), title=t("chart_stipend_by_type_title", lang),
                      xaxis_title=t("axis_monthly_stipend", lang), height=380)
    fig.update_xaxes(ticksuffix=" €")
    return fig


def _box_of_quartiles(values: pd.Series, name: str, colour: str) -> go.Box:
    """A box computed here, not in the browser: five numbers instead of every amount, no dots."""
    q1, median, q3 = (float(values.quantile(q)) for q in (0.25, 0.5, 0.75))
    reach = 1.5 * (q3 - q1)
    low = float(values[values >= q1 - reach].min())
    high = float(values[values <= q3 + reach].max())
    return go.Box(y=[name], q1=[q1], median=[median], q3=[q3], lowerfence=[low], upperfence=[high],
                  name=name, orientation="h", marker=dict(color=colour), line=dict(color=colour),
                  boxpoints=False, showlegend=False)


def offers_by_region(offers: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Number of offers per region, largest first."""
    counts = offers["region_label"].fillna("—").value_counts().sort_values()
    # A region is free text in the data file: as a tick label it would be read as pseudo-HTML.
    fig = go.Figure(go.Bar(x=counts.to_numpy(), y=[plotly_text(region) for region in counts.index], orientation="h",
                           marker_color="#0072B2", text=counts.to_numpy(), textposition="outside",
                           hovertemplate="%{y} : %{x}<extra></extra>"))
    fig.update_layout(**_layout(lang), title=t("chart_regions_title", lang),
                      xaxis_title=t("axis_offer_count", lang), height=max(260, 40 * len(counts) + 100))
    return fig


def start_months(offers: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Offers by month of earliest start, stacked by contract type."""
    dated = offers.loc[offers["start_month"].notna(), ["contract", "start_month"]]
    fig = go.Figure()
    for contract, colour in (("internship", "#0072B2"), ("civic_service", "#E69F00")):
        group = dated[dated["contract"] == contract]
        if group.empty:
            continue
        counts = group.groupby("start_month").size()
        fig.add_trace(go.Bar(x=counts.index, y=counts.to_numpy(), name=cat.label(cat.CONTRACTS, contract, lang),
                             marker_color=colour, hovertemplate="%{x|%m/%Y} : %{y}<extra></extra>"))
    fig.update_layout(**_layout(lang), barmode="stack", title=t("chart_start_title", lang),
                      xaxis_title=t("axis_start_month", lang), yaxis_title=t("axis_offer_count", lang), height=360)
    fig.update_xaxes(dtick="M3", tickformat="%m/%Y")
    if len(dated) and dated.groupby("start_month").size().max() <= 10:
        # Whole numbers of offers; beyond a few, Plotly's own ticks (a tick per offer would mean
        # thousands of ticks and gridlines to draw at scale: tens of seconds in the browser).
        fig.update_yaxes(dtick=1)
    return fig


def selected_offer_ids(selection: dict | None, offers: pd.DataFrame | None = None) -> list[str]:
    """Offer ids of the points a user selected on the stipend/duration chart.

    A point carries its offer id, or, on the compact chart of many offers, its row label in
    ``offers`` (the frame the chart was drawn from), read back here.
    """
    if not selection:
        return []
    points = (selection.get("selection") or {}).get("points") or []
    ids, labels = [], []
    for point in points:
        data = point.get("customdata")
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
