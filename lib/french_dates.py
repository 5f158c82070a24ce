"""Dates written in French job offers, found in the text and read by dateparser.

A small pattern built from Babel's French month and day names finds where a date is written
("1er mars 2023", "janvier/février 2023", "15/02/2022", "le mercredi 30 novembre"); dateparser
(``languages=['fr']``) turns each span into a date. The year is often written once for a group
("juillet ou septembre 2023", "de février à juillet 2023"), so a date without a year takes the
year of the next date it is joined to. Dates left without a year are resolved later by the
caller, against the offer's other dates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import dateparser
from babel.dates import get_day_names, get_month_names

_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
# Any fixed date: only the month and day dateparser reads are used when no year is written.
_NO_YEAR_BASE = {"RELATIVE_BASE": datetime(2000, 1, 1)}


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


def _alternatives(words: set[str]) -> str:
    """Regex alternation of the words with and without accents, longest first."""
    forms = {w for word in words for w in (word, _fold(word))}
    return "|".join(sorted((re.escape(w) for w in forms), key=len, reverse=True))


_MONTHS = {name.rstrip("."): n for n, name in get_month_names("abbreviated", locale="fr").items()}
_MONTHS |= {name: n for n, name in get_month_names("wide", locale="fr").items()}
_MONTH_NUMBER = {**_MONTHS, **{_fold(k): v for k, v in _MONTHS.items()}}
_WEEKDAY_NUMBER = {name: n for n, name in get_day_names("wide", locale="fr").items()}
_WIDE = {_fold(name) for name in get_month_names("wide", locale="fr").values()}
_ABBREVIATIONS = {_fold(k) for k in _MONTHS} - _WIDE

_MONTH = rf"(?:{_alternatives(set(_MONTHS))})\.?"
_WEEKDAY = rf"(?:{_alternatives(set(_WEEKDAY_NUMBER))})"
_DAY = r"(?:1\s*er|premier|[0-3]?\d)"
_YEAR = r"(?:19|20)\d{2}"

# "mercredi 30 novembre 2022", "1er mars", "mars 2023", "Juillet"
TEXT_DATE = re.compile(
    rf"\b(?:(?P<weekday>{_WEEKDAY})\s+)?(?:(?P<day>{_DAY})\s+)?(?P<month>{_MONTH})(?![\w])"
    rf"(?:\s+(?P<year>{_YEAR})\b)?",
    re.IGNORECASE,
)
# "15/02/2022", "01.03.2023", "15/04/24", and "03/2024"
NUMERIC_DATE = re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)?\d{2})\b(?![/.]\d)")
NUMERIC_MONTH = re.compile(r"(?<![/.\d])(?P<month>0?[1-9]|1[0-2])/(?P<year>(?:19|20)\d{2})\b")
# What may sit between two dates that share a year: "janvier/février", "mars – juin", "de février à juillet".
JOINER = re.compile(r"[ \t]*(?:/|-|–|—|ou|et|à|au|jusqu'(?:à|au))\s*(?:(?:le|fin|début|mi-?)\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date written in the text; ``year_written`` tells a read year from a borrowed one."""

    start: int
    end: int
    year: int | None
    month: int
    day: int | None = None
    weekday: int | None = None
    year_written: bool = False
    joined_next: bool = False  # followed by another date it shares a year or a range with
    joiner: str = ""

    def on(self, year: int) -> DateMention:
        """The same date in a given year (for dates written without one)."""
        return DateMention(self.start, self.end, year, self.month, self.day, self.weekday,
                           self.year_written, self.joined_next, self.joiner)

    def as_date(self) -> date | None:
        if self.year is None:
            return None
        try:
            return date(self.year, self.month, self.day or 1)
        except ValueError:
            return None

    def month_text(self) -> str | None:
        return None if self.year is None else f"{self.year:04d}-{self.month:02d}"

    def day_text(self) -> str | None:
        value = self.as_date()
        return value.isoformat() if value is not None and self.day is not None else None


def find_dates(text: str) -> list[DateMention]:
    """Every date written in the text, in order, with years shared along joined groups."""
    return _share_years(text, _raw_mentions(text))


