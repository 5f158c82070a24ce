"""Offline gazetteer of French communes: a postcode or a commune name placed with no network.

Built once from La Poste's base of postal codes and Etalab's departments and regions
(``../shared/geo/``, Licence Ouverte 2.0) into the compact files under ``data/geo/``; each
commune's official name and legal population come from Etalab's ``communes.json`` (same package,
``@etalab/decoupage-administratif``, INSEE populations), kept apart in ``populations.csv.gz``: a
name shared by several communes (Saint-Denis, Montreuil) lists them most populous first.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
# Department codes (and postcodes) of France outside Europe: 97x overseas departments, 98 the
# Pacific collectivities (New Caledonia, French Polynesia, Wallis-et-Futuna).
OVERSEAS_PREFIXES = ("97", "98")
COMMUNES_FILE = GEO_DIR / "communes.csv.gz"
DEPARTMENTS_FILE = GEO_DIR / "departements.csv"
POPULATIONS_FILE = GEO_DIR / "populations.csv.gz"
# Etalab's kinds of commune that are places of their own (not the former communes merged into one).
_POPULATED_KINDS = ("commune-actuelle", "arrondissement-municipal")

# Cities split into arrondissements in La Poste's base, known by their own name too.
_CITIES_WITH_ARRONDISSEMENTS = {"75056": "PARIS", "69123": "LYON", "13055": "MARSEILLE"}


@dataclass(frozen=True)
class Place:
    """A located place; ``precision`` is address, commune or department."""

    latitude: float
    longitude: float
    precision: str
    department_code: str
    region: str
    city: str | None = None
    postcode: str | None = None


def normalise_name(name: str) -> str:
    """Commune name as La Poste writes it: upper case, no accents, no hyphens or apostrophes."""
    for char in "-'’.,()/":
        name = name.replace(char, " ")
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").upper()
    words = text.split()
    words = ["SAINT" if w == "ST" else "SAINTE" if w == "STE" else w for w in words]
    return " ".join(words)


def department_of(insee_code: str) -> str:
    """Department code of a commune's INSEE code (97x overseas, 2A/2B Corsica)."""
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


# --- building the compact derivative ---------------------------------------------------------

