"""Proposing the fields of one offer from its French text, each with the passage it was read from.

The user pastes an offer; every proposed value carries the exact span of text it comes from, so
it can be checked before the row is added. Dates are read by ``lib.french_dates``, amounts by
price-parser, places against the offline gazetteer; what remains are short, named rules over the
wording French offers use ("Gratification : 600 €/mois", "Permis B exigé", "télétravail possible
2 jours par semaine"...). Matching runs on a folded copy of the text (lower case, no accents,
straight apostrophes) of the same length, so positions found there are positions in the original
text.

Every rule runs in linear time (issue 10: a 5 MB paste froze the server): sentence bounds and
dates are found by bisection, each rule reads at most ``MAX_CANDIDATES`` places, and a text over
``lib.limits.MAX_POSTING_CHARS`` is refused before any work. ``should_stop`` lets a page stop an
extraction whose session has ended.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import islice, pairwise
from pathlib import Path

import pandas as pd
from price_parser import Price

from lib import categories as cat
from lib.export import offers_csv_text
from lib.french_dates import DateMention, find_dates, months_between, resolve_year
from lib.gazetteer import Gazetteer, load_gazetteer, normalise_name
from lib.limits import MAX_POSTING_CHARS
from lib.schema import CODES_SEPARATOR, COLUMN_NAMES


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` with each branch's leading ``\\b`` moved after its first letter
    (``\\bsoir`` -> ``s(?<!\\w[\\s\\S])oir``, the same matches): a pattern that starts with a
    letter is searched by re's fast prefix scan, 3 to 10 times faster over a long text."""
    return re.compile(_WORD_START.sub(lambda m: f"{m[1]}{m[2]}(?<!\\w[\\s\\S])", pattern), flags)


_WORD_START = re.compile(r"(^|\||\(\?:|\()\\b([a-z])")


@dataclass(frozen=True)
class Extracted:
    """A proposed value and where it was read: ``passage == text[start:end]``.

    For a list of codes (perks, level, themes) each code keeps its own passage in ``parts``
    and the top-level passage runs from the first to the last of them.
    """

    value: object
    passage: str
    start: int
    end: int
    parts: tuple[Extracted, ...] = ()


DEFAULT_ORG_TYPE = "association"
FIELDS = (
    "organisation", "title", "org_type", "contract", "city", "postcode", "country",
    "stipend_basis", "stipend_amount_eur", "stipend_period", "hours_per_week_min", "hours_per_week_max",
    "duration_min_months", "duration_max_months", "start_earliest", "application_deadline", "year",
    "remote", "driving_licence", "evening_weekend_work", "perks", "level", "themes",
)


StopCheck = Callable[[], bool]


class ExtractionStopped(RuntimeError):
    """The caller's ``should_stop`` said so (the page's session ended): nothing is returned."""


class PostingTooLong(ValueError):
    """A text over ``lib.limits.MAX_POSTING_CHARS``, refused before any work; the message is French."""

    def __init__(self, length: int, limit: int = MAX_POSTING_CHARS) -> None:
        self.length, self.limit = length, limit
        super().__init__(posting_too_long_message(length, limit))


def posting_too_long_message(length: int, limit: int = MAX_POSTING_CHARS) -> str:
    """The French message shown when a posting is over the limit (page, command line, library)."""
    return (f"Texte trop long : {_thousands(length)} caractères, la limite est de {_thousands(limit)} "
            "(une offre fait rarement plus de 50 000 caractères). Découpez-le en plusieurs textes.")


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def check_posting_length(text: str, limit: int = MAX_POSTING_CHARS) -> None:
    """Raise ``PostingTooLong`` when the text is over the limit; called before any extraction work."""
    if len(text) > limit:
        raise PostingTooLong(len(text), limit)


def extract_offer(text: str, should_stop: StopCheck | None = None,
                  limit: int | None = MAX_POSTING_CHARS) -> dict[str, Extracted]:
    """Every field the text states, with its passage; a field the text is silent on is absent.

    ``should_stop`` is asked between fields: when it answers True, ``ExtractionStopped`` is raised
    (a page passes one that checks its session is still open). ``limit=None`` lifts the length
    limit (the speed benchmark measures texts far over it).
    """
    if limit is not None:
        check_posting_length(text, limit)
    _stop_if_asked(should_stop)
    doc = _Doc(text)
    found: dict[str, Extracted | None] = {}
    for step in _STEPS:
        _stop_if_asked(should_stop)
        found.update(step(doc, found))
    return {name: found[name] for name in FIELDS if found.get(name) is not None}


# The rules in order, each given the fields found so far (the title and the host's type for themes, the organisation
# for its type); the stop check runs between two of them.
_STEPS: tuple[Callable[[_Doc, dict[str, Extracted | None]], dict[str, Extracted | None]], ...] = (
    lambda doc, found: _heading_fields(doc),
    lambda doc, found: {"org_type": _org_type(doc, found.get("organisation"))},
    lambda doc, found: {"contract": _contract(doc)},
    lambda doc, found: _place(doc, found.get("organisation")),
    lambda doc, found: _stipend(doc),
    lambda doc, found: _hours(doc),
    lambda doc, found: _duration(doc),
    lambda doc, found: _dates(doc),
    lambda doc, found: {"remote": _remote(doc)},
    lambda doc, found: {"driving_licence": _driving_licence(doc)},
    lambda doc, found: {"evening_weekend_work": _evening_weekend(doc)},
    lambda doc, found: {"perks": _codes(doc, PERK_RULES)},
    lambda doc, found: {"level": _level(doc)},
    lambda doc, found: {"themes": _themes(doc, found.get("title"), found.get("org_type"))},
)


def _stop_if_asked(should_stop: StopCheck | None) -> None:
    if should_stop is not None and should_stop():
        raise ExtractionStopped("extraction arrêtée : la session qui l'avait demandée est fermée")


def proposed_row(text: str, source: str | None = None, taken_ids: Iterable[str] = (),
                 fields: Mapping[str, Extracted] | None = None) -> dict[str, object]:
    """One row of the dataset contract proposed from the text: None where the text says nothing.

    Department, region and coordinates come from the offline gazetteer when the commune is
    known; ``source`` defaults to the offer's first line; ``fields`` is ``extract_offer(text)``
    when the caller already has it.
    """
    fields = extract_offer(text) if fields is None else fields
    row: dict[str, object] = {name: None for name in COLUMN_NAMES}
    for name, found in fields.items():
        if name in row:
            row[name] = found.value
    row["contract"] = row["contract"] or "internship"
    row["stipend_basis"] = row["stipend_basis"] or "not_stated"
    row["country"] = row["country"] or "FR"
    # No legal form in the text: most such hosts in this field are associations (resource
    # centres, networks); the page marks the value as a default to check.
    row["org_type"] = row["org_type"] or DEFAULT_ORG_TYPE
    row["offer_id"] = make_offer_id(row["organisation"], row["title"], row["year"], taken_ids)
    row["source"] = source or f"Texte collé : {first_line(text)}"[:1000]
    row.update(geo_columns(row))
    return row


def row_csv(row: Mapping[str, object], header: bool = False) -> str:
    """The row as a line of the data file (the contract's columns, numbers without '.0')."""
    text = offers_csv_text(pd.DataFrame([dict(row)], columns=list(COLUMN_NAMES)))
    return text if header else text.split("\n", 1)[1]


def run_cli(args: argparse.Namespace) -> int:
    """``python -m lib extract FILE.txt [--csv [--header]]``: the proposed row of one offer."""
    from lib.ingest.readers import decode_text

    path = Path(args.path)
    try:
        with path.open("rb") as handle:
            data = handle.read(4 * MAX_POSTING_CHARS + 4)  # a character is at most 4 bytes; /dev/zero has no size
    except OSError as exc:
        print(f"Fichier illisible : {exc}")
        return 1
    text, _ = decode_text(data)
    if not text.strip():
        print("Le fichier est vide : collez-y le texte d'une offre.")
        return 1
    try:
        row = proposed_row(text, source=f"{path.name}: {first_line(text)}")
    except PostingTooLong as exc:
        print(str(exc))
        return 1
    if args.csv:
        print(row_csv(row, header=args.header), end="")
    else:
        print(json.dumps(row, ensure_ascii=False, indent=2))
    return 0


def first_line(text: str) -> str:
    """The offer's first non-empty line, as the ``source`` column names an offer."""
    return next((m.group(0).strip() for m in re.finditer(r"[^\r\n]+", text) if m.group(0).strip()), "")


def make_offer_id(organisation: object, title: object, year: object, taken: Iterable[str] = ()) -> str:
    """A readable, unique slug such as ``nicaya-conseil-consultant-junior-2023``."""
    org_words = _slug_words(str(organisation or ""))[:3]
    title_words = [w for w in _slug_words(str(title or "")) if w not in _SLUG_STOPWORDS][:3]
    words = org_words + title_words + ([str(year)] if year else [])
    base = "-".join(words)[:72].strip("-") or "offre"
    taken_set = set(taken)
    candidate, n = base, 2
    while candidate in taken_set:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def context(text: str, found: Extracted, width: int = 60) -> tuple[str, str, str]:
    """(before, passage, after): the passage with a little text on each side, for display."""
    before = text[max(0, found.start - width):found.start]
    after = text[found.end:found.end + width]
    return (" ".join(before.split()), found.passage, " ".join(after.split()))


# --- the document: the text, its folded twin, its dates -------------------------------------

_APOSTROPHES = {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " "}


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so positions stay the same."""
    return text.translate(_fold_table(frozenset(text)))


@lru_cache(maxsize=1024)
def _fold_char(char: str) -> str:
    char = _APOSTROPHES.get(char, char)
    base = unicodedata.normalize("NFKD", char)[:1] or char
    low = base.lower()
    return low if len(low) == 1 else char


def _fold_table(chars: frozenset[str]) -> dict[int, str]:
    # One translate() call instead of a Python loop per character: a text has few distinct
    # characters, so folding 5 MB costs a few hundredths of a second instead of seconds.
    return {ord(c): folded for c in chars if (folded := _fold_char(c)) != c}


# A sentence longer than this is cut around the position asked about: a text with no full stop
# (a pasted line of megabytes) would otherwise make every rule read the whole text.
MAX_CLAUSE_CHARS = 600
# Each rule reads at most this many places where its cue words occur: a posting states its
# stipend, length or start a handful of times; past that, the text is no posting (a paste of
# megabytes) and reading every occurrence would only cost time.
MAX_CANDIDATES = 500
# A heading line longer than this is read on its first characters only.
MAX_HEADING_CHARS = 400


class _Doc:
    """The offer's text with what every rule needs, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self.flat = self.folded.replace("\n", " ")  # phrases wrapped over two lines read as one

    @cached_property
    def dates(self) -> list[DateMention]:
        return find_dates(self.text)

    @cached_property
    def date_starts(self) -> list[int]:
        return [m.start for m in self.dates]

    def dates_from(self, start: int, end: int) -> list[DateMention]:
        """The dates that begin in [start, end), in order (found by bisection, not a scan)."""
        dates, starts = self.dates, self.date_starts
        return dates[bisect_left(starts, start):bisect_left(starts, end)]

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """The first non-empty lines (the heading is among them)."""
        return _lines(self.text, limit=10)

    @cached_property
    def content_lines(self) -> list[tuple[int, int]]:
        """The first non-empty lines that are not a web page's chrome (skip links, cookie banners,
        menus, breadcrumbs, « Publié le » stamps): the posting's heading is among them."""
        lines = [line for line in _lines(self.text, limit=MAX_CHROME_LINES)
                 if not _CHROME.search(fold(self.line_text(line)))]
        return lines[:10] or self.lines

    def line_text(self, line: tuple[int, int]) -> str:
        """A line's text, on its first ``MAX_HEADING_CHARS`` characters, without markdown marks."""
        return self.text[line[0]:line[1]][:MAX_HEADING_CHARS].strip(" #*_\t")

    @cached_property
    def heading(self) -> tuple[int, int]:
        """The heading line: the first line past the page's chrome, or the next one when it is a bare
        banner (« Offre de stage » above « Organisation (Ville) – Intitulé », as web pages put it), or
        when the first lines are a web page's section titles, dates or labels (« Qui sommes-nous ? »,
        « REJOIGNEZ-NOUS ! », « Le 09/06/2021 », « Positionnement : … »); then a line marked as a
        post's title just below (« … H/F », « Stage – … ») wins over a site's name or a paragraph."""
        lines = self.content_lines
        if not lines:
            return (0, 0)
        first = self.text[lines[0][0]:lines[0][1]].strip(" #*\t")
        if len(lines) > 1 and _BARE_BANNER.match(fold(first)):
            second = self.text[lines[1][0]:lines[1][1]][:MAX_HEADING_CHARS].strip(" #*\t")
            if _PAREN_HEADING.match(second) or _RECRUITS.match(second):
                return lines[1]
        heading = lines[0]
        for line in lines[:3]:
            if not _NOT_A_HEADING.search(fold(self.line_text(line))):
                heading = line
                break
        return _marked_title_line(self, lines, heading)

    @cached_property
    def _boundaries(self) -> tuple[list[int], list[int]]:
        spans = [m.span() for m in _BOUNDARY.finditer(self.text)]
        return [s for s, _ in spans], [e for _, e in spans]

    def found(self, value: object, start: int, end: int) -> Extracted:
        while end < len(self.text) and self.text[end - 1].isalnum() and self.text[end].isalnum():
            end += 1  # a pattern may stop inside a word ("réglementa|tion")
        start, end = _trim(self.text, start, end)
        return Extracted(value, self.text[start:end], start, end)

    def clause(self, position: int) -> tuple[int, int]:
        """Bounds of the sentence or list item around a position (wrapped lines joined), at
        most ``MAX_CLAUSE_CHARS`` on each side."""
        starts, ends = self._boundaries
        i = bisect_left(ends, position + 1)  # boundaries ending at or before the position
        begin = ends[i - 1] if i else 0
        j = bisect_left(starts, position)
        end = starts[j] if j < len(starts) else len(self.text)
        return max(begin, position - MAX_CLAUSE_CHARS), min(end, position + MAX_CLAUSE_CHARS)


