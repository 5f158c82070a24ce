"""Widgets more than one page shows: the offers table and the offer card."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from lib import categories as cat
from lib import compare, deadlines
from lib import formatting as fmt
from lib.contiguous import take_rows
from lib.distinct import map_distinct, per_distinct
from lib.escaping import markdown_text
from lib.filters import DISTANCE_COLUMN, SEARCH_COLUMN
from lib.i18n import PLOTLY_FRENCH, colon, t
from lib.offers import localised
from lib.republication import REPUBLICATION_OF, REPUBLISHED_AS, republication_text
from lib.stipend import STATUS_LABELS
from shell.data import ROOT
from shell.workbench import compare_this_button, current_shortlist, star_button, star_rows_button

# Rows sent to the browser by a table: 1,000 offers weigh about 0.3 MB; 100,000 would weigh 30 MB
# (and their sources and notes 70 MB more) at every filter change.
MAX_TABLE_ROWS = 1000
NA_TEXT = "—"  # what a table writes where nothing is known


def display_frame(offers: pd.DataFrame, lang: str, kept: list[str] | None = None) -> pd.DataFrame:
    """Offers as the tables show them: labels instead of codes, texts in ``lang``, dates written by
    babel (« mars 2023 »), an em dash where nothing is known (Streamlit's grid would write "None").
    The monthly stipend stays a number, so that the column sorts by amount; ``table_formats``
    writes it « 1 300 € »."""
    def status(code: str) -> str:
        pair = STATUS_LABELS.get(code, ("", ""))
        return pair[0] if lang == "fr" else pair[1]

    def texts(values: pd.Series, compute) -> pd.Series:
        return map_distinct(values, compute).fillna("—")

    def statuses(distinct: pd.DataFrame) -> pd.Series:
        # A civic service's amount is a net allowance: said in place of the stipend's status.
        return pd.Series([t("status_civic", lang) if contract == "civic_service" else status(code)
                          for code, contract in zip(distinct["stipend_status"], distinct["contract"], strict=True)])

    frame = pd.DataFrame(
        {
            t("organisation", lang): offers["organisation"],
            t("title", lang): offers["title"],
            t("org_type", lang): texts(offers["org_type"], lambda c: cat.label(cat.ORG_TYPES, c, lang)),
            t("contract", lang): texts(offers["contract"], lambda c: cat.label(cat.CONTRACTS, c, lang)),
            t("place", lang): offers[localised("place_text", lang)],
            t("stipend", lang): offers[localised("stipend_text", lang)],
            t("stipend_monthly", lang): offers["stipend_monthly_eur"].astype("Float64"),
            t("stipend_status", lang): per_distinct(offers, ["stipend_status", "contract"], statuses).fillna("—"),
            t("duration", lang): per_distinct(offers, ["duration_min_months", "duration_max_months"],
                                              lambda d: pd.Series([fmt.months_range(a, b, lang) for a, b in zip(
                                                  d["duration_min_months"], d["duration_max_months"], strict=True)])),
            t("start", lang): texts(offers["start_earliest"], lambda m: fmt.month(m, lang)),
            t("remote", lang): texts(offers["remote"], lambda c: cat.label(cat.REMOTE, c, lang)),
            t("deadline", lang): texts(offers["application_deadline"], lambda d: fmt.day(d, lang)),
            t("status", lang): deadlines.status_texts(offers, lang),
            t("link", lang): offers["url"].astype("string").fillna(""),
            t("dataset", lang): texts(offers["dataset"], lambda c: cat.label(cat.DATASETS, c, lang)),
        }
    )
    if REPUBLICATION_OF in offers.columns and (offers[REPUBLICATION_OF].notna() | offers[REPUBLISHED_AS].notna()).any():
        # Both postings of an offer posted twice are listed, each saying which is the other.
        frame.insert(len(frame.columns), t("republication", lang), per_distinct(
            offers, [REPUBLICATION_OF, REPUBLISHED_AS],
            lambda d: pd.Series([republication_text(a, b, lang) for a, b in zip(d[REPUBLICATION_OF],
                                                                                d[REPUBLISHED_AS], strict=True)])))
    frame = frame.reset_index(drop=True)
    if DISTANCE_COLUMN in offers.columns:  # a number, so that the column sorts by distance
        frame.insert(frame.columns.get_loc(t("place", lang)) + 1, t("distance_column", lang),
                     offers[DISTANCE_COLUMN].astype("Float64").to_numpy())
    if kept is not None:  # the shortlist's star, first, so that a kept offer shows at a glance
        frame.insert(0, t("starred", lang), offers["offer_id"].isin(kept).map({True: "★", False: ""}).to_numpy())
    return frame


def table_formats(lang: str) -> dict[str, object]:
    """How the offers table writes its amounts: babel's way, as everywhere else (« 1 300 € »)."""
    return {t("stipend_monthly", lang): lambda v: fmt.monthly_euros(None if pd.isna(v) else v, lang)}


def table_styler(frame: pd.DataFrame, lang: str, approximate: np.ndarray) -> Styler:
    """The offers table's numbers written as text (``table_formats``), a dash where nothing is known; the
    distance « ≈ … (lieu approximatif) » where the offer sits at its department's seat (``approximate``,
    per row). The numbers stay numbers: the columns sort by amount and by distance."""
    styled = frame.style.format(table_formats(lang), na_rep=NA_TEXT)
    distance = t("distance_column", lang)
    if distance in frame.columns:
        styled = styled.format(lambda v: compare.distance_text(v, False, lang), subset=[distance], na_rep=NA_TEXT)
        if approximate.any():
            styled = styled.format(lambda v: compare.distance_text(v, True, lang), na_rep=NA_TEXT,
                                   subset=pd.IndexSlice[frame.index[approximate], [distance]])
    return styled


def quick_styler(frame: pd.DataFrame, lang: str, approximate: np.ndarray) -> Styler:
    """``table_styler``, for what st.dataframe reads of it: the text of each cell. Streamlit asks pandas
    for the HTML-ready description of every cell (16,000 at 1,000 rows: a tenth of a second) and keeps
    only their texts, over the plain text of each value; here only the texts that differ from the plain
    text are written: the formatted numbers and the dashes of missing values. Same table
    (tests/test_fast_paths.py); the careful styler when a column is neither text nor formatted."""
    formats = {**table_formats(lang)}
    distance = t("distance_column", lang)
    if distance in frame.columns:
        formats[distance] = None  # written per row below
    texts: list[dict[str, str]] = []
    for c, column in enumerate(frame.columns):
        values = frame.iloc[:, c]
        if column in formats:
            missing = values.isna().to_numpy(dtype=bool)
            if column == distance:
                written = [compare.distance_text(v, bool(a), lang) for v, a in zip(values, approximate, strict=True)]
            else:
                written = [formats[column](v) for v in values]
            texts += [{"id": f"row{r}_col{c}", "display_value": NA_TEXT if missing[r] else text}
                      for r, text in enumerate(written)]
        elif pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
            texts += [{"id": f"row{r}_col{c}", "display_value": NA_TEXT}
                      for r in np.flatnonzero(values.isna().to_numpy(dtype=bool))]
        else:
            return table_styler(frame, lang, approximate)
    styled = frame.style
    # What Streamlit reads of ``Styler._translate`` (streamlit/elements/lib/pandas_styler_utils.py): the
    # cells' ids and texts; no style is set, so none is written.
    styled._translate = lambda *args, **kwargs: {"body": [texts], "cellstyle": [], "table_styles": []}
    return styled


def offers_table(offers: pd.DataFrame, lang: str, key: str, height: int | str = "auto",
                 beyond: str = "table_first_rows", star: bool = False, keep: np.ndarray | None = None) -> None:
    """The offers (those of ``keep`` only, when given), the first MAX_TABLE_ROWS of them; beyond, a
    caption (``beyond``, an i18n key) says how many are left out and where to find them. With
    ``star``, rows can be ticked and added to the shortlist (★ marks those already in it)."""
    # The long texts no table shows are not copied (at a million offers the curators' notes alone
    # weigh 450 MiB), and a column in pieces is taken piece by piece (lib/contiguous.py).
    shown = take_rows(offers.drop(columns=[c for c in NOT_IN_TABLES if c in offers.columns]),
                      first_rows(offers, keep, MAX_TABLE_ROWS))
    listed = len(offers) if keep is None else int(np.count_nonzero(keep))
    if listed > MAX_TABLE_ROWS:
        st.caption(t(beyond, lang, shown=fmt.number(MAX_TABLE_ROWS, lang), n=fmt.number(listed, lang)))
    frame = display_frame(shown, lang, kept=current_shortlist() if star else None)
    selection = {"on_select": "rerun", "selection_mode": "multi-row"} if star else {}
    approximate = shown["approximate_place"].fillna(False).astype(bool).to_numpy()
    event = st.dataframe(
        quick_styler(frame, lang, approximate),
        key=selection_key(key, shown["offer_id"].astype(str).tolist()) if star else key,
        hide_index=True,
        width="stretch",
        height=height,
        column_config={
            t("stipend_monthly", lang): st.column_config.NumberColumn(width="small"),
            t("title", lang): st.column_config.TextColumn(width="large"),
            # A posting's site as the link's text; nothing where no link is known.
            t("link", lang): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+).*"),
        },
        **selection,
    )
    if star:
        rows = [r for r in (event.selection.rows if event else []) if 0 <= r < len(shown)]
        star_rows_button(shown["offer_id"].iloc[rows].tolist(), lang, key=f"{key}_star")