@cache
def _parse(span: str, has_year: bool) -> tuple[int, int, int] | None:
    """(year, month, day) read by dateparser from one date span."""
    cleaned = re.sub(r"\b1\s*er\b|\bpremier\b", "1", span, flags=re.IGNORECASE)
    settings = _SETTINGS if has_year else {**_SETTINGS, **_NO_YEAR_BASE}
    parsed = dateparser.parse(cleaned, languages=["fr"], settings=settings)
    if parsed is None:
        return None
    return parsed.year, parsed.month, parsed.day


def _raw_mentions(text: str) -> list[DateMention]:
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for match in NUMERIC_DATE.finditer(text):
        parsed = _parse(match.group(0), True)
        if parsed is None or not 1 <= int(match["month"]) <= 12:
            continue
        year = parsed[0]
        mentions.append(DateMention(match.start(), match.end(), year, parsed[1], parsed[2], None, True))
        taken.append(match.span())
    for match in NUMERIC_MONTH.finditer(text):
        if _overlaps(match.span(), taken):
            continue
        mentions.append(DateMention(match.start(), match.end(), int(match["year"]), int(match["month"]),
                                    None, None, True))
        taken.append(match.span())
    for match in TEXT_DATE.finditer(text):
        if _overlaps(match.span(), taken) or _is_false_month(match):
            continue
        has_year = match["year"] is not None
        parsed = _parse(match.group(0), has_year)
        if parsed is None:
            continue
        weekday = _WEEKDAY_NUMBER.get(_fold(match["weekday"].lower())) if match["weekday"] else None
        mentions.append(DateMention(
            match.start(), match.end(), parsed[0] if has_year else None, parsed[1],
            parsed[2] if match["day"] else None, weekday, has_year,
        ))
    return sorted(mentions, key=lambda m: m.start)


def _is_false_month(match: re.Match) -> bool:
    """An abbreviation alone is not read as a month: "sept" is also seven, "nov" a name."""
    return not (match["day"] or match["year"]) and _fold(match["month"].lower().rstrip(".")) in _ABBREVIATIONS


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _share_years(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Mark dates joined to the next one and give a yearless date the year of its group."""
    marked: list[DateMention] = []
    for i, mention in enumerate(mentions):
        joined, joiner = False, ""
        if i + 1 < len(mentions):
            gap = text[mention.end:mentions[i + 1].start]
            if JOINER.fullmatch(gap):
                joined, joiner = True, gap.strip()
        marked.append(DateMention(mention.start, mention.end, mention.year, mention.month, mention.day,
                                  mention.weekday, mention.year_written, joined, joiner))
    result = list(marked)
    for i in range(len(result) - 2, -1, -1):
        here, after = result[i], result[i + 1]
        if here.year is None and here.joined_next and after.year is not None:
            # "novembre 2022 – janvier 2023" keeps its own years; "décembre à mars 2024" spans New Year.
            year = after.year - 1 if here.month > after.month else after.year
            result[i] = DateMention(here.start, here.end, year, here.month, here.day, here.weekday,
                                    False, here.joined_next, here.joiner)
    return result


def resolve_year(mention: DateMention, reference: date, not_after: bool) -> DateMention:
    """A yearless date placed next to a reference date: on or before it when ``not_after``
    (a deadline before the start), else on or after it (a start after the deadline). A written
    weekday ("le mercredi 30 novembre") settles the year when it fits only one."""
    if mention.year is not None:
        return mention
    candidates = [reference.year - 1, reference.year, reference.year + 1]
    if mention.weekday is not None and mention.day is not None:
        fitting = [y for y in candidates if _weekday(y, mention.month, mention.day) == mention.weekday]
        if len(fitting) == 1:
            return mention.on(fitting[0])
    probe = (mention.month, mention.day or 1)
    ref = (reference.month, reference.day)
    if not_after:
        return mention.on(reference.year if probe <= ref else reference.year - 1)
    return mention.on(reference.year if probe >= (reference.month, 1) else reference.year + 1)


def _weekday(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return None


def months_between(first: DateMention, last: DateMention) -> float | None:
    """Length of "de février à juillet 2023" in months, both months counted; from the days
    when both are written ("du 2 avril au 27 septembre": about 6)."""
    if first.year is None or last.year is None:
        return None
    if first.day is not None and last.day is not None:
        begin, end = first.as_date(), last.as_date()
        if begin is None or end is None or end <= begin:
            return None
        months = (end - begin).days / 30.44
        return float(round(months)) if abs(months - round(months)) <= 0.25 else round(months * 2) / 2
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return float(count) if count > 1 else None