# A sentence ends at a full stop, a semicolon, a blank line or the start of a list item; a line
# break alone does not end it when the next line goes on in lower case (text wrapped by a PDF).
_BOUNDARY = _rx(
    r"\n[ \t]*\n|\n(?=[ \t]*(?:[•\-–—*▪·✓⭐👉►]|\d+[.)-]\s))|[.;!?](?=\s+[A-ZÀ-Ý0-9«\"(]|\s*$)"
    r"|(?<=[.:;!?)])[ \t]*\n|\n(?=[ \t]*[A-ZÀ-Ý][^\n]{0,40}:)"
)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n-–—:,;(":
        start += 1
    while end > start and text[end - 1] in " \t\n-–—:,;(":
        end -= 1
    return start, end


def _search(pattern: re.Pattern[str], doc: _Doc, start: int = 0, end: int | None = None) -> re.Match | None:
    """First match in the folded text, line breaks read as spaces."""
    return pattern.search(doc.flat, start, len(doc.flat) if end is None else end)


# --- organisation and title: the heading line ------------------------------------------------

# A web page's chrome above the posting, read on a folded line: skip links, member areas, menus,
# a site's logo, an image alone on its line (a line that goes on after it is text), images' credits
# (« © Studio X »), breadcrumbs (« Accueil > Offres > … »,
# « Vous êtes ici : … »), cookie banners, « Publié le » stamps, an offer's number, the board's
# navigation (« Toutes les offres », « Postuler », « Retour à la liste »). No posting's heading is
# one of these.
_CHROME = _rx(r"^(?:\d{1,2}[.)]\s+)?"  # « 1. Skip to Menu »: a numbered list of skip links
              r"(?:(?:aller|passer|acceder)(?: directement)? (?:au|a la) (?:contenu|menu|navigation|recherche)\b.*|"
              r"\[?!\[[^\]\n]{0,300}\]\([^)\s]{0,1000}\)(?:\]\([^)\s]{0,1000}\))?|(?:©|\(c\)|credits? photo).*|"
              r"skip to\b.*|accueil\s*[>›/|].*|(?:acces|espace) (?:membres?|adherents?|candidats?|recruteurs?)|"
              r"menu|navigation|accueil|"
              r"rechercher?|connexion|se connecter|mon compte|s'inscrire|inscription|fermer|partager|imprimer|"
              r"retour(?: (?:a|aux|au|a la) (?:la )?(?:liste|offres|resultats|accueil|annonces)\b.*)?|"
              r"(?:toutes )?(?:les )?offres(?: d'emploi| de stage| d'emploi et de stage)?|les offres d'emploi\b.*|"
              r"archives?|actualites?|postule[rz](?: a (?:l'|cette )offre| en ligne)?|candidater|"
              r"logo\b.*|vous etes ici\b.*|bienvenue (?:sur|dans)\b.*|(?:publiee?|mise? en ligne)(?: le\b.*)?|"
              r"date de (?:publication|parution|mise en ligne)\b.*|(?:offre|annonce) n[°o]\s*\S+|"
              r"ref(?:erence)?\.?\s*:.*|:?calendar:.*|"
              # « top of page » skip links, an image's file name left by a copy (« mobiliterrejpg »), a
              # board's offer number under the contract's name (« Stage OT-22761 », « Offre n° 12 »)
              r"top of page|haut de page|retour en haut(?: de (?:la )?page)?|\S{1,60}\.?(?:jpe?g|png|gif|webp|svg)|"
              r"(?:stage|offre|poste|annonce|emploi)\s+(?:n[°o]\s*)?[a-z]{0,5}[-_ ]?\d{3,}"
              r")\W*$|cookies?\b|\S\s[>›]\s[^>›\n]{1,200}\s[>›]\s")
# Chrome lines read past at most (a page's menu is rarely longer).
MAX_CHROME_LINES = 40
# A post's title is marked by the gender mark of French job ads (« H/F », « F/H »)…
_GENDER_MARK = _rx(r"(?<![\w/])(?:h\s?/\s?f|f\s?/\s?h)(?![\w/])")
# …or begins with the contract (« Stage – … », « Offre de stage : … », « [Stage] … »).
_STAGE_START = _rx(r"^[\[(]?\s*(?:offre de )?(?:stage|stagiaire)\b")
_STAGE_MARK = _rx(r"^[\[(]?\s*(?:offre de )?(?:stage|stagiaire)\b(?!\s+(?:de |d'une duree (?:de )?)?\d)|"
                  # « X propose un stage pour … », « X recrute un·e stagiaire … » as a line of its own
                  r"\b(?:propose|recrute|recherche)\s+(?:un|une|son|sa)\b[^\n]{0,20}?\b(?:stage|stagiaire)")
# « Stage au Parc X », « Stage environnement au laboratoire X »: a line that only says where the internship is.
_HOST_LINE = _rx(r"^(?:offre de )?stage (?:[^\W\d]+ ){0,2}?(?:au sein d[eu']|au|a la|a l'|chez|aupres d[eu'])\s*"
                 r"[^\W\d][^:–—|]{1,100}$")
# Lines below the heading where a marked title is looked for.
TITLE_LOOKAHEAD = 4


def _marked_title_line(doc: _Doc, lines: list[tuple[int, int]], heading: tuple[int, int]) -> tuple[int, int]:
    """The line under a page's first line that is marked as the post's title, when the first line
    is not (a site's or host's name above « STAGE … H/F », a paragraph above « Stage dans … »)."""
    text = fold(doc.line_text(heading))
    if _GENDER_MARK.search(text) or (len(text) <= MAX_TITLE_CHARS and (_RECRUITS.match(text) or (
            _PAREN_HEADING.match(text) and not _STAGE_START.match(text)))):
        return heading
    i = lines.index(heading)
    below = [(line, fold(doc.line_text(line))) for line in lines[i + 1:i + 1 + TITLE_LOOKAHEAD]]
    below = [(line, folded) for line, folded in below
             if len(folded) <= MAX_TITLE_CHARS and len(folded.split()) >= 3 and not folded.endswith(":")]
    for line, folded in below:
        if _GENDER_MARK.search(folded):
            return line
    if below and _HOST_LINE.match(text) and _STAGE_START.match(below[0][1]):
        # « Stage au Parc naturel régional X » above « Stage Aménagement du territoire : … »: the first line
        # names the host, the next one the post
        return below[0][0]
    if _STAGE_MARK.search(text):
        return heading
    for line, folded in below:
        if _STAGE_MARK.search(folded) and not _NOT_A_HEADING.search(folded):
            return line
    return heading


_BANNER = _rx(r"^(?:(?:offre|proposition) (?:de |d')?(?:stage|emploi|mission|service civique)|"
              r"appel a candidatures?)\b|"
                     r"^(?:stage|offre|poste)\s*$")
# Lines of a web page above its heading: section titles, a date, a « Label : value » line, a call.
_NOT_A_HEADING = _rx(r"^(?:qui sommes-nous|a propos|contexte|description|presentation|missions?|profil|site\b|"
                            r"(?:le|votre) poste$|descriptif du poste|"
                            r"le \d|publiee? le|\d{1,2}(?:er)? \w+ \d{4}$)|:\s*$|"
                            # a call or a question (« REJOIGNEZ-NOUS ! »), unless the contract opens it
                            # (« Stage de master 2 : Quelle gouvernance … ? » is a study's title)
                            r"^(?![\W_]*(?:offre de )?stage\b).*[?!]\s*$|"
                            # a label has no article; « Les plans d'eau : état des lieux… » is a title
                            # nor is « Stage : Retour d'expérience … » (« Stage : 6 mois » is a field)
                            # nor « Stage – Chargé·e de projet : … » (a dash after the contract marks a title)
                            r"^(?!(?:les?|la|l') )(?!(?:offre de )?stage(?: (?:de )?(?:master|m) ?[12])? ?: "
                            r"(?:[«\"“]|[^\W\d]\S*(?: \S+){2}))"
                            r"(?!(?:offre de )?stage\s*[-–—]\s)"
                            # nor « Commune de X (26340) : stage … »: a host and its postcode before the post
                            r"(?![^:()]{2,80}\([^()]*(?<!\d)\d{2} ?\d{3}(?!\d)[^()]*\) : )"
                            r"[^:]{2,40} : \S")
# A line that only gives the internship's length and dates (« 5 mois – de février à fin juin 2022 »).
_LENGTH_LINE = _rx(r"^\d{1,2}(?:\s*(?:-|–|a)\s*\d{1,2})?\s*(?:mois|semaines)\b")
_BARE_BANNER = _rx(r"^(?:offre (?:de |d')?(?:stage|emploi|mission|service civique)|appel a candidatures?|"
                          r"stage|offre|poste)\W*$")
_PAREN_HEADING = _rx(r"^(?P<org>[^()]{2,150}?)\s*\((?P<place>[^()]*(?:\([^()]*\)[^()]*)?)\)\s*"
                            r"[-–—:|]*\s*(?P<title>\S.*)$")
_TEAM_OF = _rx(r"(?:l['’]|les? )?[ée]quipes?\s+(?:de\s+|du\s+|d['’])?(?=\S)", re.IGNORECASE)
_RECRUITS = _rx(r"^(?P<org>.{2,100}?)\s+recrute\b\s*(?P<rest>.*)$", re.IGNORECASE)
_AT_ORG = _rx(r"^(?P<title>.+?)\s+(?:chez|au sein d[eu']|aupres d[eu'])\s+(?P<org>.+)$", re.IGNORECASE)
_TITLE_AT = _rx(r"^(?P<title>(?:stage|stagiaire|service civique|volontaire)\b.+?)\s+(?:a|au|a la)\s+"
                       r"(?P<org>\S.+?)(?:\s*\(.*\))?$")
# « Offre de stage – Chargé·e de mission concertation »: past the banner, at least two words name the post.
_BANNER_REST = _rx(r"^(?:(?:offre|proposition) (?:de |d')?(?:stage|emploi|mission|service civique)|"
                   r"appel a candidatures?)\b"
                   # « offre de stage 4-5 mois-Impact des … »: the length before the subject
                   r"(?:\s*\d{1,2}(?:\s*(?:-|–|a)\s*\d{1,2})?\s*mois\b)?"
                   r"(?![\s\-–—:|]*(?:de|d'|du|des|en|au|aux|a|chez|pour)\b)[\s\-–—:|]*"
                   r"(?P<rest>[«\"“]?\s*[^\W\d]\w+\W+\w.*)$")
_DASH_HEADING = _rx(r"^(?P<org>[^–—|]{2,80}?)\s+[–—|]\s+(?P<title>.+)$")
# « Chargé·e d'études – Mesurer … »: a post's name before the dash, not a host's.
_JOB_TITLE = _rx(r"^(?:charge|stagiaire|assistant|chef|cheffe|consultant|developpeu|designer|animat|coordinat|"
                 r"responsable|mediat|juriste|ingenieur|technicien|volontaire|alternant|apprenti|gestionnaire|"
                 r"analyste|architecte|urbaniste|paysagiste|geomaticien|conseiller|agent|enqueteu|educat|"
                 r"business developer|product|data)")
# « Stage – Paysage – Intégrer … – CAUE 43 »: a heading ending on a host's initials (a word in capitals of
# three letters or more, maybe with a number or a name after it); not in a heading all in capitals.
_HOST_LAST = _rx(r"^(?P<title>.{10,}\S)\s+[–—|-]\s+(?P<org>(?-i:[A-ZÉÈ]{3,}[a-z]?(?: [A-Z0-9ÉÈ][\w'’\-]*){0,3}))$",
                 re.IGNORECASE)
_TITLE_LABEL = _rx(r"^[ \t•\-*]*(?:poste|intitule(?: du poste| de l'offre| du stage)?|titre|mission)"
                          r"\s*:\s*(.+)$", re.MULTILINE)
_ORG_LABEL = _rx(r"^[ \t•\-*]*(?:structure(?: d'accueil)?|organisme(?: d'accueil| porteur| employeur)?|employeur|"
                        r"organisation|entreprise|collectivite|etablissement|association|recruteur|annonceur|"
                        r"societe(?: qui recrute)?|laboratoire(?: d'\w+| de rattachement)?|"
                        r"unite (?:d'accueil|de recherche)|"
                        r"annonce (?:postee|publiee|deposee) par|"
                        r"nom de (?:l'organisme|la structure|l'entreprise|l'employeur|l'etablissement))"
                        r"(?: \([^()\n]{0,40}\))?\s*:\s*(.+)$", re.MULTILINE)
# Job boards that lay a field's name on its own line and its value on the next (« Nom de l'organisme »
# then « Département de X »), or beside it without a colon (« Annonceur CONSEIL DÉPARTEMENTAL … »).
_ORG_LABEL_LINE = _rx(r"^[ \t•\-*]*(?:nom de (?:l'organisme|la structure|l'entreprise|l'employeur|l'etablissement)|"
                             r"organisme (?:d'accueil|porteur|employeur)|structure d'accueil|societe qui recrute|"
                             r"recruteur|annonceur|employeur|entreprise|organisme|structure|etablissement)"
                             r"(?: \([^()\n]{0,40}\))?[ \t]*:?[ \t]*\n[ \t]*([^\n]{2,80})$|"
                             r"^[ \t]*annonceur[ \t]+([^\s:][^\n]{1,80})$", re.MULTILINE)
# A title field (« Intitulé du poste : … », « Sujet du stage : » with the subject on the next line):
# the board says the post's name, better than any guess from the page's lines.
_STRONG_TITLE_LABEL = _rx(r"^[ \t•\-*]*(?:intitule|titre) (?:du poste|de l'offre|du stage|de la mission)"
                                 r"[ \t]*:?[ \t]*(?:\n[ \t]*)?([^\s:][^\n]{2,200})$", re.MULTILINE)
# « Sujet du stage : » names the study: the title when the page's lines give none.
_SUBJECT_LABEL = _rx(r"^[ \t•\-*]*(?:sujet|objet) (?:du stage|de stage)[ \t]*:?[ \t]*(?:\n[ \t]*)?"
                     r"([^\s:][^\n]{2,200})$", re.MULTILINE)
# « X est une association… », « L'ICPC recherche un·e stagiaire », « La LPO propose »; not « Une organisation… »
# (« La qualité de l'eau est l'enjeu… »: an article before a common noun starts no name.)
_ORG_SENTENCE = _rx(r"^[ \t]*\[?"
                           # « Créée en 2020, l'Atelier X est une entité… »: a clause on the host's birth first
                           r"(?:(?:Cr[ée]{2}e?s?|Fond[ée]e?s?|N[ée]e?s?) (?:en|le|il y a|depuis)\b[^,\n]{1,40},\s*"
                           r"(?=[LlA-ZÉÈ]))?"
                           r"(?:(?:[Ll]['’]|[Ll]e |[Ll]a |[Ll]es )(?=[A-ZÉÈ])|"
                           # « L'association Planète Mer a pour objet … »: the kind of body, then its name
                           r"[Ll]['’]association (?=[A-ZÉÈ])|[Ll]a (?:fondation|coop[ée]rative) (?=[A-ZÉÈ]))?"
                           r"(?!Une? )"
                           r"(?!(?:[Ll]['’]|[Ll]e |[Ll]a |[Ll]es )[a-zéèà])"
                           r"(?!(?:Ce|Cet|Cette|Il|Elle|Ils|Elles|Nous|Vous|On|Votre|Notre|Son|Sa|Ses|Leur)\b)"
                           # (« Conseil d'Architecture, d'Urbanisme et d'Environnement de X »: a comma before
                           # « d' » goes on with the name)
                           r"(?P<org>[A-ZÉÈ](?:[^\n\],.;:]|\.(?=\w)|,(?= d['’]\w)){1,90}?)\]?"
                           # « Institut national de recherche pour … »: after « de », « recherche » is a noun.
                           r"(?:\(#\))?\s+(?<!\sde )(?<!\sd')(?<!\sla )"
                           r"(?:(?:est|œuvre|accompagne|cherche|recherche|recrute|d[ée]veloppe)\s+[*_]{0,2}"
                           r"(?:un|une|le|la|l'|son|sa|pour)\b|propose\b|est (?:en charge d|engag[ée]e?\b)|"
                           r"a pour (?:objet|objectif|mission|but|vocation)\b|"
                           # « L'APESA travaille depuis 2015 sur … », « La Région agit pour … »
                           r"(?:travaille|agit|intervient) (?:depuis|sur|pour|en faveur|aupres|dans)\b)",
                           re.MULTILINE)
# « Créé en 2020, l'Office français de la biodiversité (OFB) est un établissement public… »: a name
# given with its acronym and defined by « est un/une » presents the host, even after a first clause.
_ORG_ACRONYM = _rx(r"(?:^|(?<=[,.]) )[ \t]*(?:L['’]|l['’]|Le |le |La |la |Les |les )?"
                          r"(?P<name>[A-ZÉÈ][^\n.;:()\d]{1,120}?)\s\((?P<acronym>[A-Z][A-Za-z]{1,9})\)"
                          r"\s+(?:(?:est|sont)\s+(?:un|une|le|la|l['’])\s|"
                          # « Le Réseau X (REFER) accompagne depuis 2014… »: the host's own activity
                          r"(?:accompagne|œuvre|agit|intervient|regroupe|rassemble|f[ée]d[èe]re|anime|a pour)\b)",
                          re.MULTILINE)
# « Réseau Exemple, association de développement rural, fédère … », « Créé en 2000, Exempôle, association
# labellisée … »: a name at a sentence's start, then what kind of body it is, between commas.
_ORG_APPOSITIVE = _rx(r"(?:^|(?<=[.!?] ))[ \t*]*"
                      r"(?:(?:Cr[ée]{2}e?s?|Fond[ée]e?s?|N[ée]e?s?) (?:en|le|il y a|depuis)\b[^,\n]{1,40},\s*)?"
                      r"(?:(?:L['’]|Le |La |Les )(?=[A-ZÉÈ])|[Ll]['’]association (?=[A-ZÉÈ]))?"
                      r"(?P<org>[A-ZÉÈ][^\n,.;:()«»]{1,80}?)(?:\s\([^()\n]{1,60}\))?\**,\s+"
                      r"(?:une? |l['’]|le |la )?(?:association|r[ée]seau|f[ée]d[ée]ration|p[ôo]le|acteur|structure|"
                      r"organisme|coop[ée]rative|fondation|collectif|ONG|entreprise|soci[ée]t[ée]|"
                      r"bureau d['’][ée]tudes|cabinet|agence|syndicat|[ée]tablissement|collectivit[ée]|centre|"
                      r"institut)\b",
                      re.MULTILINE)
# Past this many words a name with an acronym is cited by its acronym (« INRAE »).
MAX_NAME_WORDS = 8
# Hosts named by what they are (a syndicat, a natural park, a conservatoire, a metropolis…): the
# first such name in the text, when nothing presents the host more plainly.
_NAMED_HOST = _rx(r"(?<!\w)(?:Syndicat(?: [Mm]ixte| [Ii]ntercommunal)?|Parc [Nn]aturel [Rr][ée]gional|"
                         r"Parc [Nn]ational|Conservatoire d['’][Ee]spaces [Nn]aturels|Eurom[ée]tropole|M[ée]tropole|"
                         r"Communaut[ée] (?:de [Cc]ommunes|d['’][Aa]gglom[ée]ration|[Uu]rbaine)|"
                         r"[ÉE]tablissement [Pp]ublic [Tt]erritorial|Ville|Mairie|[Ss]yndicat|"
                         r"Chambre (?:d['’][Aa]griculture|de [Cc]ommerce|des? [Mm][ée]tiers)|"
                         r"Conseil [Dd][ée]partemental|Conseil [Rr][ée]gional|D[ée]partement|"
                         r"Agence d['’][Uu]rbanisme|UMR)"
                         r"(?P<rest>(?:[ \-](?:(?:de la|de l['’]|de|du|des|d['’]|et)[ ]?)?[A-ZÉÈÀÎÔ][\w'’\-]*){1,6})")
# Hosts named by their kind of institution and a proper name, in the page's first part: « le laboratoire
# PACTE », « au laboratoire Habiter de l'Université de Reims », « La commune de SAINT-EXEMPLE est… »,
# « L'Agence de l'eau Seine-Normandie agit… », « du Pays Pyrénées Méditerranée (PPM) », « à la DREAL de Lille ».
_NAME_REST = (r"(?:[ \-](?:(?:de la|de l['’]|de|du|des|d['’]|et)[ ]?)?[A-ZÉÈÀÎÔ][\w'’\-]*){1,6}"
              r"(?: \([A-Z][A-Za-z]{1,9}\))?")
_KIND_HOST = _rx(r"(?<![\w'’])(?:(?:(?:[Ll]e|[Ll]a|au|du|[Àà] la|de la) |[Ll]['’])"
                 r"(?P<kind>[Ll]aboratoire|[Cc]ommune|[Aa]gence de l['’]eau|[Uu]nit[ée] (?:mixte )?de recherche)|"
                 r"(?P<capital>Pays|DREAL|DDTM?|DRAAF|DDPP|EPAGE|EPTB|Pr[ée]fecture))"
                 r"(?P<rest>" + _NAME_REST + ")|"
                 # the State's national bodies, named alone: « le Cerema accompagne … »
                 r"(?<![\w'’])(?:[Ll]e |[Ll]a |[Ll]['’])(?P<body>Cerema|CEREMA|ADEME|Ademe|BRGM|ONF|IGN|OFB|ANCT|CSTB)"
                 r"(?P<none>)\b")
# « Description de l'entreprise » / « Qui sommes-nous ? » / « À propos » then « Numberly est… »,
# « **Sopra Steria**, acteur… »: the paragraph under a section presenting the host opens on its name.
_ABOUT_HOST = _rx(r"^[ \t#*]*(?:description de (?:l'entreprise|la structure|l'organisme)|company description|"
                  r"a propos(?: de (?:nous|l'entreprise|la structure))?|qui sommes[ -]nous|"
                  r"presentation de (?:l'entreprise|la structure|l'organisme|la structure d'accueil))[\s*#:?!.]*\n"
                  r"[\s*]*(?:(?:creee?s?|fondee?s?|nee?s?) (?:en|le|il y a|depuis)\b[^,\n]{1,40},\s*)?"
                  r"(?:(?:l'|le |la |les )(?=\S))?(?P<org>[^\W\d_][^\s*,]*(?: [^\s*,]+){0,4}?)\**\s*"
                  r"(?:,|est\b|a (?:pour|ete)\b|compte\b|developpe\b|accompagne\b|propose\b|agit\b|œuvre\b)",
                  re.MULTILINE)
# The public service's boards: « Descriptif de l'employeur » then « La Direction départementale des territoires
# et de la mer du Calvados (DDTM 14) met en œuvre … »: the first sentence's subject, up to its verb, is the host.
_EMPLOYER_SECTION = _rx(r"^[ \t#*]*(?:descriptif|description|presentation) de l'employeur[\s*#:.]*\n[\s*]*"
                        r"(?:l'|le |la |les )?(?P<org>[^\W\d_][^\n.;:]{1,150}?)\s+"
                        r"(?:est|sont|met|assure|agit|porte|a pour|regroupe|intervient|compte|exerce|œuvre|oeuvre|"
                        r"contribue|conduit|pilote|mene|accompagne|developpe|emploie|rassemble)\b", re.MULTILINE)
# Intercommunalities named before what they are: « Grenoble Alpes Métropole », « Tulle agglo ».
_NAMED_BEFORE = _rx(r"(?<![\w'’])(?:[A-ZÉÈÀÎÔ][\w'’\-]+ ){1,3}(?:M[ée]tropole|[Aa]gglo(?:m[ée]ration)?)\b")
_CAPS_TITLE = _rx(r"^[ \t#*]*((?:STAGE|STAGIAIRE|SERVICE CIVIQUE|OFFRE DE STAGE)\b[^\na-z]{3,120}?)[ \t*]*$",
                         re.MULTILINE)
# A line that only says who presents the offer, the title on the next line.
_PRESENTING_VERB = _rx(r"^(?:propose|recrute|recherche)\b\s*:?\s*")
_PRESENTS = _rx(r"^[ \t#*]*(?:(?:l'|le |la |les )(?=\S))?(?P<org>[^\n]{2,100}?)\s+(?:propose|recrute|recherche)"
                       r"\s*:?\s*$")
# A heading cut mid-sentence ends on a preposition or an article.
_DANGLING = _rx(r"\s(?:en|de|du|des|la|le|les|pour|sur|a|au|aux|et|d'|l'|un|une|dans|avec)$")
# A « heading » longer than this is a paragraph (a job board's summary, the context) and no title.
MAX_TITLE_CHARS = 150
# A job board's anonymous summary above the posting: « Une organisation … recherche un stagiaire … ».
_BOARD_SUMMARY = _rx(r"^[ \t]*une? [a-z]")
# « Le Parc … recherche son / sa stagiaire pour mobiliser le territoire… », « … propose une offre de
# stage sur la conservation de … »: the post named by the host's own sentence.
# (« stage de 6 mois pour » is no title: no digits between the post and « pour ».)
_SEEKS = _rx(r"\b(?:recherche|recrute|propose)\s+(?:[a-z·.()/ ]{1,12}\s)?"
                    r"(?P<title>(?:stagiaire|offre de stage|stage)"
                    r"\s+(?:[^\W\d]+\s+){0,3}?(?:pour|sur|en)\s[^,.;\n]{5,150})")
# Last, the team or unit the intern joins, named with a capital (« activités du pôle Design des
# services numériques », « au sein du service Démocratie locale »).
_HOST_UNIT = _rx(r"(?:\bau sein d[ue]|\bdu|\bau|\ble|\bla|\bl['’]|\bde la)\s+"
                        r"(?![Ss]ervice [Cc]ivique)"
                        r"(?P<unit>(?:p[oô]le|service|direction|d[ée]partement|[ée]quipe|mission)\s+"
                        r"[A-ZÉÈ][\w'’\-]*(?:\s(?!(?:des|du|de|dans|pour|et|en|sur|avec|qui|au|aux)\b)[a-zéè][\w\-]*)?"
                        r"(?:(?:\s(?:des|du|de)\s|\sd['’])[\w'’\-]+(?:\s[a-zéè][\w\-]*)?)?)")
_RECRUITED = _rx(r"^(?:(?:un|une)(?:[·.•\-]?e|\(e\))?|des|son|sa|ses|une? ou une?)\s+(?P<post>\S.*?)[\s!.📢]*$")


def _lines(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, or of the first ``limit`` ones."""
    spans = []
    for match in re.finditer(r"\S[^\n]*", text):  # from a line's first visible character
        spans.append((text.rfind("\n", 0, match.start()) + 1, match.end()))
        if limit is not None and len(spans) >= limit:
            break
    return spans


# « La Ville de X (69100) recrute », « Association X (Rennes – 35000) recrute », « Commune de X – X (26340) – Stage »:
# the place written beside the host's name at a posting's head is where the post is, not part of the name.
_PLACE_AFTER_NAME = re.compile(r"\s*\((?P<place>[^()]*(?:\([^()]*\)[^()]*)?)\)[\s*_]*$")
_COMMUNE_AFTER_NAME = re.compile(r"\s*(?:[–—|,]|\s-)\s*(?P<commune>[^\W\d][^–—|,()]{1,60}?)[\s*_]*$")
# « La Ville de X », « Le Parc naturel régional de X », « L'Agglomération de X »: an institution's kind after an
# article; the article is no part of its name (« La Rochelle Territoire … », « Les Petits Curieux » keep theirs).
_ARTICLE_BEFORE_KIND = _rx(r"(?:l'|le |la |les )(?=(?:ville|mairie|commune|communaute|(?:euro)?metropole|"
                           r"agglomeration|region|departement|syndicat|parc|chambre|prefecture|universite|"
                           r"agence|office|pole|conseil (?:departemental|regional))\b\W+\w)")


def _host_without_place(doc: _Doc, org: Extracted, place: str | None = None) -> Extracted:
    """The host's name without the place a heading writes beside it (``place``: the brackets after it, when
    the heading's rule took them apart) and without an article before its kind."""
    start, end = org.start, org.end
    raw = doc.text[start:end]
    bracket = _PLACE_AFTER_NAME.search(raw)
    if bracket and bracket.start() >= 2 and _brackets_name_a_place(bracket["place"]):
        end, place = start + bracket.start(), bracket["place"]
    if place is not None:
        commune = _COMMUNE_AFTER_NAME.search(doc.text, start, end)
        if commune and commune.start() - start >= 2 and _commune_of_place(commune["commune"], place):
            end = commune.start()
    article = _ARTICLE_BEFORE_KIND.match(doc.folded, start, end)
    if article and doc.text[article.end()].isupper():
        start = article.end()
    value = str(org.value)
    if value == _clean_name(org.passage):
        value = _clean_name(doc.text[start:end])
    else:  # a value rewritten from its passage (« L'équipe X », a capital added): cut the same words off it
        head, tail = _clean_name(doc.text[org.start:start]), _clean_name(doc.text[end:org.end])
        if (tail and not value.endswith(tail)) or (head and not value.lower().startswith(head.lower())):
            return org
        value = _clean_name(value[len(head):len(value) - len(tail)])
        article = _ARTICLE_BEFORE_KIND.match(fold(value))  # « L'équipe de la Ville de X »
        if article and value[article.end()].isupper():
            value = value[article.end():]
    if not value or (value, start, end) == (org.value, org.start, org.end):
        return org
    return doc.found(value, start, end)


# « (ORE) », « (DDTM 14) », « (PQN-A) »: a host's initials, maybe with its department, even when a commune bears
# the same letters (Ore) or the number is a department's.
_ACRONYM = re.compile(r"\s*[A-Z][A-Z&.\-]{1,4}(?:[\s\-]?(?:\d{1,3}|2[AB]|[A-Z]))?\s*")


def _brackets_name_a_place(inside: str) -> bool:
    """Whether the words between brackets after a host's name are its place, not its initials."""
    return _ACRONYM.fullmatch(inside) is None and looks_like_place(inside)


def _commune_of_place(name: str, place: str) -> bool:
    """Whether ``name`` is a commune the bracketed place agrees with (its postcode, INSEE code or department
    number; any commune when the brackets give no number)."""
    gazetteer = load_gazetteer()
    positions = _communes_named(gazetteer, name.strip())
    if not positions:
        return False
    number = _FR_POSTCODE.search(place)
    department = _DEPARTMENT_NUMBER.search(place)
    if number is None and department is None:
        return normalise_name(name) not in _regions(gazetteer)
    for position in positions:
        row = gazetteer.communes.iloc[position]
        if number is not None:
            code = number[1] + number[2]
            if code in str(row["postcodes"]).split() or row["insee"] == code:
                return True
        elif str(row["department_code"]) == department[1].upper():
            return True
    return False


_DEPARTMENT_NUMBER = _rx(r"(?<![\w,.])(\d{2}|2[abAB]|97\d)(?![\w,.])")


def _heading_fields(doc: _Doc) -> dict[str, Extracted | None]:
    """Organisation and title from the heading line ("Organisation (City – 13200) – Title",
    "X recrute…", "Title chez X"), then labelled lines ("Poste :", "Structure d'accueil :")."""
    lines = doc.content_lines
    if not lines:
        return {}
    start, end = doc.heading
    lines = lines[lines.index(doc.heading):]
    raw = doc.text[start:min(end, start + MAX_HEADING_CHARS)]
    offset = start + len(raw) - len(raw.lstrip(" #*\t"))
    line = raw.strip(" #*\t")
    org: Extracted | None = None
    title: Extracted | None = None
    title_from_recruits = False  # a « Poste : » line below says the title better
    banner = _BANNER.match(fold(line)) is not None

    def span(match: re.Match, group: str) -> Extracted | None:
        value = _clean_name(line[match.start(group):match.end(group)])  # the match may be on the folded line
        if not value:
            return None
        return doc.found(value, offset + match.start(group), offset + match.end(group))

    banner_rest = _BANNER_REST.match(fold(line)) if banner else None
    if banner_rest:
        at = banner_rest.start("rest")
        lead = len(line[at:]) - len(line[at:].lstrip(" «»\"“”"))
        title = doc.found(_clean_name(line[at:].strip(" «»\"“”")), offset + at + lead, offset + len(line))
    if not banner:
        recruits = _RECRUITS.match(line)
        paren = _PAREN_HEADING.match(line)
        at_org = _AT_ORG.match(line)
        title_at = _TITLE_AT.match(fold(line))
        dash = _DASH_HEADING.match(line)
        if recruits:
            org = span(recruits, "org")
            team = _TEAM_OF.match(str(org.value)) if org is not None else None
            if org is not None and team:  # « L'équipe X recrute »: the team bears the host's name
                org = Extracted(org.value[team.end():], org.passage, org.start, org.end)
            # « Peps recrute un•e Business Developer en stage »: what follows is the post.
            post = _RECRUITED.match(recruits["rest"])
            if post and len(post["post"].split()) >= 2:
                at = recruits.start("rest") + post.start("post")
                title = doc.found(_clean_name(post["post"]), offset + at,
                                  offset + at + len(post["post"].rstrip(" !.📢")))
                title_from_recruits = True
        elif paren and not _STAGE_START.match(fold(line)) and looks_like_place(paren["place"]):
            org, title = span(paren, "org"), span(paren, "title")
            if org is not None:
                org = _host_without_place(doc, org, paren["place"])
            verb = _PRESENTING_VERB.match(fold(paren["title"]))
            if verb:
                # « La Ville de X (69100) propose un stage de … »: the post follows the verb (the title
                # was « propose un stage de … »); a bare « propose : » leaves it to the next line.
                at = paren.start("title") + verb.end()
                post = _RECRUITED.match(line[at:])
                title = None
                if post and len(post["post"].split()) >= 2:
                    value = _clean_name(post["post"])
                    title = doc.found(value[:1].upper() + value[1:], offset + at + post.start("post"),
                                      offset + at + post.start("post") + len(post["post"].rstrip(" !.📢")))
        elif at_org and _names_a_host(line, at_org.start("org")):
            org, title = span(at_org, "org"), span(at_org, "title")
        elif title_at and _names_a_host(line, title_at.start("org")) and not _is_commune(title_at["org"]):
            org, title = span(title_at, "org"), span(title_at, "title")
        elif (dash and not _STAGE_START.match(fold(line)) and not re.match(r"(?i)offre", line)
              and not _JOB_TITLE.match(fold(dash["org"]))):
            org, title = span(dash, "org"), span(dash, "title")
        else:
            title = doc.found(_clean_name(line), offset, offset + len(line))
            host_last = _HOST_LAST.match(line)
            if host_last and any(c.islower() for c in host_last["title"]) and not _is_commune(host_last["org"]):
                # « Stage – Paysage – … – CAUE 43 »: the host joined at the end, left out of the title
                org, title = span(host_last, "org"), span(host_last, "title")
    if title is not None and _NOT_A_HEADING.search(fold(line)):
        # None of the first lines is a heading (« Site X », « MISSIONS »…): a section title in
        # capitals naming the post (« STAGE MÉDIATION CULTURELLE ») says it.
        caps = _CAPS_TITLE.search(doc.text)
        if caps:
            title = doc.found(_clean_name(caps[1]), *caps.span(1))
        else:  # a board's field list (« Type d'offre : Stage », …): its « Sujet du stage : » names the post
            title = _labelled_title(doc, _SUBJECT_LABEL) or title
    labelled = _TITLE_LABEL.search(doc.folded)
    strong = _labelled_title(doc)
    if strong is not None:
        title = strong
    elif labelled and (title is None or title_from_recruits or (org is not None and title.value == org.value)
                       or _NOT_A_HEADING.search(fold(line)) is not None):
        title = doc.found(_clean_name(doc.text[labelled.start(1):labelled.end(1)]), *labelled.span(1))
    if title is None and len(lines) > 1 and banner and _LENGTH_LINE.match(fold(doc.line_text(lines[1]))):
        # « Offre de stage » above « 5 mois – de février à fin juin »: the banner is the only title
        title = doc.found(_clean_name(line), offset, offset + len(line))
    if title is None and len(lines) > 1:
        nxt = lines[1]
        # « OFFRE DE STAGE » / « La LPO propose » / « « Inventaire des… » »: the title comes after.
        presents = _PRESENTS.match(fold(doc.text[nxt[0]:nxt[1]]))
        if presents and len(lines) > 2:
            if org is None:
                org = doc.found(_clean_name(doc.text[nxt[0] + presents.start("org"):nxt[0] + presents.end("org")]),
                                nxt[0] + presents.start("org"), nxt[0] + presents.end("org"))
            nxt = lines[2]
        title = doc.found(_clean_name(doc.text[nxt[0]:nxt[1]].strip(" #*«»\"“”")), *nxt)
    if title is None or not title.value or _DANGLING.search(fold(str(title.value))):
        # none, or a heading cut mid-sentence (« … recherche un.e stagiaire en »): the subject's field says it
        title = _labelled_title(doc, _SUBJECT_LABEL) or title
    if title is not None and len(str(title.value)) > MAX_TITLE_CHARS:
        title = _title_in_sentence(doc) or title
    if org is None:
        org = _host_above(doc)
    if org is None:
        org = _organisation_in_body(doc)
    if org is not None:
        # « La Ville de X (69100) recrute … » opening the heading or the host's paragraph: the bare name
        org = _spelled_out(doc, _host_without_place(doc, org))
    if title is not None:
        title = Extracted(_clean_title(str(title.value)), title.passage, title.start, title.end)
    return {"organisation": org, "title": title}


# Hosts a board names by their kind's initials (« PNR Verdon », « CEN Occitanie »): the text spells the same
# host out elsewhere (« le Parc naturel régional du Verdon »), the name a reader gives.
_INITIALS = {"pnr": r"parc naturel regional", "cen": r"conservatoire d'espaces naturels",
             "cc": r"communaute de communes", "ca": r"communaute d'agglomeration"}
_INITIALS_NAME = _rx(r"^(?P<kind>pnr|cen|cc|ca) (?:(?:du|des|de la|de l'|d'|de) ?)?(?P<rest>\S.{1,60})$")


def _spelled_out(doc: _Doc, org: Extracted) -> Extracted:
    """The host's name spelled out in the text when the found one is its kind's initials and a name."""
    named = _INITIALS_NAME.match(fold(str(org.value)))
    if named is None:
        return org
    spelled = re.compile(_INITIALS[named["kind"]] + r" (?:(?:du|des|de la|de l'|d'|de) ?)?" + re.escape(named["rest"])
                         + r"\b")
    found = spelled.search(doc.flat)
    return doc.found(doc.text[found.start():found.end()], *found.span()) if found else org


# « Stage au sein du PETR X » above « Stage Évaluation … H/F »: the line the title displaced names the host.
_STAGE_AT_HOST = _rx(r"^[\[(]?\s*(?:offre de )?stage (?:au sein d[eu']|au|a la|a l'|chez|aupres d[eu'])\s*"
                     r"(?P<org>\S.{1,100})$")


_KIND_LINE = re.compile(r"(?:R[ée]gion|D[ée]partement|Ville|Mairie|Commune|Communaut[ée]|M[ée]tropole|Syndicat|"
                        r"Parc|Conservatoire|Agence|Direction|Pr[ée]fecture|Universit[ée]|Laboratoire|DREAL|DDTM?|"
                        r"Pays|PETR|Office|Association|Conseil (?:d[ée]partemental|r[ée]gional))\b.*")


def _kind_line(doc: _Doc, line: tuple[int, int]) -> Extracted | None:
    """A line that is only an institution's kind and its name (« Région Occitanie », « Commune de X »)."""
    value = _clean_name(doc.line_text(line))
    if ":" in value or not (_KIND_LINE.fullmatch(value) and len(value) <= 80 and _is_a_name(value)):
        return None
    start = line[0] + doc.text[line[0]:line[1]].find(value[:10])
    return doc.found(value, start, start + len(value))


def _host_above(doc: _Doc) -> Extracted | None:
    """The host named by a « Stage au … » line above the heading, when a marked title displaced it."""
    lines = doc.content_lines
    first = lines[0] if lines else doc.heading
    if first == doc.heading:
        # « Offre de stage : … » above « Commune de Saint-Exemple »: the line under the heading
        below = lines[lines.index(doc.heading) + 1] if doc.heading in lines[:-1] else None
        return _kind_line(doc, below) if below is not None else None
    at = _STAGE_AT_HOST.match(fold(doc.line_text(first)))
    if at is None:
        # « Région Occitanie » alone above « Stage : … »: a line that is only an institution's kind and name
        return _kind_line(doc, first)
    offset = first[0] + len(doc.text[first[0]:first[1]]) - len(doc.text[first[0]:first[1]].lstrip(" #*_\t"))
    value = _clean_name(doc.line_text(first)[at.start("org"):at.end("org")])
    if not value[:1].isupper() or _is_commune(value):
        return None
    return doc.found(value, offset + at.start("org"), offset + at.end("org"))


_POSTCODE_HINT = _rx(r"(?<!\d)\d{2}\s?\d{3}(?!\d)|\b[a-z]\d[a-z]\s?\d[a-z]\d\b|\bdistanciel\b|\bteletravail\b|"
                            r"\bremote\b")
# "(Aix-en-Provence -13)", "(13)", "(Paris 5e)": a department number beside a short name.
_DEPARTMENT_HINT = _rx(r"^[^\d]{0,30}?(?<![\w,.])(?:\d{2}|2[ab]|97\d|\d{1,2}\s?(?:e|er|eme))(?![\w,.])"
                              r"[^\d]{0,30}$")


def looks_like_place(inside: str) -> bool:
    """Whether the words between brackets name a place: a postcode, a department, a commune."""
    folded = fold(inside)
    if _POSTCODE_HINT.search(folded) or _DEPARTMENT_HINT.match(folded):
        return True
    gazetteer = load_gazetteer()
    for part in re.split(r"[,/–—;]|\s-\s", inside):
        words = part.split()
        if not words or not words[0][:1].isupper():
            continue
        for k in range(min(len(words), 5), 0, -1):
            if normalise_name(" ".join(words[:k])) in gazetteer.by_name:
                return True
    return False


_ANOTHER_FIELD = _rx(r"^[^:]{2,40} : ")
# « La commune de X » opening a line or a sentence (searched on the text before it).
_SENTENCE_START = re.compile(r"(?:^|\n|[.!?] )[ \t]*\Z")
_SELF_ASSOCIATION = _rx(r"\b(?:est|sommes) une association\b|association (?:loi|de) 1901")
# A board that lays its fields' names in a column (« Entreprise », « Localisation », « Contrat », …) and
# their values in the same order below them.
_HOST_FIELD_NAME = _rx(r"(?:entreprise|employeur|organisme|structure|societe|recruteur|etablissement)")
MAX_COLUMN_LINES = 40


def _host_in_column(doc: _Doc) -> Extracted | None:
    """The host from a column of field names followed by their values (at least three fields)."""
    lines = _lines(doc.text, limit=MAX_COLUMN_LINES)
    names = [len(doc.line_text(line)) <= 30 and not re.search(r"[\d:]", doc.line_text(line))
             and len(doc.line_text(line).split()) <= 3 for line in lines]
    for i, line in enumerate(lines):
        if not _HOST_FIELD_NAME.fullmatch(fold(doc.line_text(line))):
            continue
        first = i
        while first > 0 and names[first - 1]:
            first -= 1
        last = i
        while last + 1 < len(lines) and names[last + 1]:
            last += 1
        at = last + 1 + (i - first)
        if last - first >= 2 and at < len(lines):
            value = _clean_name(doc.line_text(lines[at]))
            if value and _is_a_name(value.split(" - ")[0].split(" (")[0]):
                return doc.found(value, *lines[at])
        return None
    return None


def _organisation_in_body(doc: _Doc) -> Extracted | None:
    lead = min(len(doc.text), 4 * LEAD_CHARS)  # a board's fields and a host's presentation come first
    column = _host_in_column(doc)  # (before the fields: « Entreprise » above « Localisation » is no value)
    if column is not None:
        return column
    for label in (_ORG_LABEL.search(doc.folded), _ORG_LABEL_LINE.search(doc.folded, 0, lead)):
        if label:
            group = 1 if label.start(1) >= 0 else 2
            # (a board's logo, its alt text glued to the name: « EPAGE du LoingLogo EPAGE du Loing »)
            value = _clean_name(re.split(r"\s*[(,–—]|(?<=[a-zé])Logo\b",
                                         doc.text[label.start(group):label.end(group)])[0])
            if label.re is _ORG_LABEL_LINE and value[:1].islower():
                continue  # « Employeur » / « collectivité territoriale »: a kind of host, not its name
            if value and not _ANOTHER_FIELD.match(value):  # « Société : » left empty, the next field below
                return doc.found(value, label.start(group), label.end(group))
    employer = _EMPLOYER_SECTION.search(doc.folded, 0, lead)
    if employer and "," not in employer["org"]:
        value = _clean_name(doc.text[employer.start("org"):employer.end("org")])
        return doc.found(value[:1].upper() + value[1:], *employer.span("org"))
    about = _ABOUT_HOST.search(doc.folded, 0, lead)
    if about and _is_a_name(doc.text[about.start("org"):about.end("org")]):
        return doc.found(_clean_name(doc.text[about.start("org"):about.end("org")]), *about.span("org"))
    sentence = _ORG_SENTENCE.search(doc.text)
    if sentence:
        return doc.found(_clean_name(sentence["org"]), *sentence.span("org"))
    for appositive in islice(_ORG_APPOSITIVE.finditer(doc.text, 0, lead), MAX_CANDIDATES):
        if _is_a_name(appositive["org"]) and not _is_commune(appositive["org"]):
            return doc.found(_clean_name(appositive["org"]), *appositive.span("org"))
    acronym = _ORG_ACRONYM.search(doc.text)
    if acronym:
        name = " ".join(acronym["name"].split())
        if len(name.split()) > MAX_NAME_WORDS:
            return doc.found(acronym["acronym"], *acronym.span("acronym"))
        return doc.found(f"{name} ({acronym['acronym']})", acronym.start("name"), acronym.end("acronym") + 1)
    host = _NAMED_HOST.search(doc.text) or _NAMED_BEFORE.search(doc.text, 0, lead)
    if host:
        return doc.found(_clean_name(host.group(0)), *host.span())
    if not _SELF_ASSOCIATION.search(doc.flat, 0, lead):  # an association names partners, not itself, so
        for kind in islice(_KIND_HOST.finditer(doc.text, 0, lead), MAX_CANDIDATES):
            group = next(g for g in ("kind", "capital", "body") if kind.start(g) >= 0)
            opens = _SENTENCE_START.search(doc.text, max(0, kind.start() - 8), kind.start())
            if fold(kind[group]) == "commune" and not opens:
                continue  # « le stage se déroule sur la commune de X »: a place; « La commune de X est … »: a host
            end = kind.end("rest") if kind.start("rest") >= 0 else kind.end(group)
            value = _clean_name(doc.text[kind.start(group):end])
            return doc.found(value[:1].upper() + value[1:], kind.start(group), end)
    unit = _HOST_UNIT.search(doc.text)
    if unit:
        value = _clean_name(unit.group("unit"))
        return doc.found(value[:1].upper() + value[1:], *unit.span("unit"))
    return None


def _names_a_host(line: str, at: int) -> bool:
    """Whether the words at ``at`` of a heading are a name (« Stage … à Plaine Commune ») rather than
    the post's own words (« Appui à l'animation », « … A DES AMENAGEMENTS » in a line in capitals)."""
    return line[at:at + 1].isupper() and any(c.islower() for c in line) and not _GENDER_MARK.search(fold(line[at:]))


_NAME_JOINERS = {"de", "du", "des", "d", "la", "l", "le", "les", "et", "&", "pour", "en", "sur"}
# Words that open a sentence, never a name (« Nous, … », « Depuis 2010, … », « Ensemble, … »).
_NOT_NAMES = {"nous", "vous", "notre", "votre", "nos", "vos", "depuis", "ensemble", "aujourd", "dans", "pour", "avec",
              "en", "au", "aux", "a", "chaque", "ce", "cette", "il", "elle", "ils", "elles", "on", "situe", "situee",
              "creee", "cree", "fondee", "fonde", "implantee", "implante", "acteur", "actrice", "leader"}


def _is_a_name(words: str) -> bool:
    """Whether words are written as a proper name (« Sopra Steria », « Office de la Jeunesse »), not
    as a description (« Cabinet d'expertises numériques »)."""
    if re.search(r"\d", words):
        return False  # « Depuis 2010 », « Créée en 1985 »: a date, no name
    parts = re.findall(r"[^\W\d_][\w\-.]*", words.replace("’", "'").replace("'", " "))
    return bool(parts) and parts[0][0].isupper() and fold(parts[0]) not in _NOT_NAMES and all(
        w[0].isupper() or w.lower() in _NAME_JOINERS for w in parts)


def _is_commune(name: str) -> bool:
    """Whether a name, brackets and « en <department> » aside, is a commune's (« Paris (14ème) »,
    « Targon en Gironde »), not a host's."""
    return normalise_name(re.sub(r"\s*\(.*|\s+en\s+\S.*", "", name)) in load_gazetteer().by_name


def _labelled_title(doc: _Doc, pattern: re.Pattern[str] = _STRONG_TITLE_LABEL) -> Extracted | None:
    """The post's name from a board's title field, looked for in the page's first part only."""
    label = pattern.search(doc.folded, 0, min(len(doc.folded), 4 * LEAD_CHARS))
    if label is None:
        return None
    value = _clean_name(doc.text[label.start(1):label.end(1)])
    return doc.found(value, *label.span(1)) if value else None


def _title_in_sentence(doc: _Doc) -> Extracted | None:
    """The post as the host's sentence names it, past a job board's summary, when the first line
    is a paragraph."""
    start = 0
    first = doc.lines[0]
    if _BOARD_SUMMARY.match(doc.folded, first[0]):
        start = first[1]
    seeks = _SEEKS.search(doc.flat, start, min(len(doc.flat), start + 4 * LEAD_CHARS))
    if seeks is None:
        return None
    value = _clean_name(doc.text[seeks.start("title"):seeks.end("title")])
    return doc.found(value[:1].upper() + value[1:], *seeks.span("title"))


_TITLE_TAIL = _rx(r"\s*[-–—,(]?\s*(?:pour une duree|d'une duree|a compter d|a partir d|des que possible)\b.*$")


# A board's reference or publication note glued after a title: « … H/F #60802 »,
# « …(Publiée le 27/11/2018 - Référence : …) ».
_TITLE_REFERENCE = re.compile(r"\s*(?:#\d{3,}|\((?:Publi[ée]e? le|R[ée]f[ée]rence|R[ée]f\.)[^()]*\))\s*$",
                              re.IGNORECASE)


# A board's reference after a dash (« … - Réf. 2027-045 », « … - Ref : STG-12 ») or its number or label before
# the title (« Offre n° 4521 – », « Annonce : »).
_TITLE_TRAILING_REFERENCE = re.compile(r"\s+[-–—|]\s+R[ée]f(?:[ée]rence)?\.?\s*:?\s*[\w\-/.]{2,20}\s*$", re.IGNORECASE)
_TITLE_LEADING_REFERENCE = re.compile(r"^(?:(?:offre|annonce|poste)\s+n[°o]\s*[\w\-/]+\s*[-–—:|]|annonce\s*:)\s*(?=\S)",
                                      re.IGNORECASE)


def _clean_title(value: str) -> str:
    """A title without the conditions some headings append ("… pour une durée de 4 à 6 mois")."""
    value = _TITLE_REFERENCE.sub("", value)
    value = _TITLE_LEADING_REFERENCE.sub("", _TITLE_TRAILING_REFERENCE.sub("", value))
    value = re.sub(r"^\[?(stage|stagiaire)\]\s*", r"\1 ", value, flags=re.IGNORECASE)  # « [Stage] X » (its « [ » cut)
    cut = _TITLE_TAIL.search(fold(value))
    if cut and len(value[:cut.start()].split()) >= 3:
        value = value[:cut.start()]
    return _clean_name(value)


def _clean_name(value: str) -> str:
    """Heading text without markdown marks, escapes and trailing separators."""
    value = value.replace("\\(", "(").replace("\\)", ")").replace("](#)", "").replace("**", "")
    value = value.strip(" []#*\t-–—:|,")
    return " ".join(value.split())


# --- organisation type and contract ----------------------------------------------------------

# Read on the organisation's name first, in this order, then on legal-form phrases in the text.
# The State's own services: ministries, their directions (DGCCRF, DINUM, DREAL…), its incubators
# and startups d'État, its agencies and operators.
_STATE = (r"ministere|\bminist\w*|prefecture|secretariat (?:general|d'etat)|direction (?:interministerielle|generale|"
          r"regionale|departementale|nationale)|\bdg[a-z]{2,5}\b|\bdinum\b|\betalab\b|\bdreal\b|\bddets?\b|"
          r"\bddtm?\b|\bdrac\b|\bdreets\b|beta\.gouv|startups? d'etat|incubateur (?:de services numeriques|"
          r"ministeriel|de l'etat)|\.gouv\.fr|\bagence nationale|operateur de l'etat|service de l'etat|"
          r"services de l'etat|administration centrale|\bofb\b|office francais|parc national|\bademe\b|\bcerema\b|"
          r"\banct\b|\bcndp\b|debat public|\bign\b|meteo-france|france travail|pole emploi|"
          # State establishments named by their kind or initials: forests, geology, regional food and forest
          # directorates (« Centre régional de la propriété forestière », « BRGM », « DRAAF Occitanie »)
          r"\bcrpf\b|\bcnpf\b|propriete forestiere|\bbrgm\b|\bonf\b|office national|\bdraaf\b|\bddpp\b|"
          r"\bdrieat?\b|\bdirm\b|\binrap\b|\bcstb\b|"
          # public interest groupings (GIP) and the State's coastal land agency
          r"\bgip\b|groupement d'interet public|conservatoire du littoral")
ORG_NAME_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("scop", _rx(r"\bscop\b|\bscic\b|cooperative|\bcoop\b")),
    # Territorial public bodies and groupings of local authorities before "établissement public".
    # A syndicat named as a host is a grouping of communes (water, rivers, waste): « Syndicat Eau des
    # Portes de Bretagne », « Syndicat mixte du bassin du Semnon ».
    ("local_authority", _rx(r"etablissement public territorial|"
                                   r"\bsyndicat\b(?! (?:national|professionnel|des (?:salaries|travailleurs)))|"
                                   r"\bsivom?\b|\bpetr\b|eurometropole|"
                                   # river-basin bodies of local authorities (EPTB, EPAGE are syndicats mixtes)
                                   r"\beptb\b|\bepage\b|etablissement public d'amenagement et de gestion des eaux|"
                                   # a local authority's own service run as a régie (water, transport)
                                   r"^(?:la )?regie\b|"
                                   # a commune's or an intercommunality's social-action centre, an EPCI
                                   r"\bc[ci]as\b|centre (?:inter)?communal d'action sociale|\bepci\b")),
    ("public_body", _rx(_STATE + r"|etablissement public|parc naturel|\bsage\b|"
                                        r"agence de l'eau")),
    ("university", _rx(r"universit|laboratoire|\blabo\b|\bcnrs\b|\binrae\b|sciences po|\bchaire\b|"
                              r"\birstea\b|\bcirad\b|\bifremer\b|\binserm\b|\binria\b|"
                              r"institut (?:national )?de recherche|"
                              r"ecole (?:nationale|normale|doctorale)")),
    ("public_body", _rx(r"chambre (?:d'agriculture|de commerce|des? metiers|regionale d'agriculture)|\bcci\b")),
    # « Dép. de Loire-Atlantique », « Tulle agglo », « Le Pays Pyrénées Méditerranée » (not « Pays et Quartiers »)
    ("local_authority", _rx(r"\bmairie\b|\bville d[eu']|metropole|communaute (?:de communes|d'agglo|urbaine)|"
                                   r"\bdep\. d[eu']|\bagglo\b|^(?:le )?pays (?!et\b)|"
                                   r"agglomeration|\bdepartement\b|conseil (?:departemental|regional)|\bregion\b|"
                                   r"\bcommune\b|\bpetr\b|pole d'equilibre|\bpays d[eu']|intercommunal|collectivite")),
    # Agences d'urbanisme are associations of local authorities (loi 1901), not consulting agencies; so are
    # the départements' Conseils d'architecture, d'urbanisme et d'environnement (CAUE, loi de 1977).
    ("association", _rx(r"agence d'urbanisme|conseil d'architecture|\bcaue\b")),
    ("consultancy", _rx(r"\bconseil\b|consulting|cabinet|\bagence\b|consultants?\b")),
    # Conservatoires d'espaces naturels are associations (loi 1901), whatever they study.
    ("association", _rx(r"\bassociation\b|\bfederation\b|\bcollectif\b|conservatoire d'espaces naturels")),
    ("company", _rx(r"\bsas\b|\bsarl\b|start-?up")),
)
ORG_TEXT_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("scop", _rx(r"societe cooperative|\bscop\b|\bscic\b"), 6),
    ("association", _rx(r"association loi 1901|est une association|l'association\b|\.asso\.fr|"
                               r"notre association"), 5),
    # A research unit (of a university or a public research body) is a lab: "university".
    ("university", _rx(r"\bumr\b|unite (?:mixte )?de recherche|\bur [a-z]{3,}\b"), 6),
    # Public research bodies host interns as labs do.
    ("university", _rx(r"institut national de recherche|etablissement public (?:a caractere scientifique|de "
                       r"recherche)|organisme (?:public )?de recherche"), 6),
    ("association", _rx(r"agence d'urbanisme"), 4),
    # Groupings of local authorities say what they are.
    ("local_authority", _rx(r"syndicat (?:mixte|intercommunal)|etablissement public territorial|"
                                   r"communaute (?:de communes|d'agglomeration|urbaine)|\beurometropole"), 6),
    # Applications sent to an address of the State's domain: the host is a State service.
    ("public_body", _rx(r"@[\w.-]*\.gouv\.fr\b"), 6),
    ("public_body", _rx(r"service de l'etat|etablissement public|agence nationale|operateur de l'etat|"
                               r"parc naturel regional|parc national"), 5),
    ("consultancy", _rx(r"cabinet (?:de )?conseil|societe de conseil|bureau d'etudes|consultant|"
                               r"etudes et (?:de )?conseil|conseil et (?:d')?etudes|"
                               r"\bnos clients\b|\bl'agence\b"), 3),
    ("company", _rx(r"\bentreprise a\b|start-?up|\bnotre entreprise\b|une entreprise\b"), 3),
    ("university", _rx(r"universite|laboratoire|\bchaire\b|stage (?:de )?recherche"), 2),
    ("local_authority", _rx(r"\bcollectivite (?:territoriale|locale)?\s*[A-Z]?|\bmairie\b|"
                                   r"conseil municipal|equipe municipale|\bagents\b|eurometropole|"
                                   r"communaute (?:de communes|d'agglomeration|urbaine)|etablissement public "
                                   r"territorial|syndicat mixte|conseil (?:departemental|regional)"), 2),
)


