"""Dates written in French job offers, found in the text and read from the words that write them.

A small pattern built from Babel's French month and day names finds where a date is written
("1er mars 2023", "janvier/février 2023", "15/02/2022", "le mercredi 30 novembre"); the day, month
and year are read from the pattern's own groups (month names through Babel's table), which is
exact for these forms and costs nothing per date: a parser called per distinct date (dateparser,
0.7 ms a call) made a pasted text of thousands of dates take minutes. The year is often written
once for a group ("juillet ou septembre 2023", "de février à juillet 2023"), so a date without a
year takes the year of the next date it is joined to. Dates left without a year are resolved
later by the caller, against the offer's other dates.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from itertools import islice

from babel.dates import get_day_names, get_month_names

# A leap year, to check a day written without its year ("29 février").
_NO_YEAR = 2000


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
# "15/02/2022", "01.03.2023", "15/04/24", job boards' "10-01-2026" (a four-digit year only: "10-12"
# is a range), and "03/2024"
NUMERIC_DATE = re.compile(r"\b(?P<day>[0-3]?\d)(?:[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)?\d{2})|"
                          r"-(?P<dmonth>[01]?\d)-(?P<dyear>(?:19|20)\d{2}))\b(?![/.-]\d)")
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


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _day_number(written: str) -> int:
    folded = "".join(written.lower().split())
    return 1 if folded in ("1er", "premier") else int(folded)


def _full_year(written: str) -> int:
    """"2023" -> 2023; a two-digit year ("15/04/24") is of this century."""
    return int(written) if len(written) == 4 else 2000 + int(written)


# A posting writes a few dozen dates; a text with more is no posting, and its first dates suffice.
MAX_DATES = 2000


def _raw_mentions(text: str) -> list[DateMention]:
    mentions: list[DateMention] = []
    for match in islice(NUMERIC_DATE.finditer(text), MAX_DATES):
        day = int(match["day"])
        month, year = (int(match["month"]), _full_year(match["year"])) if match["month"] else (
            int(match["dmonth"]), int(match["dyear"]))
        if not _valid(year, month, day):
            continue
        mentions.append(DateMention(match.start(), match.end(), year, month, day, None, True))
    numeric = _Spans([(m.start, m.end) for m in mentions])
    for match in islice(NUMERIC_MONTH.finditer(text), MAX_DATES):
        if numeric.overlaps(*match.span()):
            continue
        mentions.append(DateMention(match.start(), match.end(), int(match["year"]), int(match["month"]),
                                    None, None, True))
    numeric = _Spans(sorted((m.start, m.end) for m in mentions))
    for match in islice(TEXT_DATE.finditer(text), MAX_DATES):
        if numeric.overlaps(*match.span()) or _is_false_month(match):
            continue
        has_year = match["year"] is not None
        month = _MONTH_NUMBER[_fold(match["month"].lower().rstrip("."))]
        day = _day_number(match["day"]) if match["day"] else None
        if day is not None and not _valid(int(match["year"]) if has_year else _NO_YEAR, month, day):
            continue
        weekday = _WEEKDAY_NUMBER.get(_fold(match["weekday"].lower())) if match["weekday"] else None
        mentions.append(DateMention(
            match.start(), match.end(), int(match["year"]) if has_year else None, month, day, weekday, has_year,
        ))
    return sorted(mentions, key=lambda m: m.start)


class _Spans:
    """Sorted, non-overlapping spans, asked whether a span overlaps one of them (in log time:
    a linear scan per date made a text of many dates quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # spans starting before `end`
        return i > 0 and self.ends[i - 1] > start


def _is_false_month(match: re.Match) -> bool:
    """An abbreviation alone is not read as a month: "sept" is also seven, "nov" a name."""
    return not (match["day"] or match["year"]) and _fold(match["month"].lower().rstrip(".")) in _ABBREVIATIONS


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
