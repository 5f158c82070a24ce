"""The two geocoding tiers, the online one against a real local server on 127.0.0.1."""

import time

import pandas as pd
import pytest

from lib.geocode import OnlineGeocoder, place_offers
from tests.geo_server import FakeGeocodingServer

ANCT = "20 avenue de Ségur, 75007 Paris"
ANCT_COORDS = (48.8497, 2.3094)  # the avenue de Ségur, not the 7th arrondissement's centroid
RIMOUSKI_QUERY = "Rimouski, G5L 3A1, CA"
RIMOUSKI = (48.4489, -68.5232)


def offer(**values) -> dict:
    base = {"offer_id": "x", "country": "FR", "city": None, "postcode": None, "address": None,
            "department_code": None, "region": None, "latitude": None, "longitude": None, "geo_precision": None}
    base.update(values)
    return base


def frame(*rows) -> pd.DataFrame:
    df = pd.DataFrame(list(rows))
    for column in ("latitude", "longitude"):
        df[column] = df[column].astype("Float64")
    return df


@pytest.fixture()
def server():
    with FakeGeocodingServer({ANCT: ANCT_COORDS, RIMOUSKI_QUERY: RIMOUSKI}) as fake:
        yield fake


def geocoder(server, tmp_path, timeout=2.0, failure_ttl=600.0) -> OnlineGeocoder:
    return OnlineGeocoder(cache_path=tmp_path / "cache.json", ban_domain=server.domain,
                          nominatim_domain=server.domain, scheme="http", timeout=timeout, min_delay_seconds=0,
                          failure_ttl_seconds=failure_ttl)


def test_offline_tier_places_a_french_offer_at_its_commune_without_network():
    placed = place_offers(frame(offer(city="Arles", postcode="13200")))
    assert placed.loc[0, "geo_precision"] == "commune"
    assert (placed.loc[0, "department_code"], placed.loc[0, "region"]) == ("13", "Provence-Alpes-Côte d'Azur")
    assert placed.loc[0, "latitude"] == pytest.approx(43.5469, abs=1e-3)


def test_street_address_through_ban(server, tmp_path):
    placed = place_offers(frame(offer(city="Paris", postcode="75007", address=ANCT)), online=geocoder(server, tmp_path))
    assert placed.loc[0, "geo_precision"] == "address"
    assert (placed.loc[0, "latitude"], placed.loc[0, "longitude"]) == pytest.approx(ANCT_COORDS)
    assert placed.loc[0, "department_code"] == "75"
    assert server.requests[0][0].rstrip("/") == "/search"


def test_place_abroad_through_nominatim(server, tmp_path):
    placed = place_offers(frame(offer(country="CA", city="Rimouski", postcode="G5L 3A1")),
                          online=geocoder(server, tmp_path))
    assert (placed.loc[0, "latitude"], placed.loc[0, "longitude"]) == pytest.approx(RIMOUSKI)


def test_each_place_is_asked_once_thanks_to_the_disk_cache(server, tmp_path):
    rows = frame(offer(city="Paris", postcode="75007", address=ANCT))
    place_offers(rows, online=geocoder(server, tmp_path))
    place_offers(rows, online=geocoder(server, tmp_path))  # a new process would read the same file
    assert len(server.requests) == 1
    assert (tmp_path / "cache.json").exists()


@pytest.mark.parametrize("mode", ["slow", "garbage", "error"])
def test_failing_service_leaves_the_offer_at_its_commune(server, tmp_path, mode):
    server.mode = mode
    online = geocoder(server, tmp_path, timeout=0.5, failure_ttl=5.0)
    placed = place_offers(frame(offer(city="Paris", postcode="75007", address=ANCT),
                                offer(offer_id="y", city="Arles", postcode="13200", address="1 rue X, Arles")),
                          online=online)
    assert list(placed["geo_precision"]) == ["commune", "commune"]
    assert len(online.failures) == 2  # reported once per place, to be told to the user in one message
    server.mode = "ok"
    asked = len(server.requests)
    rows = frame(offer(city="Paris", postcode="75007", address=ANCT))
    # A failure is kept for a while: the next run does not ask again at once...
    soon = place_offers(rows, online=geocoder(server, tmp_path, failure_ttl=5.0))
    assert soon.loc[0, "geo_precision"] == "commune" and len(server.requests) == asked
    time.sleep(5.2)  # ...and asks again, and succeeds, once that while is over
    again = place_offers(rows, online=geocoder(server, tmp_path, failure_ttl=5.0))
    assert again.loc[0, "geo_precision"] == "address" and len(server.requests) == asked + 1


def test_unreachable_service(tmp_path):
    online = OnlineGeocoder(cache_path=tmp_path / "c.json", ban_domain="127.0.0.1:9", scheme="http", timeout=0.5,
                            min_delay_seconds=0)
    placed = place_offers(frame(offer(city="Nantes", postcode="44100", address="2 rue Meuris, 44100 Nantes")),
                          online=online)
    assert placed.loc[0, "geo_precision"] == "commune"
    assert online.failures


def test_reviewed_coordinates_are_kept():
    placed = place_offers(frame(offer(city="Arles", postcode="13200", latitude=43.6, longitude=4.6,
                                      geo_precision="address")))
    assert (placed.loc[0, "latitude"], placed.loc[0, "geo_precision"]) == (43.6, "address")
    assert placed.loc[0, "department_code"] == "13"  # derived even so
