"""Overview: headline figures, stipend against duration, and where and when the offers are."""

import streamlit as st

from lib import charts, summary
from lib import formatting as fmt
from lib.i18n import t, tn
from lib.membership import is_in
from lib.overview import draw_overview
from shell.shared_results import shared
from shell.sidebar import setup_page
from shell.widgets import chart, offers_table
from shell.workbench import open_summary

page = setup_page("app_title", charts=True)
lang = page.lang


def kept_offers():
    """The columns the overview reads of the offers kept (the table copies its own rows, the first 1,000)."""
    return page.filtered_columns(charts.columns_needed(page.offers, page.keep, lang), coded=True)


# Drawn once for every visitor asking for the same offers (a class opening one link).
drawn = shared(page.shared_key("overview"), page.sources, lambda: draw_overview(kept_offers(), lang))
st.caption(t("overview_intro", lang))
if drawn.empty:
    st.info(t("no_offers", lang))
    st.stop()

figures = drawn.headline
kpis = st.columns(4)
kpis[0].metric(t("kpi_offers", lang), fmt.number(figures.offers, lang),
               help=t("kpi_offers_help", lang, postings=tn("postings_count", figures.postings, lang),
                      republished=tn("reposts_count", figures.republications, lang)))
kpis[1].metric(t("kpi_median_stipend", lang), summary.euros_or_dash(figures.median_stipend, lang),
               help=tn("kpi_median_stipend_help", figures.known_stipends, lang))
kpis[2].metric(t("kpi_share_minimum", lang), summary.percent_or_dash(figures.share_at_minimum, lang),
               help=t("kpi_share_minimum_help", lang, n=fmt.number(figures.internships_known, lang)))
kpis[3].metric(t("kpi_median_duration", lang), summary.months_or_dash(figures.median_duration, lang))
st.caption(open_summary(page.offers, lang, page.today))

selection = chart(drawn.figures["stipend_duration"], t("chart_stipend_duration_title", lang),
                  drawn.texts["stipend_duration"], key="stipend_chart", on_select="rerun",
                  selection_mode=("points", "box", "lasso"), lang=lang)
st.caption(t("chart_legend_markers", lang))
if drawn.not_plotted:
    st.caption(tn("not_plotted", drawn.not_plotted, lang))
if drawn.plotted > charts.COMPACT_THRESHOLD:
    st.caption(t("chart_compact", lang, n=fmt.number(drawn.plotted, lang),
                 threshold=fmt.number(charts.COMPACT_THRESHOLD, lang)))
selected = charts.selected_offer_ids(selection, kept_offers()) if charts.selected_points(selection) else []
if selected:
    st.info(tn("selected_points", len(selected), lang))
offers_table(page.offers, lang, key="overview_table", star=True,
             keep=page.mask(is_in(page.offers["offer_id"], selected) if selected else None))

left, right = st.columns(2)
chart(drawn.figures["by_type"], t("chart_stipend_by_type_title", lang), drawn.texts["by_type"],
      key="by_type_chart", where=left, lang=lang)
chart(drawn.figures["regions"], t("chart_regions_title", lang), drawn.texts["regions"], key="region_chart",
      where=right, lang=lang)
chart(drawn.figures["start"], t("chart_start_title", lang), drawn.texts["start"], key="start_chart", lang=lang)