# A phrase this weak (« agents », « université ») tells the host's type only when repeated.
WEAK_ORG_WEIGHT = 2


# Where a posting presents its host (the heading and first lines), a State service is named as
# such; further down, ministries and prefectures are partners or clients.
_STATE_HOST = _rx(r"startups? d'etat|beta\.gouv|incubateur (?:de services numeriques|ministeriel|de l'etat)|"
                         r"\bdinum\b|\betalab\b|\bdgccrf\b|direction interministerielle|service public numerique|"
                         r"numerique de l'etat|"
                         r"au sein (?:de la|du|des|de l') ?(?:ministere|direction (?:generale|regionale|"
                         r"departementale)|prefecture|secretariat general)|"
                         r"(?:est|sommes) (?:un|une|le|la) (?:service|direction|administration|operateur|"
                         r"etablissement public)(?: [\w-]+){0,3} de l'etat")
LEAD_CHARS = 800


def _org_type(doc: _Doc, organisation: Extracted | None) -> Extracted | None:
    if organisation is not None:
        name = fold(str(organisation.value))
        for code, pattern in ORG_NAME_RULES:
            hit = pattern.search(name)
            if hit:
                return Extracted(code, organisation.passage, organisation.start, organisation.end)
    lead = _STATE_HOST.search(doc.flat, 0, min(len(doc.flat), doc.heading[1] + LEAD_CHARS))
    if lead and not re.search(r"association loi|\bassociation\b|cooperative|\bsas\b|\bsarl\b|cabinet",
                              doc.flat[:doc.heading[1] + LEAD_CHARS]):
        return doc.found("public_body", *lead.span())
    # The most telling phrase wins ("association loi 1901" over a passing "université").
    best: tuple[int, int, str, re.Match] | None = None
    for code, pattern, weight in ORG_TEXT_RULES:
        hits = list(pattern.finditer(doc.flat))
        if weight <= WEAK_ORG_WEIGHT and len(hits) < 2:
            continue  # one passing « agents » or « université » says nothing of the host
        if hits and (best is None or (weight, len(hits)) > best[:2]):
            best = (weight, len(hits), code, hits[0])
    if best is None:
        return None
    return doc.found(best[2], best[3].start(), best[3].end())


