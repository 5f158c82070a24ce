"""Filter values in the URL's query parameters, written as short codes (``?org=scop&stipend=600``).

Streamlit's ``bind="query-params"`` drops a page's parameters when the user follows a link to
another page, and writes options in the displayed language; this keeps codes, whatever the
language, and lets the values travel with the page links.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from lib.membership import is_in

Parser = Callable[[list[str]], object | None]


def seed(key: str, parse: Parser) -> None:
    """Give a widget the value it had on the previous page, else the one in the URL; invalid
    values are ignored (the widget keeps its default)."""
    if key in st.session_state:
        # A page's widgets are new widgets: re-assigning hands them the value under the same key.
        st.session_state[key] = st.session_state[key]
        return
    if key not in st.query_params:
        return
    value = parse(st.query_params.get_all(key))
    if value is not None:
        st.session_state[key] = value


def write(values: dict[str, object], defaults: dict[str, object]) -> None:
    """The URL holds every value that differs from its default, and nothing else."""
    for key, value in values.items():
        encoded = encode(value)
        if value is None or encoded == encode(defaults.get(key)):
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != encoded:
            st.query_params[key] = encoded


def current_link() -> str:
    """The address of this view: the page's URL and every query parameter now in force."""
    query = urlencode([(key, value) for key in st.query_params for value in st.query_params.get_all(key)])
    base = st.context.url or ""
    return f"{base}?{query}" if query else base


def encode(value: object) -> list[str]:
    if value is None or value == "" or value is False:
        return []
    if value is True:
        return ["true"]
    if isinstance(value, list | tuple):
        return ["" if v is None else _number(v) for v in value]
    return [str(value)]


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_choices(options: Container[str], limit: int | None = None) -> Parser:
    def parse(raw: list[str]) -> list[str] | None:
        chosen = [v for v in dict.fromkeys(raw) if v in options][:limit]
        return chosen or None

    return parse


def parse_choice(options: Container[str]) -> Parser:
    def parse(raw: list[str]) -> str | None:
        return raw[-1] if raw and raw[-1] in options else None

    return parse


class ValuesOf(Container[str]):
    """Whether a value is in a column, asked only of the few values a link names: a set of 100,000
    identifiers built at every run cost more than the look-ups it served."""

    def __init__(self, values: pd.Series):
        self.values = values

    def __contains__(self, value: object) -> bool:
        return bool(is_in(self.values, [value]).any())


def parse_text(raw: list[str]) -> str | None:
    return raw[-1][:200] if raw and raw[-1] else None


def parse_flag(raw: list[str]) -> bool | None:
    return raw[-1].lower() == "true" if raw else None


def parse_stops(stops: Sequence) -> Parser:
    """A range of two stops of a slider (numbers or ``YYYY-MM`` months); an empty end is open (the
    extent of the data now), an end beyond the data is brought back to its extent; None when
    invalid (the widget keeps its default)."""
    numeric = bool(stops) and not isinstance(stops[0], str)

    def value(text: str, end: int):
        if text == "":
            return stops[0] if end == 0 else stops[-1]
        if numeric:
            try:
                found = float(text)
            except ValueError:
                return None
            if found != found:  # NaN
                return None
        elif len(text) == 7 and text[4] == "-" and (text[:4] + text[5:]).isdigit() and 1 <= int(text[5:]) <= 12:
            found = text
        else:
            return None
        found = min(max(found, stops[0]), stops[-1])
        return found if found in stops else None

    def parse(raw: list[str]) -> tuple | None:
        if len(raw) != 2:
            return None
        low, high = value(raw[0], 0), value(raw[1], 1)
        if low is None or high is None or low > high:
            return None
        return (low, high)

    return parse