def build(shared_geo: Path, out_dir: Path = GEO_DIR) -> tuple[int, int]:
    """Write data/geo/ from ../shared/geo/; returns (communes, departments) written."""
    raw = pd.read_csv(shared_geo / "laposte_hexasmal.csv", sep=";", dtype=str, encoding="utf-8")
    raw.columns = ["insee", "name", "postcode", "line5", "label", "latitude", "longitude"]
    raw = raw.dropna(subset=["latitude", "longitude"])
    communes = (
        raw.groupby("insee", sort=True)
        .agg(
            name=("name", "first"),
            postcodes=("postcode", lambda s: " ".join(sorted(set(s)))),
            latitude=("latitude", lambda s: round(float(s.iloc[0]), 5)),
            longitude=("longitude", lambda s: round(float(s.iloc[0]), 5)),
        )
        .reset_index()
    )
    communes = pd.concat([communes, _whole_cities(communes)], ignore_index=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    with gzip.open(out_dir / "communes.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        communes.to_csv(fh, index=False)
    departments = json.loads((shared_geo / "departements.json").read_text(encoding="utf-8"))
    regions = {r["code"]: r["nom"] for r in json.loads((shared_geo / "regions.json").read_text("utf-8"))}
    table = pd.DataFrame(
        [
            {"code": d["code"], "name": d["nom"], "region_code": d["region"],
             "region": regions.get(d["region"], ""), "chef_lieu": d["chefLieu"]}
            for d in departments
        ]
    )
    table.to_csv(out_dir / "departements.csv", index=False)
    return len(communes), len(table)


def build_populations(communes_json: Path, out_dir: Path = GEO_DIR) -> int:
    """Write data/geo/populations.csv.gz (INSEE code, official name, legal population) from Etalab's
    ``communes.json`` (``npm pack @etalab/decoupage-administratif``, ``package/data/communes.json``);
    returns the number of communes written."""
    records = json.loads(Path(communes_json).read_text(encoding="utf-8"))
    table = pd.DataFrame(
        [{"insee": r["code"], "official_name": r["nom"], "population": r.get("population")}
         for r in records if r.get("type") in _POPULATED_KINDS]
    ).drop_duplicates("insee").sort_values("insee")
    table["population"] = table["population"].astype("Int64")
    out_dir.mkdir(parents=True, exist_ok=True)
    with gzip.open(out_dir / POPULATIONS_FILE.name, "wt", encoding="utf-8", newline="") as fh:
        table.to_csv(fh, index=False)
    return len(table)


def _whole_cities(communes: pd.DataFrame) -> pd.DataFrame:
    """Paris, Lyon and Marseille as one place each, at the mean of their arrondissements."""
    rows = []
    for insee, name in _CITIES_WITH_ARRONDISSEMENTS.items():
        parts = communes[communes["name"].str.match(rf"^{name} \d\d$")]
        rows.append({
            "insee": insee,
            "name": name,
            "postcodes": " ".join(sorted(set(" ".join(parts["postcodes"]).split()))),
            "latitude": round(parts["latitude"].mean(), 5),
            "longitude": round(parts["longitude"].mean(), 5),
        })
    return pd.DataFrame(rows)


# --- lookups ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Commune:
    """One commune a name or a postcode may mean, for the user to choose from."""

    insee: str
    name: str  # official spelling (« Saint-Denis »), La Poste's when Etalab has none
    department_code: str
    department_name: str
    population: int | None
    latitude: float
    longitude: float

@dataclass(frozen=True)
class Gazetteer:
    """Communes indexed by normalised name and by postcode."""

    communes: pd.DataFrame  # insee, name, postcodes, latitude, longitude, department_code
    departments: pd.DataFrame  # code, name, region_code, region, chef_lieu
    by_name: dict[str, tuple[int, ...]]
    by_postcode: dict[str, tuple[int, ...]]

    def region_of(self, department_code: str) -> str:
        match = self.departments.loc[self.departments["code"] == department_code, "region"]
        return str(match.iloc[0]) if len(match) else ""

    def department_name(self, department_code: str) -> str:
        match = self.departments.loc[self.departments["code"] == department_code, "name"]
        return str(match.iloc[0]) if len(match) else department_code

    def communes_named(self, name: str) -> list[Commune]:
        """Every commune of that name (accents, hyphens and « St » aside), most populous first."""
        return self._communes(self.by_name.get(normalise_name(name), ()))

    def communes_of_postcode(self, postcode: str) -> list[Commune]:
        """Every commune a postcode serves, most populous first."""
        return self._communes(self.by_postcode.get(postcode.replace(" ", ""), ()))

    def _communes(self, positions: tuple[int, ...]) -> list[Commune]:
        found = []
        for position in positions:
            row = self.communes.iloc[position]
            population = row.get("population")
            official = row.get("official_name")
            dept = str(row["department_code"])
            found.append(Commune(
                insee=str(row["insee"]),
                name=str(official) if isinstance(official, str) and official else str(row["name"]).title(),
                department_code=dept,
                department_name=self.department_name(dept),
                population=None if population is None or pd.isna(population) else int(population),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            ))
        return sorted(found, key=lambda c: (-(c.population or -1), c.insee))

    def _place(self, position: int, precision: str = "commune", postcode: str | None = None) -> Place:
        row = self.communes.iloc[position]
        dept = row["department_code"]
        return Place(
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            precision=precision,
            department_code=dept,
            region=self.region_of(dept),
            city=str(row["name"]),
            postcode=postcode,
        )

    def locate(self, city: str | None = None, postcode: str | None = None,
               department_code: str | None = None) -> Place | None:
        """The commune named by a postcode and/or a name; the department's chef-lieu, marked
        approximate, when only the department can be told; None when nothing matches."""
        postcode = (postcode or "").replace(" ", "") or None
        name = normalise_name(city) if city else None
        dept_hint = department_code or (department_of_postcode(postcode) if postcode else None)
        candidates: tuple[int, ...] = ()
        if postcode and postcode in self.by_postcode:
            candidates = self.by_postcode[postcode]
            if name:
                named = tuple(i for i in candidates if _same_commune(self.communes.iloc[i]["name"], name))
                candidates = named or candidates
        elif name and name in self.by_name:
            candidates = self.by_name[name]
            if dept_hint and len(candidates) > 1:
                candidates = tuple(i for i in candidates
                                   if self.communes.iloc[i]["department_code"] == dept_hint) or candidates
        if len(candidates) >= 1 and (len(candidates) == 1 or postcode):
            # Several communes share a postcode: the first (by INSEE code) stands for them all.
            return self._place(candidates[0], postcode=postcode)
        if dept_hint and dept_hint in set(self.departments["code"]):
            chef_lieu = self.departments.loc[self.departments["code"] == dept_hint, "chef_lieu"].iloc[0]
            positions = self.communes.index[self.communes["insee"] == chef_lieu]
            if len(positions):
                place = self._place(int(positions[0]), precision="department")
                return Place(place.latitude, place.longitude, "department", dept_hint,
                             self.region_of(dept_hint), None, None)
        return None


def _same_commune(official: str, wanted: str) -> bool:
    return official == wanted or official.startswith(wanted + " ")  # PARIS 11 for PARIS


def department_of_postcode(postcode: str) -> str | None:
    """Department a French postcode belongs to (20xxx splits Corsica at 20200); None if malformed."""
    if len(postcode) != 5 or not postcode.isdigit():
        return None
    if postcode.startswith("97"):
        return postcode[:3]
    if postcode.startswith("20"):
        return "2A" if postcode < "20200" else "2B"
    return postcode[:2]


@lru_cache(maxsize=2)
def load_gazetteer(geo_dir: Path = GEO_DIR) -> Gazetteer:
    """The gazetteer shipped under data/geo/ (read once per process: it never changes)."""
    communes = pd.read_csv(geo_dir / "communes.csv.gz", dtype={"insee": str, "postcodes": str})
    communes["department_code"] = communes["insee"].map(department_of)
    departments = pd.read_csv(geo_dir / "departements.csv", dtype=str)
    populations_file = geo_dir / POPULATIONS_FILE.name
    if populations_file.exists():
        populations = pd.read_csv(populations_file, dtype={"insee": str, "official_name": str},
                                  keep_default_na=False, na_values={"population": [""]})
        communes = communes.merge(populations, on="insee", how="left")
        communes["population"] = communes["population"].astype("Int64")
    by_name: dict[str, list[int]] = {}
    by_postcode: dict[str, list[int]] = {}
    for position, (name, postcodes) in enumerate(zip(communes["name"], communes["postcodes"], strict=True)):
        by_name.setdefault(name, []).append(position)
        if name in _CITIES_WITH_ARRONDISSEMENTS.values():
            continue  # a postcode names the arrondissement, not the whole city
        for code in str(postcodes).split():
            by_postcode.setdefault(code, []).append(position)
    return Gazetteer(
        communes=communes,
        departments=departments,
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_postcode={k: tuple(v) for k, v in by_postcode.items()},
    )