NOT_IN_TABLES = ("notes", "source", SEARCH_COLUMN)


def first_rows(offers: pd.DataFrame, keep: np.ndarray | None, limit: int) -> np.ndarray:
    """Positions of the first ``limit`` offers of ``keep`` (all offers when None) as the tables list
    them: nearest first when a place is set in the sidebar, else in their order. Only those rows are
    then copied: at 100,000 offers, copying every kept row took a tenth of a second."""
    positions = np.arange(len(offers)) if keep is None else np.flatnonzero(keep)
    if DISTANCE_COLUMN in offers.columns:
        distances = offers[DISTANCE_COLUMN].to_numpy(dtype=float, na_value=np.nan)[positions]
        positions = positions[np.argsort(distances, kind="stable")]  # unknown distances last, in order
    return positions[:limit]


def selection_key(key: str, offer_ids: list[str]) -> str:
    """The key of a table whose rows can be ticked, new whenever its rows change: Streamlit keeps a
    keyed table's ticked row numbers when its data change (a filter, a sort by distance), and they
    would then name other offers."""
    digest = hashlib.blake2b("\x1f".join(offer_ids).encode(), digest_size=6).hexdigest()
    return f"{key}_{digest}"


def sources_table(offers: pd.DataFrame, lang: str, key: str) -> None:
    """Where each offer comes from: its id, the passage of its source posting, the curation notes."""
    frame = pd.DataFrame({
        t("offer_id", lang): offers["offer_id"],
        t("source", lang): offers["source"],
        t("notes", lang): offers["notes"],
    }).reset_index(drop=True)
    st.dataframe(frame, hide_index=True, width="stretch", key=key)


