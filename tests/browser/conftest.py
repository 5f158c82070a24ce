"""Fixtures for real-Chromium tests: a Streamlit server per app, Debian's Chromium driven by Playwright, the CDNs
and map tiles served offline, screenshots under test-artifacts/screenshots/. See README.md beside this file."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path

import pytest

from tests.browser import offline

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SERVER_LOGS = ARTIFACTS / "streamlit-logs"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",  # a *_proxy variable must not send loopback or routed traffic anywhere
]
VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_TIMEOUT = 60.0  # seconds for /_stcore/health to answer
# Playwright actions and expect(); a first script run imports pandas, plotly, folium (30 s were not enough
# for the first page of a new server with eight test runs sharing two cores).
DEFAULT_TIMEOUT_MS = 60_000

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# Process id of the server answering each base URL (the server is the Python process itself), for tests that
# measure it.
SERVER_PIDS: dict[str, int] = {}

SERVER_TODAY = date(2026, 11, 29)  # the day the test servers live on (STAGES_TODAY)


def pytest_collection_modifyitems(items):
    """A test of this folder that drives Chromium is a browser test, marked or not (for `-m "not browser"`)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents and "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the item, so the page fixture can screenshot a failed test."""
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


# --- Streamlit server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with _NO_PROXY.open(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (it and its children), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start_streamlit(
    app_path: Path, env: Mapping[str, str] | None, cwd: Path, log_dir: Path, address: str | None = "127.0.0.1"
) -> tuple[str, subprocess.Popen]:
    """Starts `streamlit run app_path` on a free loopback port; returns (base URL, process) once healthy.

    ``address=None`` leaves Streamlit's default, as ``make run`` does: every interface ("::", IPv4 and IPv6)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    # A collection of its own unless the test names one: never the developer's data/collection.db.
    own_database = f"sqlite:///{tempfile.mkdtemp(prefix='collection-')}/collection.db"
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLLECTION_DATABASE_URL": own_database,
                # "Today" fixed, never the machine's clock: every bundled deadline is past on it.
                "STAGES_TODAY": SERVER_TODAY.isoformat(), **(env or {})}
    for attempt in range(3):  # a free port can be taken between _free_port() and Streamlit's bind
        port = _free_port()
        log_path = log_dir / f"{Path(app_path).stem}-{port}.log"
        command = [
            sys.executable, "-m", "streamlit", "run", str(app_path),
            "--server.headless", "true",
            "--server.port", str(port),
            *(("--server.address", address) if address else ()),
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            "--server.runOnSave", "false",
        ]  # fmt: skip
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command, cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            if _healthy(url):
                SERVER_PIDS[url] = process.pid
                return url, process
            time.sleep(0.1)  # bounded polling of the health endpoint
        _stop(process)
        log_text = _tail(log_path)
        if attempt < 2 and re.search(r"already in use", log_text, re.IGNORECASE):
            continue
        raise RuntimeError(
            f"Streamlit did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT:.0f} s "
            f"(exit code {process.returncode}); log {log_path}:\n{log_text}"
        )
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[Callable[..., str]]:
    """Factory: streamlit_server(app_path, env=None, cwd=ROOT) -> base URL such as "http://127.0.0.1:41234".

    One server per (app, env, cwd) for the whole session (per xdist worker): tests asking for the same app with the
    same environment share it. env is added to os.environ (e.g. {"OFFERS_CSV": str(csv_path)}); cwd defaults to the
    repository root so .streamlit/config.toml applies. Every server started is stopped at the end of the session;
    its output is in test-artifacts/streamlit-logs/.
    """
    servers: dict[tuple, tuple[str, subprocess.Popen]] = {}

    def start(app_path: str | os.PathLike, env: Mapping[str, str] | None = None, cwd: Path = ROOT) -> str:
        app = Path(app_path).resolve()
        key = (app, tuple(sorted((env or {}).items())), Path(cwd).resolve())
        known = servers.get(key)
        if known and known[1].poll() is None:
            return known[0]
        servers[key] = start_streamlit(app, env, Path(cwd), SERVER_LOGS)
        return servers[key][0]

    yield start
    for _url, process in servers.values():
        _stop(process)


# --- Offline assets ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def offline_assets() -> Path:
    """The npm files standing in for the CDNs: fetched by fetch_assets.sh if CI has not already done it."""
    if offline.missing_assets():
        result = subprocess.run(
            ["bash", str(offline.FETCH_SCRIPT)], capture_output=True, text=True, timeout=300, check=False
        )
        if result.returncode != 0 or offline.missing_assets():
            pytest.fail(
                f"offline assets missing {offline.missing_assets()}; run `bash {offline.FETCH_SCRIPT}`:\n"
                f"{result.stdout}\n{result.stderr}"
            )
    return offline.ASSETS_DIR


# --- Browser -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(offline_assets) -> Iterator:
    """Debian's Chromium, headless, launched once per session (per xdist worker)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `bash scripts/install-chromium.sh` (or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def network() -> offline.OfflineRouter:
    """What the test's browser context asked of the outside world: .served, .tiles, .missing, .blocked, .unexpected.

    Assert `network.unexpected == []` to prove no request escaped (none can: unknown ones are aborted)."""
    return offline.OfflineRouter()


@pytest.fixture
def context(browser, network) -> Iterator:
    """A fresh browser context (1400x1000, fr-FR) whose every non-loopback request goes through `network`,
    iframes included."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="fr-FR", timezone_id="Europe/Paris", service_workers="block")
    ctx.set_default_timeout(DEFAULT_TIMEOUT_MS)
    network.install(ctx)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, request) -> Iterator:
    """A page of `context`; a failed test leaves a full-page screenshot in test-artifacts/screenshots/."""
    from playwright.sync_api import expect

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    pg = context.new_page()
    yield pg
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed:
        try:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(SCREENSHOTS / f"{_safe_name(request.node.nodeid)}-FAILED.png"), full_page=True)
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"no failure screenshot: {error}", file=sys.stderr)


@pytest.fixture
def phone(browser, network, request) -> Iterator:
    """A page in a 390 x 844 touch-screen phone context (fr-FR), its requests through `network`."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                              has_touch=True, locale="fr-FR", timezone_id="Europe/Paris", service_workers="block")
    ctx.set_default_timeout(DEFAULT_TIMEOUT_MS)
    network.install(ctx)
    pg = ctx.new_page()
    yield pg
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed:
        try:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(SCREENSHOTS / f"{_safe_name(request.node.nodeid)}-FAILED.png"))
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"no failure screenshot: {error}", file=sys.stderr)
    ctx.close()


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[-150:]


@pytest.fixture
def screenshot(request) -> Callable[..., Path]:
    """screenshot(page_or_locator, name, full_page=False) -> Path of test-artifacts/screenshots/<test>-<name>.png."""

    def save(target, name: str, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{_safe_name(request.node.name)}-{_safe_name(name)}.png"
        from playwright.sync_api import Page

        if isinstance(target, Page):
            target.screenshot(path=str(path), full_page=full_page)
        else:  # a Locator
            target.screenshot(path=str(path))
        return path

    return save