_CIVIC = _rx(r"services? civiques?|volontariat|volontaire")
_INTERNSHIP = _rx(r"\bstage\b|\bstagiaire\b|convention de stage")


def _contract(doc: _Doc) -> Extracted | None:
    """A civic service when the offer is written as one; otherwise an internship."""
    civic = list(_CIVIC.finditer(doc.folded))
    heading_end = doc.heading[1]
    if civic and (civic[0].start() < heading_end or len(civic) >= 2):
        return doc.found("civic_service", *civic[0].span())
    internship = _search(_INTERNSHIP, doc)
    if internship:
        return doc.found("internship", *internship.span())
    return None


# --- place ------------------------------------------------------------------------------------

_FR_POSTCODE = _rx(r"(?<!\d)(?<!\d )(\d{2})\s?(\d{3})(?!\d)")
_CA_POSTCODE = _rx(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b")
_DEPARTMENT_ONLY = _rx(r"^\s*[-–—]?\s*(\d{2}|2[AB])\s*$")
_ARRONDISSEMENT = _rx(r"\b(paris|lyon|marseille)(?:\s+dans le|,)?\s+(\d{1,2})\s*(?:e|er|eme|ieme)\b|"
                             r"\b(\d{1,2})\s*(?:e|er|eme|ieme) arrondissement (?:de |d')(paris|lyon|marseille)\b")
_ARRONDISSEMENT_BASE = {"paris": 75000, "lyon": 69000, "marseille": 13000}
# "Lieu :", "Lieu d'exercice" or "Localisation du lieu de travail" with the address on the next line,
# "basé à", "les bureaux se trouvent à"…
_PLACE_CUE = _rx(r"(?:lieu(?:x)?(?: de travail| du stage| de stage| du poste| de la mission| d'exercice|"
                        r" d'affectation)?|residence administrative|(?:ville|commune)(?= ?:)|"
                        r"localisation(?: du (?:lieu de travail|poste|stage))?|bas[ee](?:e|\(e\))?s? (?:a|sur|dans)|"
                        r"dans (?:les|nos) locaux|"
                        r"situe(?:e|\(e\))?s? (?:a|au)|poste (?:base|situe) a|deroulement du stage|bureaux?|"
                        r"adresse(?: du (?:lieu de travail|poste))?|"
                        r"se (?:trouvent?|situent?) a|implantee?s? a|affectation|se deroul\w+ a)\b"
                        r"[*_ \t]*:?[*_ \t]*\n?[ \t]*"
                        r"(?:(?:a|au|en|sur)\s+)?")
_FOREIGN = {"quebec": "CA", "canada": "CA", "belgique": "BE", "suisse": "CH", "luxembourg": "LU"}


def _place(doc: _Doc, organisation: Extracted | None = None) -> dict[str, Extracted | None]:
    """City and postcode: the heading's brackets first, then an address or a "Lieu :" line, last
    the commune a local authority is named after (« Eurométropole de Strasbourg »)."""
    gazetteer = load_gazetteer()
    lines = doc.lines
    city: Extracted | None = None
    postcode: Extracted | None = None
    country: Extracted | None = None
    if lines:
        city, postcode, country = _place_in_heading(doc, gazetteer, doc.heading)
    if city is None and postcode is None and country is None:
        city = _commune_with_department(doc, gazetteer)
    if city is None and postcode is None and country is None:
        # « Lieu : Rochefort » in the page's first part says the place of work better than the first address
        # in the text (a partner's, a head office's).
        city = _city_after_cue(doc, gazetteer, fields_only=True)
    if city is None and postcode is None and country is None and organisation is not None:
        # « La Ville de X (69100) recrute … » in a paragraph above the post's title: the host's own brackets
        city, postcode, country = _place_beside_host(doc, gazetteer, organisation)
    if city is None or postcode is None:
        address = _address_in_body(doc, gazetteer, city)
        if address is not None:
            city = city or address[0]
            postcode = postcode or address[1]
    if city is not None and postcode is None and country is None:
        postcode = _arrondissement(doc, city)
    if city is None:
        city = _city_after_cue(doc, gazetteer)
        if city is not None and postcode is None and country is None:
            postcode = _arrondissement(doc, city)
    if city is None:
        city, line_code = _commune_line(doc, gazetteer)
        postcode = postcode or line_code
    if city is None:
        city = _commune_with_number(doc, gazetteer)
    if city is None and organisation is not None:
        city = _city_of_authority(doc, gazetteer, organisation)
    return {"city": city, "postcode": postcode, "country": country}


# A local authority named after its commune: its offices, so the internship, are there.
# A State's service or a university named after its seat (« DREAL de Lille », « Université de Tours ») too.
_AUTHORITY_OF = _rx(r"^(?:ville|mairie|commune|eurometropole|metropole|communaute urbaine|"
                    r"dreal|ddtm?|draaf|prefecture|universite)\s+(?:de |d')\s*")


def _city_of_authority(doc: _Doc, gazetteer: Gazetteer, organisation: Extracted) -> Extracted | None:
    """The commune in « Ville de X », « Mairie de X », « Eurométropole de X » when it is one."""
    name = str(organisation.value)
    prefix = _AUTHORITY_OF.match(fold(name))
    if prefix is None:
        return None
    rest = name[prefix.end():].strip()
    key = normalise_name(rest)
    if key not in gazetteer.by_name or key in _regions(gazetteer):
        return None
    at = organisation.passage.find(rest)
    if at == -1:
        return Extracted(rest, organisation.passage, organisation.start, organisation.end)
    return doc.found(rest, organisation.start + at, organisation.start + at + len(rest))


# The brackets after a host's name, maybe past the commune they belong to (« X – Crest (26400) »), on its line.
_BRACKETS_AFTER_HOST = re.compile(r"[ \t*_]*(?:(?:[–—|,]|\s-)[ \t]*[^\W\d][^–—|,()\n]{1,60}?[ \t]*)?"
                                  r"\((?P<place>[^()\n]*)\)")


def _place_beside_host(doc: _Doc, gazetteer: Gazetteer, organisation: Extracted
                       ) -> tuple[Extracted | None, Extracted | None, Extracted | None]:
    """City, postcode and country from the brackets written right after the host's name, when they name a place."""
    brackets = _BRACKETS_AFTER_HOST.match(doc.text, organisation.end)
    if brackets is None or not _brackets_name_a_place(brackets["place"]):
        return None, None, None
    return _place_in_heading(doc, gazetteer, (organisation.end, brackets.end()))


def _place_in_heading(doc: _Doc, gazetteer: Gazetteer, line: tuple[int, int]):
    start, end = line
    end = min(end, start + MAX_HEADING_CHARS)
    heading = doc.text[start:end]
    match = re.search(r"\(([^()]*(?:\([^()]*\)[^()]*)?)\)", heading)
    if match is None:
        return None, None, None
    inner_start = start + match.start(1)
    inner = match.group(1)
    country = None
    canadian = _CA_POSTCODE.search(inner)
    if canadian:
        before = heading[:match.start()]
        name = before.rsplit(",", 1)[-1].strip() if "," in before else ""
        words = [w for w in name.split() if fold(w) not in _FOREIGN]
        city_value = " ".join(words) or None
        code = doc.found(canadian.group(0), inner_start + canadian.start(), inner_start + canadian.end())
        country = doc.found("CA", inner_start + canadian.start(), inner_start + canadian.end())
        city = None
        if city_value:
            at = start + before.rfind(city_value)
            city = doc.found(city_value, at, at + len(city_value))
        return city, code, country
    number = _FR_POSTCODE.search(inner)
    name_text = inner
    if number:
        name_text = inner[:number.start()] + " " * (number.end() - number.start()) + inner[number.end():]
    name_text = re.sub(r"(?<![\w])(\d{2}|2[AB])(?![\w])", "  ", name_text)  # "Aix-en-Provence -13"
    name_match = re.search(r"[A-Za-zÀ-ÿ][\w'’ \-]*[A-Za-zÀ-ÿ]", name_text)
    city_name = name_match.group(0).strip(" -–") if name_match else None
    code_value = number.group(1) + number.group(2) if number else None
    communes = _communes_named(gazetteer, city_name) if city_name else []
    city = postcode = None
    if city_name and communes:
        at = inner_start + name_match.start() + name_match.group(0).find(city_name)
        city = doc.found(_capitalised(city_name), at, at + len(city_name))
    if code_value:
        code_span = (inner_start + number.start(), inner_start + number.end())
        if communes:
            postcode = _postcode_for(gazetteer, communes, code_value, doc, code_span)
        elif code_value in gazetteer.by_postcode:
            postcode = doc.found(code_value, *code_span)
            city = city or _city_of_postcode(doc, gazetteer, code_value, code_span)
    return city, postcode, country


# « Stage … à Munster (68) », « … H/F à Targon en Gironde (33) », « basé à Targon, 33 »: a commune
# with its department's number, in the heading's lines.
_AT_COMMUNE = re.compile(r"(?<!\w)[àa]\s+(?P<name>[A-ZÉÈÀÎÔ][\w'’\-]*(?:[ \-](?:[A-ZÉÈÀÎÔ][\w'’\-]*|sur|sous|"
                         r"lès|lez|les|la|le|de|du|des)){0,4}?)(?:\s+en\s+[A-ZÉÈ][\w'’\-]*)?\s*"
                         r"(?:\((?P<dep>\d{2}|2[AB]|97\d)\)|,\s*(?P<dep2>\d{2}|2[AB])\b(?!\s?\d))")


_COMMUNE_WORDS = r"[A-ZÉÈÀÎÔ][\w'’\-]*(?:[ \-](?:[A-ZÉÈÀÎÔ][\w'’\-]*|sur|sous|lès|lez|les|la|le|de|du|des)){0,4}"
# « Stage de master à Saillans », « Stage forestier à Beauvais, Oise »: a commune ending a heading's line,
# maybe with its department's name; « Stage 6 mois Nantes (Loire-Atlantique) »: a commune and its department.
_AT_COMMUNE_END = re.compile(r"(?<!\w)[àa]\s+(?P<name>" + _COMMUNE_WORDS + r")"
                             r"(?:,\s*(?P<dep>[A-ZÉÈÀÎÔ][\w'’\- ]{2,30}?))?[\s.!]*$")
_COMMUNE_DEPARTMENT = re.compile(r"(?P<name>" + _COMMUNE_WORDS + r")\s*\((?P<dep>[A-ZÉÈÀÎÔ][\w'’\- ]{2,30}?)\)")


# « dans les locaux du laboratoire X (Pessac, 33) », « IRSTEA Montpellier (34) », « Targon, 33 »: a commune
# with its department's number, which the gazetteer confirms, in the page's first part.
_COMMUNE_NUMBER = re.compile(r"(?P<name>" + _COMMUNE_WORDS + r")\s*(?:\(\s*(?P<dep>\d{2}|2[AB]|97\d)\s*\)|"
                             r",\s*(?P<dep2>\d{2}|2[AB])\b(?![\s,.]?\d))")


_OTHER_PLACE = re.compile(r"\s*(?:ou|et|/)\s+\S")


def _commune_with_number(doc: _Doc, gazetteer: Gazetteer) -> Extracted | None:
    """The first commune named with its department (number or name) in the page's first part."""
    lead = min(len(doc.text), 4 * LEAD_CHARS)
    departments = _department_codes(gazetteer)
    for match in islice(_COMMUNE_NUMBER.finditer(doc.text, 0, lead), MAX_CANDIDATES):
        line_start = doc.folded.rfind("\n", max(0, match.start() - 160), match.start()) + 1
        if _SOMEONE_ELSE.search(doc.folded, max(line_start, match.start() - 160), match.start()):
            continue  # « sous l'autorité de la cheffe, basée à Poitiers (86) »: her office
        if _OTHER_PLACE.match(doc.text, match.end()):
            return None  # « Paris (75) ou Les Angles (30) »: two places, none said to be the intern's
        name = _commune_in(gazetteer, match["name"], match["dep"] or match["dep2"])
        if name:
            return doc.found(name, match.end("name") - len(name), match.end("name"))
    for match in islice(_COMMUNE_DEPARTMENT.finditer(doc.text, 0, lead), MAX_CANDIDATES):
        department = departments.get(normalise_name(match["dep"]))
        name = _commune_in(gazetteer, match["name"], department) if department else None
        if name:
            return doc.found(name, match.end("name") - len(name), match.end("name"))
    return None


def _department_codes(gazetteer: Gazetteer) -> dict[str, str]:
    """Department codes by name (« LOIRE ATLANTIQUE » -> « 44 »)."""
    if id(gazetteer) not in _DEPARTMENT_CODES:
        _DEPARTMENT_CODES[id(gazetteer)] = {normalise_name(str(name)): str(code) for name, code in zip(
            gazetteer.departments["name"], gazetteer.departments["code"], strict=True)}
    return _DEPARTMENT_CODES[id(gazetteer)]


_DEPARTMENT_CODES: dict[int, dict[str, str]] = {}


def _commune_in(gazetteer: Gazetteer, words: str, department: str | None) -> str | None:
    """The longest end of ``words`` that is a commune (of ``department`` when given; not a region's or a
    department's name when not)."""
    parts = words.split()
    for k in range(len(parts)):
        name = " ".join(parts[k:])
        key = normalise_name(name)
        positions = gazetteer.by_name.get(key, ())
        if not positions:
            continue
        if department is None:
            if key not in _regions(gazetteer) and key not in _department_codes(gazetteer):
                return name
        elif any(str(gazetteer.communes.iloc[p]["department_code"]) == department for p in positions):
            return name
    return None


def _commune_named_in_line(doc: _Doc, gazetteer: Gazetteer, line: tuple[int, int]) -> Extracted | None:
    """« … à Saillans », « … à Beauvais, Oise », « … Nantes (Loire-Atlantique) » in a heading's line."""
    end = min(line[1], line[0] + MAX_HEADING_CHARS)
    departments = _department_codes(gazetteer)
    at_end = _AT_COMMUNE_END.search(doc.text, line[0], end)
    if at_end:
        department = departments.get(normalise_name(at_end["dep"])) if at_end["dep"] else None
        if at_end["dep"] is None or department is not None:
            words = at_end["name"].split()
            name = _commune_in(gazetteer, words[0], department) if department is None else None
            name = name or _commune_in(gazetteer, at_end["name"], department)
            if name and at_end["name"].startswith(name):
                return doc.found(name, at_end.start("name"), at_end.start("name") + len(name))
    for match in _COMMUNE_DEPARTMENT.finditer(doc.text, line[0], end):
        department = departments.get(normalise_name(match["dep"]))
        name = _commune_in(gazetteer, match["name"], department) if department else None
        if name:
            return doc.found(name, match.end("name") - len(name), match.end("name"))
    return None


def _commune_with_department(doc: _Doc, gazetteer: Gazetteer) -> Extracted | None:
    """A commune named with its department in the heading or a title line just below it."""
    lines = doc.content_lines
    at = lines.index(doc.heading) if doc.heading in lines else 0
    for line in lines[at:at + 4]:
        folded = fold(doc.line_text(line))
        if _SOMEONE_ELSE.search(folded) or not (line == doc.heading or _STAGE_MARK.search(folded)
                                                 or _GENDER_MARK.search(folded)):
            continue  # « sous l'autorité de la cheffe, basée à Poitiers (86) »: her office
        end = min(line[1], line[0] + MAX_HEADING_CHARS)
        for match in _AT_COMMUNE.finditer(doc.text, line[0], end):
            department = match["dep"] or match["dep2"]
            for position in _communes_named(gazetteer, match["name"]):
                if str(gazetteer.communes.iloc[position]["department_code"]) == department:
                    return doc.found(match["name"], *match.span("name"))
        named = _commune_named_in_line(doc, gazetteer, line)
        if named is not None:
            return named
    return None


# A job board's location field, alone on its line under the title: « Lyon », « Montpellier (34) »,
# « Paris, France ».
_PLACE_LINE = re.compile(r"[ \t•*\-]*(?P<name>[A-ZÉÈÀÎÔ][\w'’\- ]{1,50}?)(?:\s*\((?:\d{2}|2[AB]|97\d)\)|,\s*France)?"
                         # « Bordeaux / Fonction support »: the board's next field after a slash
                         r"(?:\s+[/|•·]\s+[^\n/|•·]{1,60})?[ \t]*")


# A job board's place line under the title: a postcode and a commune, maybe after a street and before
# « CEDEX 5 » (« 01120 Palaiseau », « AVENUE D AGROPOLIS 34398 MONTPELLIER CEDEX 5 »).
_POSTCODE_LINE = re.compile(r"(?:[^\n]{0,60}[\s,])?(?P<code>\d{5})\s+(?P<name>[A-ZÉÈÀÎÔ][\w'’\- ]{1,50}?)"
                            r"(?:\s+CEDEX(?:\s*\d{1,2})?)?[ \t]*", re.IGNORECASE)


_FIELD_SEPARATOR = re.compile(r"\s[·•|]\s")


def _commune_line(doc: _Doc, gazetteer: Gazetteer) -> tuple[Extracted | None, Extracted | None]:
    """A line of the heading's block that is only a commune's name (not a region's), or a board's
    « postcode commune » line: the city, and the postcode as written (a CEDEX code included)."""
    lines = doc.content_lines
    at = lines.index(doc.heading) if doc.heading in lines else 0
    for line in lines[at + 1:at + 6]:
        end = min(line[1], line[0] + 120)
        match = _PLACE_LINE.fullmatch(doc.text, line[0], end) or _POSTCODE_LINE.fullmatch(doc.text, line[0], end)
        if match is None:
            # « Stage · Nantes · Télétravail partiel »: a board's fields on one line, one of them the place
            for part in islice(_FIELD_SEPARATOR.finditer(doc.text, line[0], end), 8):
                following = _FIELD_SEPARATOR.search(doc.text, part.end(), end)
                match = _PLACE_LINE.fullmatch(doc.text, part.end(), following.start() if following else end)
                if match is not None and normalise_name(match["name"]) in gazetteer.by_name:
                    break
                match = None
        if match is None:
            continue
        key = normalise_name(match["name"])
        if key in gazetteer.by_name and key not in _regions(gazetteer):
            code = match.groupdict().get("code")
            name = match["name"].strip()
            return (doc.found(_title_case(name) if name.isupper() else _capitalised(name), *match.span("name")),
                    doc.found(code, *match.span("code")) if code else None)
    return None, None


def _communes_named(gazetteer: Gazetteer, name: str) -> list[int]:
    key = normalise_name(name)
    return list(gazetteer.by_name.get(key, ()))


def _postcode_for(gazetteer: Gazetteer, communes: list[int], code: str, doc: _Doc,
                  span: tuple[int, int]) -> Extracted | None:
    """The written number when it is a postcode of the named commune; when it is the commune's
    INSEE code instead ("Arles – 13004"), the commune's own postcode, if it has a main one."""
    for position in communes:
        row = gazetteer.communes.iloc[position]
        postcodes = str(row["postcodes"]).split()
        if code in postcodes:
            return doc.found(code, *span)
        if row["insee"] == code:
            main = [p for p in postcodes if p.endswith("00")]
            if len(postcodes) == 1 or len(main) == 1:
                return Extracted((postcodes if len(postcodes) == 1 else main)[0], doc.text[span[0]:span[1]], *span)
    return None


def _city_of_postcode(doc: _Doc, gazetteer: Gazetteer, code: str, span: tuple[int, int]) -> Extracted | None:
    """The commune a postcode names, spelled as the text spells it when it does; of the communes sharing
    the postcode, the one its line names (« Commune de Saillans – Saillans (26340) »)."""
    positions = gazetteer.by_postcode.get(code, ())
    if not positions:
        return None
    if len(positions) > 1:
        named = _commune_named_beside(doc, gazetteer, positions, span)
        if named is not None:
            return named
    name = re.sub(r" \d+$", "", str(gazetteer.communes.iloc[positions[0]]["name"]))  # "PARIS 11" -> "PARIS"
    written = _find_name(doc, name)
    if written:
        return doc.found(_capitalised(doc.text[written[0]:written[1]]), *written)
    return Extracted(_title_case(name), doc.text[span[0]:span[1]], *span)


def _commune_named_beside(doc: _Doc, gazetteer: Gazetteer, positions: tuple[int, ...],
                          span: tuple[int, int]) -> Extracted | None:
    """Of the communes a postcode serves, the one written with a capital on the postcode's line, the
    nearest before it (else after it)."""
    line_start = doc.text.rfind("\n", 0, span[0]) + 1
    line_end = doc.text.find("\n", span[1])
    line_end = min(len(doc.text) if line_end == -1 else line_end, line_start + MAX_HEADING_CHARS)
    best: tuple[int, int, int] | None = None  # (distance, start, end)
    for position in positions[:MAX_CANDIDATES]:
        name = re.sub(r" \d+$", "", str(gazetteer.communes.iloc[position]["name"]))
        words = [re.escape(w.lower()) for w in name.split()]
        pattern = re.compile(r"(?<!\w)" + r"[\s\-']+".join(words) + r"(?!\w)")
        for hit in pattern.finditer(doc.folded, line_start, line_end):
            if not doc.text[hit.start()].isupper() or span[0] <= hit.start() < span[1]:
                continue
            distance = span[0] - hit.end() if hit.end() <= span[0] else line_end + hit.start() - span[1]
            if best is None or (distance, hit.start()) < best[:2]:
                best = (distance, hit.start(), hit.end())
    if best is None:
        return None
    return doc.found(_capitalised(doc.text[best[1]:best[2]]), best[1], best[2])


def _find_name(doc: _Doc, official: str) -> tuple[int, int] | None:
    """Where the text writes a commune's name (accents, hyphens and case aside)."""
    words = [re.escape(w.lower()) for w in official.split()]
    pattern = _rx(r"\b" + r"[\s\-']+".join(words) + r"\b")
    hit = pattern.search(doc.folded)
    return hit.span() if hit else None


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _title_case(name: str) -> str:
    small = {"DE", "DU", "DES", "LA", "LE", "LES", "EN", "SUR", "SOUS", "AUX", "ET"}
    words = name.split()
    return "-".join(w.lower() if w in small and i else w.capitalize() for i, w in enumerate(words))


_ADDRESS = _rx(r"(?<![\d])(\d{2})\s?(\d{3})\s+([A-ZÉÈÀ][\w'’\-]*(?:[ \-][\w'’\-]+){0,4})")


_CEDEX = re.compile(r"\s+cedex\b")
# An address given for sending an application (by post) is not said to be the place of work.
_TO_APPLY = _rx(r"candidatures?\b[^.]{0,80}\b(?:a adresser|a envoyer|a transmettre|a faire parvenir|par courrier)|"
                r"(?:adresser|envoyer|transmettre|faire parvenir) (?:votre|vos|les|la|le|sa|ses) (?:candidature|cv|"
                r"lettre|dossier)")


def _address_in_body(doc: _Doc, gazetteer: Gazetteer, city: Extracted | None):
    """A postcode followed by its commune ("33100 Bordeaux"), checked against the gazetteer."""
    wanted = normalise_name(str(city.value)) if city is not None else None
    seen: set[tuple[str, str]] = set()  # a text repeating an address is checked once per address
    for match in islice(_ADDRESS.finditer(doc.text), MAX_CANDIDATES):
        code = match.group(1) + match.group(2)
        if (code, match.group(3)) in seen:
            continue
        seen.add((code, match.group(3)))
        if _TO_APPLY.search(doc.flat, doc.clause(match.start())[0], match.start()):
            continue  # « Candidature à adresser à M. le Président, 11 cours X, 60200 Y »: where to write

        words = match.group(3).split()
        for k in range(len(words), 0, -1):
            name = " ".join(words[:k])
            key = normalise_name(name)
            positions = gazetteer.by_name.get(key, ())
            if not positions or (wanted and key != wanted):
                continue
            if set(positions) & set(gazetteer.by_postcode.get(code, ())) or (
                    key in ("PARIS", "LYON", "MARSEILLE") and code[:2] in ("75", "69", "13")) or (
                    # « Lieu : Rochefort » … « 17306 ROCHEFORT Cedex »: a CEDEX code of the named commune's
                    # department, kept as written
                    wanted and _CEDEX.match(doc.folded, match.start(3) + len(name)) and any(
                        str(gazetteer.communes.iloc[p]["department_code"]) == code[:2] for p in positions)):
                name_start = match.start(3)
                return (doc.found(name, name_start, name_start + len(name)),
                        doc.found(code, match.start(1), match.end(2)))
    return None


def _arrondissement(doc: _Doc, city: Extracted) -> Extracted | None:
    """"Paris 5e" gives 75005 when the heading named Paris without a postcode."""
    for match in _ARRONDISSEMENT.finditer(doc.folded):
        name, number = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        if name == fold(str(city.value)).strip() and 1 <= int(number) <= 20:
            return doc.found(str(_ARRONDISSEMENT_BASE[name] + int(number)), *match.span())
    return None


_CAPITALISED_NAME = _rx(r"[A-ZÉÈÀÎÔ][\w'’\-]*(?:[ \-](?:[A-ZÉÈÀÎÔ][\w'’\-]*|sur|sous|en|de|du|des|la|le|les|"
                               r"aux|lès|d'[A-ZÉÈ][\w\-]*)){0,4}")
# Where a commune's name starts in an address: its beginning, after a comma or a postcode, after "à".
_ADDRESS_PARTS = _rx(r"^|,\s*|\s?/\s*|\s[-–]\s|(?<!\d)\d{2}\s?\d{3}\s+|\s(?:a|au|en)\s+")


# Before a place cue on its line, these words mean the place is a supervisor's, not the intern's.
_SOMEONE_ELSE = _rx(r"sous (?:l'autorite|la responsabilite|la direction|l'encadrement)|encadree? par|"
                           r"\btut(?:eur|rice)\b|maitre de stage")


_PLACE_FIELD = _rx(r"(?:lieu(?: de travail| du stage| de stage| du poste)?|localisation)[*_ \t]*:")


def _city_after_cue(doc: _Doc, gazetteer: Gazetteer, fields_only: bool = False) -> Extracted | None:
    """A commune named after "Lieu :", "Lieu d'exercice", "basé à"…, on the same line or the next
    one ("Localisation du lieu de travail" / "100 avenue Gaston Roussel, Romainville"), when
    nothing better was found."""
    end = min(len(doc.folded), 4 * LEAD_CHARS) if fields_only else len(doc.folded)
    for cue in islice(_PLACE_CUE.finditer(doc.folded, 0, end), MAX_CANDIDATES):
        if fields_only and not _PLACE_FIELD.match(doc.folded, cue.start()):
            continue
        line_start = doc.folded.rfind("\n", max(0, cue.start() - 160), cue.start()) + 1
        if _SOMEONE_ELSE.search(doc.folded, max(line_start, cue.start() - 160), cue.start()):
            continue  # « sous l'autorité de la cheffe de projet, basée à Poitiers »: her office
        line_end = doc.text.find("\n", cue.end(), cue.end() + 160)
        window_end = line_end if line_end != -1 else min(len(doc.text), cue.end() + 160)
        window, folded = doc.text[cue.end():window_end], doc.folded[cue.end():window_end]
        for part in _ADDRESS_PARTS.finditer(folded):
            name = _CAPITALISED_NAME.match(window, part.end())
            if name is None:
                continue
            words = name.group(0).split()
            for k in range(len(words), 0, -1):
                candidate = " ".join(words[:k])
                key = normalise_name(candidate)
                if key in gazetteer.by_name and key not in _regions(gazetteer):
                    start = cue.end() + name.start()
                    return doc.found(candidate, start, start + len(candidate))
    return None


def _regions(gazetteer: Gazetteer) -> frozenset[str]:
    """Region names, which a few communes share ("Bretagne"): after « Localisation : » they name
    an area, not a commune (department names are left: "Paris")."""
    if id(gazetteer) not in _REGION_NAMES:
        names = list(gazetteer.departments.get("region", []))
        _REGION_NAMES[id(gazetteer)] = frozenset(normalise_name(str(n)) for n in names)
    return _REGION_NAMES[id(gazetteer)]


_REGION_NAMES: dict[int, frozenset[str]] = {}


def geo_columns(row: Mapping[str, object]) -> dict[str, object]:
    """Department, region and coordinates of the commune, from the offline gazetteer."""
    if row.get("country") not in (None, "FR") or not (row.get("city") or row.get("postcode")):
        return {}
    place = load_gazetteer().locate(row.get("city"), row.get("postcode"))  # type: ignore[arg-type]
    if place is None:
        return {}
    return {"department_code": place.department_code, "region": place.region or None,
            "latitude": round(place.latitude, 5), "longitude": round(place.longitude, 5),
            "geo_precision": place.precision}


# --- stipend ---------------------------------------------------------------------------------

_STIPEND_CUE = _rx(r"gratifi\w*|remuner\w*|indemnit\w*|indemnis\w*|\bsalaire\b|\ballocation\b|"
                          r"stage (?:paye|retribue)")
_NOT_A_STIPEND = _rx(r"^\w*\s*(?:kilometriques?|de (?:deplacement|transport|repas|sejour|licenciement|"
                            r"fin de contrat)|de residence)")
_LEGAL = _rx(r"legal|reglementa|en vigueur|minimum|plafond (?:horaire )?de la securite sociale|bareme|grille|"
                    r"conformement a la (?:loi|reglementation)|taux horaire|15\s*%|\bloi\b|obligatoire")
_ABOVE = _rx(r"superieure? (?:au|a la|aux) (?:minimum|gratification|montant|taux|bareme|seuil|plancher)|"
                    r"au-?dessus (?:du|de la) (?:minimum|gratification|bareme|taux)|au-?dela du (?:minimum|bareme)")
_UNDECIDED = _rx(r"selon (?:profil|experience|competences)|a (?:definir|negocier|discuter|determiner)")
# Bounded repeats: "(?:[ .]\d{3})+" on a long run of digit groups backtracked quadratically.
_MONEY = _rx(r"(?<![\d,.])(?:\d{1,3}(?:[ \u00a0\u202f.]\d{3}){1,3}|\d{1,9})(?:[,.]\d{1,2})?\s{0,3}"
                    r"(?:€|euros?\b|eur\b)",
                    re.IGNORECASE)
_HOURLY = _rx(r"^[^.\n]{0,12}?(?:de l'heure|par heure|/\s*h(?:eure)?\b|\bh\b|horaire|brut de l'heure)")
_MONTHLY = _rx(r"mois|mensuel")
_PERIOD_ALONE = _rx(r"^\s*(?:bruts?|nets?)?\s*(?:/\s*mois|par mois|mensuel\w*|de l'heure|par heure|/\s*h\b)")
# Plausible amounts: a stated stipend outside these is another sum (a budget, a meal, a fee).
HOURLY_RANGE = (3.0, 50.0)
MONTHLY_RANGE = (100.0, 5000.0)


def _stipend(doc: _Doc) -> dict[str, Extracted | None]:
    """Basis, amount and period of the stipend: a stated amount first, then "above the legal
    minimum", then the legal minimum ("gratification légale", "selon la réglementation en
    vigueur", "15 % du plafond horaire…", or a paid internship with no amount)."""
    explicit = above = legal = bare = None
    for cue in islice(_STIPEND_CUE.finditer(doc.folded), MAX_CANDIDATES):
        if _NOT_A_STIPEND.match(doc.folded[cue.end():cue.end() + 40]) or re.search(
                r"(?:non|frais de|sans)\s*$", doc.folded[max(0, cue.start() - 8):cue.start()]):
            continue
        _, clause_end = doc.clause(cue.start())
        window_end = min(clause_end, cue.start() + 220)
        window = doc.folded[cue.start():window_end]
        if explicit is None:
            explicit = _amount(doc, cue.start(), min(window_end, cue.start() + 110))
            if explicit is not None:
                break  # a stated amount wins over every other statement
        if above is None and (hit := _ABOVE.search(window)):
            above = doc.found("above_legal_minimum", cue.start(), cue.start() + hit.end())
        if legal is None and (hit := _LEGAL.search(window)):
            legal = doc.found("legal_minimum", cue.start(), cue.start() + hit.end())
        if bare is None and (re.match(r"gratifi|indemni|stage", cue.group(0)) or _UNDECIDED.search(window)):
            # « Stage indemnisé », « Rémunération : à discuter »: paid, amount not stated (contract v2).
            bare = doc.found("paid_unstated", *cue.span())
    if explicit is None:
        explicit = _amount_with_period(doc)
    if explicit is not None:
        amount, period = explicit
        return {"stipend_basis": Extracted("explicit", amount.passage, amount.start, amount.end),
                "stipend_amount_eur": amount, "stipend_period": period}
    basis = above or legal or bare
    return {"stipend_basis": basis} if basis is not None else {}


# "1400-1600€/mois", "de 600 à 800 euros": a range of amounts, read as its lowest.
_MONEY_RANGE = _rx(r"(?<![\d,.])(\d{1,3}(?:[ \u00a0\u202f.]?\d{3})?(?:[,.]\d{1,2})?)\s{0,3}(?:€|euros?)?\s{0,3}"
                          r"(?:-|–|à|a|et)\s{0,3}\d{1,3}(?:[ \u00a0\u202f.]?\d{3})?(?:[,.]\d{1,2})?\s{0,3}"
                          r"(?:€|euros?\b|eur\b)",
                          re.IGNORECASE)


def _amount(doc: _Doc, start: int, end: int) -> tuple[Extracted, Extracted] | None:
    for span in _MONEY_RANGE.finditer(doc.text, start, end):
        low = _MONEY.match(span.group(1) + " €")
        if low is not None:
            found = _read_amount(doc, span, start, low_text=span.group(1) + " €")
            if found is not None:
                return found
    for money in _MONEY.finditer(doc.text, start, end):
        found = _read_amount(doc, money, start)
        if found is not None:
            return found
    return None


def _read_amount(doc: _Doc, money: re.Match, cue_start: int, low_text: str | None = None
                 ) -> tuple[Extracted, Extracted] | None:
    value = _price(low_text or money.group(0))
    if value is None:
        return None
    after = doc.folded[money.end():money.end() + 40]
    between = doc.folded[cue_start:money.start()]
    if _HOURLY.search(after) or re.search(r"horaire|de l'heure", between[-40:]):
        period = "hour"
    elif _MONTHLY.search(after[:25]) or _MONTHLY.search(between):
        period = "month"
    else:
        period = "hour" if value < HOURLY_RANGE[1] else "month"
    low, high = HOURLY_RANGE if period == "hour" else MONTHLY_RANGE
    if not low <= value <= high:
        return None
    number = int(value) if value.is_integer() else round(value, 2)
    amount = doc.found(number, money.start(), money.end())
    period_end = money.end() + (m.end() if (m := re.match(r"[^.\n;(]{0,30}?(?:mois|mensuel\w*|heure|/\s*h\b)",
                                                          after)) else 0)
    return amount, doc.found(period, money.start(), period_end)


@lru_cache(maxsize=4096)
def _price(written: str) -> float | None:
    """The amount price-parser reads in "1 300 €", "4,35 €" (cached: texts repeat their amounts)."""
    amount = Price.fromstring(written).amount
    return None if amount is None else float(amount)


def _amount_with_period(doc: _Doc) -> tuple[Extracted, Extracted] | None:
    """An amount with a period and no stipend word nearby: "600 €/mois", "4,35 €/h"."""
    if "€" not in doc.text and "eur" not in doc.folded:
        return None
    for money in islice(_MONEY.finditer(doc.text), MAX_CANDIDATES):
        if _PERIOD_ALONE.match(doc.folded[money.end():money.end() + 30]):
            found = _read_amount(doc, money, money.start())
            if found is not None:
                return found
    return None


# --- hours, duration, dates ------------------------------------------------------------------

_HOURS = _rx(r"(?<![\d,.])(\d{1,2}(?:[,.]\d{1,2})?)\s*h(?:eures?)?(?:\s*\d{2})?\s*(?:de travail\s*)?"
                    r"(?:par semaine|/\s*semaines?|hebdo\w*|par sem\b|/\s*sem\b|a la semaine)")
_FULL_TIME_HOURS = _rx(r"temps (?:plein|complet)\W{0,8}(\d{2})\s*h")


_HOURS_RANGE = _rx(r"(?<![\d,.])(\d{1,2})\s*(?:h(?:eures?)?\s*)?(?:et|a|-|–|/|ou)\s*(\d{1,2})\s*h(?:eures?)?\s*"
                          r"(?:de travail\s*)?(?:par semaine|/\s*semaines?|hebdo\w*|par sem\b|/\s*sem\b|a la semaine)")


def _hours(doc: _Doc) -> dict[str, Extracted | None]:
    """Weekly hours, lower and upper bound (contract v2): "35h par semaine" gives 35 and 35,
    "entre 28 et 35 h/semaine" 28 and 35, "Temps plein (35h)" 35 and 35."""
    if not any(word in doc.folded for word in ("sem", "hebdo", "temps plein", "temps complet")):
        return {}
    span = _search(_HOURS_RANGE, doc)
    if span:
        low, high = sorted(float(g) for g in span.groups())
        if 1 <= low <= high <= 48:
            found = doc.found(None, *span.span())
            return {"hours_per_week_min": _with(found, _int_or_float(low)),
                    "hours_per_week_max": _with(found, _int_or_float(high))}
    for pattern in (_HOURS, _FULL_TIME_HOURS):
        match = _search(pattern, doc)
        if match:
            value = float(match.group(1).replace(",", "."))
            if 1 <= value <= 48:
                found = doc.found(_int_or_float(value), *match.span())
                return {"hours_per_week_min": found, "hours_per_week_max": found}
    return {}


_NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
                 "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12}
_NUM = r"(\d{1,2}(?:[,.]5)?|" + "|".join(_NUMBER_WORDS) + r")"
_MONTH_RANGE = _rx(rf"(?:entre\s+|de\s+)?{_NUM}\s*(?:mois\s*)?(?:a|-|–|/|et|ou)\s*{_NUM}\s*mois\b")
_MONTHS_MIN_MAX = _rx(rf"{_NUM}\s*mois\s*(?:minimum|min\.?|au moins)\W{{1,6}}(?:et\s+)?"
                             rf"(?:jusqu'a|au plus|maximum|max\.?)?\s*{_NUM}\s*mois")
_MONTHS = _rx(rf"(?<![\d,.]){_NUM}\s*mois\b")
_WEEKS = _rx(rf"(?<![\d,.]){_NUM}\s*semaines\b")
_EXTENDED = _rx(rf"[^.\n]{{0,25}}?(?:jusqu'a|voire|maximum|max\.?|prolongeable (?:a|jusqu'a)|"
                       rf"renouvelable (?:jusqu'a)?)\s*{_NUM}\s*mois")
_DURATION_STRONG = _rx(r"duree|periodicite|periode|disponibilite")
_DURATION_MEDIUM = _rx(r"stage|mission|contrat|cdd|service civique|volontariat|engagement")
_NOT_DURATION_BEFORE = _rx(r"(?:prochains|derniers|depuis|il y a|tous les|chaque|sejour|apres|sous)\W*$")
_NOT_DURATION_AFTER = _rx(r"^\s*(?:apres|plus tard|avant|de salaire|d'experience|d'anciennete)")
_RANGE_JOINERS = {"à", "au", "-", "–", "—", "jusqu'à", "jusqu'au", "a"}


def _number(word: str) -> float:
    return float(_NUMBER_WORDS.get(word, 0) or word.replace(",", "."))


def _duration(doc: _Doc) -> dict[str, Extracted | None]:
    """Minimum and maximum length in months: "4 à 6 mois", "entre 3 et 6 mois", "six mois",
    "6 mois, prolongeable jusqu'à 8"; else a month span ("de février à juillet 2023")."""
    best: tuple[int, bool, int, float, float, int, int] | None = None  # (score, range, -start, min, max, start, end)
    # Characters already read by a longer pattern ("4 à 6 mois" before "6 mois"), marked in
    # place: checking each match against a list of every earlier one was quadratic.
    taken = bytearray(len(doc.folded))
    patterns = [*((_MONTHS_MIN_MAX, _MONTH_RANGE, _MONTHS) if "mois" in doc.folded else ()),
                *((_WEEKS,) if "semaine" in doc.folded else ())]  # a quick look before the slow scans
    for pattern in patterns:
        for match in islice(pattern.finditer(doc.folded), MAX_CANDIDATES):
            if taken.find(1, match.start(), match.end()) != -1:
                continue
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
            score = _duration_score(doc, match)
            if score is None:
                continue
            numbers = [_number(g) for g in match.groups() if g]
            low, high = min(numbers), max(numbers)
            end = match.end()
            if pattern is _WEEKS:
                low, high = (round(n / 4.33 * 2) / 2 for n in (low, high))
                score -= 1
            elif len(numbers) == 1 and (more := _EXTENDED.match(doc.folded, match.end())):
                high, end = max(high, _number(more.group(1))), more.end()
            if not (0.25 <= low <= high <= 24):
                continue
            # Equal cues: a range (« 3 à 4 mois ») states both bounds, a lone number beside it
            # (« / 4 mois / » in a heading) is its summary; else the first one.
            if best is None or (score, high > low, -match.start()) > best[:3]:
                best = (score, high > low, -match.start(), low, high, match.start(), end)
    if best is not None:
        _, _, _, low, high, start, end = best
        found = doc.found(None, start, end)
        if low == high and _minimum_only(doc, start, end):
            return {"duration_min_months": _with(found, _int_or_float(low))}
        return {"duration_min_months": _with(found, _int_or_float(low)),
                "duration_max_months": _with(found, _int_or_float(high))}
    span = _month_span(doc)
    if span is None:
        return {}
    first, last = span
    months = months_between(first, last)
    if months is None or not 0.25 <= months <= 24:
        return {}
    found = doc.found(None, first.start, last.end)
    return {"duration_min_months": _with(found, _int_or_float(months)),
            "duration_max_months": _with(found, _int_or_float(months))}


_MINIMUM_BEFORE = _rx(r"(?:minimale?|minimum|au moins|au minimum)\W{0,4}$")
_MINIMUM_AFTER = _rx(r"^\W{0,3}(?:minimum|au moins|au minimum)\b")


def _minimum_only(doc: _Doc, start: int, end: int) -> bool:
    """« Durée minimale : 3 mois », « 3 mois minimum » with no upper bound: the length has no maximum."""
    line_start = doc.folded.rfind("\n", max(0, start - 30), start) + 1
    before = doc.folded[max(line_start, start - 30):start]
    return bool(_MINIMUM_BEFORE.search(before) or _MINIMUM_AFTER.match(doc.folded[end:end + 20]))


def _duration_score(doc: _Doc, match: re.Match) -> int | None:
    window_start = max(0, match.start() - 50)
    line_start = doc.folded.rfind("\n", window_start, match.start()) + 1
    before = doc.folded[max(line_start, window_start):match.start()]
    if _NOT_DURATION_BEFORE.search(before) or _NOT_DURATION_AFTER.match(doc.folded[match.end():match.end() + 20]):
        return None
    if _DURATION_STRONG.search(before):
        return 3
    if _DURATION_MEDIUM.search(before):
        return 2
    return 1


def _with(found: Extracted, value: object) -> Extracted:
    return Extracted(value, found.passage, found.start, found.end)


def _int_or_float(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _month_span(doc: _Doc) -> tuple[DateMention, DateMention] | None:
    """The first "from one month to another": "de février à juillet 2023", "mars 2023 – juin 2023"."""
    dates = doc.dates
    for here, after in pairwise(dates):
        if not here.joined_next or (here.month == after.month and here.year == after.year):
            continue
        joiner = here.joiner.split()[0] if here.joiner else ""
        between_ok = joiner in _RANGE_JOINERS or (joiner == "et" and re.search(
            r"entre\s+(?:le\s+)?$", doc.folded[max(0, here.start - 12):here.start]))
        if between_ok and here.year is not None and after.year is not None:
            return here, after
    return None


_START_CUE = _rx(r"(?:recherche|recrute)\w* pour|"
                        r"\bdebut\w*|demarrage|demarrer|a partir d[eu']|a partir du|a compter d[eu']|\bdes le\b|"
                        r"prise de (?:poste|fonctions?)|embauche|entree en (?:fonctions?|poste)|commencer\w*|"
                        r"\bcourant\b|disponible (?:des|a partir)|a pourvoir|date de (?:debut|demarrage)|\bdes\b")
_NOT_START_CUE = _rx(r"au debut|en debut|debut des entretiens|debut de (?:l'annee|carriere)")
_DEADLINE_STRONG = _rx(r"date limite|date de cloture|cloture des candidatures|"
                              r"(?:recrutement|candidatures?) clos\w* le|limite de (?:depot|candidature|"
                              r"reponse|envoi)|candidatures?\s+(?:\w+\s+){0,3}?(?:jusqu'|avant|au plus tard|d'ici)|"
                              r"postuler (?:avant|jusqu'|au plus tard)")
_DEADLINE_WEAK = _rx(r"au plus tard|avant le|jusqu'au|jusqu'a|d'ici le|\bavant\b")
_APPLYING = _rx(r"candidat|postul|envo|\bcv\b|lettre|adress|dossier|transmet|repond")
_ANNOUNCED = _rx(r"date de (?:l'annonce|publication|parution)|publiee? le|mise en ligne le")


def _dates(doc: _Doc) -> dict[str, Extracted | None]:
    """Earliest start month, application deadline and the offer's year.

    A date written without its year is placed against the other one (a deadline comes before
    the start); a start written before the deadline is read a year later, as a year is what a
    typo most often gets wrong ("prise de poste : février 2024", deadline December 2024).
    """
    deadline = _deadline(doc)
    start = _start(doc)
    announced = _announced(doc)
    if deadline is not None and deadline.year is None:
        reference = start.as_date() if start is not None and start.year else (
            announced.as_date() if announced else None)
        deadline = resolve_year(deadline, reference, not_after=start is not None) if reference else None
        if deadline is not None and announced is not None and start is None:
            deadline = resolve_year(DateMention(deadline.start, deadline.end, None, deadline.month, deadline.day,
                                                deadline.weekday), announced.as_date(), not_after=False)
    if start is not None and start.year is None:
        reference = deadline.as_date() if deadline is not None else (announced.as_date() if announced else None)
        start = resolve_year(start, reference, not_after=False) if reference else None
    if start is not None and deadline is not None and start.month_text() < deadline.month_text()[:7]:
        # A start a few months before the deadline is a typo in the year; years before, another
        # event (a founding, a past edition) and no start at all.
        months_before = (deadline.year - start.year) * 12 + deadline.month - start.month
        start = start.on(start.year + 1) if months_before <= 12 else None
    out: dict[str, Extracted | None] = {}
    if start is not None:
        out["start_earliest"] = doc.found(start.month_text(), start.start, start.end)
    if deadline is not None and deadline.day_text():
        out["application_deadline"] = doc.found(deadline.day_text(), deadline.start, deadline.end)
    year_from = start or deadline
    if year_from is not None and year_from.year:
        out["year"] = doc.found(year_from.year, year_from.start, year_from.end)
    return out


def _start(doc: _Doc) -> DateMention | None:
    """The first date after a start cue ("à partir de mars 2023", "Début : juillet ou septembre
    2023", "dès que possible à partir de janvier"), else the first month span."""
    for cue in islice(_START_CUE.finditer(doc.folded), MAX_CANDIDATES):
        if _NOT_START_CUE.match(doc.folded[max(0, cue.start() - 3):cue.end() + 20]):
            continue
        if cue.group(0) == "des" and not doc.folded.startswith("des que", cue.start()):
            continue
        limit = cue.end() + 60
        paragraph = doc.folded.find("\n\n", cue.end(), limit)
        if paragraph != -1:
            limit = paragraph
        for mention in doc.dates_from(cue.end(), limit):
            gap = doc.folded[cue.end():mention.start]
            if re.search(r"entretien|candidat|limite|annonce", gap) or _in_the_past(doc, mention):
                break
            return mention
    bare = _bare_month_line(doc)
    if bare is not None:
        return bare
    span = _month_span(doc)
    return span[0] if span and not _in_the_past(doc, span[0]) else None


def _bare_month_line(doc: _Doc) -> DateMention | None:
    """A line of the header that is only a month and a year (« Janvier 2021 » under the title, as
    sites render an offer's start field); a dated day there is a publication, not a start."""
    if not doc.lines:
        return None
    for mention in doc.dates_from(0, doc.lines[-1][1]):
        if mention.day is not None or mention.month is None or not mention.year:
            continue
        # Looked for a few characters around the date only: a header line may be megabytes long.
        before = doc.text[max(0, mention.start - 8):mention.start]
        after = doc.text[mention.end:mention.end + 8]
        if (mention.start <= 8 or "\n" in before) and (mention.end + 8 >= len(doc.text) or "\n" in after) \
                and not before.rpartition("\n")[2].strip(" \t*_#") and not after.partition("\n")[0].strip(" \t*_#"):
            return mention
    return None


# A date in a sentence about the host's past (« créée en mars 2012 », « initié en 2000 », « depuis
# septembre 2021 », « a eu lieu en juin 2022 ») is no start of the internship.
_PAST = _rx(r"\b(?:creee?s?|fondee?s?|lancee?s?|initiee?s?|inauguree?s?|nee?s?|mise? en place|depuis|"
                   r"a eu lieu|ont eu lieu|s'est (?:tenue?|deroulee?)|se sont (?:tenue?s|deroulee?s)|organisee?s?|"
                   r"votee?s?|adoptee?s?|signee?s?|remportee?|obtenue?|publiee?|parue?|reprise?|a ete|ont ete|"
                   r"etait|avait|existe)\b")
_RECRUITING = _rx(r"recherch|recrut|stage|stagiaire|service civique|mission|poste|debut|demarr|candidat")


def _in_the_past(doc: _Doc, mention: DateMention) -> bool:
    """Whether the words just before a date, in its sentence, tell of a past event."""
    begin, _ = doc.clause(mention.start)
    before = doc.folded[max(begin, mention.start - 45):mention.start]
    return bool(_PAST.search(before)) and not _RECRUITING.search(before[-15:])


def _deadline(doc: _Doc) -> DateMention | None:
    """The application deadline: the dated day after "date limite", "avant le", "jusqu'au",
    "au plus tard le" (or before "… au plus tard"); cues in a sentence about applying win."""
    candidates: list[tuple[int, int, DateMention]] = []
    for strength, pattern in ((3, _DEADLINE_STRONG), (2, _DEADLINE_WEAK)):
        for cue in islice(pattern.finditer(doc.folded), MAX_CANDIDATES):
            begin, end = doc.clause(cue.start())
            # On the cue's own line: « Poste à pourvoir le » / « 01/01/2026 » above a « Date limite »
            # line is another label's.
            line_start = doc.folded.rfind("\n", max(0, cue.start() - 40), cue.start()) + 1
            before_cue = doc.folded[max(begin, line_start, cue.start() - 40):cue.start()]
            if _START_CUE.search(before_cue) and not _APPLYING.search(before_cue):
                continue  # "Embauche au plus tard le 2 mai": a start, not a deadline
            score = strength if strength == 3 or not _APPLYING.search(doc.folded[begin:end]) else 3
            after = [m for m in doc.dates_from(cue.end(), cue.end() + 80) if m.day is not None
                     and "\n\n" not in doc.folded[cue.end():m.start]]
            before = [m for m in doc.dates_from(cue.start() - 40, cue.start()) if m.day is not None
                      and 0 <= cue.start() - m.end <= 4]
            if after:
                candidates.append((score, after[0].start, after[0]))
            elif before and pattern is _DEADLINE_WEAK and cue.group(0) == "au plus tard":
                candidates.append((score, before[-1].start, before[-1]))
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c[0], -c[1]))
    return best[2]