def data_dictionary(lang: str) -> str:
    """The data dictionary in ``lang`` (data/README.md is English, data/README.fr.md French), its
    headings two levels down: the page has one title (h1) and the dictionary's own header (h2)."""
    text = (ROOT / "data" / ("README.md" if lang == "en" else "README.fr.md")).read_text(encoding="utf-8")
    return re.sub(r"^(#{1,4}) ", lambda m: "##" + m.group(1) + " ", text, flags=re.MULTILINE)


def plotly_config(lang: str) -> dict:
    """st.plotly_chart's Plotly options: no axis-end boxes; in French, Plotly's own words (a box's
    figures) from ``PLOTLY_FRENCH``, given as a locale of this chart."""
    config: dict = {"showAxisRangeEntryBoxes": False}
    if lang == "fr":
        config |= {"locale": "fr", "locales": {"fr": {"dictionary": PLOTLY_FRENCH}}}
    return config


def markdown_literal(value) -> str:
    """Text shown as it is where Streamlit reads Markdown: st.table's cells and headers are Markdown,
    so an offer's title could otherwise show an image fetched from anywhere, or a link."""
    return _md(value)


def chart(figure, title: str, summary: str, key: str, where=st, lang: str = "fr", **options):
    """A chart under its heading (h2: the page title is the only h1), with its summary sentence as its
    text alternative (``alt``, read by screen readers) and as a caption; ``options`` go to
    st.plotly_chart. The heading is the page's, not Plotly's: it wraps on a phone and Plotly's
    toolbar does not cover it."""
    where.header(title, anchor=False)
    # No box to type an axis's end in: a double tap on a phone opened one (« 5.500 ») over the labels.
    # Plotly writes a box's figures with its own English words (« lower fence: », « q1: »): its locale
    # dictionary gives them in the page's language.
    shown = where.plotly_chart(figure, key=key, width="stretch", alt=summary,
                               config=plotly_config(lang), **options)
    where.caption(_md(summary))
    return shown


