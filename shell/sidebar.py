"""The sidebar every page draws: language, filters bound to the URL, and the match count.

Each filter widget is bound to a query parameter (``bind="query-params"``), so a copied link
reopens the same view and the filters survive a page switch.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib import categories as cat
from lib import formatting as fmt
from lib.filters import OfferFilters, apply_filters, duration_bounds, start_months, stipend_bounds
from lib.i18n import t
from shell.data import combine, load_bundled, load_uploaded
from shell.navigation import configure_page, draw_links

FILTER_KEYS = ("org", "contract", "region", "dept", "stipend", "duration", "start", "remote", "licence",
               "theme", "q")


@dataclass
class PageContext:
    lang: str
    offers: pd.DataFrame  # every offer, bundled and uploaded
    filtered: pd.DataFrame


def language() -> str:
    return "en" if st.session_state.get("en") else "fr"


def start_page(title_key: str) -> str:
    """Page configuration, language switch, links to the pages and the title; the language."""
    configure_page()
    with st.sidebar:
        st.toggle("English", key="en", bind="query-params")
    lang = language()
    draw_links(lang)
    st.title(t(title_key, lang))
    return lang


def setup_page(title_key: str) -> PageContext:
    """Load the offers, draw the sidebar, the page title and the match count; return what the
    page shows. Stops the page with a clear message when there is nothing to show."""
    lang = start_page(title_key)
    bundled = load_bundled()
    uploaded = load_uploaded()
    if bundled.offers is None:
        reasons = "; ".join(i.describe() for i in bundled.report.errors) or "?"
        st.error(t("bundled_unreadable", lang, path=bundled.name, reason=reasons))
    elif bundled.report.errors:
        st.warning(t("bundled_invalid", lang, n=len(bundled.report.rejected_rows) or len(bundled.report.errors)))
    offers, renamed = combine(bundled.offers, uploaded.offers if uploaded else None)
    if renamed:
        st.info("Identifiants déjà pris, renommés pour cette session : " + ", ".join(renamed))
    if offers.empty:
        st.stop()
    filters = _draw_filters(offers, lang)
    filtered = apply_filters(offers, filters)
    n_uploaded = int(filtered["dataset"].eq("uploaded").sum())
    count = t("match_count", lang, shown=len(filtered), total=len(offers))
    if n_uploaded:
        count += f" ({t('uploaded_count', lang, n=n_uploaded)})"
    st.sidebar.markdown(count)
    st.markdown(count)
    return PageContext(lang=lang, offers=offers, filtered=filtered)


def _draw_filters(offers: pd.DataFrame, lang: str) -> OfferFilters:
    sb = st.sidebar
    sb.header(t("filters", lang))
    query = sb.text_input(t("search", lang), key="q", bind="query-params")
    org_types = sb.multiselect(t("org_type", lang), list(cat.ORG_TYPES), key="org", bind="query-params",
                               format_func=lambda c: cat.label(cat.ORG_TYPES, c, lang), placeholder=t("all", lang))
    contracts = sb.multiselect(t("contract", lang), list(cat.CONTRACTS), key="contract", bind="query-params",
                               format_func=lambda c: cat.label(cat.CONTRACTS, c, lang), placeholder=t("all", lang))
    regions = sb.multiselect(t("region", lang), sorted(offers["region_label"].dropna().unique()), key="region",
                             bind="query-params", placeholder=t("all", lang))
    scoped = offers[offers["region_label"].isin(regions)] if regions else offers
    departments = sb.multiselect(t("department", lang), sorted(scoped["department_code"].dropna().unique()),
                                 key="dept", bind="query-params", placeholder=t("all", lang))
    stipend_range = _range_slider(t("stipend_range", lang), stipend_bounds(offers), 50.0, "stipend", "%d €")
    duration_range = _range_slider(t("duration_range", lang), duration_bounds(offers), 1.0, "duration", "%g")
    months = start_months(offers)
    start_range = None
    if len(months) > 1:
        chosen = sb.select_slider(t("start_range", lang), options=months, value=(months[0], months[-1]),
                                  key="start", bind="query-params", format_func=lambda m: fmt.month(m, lang))
        start_range = None if tuple(chosen) == (months[0], months[-1]) else (chosen[0], chosen[1])
    remote = sb.multiselect(t("remote", lang), list(cat.REMOTE), key="remote", bind="query-params",
                            format_func=lambda c: cat.label(cat.REMOTE, c, lang), placeholder=t("all", lang))
    licence = sb.multiselect(t("driving_licence", lang), list(cat.DRIVING_LICENCE), key="licence",
                             bind="query-params", format_func=lambda c: cat.label(cat.DRIVING_LICENCE, c, lang),
                             placeholder=t("all", lang))
    themes = sb.multiselect(t("themes", lang), list(cat.THEMES), key="theme", bind="query-params",
                            format_func=lambda c: cat.label(cat.THEMES, c, lang), placeholder=t("all", lang))
    if stipend_range or duration_range or start_range:
        sb.caption(t("range_excludes_unknown", lang, what="valeur" if lang == "fr" else "value"))
    defaults: dict[str, object] = {key: [] for key in FILTER_KEYS if key != "start"}
    defaults.update(q="", stipend=stipend_bounds(offers), duration=duration_bounds(offers))
    if len(months) > 1:
        defaults["start"] = (months[0], months[-1])
    sb.button(t("reset_filters", lang), on_click=_reset_filters, args=(defaults,), key="reset")
    return OfferFilters(
        org_types=tuple(org_types),
        contracts=tuple(contracts),
        regions=tuple(regions),
        departments=tuple(departments),
        stipend_range=stipend_range,
        duration_range=duration_range,
        start_range=start_range,
        remote=tuple(remote),
        driving_licence=tuple(licence),
        themes=tuple(themes),
        search=query or "",
    )


def _range_slider(label: str, bounds: tuple[float, float], step: float, key: str,
                  number_format: str) -> tuple[float, float] | None:
    """A range slider that filters only once narrowed."""
    low, high = bounds
    chosen = st.sidebar.slider(label, min_value=low, max_value=high, value=(low, high), step=step, key=key,
                               bind="query-params", format=number_format)
    return None if tuple(chosen) == (low, high) else (float(chosen[0]), float(chosen[1]))


def _reset_filters(defaults: dict[str, object]) -> None:
    # A widget bound to the URL is reset by giving it its default value: without a state of its
    # own it would take the value in the URL again.
    for key, value in defaults.items():
        st.session_state[key] = value
