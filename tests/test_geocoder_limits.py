"""The online geocoder's manners (issue 10, item 10), against a real local HTTP server on 127.0.0.1 that counts
and times what it receives: one request a second for the whole process whatever the number of sessions and
geocoders, an identifying User-Agent, failures kept for a while, a bounded cache, and a page that asks online
only when the visitor presses its button."""

from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path

import pytest

from lib.geocode import USER_AGENT, OnlineGeocoder
from lib.limits import GEOCODER_MIN_DELAY_SECONDS, GEOCODER_QUERY_MAX_CHARS
from tests.conftest import open_page
from tests.geo_server import FakeGeocodingServer

ROOT = Path(__file__).resolve().parent.parent
PLACES = {f"Ville {i}, CA": (45.0 + i / 100, -73.0) for i in range(40)}
PLACES["Rimouski"] = (48.4489, -68.5232)


@pytest.fixture
def server():
    with FakeGeocodingServer(PLACES) as fake:
        yield fake


def geocoder(server, tmp_path, **options) -> OnlineGeocoder:
    return OnlineGeocoder(**{"cache_path": tmp_path / "cache.json", "ban_domain": server.domain,
                             "nominatim_domain": server.domain, "scheme": "http", "timeout": 5.0, **options})


def test_one_request_a_second_for_the_whole_process(server, tmp_path):
    """Three geocoders (three sessions), two threads each, all at once: the server sees one request a second."""
    geocoders = [geocoder(server, tmp_path / f"session{i}") for i in range(3)]
    for folder in range(3):
        (tmp_path / f"session{folder}").mkdir()
    found = []

    def ask(online: OnlineGeocoder, query: str) -> None:
        found.append(online.locate_abroad(query))

    threads = [threading.Thread(target=ask, args=(online, f"Ville {2 * i + j}, CA"))
               for i, online in enumerate(geocoders) for j in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(found) == 6 and None not in found
    times = sorted(when for when, _agent in server.arrivals)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # Measured where the requests arrive: a loaded machine delays some by a few tenths of a second, so the
    # bound is half the delay between two requests, and the whole run takes at least five delays. Without a
    # limit shared by the process, requests of different geocoders arrive together (gaps of a few ms).
    assert len(times) == 6, times
    assert min(gaps) >= GEOCODER_MIN_DELAY_SECONDS / 2, gaps
    assert times[-1] - times[0] >= 5 * GEOCODER_MIN_DELAY_SECONDS * 0.9, gaps


def test_every_request_says_who_is_asking(server, tmp_path):
    online = geocoder(server, tmp_path, min_delay_seconds=0)
    online.locate_abroad("Rimouski")
    online.locate_address("20 avenue de Ségur, 75007 Paris")
    agents = {agent for _when, agent in server.arrivals}
    assert agents == {USER_AGENT} and "stages-participation" in USER_AGENT and "geopy" not in USER_AGENT


def test_a_failure_is_not_asked_again_for_a_while(server, tmp_path):
    server.mode = "error"
    first = geocoder(server, tmp_path, min_delay_seconds=0, failure_ttl_seconds=600)
    assert first.locate_abroad("Rimouski") is None and first.failures
    for _ in range(3):  # other sessions, later page runs
        assert geocoder(server, tmp_path, min_delay_seconds=0).locate_abroad("Rimouski") is None
    assert len(server.requests) == 1


def test_the_cache_is_bounded_in_entries_and_size(server, tmp_path):
    online = geocoder(server, tmp_path, min_delay_seconds=0, cache_max_entries=5)
    for i in range(8):
        online.locate_abroad(f"Ville {i}, CA")
    kept = json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))
    assert list(kept) == [f"osm:ville {i}, ca" for i in range(3, 8)]  # the five latest
    small = geocoder(server, tmp_path / "small", min_delay_seconds=0, cache_max_bytes=300)
    (tmp_path / "small").mkdir()
    for i in range(20):
        small.locate_abroad(f"Ville {i}, CA")
    assert (tmp_path / "small" / "cache.json").stat().st_size <= 300
    assert "osm:ville 19, ca" in json.loads((tmp_path / "small" / "cache.json").read_text(encoding="utf-8"))


def test_a_text_longer_than_any_place_is_not_sent(server, tmp_path):
    online = geocoder(server, tmp_path, min_delay_seconds=0)
    assert online.locate_abroad("x" * (GEOCODER_QUERY_MAX_CHARS + 1)) is None
    assert server.requests == []


def test_a_lookup_that_would_wait_too_long_gives_up(server, tmp_path):
    busy = geocoder(server, tmp_path, min_delay_seconds=30, max_wait_seconds=1)
    assert busy.locate_abroad("Ville 1, CA") is not None  # the first one is served at once
    assert busy.locate_abroad("Ville 2, CA") is None and "service occupé" in busy.failures[-1]
    assert len(server.requests) == 1


# --- the compare page ------------------------------------------------------------------------------

@pytest.fixture
def page_geocoder(server, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOCODER_NOMINATIM_DOMAIN", server.domain)
    monkeypatch.setenv("GEOCODER_BAN_DOMAIN", server.domain)
    monkeypatch.setenv("GEOCODER_SCHEME", "http")
    monkeypatch.setenv("GEOCODER_CACHE", str(tmp_path / "page-cache.json"))
    return server


def compare_link(city: str):
    import pandas as pd

    ids = pd.read_csv(ROOT / "data" / "offers.csv", dtype=str)["offer_id"].head(2).tolist()
    return open_page("compare.py", query_params={"cmp": ids, "from": city})


def test_a_link_alone_looks_places_up_offline_only(page_geocoder):
    at = compare_link("Rimouski")
    assert not at.exception
    assert page_geocoder.requests == []  # a crafted link cannot make the server call a geocoder
    assert any("Ville introuvable" in w.value for w in at.warning)
    at.button(key="compare_online").click().run()  # the visitor asks
    assert len(page_geocoder.requests) == 1
    assert any("Rimouski" in c.value for c in at.caption)
    assert not at.warning
    at.run()  # later runs use the answer kept for the session
    at.text_input(key="from").set_value("Lyon").run()  # a French commune: offline
    at.text_input(key="from").set_value("Rimouski").run()
    assert len(page_geocoder.requests) == 1


def test_a_french_commune_in_a_link_needs_no_button(page_geocoder):
    at = compare_link("Lyon")
    assert not at.exception and not at.warning and page_geocoder.requests == []
    assert not [b for b in at.button if b.key == "compare_online"]
