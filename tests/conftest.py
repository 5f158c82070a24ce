"""Shared fixtures: a clean Streamlit cache, the prepared bundled offers, small CSV files to
upload, and AppTest runs of the dashboard's pages.

Pages are opened through the entry point (``dashboard.py`` + ``switch_page``), the way the server
runs them; every path handed to AppTest is absolute (see ../shared/STYLE.md, Tests and pitfalls).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from lib.offers import prepare_offers
from lib.validation import load_offers
from tests.rows import TYPED_ROW, as_text

ROOT = Path(__file__).resolve().parent.parent
ENTRY_POINT = ROOT / "dashboard.py"
PAGES_DIR = ROOT / "pages"
BUNDLED_CSV = ROOT / "data" / "offers.csv"
TESTS_TODAY = "2026-11-29"  # every bundled deadline is past (the latest is 2024-12-18)
APPTEST_TIMEOUT = 60  # seconds; a first run imports pandas, plotly and folium

# The header of the bundled file is the data contract (data/README.md).
HEADER: list[str] = BUNDLED_CSV.read_text(encoding="utf-8").splitlines()[0].split(",")

# One valid offer, the way a user would type it; placed offline from city and postcode.
VALID_ROW: dict[str, str] = as_text(TYPED_ROW)


@pytest.fixture(scope="session")
def _prepared_copies(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prepared")


@pytest.fixture(autouse=True)
def _clean_streamlit_cache(monkeypatch, _prepared_copies):
    """st.cache_data outlives one AppTest: every test starts and ends with an empty cache, and
    with the bundled data file unless it sets OFFERS_CSV itself. "Today" is fixed (STAGES_TODAY),
    never the machine's clock: on TESTS_TODAY every bundled deadline is past, as for users now.
    Prepared copies of the bundled file (lib/prepared_cache.py) go to a folder of this test session,
    not the project's .cache/."""
    monkeypatch.delenv("OFFERS_CSV", raising=False)
    monkeypatch.setenv("STAGES_TODAY", TESTS_TODAY)
    monkeypatch.setenv("OFFERS_CACHE_DIR", str(_prepared_copies))
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture(scope="module")
def many_offers() -> pd.DataFrame:
    """6,000 synthetic offers (the benchmarks' generator, seed 11), republished pairs among them, with
    their status on 30 November 2026: the fast paths are checked against the plain ways on these
    (a module may define offers of its own under this name)."""
    from benchmarks.generate import generate
    from lib.deadlines import with_status

    raw = generate(6000, seed=11).to_csv(index=False).encode("utf-8")
    return with_status(prepare_offers(load_offers(raw).offers), date(2026, 11, 30))


@pytest.fixture(scope="session")
def _bundled_prepared() -> pd.DataFrame:
    return prepare_offers(load_offers(BUNDLED_CSV).offers)


@pytest.fixture
def prepared_offers(_bundled_prepared) -> pd.DataFrame:
    """The 27 bundled offers as the pages see them (a copy: a test may change it)."""
    return _bundled_prepared.copy()


def offers_csv_bytes(rows: Iterable[Mapping[str, str]], separator: str = ",") -> bytes:
    """A CSV file in the contract's format; each row is ``VALID_ROW`` updated with the mapping."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=separator, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        unknown = set(row) - set(HEADER)
        assert not unknown, f"not a column of the contract: {unknown}"
        writer.writerow({**VALID_ROW, **row})
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def make_offers_csv() -> Callable[..., bytes]:
    return offers_csv_bytes


@pytest.fixture
def offers_file(tmp_path, monkeypatch) -> Callable[..., Path]:
    """Write a CSV and point the dashboard's bundled file (OFFERS_CSV) at it."""

    def write(rows: Iterable[Mapping[str, str]] | bytes, name: str = "offers.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(rows if isinstance(rows, bytes) else offers_csv_bytes(rows))
        monkeypatch.setenv("OFFERS_CSV", str(path))
        return path

    return write


# --- AppTest -----------------------------------------------------------------------------------

def open_page(
    page: str | None = None,
    query_params: Mapping[str, str | list[str]] | None = None,
    session_state: Mapping[str, object] | None = None,
) -> AppTest:
    """Run the entry point on ``page`` (a file of pages/, None for the default page), as a browser
    opening ``/<page>?<query_params>``."""
    at = AppTest.from_file(str(ENTRY_POINT), default_timeout=APPTEST_TIMEOUT)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    for key, value in (session_state or {}).items():
        at.session_state[key] = value
    if page is not None:
        at.switch_page(str(PAGES_DIR / page))
    return at.run()


_COUNT = re.compile(r"^\*\*(\d+)\*\* (?:offres? sur|of) (\d+)")


def match_count(at: AppTest) -> tuple[int, int]:
    """(shown, total) from the « **N** offres sur T … » line, checked identical in the sidebar."""
    main = [m.value for m in at.main.markdown if _COUNT.match(m.value)]
    side = [m.value for m in at.sidebar.markdown if _COUNT.match(m.value)]
    assert main and side, "no match count on the page"
    assert main[0] == side[0], (main[0], side[0])
    shown, total = _COUNT.match(main[0]).groups()
    return int(shown), int(total)


def count_line(at: AppTest) -> str:
    return next(m.value for m in at.main.markdown if _COUNT.match(m.value))


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown text escaped by lib/escaping.markdown_text: backslashes
    before punctuation and invisible word joiners gone."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def table_with_column(at: AppTest, column: str) -> pd.DataFrame:
    """The first dataframe of the page that has ``column``."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


@pytest.fixture
def media_managers(monkeypatch) -> list[MediaFileManager]:
    """AppTest's media file managers (downloads), one per run."""
    managers: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, storage) -> None:
            super().__init__(storage)
            managers.append(self)

    monkeypatch.setattr(app_test_module, "MediaFileManager", Recording)
    return managers


def downloaded(at, managers, key: str) -> bytes:
    """What the download button gives when clicked: the server runs the deferred writer then."""
    button = next(b.proto for b in at.get("download_button") if b.proto.id.endswith(key))
    assert button.deferred_file_id, "the file is written on click, not at every run"
    url = managers[-1].execute_deferred(button.deferred_file_id)
    return managers[-1].read_file(url.rsplit("/", 1)[-1]).content


# --- the collection's databases (tests/databases.py): SQLite, and a real PostgreSQL server -------
from tests.databases import database_url, postgres_server  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _own_collection(monkeypatch, tmp_path):
    """Every test has a collection of its own (never data/collection.db), and no curator unless it
    configures one."""
    monkeypatch.setenv("COLLECTION_DATABASE_URL", f"sqlite:///{tmp_path / 'collection-of-test.db'}")
    for name in ("COLLECTION_LOCAL_CURATOR", "COLLECTION_CURATOR_PASSWORD_HASH"):
        monkeypatch.delenv(name, raising=False)
    yield
    st.cache_resource.clear()  # open connections, sign-ins and the attempt limiter of this test
