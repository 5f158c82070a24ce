"""Map: the filtered offers on a Folium map; clicking one shows its card beside the map."""

import streamlit as st
from streamlit_folium import st_folium

from lib import categories as cat
from lib import maps
from lib.i18n import t
from shell.sidebar import setup_page
from shell.widgets import offer_card

page = setup_page("page_map")
lang, offers = page.lang, page.filtered
st.caption(t("map_intro", lang))
if offers.empty:
    st.info(t("no_offers", lang))
    st.stop()

not_located = int((~offers["located"]).sum())
if not_located:
    st.caption(t("map_not_located", lang, n=not_located))

map_column, card_column = st.columns([3, 2])
with map_column:
    st.markdown(f"**{t('map_caption', lang)}**")
    clicked = st_folium(
        maps.build_offers_map(offers, lang),
        key="offers_map",
        height=560,
        use_container_width=True,
        # Only a click reruns the app; panning and zooming stay in the browser.
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
    )
    st.markdown(
        t("legend", lang) + " : " + " · ".join(
            f"<span style='color:{cat.ORG_TYPE_COLOURS[code]}'>●</span> {cat.label(cat.ORG_TYPES, code, lang)}"
            for code in cat.ORG_TYPES if code in set(offers["org_type"])
        ) + f" · ◌ {t('approximate', lang)}",
        unsafe_allow_html=True,
    )
with card_column:
    chosen = maps.clicked_offer_ids(offers, clicked)
    if not chosen:
        st.info(t("map_click_hint", lang))
    for offer_id in chosen:
        offer_card(offers[offers["offer_id"] == offer_id].iloc[0], lang)
