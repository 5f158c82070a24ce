"""A page that keeps extracting offers, as a visitor's long paste would, until its session ends.

It writes what happened to the file named by STOP_PROBE_FILE: « running » once started, then
« stopped » when ``session_stop_check`` stopped the extraction (the tab was closed)."""

import os
import time
from pathlib import Path

import streamlit as st

from lib.extract import ExtractionStopped, extract_offer
from shell.ingest import session_stop_check

marker = Path(os.environ["STOP_PROBE_FILE"])
text = (Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / "001_2e1128ab0c5aeda3.txt").read_text(
    encoding="utf-8")
st.write("Extraction en cours…")
should_stop = session_stop_check()
marker.write_text("running", encoding="utf-8")
started = time.monotonic()
try:
    while time.monotonic() - started < 120:
        extract_offer(text, should_stop=should_stop)
    marker.write_text("not stopped", encoding="utf-8")
except ExtractionStopped:
    marker.write_text("stopped", encoding="utf-8")
