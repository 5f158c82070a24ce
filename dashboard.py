"""Entry point: registers the pages of pages/; each page draws the shared sidebar itself."""

import streamlit as st

from shell.navigation import PAGES, PAGES_DIR, configure_page

configure_page()
navigation = st.navigation(
    [st.Page(PAGES_DIR / file, icon=icon, default=(i == 0)) for i, (file, _title, icon) in enumerate(PAGES)],
    position="hidden",
)
navigation.run()
