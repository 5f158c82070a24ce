"""The sidebar every page draws: language, filters kept in the URL, and the match count.

Each filter's value is written to the URL's query parameters and read back from them when a
page opens, so a copied link reopens the same view; ``persist_state="session"`` carries the
values from page to page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib import categories as cat
from lib import formatting as fmt
from lib.escaping import markdown_text
from lib.filters import OfferFilters, apply_filters, duration_bounds, start_months, stipend_bounds
from lib.i18n import t
from shell import url_state
from shell.data import combine, load_bundled, load_collection, load_uploaded, with_collection
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
    url_state.seed("en", url_state.parse_flag)
    with st.sidebar:
        st.toggle("English", key="en", persist_state="session")
    url_state.write({"en": st.session_state.get("en", False)}, {"en": False})
    lang = language()
    draw_links(lang)
    st.title(t(title_key, lang))
    return lang


def setup_page(title_key: str) -> PageContext:
    """Load the offers, draw the sidebar, the page title and the match count; return what the
    page shows. Stops the page with a clear message when there is nothing to show."""
    lang = start_page(title_key)
    bundled = load_bundled()
    published, collection_problem = load_collection()
    uploaded = load_uploaded()
    if bundled.offers is None:
        reasons = "; ".join(i.describe() for i in bundled.report.errors) or "?"
        st.error(t("bundled_unreadable", lang, path=markdown_text(bundled.name), reason=markdown_text(reasons)))
    elif bundled.report.errors:
        st.warning(t("bundled_invalid", lang, n=len(bundled.report.rejected_rows) or len(bundled.report.errors)))
    if collection_problem:
        st.warning(t("collection_unavailable", lang, reason=markdown_text(collection_problem)))
    elif published is not None and published.report.rejected_rows:
        st.caption(t("collection_invalid", lang, n=len(published.report.rejected_rows)))
    reference, _merged = with_collection(bundled.offers, published.offers if published else None)
    offers, renamed = combine(reference, uploaded.offers if uploaded else None)
    if renamed:
        st.info(t("renamed_ids", lang, ids=markdown_text(", ".join(renamed))))
    if offers.empty:
        st.stop()
    filters = _draw_filters(offers, lang)
    filtered = apply_filters(offers, filters)
    n_uploaded = int(filtered["dataset"].eq("uploaded").sum())
    n_published = int(filtered["dataset"].eq("collection").sum())
    count = t("match_count", lang, shown=fmt.number(len(filtered), lang), total=fmt.number(len(offers), lang))
    if n_published:
        count += f" ({t('collection_count', lang, n=n_published)})"
    if n_uploaded:
        count += f" ({t('uploaded_count', lang, n=n_uploaded)})"
    st.sidebar.markdown(count)
    st.markdown(count)
    return PageContext(lang=lang, offers=offers, filtered=filtered)


def _draw_filters(offers: pd.DataFrame, lang: str) -> OfferFilters:
    sb = st.sidebar
    sb.header(t("filters", lang))
    months = start_months(offers)
    stipend_default, duration_default = stipend_bounds(offers), duration_bounds(offers)
    start_default = (months[0], months[-1]) if len(months) > 1 else None
    regions_known = sorted(offers["region_label"].dropna().unique())
    choices = {
        "org": list(cat.ORG_TYPES), "contract": list(cat.CONTRACTS), "region": regions_known,
        "dept": sorted(offers["department_code"].dropna().unique()), "remote": list(cat.REMOTE),
        "licence": list(cat.DRIVING_LICENCE), "theme": list(cat.THEMES),
    }
    for key, options in choices.items():
        url_state.seed(key, url_state.parse_choices(options))
    url_state.seed("q", url_state.parse_text)
    url_state.seed("stipend", url_state.parse_range(*stipend_default))
    url_state.seed("duration", url_state.parse_range(*duration_default))
    if start_default:
        url_state.seed("start", url_state.parse_months(months))

    def choose(label_key: str, key: str, labels: cat.Labels | None = None) -> list[str]:
        label = (lambda c: cat.label(labels, c, lang)) if labels else str
        return sb.multiselect(t(label_key, lang), choices[key], key=key, format_func=label,
                              placeholder=t("all", lang), persist_state="session")

    query = sb.text_input(t("search", lang), key="q", persist_state="session")
    org_types = choose("org_type", "org", cat.ORG_TYPES)
    contracts = choose("contract", "contract", cat.CONTRACTS)
    regions = choose("region", "region")
    scoped = offers[offers["region_label"].isin(regions)] if regions else offers
    choices["dept"] = sorted(scoped["department_code"].dropna().unique())
    if "dept" in st.session_state:  # departments outside the chosen regions are dropped
        st.session_state["dept"] = [d for d in st.session_state["dept"] if d in choices["dept"]]
    departments = choose("department", "dept")
    stipend_range = _range_slider(t("stipend_range", lang), stipend_default, 50.0, "stipend", "%d €")
    duration_range = _range_slider(t("duration_range", lang), duration_default, 1.0, "duration", "%g")
    start_range = None
    if start_default:
        chosen = sb.select_slider(t("start_range", lang), options=months, value=start_default, key="start",
                                  format_func=lambda m: fmt.month(m, lang), persist_state="session")
        start_range = None if tuple(chosen) == start_default else (chosen[0], chosen[1])
    remote = choose("remote", "remote", cat.REMOTE)
    licence = choose("driving_licence", "licence", cat.DRIVING_LICENCE)
    themes = choose("themes", "theme", cat.THEMES)
    if stipend_range or duration_range or start_range:
        sb.caption(t("range_excludes_unknown", lang, what="valeur" if lang == "fr" else "value"))
    defaults: dict[str, object] = {key: [] for key in choices}
    defaults.update(q="", stipend=stipend_default, duration=duration_default)
    if start_default:
        defaults["start"] = start_default
    sb.button(t("reset_filters", lang), on_click=_reset_filters, args=(defaults,), key="reset")
    url_state.write({key: st.session_state.get(key) for key in defaults}, defaults)
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
                               format=number_format, persist_state="session")
    return None if tuple(chosen) == (low, high) else (float(chosen[0]), float(chosen[1]))


def _reset_filters(defaults: dict[str, object]) -> None:
    for key, value in defaults.items():
        st.session_state[key] = value