def _announced(doc: _Doc) -> DateMention | None:
    for cue in islice(_ANNOUNCED.finditer(doc.folded), MAX_CANDIDATES):
        after = [m for m in doc.dates_from(cue.end(), cue.end() + 20) if m.year]
        if after:
            return after[0]
    return None


# --- remote work, licence, evenings ----------------------------------------------------------

_REMOTE_REFUSED = _rx(r"pas de (?:possibilite de )?teletravail|teletravail\s*:\s*non|sans teletravail|"
                            r"aucun teletravail|teletravail (?:non (?:possible|autorise)|impossible|exclu)|"
                            r"100\s*% (?:en )?presentiel")
_REMOTE_FULL = _rx(r"100\s*% (?:en )?teletravail|(?:entierement|totalement|completement|integralement) "
                          r"(?:en )?(?:teletravail|a distance)|full[- ]remote|teletravail (?:complet|total|integral)|"
                          r"(?:essentiellement|exclusivement|principalement) (?:en teletravail|a distance)")
_REMOTE_PARTIAL = _rx(r"teletravail|travail a distance|\bremote\b|hybride")
# « Lieu : Paris dans le 18ème (en présentiel) » too.
_ON_SITE = _rx(r"(?:stage|poste|mission|travail|lieu)\b[^.\n]{0,40}?(?:en presentiel|sur site\b)")
# A job board's work-mode field, alone on its line: « Présentiel », « Sur place », « Sur site ».
_ON_SITE_FIELD = _rx(r"^[ \t•*\-]*(?:(?:mode de travail|modalites?|lieu de travail)\s*:\s*)?(?:100 ?% )?(?:en )?"
                     r"(?:presentiel|sur place|sur site)[ \t.]*$", re.MULTILINE)


