"""The correction form of an offer, shared by the add-offer page and the collection page.

Widget values live in ``st.session_state`` under ``<prefix>_<field>``: a failed save, a rerun or
a conflict never empties the form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from lib import categories as cat
from lib.i18n import t
from lib.offer_form import FORM_FIELDS, FormField, form_defaults, form_rows, row_from_form


def field_key(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def load_row(prefix: str, row: Mapping[str, object]) -> None:
    """Put a row's values in the form's widgets."""
    for name, value in form_defaults(row).items():
        st.session_state[field_key(prefix, name)] = value


def form_row(prefix: str, base: Mapping[str, object]) -> dict[str, object]:
    """The contract row the form's widgets hold now."""
    values = {spec.name: st.session_state.get(field_key(prefix, spec.name)) for spec in FORM_FIELDS}
    return row_from_form(values, base)


def _widget(spec: FormField, prefix: str, lang: str, where) -> None:
    key = field_key(prefix, spec.name)
    none = t("none_stated", lang)
    label, help_text = spec.label(lang), spec.help(lang)
    if spec.kind == "category":
        labels = spec.labels or {}
        where.selectbox(label, [None, *labels], key=key, help=help_text, placeholder=none,
                        format_func=lambda c, labels=labels: none if c is None else cat.label(labels, c, lang))
    elif spec.kind == "codes":
        labels = spec.labels or {}
        where.multiselect(label, list(labels), key=key, placeholder=none, help=help_text, filter_mode="contains",
                          format_func=lambda c, labels=labels: cat.label(labels, c, lang))
    elif spec.kind in ("number", "integer"):
        where.number_input(label, value=None, min_value=0.0, step=1.0, format="%g", key=key, help=help_text,
                           placeholder=none)
    elif spec.kind == "longtext":
        where.text_area(label, key=key, height=80, help=help_text)
    else:
        where.text_input(label, key=key, help=help_text, placeholder=none)


def offer_form(prefix: str, lang: str, submit_label: str, on_submit: Callable[[], None] | None = None,
               submit_type: str = "primary", submit_key: str | None = None) -> bool:
    """The fields two by two, row by row (the Tab key goes left to right, then down); True when
    submitted."""
    with st.form(f"{prefix}_form", enter_to_submit=False):
        for fields in form_rows():
            columns = st.columns(2) if len(fields) > 1 else [st.container()]
            for spec, column in zip(fields, columns, strict=False):
                _widget(spec, prefix, lang, column)
        return st.form_submit_button(submit_label, key=submit_key or f"{prefix}_submit", type=submit_type,
                                     on_click=on_submit)
