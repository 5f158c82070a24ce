"""An extraction started by a visitor stops when the visitor's tab closes (issue 10: three closed
tabs kept the server busy for 90 s), and only then."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

PROBE = Path(__file__).resolve().parent / "apps" / "stop_probe_app.py"


def _wait_for(path: Path, wanted: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if text == wanted:
            return text
        time.sleep(0.2)  # polling a file the server writes
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.mark.browser
def test_extraction_stops_when_the_tab_is_closed(context, streamlit_server, tmp_path):
    marker = tmp_path / "probe.txt"
    url = streamlit_server(PROBE, env={"STOP_PROBE_FILE": str(marker)})
    page = context.new_page()
    page.goto(url)
    assert _wait_for(marker, "running", 60) == "running"
    time.sleep(3)
    assert marker.read_text(encoding="utf-8") == "running"  # an open tab's extraction goes on
    page.close()
    assert _wait_for(marker, "stopped", 30) == "stopped"
