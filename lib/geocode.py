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

import numpy as np
import pandas as pd
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import BANFrance, Nominatim

from lib.distinct import map_distinct
from lib.gazetteer import Gazetteer, Place, department_of_postcode, load_gazetteer, normalise_name

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
    department and region always come from the commune when it is known. The offline tier
    places every offer at once (``locate_communes``); only the online tier goes row by row.
    """
    gazetteer = gazetteer or load_gazetteer()
    placed = offers.copy()
    for column, dtype in (("latitude", "Float64"), ("longitude", "Float64")):
        placed[column] = placed[column].astype(dtype)
    if placed.empty:
        return placed
    text = {c: _texts(offers, c) for c in ("country", "city", "postcode", "department_code", "address")}
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
    columns = [[v if isinstance(v, str) else "" for v in values] for values in (cities, postcodes, departments)]
    codes, uniques = pd.factorize(pd.MultiIndex.from_arrays(columns))
    distinct = pd.DataFrame([[v or None for v in key] for key in uniques], columns=["city", "postcode", "department"],
                            dtype=object)
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
