"""Collection: the curators' page. Review the suggestions waiting, correct, unpublish, delete and
restore the published offers, read the history of every change, and export the collection."""

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from lib.collection import CollectionError, EditConflict, InvalidOffer, NotAllowed, OfferRecord
from lib.collection.history import conflict_frame, history_frame, offers_frame
from lib.collection.merge import export_csv
from lib.escaping import markdown_text
from lib.i18n import t
from lib.offer_form import check_row, find_duplicates
from lib.review import duplicate_text, source_label
from shell.collection import bundled_ids, current_actor, open_collection, sign_in_setup
from shell.curators import role_banner, sign_in_panel, sign_out_button
from shell.data import load_bundled, reference_offers, with_collection
from shell.offer_forms import form_row, load_row, offer_form
from shell.sidebar import start_page

QUEUE, EDIT = "queue", "edit"
MESSAGE_KEY = "collection_message"


def remember(kind: str, text: str) -> None:
    st.session_state[MESSAGE_KEY] = (kind, text)


def run(change) -> object | None:
    """Apply a change to the collection; its refusal becomes a message, never a traceback."""
    try:
        return change()
    except EditConflict as exc:
        st.session_state["edit_conflict"] = exc.current
        remember("error", markdown_text(exc))  # a refusal may quote the offer's values
    except (CollectionError, InvalidOffer, NotAllowed) as exc:
        remember("error", markdown_text(exc))
    except SQLAlchemyError as exc:
        remember("error", t("collection_unavailable", lang, reason=type(exc).__name__))
    return None


# --- the queue -----------------------------------------------------------------------------------

def load_suggestion() -> None:
    chosen = st.session_state.get("queue_pick")
    suggestion = next((s for s in pending if s.id == chosen), None)
    if suggestion is not None:
        load_row(QUEUE, suggestion.row)
        st.session_state["queue_loaded"] = suggestion.id


def publish_suggestion(suggestion_id: int) -> None:
    suggestion = next(s for s in pending if s.id == suggestion_id)
    row = form_row(QUEUE, suggestion.row)
    record = run(lambda: collection.publish(row, actor, taken=taken, suggestion_id=suggestion_id,
                                            original_text=suggestion.original_text,
                                            source_name=suggestion.source_name))
    if record is not None:
        remember("success", t("add_published", lang, offer_id=markdown_text(record.offer_id)))
        st.session_state.pop("queue_loaded", None)


def reject_suggestion(suggestion_id: int) -> None:
    if run(lambda: collection.reject(suggestion_id, actor)) is not None:
        remember("success", t("queue_rejected", lang, n=suggestion_id))
        st.session_state.pop("queue_loaded", None)


def draw_queue() -> None:
    if not pending:
        st.info(t("queue_empty", lang))
        return
    ids = [s.id for s in pending]
    if st.session_state.get("queue_pick") not in ids:
        st.session_state["queue_pick"] = ids[0]
    # The option labels hold nothing the visitor wrote: suggestions are shown as plain text only.
    chosen = st.selectbox(t("queue_pick", lang), ids, key="queue_pick", on_change=load_suggestion,
                          format_func=lambda i: f"n° {i}")
    suggestion = next(s for s in pending if s.id == chosen)
    if st.session_state.get("queue_loaded") != suggestion.id:
        load_row(QUEUE, suggestion.row)
        st.session_state["queue_loaded"] = suggestion.id
    st.text(" · ".join(str(v) for v in (suggestion.row.get("organisation"), suggestion.row.get("title")) if v))
    st.text(t("queue_submitted", lang, when=suggestion.submitted_at.strftime("%d/%m/%Y %H:%M"),
              who=suggestion.submitted_by, source=source_label(suggestion.source_name, lang) or "—"))
    for match in find_duplicates(suggestion.row, reference):
        st.text("⚠ " + duplicate_text(match, lang))
    with st.expander(t("queue_text", lang)):
        st.code(suggestion.original_text or "—", language=None, wrap_lines=True)
    offer_form(QUEUE, lang, t("add_check", lang), submit_type="secondary", submit_key="queue_check")
    check = check_row(form_row(QUEUE, suggestion.row), taken | collection_ids)
    if check.issues:
        st.dataframe(check.issues_frame(lang), hide_index=True, width="stretch", key="queue_issues")
    left, right = st.columns(2)
    left.button(t("queue_publish", lang), key="queue_publish", type="primary", on_click=publish_suggestion,
                args=(suggestion.id,), disabled=not check.ok)
    right.button(t("queue_reject", lang), key="queue_reject", on_click=reject_suggestion, args=(suggestion.id,))


# --- the offers ----------------------------------------------------------------------------------

def load_offer(record: OfferRecord) -> None:
    load_row(EDIT, record.row)
    st.session_state["edit_loaded"] = record.offer_id
    st.session_state["edit_version"] = record.version
    st.session_state.pop("edit_conflict", None)


