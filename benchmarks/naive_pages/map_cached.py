"""Naive map page: the prepared offers kept by st.cache_data, then one folium.Marker per offer."""

import streamlit as st
from streamlit_folium import st_folium

from benchmarks.naive import load_cached, naive_map
from lib import categories as cat

offers = load_cached()
org = st.sidebar.multiselect("Type de structure", list(cat.ORG_TYPES), key="org")
filtered = offers[offers["org_type"].isin(org)] if org else offers
st.title("Carte")
st_folium(naive_map(filtered), key="offers_map", height=560, use_container_width=True,
          returned_objects=["last_object_clicked", "last_object_clicked_tooltip"])
