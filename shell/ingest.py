"""What a page needs to run the ingest safely: a stop check tied to its browser session."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx


def session_stop_check() -> Callable[[], bool]:
    """A ``should_stop`` for lib functions: True once this page's browser session has ended (the tab
    was closed), so an extraction started by a visitor who left does not keep the CPU busy.
    Outside a running server (AppTest, scripts) it never asks to stop."""
    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():
        return lambda: False
    runtime, session_id = Runtime.instance(), ctx.session_id
    return lambda: not runtime.is_active_session(session_id)
