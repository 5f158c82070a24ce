"""Ajouter une offre : coller un texte ou déposer un fichier, obtenir une proposition par offre
(un recueil en donne plusieurs), avec les passages du texte et les doublons possibles, corriger,
puis suggérer (visiteurs) ou publier dans la collection (curateurs)."""

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from lib.collection import CollectionError, InvalidOffer, NotAllowed
from lib.escaping import markdown_text
from lib.export import safe_csv_bytes
from lib.extract import ExtractionStopped
from lib.i18n import t
from lib.ingest.readers import PASTED
from lib.offer_form import UnreadableDocument, check_row, proposal_table, propose_offers, read_text_file
from lib.review import SKIP, Batch, decisions, duplicate_text, item_label, replaced, source_label, summary_table
from shell.collection import bundled_ids, current_actor, open_collection, sign_in_setup, visitor_key
from shell.curators import role_banner
from shell.data import load_bundled, reference_offers
from shell.ingest import session_stop_check
from shell.offer_forms import form_row, load_row, offer_form
from shell.sidebar import language, start_page

PREFIX = "add_offer"
TEXT_KEY, FILE_KEY = "add_offer_text", "add_offer_file"
BATCH_KEY, CURRENT_KEY, CHOSEN_KEY = "add_offer_batch", "add_offer_current", "add_offer_chosen"
NOTICE_KEY, READ_ERROR_KEY = "add_offer_notice", "add_offer_read_error"
TOAST_KEY = "add_offer_toast"  # the count of the last sending, to be shown once as a toast
FILE_TYPES = ["txt", "md", "html", "htm", "eml", "pdf", "docx"]


def read_offers() -> None:
    """Read the pasted text (or the dropped file) into proposals, the first one in the form."""
    st.session_state.pop(READ_ERROR_KEY, None)
    upload = st.session_state.get(FILE_KEY)
    try:
        if upload is not None:
            parts = read_text_file(upload.name, upload.getvalue())
        else:
            parts = [(PASTED, st.session_state.get(TEXT_KEY, ""))]  # stored in French, shown translated
        if not any(text.strip() for _name, text in parts):
            st.session_state[READ_ERROR_KEY] = t("add_hint", language())
            return
        existing, should_stop = reference_offers(), session_stop_check()
        proposals = [p for name, text in parts if text.strip()
                     for p in propose_offers(text, name, existing, should_stop=should_stop)]
    except (UnreadableDocument, ValueError) as exc:
        st.session_state[READ_ERROR_KEY] = t("add_unreadable", language(), reason=markdown_text(exc))
        return
    except ExtractionStopped:  # the visitor closed the tab: nobody is left to read the proposals
        return
    source = " + ".join(name for name, _text in parts)
    st.session_state[BATCH_KEY] = Batch.of(source, "\n\n".join(text for _name, text in parts), proposals)
    st.session_state[CURRENT_KEY] = 0
    st.session_state[CHOSEN_KEY] = []
    st.session_state.pop(NOTICE_KEY, None)
    if proposals:
        load_row(PREFIX, proposals[0].row)


def show_item() -> None:
    batch: Batch = st.session_state[BATCH_KEY]
    load_row(PREFIX, batch.items[st.session_state[CURRENT_KEY]].row)


def keep_corrections() -> None:
    batch: Batch = st.session_state[BATCH_KEY]
    item = batch.items[st.session_state[CURRENT_KEY]]
    item.row = form_row(PREFIX, item.row)


def send(indexes: list[int]) -> None:
    """Publish (curator) or suggest (visitor) each proposal; what fails stays, with its reason."""
    keep_corrections()
    batch: Batch = st.session_state[BATCH_KEY]
    actor = current_actor()
    collection, problem = open_collection()
    taken = bundled_ids(load_bundled().offers)
    sent = kept = skipped = 0
    for index in indexes:
        item = batch.items[index]
        if item.done:
            continue
        if item.decision == SKIP:
            item.outcome, item.error, skipped = "skipped", None, skipped + 1
            continue
        try:
            if collection is None:
                raise CollectionError(problem or "?")
            if actor.can("publish"):
                record = collection.publish(item.row, actor, taken=taken, original_text=item.proposal.text,
                                            source_name=item.proposal.source, replace=replaced(item.decision))
                item.outcome, item.detail = "published", record.offer_id
            else:
                suggestion = collection.suggest(item.row, actor, session_key=visitor_key(),
                                                original_text=item.proposal.text, source_name=item.proposal.source)
                item.outcome, item.detail = "suggested", str(suggestion.id)
            item.error = None
            sent += 1
        except (CollectionError, InvalidOffer, NotAllowed) as exc:
            item.error, kept = str(exc), kept + 1
        except SQLAlchemyError as exc:
            item.error, kept = f"base de données injoignable ({type(exc).__name__})", kept + 1
    st.session_state[NOTICE_KEY] = (sent, kept, skipped)
    st.session_state[TOAST_KEY] = True
    st.session_state[CHOSEN_KEY] = []


def send_chosen() -> None:
    # The selection is read when the click arrives, not when the button was drawn: a button drawn
    # disabled (or with the former selection) would miss the proposals picked just before.
    send(list(st.session_state.get(CHOSEN_KEY) or []))


lang = start_page("page_add")
actor = current_actor()
role_banner(actor, sign_in_setup(), lang)
st.caption(t("add_intro", lang))

paste, drop = st.tabs([t("add_tab_paste", lang), t("add_tab_file", lang)])
text = paste.text_area(t("add_text", lang), key=TEXT_KEY, height=240, placeholder=t("add_text_placeholder", lang))
upload = drop.file_uploader(t("add_file", lang), type=FILE_TYPES, key=FILE_KEY, help=t("add_file_help", lang))
drop.caption(t("add_file_help", lang))
# Never disabled: a pasted text reaches the server when the text area loses focus, which the
# click on this button itself causes; a disabled button would swallow that first click.
st.button(t("add_propose", lang), key="add_offer_propose", type="primary", on_click=read_offers)
if READ_ERROR_KEY in st.session_state:
    st.error(st.session_state[READ_ERROR_KEY])

