"""Map: the filtered offers on a Folium map; clicking one shows its card beside the map."""

import streamlit as st
from streamlit_folium import st_folium

from lib import categories as cat
from lib import formatting as fmt
from lib import maps
from lib.escaping import markdown_text
from lib.i18n import t
from shell.sidebar import setup_page
from shell.widgets import offer_card, offers_table

MAX_CARDS = 5  # a circle of the compact map can stand for hundreds of offers: the rest go in a table

page = setup_page("page_map")
lang, offers = page.lang, page.filtered
st.caption(t("map_intro", lang))
if offers.empty:
    st.info(t("no_offers", lang))
    st.stop()

not_located = int((~offers["located"]).sum())
if not_located:
    st.caption(t("map_not_located", lang, n=fmt.number(not_located, lang)))
if maps.is_compact(offers):
    st.caption(t("map_compact", lang, n=fmt.number(int(offers["located"].sum()), lang),
                 threshold=fmt.number(maps.DETAIL_THRESHOLD, lang)))

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
        # The map's own rendering is all st_folium sends; rendering the whole HTML page too
        # doubled the time at scale for the same result.
        render=False,
    )
    shown_types = set(offers["org_type"].unique())
    # Streamlit's own colour syntax: no HTML needed, labels escaped like any text.
    legend = [f':color[●]{{foreground="{cat.ORG_TYPE_COLOURS[code]}"}} '
              + markdown_text(cat.label(cat.ORG_TYPES, code, lang)) for code in cat.ORG_TYPES if code in shown_types]
    st.markdown(f"{markdown_text(t('legend', lang))} : " + " · ".join(legend)
                + f" · ◌ {markdown_text(t('approximate', lang))}")
with card_column:
    chosen = maps.clicked_offer_ids(offers, clicked)
    if not chosen:
        st.info(t("map_click_hint", lang))
    if len(chosen) > MAX_CARDS:
        st.caption(t("map_cards_more", lang, n=fmt.number(len(chosen), lang), shown=MAX_CARDS))
    for offer_id in chosen[:MAX_CARDS]:
        offer_card(offers[offers["offer_id"] == offer_id].iloc[0], lang)
    if len(chosen) > MAX_CARDS:
        offers_table(offers[offers["offer_id"].isin(chosen)], lang, key="map_table", height=300)
