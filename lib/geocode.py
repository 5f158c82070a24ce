"""Placing offers on the map in two tiers, each result carrying its precision.

1. Offline: the gazetteer places a French postcode or commune at once, with no network.
2. Online, only where it adds something and only when someone asked for it (the ``geocode``
   command, a button): a street address through geopy's ``BANFrance`` (the French national address
   API) and a place abroad through ``Nominatim``. Nominatim's usage policy allows one request a
   second for the whole application, with a User-Agent that identifies it: every OnlineGeocoder of
   the process, whatever the session, waits its turn on one limiter per service; answers are kept on
   disk (bounded), failures in memory for a while, so each place is asked once. A failing service
   never stops anything: the offer stays at its commune and one message says so.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lib.distinct import distinct_codes, map_distinct
from lib.files import FileProblem, read_limited, write_atomically
from lib.gazetteer import Gazetteer, Place, department_of_postcode, load_gazetteer, normalise_name
from lib.limits import (
    GEOCODER_CACHE_MAX_BYTES,
    GEOCODER_CACHE_MAX_ENTRIES,
    GEOCODER_FAILURE_TTL_SECONDS,
    GEOCODER_MAX_WAIT_SECONDS,
    GEOCODER_MIN_DELAY_SECONDS,
    GEOCODER_QUERY_MAX_CHARS,
)

# Who is asking, as Nominatim's policy requires: the application by name. A deployment adds its own address
# and contact with the GEOCODER_USER_AGENT environment variable (README, « Sécurité »).
USER_AGENT = "stages-participation-dashboard/0.1 (Streamlit dashboard of citizen-participation internships)"
DEFAULT_CACHE = Path.home() / ".cache" / "stages-participation" / "geocode.json"
# Where the app's geocoder looks (tests point them at a local server): services and cache file.
ENVIRONMENT = {"ban_domain": "GEOCODER_BAN_DOMAIN", "nominatim_domain": "GEOCODER_NOMINATIM_DOMAIN",
               "scheme": "GEOCODER_SCHEME", "cache_path": "GEOCODER_CACHE", "user_agent": "GEOCODER_USER_AGENT"}


def online_geocoder(timeout: float = 5.0) -> OnlineGeocoder:
    """The app's online geocoder: the public services, unless the environment names others."""
    settings: dict[str, object] = {}
    for name, variable in ENVIRONMENT.items():
        value = os.environ.get(variable)
        if value:
            settings[name] = Path(value) if name == "cache_path" else value
    return OnlineGeocoder(timeout=timeout, **settings)  # type: ignore[arg-type]


class _Limiter:
    """One request at a time per service for the whole process, ``delay`` seconds apart."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self, delay: float, max_wait: float) -> bool:
        """Wait for this request's turn; False (and no turn taken) when it is more than ``max_wait`` away."""
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next)
            if turn - now > max_wait:
                return False
            self._next = turn + delay
        if turn > now:
            time.sleep(turn - now)
        return True


_LIMITERS: dict[str, _Limiter] = {}
_LIMITERS_LOCK = threading.Lock()


def _limiter(domain: str) -> _Limiter:
    with _LIMITERS_LOCK:
        return _LIMITERS.setdefault(domain, _Limiter())


