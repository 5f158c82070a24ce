"""Throwaway app proving the browser-test infrastructure: a Plotly scatter and a clustered Folium map whose clicks
come back to Streamlit, as on the dashboard's map page."""

import folium
import plotly.express as px
import streamlit as st
from folium.plugins import MarkerCluster
from streamlit_folium import st_folium

CITIES = [
    ("Paris", 48.8566, 2.3522, 1200),
    ("Lyon", 45.7640, 4.8357, 900),
    ("Marseille", 43.2965, 5.3698, 700),
]

st.set_page_config(page_title="Browser test demo", layout="wide")
st.title("Browser test demo")

figure = px.scatter(
    x=[lon for _, _, lon, _ in CITIES],
    y=[stipend for *_, stipend in CITIES],
    text=[name for name, *_ in CITIES],
    labels={"x": "longitude", "y": "stipend (EUR)"},
)
st.plotly_chart(figure, key="scatter")

fmap = folium.Map(location=[46.1, 3.9], zoom_start=5, scrollWheelZoom=False)
cluster = MarkerCluster(name="cities", options={"maxClusterRadius": 35}).add_to(fmap)
for name, lat, lon, stipend in CITIES:
    folium.CircleMarker(
        location=[lat, lon],
        radius=10,
        color="#0072B2",
        fill=True,
        fill_opacity=0.8,
        tooltip=name,
        popup=folium.Popup(f"<b>{name}</b> {stipend} EUR", max_width=200),
    ).add_to(cluster)

clicked = st_folium(
    fmap,
    key="map",
    height=450,
    width=700,
    returned_objects=["last_object_clicked", "last_object_clicked_popup"],
)

point = (clicked or {}).get("last_object_clicked")
popup = (clicked or {}).get("last_object_clicked_popup")
if point:
    st.markdown(f"Clicked: {popup or '?'} @ {point['lat']:.4f}, {point['lng']:.4f}")
else:
    st.markdown("Clicked: nothing yet")
