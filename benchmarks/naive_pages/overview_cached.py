"""Naive overview page: the prepared offers kept by st.cache_data, then the overview's
headline figures, four SVG charts and every kept offer in a table."""

import streamlit as st

from benchmarks.naive import load_cached, naive_overview
from lib import categories as cat

offers = load_cached()
org = st.sidebar.multiselect("Type de structure", list(cat.ORG_TYPES), key="org")
filtered = offers[offers["org_type"].isin(org)] if org else offers
st.title("Vue d'ensemble")
naive_overview(filtered)