class _Answers:
    """The answers of one cache file, shared by every geocoder of the process: found places (or None)
    on disk, oldest first out beyond a number of entries and a file size; failures in memory only,
    each forgotten after its time to live."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.found: dict[str, list[float] | None] = _read_cache(path)
        self.failed: dict[str, float] = {}

    def get(self, key: str) -> tuple[bool, tuple[float, float] | None]:
        with self.lock:
            if key not in self.found:
                return False, None
            cached = self.found[key]
            return True, None if cached is None else (cached[0], cached[1])

    def failed_recently(self, key: str, ttl: float) -> bool:
        with self.lock:
            when = self.failed.get(key)
            if when is not None and time.monotonic() - when >= ttl:
                del self.failed[key]
                return False
            return when is not None

    def fail(self, key: str) -> None:
        with self.lock:
            self.failed[key] = time.monotonic()

    def put(self, key: str, coords: tuple[float, float] | None, max_entries: int, max_bytes: int) -> None:
        with self.lock:
            self.failed.pop(key, None)
            self.found.pop(key, None)
            self.found[key] = None if coords is None else [coords[0], coords[1]]
            while len(self.found) > max_entries:
                del self.found[next(iter(self.found))]
            text = _cache_text(self.found)
            while len(text.encode("utf-8")) > max_bytes and self.found:
                for _ in range(max(1, len(self.found) // 10)):  # a tenth at a time: the file shrinks fast
                    del self.found[next(iter(self.found))]
                text = _cache_text(self.found)
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(self.path, text.encode("utf-8"))
            except OSError:
                pass  # a read-only disk only costs a repeated question next time


_ANSWERS: dict[Path, _Answers] = {}
_ANSWERS_LOCK = threading.Lock()


def _answers(path: Path) -> _Answers:
    with _ANSWERS_LOCK:
        key = Path(path).resolve()
        if key not in _ANSWERS:
            _ANSWERS[key] = _Answers(key)
        return _ANSWERS[key]


@dataclass
class OnlineGeocoder:
    """geopy's BAN and Nominatim clients behind the process's cache and rate limit.

    ``ban_domain`` / ``nominatim_domain`` and ``scheme`` point the clients elsewhere, for
    instance at a local server in tests. ``failures`` lists what could not be asked or answered.
    """

    cache_path: Path = DEFAULT_CACHE
    ban_domain: str = "api-adresse.data.gouv.fr"
    nominatim_domain: str = "nominatim.openstreetmap.org"
    scheme: str = "https"
    timeout: float = 5.0
    min_delay_seconds: float = GEOCODER_MIN_DELAY_SECONDS
    failure_ttl_seconds: float = GEOCODER_FAILURE_TTL_SECONDS
    max_wait_seconds: float = GEOCODER_MAX_WAIT_SECONDS
    cache_max_entries: int = GEOCODER_CACHE_MAX_ENTRIES
    cache_max_bytes: int = GEOCODER_CACHE_MAX_BYTES
    user_agent: str = USER_AGENT
    failures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # geopy is imported by the one object that asks a service: importing it took 0.5–0.7 s of
        # every server's cold start, for pages that never geocode online.
        from geopy.geocoders import BANFrance, Nominatim

        self._answers = _answers(self.cache_path)
        self._ban = BANFrance(domain=self.ban_domain, scheme=self.scheme, timeout=self.timeout,
                              user_agent=self.user_agent)
        self._osm = Nominatim(domain=self.nominatim_domain, scheme=self.scheme, timeout=self.timeout,
                              user_agent=self.user_agent)

    def locate_address(self, query: str) -> tuple[float, float] | None:
        """Coordinates of a French street address, or None."""
        return self._ask("ban", query, self._ban.geocode, self.ban_domain)

    def locate_abroad(self, query: str) -> tuple[float, float] | None:
        """Coordinates of a place outside France, or None."""
        return self._ask("osm", query, self._osm.geocode, self.nominatim_domain)

    def _ask(self, service: str, query: str, geocode, domain: str) -> tuple[float, float] | None:
        from geopy.exc import GeopyError

        query = " ".join(query.split())
        key = f"{service}:{query.lower()}"
        known, coords = self._answers.get(key)
        if known:
            return coords
        if not query or len(query) > GEOCODER_QUERY_MAX_CHARS:
            return None  # no place is written that long: not sent anywhere
        if self._answers.failed_recently(key, self.failure_ttl_seconds):
            self.failures.append(f"{query} : échec récent, pas redemandé")
            return None
        if not _limiter(domain).wait(self.min_delay_seconds, self.max_wait_seconds):
            self.failures.append(f"{query} : service occupé")
            return None
        try:
            location = geocode(query)
            coords = None if location is None else (float(location.latitude), float(location.longitude))
        except (GeopyError, ValueError, TypeError, KeyError, OSError) as exc:
            # Kept for a while: a service that is down is not asked again at every page run.
            self._answers.fail(key)
            self.failures.append(f"{query} : {type(exc).__name__}")
            return None
        self._answers.put(key, coords, self.cache_max_entries, self.cache_max_bytes)
        return coords


def _read_cache(path: Path) -> dict[str, list[float] | None]:
    try:
        data = json.loads(read_limited(path, 2 * GEOCODER_CACHE_MAX_BYTES).decode("utf-8"))
    except (FileProblem, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items()
            if v is None or (isinstance(v, list) and len(v) == 2 and all(isinstance(x, int | float) for x in v))}


def _cache_text(cache: dict[str, list[float] | None]) -> str:
    return json.dumps(cache, ensure_ascii=False, indent=0)


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
    department and region always come from the commune when it is known. The offline tier
    places every offer at once (``locate_communes``); only the online tier goes row by row.
    """
    gazetteer = gazetteer or load_gazetteer()
    placed = offers.copy()
    for column, dtype in (("latitude", "Float64"), ("longitude", "Float64")):
        placed[column] = placed[column].astype(dtype)
    if placed.empty:
        return placed
    # The street address only serves the online tier: most of a file's distinct texts, left alone offline.
    text = {c: _texts(offers, c) for c in ("country", "city", "postcode", "department_code",
                                            *(("address",) if online is not None else ()))}
    has_coords = placed["latitude"].notna() & placed["longitude"].notna()
    needs_lookup = pd.Series(True, index=offers.index) if overwrite else ~has_coords
    french = text["country"].fillna("FR").eq("FR")
    places = locate_communes(text["city"].where(french), text["postcode"].where(french),
                             text["department_code"].where(french), gazetteer)
    if online is not None:
        _locate_online(places, text, french, needs_lookup, online)
    found = places["latitude"].notna()
    with_department = found & places["department_code"].fillna("").ne("")
    placed.loc[with_department, "department_code"] = places.loc[with_department, "department_code"]
    placed.loc[with_department, "region"] = places.loc[with_department, "region"]
    write = needs_lookup & found
    placed.loc[write, "latitude"] = places.loc[write, "latitude"].round(5)
    placed.loc[write, "longitude"] = places.loc[write, "longitude"].round(5)
    placed.loc[write, "geo_precision"] = places.loc[write, "precision"]
    missing_precision = ~write & has_coords & placed["geo_precision"].isna()
    placed.loc[missing_precision, "geo_precision"] = places.loc[missing_precision, "precision"].where(
        found[missing_precision], "commune")
    return placed