batch: Batch | None = st.session_state.get(BATCH_KEY)
if batch is None:
    st.info(t("add_hint", lang))
    st.stop()
if not batch.items:
    st.warning(t("add_none_found", lang))
    st.stop()
if upload is None and batch.source == PASTED and batch.text != text:
    st.warning(t("add_changed", lang))

reference = reference_offers()
taken = bundled_ids(reference)
st.subheader(t("add_summary", lang), anchor=False)
# File names, reasons and ids are the user's or the file's: Markdown-escaped.
st.caption(t("add_found", lang, source=markdown_text(source_label(batch.source, lang)), n=len(batch.items)))
st.dataframe(summary_table(batch, taken, lang), hide_index=True, width="stretch", key="add_offer_summary")
notice = st.session_state.get(NOTICE_KEY)
if notice:
    sent, kept, skipped = notice
    # A proposal left on « Ignorer cette proposition » (a duplicate's default) is counted, not silently dropped.
    counted = t("add_sent_skipped" if skipped else "add_sent_count", lang, sent=sent, kept=kept, skipped=skipped)
    st.info(counted)
    if st.session_state.pop(TOAST_KEY, False):  # the button sits far below this line: said where the user is
        st.toast(counted)

indexes = list(range(len(batch.items)))
current = st.selectbox(t("add_pick", lang), indexes, key=CURRENT_KEY, on_change=show_item,
                       format_func=lambda i: item_label(i, batch.items[i], lang))
item = batch.items[current]

if item.outcome == "published":
    st.success(t("add_published", lang, offer_id=markdown_text(item.detail)))
elif item.outcome == "suggested":
    st.success(t("add_suggested", lang, n=item.detail))
elif item.outcome == "skipped":
    st.info(t("add_skipped", lang))
if item.error:
    st.error(t("add_not_sent", lang, reason=markdown_text(item.error)))

if item.proposal.duplicates:
    st.warning(t("add_duplicates", lang))
    for match in item.proposal.duplicates:
        st.text(duplicate_text(match, lang))
        known = reference[reference["offer_id"] == match.offer_id] if reference is not None else None
        if known is not None and not known.empty:
            st.page_link("pages/data.py", label=t("add_see_existing", lang, offer_id=markdown_text(match.offer_id)),
                         query_params={"q": str(known.iloc[0]["title"])}, icon=":material/open_in_new:")
    options = decisions(item)
    item.decision = st.radio(t("add_decision", lang), options, index=options.index(item.decision)
                             if item.decision in options else 0, key=f"add_offer_decision_{current}",
                             format_func=lambda d: t("decision_replace", lang, offer_id=markdown_text(replaced(d)))
                             if replaced(d) else t(f"decision_{d}", lang), disabled=item.done)

with st.expander(t("add_fields", lang), expanded=len(batch.items) == 1):
    st.dataframe(proposal_table(item.proposal.text, item.proposal.found, item.proposal.row, lang),
                 hide_index=True, width="stretch", key="add_offer_table")

st.subheader(t("add_correct", lang), anchor=False)
offer_form(PREFIX, lang, t("add_check", lang), on_submit=keep_corrections, submit_type="secondary",
           submit_key="add_offer_check")
check = check_row(item.row, set() if replaced(item.decision) or item.done else taken)
if item.done:
    pass
elif check.ok:
    st.success(t("add_row_ok", lang))
else:
    st.error(t("add_row_bad", lang))
if check.issues and not item.done:
    st.dataframe(check.issues_frame(lang), hide_index=True, width="stretch", key="add_offer_issues")

publishes = actor.can("publish")
one, chosen_column = st.columns([1, 2])
# With « Ignorer cette proposition » chosen the button says it sends nothing (it read « Suggérer cette offre »).
skipping = item.decision == SKIP
one.button(t("add_skip_one" if skipping else "add_publish_one" if publishes else "add_suggest_one", lang),
           key="add_offer_send_one", type="secondary" if skipping else "primary", on_click=send,
           args=([current],), disabled=item.done)
open_items = [i for i in indexes if not batch.items[i].done]
if len(batch.items) > 1:
    chosen = chosen_column.multiselect(t("add_chosen", lang), open_items, key=CHOSEN_KEY,
                                       format_func=lambda i: item_label(i, batch.items[i], lang),
                                       help=t("add_chosen_help", lang), placeholder=t("add_chosen_none", lang),
                                       filter_mode="contains")
    chosen_column.button(t("add_publish_chosen" if publishes else "add_suggest_chosen", lang),
                         key="add_offer_send_chosen", on_click=send_chosen)
rows = [batch.items[i].row for i in (st.session_state.get(CHOSEN_KEY) or [current])]
st.download_button(t("add_download", lang), key="add_offer_download", mime="text/csv",
                   file_name="offres-a-ajouter.csv", on_click="ignore",
                   data=lambda: safe_csv_bytes(pd.DataFrame(rows)))
st.caption(t("add_download_help", lang))

if not publishes:
    collection, _problem = open_collection()
    mine = collection.session_suggestions(visitor_key()) if collection is not None else []
    if mine:
        st.subheader(t("add_my_suggestions", lang), anchor=False)
        st.dataframe([{t("column_n", lang): s.id, t("title", lang): s.row.get("title") or "—",
                       t("column_status", lang): t(f"status_{s.status}", lang)} for s in mine],
                     hide_index=True, width="stretch", key="add_offer_mine")
