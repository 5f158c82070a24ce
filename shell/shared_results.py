"""Results shared by every visitor who asks for the same offers: thirty students opening one link see
the same charts, so the first run draws them and the others reuse them (issue 15, goal 4).

An entry is found by the page's question (``PageContext.shared_key``: the page, the language, the
filters, the place and the day) and must have been computed from the very same loaded offers: it
keeps those frames and is used only while they are the ones loaded. A visitor who added a file of
their own gets no key: their results are theirs and are not kept. A shared result is never changed
in place (Plotly figures are read by st.plotly_chart, not written)."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

T = TypeVar("T")
MAX_ENTRIES = 32  # filter states kept; at 100,000 offers an overview's figures weigh about 1 MB
# How many filter states are kept (MAX_ENTRIES unless set); 0 shares nothing: the benchmarks of a new
# filter state (benchmarks/sweep.py, chromium.py) set it, so that a repeated measurement draws again.
ENTRIES_ENV = "SHARED_RESULTS"


def capacity() -> int:
    """How many filter states are kept (``ENTRIES_ENV``, else ``MAX_ENTRIES``; not a number: the default)."""
    configured = os.environ.get(ENTRIES_ENV, "").strip()
    return max(0, int(configured)) if configured.isdigit() else MAX_ENTRIES


class _Store:
    def __init__(self) -> None:
        self.entries: OrderedDict[Hashable, tuple[tuple, object]] = OrderedDict()
        self.lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _store() -> _Store:
    return _Store()


def shared(key: Hashable | None, sources: tuple | None, compute: Callable[[], T]) -> T:
    """``compute()``'s result, computed once for ``key`` and the loaded frames ``sources``; ``None``
    as key or sources: computed every time (nothing shared)."""
    room = capacity()
    if key is None or sources is None or room == 0:
        return compute()
    store = _store()
    with store.lock:
        entry = store.entries.get(key)
        if entry is not None and _same(entry[0], sources):
            store.entries.move_to_end(key)
            return entry[1]  # type: ignore[return-value]
    value = compute()  # outside the lock: two first visitors may both compute, neither waits
    with store.lock:
        # Entries of other loaded offers (a changed file, a new publication) are dropped: they would
        # keep those frames in memory and can never be asked for again.
        for old in [k for k, (kept, _value) in store.entries.items() if not _same(kept, sources)]:
            del store.entries[old]
        store.entries[key] = (sources, value)
        while len(store.entries) > room:
            store.entries.popitem(last=False)
    return value


def _same(kept: tuple, sources: tuple) -> bool:
    return len(kept) == len(sources) and all(a is b for a, b in zip(kept, sources, strict=True))


@st.cache_resource(show_spinner=False)
def _data_store() -> _Store:
    return _Store()


def per_data(key: Hashable, sources: tuple | None, compute: Callable[[], T]) -> T:
    """``compute()``'s result for the loaded frames ``sources``, whatever the filters: one entry per
    ``key`` (a name and what else it depends on, such as the day), replaced when other frames are
    loaded. Unlike ``shared``, kept whatever ``ENTRIES_ENV`` says: it holds no filter state, so a
    benchmark of a new filter state still draws that state. ``sources`` None: computed every time."""
    if sources is None:
        return compute()
    store = _data_store()
    name = key[0] if isinstance(key, tuple) else key
    with store.lock:
        entry = store.entries.get(name)
        if entry is not None and entry[1][0] == key and _same(entry[0], sources):
            return entry[1][1]  # type: ignore[return-value]
    value = compute()
    with store.lock:
        store.entries[name] = (sources, (key, value))
    return value
