"""Side-by-side comparison of a few offers, and their distance from a city the user names."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib import categories as cat
from lib import deadlines, rates
from lib import formatting as fmt
from lib.escaping import markdown_text
from lib.gazetteer import OVERSEAS_PREFIXES, Commune, Gazetteer, load_gazetteer
from lib.geocode import OnlineGeocoder
from lib.i18n import t
from lib.membership import is_in
from lib.offers import localised
from lib.republication import REPUBLICATION_OF, REPUBLISHED_AS, republication_text
from lib.stipend import LOWER_BOUND_BASES, total_stipend

MAX_COMPARED = 4
# Offers the picker lists: its options are sent to the browser at every run (100,000 labels weigh
# 8 MB), and nobody scrolls through more; the sidebar's search and filters narrow them.
MAX_CHOICES = 1000
_REMOTE_RANK = {"full": 2, "partial": 1, "none": 0}
_LICENCE_RANK = {"no": 2, "recommended": 1, "required": 0}


def choices(offers: pd.DataFrame, filtered: pd.DataFrame, picked: list[str],
            limit: int = MAX_CHOICES) -> dict[str, str]:
    """The offers the picker lists, id -> « organisation — title »: those already picked, whatever
    the filters (so a shared comparison survives them), then the first filtered ones, ``limit`` in all."""
    named = ["offer_id", "organisation", "title"]  # not every column of 100,000 offers: 0.1 s
    chosen = offers.loc[is_in(offers["offer_id"], picked), named]
    rest = np.flatnonzero(~is_in(filtered["offer_id"], picked))[:max(limit - len(chosen), 0)]
    listed = pd.concat([chosen, filtered[named].iloc[rest]])
    return dict(zip(listed["offer_id"], listed["organisation"] + " — " + listed["title"], strict=True))


@dataclass(frozen=True)
class Origin:
    """A place the user typed, resolved to coordinates."""

    name: str
    latitude: float
    longitude: float
    how: str  # "gazetteer" or "online"
    key: str = ""  # the commune's INSEE code, what a choice between namesakes keeps in the URL


def city_candidates(query: str, gazetteer: Gazetteer | None = None) -> list[Origin]:
    """Every commune the user may mean, offline, the likeliest first (the one meant unless the user
    picks another): all the communes of a name (« Saint-Denis »: Seine-Saint-Denis, La Réunion,
    Aude, Gard) or of a postcode. Each is named with its department so that the user can tell them
    apart.

    The likeliest is the most populous, except that a commune of metropolitan France (mainland and
    Corsica, where nearly every offer and visitor is) comes before an overseas one unless that one
    is more than ``OVERSEAS_LIKELIHOOD`` times as populous: « Saint-Denis » alone is the one by Paris
    (149,077 inhabitants), not La Réunion's prefecture (155,634, 9,000 km away); « Le Port » is still
    La Réunion's town, not a village of the Ariège. Without populations, metropolitan France first."""
    query = query.strip()
    if not query:
        return []
    gazetteer = gazetteer or load_gazetteer()
    compact = query.replace(" ", "")
    by_postcode = compact.isdigit()
    communes = gazetteer.communes_of_postcode(compact) if by_postcode else gazetteer.communes_named(query)
    communes = sorted(communes, key=_likelihood)  # stable: the gazetteer's order between equals

    def name(commune) -> str:
        if len(communes) > 1:
            return f"{commune.name} ({commune.department_code}, {commune.department_name})"
        return f"{commune.name} ({compact})" if by_postcode else commune.name

    return [Origin(name(c), c.latitude, c.longitude, "gazetteer", c.insee) for c in communes]


# How many times as populous an overseas commune must be to come before a metropolitan namesake.
OVERSEAS_LIKELIHOOD = 10


def _likelihood(commune: Commune) -> tuple[float, int]:
    """Sort key of a commune among namesakes, likeliest first."""
    overseas = commune.department_code.startswith(OVERSEAS_PREFIXES)
    return -(commune.population or 0) / (OVERSEAS_LIKELIHOOD if overseas else 1), int(overseas)


def resolve_city(query: str, gazetteer: Gazetteer | None = None, online: OnlineGeocoder | None = None,
                 choice: str | None = None) -> Origin | None:
    """The place the user means: the commune ``choice`` (an INSEE code) among the offline
    candidates, else the likeliest of them (``city_candidates``); geopy online only when the gazetteer has no
    candidate (a place abroad)."""
    candidates = city_candidates(query, gazetteer)
    if candidates:
        return next((c for c in candidates if c.key == choice), candidates[0])
    query = query.strip()
    if query and online is not None:
        coords = online.locate_abroad(query)
        if coords is not None:
            return Origin(query, coords[0], coords[1], "online")
    return None


