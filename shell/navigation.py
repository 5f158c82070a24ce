"""The pages, listed once, and the links between them that every page draws.

The entry point registers the pages with ``st.navigation(position="hidden")`` and each page
draws these links itself: a shared link opened before the entry point ever ran (Streamlit then
runs the page file alone, as in its old ``pages/`` mode) looks and behaves the same.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from lib.i18n import t

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
PAGE_TITLE = "Stages en participation citoyenne"

# (file in pages/, title key, Material icon)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("overview.py", "page_overview", ":material/insights:"),
    ("map.py", "page_map", ":material/map:"),
    ("compare.py", "page_compare", ":material/compare_arrows:"),
    ("data.py", "page_data", ":material/table_view:"),
    ("add_offer.py", "page_add", ":material/post_add:"),
    ("collection.py", "page_collection", ":material/inventory_2:"),
)


def configure_page() -> None:
    st.set_page_config(page_title=PAGE_TITLE, page_icon="🗳️", layout="wide")


def draw_links(lang: str) -> None:
    """Links to every page, carrying the URL's query parameters so the view follows the user."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    for file, title_key, icon in PAGES:
        try:
            st.sidebar.page_link(f"pages/{file}", label=t(title_key, lang), icon=icon, query_params=params)
        except StreamlitPageNotFoundError:
            return  # a page file run on its own (AppTest.from_file) has no other page to link to
