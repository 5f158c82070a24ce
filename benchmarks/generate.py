"""Synthetic offers in the dataset's contract, for measuring the dashboard at scale.

Every column follows the distribution of the 27 real offers of ``data/offers.csv`` (organisation
types, contracts, stipend bases and amounts, durations, hours, remote work, perks, themes, notes),
widened a little so that every category of the contract appears. Places are real French communes
of ``data/geo/communes.csv.gz``, weighted towards the big cities; most rows carry the commune's
coordinates as a curated file does, some are left to the offline gazetteer, a few are placed at
their department only, a few are abroad or fully remote. The random generator is seeded.

    python -m benchmarks.generate                 # 1,000 / 10,000 / 100,000 / 1,000,000 rows in benchmarks/out/
    python -m benchmarks.generate --sizes 20000 --out /tmp/offers

Each size is written as CSV (``offers-N.csv``, the contract's file) and as Parquet (``offers-N.parquet``,
the same offers with numbers typed, as a user of that size would export them).
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from lib import categories as cat
from lib.gazetteer import load_gazetteer
from lib.schema import COLUMN_NAMES, COLUMNS

ROOT = Path(__file__).resolve().parent.parent
REAL_OFFERS = ROOT / "data" / "offers.csv"
OUT_DIR = Path(__file__).resolve().parent / "out"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
CHUNK_ROWS = 50_000
SEED = 20230301

# Approximate population (thousands) of the big cities: they draw most offers, as in reality.
BIG_CITIES = {
    "PARIS": 2100, "MARSEILLE": 870, "LYON": 520, "TOULOUSE": 500, "NICE": 340, "NANTES": 320,
    "MONTPELLIER": 300, "STRASBOURG": 290, "BORDEAUX": 260, "LILLE": 235, "RENNES": 220, "REIMS": 180,
    "TOULON": 180, "SAINT ETIENNE": 175, "LE HAVRE": 165, "GRENOBLE": 158, "DIJON": 160, "ANGERS": 155,
    "NIMES": 150, "VILLEURBANNE": 150, "CLERMONT FERRAND": 147, "AIX EN PROVENCE": 145, "LE MANS": 145,
    "BREST": 140, "TOURS": 137, "AMIENS": 134, "LIMOGES": 130, "ANNECY": 130, "PERPIGNAN": 120, "METZ": 120,
    "BESANCON": 117, "ORLEANS": 116, "ROUEN": 114, "MONTREUIL": 110, "CAEN": 108, "MULHOUSE": 108,
    "NANCY": 104, "POITIERS": 90, "AVIGNON": 90, "LA ROCHELLE": 78, "PAU": 75, "ARLES": 52, "BAYONNE": 52,
    "MERIGNAC": 72, "NANTERRE": 96, "VITRY SUR SEINE": 95, "CRETEIL": 92, "PESSAC": 65, "LORIENT": 57,
}
OTHER_COMMUNE_WEIGHT = 0.3  # thousands: the ~35,000 other communes share as many offers as the big cities
ABROAD = [  # (city, postcode, country, latitude, longitude)
    ("Rimouski", "G5L 3A1", "CA", 48.4489, -68.5232),
    ("Montréal", "H2X 1Y4", "CA", 45.5089, -73.5617),
    ("Bruxelles", "1000", "BE", 50.8467, 4.3525),
    ("Genève", "1204", "CH", 46.2044, 6.1432),
    ("Luxembourg", "L-1118", "LU", 49.6116, 6.1319),
]
ORGANISATIONS = {
    "local_authority": ["Ville de {city}", "Mairie de {city}", "{city} Métropole – service participation citoyenne",
                        "Communauté d'agglomération de {city}", "Conseil départemental ({dept})"],
    "public_body": ["Parc naturel régional {n}", "Agence de l'eau – délégation {city}", "SAGE {n}",
                    "Agence nationale de la cohésion des territoires (ANCT)", "CAUE {dept}"],
    "scop": ["{n} SCOP", "Coopérative {n}", "{n} – société coopérative"],
    "association": ["Association {n}", "{n} – collectif citoyen", "Maison des associations de {city}",
                    "Réseau {n}"],
    "consultancy": ["Cabinet {n}", "{n} Conseil", "Agence {n}", "{n} Concertation"],
    "company": ["{n}", "{n} SAS", "{n}.org"],
    "university": ["Université de {city} – laboratoire {n}", "Chaire {n}", "Institut {n} de {city}"],
}
NAME_PARTS = ["Tact", "Horizon", "Agora", "Civica", "Palabre", "Vox", "Trame", "Maillage", "Ecume", "Sillon",
              "Passerelle", "Déclic", "Boussole", "Conversation", "Forum", "Canopée", "Estuaire", "Relais", "Lien",
              "Kairos", "Ouvrage", "Tissage", "Quartiers", "Cité", "Terrain", "Atelier", "Vent d'Ouest",
              "Commun", "Racines", "Impulsion", "Marais", "Littoral", "Bocage", "Rivage", "Plateau"]
TITLES = ["Stage chargé.e de concertation", "Stage démocratie locale", "Assistant.e chef.fe de projet concertation",
          "Chargé.e de mission participation citoyenne", "Stage budget participatif",
          "Chargé.e d'étude stagiaire en concertation / participation citoyenne",
          "Consultant.e junior concertation (stage de fin d'études)", "Stagiaire communication vie citoyenne",
          "Stage animation des conseils de quartier", "Chargé.e de développement de la vie associative",
          "Stage évaluation d'un dispositif participatif", "Designer.euse de services publics participatifs",
          "Stage accompagnement d'un conseil de développement", "Chef.fe de projet junior – stratégies participatives"]
TITLE_TOPICS = {
    "local_democracy": "démocratie locale", "public_consultation": "concertation",
    "participatory_budget": "budget participatif", "urban_policy": "politique de la ville",
    "territorial_development": "projet de territoire", "climate": "transition climatique",
    "energy": "énergies renouvelables", "water": "gestion de l'eau", "biodiversity": "biodiversité",
    "associations": "vie associative", "communication": "communication", "design": "design des politiques",
    "digital": "civic tech", "social_impact": "mesure d'impact social", "research": "recherche-action",
}
STREETS = ["rue de la République", "place de l'Hôtel de Ville", "avenue Jean Jaurès", "rue Victor Hugo",
           "boulevard Pasteur", "rue des Écoles", "quai des Queyries", "place du Marché", "rue Nationale"]
UNKNOWN_PLACES = ["Lieu-dit Les Granges", "Hameau du Moulin", "Zone d'activités du Parc", "Tiers-lieu La Fabrique"]
MINOR_WORDS = {"EN", "SUR", "LE", "LA", "LES", "DE", "DU", "DES", "ET", "AUX", "AU", "SOUS", "LÈS"}
ELIDED = {"L", "D"}


def commune_name(official: str) -> str:
    """La Poste's upper-case name as people write it: « AIX EN PROVENCE » -> « Aix-en-Provence »."""
    words = re.sub(r" \d\d$", "", official).split()  # PARIS 15 -> Paris
    out = ""
    for i, word in enumerate(words):
        text = word.lower() if i and word in MINOR_WORDS else word.capitalize()
        if word in ELIDED and i + 1 < len(words):
            out += ("-" if out else "") + text + "'"
            continue
        out += text if not out or out.endswith("'") else "-" + text
    return out


