"""The sidebar every page draws: language, filters kept in the URL, and the match count.

Each filter's value is written to the URL's query parameters and read back from them when a
page opens, so a copied link reopens the same view; ``persist_state="session"`` carries the
values from page to page.

A range filter is a filter only where the user moved it: an end left at the extent of the data
is open, follows the data when offers are added (an upload, a new month), and is written empty
in the URL (``?stipend=700&stipend=`` : from 700 €, no upper limit).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd
import streamlit as st

from lib import categories as cat
from lib import formatting as fmt
from lib.compare import Origin
from lib.contiguous import take_rows
from lib.deadlines import OPEN, counts, with_status
from lib.escaping import markdown_text
from lib.few_valued import as_categories, with_categories
from lib.filters import (
    FilterChoices,
    OfferFilters,
    departments_of,
    filter_choices,
    filter_mask,
    narrowed,
)
from lib.i18n import language_tag, t, tn
from lib.memory import freeze_long_lived, return_free_pages
from shell import url_state
from shell.data import combine, load_bundled, load_collection, load_uploaded, with_collection
from shell.navigation import configure_page, draw_links
from shell.preload import plotly_preload_script
from shell.shared_results import per_data
from shell.workbench import (
    DEFAULT_KM,
    draw_distance_filter,
    draw_open_filter,
    draw_shortlist,
    follow_to_compare,
    seed_shortlist,
    today,
    with_distances,
    write_shortlist,
)

RANGE_KEYS = ("stipend", "duration", "start")
FILTER_KEYS = ("org", "contract", "region", "dept", "pay", "level", "stipend", "duration", "start", "remote",
               "licence", "theme", "q")
MAX_IDS_LISTED = 5  # ids named in a message; the others are counted


@dataclass
class PageContext:
    lang: str
    offers: pd.DataFrame  # every offer, bundled and uploaded
    keep: np.ndarray | None = None  # which offers the filters keep; None: all of them
    today: date = field(default_factory=date.today)
    filters: OfferFilters = field(default_factory=OfferFilters)  # those in force, for the comparison's PDF
    origin: Origin | None = None  # the place of the distance filter, when one is found
    # The loaded frames the offers come from (bundled, published), what every visitor shares; None
    # when this visitor added a file of their own (shell/shared_results.py).
    sources: tuple | None = None
    # The uploaded offers identical to one already shown, not added a second time (lib.offers.Combined).
    already_there: tuple[str, ...] = ()

    def filtered_columns(self, columns: Sequence[str], limit: int | None = None, coded: bool = False,
                         also: np.ndarray | None = None) -> pd.DataFrame:
        """Only ``columns`` of the offers the filters keep, and of those only ``also`` when given (the
        first ``limit`` of them); a column the offers lack is left out (a file of an older contract).
        ``coded``: the few-valued texts as categoricals (lib/few_valued.py), for the charts and the
        map, when they can be kept for every visitor of these offers on this day."""
        chosen = self.offers[[c for c in columns if c in self.offers.columns]]
        if coded and self.sources is not None:
            offers = self.offers
            chosen = with_categories(chosen, per_data(("few_valued", self.today), self.sources,
                                                      lambda: as_categories(offers)))
        keep = self.mask(also)
        if keep is None:
            return chosen if limit is None else chosen.head(limit)
        # Positions first: the rows beyond ``limit`` are never copied (sources and notes are long).
        return take_rows(chosen, np.flatnonzero(keep)[:limit])

    def shared_key(self, name: str) -> tuple | None:
        """What a result of page part ``name`` depends on besides the loaded offers: the language,
        the filters, the place and the day; None when nothing of this visitor is shared."""
        if self.sources is None:
            return None
        return (name, self.lang, self.filters, self.origin, self.today)

    @cached_property
    def kept_count(self) -> int:
        """How many offers the filters keep."""
        return len(self.offers) if self.keep is None else int(np.count_nonzero(self.keep))

    def mask(self, also: np.ndarray | None = None) -> np.ndarray | None:
        """Which offers the filters keep (None: all), and of those only ``also`` when given."""
        if also is None:
            return self.keep
        return also if self.keep is None else self.keep & also


def language() -> str:
    return "en" if st.session_state.get("en") else "fr"


_RUNS = itertools.count()  # script runs of this process that reached start_page


def start_page(title_key: str, charts: bool = False) -> str:
    """Page configuration, language switch, links to the pages and the title; the language.
    ``charts``: the page draws Plotly charts, whose code the browser then fetches at once."""
    if next(_RUNS) > 0:
        freeze_long_lived()  # from the process's second run (lib/memory.py)
        # What the earlier runs freed goes back to the system before this run allocates (3-6 ms at a
        # million offers): the C library's heaps otherwise kept 50-135 MB more after each map run,
        # which piled up towards the memory limit (benchmarks/results.md, « Free pages returned »).
        return_free_pages()
    configure_page()
    url_state.seed("en", url_state.parse_flag)
    with st.sidebar:
        st.toggle("English", key="en", persist_state="session")
    url_state.write({"en": st.session_state.get("en", False)}, {"en": False})
    lang = language()
    _page_script(lang, charts)
    draw_links(lang)
    st.title(t(title_key, lang))
    return lang


def _page_script(lang: str, charts: bool) -> None:
    """``<html lang>`` set to the page's language (Streamlit's page always says "en"), so that
    screen readers read French as French; on a page of charts, Plotly's code fetched while the
    offers load (shell/preload.py). One element for both: each takes a gap in the sidebar. The
    script is ours and holds no user text."""
    tag = language_tag(lang)
    preload = plotly_preload_script() if charts else ""
    with st.sidebar:
        st.html(f"<script>document.documentElement.lang = {tag!r};{preload}</script>",
                unsafe_allow_javascript=True, width=1)


def setup_page(title_key: str, stop_when_empty: bool = True, charts: bool = False) -> PageContext:
    """Load the offers, draw the sidebar, the page title and the match count; return what the
    page shows. With no offer at all, stops the page with a clear message, unless the page asks
    to go on (the data page, whose upload section must stay reachable). ``charts``: the page
    draws Plotly charts (``start_page``)."""
    lang = start_page(title_key, charts)
    bundled = load_bundled()
    published, collection_problem = load_collection()
    uploaded = load_uploaded()
    if bundled.offers is None:
        reasons = "; ".join(i.describe(lang) for i in bundled.report.errors) or "?"
        st.error(t("bundled_unreadable", lang, path=markdown_text(bundled.name), reason=markdown_text(reasons)))
    elif bundled.report.errors:
        st.warning(tn("bundled_invalid", len(bundled.report.rejected_rows) or len(bundled.report.errors), lang))
    if collection_problem:
        st.warning(t("collection_unavailable", lang, reason=markdown_text(collection_problem)))
    elif published is not None and published.report.rejected_rows:
        st.caption(tn("collection_invalid", len(published.report.rejected_rows), lang))
    # Bundled and published offers side by side, once per loaded pair (a copy of every offer: 50 ms
    # at every run at 100,000 offers).
    loaded = (bundled.offers, published.offers if published else None)
    reference, _merged = per_data(("with_collection",), loaded, lambda: with_collection(*loaded))
    combined, failure = combine(reference, uploaded.offers if uploaded else None)
    if failure:
        st.error(t("upload_not_combined", lang, reason=markdown_text(failure)))
    if combined.renamed:
        st.info(tn("upload_renamed", len(combined.renamed), lang, ids=_listed(combined.renamed, lang)))
    if combined.already_there:
        st.info(tn("upload_already_there", len(combined.already_there), lang,
                   ids=_listed(combined.already_there, lang)))
    day, day_problem = today()
    if day_problem:
        st.warning(t("today_invalid", lang, value=markdown_text(day_problem)))
    offers = combined.offers
    if offers.empty:
        if stop_when_empty:
            st.stop()
        return PageContext(lang=lang, offers=offers, today=day, already_there=tuple(combined.already_there))
    own_file = uploaded is not None and uploaded.offers is not None and not failure
    sources = None if own_file else loaded
    # Open, closed or unknown on that day: a new frame (the cache's is untouched), the same for every
    # visitor of these offers on this day, so computed once (a tenth of a second at a million offers).
    offers = per_data(("with_status", day), sources, lambda: with_status(combined.offers, day))
    missing = seed_shortlist(offers)
    draw_shortlist(offers, lang, missing)
    write_shortlist()
    follow_to_compare()
    # The same for every visitor of these offers on this day: computed once (shell/shared_results.py).
    choices = per_data(("filter_choices", day), sources,
                       lambda: filter_choices(offers, counts(offers)[OPEN] > 0))
    filters, origin = _draw_filters(offers, lang, day, choices)
    offers = with_distances(offers, origin)
    keep = filter_mask(offers, filters)
    datasets = offers["dataset"] if keep is None else offers["dataset"][keep]
    n_uploaded = int(datasets.eq("uploaded").sum())
    n_published = int(datasets.eq("collection").sum())
    count = tn("match_count", len(datasets), lang, total=fmt.number(len(offers), lang))
    if n_published:
        count += f" ({t('collection_count', lang, n=fmt.number(n_published, lang))})"
    if n_uploaded:
        count += f" ({t('uploaded_count', lang, n=fmt.number(n_uploaded, lang))})"
    st.sidebar.markdown(count)
    st.markdown(count)
    return PageContext(lang=lang, offers=offers, keep=keep, today=day, filters=filters, origin=origin,
                       sources=sources, already_there=tuple(combined.already_there))


def _listed(ids: Sequence[str], lang: str) -> str:
    shown = markdown_text(", ".join(ids[:MAX_IDS_LISTED]))
    rest = len(ids) - MAX_IDS_LISTED
    return shown + (f" … (+{fmt.number(rest, lang)})" if rest > 0 else "")


def _draw_filters(offers: pd.DataFrame, lang: str, day: date,
                  known: FilterChoices) -> tuple[OfferFilters, Origin | None]:
    sb = st.sidebar
    sb.header(t("filters", lang))
    any_open = known.any_open  # the open filter's default, and what « reset » puts back
    open_only = draw_open_filter(any_open, lang, day)
    stops: dict[str, list] = {"stipend": list(known.stipend), "duration": list(known.duration),
                              "start": list(known.start)}
    choices = {
        "org": list(cat.ORG_TYPES), "contract": list(cat.CONTRACTS), "region": list(known.regions),
        "dept": list(known.departments), "pay": list(cat.STIPEND_LEVELS),
        "level": list(cat.LEVELS), "remote": list(cat.REMOTE), "licence": list(cat.DRIVING_LICENCE),
        "theme": list(cat.THEMES),
    }
    for key, options in choices.items():
        url_state.seed(key, url_state.parse_choices(options))
    url_state.seed("q", url_state.parse_text)
    for key, options in stops.items():
        if len(options) > 1:
            url_state.seed(key, url_state.parse_stops(options))
            _follow_the_extent(key, options)

    def choose(label_key: str, key: str, labels: cat.Labels | None = None,
               label: Callable[[str], str] | None = None) -> list[str]:
        label = label or ((lambda c: cat.label(labels, c, lang)) if labels else str)
        return sb.multiselect(t(label_key, lang), choices[key], key=key, format_func=label,
                              placeholder=t("all", lang), persist_state="session", filter_mode="contains")

    query = sb.text_input(t("search", lang), key="q", persist_state="session")
    org_types = choose("org_type", "org", cat.ORG_TYPES)
    contracts = choose("contract", "contract", cat.CONTRACTS)
    regions = choose("region", "region", label=lambda r: cat.region_label(r, lang))
    if regions:
        choices["dept"] = departments_of(offers, tuple(regions))
    if "dept" in st.session_state:  # departments outside the chosen regions are dropped
        st.session_state["dept"] = [d for d in st.session_state["dept"] if d in choices["dept"]]
    departments = choose("department", "dept")
    origin, max_km = draw_distance_filter(lang)
    pay = choose("stipend_level", "pay", cat.STIPEND_LEVELS)
    ranges = {
        "stipend": _range("stipend_range", "stipend", stops["stipend"], lambda v: fmt.euros(v, lang), lang),
        "duration": _range("duration_range", "duration", stops["duration"],
                           lambda v: fmt.months_range(v, v, lang), lang),
        "start": _range("start_range", "start", stops["start"], lambda m: fmt.month(m, lang), lang),
    }
    levels = choose("level", "level", cat.LEVELS)
    remote = choose("remote", "remote", cat.REMOTE)
    licence = choose("driving_licence", "licence", cat.DRIVING_LICENCE)
    themes = choose("themes", "theme", cat.THEMES)
    if any(ranges.values()):
        sb.caption(t("range_excludes_unknown", lang))
    defaults: dict[str, object] = {key: [] for key in choices}
    defaults["q"] = ""
    resets: dict[str, object] = dict(defaults)
    resets["open"] = any_open
    resets.update({"near": "", "km": DEFAULT_KM})
    resets.update({key: (options[0], options[-1]) for key, options in stops.items() if len(options) > 1})
    sb.button(t("reset_filters", lang), on_click=_reset_filters, args=(resets,), key="reset")
    values: dict[str, object] = {key: st.session_state.get(key) for key in defaults}
    values.update(ranges)  # a range goes in the URL only where it was moved, open ends empty
    url_state.write(values, {**defaults, **dict.fromkeys(RANGE_KEYS)})
    return replace(OfferFilters(
        org_types=tuple(org_types),
        contracts=tuple(contracts),
        regions=tuple(regions),
        departments=tuple(departments),
        stipend_range=ranges["stipend"],
        duration_range=ranges["duration"],
        start_range=ranges["start"],
        stipend_levels=tuple(pay),
        levels=tuple(levels),
        remote=tuple(remote),
        driving_licence=tuple(licence),
        themes=tuple(themes),
        search=query or "",
        open_only=open_only,
    ), max_distance_km=max_km, near=origin.name if origin else ""), origin


def _extent_key(key: str) -> str:
    return f"_extent_{key}"


def _follow_the_extent(key: str, options: list) -> None:
    """An end the user left at the extent of the data stays there when the data grow or shrink
    (an upload, another file): it was never a filter, so it never hides the new offers."""
    extent = (options[0], options[-1])
    previous = st.session_state.get(_extent_key(key))
    value = st.session_state.get(key)
    if value is not None and previous is not None and previous != extent:
        low = extent[0] if value[0] <= previous[0] else value[0]
        high = extent[1] if value[1] >= previous[1] else value[1]
        low = min(max(low, extent[0]), extent[1])
        high = max(min(high, extent[1]), low)
        st.session_state[key] = (_nearest(options, low, down=True), _nearest(options, high, down=False))
    st.session_state[_extent_key(key)] = extent


def _nearest(options: list, value, down: bool):
    """The stop at ``value``, else the next one outwards (a range never gets narrower)."""
    if value in options:
        return value
    below = [o for o in options if o <= value]
    above = [o for o in options if o >= value]
    if down:
        return below[-1] if below else options[0]
    return above[0] if above else options[-1]


def _range(label_key: str, key: str, options: list, label: Callable, lang: str) -> tuple | None:
    """A range over ``options`` (stops written by ``label``, babel's way: « 1 300 € »), as a filter:
    None while at its full extent, an end None while left at the extent."""
    if len(options) < 2:
        return None
    extent = (options[0], options[-1])
    chosen = st.sidebar.select_slider(t(label_key, lang), options=options, value=extent, key=key,
                                      format_func=label, persist_state="session")
    return narrowed(tuple(chosen), extent)


def _reset_filters(defaults: dict[str, object]) -> None:
    for key, value in defaults.items():
        st.session_state[key] = value
