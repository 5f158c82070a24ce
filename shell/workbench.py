"""The advisor's workbench every page shares: today's date, the offers' status, and the shortlist
(kept in session state, written in the URL as short ids so that a copied link carries it)."""

from __future__ import annotations

import os
from datetime import date

import pandas as pd
import streamlit as st

from lib import compare, deadlines, shortlist
from lib import formatting as fmt
from lib.budget import Budget
from lib.escaping import markdown_text
from lib.filters import DISTANCE_COLUMN
from lib.i18n import t, tn
from lib.offers import localised
from shell import url_state
from shell.places import choose_commune

SHORTLIST_STATE = "shortlist"  # session_state: the offer ids kept, in the order they were added
SHORTLIST_PARAM = "star"  # query parameter: their short ids
COMPARE_PAGE = "pages/compare.py"
MAX_LISTED = 10  # offers of the shortlist named in the sidebar; the others are counted


def today() -> tuple[date, str | None]:
    """Today: STAGES_TODAY=YYYY-MM-DD when set (tests, demos), else the machine's date; and the
    unreadable value of the variable, if any."""
    return deadlines.today_from(os.environ, date.today())


def current_shortlist() -> list[str]:
    return list(st.session_state.get(SHORTLIST_STATE, []))


def seed_shortlist(offers: pd.DataFrame) -> int:
    """The shortlist of the session, else the one of the URL; returns how many ids of the URL
    name no offer (a link older than the data)."""
    if SHORTLIST_STATE in st.session_state:
        return 0
    found, missing = shortlist.resolve(st.query_params.get_all(SHORTLIST_PARAM), offers["offer_id"].astype(str))
    st.session_state[SHORTLIST_STATE] = found
    return missing


def write_shortlist() -> None:
    wanted = shortlist.short_ids(current_shortlist())
    if not wanted:
        if SHORTLIST_PARAM in st.query_params:
            del st.query_params[SHORTLIST_PARAM]
    elif st.query_params.get_all(SHORTLIST_PARAM) != wanted:
        st.query_params[SHORTLIST_PARAM] = wanted


def _toggle(offer_id: str) -> None:
    st.session_state[SHORTLIST_STATE] = shortlist.toggled(current_shortlist(), offer_id)


def _add(offer_ids: list[str]) -> None:
    st.session_state[SHORTLIST_STATE] = shortlist.added(current_shortlist(), offer_ids)


def _clear() -> None:
    st.session_state[SHORTLIST_STATE] = []


def _compare(offer_ids: list[str]) -> None:
    # The compare page's picker reads its value from session state (url_state.seed).
    st.session_state["cmp"] = list(dict.fromkeys(offer_ids))[:compare.MAX_COMPARED]
    st.session_state["_go_compare"] = True


def star_button(offer_id: str, lang: str, key: str, where=st) -> None:
    """☆ / ★: adds the offer to the shortlist, or takes it out."""
    kept = offer_id in current_shortlist()
    where.button(t("shortlist_remove" if kept else "shortlist_add", lang), key=key, on_click=_toggle,
                 args=(offer_id,))


def compare_this_button(offer_id: str, lang: str, key: str, where=st) -> None:
    """Opens the compare page on this offer and the first others of the shortlist."""
    others = [i for i in current_shortlist() if i != offer_id]
    where.button(t("compare_this", lang), key=key, on_click=_compare, args=([offer_id, *others],))


def star_rows_button(offer_ids: list[str], lang: str, key: str) -> None:
    """Under a table whose rows can be ticked: adds the ticked offers to the shortlist."""
    if offer_ids:
        st.button(t("shortlist_star_rows", lang) + f" ({fmt.number(len(offer_ids), lang)})", key=key,
                  on_click=_add, args=(offer_ids,))
    else:
        st.caption(t("shortlist_rows_hint", lang))


def follow_to_compare() -> None:
    """After « Comparer … » was clicked: the compare page (a callback cannot switch pages)."""
    if st.session_state.pop("_go_compare", False):
        st.switch_page(COMPARE_PAGE)


def draw_shortlist(offers: pd.DataFrame, lang: str, missing: int) -> None:
    """The sidebar's « Ma sélection »: the offers kept, compare them, clear them."""
    kept = [i for i in current_shortlist() if i in set(offers["offer_id"])]
    sb = st.sidebar
    sb.header(t("shortlist", lang))
    if missing:
        sb.caption(t("shortlist_unknown", lang))
    if not kept:
        sb.caption(t("shortlist_empty", lang))
        return
    sb.markdown(tn("shortlist_count", len(kept), lang))
    names = offers.drop_duplicates("offer_id").set_index("offer_id").loc[kept[:MAX_LISTED]]
    listed = [f"★ {org} — {title}" for org, title in zip(names["organisation"], names["title"], strict=True)]
    if len(kept) > MAX_LISTED:
        listed.append(f"(+{fmt.number(len(kept) - MAX_LISTED, lang)})")
    sb.text("\n".join(listed))  # plain text: titles come from uploaded files
    if len(kept) > compare.MAX_COMPARED:
        sb.caption(t("shortlist_beyond", lang, max=compare.MAX_COMPARED))
    if len(kept) < 2:
        sb.caption(t("shortlist_need_two", lang))
    sb.button(t("shortlist_compare", lang), key="shortlist_compare", on_click=_compare, args=(kept,),
              disabled=len(kept) < 2, type="primary")
    sb.button(t("shortlist_clear", lang), key="shortlist_clear", on_click=_clear)
    sb.caption(t("shortlist_link", lang))


