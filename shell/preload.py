"""Streamlit's Plotly code, asked for by the browser while the server is still loading the offers.

Streamlit's frontend keeps the code that draws Plotly charts in a chunk of its own (4.7 MB), fetched
only when the page's first chart arrives; the browser then compiles and runs it before drawing. After
a restart that came on top of the wait for the offers: at 100,000 offers in Chromium, the overview's
first chart came 5.0-5.3 s after the address was opened, and 3.8-4.5 s once the page asked for the
chunk at its first lines (benchmarks/results.md, « The Plotly code asked for at the page's first lines »).

The chunk's name carries a hash that changes with each Streamlit release, so it is read from the
installed package. No chunk found (a release that renamed it) means no preload: the chart then loads as
Streamlit loads it, a little later.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import streamlit as st

PLOTLY_CHUNK = re.compile(r"PlotlyChart\.[A-Za-z0-9_-]+\.js")
STATIC_JS = Path(st.__file__).resolve().parent / "static" / "static" / "js"


@lru_cache(maxsize=1)
def plotly_chunk(folder: Path = STATIC_JS) -> str | None:
    """The file name of Streamlit's Plotly chunk, or None unless there is exactly one."""
    try:
        names = [path.name for path in folder.iterdir() if PLOTLY_CHUNK.fullmatch(path.name)]
    except OSError:
        return None
    return names[0] if len(names) == 1 else None


def plotly_preload_script() -> str:
    """JavaScript that imports the Plotly chunk beside Streamlit's own entry script, so that the
    module Streamlit imports later is the same one, already run; empty when there is no chunk. The
    name matched ``PLOTLY_CHUNK``: nothing in it needs quoting."""
    name = plotly_chunk()
    if name is None:
        return ""
    return ("(function () { var entry = document.querySelector('script[src*=\"/static/js/index.\"]');"
            f"if (entry) {{ import(new URL('{name}', entry.src).href).catch(function () {{}}); }} }})();")