def reload_current() -> None:
    record = run(lambda: collection.offer(st.session_state["edit_pick"], actor))
    if record is not None:
        load_offer(record)


def save_offer(offer_id: str, base: dict) -> None:
    row = form_row(EDIT, base)
    record = run(lambda: collection.edit(offer_id, row, st.session_state["edit_version"], actor))
    if record is not None:
        st.session_state["edit_version"] = record.version
        st.session_state.pop("edit_conflict", None)
        remember("success", t("offer_saved", lang, version=record.version))


def change_status(action: str, offer_id: str) -> None:
    record = run(lambda: getattr(collection, action)(offer_id, actor,
                                                     expected_version=st.session_state["edit_version"]))
    if record is not None:
        st.session_state["edit_version"] = record.version
        remember("success", t("offer_status_changed", lang, offer_id=markdown_text(offer_id),
                              status=t(f"offer_status_{record.status}", lang)))


def draw_offers() -> None:
    if not offers:
        st.info(t("offers_empty", lang))
        return
    st.dataframe(offers_frame(offers, lang), hide_index=True, width="stretch", key="collection_offers")
    ids = [o.offer_id for o in offers]
    if st.session_state.get("edit_pick") not in ids:
        st.session_state["edit_pick"] = ids[0]
    chosen = st.selectbox(t("offer_pick", lang), ids, key="edit_pick")
    record = next(o for o in offers if o.offer_id == chosen)
    if st.session_state.get("edit_loaded") != chosen:
        load_offer(record)
    st.caption(t("offer_version", lang, version=record.version, when=record.updated_at.strftime("%d/%m/%Y %H:%M"),
                 who=markdown_text(record.updated_by), status=t(f"offer_status_{record.status}", lang)))
    conflict: OfferRecord | None = st.session_state.get("edit_conflict")
    if conflict is not None and conflict.offer_id == chosen:
        mine = form_row(EDIT, record.row)
        st.dataframe(conflict_frame(conflict.row, mine, lang), hide_index=True, width="stretch",
                     key="edit_conflict_table")
        st.button(t("offer_reload", lang), key="edit_reload", on_click=reload_current)
    offer_form(EDIT, lang, t("offer_save", lang), on_submit=lambda: save_offer(chosen, record.row),
               submit_key="edit_save")
    columns = st.columns(3)
    for column, (action, allowed) in zip(columns, (("unpublish", ("published",)),
                                                   ("delete", ("published", "unpublished")),
                                                   ("restore", ("unpublished", "deleted"))), strict=True):
        column.button(t(f"offer_{action}", lang), key=f"edit_{action}", on_click=change_status,
                      args=(action, chosen), disabled=record.status not in allowed)
    st.subheader(t("history_offer", lang), anchor=False)
    st.dataframe(history_frame(run(lambda: collection.history(actor, offer_id=chosen)) or [], lang),
                 hide_index=True, width="stretch", key="edit_history")


lang = start_page("page_collection")
actor = current_actor()
setup = sign_in_setup()
role_banner(actor, setup, lang)
st.caption(t("collection_intro", lang))
collection, problem = open_collection()
if collection is None:
    st.error(t("collection_unavailable", lang, reason=markdown_text(problem)))
    st.stop()
if not actor.can("review"):
    sign_in_panel(setup, lang)
    st.info(t("collection_visitor", lang))
    st.stop()
sign_out_button(actor, setup, lang)

message = st.session_state.pop(MESSAGE_KEY, None)
if message:
    (st.success if message[0] == "success" else st.error)(message[1])
try:
    pending = collection.pending(actor)
    offers = collection.offers(actor)
except SQLAlchemyError as exc:
    st.error(t("collection_unavailable", lang, reason=type(exc).__name__))
    st.stop()
bundled = load_bundled().offers
taken = bundled_ids(bundled)
collection_ids = {o.offer_id for o in offers}
reference = reference_offers()
published = [o for o in offers if o.status == "published"]
_combined, shadowed = with_collection(bundled, pd.DataFrame([o.row for o in published]) if published else None)
if shadowed:
    st.warning(t("offer_shadowed", lang, ids=markdown_text(", ".join(shadowed))))

queue_tab, offers_tab, history_tab, export_tab = st.tabs([
    t("tab_queue", lang, n=len(pending)), t("tab_offers", lang, n=len(offers)), t("tab_history", lang),
    t("tab_export", lang)])
with queue_tab:
    draw_queue()
with offers_tab:
    draw_offers()
with history_tab:
    st.dataframe(history_frame(collection.history(actor), lang), hide_index=True, width="stretch",
                 key="collection_history")
with export_tab:
    st.markdown(t("export_intro", lang))
    st.download_button(t("export_download", lang), key="collection_export", file_name="collection.csv",
                       mime="text/csv", on_click="ignore", disabled=not published,
                       data=lambda: export_csv(collection.published_rows()))