def slug(text: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or "offre"


def _empirical(values: pd.Series, allowed: tuple[str, ...] = (), widen: float = 0.1) -> tuple[list, np.ndarray]:
    """Choices and probabilities of a column, blank included; ``widen`` of the mass spread over
    the allowed codes so that every category of the contract appears."""
    counts = values.fillna("").value_counts()
    choices = list(counts.index)
    weights = counts.to_numpy(dtype=float) / counts.sum() * (1 - widen if allowed else 1)
    if allowed:
        extra = dict(zip(choices, weights, strict=True))
        for code in allowed:
            extra[code] = extra.get(code, 0.0) + widen / len(allowed)
        choices, weights = list(extra), np.array(list(extra.values()))
    return choices, weights / weights.sum()


def _communes(rng: np.random.Generator):
    gaz = load_gazetteer()
    communes = gaz.communes
    # The whole-city rows of Paris, Lyon and Marseille stand for their arrondissements: draw these.
    drawable = communes[~communes["insee"].isin(["75056", "69123", "13055"])].reset_index(drop=True)
    base = drawable["name"].str.replace(r" \d\d$", "", regex=True)
    arrondissements = base.map(base.value_counts()).where(drawable["name"].str.contains(r" \d\d$"), 1)
    weights = base.map(BIG_CITIES).fillna(OTHER_COMMUNE_WEIGHT) / arrondissements
    regions = dict(zip(gaz.departments["code"], gaz.departments["region"], strict=True))
    return drawable, (weights / weights.sum()).to_numpy(), regions


def generate(n: int, seed: int = SEED) -> pd.DataFrame:
    """``n`` synthetic offers, every value a string as in the CSV file ('' for blank)."""
    chunks = list(generate_chunks(n, seed)) or [pd.DataFrame(columns=list(COLUMN_NAMES))]
    return pd.concat(chunks, ignore_index=True)


def generate_chunks(n: int, seed: int = SEED, chunk: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """The same offers as ``generate(n, seed)``, ``chunk`` rows at a time: every random draw is
    made for all ``n`` rows first (so the rows do not depend on ``chunk``), the rows are built
    chunk by chunk (a million rows as Python dicts would take several GB)."""
    rng = np.random.default_rng(seed)
    real = pd.read_csv(REAL_OFFERS, dtype=str, keep_default_na=False).replace("", None)
    communes, commune_p, regions = _communes(rng)

    def draw(column: str, allowed: tuple[str, ...] = (), widen: float = 0.1) -> np.ndarray:
        choices, p = _empirical(real[column], allowed, widen)
        return np.array(choices, dtype=object)[rng.choice(len(choices), size=n, p=p)]

    org_type = draw("org_type", tuple(cat.ORG_TYPES))
    contract = draw("contract", widen=0)
    basis = draw("stipend_basis", tuple(cat.STIPEND_BASES))
    remote = draw("remote", tuple(cat.REMOTE), widen=0.05)
    licence = draw("driving_licence", tuple(cat.DRIVING_LICENCE))
    evenings = draw("evening_weekend_work", tuple(cat.YES_NO))
    perks = draw("perks", tuple(cat.PERKS), widen=0.15)
    level = draw("level", widen=0)
    themes = draw("themes", tuple(cat.THEMES), widen=0.2)
    hours = draw("hours_per_week_max", ("35", "28", "24", "39"), widen=0.08)
    # A range of hours (« 28 et 35h/semaine ») as often as the real offers state one.
    hours_pairs = real[["hours_per_week_min", "hours_per_week_max"]].fillna("")
    ranged = rng.random(n) < float((hours_pairs.iloc[:, 0] != hours_pairs.iloc[:, 1]).mean())
    notes = draw("notes", widen=0)
    # Durations are drawn as (min, max) pairs, as the real offers state them.
    pairs = real[["duration_min_months", "duration_max_months"]].fillna("")
    picked = pairs.iloc[rng.integers(0, len(pairs), size=n)].to_numpy()
    duration_min, duration_max = picked[:, 0], picked[:, 1]
    years = rng.choice([2022, 2023, 2024, 2025], size=n, p=[0.15, 0.5, 0.15, 0.2])
    start_month = rng.choice(np.arange(1, 10), size=n, p=np.array([5, 6, 6, 3, 1, 1, 1, 1, 1]) / 25)
    has_start = rng.random(n) > 4 / 27
    has_deadline = rng.random(n) > 14 / 27
    deadline_lead = rng.integers(10, 80, size=n)
    has_url = rng.random(n) < 0.2
    has_address = rng.random(n) < 10 / 27
    # Places: most with coordinates, some for the gazetteer, a few approximate, abroad, remote.
    kind = rng.choice(["curated", "lookup", "department", "abroad", "remote"], size=n,
                      p=[0.80, 0.155, 0.02, 0.015, 0.01])
    commune_rows = rng.choice(len(communes), size=n, p=commune_p)
    postcode_pick = rng.random(n)
    name_pick = rng.integers(0, 1 << 30, size=n)
    monthly_jitter = rng.normal(0, 120, size=n)
    hourly_jitter = rng.normal(0, 0.35, size=n)
    hourly = rng.random(n) < 1 / 7

    explicit_monthly = [float(x) for x in real.loc[real["stipend_period"].eq("month"), "stipend_amount_eur"]]
    # Plain arrays: communes.iloc[i] per row was most of the time at a million rows.
    commune_names = communes["name"].to_numpy()
    commune_postcodes = communes["postcodes"].astype(str).to_numpy()
    commune_depts = communes["department_code"].to_numpy()
    commune_lat, commune_lon = communes["latitude"].to_numpy(), communes["longitude"].to_numpy()
    city_names: dict[str, str] = {}
    rows = []
    for i in range(n):
        c = commune_rows[i]
        if commune_names[c] not in city_names:
            city_names[commune_names[c]] = commune_name(commune_names[c])
        city = city_names[commune_names[c]]
        postcodes = commune_postcodes[c].split()
        postcode = postcodes[int(postcode_pick[i] * len(postcodes))]
        dept = commune_depts[c]
        row = dict.fromkeys(COLUMN_NAMES, "")
        row.update(city=city, postcode=postcode, country="FR")
        if kind[i] == "curated":
            row.update(department_code=dept, region=regions.get(dept, ""), latitude=f"{commune_lat[c]:.5f}",
                       longitude=f"{commune_lon[c]:.5f}", geo_precision="commune")
        elif kind[i] == "department":
            row.update(city=UNKNOWN_PLACES[i % len(UNKNOWN_PLACES)], postcode="", department_code=dept)
        elif kind[i] == "abroad":
            a_city, a_post, country, lat, lon = ABROAD[i % len(ABROAD)]
            row.update(city=a_city, postcode=a_post, country=country, latitude=f"{lat:.5f}",
                       longitude=f"{lon:.5f}", geo_precision="commune")
        elif kind[i] == "remote":
            row.update(city="", postcode="")
        if has_address[i] and kind[i] in ("curated", "lookup"):
            row["address"] = f"{1 + name_pick[i] % 120} {STREETS[name_pick[i] % len(STREETS)]}, {postcode} {city}"

        org = org_type[i]
        pattern = ORGANISATIONS[org][name_pick[i] % len(ORGANISATIONS[org])]
        name = NAME_PARTS[(name_pick[i] >> 4) % len(NAME_PARTS)]
        if (name_pick[i] >> 9) % 3 == 0:
            name += " " + NAME_PARTS[(name_pick[i] >> 12) % len(NAME_PARTS)]
        place_name = city or "Paris"
        organisation = pattern.format(city=place_name, dept=dept, n=name)
        codes = themes[i].split(";") if themes[i] else ["local_democracy"]
        title = TITLES[(name_pick[i] >> 15) % len(TITLES)]
        if (name_pick[i] >> 19) % 2:
            title += " – " + TITLE_TOPICS[codes[0]]
        is_civic = contract[i] == "civic_service"
        year = int(years[i])
        row.update(organisation=organisation, org_type=org, contract=contract[i], title=title,
                   remote="full" if kind[i] == "remote" else remote[i], driving_licence=licence[i],
                   evening_weekend_work=evenings[i], perks=perks[i], level="" if is_civic else level[i],
                   themes=themes[i], hours_per_week_max=hours[i], year=str(year), notes=notes[i],
                   hours_per_week_min="28" if ranged[i] and hours[i] == "35" else hours[i],
                   duration_min_months=duration_min[i], duration_max_months=duration_max[i])
        if is_civic and row["duration_min_months"] and float(row["duration_min_months"]) < 6:
            row.update(duration_min_months="6", duration_max_months="9")
        row["stipend_basis"] = basis[i]
        if basis[i] == "explicit":
            if is_civic:
                row.update(stipend_amount_eur="601", stipend_period="month")
            elif hourly[i]:
                row.update(stipend_amount_eur=f"{max(3.9, 4.35 + hourly_jitter[i]):.2f}", stipend_period="hour")
            else:
                base = explicit_monthly[name_pick[i] % len(explicit_monthly)]
                row.update(stipend_amount_eur=str(int(max(300, base + monthly_jitter[i]) // 10 * 10)),
                           stipend_period="month")
        if has_start[i]:
            row["start_earliest"] = f"{year}-{int(start_month[i]):02d}"
            if has_deadline[i]:
                start = pd.Timestamp(year=year, month=int(start_month[i]), day=1)
                row["application_deadline"] = (start - pd.Timedelta(days=int(deadline_lead[i]))).strftime("%Y-%m-%d")
        offer_id = f"{slug(organisation, 34)}-{slug(title, 28)}-{year}-{i:06d}"
        row["offer_id"] = offer_id
        if has_url[i]:
            row["url"] = f"https://offres.example.org/{offer_id}"
        row["source"] = f"synthetique_{seed}_{i:06d}.txt: {organisation} ({city or 'télétravail'}) – {title}"
        rows.append(row)
        if len(rows) == chunk or i == n - 1:
            yield pd.DataFrame(rows, columns=list(COLUMN_NAMES))
            rows = []


def write(frame: pd.DataFrame | Iterable[pd.DataFrame], path: Path) -> Path:
    """The offers as a CSV file; ``frame`` may be chunks of them (``generate_chunks``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    chunks = [frame] if isinstance(frame, pd.DataFrame) else frame
    partial = path.with_name(path.name + ".part")  # a file cut short by an interruption is never used
    with partial.open("w", encoding="utf-8", newline="") as out:
        for i, chunk in enumerate(chunks):
            chunk.to_csv(out, index=False, header=i == 0, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    partial.replace(path)
    return path


def parquet_schema() -> pa.Schema:
    """The contract's columns as a user exporting a data frame would type them: numbers as floats,
    years as integers, every other column as text; blank cells are nulls."""
    types = {"number": pa.float64(), "integer": pa.int64()}
    return pa.schema([(spec.name, types.get(spec.kind, pa.string())) for spec in COLUMNS])


def write_parquet(csv_path: Path, path: Path) -> Path:
    """The CSV file's offers as Parquet, read back in batches (memory stays flat at a million rows)."""
    schema = parquet_schema()
    partial = path.with_name(path.name + ".part")
    convert = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=True, quoted_strings_can_be_null=True)
    reader = pacsv.open_csv(csv_path, read_options=pacsv.ReadOptions(block_size=16 << 20), convert_options=convert)
    with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch)
    partial.replace(path)
    return path


def output_path(n: int, out_dir: Path = OUT_DIR, suffix: str = ".csv") -> Path:
    return out_dir / f"offers-{n}{suffix}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-parquet", action="store_true", help="CSV files only")
    args = parser.parse_args(argv)
    for n in args.sizes:
        path = write(generate_chunks(n, args.seed), output_path(n, args.out))
        print(f"{path} : {n} offres, {path.stat().st_size / 1e6:.1f} Mo", flush=True)
        if not args.no_parquet:
            parquet = write_parquet(path, output_path(n, args.out, ".parquet"))
            print(f"{parquet} : {n} offres, {parquet.stat().st_size / 1e6:.1f} Mo", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
