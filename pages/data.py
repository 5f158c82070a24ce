"""Data: the filtered offers to read and download, where they come from, and the user's own file."""

import streamlit as st

from lib.deadlines import without_status
from lib.escaping import markdown_text
from lib.export import safe_csv_bytes
from lib.i18n import t, tn
from lib.uploads import Upload
from shell.sidebar import setup_page
from shell.uploads import deferred_download, upload_section
from shell.widgets import MAX_TABLE_ROWS, data_dictionary, offers_table, sources_table

REPORT_WRITTEN_OUT = 5  # problems of an upload's report written out in full under its table


def csv_without_status(kept) -> bytes:
    """The CSV download of the offers the filters keep, every column, made when clicked; the deadline
    status is computed again on the day the file is read back."""
    offers, keep = kept
    return safe_csv_bytes(without_status(offers if keep is None else offers[keep]))


def show_upload(upload: Upload, lang: str) -> None:
    """What became of the visitor's file: the offers added, or why none, and the report."""
    if upload.offers is None:
        file_level = [i for i in upload.report.errors if i.row in (None, 1)] or upload.report.errors[:1]
        # The reasons quote the file's header and cells, and the name is the user's: Markdown-escaped.
        st.error(t("upload_unreadable", lang, reason=markdown_text("; ".join(i.describe(lang) for i in file_level))))
    else:
        added = int(page.offers["dataset"].eq("uploaded").sum()) if not page.offers.empty else 0
        name = markdown_text(upload.name)
        if added:
            st.success(tn("upload_ok", added, lang, name=name))
        elif page.already_there:  # every offer of the file is already shown: say so, nothing went wrong
            st.info(tn("upload_nothing_new", len(page.already_there), lang, name=name))
        elif upload.offers.empty:
            st.info(t("upload_no_offer", lang, name=name))
        # else: combining the file failed, and the page's error already says why
        if upload.report.rejected_rows:
            st.warning(tn("upload_rejected", len(upload.report.rejected_rows), lang))
    if upload.report.issues:
        st.subheader(t("report", lang))
        st.caption(tn("report_summary", len(upload.report.issues), lang,
                      errors=tn("errors_count", len(upload.report.errors), lang),
                      warnings=tn("warnings_count", len(upload.report.warnings), lang)))
        report = upload.report.to_frame(lang)
        st.dataframe(report, hide_index=True, width="stretch", key="report_table",
                     column_config={report.columns[3]: st.column_config.TextColumn(width="large")})
        # A table cell shows the start of a long reason (« valeurs permises : local_authority, … »): the
        # first problems are also written out whole, which a phone shows without scrolling sideways.
        first = upload.report.in_order()[:REPORT_WRITTEN_OUT]
        st.caption(t("report_written_out", lang))
        st.markdown("\n".join(f"- {markdown_text(issue.describe(lang))}" for issue in first))


page = setup_page("page_data", stop_when_empty=False)
lang = page.lang
kept = page.kept_count  # the table copies only the rows it shows, its first 1,000
st.caption(t("data_intro", lang))

if kept:
    offers_table(page.offers, lang, key="data_table", height=420, beyond="table_first_rows_download", star=True,
                 keep=page.keep)
else:
    st.info(t("no_offers", lang), icon=":material/filter_alt_off:")
# Written when the button is clicked, not at every run: 100,000 offers take seconds to write.
st.download_button(t("download_csv", lang),
                   data=deferred_download(csv_without_status, (page.offers, page.keep), "data_download"),
                   file_name="offres-stages.csv",
                   mime="text/csv", key="download", disabled=not kept, on_click="ignore")

st.header(t("upload", lang))
upload_section(lang, show_upload)

if kept:
    st.header(t("sources", lang))
    sources_table(page.filtered_columns(["offer_id", "source", "notes"], limit=MAX_TABLE_ROWS), lang,
                  key="sources_table")

st.header(t("dictionary", lang))
st.markdown(data_dictionary(lang))
