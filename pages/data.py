"""Data: the filtered offers to read and download, where they come from, and the user's own file."""

import streamlit as st

from lib.escaping import markdown_text
from lib.export import safe_csv_bytes
from lib.i18n import t
from lib.loading import ACCEPTED_EXTENSIONS, MAX_FILE_MB
from shell.data import ROOT, UPLOAD_STATE, load_uploaded
from shell.sidebar import setup_page
from shell.widgets import MAX_TABLE_ROWS, offers_table

page = setup_page("page_data")
lang, offers = page.lang, page.filtered
st.caption(t("data_intro", lang))

offers_table(offers, lang, key="data_table", height=420, beyond="table_first_rows_download")
# Written when the button is clicked, not at every run: 100,000 offers take seconds to write.
st.download_button(t("download_csv", lang), data=lambda: safe_csv_bytes(offers), file_name="offres-stages.csv",
                   mime="text/csv", key="download", disabled=offers.empty, on_click="ignore")

st.header(t("upload", lang))
limit_mb = MAX_FILE_MB
uploader_key = f"uploader_{st.session_state.get('uploader_generation', 0)}"
uploaded_file = st.file_uploader(t("upload", lang), type=list(ACCEPTED_EXTENSIONS), key=uploader_key,
                                 help=t("upload_help", lang, limit=limit_mb), label_visibility="collapsed")
st.caption(t("upload_help", lang, limit=limit_mb))
if uploaded_file is not None:
    st.session_state[UPLOAD_STATE] = {"name": uploaded_file.name, "data": uploaded_file.getvalue()}
upload = load_uploaded()
if upload is not None:
    if upload.offers is None:
        file_level = [i for i in upload.report.errors if i.row in (None, 1)] or upload.report.errors[:1]
        # The reasons quote the file's header and cells, and the name is the user's: Markdown-escaped.
        st.error(t("upload_unreadable", lang, reason=markdown_text("; ".join(i.describe() for i in file_level))))
    else:
        st.success(t("upload_ok", lang, valid=len(upload.offers), name=markdown_text(upload.name)))
        if upload.report.rejected_rows:
            st.warning(t("upload_rejected", lang, n=len(upload.report.rejected_rows)))
    if upload.report.issues:
        st.subheader(t("report", lang))
        st.dataframe(upload.report.to_frame(), hide_index=True, width="stretch", key="report_table")
    if st.button(t("upload_remove", lang), key="remove_upload"):
        st.session_state.pop(UPLOAD_STATE, None)
        # A new uploader key empties the widget, so the removed file is not read again.
        st.session_state["uploader_generation"] = st.session_state.get("uploader_generation", 0) + 1
        st.rerun()

st.header(t("sources", lang))
st.dataframe(offers[["offer_id", "source", "notes"]].head(MAX_TABLE_ROWS), hide_index=True, width="stretch",
             key="sources_table")

st.header(t("dictionary", lang))
st.markdown((ROOT / "data" / "README.md").read_text(encoding="utf-8"))