def origin_caption(origin: Origin, candidates: list[Origin], lang: str = "fr") -> str:
    """What the page says of the place distances are measured from, as Markdown: « Distances à vol
    d'oiseau depuis Saint-Denis (93, Seine-Saint-Denis). » and, when other communes bear the name,
    which ones, so that a user who meant another sees it and picks it. Names are escaped (a
    link's ``from`` is typed by anyone)."""
    text = t("compare_city_found", lang, city=markdown_text(origin.name))
    others = [c.name for c in candidates if c.key != origin.key] if origin.how == "gazetteer" else []
    if others:
        text += " " + t("compare_city_others", lang, others=markdown_text(", ".join(others)))
    return text


def distances_km(offers: pd.DataFrame, origin: Origin) -> pd.Series:
    """Distance in km on the WGS84 ellipsoid from the origin to each located offer (NA otherwise),
    for every offer at once: Lambert's formula, within metres of geopy's ``geodesic`` (a test
    compares them) at a thousandth of its cost, so that a distance filter over 100,000 offers
    holds in a page run."""
    if offers.empty:
        return pd.Series(dtype="Float64", index=offers.index)
    latitude = pd.to_numeric(offers["latitude"], errors="coerce").to_numpy(dtype=float)
    longitude = pd.to_numeric(offers["longitude"], errors="coerce").to_numpy(dtype=float)
    km = _lambert_km(origin.latitude, origin.longitude, latitude, longitude)
    return pd.Series(np.round(km, 1), index=offers.index, dtype="Float64")


_WGS84_A = 6378137.0
_WGS84_F = 1 / 298.257223563


