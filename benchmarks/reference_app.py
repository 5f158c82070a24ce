"""The floor for « first chart » (issue 15, goal 2): the smallest Streamlit + Plotly app that shows
the same offers' stipend against duration, one chart and nothing else. Reads the same file as the
dashboard (OFFERS_CSV); no cache, no sidebar, no validation.

    streamlit run benchmarks/reference_app.py
"""

import os
from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

path = os.environ.get("OFFERS_CSV") or Path(__file__).resolve().parent.parent / "data" / "offers.csv"
offers = pd.read_csv(path)
st.plotly_chart(px.scatter(offers, x="duration_max_months", y="stipend_amount_eur", color="org_type"))
