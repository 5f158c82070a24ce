"""Placing offers on the map in two tiers, each result carrying its precision.

1. Offline: the gazetteer places a French postcode or commune at once, with no network.
2. Online, only where it adds something: a street address through geopy's ``BANFrance`` (the
   French national address API) and a place abroad through ``Nominatim``; rate-limited and
   cached on disk so each place is asked once. A failing service never stops anything: the
   offer stays at its commune and one message says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import BANFrance, Nominatim

from lib.gazetteer import Gazetteer, Place, load_gazetteer

USER_AGENT = "stages-participation-dashboard (https://github.com/)"
DEFAULT_CACHE = Path.home() / ".cache" / "stages-participation" / "geocode.json"


@dataclass
class OnlineGeocoder:
    """geopy's BAN and Nominatim clients behind one disk cache and one rate limit.

    ``ban_domain`` / ``nominatim_domain`` and ``scheme`` point the clients elsewhere, for
    instance at a local server in tests.
    """

    cache_path: Path = DEFAULT_CACHE
    ban_domain: str = "api-adresse.data.gouv.fr"
    nominatim_domain: str = "nominatim.openstreetmap.org"
    scheme: str = "https"
    timeout: float = 5.0
    min_delay_seconds: float = 1.0
    failures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._cache: dict[str, list[float] | None] = _read_cache(self.cache_path)
        ban = BANFrance(domain=self.ban_domain, scheme=self.scheme, timeout=self.timeout)
        osm = Nominatim(domain=self.nominatim_domain, scheme=self.scheme, timeout=self.timeout,
                        user_agent=USER_AGENT)
        self._ban = RateLimiter(ban.geocode, min_delay_seconds=self.min_delay_seconds, max_retries=0,
                                swallow_exceptions=False)
        self._osm = RateLimiter(osm.geocode, min_delay_seconds=self.min_delay_seconds, max_retries=0,
                                swallow_exceptions=False)

    def locate_address(self, query: str) -> tuple[float, float] | None:
        """Coordinates of a French street address, or None."""
        return self._ask("ban", query, self._ban)

    def locate_abroad(self, query: str) -> tuple[float, float] | None:
        """Coordinates of a place outside France, or None."""
        return self._ask("osm", query, self._osm)

    def _ask(self, service: str, query: str, geocode) -> tuple[float, float] | None:
        key = f"{service}:{query.strip().lower()}"
        if key in self._cache:
            cached = self._cache[key]
            return None if cached is None else (cached[0], cached[1])
        try:
            location = geocode(query)
            coords = None if location is None else (float(location.latitude), float(location.longitude))
        except (GeopyError, ValueError, TypeError, KeyError, OSError) as exc:
            # Not cached: a service that is down now may answer next time.
            self.failures.append(f"{query} : {type(exc).__name__}")
            return None
        self._cache[key] = None if coords is None else [coords[0], coords[1]]
        _write_cache(self.cache_path, self._cache)
        return coords


def _read_cache(path: Path) -> dict[str, list[float] | None]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_cache(path: Path, cache: dict[str, list[float] | None]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(cache, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only disk only costs a repeated question next time


def locate_offer(offer: pd.Series, gazetteer: Gazetteer, online: OnlineGeocoder | None = None) -> Place | None:
    """Best place for one offer: its street address online if possible, else its commune."""
    country = _text(offer.get("country")) or "FR"
    city, postcode = _text(offer.get("city")), _text(offer.get("postcode"))
    if country != "FR":
        if online is None:
            return None
        coords = online.locate_abroad(", ".join(p for p in (city, postcode, country) if p))
        return None if coords is None else Place(coords[0], coords[1], "commune", "", "", city, postcode)
    commune = gazetteer.locate(city, postcode, _text(offer.get("department_code")))
    address = _text(offer.get("address"))
    if online is not None and address and commune is not None and commune.precision == "commune":
        coords = online.locate_address(address)
        if coords is not None:
            return Place(coords[0], coords[1], "address", commune.department_code, commune.region,
                         commune.city, commune.postcode)
    return commune


def place_offers(offers: pd.DataFrame, gazetteer: Gazetteer | None = None,
                 online: OnlineGeocoder | None = None, overwrite: bool = False) -> pd.DataFrame:
    """Offers with coordinates, precision, department and region filled where missing.

    Coordinates already in the file are kept (they were reviewed) unless ``overwrite``;
    department and region always come from the commune when it is known.
    """
    gazetteer = gazetteer or load_gazetteer()
    placed = offers.copy()
    for column, dtype in (("latitude", "Float64"), ("longitude", "Float64")):
        placed[column] = placed[column].astype(dtype)
    for row, offer in offers.iterrows():
        has_coords = pd.notna(offer.get("latitude")) and pd.notna(offer.get("longitude"))
        needs_lookup = overwrite or not has_coords
        place = locate_offer(offer, gazetteer, online if needs_lookup else None)
        if place is None and not has_coords:
            continue
        if place is not None and place.department_code:
            placed.at[row, "department_code"] = place.department_code
            placed.at[row, "region"] = place.region
        if needs_lookup and place is not None:
            placed.at[row, "latitude"] = round(place.latitude, 5)
            placed.at[row, "longitude"] = round(place.longitude, 5)
            placed.at[row, "geo_precision"] = place.precision
        elif has_coords and pd.isna(offer.get("geo_precision")):
            placed.at[row, "geo_precision"] = place.precision if place else "commune"
    return placed


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None
