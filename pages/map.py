"""Map: the filtered offers on a Folium map; clicking one, or picking it from the list under the
map (the keyboard's way to every marker), shows its card beside the map (below it on a phone)."""

import json

import numpy as np
import streamlit as st
from streamlit_folium import st_folium

from lib import categories as cat
from lib import compare, maps
from lib import formatting as fmt
from lib.contiguous import take_rows
from lib.escaping import markdown_text
from lib.i18n import colon, t, tn
from lib.membership import is_in
from shell.map_view import clicked_ids, kept_map, picked_place
from shell.sidebar import setup_page
from shell.widgets import offer_card, offers_table

MAX_CARDS = 5  # a circle of the compact map can stand for hundreds of offers: the rest go in a table

page = setup_page("page_map")
lang = page.lang
# The offers the map places: only their rows and the columns it reads are copied (a card and the
# table read theirs from page.offers).
located = page.offers["located"].to_numpy(dtype=bool, na_value=False)
located_mask = page.mask(located)
located_count = int(np.count_nonzero(located_mask))
compact = maps.compact_for(located_count)
st.caption(t("map_intro", lang))
if not page.kept_count:
    st.info(t("no_offers", lang))
    st.stop()

not_located = page.kept_count - located_count
if not_located:
    st.caption(tn("map_not_located", not_located, lang))
if compact:
    st.caption(t("map_compact", lang, n=fmt.number(located_count, lang),
                 threshold=fmt.number(maps.DETAIL_THRESHOLD, lang)))

map_column, card_column = st.columns([3, 2])
with map_column:
    st.markdown(f"**{t('map_caption', lang)}**")
    view = kept_map(page, located, compact)
    # An offer picked from the list: the map goes to it (set before the list is drawn, read here).
    place = picked_place(page, located, st.session_state.get("map_pick"))
    clicked = st_folium(
        view.fmap,
        key="offers_map",
        center=place,
        zoom=maps.PICKED_ZOOM if place else None,
        height=560,
        use_container_width=True,
        # Only a click reruns the app; panning and zooming stay in the browser.
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
        # The map's own rendering is all st_folium sends; rendering the whole HTML page too
        # doubled the time at scale for the same result.
        render=False,
    )
    maps.dismantle(view.fmap)  # sent: freed now, not at Python's next full garbage collection
    # Leaflet comes from a CDN: when it cannot load, the map's frame stays empty, with nothing said.
    st.caption(t("map_fallback", lang))
    # Streamlit's own colour syntax: no HTML needed, labels escaped like any text.
    legend = [f':color[●]{{foreground="{cat.ORG_TYPE_COLOURS[code]}"}} '
              + markdown_text(cat.label(cat.ORG_TYPES, code, lang)) for code in cat.ORG_TYPES if code in view.org_types]
    st.markdown(markdown_text(t("legend", lang) + colon(lang)) + " · ".join(legend)
                + f" · ◌ {markdown_text(t('approximate', lang))}"
                + (f" · {markdown_text(t('map_closed_legend', lang))}" if view.any_closed else ""))
    # The click, if it is new, wins over the list; the list then starts again from nothing.
    click = json.dumps(clicked, sort_keys=True, default=str) if clicked else ""
    new_click = bool(clicked and any(clicked.values())) and click != st.session_state.get("map_last_click")
    st.session_state["map_last_click"] = click
    if new_click:
        st.session_state["map_pick"] = None
    # The list names the first located offers only: their rows alone are copied.
    first_located = page.filtered_columns(["offer_id", "organisation", "title"], limit=compare.MAX_CHOICES,
                                          also=located)
    listed = compare.choices(first_located, first_located, [], limit=compare.MAX_CHOICES)
    if located_count > compare.MAX_CHOICES:
        st.caption(t("map_pick_first", lang, shown=fmt.number(compare.MAX_CHOICES, lang),
                     n=fmt.number(located_count, lang)))
    picked = st.selectbox(t("map_pick", lang), list(listed), index=None, key="map_pick",
                          format_func=lambda i: listed.get(i, i), placeholder=t("map_pick_placeholder", lang))
with card_column:
    chosen = [picked] if picked in listed else clicked_ids(page, view, located, clicked)
    if not chosen:
        st.info(t("map_click_hint", lang))
    if len(chosen) > MAX_CARDS:
        st.caption(t("map_cards_more", lang, n=fmt.number(len(chosen), lang), shown=MAX_CARDS))
    for offer_id in chosen[:MAX_CARDS]:
        offer_card(take_rows(page.offers, np.flatnonzero(page.offers["offer_id"].eq(offer_id).to_numpy(
            dtype=bool, na_value=False))[:1]).iloc[0], lang, actions=True)
    if len(chosen) > MAX_CARDS:
        offers_table(page.offers, lang, key="map_table", height=300,
                     keep=page.mask(is_in(page.offers["offer_id"], chosen)))
