"""Data: the filtered offers to read and download, where they come from, and the user's own file."""

import streamlit as st

from lib.export import safe_csv_bytes
from lib.i18n import t
from lib.uploads import Upload
from shell.data import ROOT
from shell.sidebar import setup_page
from shell.uploads import deferred_download, upload_section
from shell.widgets import MAX_TABLE_ROWS, offers_table


def show_upload(upload: Upload, lang: str) -> None:
    """What became of the visitor's file: the offers added, or why none, and the report."""
    if upload.offers is None:
        file_level = [i for i in upload.report.errors if i.row in (None, 1)] or upload.report.errors[:1]
        st.error(t("upload_unreadable", lang, reason="; ".join(i.describe() for i in file_level)))
    else:
        st.success(t("upload_ok", lang, valid=len(upload.offers), name=upload.name))
        if upload.report.rejected_rows:
            st.warning(t("upload_rejected", lang, n=len(upload.report.rejected_rows)))
    if upload.report.issues:
        st.subheader(t("report", lang))
        st.dataframe(upload.report.to_frame(), hide_index=True, width="stretch", key="report_table")


page = setup_page("page_data")
lang, offers = page.lang, page.filtered
st.caption(t("data_intro", lang))

offers_table(offers, lang, key="data_table", height=420, beyond="table_first_rows_download")
# Written when the button is clicked, not at every run: 100,000 offers take seconds to write.
st.download_button(t("download_csv", lang), data=deferred_download(safe_csv_bytes, offers, "data_download"),
                   file_name="offres-stages.csv",
                   mime="text/csv", key="download", disabled=offers.empty, on_click="ignore")

st.header(t("upload", lang))
upload_section(lang, show_upload)

st.header(t("sources", lang))
st.dataframe(offers[["offer_id", "source", "notes"]].head(MAX_TABLE_ROWS), hide_index=True, width="stretch",
             key="sources_table")

st.header(t("dictionary", lang))
st.markdown((ROOT / "data" / "README.md").read_text(encoding="utf-8"))