def _remote(doc: _Doc) -> Extracted | None:
    """none / partial / full: remote work ruled out, complete, possible, or an on-site post."""
    for code, pattern in (("none", _REMOTE_REFUSED), ("full", _REMOTE_FULL), ("partial", _REMOTE_PARTIAL),
                          ("none", _ON_SITE)):
        hit = _search(pattern, doc)
        if hit:
            return doc.found(code, *hit.span())
    field = _ON_SITE_FIELD.search(doc.folded, 0, 4 * LEAD_CHARS)  # a board's fields come first
    return doc.found("none", *field.span()) if field else None


_LICENCE = _rx(r"\bpermis (?:de conduire|b\b|vl\b|auto)|\bpermis\s*[:(]?\s*(?:obligatoire|exige|requis|"
                      r"souhaite|necessaire|indispensable|apprecie|recommande)")
_LICENCE_NO = _rx(r"permis[^.;\n]{0,30}?(?:non|pas) (?:necessaire|requis|exige|obligatoire|indispensable)|"
                         r"pas (?:besoin )?de permis|sans permis|permis (?:non|pas) (?:necessaire|requis|exige)")
_LICENCE_RECOMMENDED = _rx(r"souhaite|souhaitable|recommande|apprecie|un plus|un atout|serait|bienvenu|"
                                  r"preferable|idealement|si possible|de preference|conseille")
