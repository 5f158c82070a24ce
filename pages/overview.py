"""Overview: headline figures, stipend against duration, and where and when the offers are."""

import streamlit as st

from lib import chart_text, charts, summary
from lib import formatting as fmt
from lib.i18n import t, tn
from lib.membership import is_in
from shell.sidebar import setup_page
from shell.widgets import chart, offers_table
from shell.workbench import open_summary

page = setup_page("app_title")
lang = page.lang
charted = page.filtered_columns(charts.columns_read(lang))  # the table copies its own rows, the first 1,000
st.caption(t("overview_intro", lang))
if charted.empty:
    st.info(t("no_offers", lang))
    st.stop()

figures = summary.headline_figures(charted)
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

selection = chart(charts.stipend_vs_duration(charted, lang), t("chart_stipend_duration_title", lang),
                  chart_text.stipend_vs_duration(charted, lang), key="stipend_chart", on_select="rerun",
                  selection_mode=("points", "box", "lasso"))
st.caption(t("chart_legend_markers", lang))
missing = summary.not_plotted(charted)
if missing:
    st.caption(tn("not_plotted", missing, lang))
plotted = len(charted) - missing
if plotted > charts.COMPACT_THRESHOLD:
    st.caption(t("chart_compact", lang, n=fmt.number(plotted, lang),
                 threshold=fmt.number(charts.COMPACT_THRESHOLD, lang)))
selected = charts.selected_offer_ids(selection, charted)
if selected:
    st.info(tn("selected_points", len(selected), lang))
offers_table(page.offers, lang, key="overview_table", star=True,
             keep=page.mask(is_in(page.offers["offer_id"], selected) if selected else None))

left, right = st.columns(2)
chart(charts.stipend_by_org_type(charted, lang), t("chart_stipend_by_type_title", lang),
      chart_text.stipend_by_org_type(charted, lang), key="by_type_chart", where=left)
chart(charts.offers_by_region(charted, lang), t("chart_regions_title", lang),
      chart_text.offers_by_region(charted, lang), key="region_chart", where=right)
chart(charts.start_months(charted, lang), t("chart_start_title", lang), chart_text.start_months(charted, lang),
      key="start_chart")