def _locate_online(places: pd.DataFrame, text: dict[str, pd.Series], french: pd.Series, needs_lookup: pd.Series,
                   online: OnlineGeocoder) -> None:
    """The online tier, in place: a street address refines a commune, a place abroad is asked for.

    Only the offers that need it are asked, one by one: the services are rate-limited anyway.
    """
    refine = needs_lookup & french & text["address"].notna() & places["precision"].eq("commune").fillna(False)
    for row in refine[refine].index:
        coords = online.locate_address(text["address"][row])
        if coords is not None:
            places.loc[row, ["latitude", "longitude", "precision"]] = [coords[0], coords[1], "address"]
    abroad = needs_lookup & ~french
    for row in abroad[abroad].index:
        parts = (text["city"][row], text["postcode"][row], text["country"][row])
        coords = online.locate_abroad(", ".join(p for p in parts if isinstance(p, str)))
        if coords is not None:
            places.loc[row, ["latitude", "longitude", "precision", "department_code", "region"]] = [
                coords[0], coords[1], "commune", "", ""]


_PLACE_COLUMNS = ("latitude", "longitude", "precision", "department_code", "region")


def locate_communes(cities: pd.Series, postcodes: pd.Series, departments: pd.Series,
                    gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """``Gazetteer.locate`` for many places at once: latitude, longitude, precision, department_code
    and region per row (all missing where nothing matches), with the same rules and results.

    Each distinct (city, postcode, department) is looked up once, by joins on the postcode and on
    the normalised name instead of row-by-row lookups.
    """
    gazetteer = gazetteer or load_gazetteer()
    inputs = pd.DataFrame({name: pd.Series(_text_or_none(values), dtype=object) for name, values in
                           (("city", cities), ("postcode", postcodes), ("department", departments))})
    codes, first = distinct_codes(inputs)
    distinct = inputs.iloc[first].reset_index(drop=True)
    located = _locate_distinct(distinct, gazetteer)
    out = located.iloc[codes].set_axis(cities.index) if len(codes) else located.iloc[:0].set_axis(cities.index)
    return out


def _locate_distinct(keys: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    communes = gazetteer.communes
    names = {city: normalise_name(city) for city in keys["city"].dropna().unique()}
    # Object columns: None stays None (pandas 3 would infer a string dtype holding NaN).
    postcodes = [None if p is None else (p.replace(" ", "") or None) for p in keys["postcode"]]
    keys = pd.DataFrame({
        "postcode": pd.Series(postcodes, dtype=object),
        "name": pd.Series([names[c] if c is not None else None for c in keys["city"]], dtype=object),
        "hint": pd.Series([d or (department_of_postcode(p) if p else None)
                           for d, p in zip(keys["department"], postcodes, strict=True)], dtype=object),
    })
    key_ids = np.arange(len(keys))
    chosen = np.full(len(keys), -1)
    # 1. A known postcode: its communes, narrowed to the one named when the name says which.
    by_postcode = np.array([p in gazetteer.by_postcode for p in keys["postcode"]], dtype=bool)
    if by_postcode.any():
        pairs = _candidates(key_ids[by_postcode], keys["postcode"].to_numpy()[by_postcode], gazetteer.by_postcode)
        wanted = keys["name"].to_numpy()[pairs["key"]]
        official = communes["name"].take(pairs["position"]).to_numpy()
        pairs["named"] = [bool(w) and (o == w or o.startswith(w + " ")) for o, w in zip(official, wanted, strict=True)]
        first = pairs.groupby("key", sort=False)["position"].first()
        named = pairs[pairs["named"]].groupby("key", sort=False)["position"].first()
        first.update(named)
        chosen[first.index.to_numpy()] = first.to_numpy()
    # 2. Otherwise a known name: unique, or narrowed by the department, or any one with a postcode.
    by_name = ~by_postcode & np.array([bool(n) and n in gazetteer.by_name for n in keys["name"]], dtype=bool)
    if by_name.any():
        pairs = _candidates(key_ids[by_name], keys["name"].to_numpy()[by_name], gazetteer.by_name)
        hint = keys["hint"].to_numpy()[pairs["key"]]
        pairs["in_hint"] = (communes["department_code"].take(pairs["position"]).to_numpy() == hint) & (hint != None)  # noqa: E711
        count = pairs.groupby("key", sort=False)["position"].transform("size")
        hinted = pairs.groupby("key", sort=False)["in_hint"].transform("any")
        narrowed = pairs[~((count > 1) & hinted & ~pairs["in_hint"]) | ~keys["hint"].notna().to_numpy()[pairs["key"]]]
        size = narrowed.groupby("key", sort=False)["position"].agg(["first", "size"])
        has_postcode = keys["postcode"].notna().to_numpy()[size.index.to_numpy()]
        usable = (size["size"].to_numpy() == 1) | has_postcode
        chosen[size.index.to_numpy()[usable]] = size["first"].to_numpy()[usable]
    result = pd.DataFrame({c: pd.Series(pd.NA, index=keys.index, dtype="object") for c in _PLACE_COLUMNS})
    matched = chosen >= 0
    if matched.any():
        rows = communes.iloc[chosen[matched]]
        result.loc[matched, "latitude"] = rows["latitude"].to_numpy()
        result.loc[matched, "longitude"] = rows["longitude"].to_numpy()
        result.loc[matched, "precision"] = "commune"
        result.loc[matched, "department_code"] = rows["department_code"].to_numpy()
    # 3. Otherwise the department's chef-lieu, marked approximate.
    chefs = gazetteer.departments.drop_duplicates("code").set_index("code")["chef_lieu"]
    hint = keys["hint"]
    fallback = ~matched & hint.isin(chefs.index).to_numpy()
    wanted = set(hint[fallback].map(chefs))
    where = communes.index[communes["insee"].isin(wanted)] if wanted else communes.index[:0]
    first_of_insee = pd.Series(where, index=communes["insee"].take(where).to_numpy())
    first_of_insee = first_of_insee[~first_of_insee.index.duplicated()]
    chef_positions = hint[fallback].map(chefs).map(first_of_insee)
    fallback[np.flatnonzero(fallback)[chef_positions.isna().to_numpy()]] = False
    if fallback.any():
        rows = communes.iloc[chef_positions.dropna().astype(int).to_numpy()]
        result.loc[fallback, "latitude"] = rows["latitude"].to_numpy()
        result.loc[fallback, "longitude"] = rows["longitude"].to_numpy()
        result.loc[fallback, "precision"] = "department"
        result.loc[fallback, "department_code"] = hint[fallback].to_numpy()
    regions = gazetteer.departments.drop_duplicates("code").set_index("code")["region"]
    located = result["department_code"].notna()
    result.loc[located, "region"] = result.loc[located, "department_code"].map(regions).fillna("")
    for column in ("latitude", "longitude"):
        result[column] = result[column].astype("Float64")
    return result


def _text_or_none(values: pd.Series) -> np.ndarray:
    """The values as objects, a non-empty text kept and anything else None; each distinct value
    looked at once (a column of 100,000 offers holds a few thousand)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object).to_numpy())
    kept = np.array([v if isinstance(v, str) and v else None for v in uniques] + [None], dtype=object)
    return kept[codes]


def _candidates(key_ids: np.ndarray, values: np.ndarray, index: dict[str, tuple[int, ...]]) -> pd.DataFrame:
    """(key, position) of every candidate commune, in the gazetteer's order within each key."""
    lists = [index[v] for v in values]
    lengths = np.fromiter((len(c) for c in lists), dtype=int, count=len(lists))
    positions = np.fromiter((p for c in lists for p in c), dtype=int, count=int(lengths.sum()))
    return pd.DataFrame({"key": np.repeat(key_ids, lengths), "position": positions})


def _texts(offers: pd.DataFrame, column: str) -> pd.Series:
    """A text column stripped, blanks as None; a missing column is all None."""
    if column not in offers.columns:
        return pd.Series(None, index=offers.index, dtype=object)
    return map_distinct(offers[column], _text)  # each distinct text stripped once


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None
