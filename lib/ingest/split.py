"""Cutting a digest (a newsletter, an e-mail of offers, a page listing several postings) into one
text per offer, and leaving a single posting whole.

An offer starts at a heading line that stands alone (after a blank line, a separator or at the
top) and has the shape French postings give their headings:

- « Organisation (Ville – 13200) – Intitulé » (the brackets hold a place: a postcode, a department
  number or a commune of the gazetteer);
- « Stage … chez Organisation », « Stage … à Organisation (…) », « Organisation recrute … »;
- « OFFRE DE STAGE – … » banners;
- any first line after a separator line (« ----- », « ***** », « Offre n° 3 »).

A list number or mark before it (« 3. », « ▶ », « ## ») is allowed. A part that does not read as an
offer (shorter than ``MIN_OFFER_CHARS`` or without the words of a posting) is joined to the offer
before it; text before the first heading that is not itself an offer (a newsletter's greeting)
is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.extract import fold, looks_like_place

MIN_OFFER_CHARS = 250
MAX_HEADING_CHARS = 300

_SEPARATOR = re.compile(r"^\s*(?:(?:[-=_~*#•·+]\s*){3,}|(?:offre|annonce|poste)\s*(?:n\s*[°o]\s*|#\s*)?\d{1,3}"
                        r"(?:\s*/\s*\d{1,3})?\s*[:.)]?)\s*$", re.IGNORECASE)
_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|\*\*|__|(?:offre|annonce|poste)\s*(?:n\s*[°o]\s*|#\s*)?\d{1,3}\s*[:.)–—-]\s*|"
                     r"\d{1,2}\s*[.)]\s+|[▶►•👉➡→✅🔹🔸📝📌📢]\s*|[-–—]\s+)", re.IGNORECASE)
_OFFER_WORD = re.compile(r"\b(?:stages?|stagiaires?|service civique|volontari\w*|alternan\w*|apprenti\w*|"
                         r"internship|intern)\b")
_POSTING_WORD = re.compile(r"\b(?:candidat\w*|postuler|missions?|profil|cv|gratification|indemni\w*|duree|"
                           r"remuner\w*|competences|master|etudiant\w*|contexte|objectifs?|encadre\w*|taches|"
                           r"activites)\b")
_PAREN = re.compile(r"^(?P<org>[^()]{2,150}?)\s*\((?P<place>[^()]{1,80})\)\s*[-–—:|,]*\s*(?P<title>\S.{4,})$")
_CHEZ = re.compile(r"^(?P<title>.{4,}?)\s+(?:chez|au sein d[eu']|aupres d[eu'])\s+(?P<org>\S.{1,120})$")
_TITLE_AT = re.compile(r"^(?P<title>(?:stage|stagiaire|service civique|volontaire|alternance)\b.{2,}?)\s+"
                       r"(?:a|au|a la|a l')\s+(?P<org>[^\s(].{1,120})$")
# « RésO Villes recrute un·e stagiaire », not « La mission pour laquelle on recrute »
_RECRUTE = re.compile(r"^(?P<org>[A-ZÉÈÀ0-9].{1,100}?)(?<!\bon)(?<!\bnous)(?<!\bqui)(?<!\bque)(?<!laquelle)"
                      r"(?<!lequel)\s+recrute\b")
# « OFFRE DE STAGE », « Offre de stage de recherche – Master 2 », « Stage : chargé·e de… »
_BANNER = re.compile(r"^(?:offre (?:de |d')?(?:stage|alternance|service civique|mission)(?: [a-z' ]{0,40}?)?|stage|"
                     r"service civique)(?:\s*[-–—:|]\s*\S|\W*$)")
_BARE_BANNER = re.compile(r"^offre (?:de |d')?(?:stage|alternance|service civique|mission)(?: [a-z' ]{0,40})?\W*$")
@dataclass(frozen=True)
class OfferSpan:
    """Where one offer lies in the text, and its heading line (the ``source`` column names it)."""

    start: int
    end: int
    heading: str


def split_offers(text: str) -> list[OfferSpan]:
    """One span per offer of the text, in order; a single posting gives one span, the whole text."""
    lines = _line_spans(text)
    starts: list[int] = []  # indexes into lines
    previous_blank = True
    after_separator = False
    for i, (begin, end) in enumerate(lines):
        line = text[begin:end]
        if not line.strip():
            previous_blank = True
            continue
        if _SEPARATOR.match(line):
            after_separator, previous_blank = True, True
            continue
        if after_separator or (previous_blank and is_heading(line)):
            starts.append(i)
        after_separator = previous_blank = False
    whole = [OfferSpan(0, len(text), _first_line(text))]
    if len(starts) < 2:
        return whole
    pieces = []
    for n, i in enumerate(starts):
        begin = lines[i][0]
        end = lines[starts[n + 1]][0] if n + 1 < len(starts) else len(text)
        pieces.append([begin, end])
    pieces = _joined_short_pieces(text, pieces)
    preamble = text[:pieces[0][0]]
    if reads_as_offer(preamble):
        pieces.insert(0, [0, pieces[0][0]])
    if len(pieces) < 2:
        return whole
    return [OfferSpan(b, _trimmed_end(text, b, e), _first_line(text[b:e])) for b, e in pieces]


def _joined_short_pieces(text: str, pieces: list[list[int]]) -> list[list[int]]:
    """A heading with almost no text under it opens the next piece (a heading, then a sub-heading);
    a piece that does not read as an offer (contact details, a signature, the last lines of a
    posting after a « --- » rule) ends the piece before it."""
    kept: list[list[int]] = []
    opening: int | None = None  # start of a short piece waiting for the next one
    for begin, end in pieces:
        part = text[begin:end]
        if opening is not None:
            begin, opening = opening, None
        if len(part.strip()) < MIN_OFFER_CHARS and (is_heading(_first_line(part)) or not kept):
            opening = begin
        elif kept and not reads_as_offer(part):
            kept[-1][1] = end
        else:
            kept.append([begin, end])
    if opening is not None:
        if kept:
            kept[-1][1] = pieces[-1][1]
        else:
            kept.append([opening, pieces[-1][1]])
    return kept


def reads_as_offer(part: str) -> bool:
    """Whether a text can be an offer on its own: long enough, with the words of a posting."""
    if len(part.strip()) < MIN_OFFER_CHARS:
        return False
    folded = fold(part[:20_000])
    return bool(_OFFER_WORD.search(folded)) and bool(_POSTING_WORD.search(folded))


def is_heading(line: str) -> bool:
    """Whether a line has the shape of an offer's heading (see the module's docstring)."""
    stripped = _MARKER.sub("", line, count=1).strip(" \t*#_")
    if not 12 <= len(stripped) <= MAX_HEADING_CHARS or stripped.endswith((":", ";", ",")):
        return False
    if re.search(r"[^.]\.$", stripped):
        return False  # a sentence, not a heading
    folded = fold(stripped)
    if _BANNER.match(folded) or _RECRUTE.match(stripped):
        return True
    paren = _PAREN.match(stripped)
    if (paren and paren["org"][:1].isupper() and looks_like_place(paren["place"])
            and len(paren["title"].split()) >= 2):
        return True
    chez = _CHEZ.match(folded)
    if chez and _OFFER_WORD.search(chez["title"]) and stripped[len(stripped) - len(chez["org"]):][:1].isupper():
        return True
    title_at = _TITLE_AT.match(folded)
    return bool(title_at and stripped[title_at.start("org")].isupper() and not stripped.endswith("."))


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, begin = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, len(text)))
    return spans


def _first_line(text: str) -> str:
    """The heading that names an offer: its first line, joined to the next for a bare banner
    (« OFFRE DE STAGE – Le dialogue territorial… »)."""
    found: list[str] = []
    for match in re.finditer(r"[^\n]+", text[:5000]):
        line = _MARKER.sub("", match.group(0), count=1).strip(" \t*#_")
        if line:
            found.append(line)
            if len(found) == 2 or not _BARE_BANNER.match(fold(line)):
                break
    return " – ".join(found)[:MAX_HEADING_CHARS]


def _trimmed_end(text: str, begin: int, end: int) -> int:
    while end > begin and text[end - 1] in " \t\n":
        end -= 1
    return end
