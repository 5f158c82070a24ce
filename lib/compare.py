"""Side-by-side comparison of a few offers, and their distance from a city the user names."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from geopy.distance import geodesic

from lib import categories as cat
from lib import formatting as fmt
from lib.gazetteer import Gazetteer, load_gazetteer
from lib.geocode import OnlineGeocoder
from lib.i18n import t
from lib.republication import REPUBLICATION_OF, REPUBLISHED_AS, republication_text
from lib.stipend import total_stipend

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
    chosen = offers[offers["offer_id"].isin(picked)]
    others = filtered[~filtered["offer_id"].isin(picked)].head(max(limit - len(chosen), 0))
    listed = pd.concat([chosen, others])
    return dict(zip(listed["offer_id"], listed["organisation"] + " — " + listed["title"], strict=True))


@dataclass(frozen=True)
class Origin:
    """A place the user typed, resolved to coordinates."""

    name: str
    latitude: float
    longitude: float
    how: str  # "gazetteer" or "online"


def resolve_city(query: str, gazetteer: Gazetteer | None = None, online: OnlineGeocoder | None = None) -> Origin | None:
    """A commune or postcode from the offline gazetteer first; geopy online otherwise."""
    query = query.strip()
    if not query:
        return None
    gazetteer = gazetteer or load_gazetteer()
    compact = query.replace(" ", "")
    place = gazetteer.locate(postcode=compact) if compact.isdigit() else gazetteer.locate(city=query)
    if place is not None and place.precision == "commune":
        name = query if not compact.isdigit() else f"{(place.city or '').title()} ({compact})"
        return Origin(name, place.latitude, place.longitude, "gazetteer")
    if online is not None:
        coords = online.locate_abroad(query)
        if coords is not None:
            return Origin(query, coords[0], coords[1], "online")
    return None


def distances_km(offers: pd.DataFrame, origin: Origin) -> pd.Series:
    """Geodesic distance in km from the origin to each located offer (NA otherwise)."""
    def distance(row) -> float | None:
        if pd.isna(row["latitude"]) or pd.isna(row["longitude"]):
            return None
        return round(geodesic((origin.latitude, origin.longitude), (row["latitude"], row["longitude"])).km, 1)

    return pd.Series([distance(r) for _, r in offers.iterrows()], index=offers.index, dtype="Float64")


def comparison_table(offers: pd.DataFrame, lang: str = "fr", origin: Origin | None = None) -> tuple[pd.DataFrame,
                                                                                                     pd.DataFrame]:
    """(text table, best mask): one row per condition, one column per offer.

    The mask marks, in each row where "best" means something, the cell(s) holding the best value.
    """
    offers = offers.head(MAX_COMPARED)
    columns = _unique([o if len(o) <= 40 else o[:39] + "…" for o in offers["organisation"].astype(str)])
    totals_low = [total_stipend(m, d) for m, d in zip(offers["stipend_monthly_eur"], offers["duration_low"],
                                                      strict=True)]
    totals_high = [total_stipend(m, d) for m, d in zip(offers["stipend_monthly_eur"], offers["duration_high"],
                                                       strict=True)]
    rows: list[tuple[str, list[str], list[float | None] | None]] = [
        (t("title", lang), offers["title"].tolist(), None),
        (t("organisation", lang), offers["organisation"].tolist(), None),
        (t("org_type", lang), [cat.label(cat.ORG_TYPES, v, lang) for v in offers["org_type"]], None),
        (t("contract", lang), [cat.label(cat.CONTRACTS, v, lang) for v in offers["contract"]], None),
        (t("place", lang), offers["place_text"].tolist(), None),
        (t("stipend", lang), offers["stipend_text"].tolist(), None),
        (t("stipend_monthly", lang),
         [_monthly_text(m, s, c, lang) for m, s, c in zip(offers["stipend_monthly_eur"], offers["stipend_status"],
                                                          offers["contract"], strict=True)],
         # A civic service's net allowance is not compared with internships' gross stipends.
         _numbers(offers["stipend_monthly_eur"].where(offers["contract"].eq("internship")))),
        (t("stipend_total", lang), [_total_text(lo, hi, lang) for lo, hi in zip(totals_low, totals_high, strict=True)],
         [hi if contract == "internship" else None for hi, contract in zip(totals_high, offers["contract"],
                                                                          strict=True)]),
        (t("duration", lang), [fmt.months_range(a, b, lang) for a, b in zip(offers["duration_min_months"],
                                                                            offers["duration_max_months"],
                                                                            strict=True)], None),
        (t("start", lang), [fmt.month(v, lang) for v in offers["start_earliest"]], None),
        (t("deadline", lang), [fmt.day(v, lang) for v in offers["application_deadline"]], None),
        (t("hours", lang), [fmt.hours_range(a, b, lang) for a, b in zip(offers["hours_per_week_min"],
                                                                        offers["hours_per_week_max"], strict=True)],
         None),
        (t("remote", lang), [cat.label(cat.REMOTE, v, lang) if isinstance(v, str) else "—" for v in offers["remote"]],
         [_REMOTE_RANK.get(v) if isinstance(v, str) else None for v in offers["remote"]]),
        (t("driving_licence", lang),
         [cat.label(cat.DRIVING_LICENCE, v, lang) if isinstance(v, str) else "—" for v in offers["driving_licence"]],
         [_LICENCE_RANK.get(v) if isinstance(v, str) else None for v in offers["driving_licence"]]),
        (t("evening_weekend", lang),
         [cat.label(cat.YES_NO, v, lang) if isinstance(v, str) else "—" for v in offers["evening_weekend_work"]],
         None),
        (t("perks", lang), [fmt.codes(v, cat.PERKS, lang) for v in offers["perks"]],
         [float(len(str(v).split(";"))) if isinstance(v, str) and v else 0.0 for v in offers["perks"]]),
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
                     ["—" if pd.isna(v) else f"{fmt.number(round(float(v)), lang)} km" for v in km],
                     [None if pd.isna(v) else -float(v) for v in km]))
    table = pd.DataFrame([values for _, values, _ in rows], index=[name for name, _, _ in rows], columns=columns)
    best = pd.DataFrame(False, index=table.index, columns=columns)
    for name, _values, scores in rows:
        if scores is None:
            continue
        known = [s for s in scores if s is not None and not pd.isna(s)]
        if len(known) < 2 or max(known) == min(known):
            continue  # nothing to choose between
        top = max(known)
        best.loc[name] = [s is not None and not pd.isna(s) and s == top for s in scores]
    return table, best


def _unique(names: list[str]) -> list[str]:
    """Column headers, numbered when two offers share an organisation."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _numbers(series: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in series]


def _monthly_text(monthly, status: str, contract: str, lang: str) -> str:
    if monthly is None or pd.isna(monthly):
        return "—"
    suffix = {"estimated": t("status_estimated", lang), "lower_bound": t("status_lower_bound", lang),
              "computed": t("status_computed", lang)}.get(status)
    if contract == "civic_service":
        suffix = t("status_civic", lang)
    return fmt.euros(monthly, lang) + (f" ({suffix})" if suffix else "")


def _total_text(low: float | None, high: float | None, lang: str) -> str:
    if high is None:
        return "—"
    if low is None or low == high:
        return fmt.euros(round(high), lang)
    joiner = "à" if lang == "fr" else "to"
    return f"{fmt.euros(round(low), lang)} {joiner} {fmt.euros(round(high), lang)}"