_LICENCE_REQUIRED = _rx(r"exige|obligatoire|requis|necessaire|indispensable|imperati|demande|impose|"
                               r"\bdoit\b|\bdoivent\b|\bmust\b")


def _driving_licence(doc: _Doc) -> Extracted | None:
    """required / recommended / no, from the words next to "permis" in its sentence."""
    no = _search(_LICENCE_NO, doc)
    if no:
        return doc.found("no", *no.span())
    mention = _search(_LICENCE, doc)
    if mention is None:
        return None
    begin, end = doc.clause(mention.start())
    best: tuple[int, str, int, int] | None = None
    for code, pattern in (("recommended", _LICENCE_RECOMMENDED), ("required", _LICENCE_REQUIRED)):
        for hit in pattern.finditer(doc.flat, begin, end):
            distance = abs(hit.start() - mention.start())
            if best is None or distance < best[0]:
                best = (distance, code, hit.start(), hit.end())
    if best is None:
        return doc.found("required", *mention.span())  # "Permis B" alone in a list of requirements
    _, code, start, end_ = best
    return doc.found(code, min(mention.start(), start), max(mention.end(), end_))


_EVENING = _rx(r"\bsoir(?:ee|ees|s)?\b|week-?ends?\b|\bsamedis?\b(?!\s+\d)|\bdimanches?\b(?!\s+\d)|"
                      r"horaires? (?:decales|atypiques)|(?:travail|horaires?|sorties?|inventaires?|prospections?|"
                      r"suivis?|comptages?) nocturnes?|en nocturne")
