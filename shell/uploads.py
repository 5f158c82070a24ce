"""The visitor's own file: taken from the uploader once, held for the session only, always removable.

- The file is read when it arrives (the uploader's callback) and its bytes are let go at once: the
  uploader is emptied and Streamlit's copy deleted, so the server holds the prepared offers only.
- The offers live in a session-scoped ``st.cache_resource``: Streamlit clears it when the session's
  tab is closed or its connection lost, which releases them from the process-wide budget
  (lib/uploads.py) and gives the memory back. A visitor coming back after that is told to add the
  file again.
- Whatever happens while reading or showing the file, the page shows a message, never a
  traceback, and the remove button is drawn.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.escaping import markdown_text
from lib.i18n import t
from lib.loading import ACCEPTED_EXTENSIONS, MAX_FILE_MB
from lib.memory import release_memory
from lib.uploads import BudgetExceeded, Upload, UploadBudget, read_upload, unexpected_failure

UPLOAD_STATE = "uploaded_file"  # session_state key: {"name", "key"} once read ({"name", "data"} to read)
GENERATION = "uploader_generation"
BUDGET = UploadBudget()
_LOGGER = logging.getLogger(__name__)
T = TypeVar("T")


class _Box:
    """What the session cache holds: the upload, let go of on release (the cache still refers to the
    box while it calls ``on_release``, so the memory could not be trimmed otherwise)."""

    def __init__(self, upload: Upload | None) -> None:
        self.upload = upload


def _released(box: _Box) -> None:
    """Streamlit drops an entry (file removed or replaced, session ended): free its budget and memory."""
    upload, box.upload = box.upload, None
    if upload is not None:
        BUDGET.release(upload.key)
        del upload
        release_memory()


@st.cache_resource(show_spinner=False, scope="session", on_release=_released)
def _held(key: str, _upload: Upload | None) -> _Box:
    # Keyed on the upload's key alone (``_upload`` is not hashed): the first call stores the upload,
    # later ones find it, and a call after the session's caches were cleared finds nothing.
    return _Box(_upload)


def _emptied(values: dict) -> None:
    values.clear()


@st.cache_resource(show_spinner=False, scope="session", on_release=_emptied)
def _session_values() -> dict[str, object]:
    return {}


def deferred_download(write: Callable[[T], bytes], value: T, name: str) -> Callable[[], bytes]:
    """A download button's ``data`` callable writing ``write(value)`` when clicked, that lets
    ``value`` go when the session ends.

    Streamlit keeps a deferred download's callable as long as the session object lives, and a closed
    tab's session is kept for reconnection: a callable holding the offers would keep an uploaded
    file's offers in memory after the visitor left. This one holds them through the session's own
    store, which Streamlit empties when the session ends. ``write`` goes there too: a function or a
    lambda defined in a page script refers to the script's globals (the page's offers among them).
    """
    values = _session_values()
    values[name] = (write, value)

    def data() -> bytes:
        held = values.get(name)
        if held is None:
            return b""
        held_write, held_value = held  # type: ignore[misc]
        return held_write(held_value)

    return data


def take_upload(uploader_key: str) -> None:
    """The uploader's callback: read the new file, then empty the uploader and delete Streamlit's copy."""
    uploaded = st.session_state.get(uploader_key)
    if uploaded is None:
        return
    name, file_id = uploaded.name, uploaded.file_id
    holder = [uploaded.getvalue()]
    del uploaded
    _forget_uploaded_file(uploader_key, file_id)
    _store(name, holder)


def _forget_uploaded_file(uploader_key: str, file_id: str) -> None:
    """Streamlit keeps an uploaded file until the widget drops it, and a session kept for reconnection
    keeps it for good: the uploader gets a new key (so it is drawn empty) and the copy is deleted."""
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    with contextlib.suppress(KeyError, StreamlitAPIException):
        del st.session_state[uploader_key]
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.uploaded_file_mgr is not None:
        ctx.uploaded_file_mgr.remove_file(ctx.session_id, file_id)


def _store(name: str, holder: list[bytes]) -> None:
    """Read the file and hold it for this session, in place of the previous one."""
    remove_upload(bump=False)
    key = uuid.uuid4().hex
    try:
        upload = read_upload(name, holder, BUDGET, key)
    except BudgetExceeded as refused:
        st.session_state[UPLOAD_STATE] = {"name": name, "refused": str(refused)}
        return
    except Exception as exc:  # a bug: the visitor gets a message and the remove button, the log the details
        _LOGGER.exception("reading the uploaded file %r failed", name)
        upload = unexpected_failure(name, exc, key)
        BUDGET.release(key)
    _held(key, upload)
    st.session_state[UPLOAD_STATE] = {"name": name, "key": key}


def remove_upload(bump: bool = True) -> None:
    """Forget this session's file: its memory goes back to the budget at once."""
    state = st.session_state.pop(UPLOAD_STATE, None)
    if state and state.get("key"):
        _held.clear(state["key"], None)
    if bump:  # a new uploader key empties the widget, so the removed file is not read again
        st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def held_upload() -> tuple[str, Upload | None, str | None] | None:
    """(file name, the upload or None, why there is none) for this session; None without a file.

    A file put in session state by hand (``{"name", "data"}``, as tests do) is read first.
    """
    state = st.session_state.get(UPLOAD_STATE)
    if not state:
        return None
    if "data" in state:
        name, holder = state["name"], [state.pop("data")]
        _store(name, holder)
        state = st.session_state.get(UPLOAD_STATE) or {"name": name}
    if "refused" in state:
        return state["name"], None, state["refused"]
    upload = _held(state.get("key", ""), None).upload
    if upload is None:
        return state["name"], None, "released"
    return state["name"], upload, None


def upload_section(lang: str, show: Callable[[Upload, str], None]) -> None:
    """The uploader, what became of the file (``show`` draws it), and the remove button, drawn even
    when showing the file fails."""
    uploader_key = f"uploader_{st.session_state.get(GENERATION, 0)}"
    st.file_uploader(t("upload", lang), type=list(ACCEPTED_EXTENSIONS), key=uploader_key,
                     on_change=take_upload, args=(uploader_key,),
                     help=t("upload_help", lang, limit=MAX_FILE_MB), label_visibility="collapsed")
    st.caption(t("upload_help", lang, limit=MAX_FILE_MB))
    held = held_upload_safely()
    if held is None:
        return
    name, upload, problem = held
    try:
        if problem == "released":
            st.info(t("upload_released", lang, name=markdown_text(name)))
        elif problem is not None:
            st.error(t("upload_refused", lang, name=markdown_text(name), reason=markdown_text(problem)))
        elif upload is not None:
            show(upload, lang)
    except Exception:  # a bug in showing the file must not take the remove button with it
        _LOGGER.exception("showing the uploaded file %r failed", name)
        st.error(t("upload_show_failed", lang, name=markdown_text(name)))
    finally:
        st.button(t("upload_remove", lang), key="remove_upload", on_click=remove_upload)


def held_upload_safely() -> tuple[str, Upload | None, str | None] | None:
    """``held_upload`` that never raises: a failure becomes the file's report."""
    try:
        return held_upload()
    except Exception as exc:
        _LOGGER.exception("the uploaded file could not be reached")
        name = str((st.session_state.get(UPLOAD_STATE) or {}).get("name", "?"))
        return name, unexpected_failure(name, exc), None