def offer_card(offer: pd.Series, lang: str, actions: bool = False) -> None:
    """Every condition of one offer. Texts of the offer are Markdown-escaped (a title holding
    ``![x](url)`` would fetch it); the long ones, source and notes, are shown as plain text. With
    ``actions``, the buttons that keep the offer in the shortlist and compare it."""
    with st.container(border=True):
        st.subheader(markdown_text(offer["title"]), anchor=False)
        if offer.get("dataset") == "collection":
            st.caption(t("card_from_collection", lang))
        if actions:  # side by side where they fit, one under the other where they do not (a phone)
            with st.container(horizontal=True):
                star_button(str(offer["offer_id"]), lang, key=f"card_star_{offer['offer_id']}")
                compare_this_button(str(offer["offer_id"]), lang, key=f"card_compare_{offer['offer_id']}")
        st.markdown(f"**{_md(offer['organisation'])}** · {_md(cat.label(cat.ORG_TYPES, offer['org_type'], lang))} · "
                 f"{_md(cat.label(cat.CONTRACTS, offer['contract'], lang))}")
        place = offer[localised("place_text", lang)]
        rows = [
            (t("place", lang), place + (f" ({t('approximate', lang)})" if offer["approximate_place"] else "")),
            (t("stipend", lang), offer[localised("stipend_text", lang)]),
            (t("stipend_monthly_civic" if offer["contract"] == "civic_service" else "stipend_monthly", lang),
             fmt.monthly_euros(offer["stipend_monthly_eur"], lang)),
            (t("duration", lang), fmt.months_range(offer["duration_min_months"], offer["duration_max_months"], lang)),
            (t("start", lang), fmt.month(offer["start_earliest"], lang)),
            *([(t("distance_card", lang), compare.distance_text(offer[DISTANCE_COLUMN], offer["approximate_place"],
                                                                 lang))] if DISTANCE_COLUMN in offer.index else []),
            (t("deadline", lang), fmt.day(offer["application_deadline"], lang)),
            (t("status", lang), deadlines.status_text(offer.get(deadlines.STATUS_COLUMN), offer.get(
                deadlines.DAYS_LEFT_COLUMN), offer["application_deadline"], lang)),
            (t("hours", lang), fmt.hours_range(offer["hours_per_week_min"], offer["hours_per_week_max"], lang)),
            (t("remote", lang), cat.label(cat.REMOTE, _text(offer["remote"]), lang)),
            (t("driving_licence", lang), cat.label(cat.DRIVING_LICENCE, _text(offer["driving_licence"]), lang)),
            (t("evening_weekend", lang), cat.label(cat.YES_NO, _text(offer["evening_weekend_work"]), lang)),
            (t("perks", lang), fmt.codes(offer["perks"], cat.PERKS, lang)),
            (t("level", lang), fmt.codes(offer["level"], cat.LEVELS, lang)),
            (t("themes", lang), fmt.codes(offer["themes"], cat.THEMES, lang)),
        ]
        link = republication_text(offer.get(REPUBLICATION_OF), offer.get(REPUBLISHED_AS), lang)
        if link:
            rows.append((t("republication", lang), link))
        st.markdown("\n".join(f"- **{_md(label)}**{colon(lang)}{_md(value)}" for label, value in rows))
        with st.expander(t("source", lang)):
            st.text(_text(offer["source"]) or "—")
            notes = _text(offer["notes"])
            if notes:
                st.caption(t("notes", lang))
                st.text(notes)


def _text(value) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _md(value) -> str:
    """A value shown literally inside Markdown; a dash when there is none."""
    return markdown_text(_text(value) or "—")
