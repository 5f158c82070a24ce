"""Choosing a French commune from what the visitor typed: offline, and when several communes share
the name (Saint-Denis, Montreuil), a choice between them, kept in the URL: metropolitan France first
unless an overseas namesake is ten times as populous, then the most populous
(``lib.compare.city_candidates``). The compare page's « from » and the sidebar's « À moins de N km
de… » both use it."""

from __future__ import annotations

import streamlit as st

from lib import compare
from lib.i18n import t
from shell import url_state


def choose_commune(typed: str, key: str, label_key: str, lang: str, where=st) -> tuple[str | None, list]:
    """The communes ``typed`` names (a name or a postcode) and, when there are several, the one
    picked in a select box under ``key`` (None otherwise)."""
    candidates = compare.city_candidates(typed) if typed.strip() else []
    if len(candidates) < 2:
        return None, candidates
    names = {c.key: c.name for c in candidates}
    if st.session_state.get(key) not in names:  # another name was typed
        st.session_state.pop(key, None)
    url_state.seed(key, url_state.parse_choice(names))
    choice = where.selectbox(t(label_key, lang, n=len(candidates)), list(names), key=key, format_func=names.get)
    return choice, candidates