def _lambert_km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Lambert's formula for long lines (ellipsoidal correction of the central angle); NaN in, NaN out."""
    beta1 = np.arctan((1 - _WGS84_F) * np.tan(np.radians(lat1)))
    beta2 = np.arctan((1 - _WGS84_F) * np.tan(np.radians(lat2)))
    dlon = np.radians(lon2 - lon1)
    h = np.sin((beta2 - beta1) / 2) ** 2 + np.cos(beta1) * np.cos(beta2) * np.sin(dlon / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    p, q = (beta1 + beta2) / 2, (beta2 - beta1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * np.sin(p) ** 2 * np.cos(q) ** 2 / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * np.cos(p) ** 2 * np.sin(q) ** 2 / np.sin(sigma / 2) ** 2
        metres = _WGS84_A * (sigma - _WGS84_F / 2 * (x + y))
    return np.where(sigma == 0, 0.0, metres) / 1000


def distance_text(km: object, approximate: object, lang: str = "fr") -> str:
    """« 12 km », « ≈ 120 km (lieu approximatif) » for an offer placed at its department's seat,
    « — » when the offer has no place."""
    if km is None or pd.isna(km):
        return "—"
    text = f"{fmt.number(round(float(km)), lang)} km"
    return f"≈ {text} ({t('approximate', lang)})" if approximate is True or approximate == 1 else text


Interval = tuple[float, float]  # what a value certainly lies within: (x, x) when known exactly


def comparison_table(offers: pd.DataFrame, lang: str = "fr", origin: Origin | None = None) -> tuple[pd.DataFrame,
                                                                                                     pd.DataFrame]:
    """(text table, best mask): one row per condition, one column per offer; a row no offer states
    is left out.

    The mask marks, in each row where "best" means something, the cell(s) certainly best, like
    compared with like (``BEST_RULES``): a stipend by how far it is above the legal minimum of its
    own year (the 2023 minimum is no better than 2022's), the total over the duration between
    offers of one contract and year, perks only when one offer has all the others' and more.
    In every row, an offer whose value is unknown (« — ») leaves the row with no best: the unknown
    value might be the best one (``best_of``).
    """
    offers = offers.head(MAX_COMPARED)
    columns = _unique([o if len(o) <= 40 else o[:39] + "…" for o in offers["organisation"].astype(str)])
    rows: list[tuple[str, list[str], list[Interval | None] | None]] = [
        (t("title", lang), offers["title"].tolist(), None),
        (t("organisation", lang), offers["organisation"].tolist(), None),
        (t("org_type", lang), [cat.label(cat.ORG_TYPES, v, lang) for v in offers["org_type"]], None),
        (t("contract", lang), [cat.label(cat.CONTRACTS, v, lang) for v in offers["contract"]], None),
        (t("place", lang), offers[localised("place_text", lang)].tolist(), None),
        (t("stipend", lang), offers[localised("stipend_text", lang)].tolist(), None),
        (t("stipend_monthly", lang),
         [_monthly_text(m, s, c, lang, b) for m, s, c, b in zip(offers["stipend_monthly_eur"],
                                                                 offers["stipend_status"], offers["contract"],
                                                                 offers["stipend_basis"], strict=True)],
         stipend_scores(offers)),
        (t("stipend_total", lang), [_total_text(*_totals(o), lang) for o in offers.itertuples(index=False)],
         total_scores(offers)),
        (t("duration", lang), [fmt.months_range(a, b, lang) for a, b in zip(offers["duration_min_months"],
                                                                            offers["duration_max_months"],
                                                                            strict=True)], None),
        (t("start", lang), [fmt.month(v, lang) for v in offers["start_earliest"]], None),
        (t("deadline", lang), [fmt.day(v, lang) for v in offers["application_deadline"]], None),
        (t("status", lang), deadlines.status_texts(offers, lang).tolist(), None),
        (t("hours", lang), [fmt.hours_range(a, b, lang) for a, b in zip(offers["hours_per_week_min"],
                                                                        offers["hours_per_week_max"], strict=True)],
         None),
        (t("remote", lang), [cat.label(cat.REMOTE, v, lang) if isinstance(v, str) else "—" for v in offers["remote"]],
         _ranks(offers["remote"], _REMOTE_RANK)),
        (t("driving_licence", lang),
         [cat.label(cat.DRIVING_LICENCE, v, lang) if isinstance(v, str) else "—" for v in offers["driving_licence"]],
         _ranks(offers["driving_licence"], _LICENCE_RANK)),
        (t("evening_weekend", lang),
         [cat.label(cat.YES_NO, v, lang) if isinstance(v, str) else "—" for v in offers["evening_weekend_work"]],
         None),
        (t("perks", lang), [fmt.codes(v, cat.PERKS, lang) for v in offers["perks"]], None),
        (t("level", lang), [fmt.codes(v, cat.LEVELS, lang) for v in offers["level"]], None),
    ]
    if REPUBLICATION_OF in offers.columns:
        links = [republication_text(a, b, lang) for a, b in zip(offers[REPUBLICATION_OF], offers[REPUBLISHED_AS],
                                                                 strict=True)]
        if any(links):
            rows.append((t("republication", lang), [link or "—" for link in links], None))
    if origin is not None:
        km = distances_km(offers, origin)
        rows.append((t("distance", lang, city=origin.name),
                     [distance_text(v, a, lang) for v, a in zip(km, offers["approximate_place"], strict=True)],
                     [None if pd.isna(v) else (-float(v), -float(v)) for v in km]))
    rows = [row for row in rows if any(value not in ("—", "") for value in row[1])]  # no empty row
    table = pd.DataFrame([values for _, values, _ in rows], index=[name for name, _, _ in rows], columns=columns)
    best = pd.DataFrame(False, index=table.index, columns=columns)
    for name, _values, scores in rows:
        if scores is not None:
            best.loc[name] = best_of(scores)
    perks = t("perks", lang)
    if perks in best.index:
        best.loc[perks] = best_perks(offers["perks"])
    return table, best


def best_of(scores: list[Interval | None]) -> list[bool]:
    """Which values are certainly the best: no other can be higher (its interval's top is at most
    this one's bottom) and at least one is lower. An unknown value (None) could be anything, so
    while one offer's value is unknown no other is certainly the best: nothing is marked, as a
    careers advisor would not call « no licence needed » the best when another posting does not
    say. With fewer than two values, or all equal, nothing is best either."""
    known = [(i, s) for i, s in enumerate(scores) if s is not None]
    flags = [False] * len(scores)
    if len(known) < 2 or len(known) < len(scores):
        return flags
    for i, (low, _high) in known:
        others = [s for j, s in known if j != i]
        if all(low >= other_high for _other_low, other_high in others) and any(
                low > other_low for other_low, _other_high in others):
            flags[i] = True
    return flags


def best_perks(perks: pd.Series) -> list[bool]:
    """Perks are not counted (a canteen is not worth a housing allowance): an offer's perks are
    best only when they include every other offer's perks, and more. A posting that states no
    perk (« — ») does not say it has none: as in every row, an unknown value leaves no best."""
    sets = [set(str(v).split(";")) - {""} if isinstance(v, str) else set() for v in perks]
    if not all(sets):
        return [False] * len(sets)
    return [all(other <= mine for j, other in enumerate(sets) if j != i)
            and any(other < mine for j, other in enumerate(sets) if j != i)
            for i, mine in enumerate(sets)]


def _reference(contract: str, year) -> float | None:
    """The legal floor an offer's monthly pay is measured from: the internship minimum of its year
    (35 h) or the service civique allowance of its year."""
    if year is None or pd.isna(year):
        return None
    if contract == "civic_service":
        return rates.CIVIC_SERVICE_MONTHLY_EUR.get(int(year))
    return rates.legal_minimum_monthly(int(year))


def stipend_scores(offers: pd.DataFrame) -> list[Interval | None] | None:
    """How far each monthly stipend is above the legal floor of its own year, as an interval:
    « gratification légale » is exactly at it, « supérieure au minimum » somewhere above it, a
    stated amount exactly known. None (nothing highlighted) when internships and civic services are
    mixed: a gratification and an allowance are not compared."""
    if offers["contract"].nunique() > 1:
        return None
    scores: list[Interval | None] = []
    for offer in offers.itertuples(index=False):
        floor = offer.legal_minimum_monthly_eur if offer.contract == "internship" else _reference(
            offer.contract, offer.year)
        floor = None if floor is None or pd.isna(floor) else float(floor)
        if offer.stipend_status == "estimated":
            scores.append((0.0, 0.0))
        elif offer.stipend_status == "lower_bound":
            # « Supérieure au minimum »: above it, by an unknown amount.
            scores.append((0.01 if offer.stipend_basis == "above_legal_minimum" else 0.0, float("inf")))
        elif offer.stipend_status in ("stated", "computed") and floor is not None:
            excess = float(offer.stipend_monthly_eur) - floor
            scores.append((excess, excess))
        else:
            scores.append(None)
    return scores


def _totals(offer) -> tuple[float | None, float | None]:
    # From the monthly amount as the table writes it, in whole euros: « 592 € » over 6 months must read
    # « 3 552 € », which a reader can check, not the 3 549 € of the unrounded 591,50 €.
    shown = fmt.monthly_shown(offer.stipend_monthly_eur)
    return (total_stipend(shown, offer.duration_low), total_stipend(shown, offer.duration_high))


def total_scores(offers: pd.DataFrame) -> list[Interval | None] | None:
    """The stipend over the whole duration, compared only between offers of one contract and one
    year (the same legal rules); a duration « 4 à 6 mois » makes it an interval."""
    if offers["contract"].nunique() > 1 or offers["year"].nunique(dropna=False) > 1:
        return None
    scores: list[Interval | None] = []
    for offer in offers.itertuples(index=False):
        low, high = _totals(offer)
        if low is None or high is None:
            scores.append(None)
        elif offer.stipend_status == "lower_bound":
            scores.append((low, float("inf")))
        else:
            scores.append((low, high))
    return scores


def _ranks(values: pd.Series, ranks: dict[str, int]) -> list[Interval | None]:
    return [(float(ranks[v]), float(ranks[v])) if isinstance(v, str) and v in ranks else None for v in values]


def _unique(names: list[str]) -> list[str]:
    """Column headers, numbered when two offers share an organisation."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _monthly_text(monthly, status: str, contract: str, lang: str, basis: str | None = None) -> str:
    if monthly is None or pd.isna(monthly):
        # « Gratification légale » in a posting with no date: the rate is stated, its year is not, so the
        # amount cannot be valued; a bare dash would say the posting is silent about the stipend.
        return t("monthly_no_year", lang) if basis in ("legal_minimum", *LOWER_BOUND_BASES) else "—"
    suffix = {"estimated": t("status_estimated", lang), "lower_bound": t("status_lower_bound", lang),
              "computed": t("status_computed", lang)}.get(status)
    if contract == "civic_service":
        suffix = t("status_civic", lang)
    return fmt.monthly_euros(monthly, lang) + (f" ({suffix})" if suffix else "")


def _total_text(low: float | None, high: float | None, lang: str) -> str:
    if high is None:
        return "—"
    if low is None or round(low) == round(high):
        return fmt.euros(round(high), lang)
    joiner = "à" if lang == "fr" else "to"
    return f"{fmt.euros(round(low), lang)} {joiner} {fmt.euros(round(high), lang)}"
