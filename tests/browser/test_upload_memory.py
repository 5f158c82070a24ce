"""Uploaded files on a real server (issue 10, item 4): four visitors each add a file in their own browser, then
close their tab; the server gives the memory back. Measured on the server process itself (its resident memory),
not on a model of it, with `streamlit run dashboard.py` driven by Chromium."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SERVER_PIDS, VIEWPORT
from tests.browser.helpers import wait_for_app

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "offers.csv"
SESSIONS = 4
COPIES = 1000  # of the 27 bundled offers: about 26 MB a file
MB = 1024 * 1024


def server_rss(url: str) -> int:
    """Resident memory of the server answering ``url``, in bytes."""
    with open(f"/proc/{SERVER_PIDS[url]}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def upload_files(tmp_path_factory) -> list[Path]:
    """Four different valid files: the bundled offers copied COPIES times, with ids of their own; and a small
    one, first, to warm the server up."""
    offers = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    folder = tmp_path_factory.mktemp("uploads")
    paths = []
    for session in range(SESSIONS + 1):
        copies = []
        for copy in range(COPIES + session if session else 20):
            frame = offers.copy()
            frame["offer_id"] = frame["offer_id"] + f"-s{session}c{copy}"
            copies.append(frame)
        path = folder / f"offres-{session}.csv"
        pd.concat(copies).to_csv(path, index=False)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def measured_server(streamlit_server) -> str:
    """A server of its own (its memory is what the test measures: no other test's sessions in it)."""
    return streamlit_server(ROOT / "dashboard.py", env={"OFFERS_CSV": str(DATA), "UPLOAD_BUDGET_MB": "2000"})


def open_data_page(browser, network, url):
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR", service_workers="block")
    context.set_default_timeout(120_000)
    network.install(context)
    page = context.new_page()
    page.goto(f"{url}/data")
    wait_for_app(page, timeout=120_000)
    return context, page


def upload(page, path: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    # The name is Markdown-escaped (invisible word joiners may sit in it): the message is found by its end.
    expect(page.get_by_text(re.compile(r"» ajoutées? pour cette session"))).to_be_visible(timeout=180_000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


@pytest.mark.browser
def test_four_sessions_upload_then_leave_and_the_memory_comes_back(browser, network, measured_server, upload_files):
    url = measured_server
    warm_up, *files = upload_files
    # A first visit with a small file loads the libraries, the bundled offers and every code path of an upload:
    # that memory is the server's own, kept whatever happens next.
    context, page = open_data_page(browser, network, url)
    upload(page, warm_up)
    context.close()
    time.sleep(2)
    before = server_rss(url)

    started = time.monotonic()
    contexts = []
    for path in files:
        context, page = open_data_page(browser, network, url)
        upload(page, path)
        contexts.append(context)
    loaded = server_rss(url)
    print(f"four uploads in {time.monotonic() - started:.0f} s")
    uploaded = sum(p.stat().st_size for p in files)
    # The measure means something: the four files are held while their tabs are open.
    assert loaded - before > uploaded, (before / MB, loaded / MB, uploaded / MB)

    for context in contexts:
        context.close()
    deadline = time.monotonic() + 90
    after = server_rss(url)
    while time.monotonic() < deadline and after - before > uploaded / 4:
        time.sleep(1)  # sessions end as their websockets close; polled, with a generous bound
        after = server_rss(url)
    print(f"server memory: {before / MB:.0f} MB before, {loaded / MB:.0f} MB with the four files "
          f"({uploaded / MB:.0f} MB uploaded), {after / MB:.0f} MB after the tabs closed")
    assert after - before <= uploaded / 4, (
        f"server: {before / MB:.0f} MB before, {loaded / MB:.0f} MB with four {uploaded / SESSIONS / MB:.0f} MB "
        f"files, {after / MB:.0f} MB after the tabs closed")
    assert network.unexpected == []
