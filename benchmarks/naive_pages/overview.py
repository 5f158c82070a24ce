"""Naive overview page: every run reads and prepares the file, then the overview's
headline figures, four SVG charts and every kept offer in a table."""

import streamlit as st

from benchmarks.naive import load_uncached, naive_overview
from lib import categories as cat

offers = load_uncached()
org = st.sidebar.multiselect("Type de structure", list(cat.ORG_TYPES), key="org")
filtered = offers[offers["org_type"].isin(org)] if org else offers
st.title("Vue d'ensemble")
naive_overview(filtered)
