"""Entry point: the page configuration and the navigation between the pages in pages/."""

from pathlib import Path

import streamlit as st

from lib.i18n import t

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="Stages en participation citoyenne", page_icon="🗳️", layout="wide")
lang = "en" if st.query_params.get("en", "").lower() == "true" else "fr"
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title=t("page_overview", lang), icon="📊", default=True),
        st.Page(PAGES / "map.py", title=t("page_map", lang), icon="🗺️"),
        st.Page(PAGES / "compare.py", title=t("page_compare", lang), icon="⚖️"),
        st.Page(PAGES / "data.py", title=t("page_data", lang), icon="📄"),
        st.Page(PAGES / "add_offer.py", title=t("page_add", lang), icon="➕"),
    ]
)
navigation.run()
