"""Helpers for browser tests of Streamlit pages: waiting for a run, reaching the Folium iframe, checking screenshots."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import FrameLocator, Locator, Page, expect

SIDEBAR = '[data-testid="stSidebar"]'  # the sidebar, where the filters and the language switch are

# By its address: the map names its iframe once drawn (Streamlit titles it "streamlit_folium.st_folium").
FOLIUM_IFRAME = 'iframe[src*="streamlit_folium.st_folium"]'
# data-test-script-state is "initial" until the first run starts, then "running" / "notRunning" (Streamlit 1.67).
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'


def wait_for_app(page: Page, timeout: float = 90_000) -> None:
    """Waits until Streamlit has connected, run the script and drawn the main block, with nothing running.

    90 s: a cold server's first run (pandas, plotly, folium, the data) took 25 to 32 s on the shared 2-core
    machine under load; a margin, not a sleep.

    After an interaction that reruns the script, prefer expect(...) on what the rerun should change: the rerun
    may not have started yet when this is called.
    """
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    expect(page.locator('[data-testid="stMain"]')).to_be_visible(timeout=timeout)
    expect(page.locator('[data-testid="stStatusWidgetRunningIcon"]')).to_have_count(0, timeout=timeout)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)


def wait_for_upload(page: Page, file_name: str, timeout: float = 30_000) -> None:
    """Waits until the file uploader holds `file_name` fully uploaded, as its chip shows it.

    Streamlit sends a dropped file to the server in a request of its own, and the widget's value follows
    only when that request is done: a button clicked earlier reruns the page without the file (its chip's
    delete button says « Cancel upload of … » until then, « Remove … » after; « Annuler l'envoi de … » and
    « Retirer … » on a French page).
    """
    done = page.locator('[data-testid="stFileChipDeleteBtn"]').get_by_role(
        "button", name=re.compile(rf"^(Remove|Retirer) {re.escape(file_name)}$"))
    expect(done).to_be_visible(timeout=timeout)


def folium_frame(page: Page, index: int = 0) -> FrameLocator:
    """The streamlit-folium map's iframe (the index-th one when a page shows several maps)."""
    return page.frame_locator(FOLIUM_IFRAME).nth(index) if index else page.frame_locator(FOLIUM_IFRAME)


def wait_for_map(page: Page, index: int = 0, timeout: float = 30_000) -> FrameLocator:
    """Waits until Leaflet has drawn the map (its tile pane) inside the streamlit-folium iframe; returns the frame."""
    frame = folium_frame(page, index)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=timeout)
    expect(frame.locator(".leaflet-tile-loaded").first).to_be_visible(timeout=timeout)
    return frame


def click_on_map(frame: FrameLocator, target: Locator) -> None:
    """Clicks a Leaflet object (marker, path, cluster) of a streamlit-folium map.

    Pressing the mouse focuses the map container (tabindex=0), which scrolls the Streamlit page to show it: when the
    map does not fit in the viewport, the object moves away between mousedown and mouseup and Leaflet sees no click.
    Focusing the container first makes that scroll happen before the click's position is taken, and the click
    waits until no zoom is being animated.
    """
    frame.locator(".leaflet-container").first.focus()
    wait_for_zoom_end(frame)
    target.click()


def wait_for_zoom_end(frame: FrameLocator) -> None:
    """Waits until Leaflet animates no zoom. It drops a click that lands during one (its first fit, a cluster
    opened: two CI runs of 2026-12-01 lost a click on a marker), and its markers move until it ends."""
    expect(frame.locator(".leaflet-zoom-anim")).to_have_count(0)  # Leaflet marks its map pane while it animates


def png_colour_count(path: Path, sample: int = 64) -> int:
    """How many distinct colours a PNG shows once shrunk to sample x sample: 1 for a blank picture."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").resize((sample, sample))
        return len(small.getcolors(maxcolors=sample * sample))


def assert_png_not_blank(path: Path, min_colours: int = 8) -> None:
    assert path.is_file() and path.stat().st_size > 0, f"no screenshot at {path}"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    colours = png_colour_count(path)
    assert colours >= min_colours, f"{path} looks blank: {colours} colour(s)"


# --- phones: touch, the page's own scrolling, geometry --------------------------------------------

PHONE = {"width": 390, "height": 844}


def main_scroll(page: Page) -> float:
    """How far Streamlit's main block (the page's scrolling element) is scrolled, in px."""
    return page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")


def scroll_main_to(page: Page, top: float) -> None:
    page.evaluate("(top) => { document.querySelector('[data-testid=\"stMain\"]').scrollTop = top; }", top)
    page.wait_for_timeout(200)


def swipe(page: Page, x: float, y: float, dy: float, fingers: int = 1, steps: int = 10) -> None:
    """A real touch swipe through Chrome DevTools (Input.dispatchTouchEvent): ``fingers`` touch at
    (x, y) (a second finger 60 px to the right) and move by ``dy`` px (negative: up, to scroll down)."""
    cdp = page.context.new_cdp_session(page)

    def points(offset: float) -> list[dict]:
        return [{"x": x + 60 * i, "y": y + offset, "id": i, "radiusX": 5, "radiusY": 5, "force": 1}
                for i in range(fingers)]

    try:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": points(0)})
        for step in range(1, steps + 1):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": points(dy * step / steps)})
            page.wait_for_timeout(16)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        cdp.detach()
    page.wait_for_timeout(700)  # scrolling and Leaflet's pan settle


def box(locator: Locator) -> dict:
    """Bounding box in the top page's coordinates (x, y, width, height), iframes included."""
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not displayed"
    return found


def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def inside(inner: dict, outer: dict, tolerance: float = 1.0) -> bool:
    return (inner["x"] >= outer["x"] - tolerance and inner["y"] >= outer["y"] - tolerance
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + tolerance
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + tolerance)
