"""Widgets more than one page shows: the offers table and the offer card."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import categories as cat
from lib import formatting as fmt
from lib.distinct import map_distinct, per_distinct
from lib.escaping import markdown_text
from lib.i18n import t
from lib.stipend import STATUS_LABELS

# Rows sent to the browser by a table: 1,000 offers weigh about 0.3 MB; 100,000 would weigh 30 MB
# (and their sources and notes 70 MB more) at every filter change.
MAX_TABLE_ROWS = 1000


def display_frame(offers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Offers as the tables show them: labels instead of codes, amounts in euros."""
    def status(code: str) -> str:
        pair = STATUS_LABELS.get(code, ("", ""))
        return pair[0] if lang == "fr" else pair[1]

    return pd.DataFrame(
        {
            t("organisation", lang): offers["organisation"],
            t("title", lang): offers["title"],
            t("org_type", lang): map_distinct(offers["org_type"], lambda c: cat.label(cat.ORG_TYPES, c, lang)),
            t("contract", lang): map_distinct(offers["contract"], lambda c: cat.label(cat.CONTRACTS, c, lang)),
            t("place", lang): offers["place_text"],
            t("stipend", lang): offers["stipend_text"],
            t("stipend_monthly", lang): offers["stipend_monthly_eur"].astype("Float64"),
            "": map_distinct(offers["stipend_status"], status),
            t("duration", lang): per_distinct(offers, ["duration_min_months", "duration_max_months"],
                                              lambda d: pd.Series([fmt.months_range(a, b, lang) for a, b in zip(
                                                  d["duration_min_months"], d["duration_max_months"], strict=True)])),
            t("start", lang): offers["start_month"],
            t("remote", lang): map_distinct(offers["remote"], lambda c: cat.label(cat.REMOTE, c, lang)),
            t("deadline", lang): pd.to_datetime(offers["application_deadline"], errors="coerce"),
            t("link", lang): offers["url"],
            t("dataset", lang): map_distinct(offers["dataset"], lambda c: cat.label(cat.DATASETS, c, lang)),
        }
    ).reset_index(drop=True)


def offers_table(offers: pd.DataFrame, lang: str, key: str, height: int | str = "auto",
                 beyond: str = "table_first_rows") -> None:
    """The offers, the first MAX_TABLE_ROWS of them; beyond, a caption (``beyond``, an i18n key)
    says how many are left out and where to find them."""
    if len(offers) > MAX_TABLE_ROWS:
        st.caption(t(beyond, lang, shown=fmt.number(MAX_TABLE_ROWS, lang), n=fmt.number(len(offers), lang)))
    frame = display_frame(offers.head(MAX_TABLE_ROWS), lang)
    st.dataframe(
        frame,
        key=key,
        hide_index=True,
        width="stretch",
        height=height,
        column_config={
            t("stipend_monthly", lang): st.column_config.NumberColumn(format="%.0f €", width="small"),
            t("start", lang): st.column_config.DateColumn(format="MMM YYYY"),
            t("deadline", lang): st.column_config.DateColumn(format="DD/MM/YYYY"),
            t("title", lang): st.column_config.TextColumn(width="large"),
            "": st.column_config.TextColumn(width="small"),
            t("link", lang): st.column_config.LinkColumn(display_text="ouvrir" if lang == "fr" else "open"),
        },
    )


def offer_card(offer: pd.Series, lang: str) -> None:
    """Every condition of one offer. Texts of the offer are Markdown-escaped (a title holding
    ``![x](url)`` would fetch it); the long ones, source and notes, are shown as plain text."""
    with st.container(border=True):
        st.subheader(markdown_text(offer["title"]), anchor=False)
        if offer.get("dataset") == "collection":
            st.caption(t("card_from_collection", lang))
        st.markdown(f"**{_md(offer['organisation'])}** · {_md(cat.label(cat.ORG_TYPES, offer['org_type'], lang))} · "
                    f"{_md(cat.label(cat.CONTRACTS, offer['contract'], lang))}")
        rows = [
            (t("place", lang), offer["place_text"] + (f" ({t('approximate', lang)})" if offer["approximate_place"]
                                                      else "")),
            (t("stipend", lang), offer["stipend_text"]),
            (t("stipend_monthly", lang), fmt.euros(offer["stipend_monthly_eur"], lang)),
            (t("duration", lang), fmt.months_range(offer["duration_min_months"], offer["duration_max_months"], lang)),
            (t("start", lang), fmt.month(offer["start_earliest"], lang)),
            (t("deadline", lang), fmt.day(offer["application_deadline"], lang)),
            (t("hours", lang), fmt.number(offer["hours_per_week"], lang)),
            (t("remote", lang), cat.label(cat.REMOTE, _text(offer["remote"]), lang)),
            (t("driving_licence", lang), cat.label(cat.DRIVING_LICENCE, _text(offer["driving_licence"]), lang)),
            (t("evening_weekend", lang), cat.label(cat.YES_NO, _text(offer["evening_weekend_work"]), lang)),
            (t("perks", lang), fmt.codes(offer["perks"], cat.PERKS, lang)),
            (t("level", lang), fmt.codes(offer["level"], cat.LEVELS, lang)),
            (t("themes", lang), fmt.codes(offer["themes"], cat.THEMES, lang)),
        ]
        st.markdown("\n".join(f"- **{_md(label)}** : {_md(value)}" for label, value in rows))
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
