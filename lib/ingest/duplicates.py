"""Is this proposal an offer we already have? The same organisation (names compared word by word,
an acronym matching its spelled-out name), a close title and the same place or year.

Each match says why, so a reviewer can decide to skip, replace or keep both: in French in ``reason``
(what the command line prints), and as codes in ``parts`` that ``reason_text`` writes in either
language (lib/i18n.py's ``dup_*`` texts).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz

from lib.i18n import t

# Scores are 0..1. Two offers of one organisation are the same offer when their titles are this
# close (rapidfuzz's token_sort_ratio: the same words, in any order, spelling aside).
SAME_ORGANISATION = 0.85
CLOSE_TITLE = 0.80
SAME_TITLE = 0.95
_STOPWORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a", "au", "aux", "un", "une", "pour",
              "e", "h", "f", "sur", "par"}
_GENERIC_TITLE_WORDS = {"stage", "stagiaire", "offre", "h", "f"}


@dataclass(frozen=True)
class DuplicateMatch:
    """An offer this proposal seems to repeat, how sure (0..1) and why (in French; ``parts``: the
    same reasons as codes with their value, to write in the page's language)."""

    offer_id: str
    score: float
    reason: str
    where: str  # "bundled" | "collection" | "batch" (an earlier proposal of the same ingest)
    parts: tuple[tuple[str, str], ...] = ()  # ("same_commune", "Arles"), ("close_title", "88")…


def reason_text(parts: tuple[tuple[str, str], ...], lang: str = "fr") -> str:
    """The reasons of a match as a reader sees them: « même structure, même année (2023) », "same
    organisation, same year (2023)"."""
    return ", ".join(t(f"dup_{code}", lang, value=value) for code, value in parts)


def find_duplicates(row: Mapping[str, object], existing: pd.DataFrame, where: str | None = None
                    ) -> list[DuplicateMatch]:
    """The rows of ``existing`` (contract columns with ``offer_id``; a ``dataset`` column says
    "bundled" or "collection") that ``row`` seems to repeat, the most likely first."""
    if existing is None or existing.empty or "offer_id" not in existing.columns:
        return []
    mine = _Offer.of(row)
    if not mine.organisation and not mine.title:
        return []
    matches = []
    datasets = existing["dataset"] if "dataset" in existing.columns else pd.Series(where or "bundled",
                                                                                     index=existing.index)
    for other_row, dataset in zip(existing.to_dict("records"), datasets, strict=True):
        if str(other_row.get("offer_id") or "") == str(row.get("offer_id") or "\0"):
            continue  # the very same row (a proposal compared with the batch it is part of)
        match = _compare(mine, _Offer.of(other_row))
        if match is not None:
            score, parts = match
            matches.append(DuplicateMatch(str(other_row["offer_id"]), round(score, 3), reason_text(parts),
                                          where or str(dataset or "bundled"), parts))
    return sorted(matches, key=lambda m: -m.score)


@dataclass(frozen=True)
class _Offer:
    organisation: str
    title: str
    city: str
    postcode: str
    year: str
    display_org: str
    display_city: str

    @classmethod
    def of(cls, row: Mapping[str, object]) -> _Offer:
        def text(name: str) -> str:
            value = row.get(name)
            return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()

        year = text("year")
        return cls(_normalise(text("organisation")), _title_words(text("title")), _normalise(text("city")),
                   text("postcode"), year[:4], text("organisation"), text("city"))


def _compare(mine: _Offer, other: _Offer) -> tuple[float, tuple[tuple[str, str], ...]] | None:
    org = organisation_similarity(mine.organisation, other.organisation)
    if org < SAME_ORGANISATION:
        return None
    title = title_similarity(mine.title, other.title)
    if title < CLOSE_TITLE:
        return None
    same_place = bool(mine.city and mine.city == other.city) or bool(mine.postcode and mine.postcode ==
                                                                      other.postcode)
    other_place = bool(mine.city and other.city and not same_place)
    different_year = bool(mine.year and other.year and mine.year != other.year)
    if other_place and title < SAME_TITLE:
        return None  # the same kind of post elsewhere: a different offer
    reasons = [("same_organisation", "") if org >= 0.99 else ("close_organisation", _percent(org)),
               ("same_title", "") if title >= 0.99 else ("close_title", _percent(title))]
    score = 0.5 * org + 0.5 * title
    if same_place:
        reasons.append(("same_commune", other.display_city or other.postcode))
    elif other_place:
        reasons.append(("other_commune", other.display_city))
        score -= 0.1
    if different_year:
        reasons.append(("other_year", other.year))
        score -= 0.1
    elif mine.year and mine.year == other.year:
        reasons.append(("same_year", other.year))
    return max(0.0, min(1.0, score)), tuple(reasons)


def _percent(share: float) -> str:
    """0.874 -> "87" (the texts add « % »)."""
    return f"{share:.0%}".rstrip("%")


def title_similarity(a: str, b: str) -> float:
    """0..1: rapidfuzz's token_sort_ratio (the same words in any order, spelling aside); 0.9 when
    the shorter title's words (three at least) are all in the longer one ("Chef de projet junior"
    and "Chef de projet junior – équipe Stratégies participatives")."""
    if not a or not b:
        return 0.0
    score = fuzz.token_sort_ratio(a, b) / 100
    shorter, longer = sorted((set(a.split()), set(b.split())), key=len)
    if len(shorter) >= 3 and shorter <= longer:
        score = max(score, 0.9)
    return score


def organisation_similarity(a: str, b: str) -> float:
    """0..1: the same words (rapidfuzz token_set_ratio), or one name's acronym spelled out in the
    other ("PETR du Pays d'Arles" and "Pôle d'équilibre territorial et rural du Pays d'Arles")."""
    if not a or not b:
        return 0.0
    best = fuzz.token_set_ratio(a, b) / 100
    short_a, short_b = _expanded(a, b), _expanded(b, a)
    if short_a != a or short_b != b:
        best = max(best, fuzz.token_set_ratio(short_a, short_b) / 100)
    return best


def _expanded(name: str, other: str) -> str:
    """``other`` with the words an acronym of ``name`` stands for replaced by the acronym."""
    words = other.split()
    for acronym in name.split():
        if len(acronym) < 3 or acronym in words:
            continue
        for start in range(len(words)):
            initials, end = "", start
            while end < len(words) and len(initials) < len(acronym):
                if words[end] not in _STOPWORDS or end == start:
                    initials += words[end][0]
                end += 1
            if initials == acronym:
                return " ".join([*words[:start], acronym, *words[end:]])
    return other


def _normalise(value: str) -> str:
    """Lower case, accents dropped, every other sign a space ("d’équilibre" -> "d equilibre")."""
    text = "".join(c for c in unicodedata.normalize("NFKD", value.lower()) if not unicodedata.combining(c))
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


def _title_words(title: str) -> str:
    """A title's telling words: without stop words, gender marks ("chargé.e") or "stage"."""
    words = [w for w in _normalise(title).split() if w not in _STOPWORDS and w not in _GENERIC_TITLE_WORDS]
    return " ".join(words)