# An evening or a weekend says something of the hours only in a sentence about the work (« réunions
# en soirée », « disponible certains week-ends »), not about a perk (« des soirées d'équipe ») or an
# event's story (« le temps d'un week-end, le festival… »).
_WORK_TIME = _rx(r"travail|disponib|horaire|ponctuel|occasionn|reunion|presen|mobilis|astreinte|"
                 r"permanence|atelier|animation|animer|interven|amene|pourr|serez|devr|requis|necessaire|"
                 r"demande|exige|possible|mission|stagiaire|participer|inventaire|terrain|sortie|suivi|"
                 r"prevoir|besoin|selon|"
                 # a schedule: « certaines actions auront lieu le samedi », « les sessions se tiennent le samedi »
                 r"\blieu\b|se tien|se deroul|prevu|sessions?\b|seances?\b|actions?\b")
# A posting speaks of evenings or weekends a few times; past this many mentions none is about the work.
MAX_EVENING_MENTIONS = 50
_EVENING_NO = _rx(r"(?:pas|aucun|jamais|sans) (?:de )?(?:travail )?(?:en |le )?(?:soir|week-?end)")


def _evening_weekend(doc: _Doc) -> Extracted | None:
    """yes when the offer mentions evening, Saturday or weekend work; no when it rules it out."""
    no = _search(_EVENING_NO, doc)
    if no:
        return doc.found("no", *no.span())
    for hit in islice(_EVENING.finditer(doc.flat), MAX_EVENING_MENTIONS):
        start, end = doc.clause(hit.start())
        if _WORK_TIME.search(doc.flat, start, end):
            return doc.found("yes", *hit.span())
    return None


# --- lists of codes: perks, level, themes ---------------------------------------------------

PERK_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("meal_vouchers", _rx(r"tickets?[- ]?(?:resto\w*|restaurants?)|titres?[- ]restaurants?|"
                                 r"cheques?[- ](?:dejeuner|repas)|carte (?:swile|dejeuner|restaurant|repas)|"
                                 r"\bswile\b|paniers? repas")),
    ("canteen", _rx(r"restaurants? (?:administratif|inter-?entreprises?|d'entreprise|collectif|du personnel|"
                           r"municipal|universitaire|d'application)|restauration administrative|"
                           # « restauration collective » is as often the mission's subject (a food plan
                           # for school canteens) as a perk: a perk only when offered
                           r"acces (?:a la |au service de )?restauration collective|"
                           r"\bcantine\b|\bself\b|\brie\b")),
    ("meals_provided", _rx(r"(?:prise|pris) en charge (?:du|des) (?:dejeuners?|repas)|(?:repas|dejeuners?) "
                                  r"(?:offerts?|fournis?|pris en charge)")),
    ("transport_50", _rx(r"50\s*%[^.\n]{0,60}?(?:transport|navigo|abonnement|pass\b|velib|titre)|"
                                r"(?:transport|navigo|abonnement|pass\b|titre)[^.\n]{0,60}?50\s*%|"
                                r"(?:moitie|demi)[^.\n]{0,30}?(?:transport|abonnement|navigo)")),
    ("travel_expenses", _rx(r"(?:frais de (?:deplacements?|missions?)|deplacements?)[^.\n]{0,40}?"
                                   r"(?:pris en charge|rembourse|defraye)|(?:remboursement|prise en charge)"
                                   r"(?: par [^.\n]{0,30}?)? des frais de (?:deplacements?|missions?|transport dans "
                                   r"le cadre)|frais de (?:deplacements?|missions?) rembourses|"
                                   # « indemnité kilométrique selon le barème » (seed 002): the car's miles paid
                                   r"indemnites? kilometriques?|frais kilometriques")),
    ("vehicle_provided", _rx(r"mise? a disposition d'un vehicule|vehicules? de (?:service|fonction)|"
                                    r"vehicule[^.\n]{0,30}?mis a disposition|pret d'un vehicule")),
    ("housing_support", _rx(r"aide (?:au|a l') ?(?:logement|hebergement)|(?:appui|aide|soutien|participation)"
                                   r"(?: financiere?| forfaitaire)? (?:a l'|au |aux )(?:hebergement|logement|"
                                   r"frais de sejour)|(?:hebergement|logement) (?:fourni|pris en charge|offert|assure)|"
                                   r"logement de fonction")),
    ("flights_paid", _rx(r"billets? (?:de train et )?d'avion|(?:vols?|billets?)[^.\n]{0,30}?pris en charge|"
                                r"prise en charge des billets")),
    ("hiring_possible", _rx(r"(?:possibilites?|perspectives?|evolution possible|opportunites?) (?:de |d'|vers "
                                   r"(?:une |un )?)(?:recrutement|embauche|cdi|cdd)|embauche possible|"
                                   r"recrutement possible|(?:cdi|cdd|embauche|recrutement) a l'issue|pre-?embauche")),
)
_NEGATED = _rx(r"(?:pas de|aucun\w*|sans|non)\s*$")


def _codes(doc: _Doc, rules: tuple[tuple[str, re.Pattern[str]], ...]) -> Extracted | None:
    parts: list[Extracted] = []
    for code, pattern in rules:
        for hit in pattern.finditer(doc.flat):
            if _NEGATED.search(doc.flat[max(0, hit.start() - 12):hit.start()]):
                continue
            parts.append(doc.found(code, *hit.span()))
            break
    return _joined(doc, parts)


def _joined(doc: _Doc, parts: list[Extracted]) -> Extracted | None:
    if not parts:
        return None
    parts.sort(key=lambda p: p.start)
    value = CODES_SEPARATOR.join(sorted({str(p.value) for p in parts}, key=_code_order))
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    return Extracted(value, doc.text[start:end], start, end, tuple(parts))


def _code_order(code: str) -> int:
    for labels in (cat.PERKS, cat.LEVELS, cat.THEMES):
        if code in labels:
            return list(labels).index(code)
    return 99


LEVEL_RULES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    # A stated minimum admits every level above it (« Bac + 2 minimum », « au moins une licence »).
    (("licence", "master_1", "master_2"), _rx(r"(?:bac\s*\+\s*[23]|\blicence)\s*(?:minimum|au minimum|min\b|"
                                                     r"ou plus|et plus)|(?:minimum|au moins|a partir d'un|"
                                                     r"a partir de)\s*(?:un |une |niveau )?"
                                                     r"(?:bac\s*\+\s*[23]\b|licence\b)")),
    (("master_1", "master_2"), _rx(r"bac\s*\+\s*4\s*(?:minimum|au minimum|min\b|ou plus|et plus)|"
                                          r"(?:minimum|au moins)\s*(?:un |niveau )?"
                                          r"(?:bac\s*\+\s*4\b|master 1\b|m1\b)")),
    (("master_1", "master_2"), _rx(r"(?<!annee de )\bmasters?\b(?!\s*(?:1|2|i|ii|un|deux)\b)"
                                          r"(?! (?:1ere|2e|premiere|deuxieme))|\bmaster\s*(?:1|i)\s*(?:ou|/|et|-)\s*"
                                          r"(?:master\s*)?(?:2|ii)\b|"
                                          r"bac\s*\+\s*4\s*(?:/|a|ou|-|et)\s*(?:bac\s*)?\+?\s*5")),
    # (« la master 2.0 » is a software version.)
    (("master_2",), _rx(r"\bmaster\s*(?:2|ii|deux)\b(?![.,]\d)|\bm2\b|bac\s*\+\s*5|"
                               r"(?:deuxieme|2e|2eme|seconde) annee de master|fin d'etudes")),
    # An engineering school's 2nd year is a master 1, its 3rd (last) year a master 2.
    # « élève ingénieur (stage de 2ème ou 3ème année) »: the school named before the years.
    (("master_1", "master_2"), _rx(r"ingenieurs?\b[^.\n]{0,40}?\b(?:2|deux)\s?(?:e|eme|ieme)\s+ou\s+"
                                          r"(?:3|trois)\s?(?:e|eme|ieme)\s+annee")),
    (("master_1",), _rx(r"(?:2e|2eme|deuxieme)(?: ou (?:3e|3eme|troisieme))? annee d'(?:ecole d')?ingenieur|"
                               r"ecole d'ingenieurs?\s*\((?:2e|2eme|deuxieme)\b")),
    (("master_2",), _rx(r"(?:3e|3eme|troisieme|derniere) annee d'(?:ecole d')?ingenieur|"
                               r"ecole d'ingenieurs?\s*\([^)\n]{0,20}\b(?:3e|3eme|troisieme) annee")),
    (("master_1",), _rx(r"\bmaster\s*(?:1|i|un)\b|\bm1\b|bac\s*\+\s*4|(?:premiere|1ere|1re) annee de master")),
    # Not a licence that names a legal licence (« licence Open Data », « licence ODbL »).
    (("licence",), _rx(r"\blicence\b(?! (?:ouverte|libre|creative|d'utilisation|open|odbl|etalab|mit\b|gpl|"
                              r"apache|cc\b))|\bl3\b|bac\s*\+\s*3")),
)


def _level(doc: _Doc) -> Extracted | None:
    """Study levels asked for: "Master 2", "Bac+4/+5", "niveau licence ou master"…"""
    parts: list[Extracted] = []
    seen: set[str] = set()
    for codes, pattern in LEVEL_RULES:
        hit = _search(pattern, doc)
        if hit is None:
            continue
        for code in codes:
            if code not in seen:
                seen.add(code)
                parts.append(doc.found(code, *hit.span()))
    return _joined(doc, parts)


THEME_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("local_democracy", _rx(r"democratie (?:locale|participative)|participation (?:citoyenne|des habitant|"
                                   r"des citoyen)|conseils? (?:de quartier|citoyens?|de developpement)|"
                                   r"instances? de participation|engagement citoyen|vie citoyenne|citoyennete|"
                                   r"\bdemocrati")),
    ("public_consultation", _rx(r"concertation|consultations?\b|debat public|dialogue territorial|"
                                       r"parties prenantes")),
    ("participatory_budget", _rx(r"budgets? participatifs?")),
    # A conseil citoyen is the participation body the law sets up in each priority neighbourhood
    # (loi Lamy, 2014), and a contrat de ville is that policy's own contract.
    ("urban_policy", _rx(r"politique de la ville|quartiers? prioritaires?|\bqpv\b|renouvellement urbain|"
                                r"quartiers populaires|conseils? citoyens?|contrats? de ville|"
                                r"quartiers? politiques? de la ville")),
    ("territorial_development", _rx(r"developpement (?:territorial|local|des territoires)|projet de territoire|"
                                           r"amenagement du territoire|ingenierie territoriale|cohesion (?:des "
                                           r"territoires|territoriale)|dynamiques territoriales|territoires? ruraux|"
                                           # a food plan of a territory (PAT), town planning documents, the
                                           # EU's rural programme: the vocabulary of local development
                                           r"projets? alimentaires? (?:territoria|de territoire|du territoire)|"
                                           r"\bpat\b|urbanisme|\bscot\b|\bplui?\b|programme (?:europeen )?leader|"
                                           r"developpement rural|territoires? (?:peu denses|de montagne)|"
                                           # local food systems (short supply chains, local produce, shared
                                           # and food gardens), rural life and tourism: what the labels of
                                           # every set file under local development
                                           r"plans? (?:d'alimentation|alimentaires?) territoria|\bpats\b|"
                                           r"alimentation (?:durable|locale|de qualite|saine)|systemes? alimentaires?|"
                                           r"circuits? courts?|produits? locaux|productions? locales|"
                                           r"jardins? (?:partages?|collectifs?|familiaux|nourriciers?)|potagers?|"
                                           r"vergers?|\bruraux\b|\brurale?s?\b|ruralite|campagnes vivantes|"
                                           r"\bbourgs?\b|revitalisation|tiers-?lieux|touris")),
    # Cycling, low-carbon mobility and reuse are climate policy (the list has no transport or
    # waste theme).
    ("climate", _rx(r"\bclimat|neutralite carbone|transition (?:ecologique|climatique)|\bpcaet\b|"
                           r"zero carbone|\bvelos?\b|cyclables?|reemploi|economie circulaire|zero dechet|"
                           r"mobilites? (?:douces?|actives?|"
                           r"decarbonees?)")),
    ("energy", _rx(r"energies? renouvelables?|transition energetique|\beolien|photovoltai|\benergie")),
    # Wetlands, lagoons and ponds are water bodies and habitats alike: both themes.
    ("water", _rx(r"\beau\b|\beaux\b|\bsage\b|bassin versant|rivieres?|milieux aquatiques|gemapi|"
                  r"zones? humides?|milieux humides|lagunes?|\bberges\b|aquatiques?")),
    ("biodiversity", _rx(r"biodiversite|\bnature\b|espaces? naturels?|milieux naturels|faune|flore|"
                         r"reserves? naturelles?|natura 2000|trames? verte|especes (?:vegetales|animales|protegees)|"
                         r"pollinisat|\boiseaux\b|ecologie|\bespeces\b|\bhabitats? naturels?|"
                         r"ecosystemes? (?:naturels?|aquatiques?|forestiers?|marins?|littoraux)|"
                         r"zones? humides?|milieux humides|\bherbiers?\b|continuites? ecologiques?|"
                         r"(?:etat|restauration|genie) ecologique|"
                         # protected areas and the naturalist's trade
                         r"patrimoine naturel|aires? protegees?|espaces? proteges?|\bvivant\b|botaniq|"
                         r"vegetal local|naturalist|"
                         # forests and their management: the list has no forest theme; the labels file them here
                         r"\bforets?\b|forestiers?\b|forestieres?\b|sylvicult")),
    ("associations", _rx(r"vie associative|\bassociati(?:f|fs|ve|ves)\b|benevol|economie sociale|\bess\b")),
    ("communication", _rx(r"communication|reseaux sociaux|newsletter|site internet")),
    ("design", _rx(r"\bdesign")),
    # A startup d'État is a digital public service by definition.
    ("digital", _rx(r"numerique|civic ?tech|plateforme|en ligne|outils? collaboratifs?|\bweb\b|\bdigital|"
                           r"open ?data|donnees ouvertes|\blogiciels?\b|\bsaas\b|startups? d'etat|"
                           # the trade's own words: data work, programming, tech startups, mapping software
                           r"\bdata\b|informatique|developpeu(?:r|se)s?\b|\bpython\b|\bsql\b|javascript|"
                           r"\btech\b|machine learning|intelligence artificielle|\bstartups?\b|geomatique|"
                           r"\bsig\b|\bqgis\b")),
    # Poverty, food insecurity and exclusion, and the people they touch: the labels call a mission
    # for them social impact even when it never says « impact social ».
    ("social_impact", _rx(r"impact social|innovation sociale|utilite sociale|precarite|pauvrete|"
                                 r"solidarites? alimentaires?|aide alimentaire|insecurite alimentaire|"
                                 r"securite sociale de l'alimentation|caisses? alimentaires?|epiceries? solidaires?|"
                                 r"acces digne|personnes? (?:vulnerables|en situation de|en difficulte|precaires|"
                                 r"exclues|demunies|defavorisees)|publics? (?:vulnerables|precaires|eloignes|"
                                 r"fragiles)|populations? (?:vulnerables|precaires|les plus vulnerables|"
                                 r"defavorisees)|exclusion|inclusion sociale|\binsertion\b|justice sociale|"
                                 r"inegalites|acces aux (?:droits|soins)|sans-abri|\bmigrants?\b|\bexil")),
    # « recherche » the noun, not the verb (« l'association recherche un·e stagiaire »); public research
    # bodies named, and the social sciences' methods (qualitative interviews, a state of the art).
    ("research", _rx(r"(?:la|de|en|projet de|unite de|stage de|travaux de) recherche|recherches?[- ]actions?|"
                     r"laboratoire|chercheu|\benquete|\bthese\b|\bmemoire\b|\banr\b|\bumr\b|unites? de recherche|"
                     r"\binrae\b|\bcnrs\b|\bcirad\b|\binserm\b|irstea|institut (?:national )?de recherche|"
                     r"sociolog|anthropolog|sciences (?:sociales|humaines)|etat de l'art|bibliograph|"
                     r"etude exploratoire|revue de litterature|entretiens semi|qualitatives?")),
)
THEME_TITLE_WEIGHT = 4
THEME_MIN_SCORE = 3
THEME_MAX = 3
# Words of a precise subject weigh more than the field's everyday vocabulary
# ("participation", "concertation", "communication" appear in almost every offer).
SPECIFIC_THEMES = {"participatory_budget", "urban_policy", "climate", "energy", "water", "biodiversity", "design",
                   "social_impact"}
# A lab's internship is research work whatever its subject: every labelled posting of a lab (13 in
# the development sets) has the research theme.
RESEARCH_HOST_SCORE = 6


def _themes(doc: _Doc, title: Extracted | None, org_type: Extracted | None = None) -> Extracted | None:
    """The offer's main subjects: keyword counts, a word in the title counting more, a lab's
    posting counting as research; the best few above a floor."""
    title_span = (title.start, title.end) if title is not None else (0, 0)
    heading = doc.heading
    research_host = org_type is not None and org_type.value == "university"
    scored: list[tuple[int, int, str, tuple[int, int]]] = []
    for order, (code, pattern) in enumerate(THEME_RULES):
        hits = list(pattern.finditer(doc.flat))
        host_bonus = RESEARCH_HOST_SCORE if code == "research" and research_host else 0
        if not hits and not host_bonus:
            continue
        in_title = sum(1 for h in hits if title_span[0] <= h.start() < title_span[1] or heading[0] <= h.start()
                       < heading[1])
        score = (len(hits) + (THEME_TITLE_WEIGHT - 1) * in_title) * (2 if code in SPECIFIC_THEMES else 1)
        score += host_bonus
        if score >= THEME_MIN_SCORE:
            # the host's type is the passage when no word of research was found
            span = hits[0].span() if hits else (org_type.start, org_type.end)
            scored.append((score, -order, code, span))
    scored.sort(reverse=True)
    parts = [doc.found(code, *span) for _, _, code, span in scored[:THEME_MAX]]
    return _joined(doc, parts)


# --- slugs -----------------------------------------------------------------------------------

_SLUG_STOPWORDS = {"stage", "stagiaire", "de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a", "au",
                   "aux", "un", "une", "pour", "e", "h", "f"}


def _slug_words(text: str) -> list[str]:
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii")
    return [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]


__all__ = ["FIELDS", "Extracted", "context", "extract_offer", "first_line", "fold", "geo_columns",
           "make_offer_id", "proposed_row", "row_csv", "run_cli"]
