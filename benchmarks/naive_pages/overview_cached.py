"""Naive overview page: the prepared offers kept by st.cache_data, then an SVG scatter plot."""

import streamlit as st

from benchmarks.naive import load_cached, naive_chart
from lib import categories as cat

offers = load_cached()
org = st.sidebar.multiselect("Type de structure", list(cat.ORG_TYPES), key="org")
filtered = offers[offers["org_type"].isin(org)] if org else offers
st.title("Vue d'ensemble")
st.plotly_chart(naive_chart(filtered), key="stipend_chart", on_select="rerun", width="stretch")