def draw_open_filter(any_open: bool, lang: str, day: date) -> bool:
    """« Offres encore ouvertes »: on by default when some offers are open (``any_open``); when none
    is, off, disabled, and a message says that the offers still serve to compare conditions."""
    default = any_open
    if "open" in st.session_state:
        st.session_state["open"] = st.session_state["open"]  # a new page's widget takes the value
    else:
        raw = st.query_params.get_all("open")
        st.session_state["open"] = raw[-1] == "1" if raw and raw[-1] in ("0", "1") else default
    if not any_open:
        st.session_state["open"] = False
    written = fmt.day(day.isoformat(), lang)
    value = st.sidebar.toggle(t("open_only", lang), key="open", disabled=not any_open, persist_state="session",
                              help=t("open_only_help", lang, today=written))
    if not any_open:
        st.sidebar.caption(t("open_none", lang, today=written))
        if "open" in st.query_params:
            del st.query_params["open"]
        return False
    wanted = "1" if value else "0"
    if wanted == ("1" if default else "0"):
        if "open" in st.query_params:
            del st.query_params["open"]
    elif st.query_params.get_all("open") != [wanted]:
        st.query_params["open"] = wanted
    return bool(value)


def open_summary(offers: pd.DataFrame, lang: str, day: date) -> str:
    """The overview's line on deadlines: how many offers of the whole data are open, closed, undated (said
    so: beside « 1 offre sur 27 », « 13 clôturées » read as a contradiction)."""
    found = deadlines.counts(offers)
    values = {"today": fmt.day(day.isoformat(), lang), "total": fmt.number(sum(found.values()), lang),
              "closed": fmt.number(found[deadlines.CLOSED], lang),
              "unknown": fmt.number(found[deadlines.UNKNOWN], lang), "open": fmt.number(found[deadlines.OPEN], lang)}
    return t("open_summary" if found[deadlines.OPEN] else "open_summary_none", lang, **values)


KM_STOPS = (5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500)
DEFAULT_KM = 50


def draw_distance_filter(lang: str) -> tuple[compare.Origin | None, float | None]:
    """« À moins de N km de… »: a French commune or a postcode (offline, with the compare page's
    choice between namesakes) and a radius; kept in the URL. Returns
    the place found and the radius, or (None, None) when no place is typed or none is found."""
    sb = st.sidebar
    url_state.seed("near", url_state.parse_text)
    url_state.seed("km", _parse_km)
    place = sb.text_input(t("near", lang), key="near", persist_state="session", help=t("near_help", lang))
    choice, candidates = choose_commune(place, "near_commune", "near_choose", lang, where=sb)
    km = sb.select_slider(t("near_km", lang), options=list(KM_STOPS), value=DEFAULT_KM, key="km",
                          persist_state="session")
    url_state.write({"near": place, "near_commune": choice, "km": km},
                    {"near": "", "near_commune": candidates[0].key if candidates else None, "km": DEFAULT_KM})
    if not place.strip():
        return None, None
    # Offline only: a link alone never makes the server ask an online geocoder (the compare page
    # does it at the visitor's request, with its button).
    origin = compare.resolve_city(place, choice=choice)
    if origin is None:
        sb.warning(t("near_unknown", lang, place=markdown_text(place)))
        return None, None
    sb.caption(markdown_text(t("near_found", lang, place=origin.name)))
    return origin, float(km)


def _parse_km(raw: list[str]) -> int | None:
    return int(raw[-1]) if raw and raw[-1].isdigit() and int(raw[-1]) in KM_STOPS else None


def with_distances(offers: pd.DataFrame, origin: compare.Origin | None) -> pd.DataFrame:
    """The offers with their distance from ``origin`` (a new frame), unchanged without one."""
    if origin is None:
        return offers
    return offers.assign(**{DISTANCE_COLUMN: compare.distances_km(offers, origin)})


def budget_inputs(offers: pd.DataFrame, lang: str) -> tuple[Budget, bool]:
    """The student's rent (one, or one per offer's town) and transport, in an expander; never in
    the URL (no url_state here), kept for the session only. Returns the budget and whether the PDF
    should include it."""
    # Whole euros a month; the session keeps them from page to page, nothing writes them elsewhere.
    euros = {"min_value": 0.0, "max_value": 10000.0, "step": 10.0, "format": "%.0f", "value": None,
             "persist_state": "session"}
    with st.expander(t("budget_header", lang)):
        st.caption(t("budget_intro", lang))
        each = st.toggle(t("budget_rent_each", lang), key="budget_each", persist_state="session")
        if each:
            # Labels read Markdown: the place comes from the offer's file.
            rents = tuple(st.number_input(t("budget_rent_for", lang, place=markdown_text(place)),
                                          key=f"budget_rent_{offer_id}", **euros)
                          for offer_id, place in zip(offers["offer_id"], offers[localised("place_text", lang)],
                                                     strict=True))
        else:
            rent = st.number_input(t("budget_rent_all", lang), key="budget_rent", **euros)
            rents = (rent,) * len(offers)
        transport = st.number_input(t("budget_transport", lang), key="budget_transport",
                                    help=t("budget_transport_help", lang), **euros)
        in_pdf = st.checkbox(t("budget_in_pdf", lang), key="budget_in_pdf", persist_state="session")
    return Budget(rents=tuple(float(r) if r else None for r in rents), transport=float(transport or 0.0)), in_pdf
