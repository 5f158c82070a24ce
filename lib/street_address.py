"""The street address of an offer's place of work, when its text gives one (« 12 rue Lafayette »).

The offer extractor (lib/extract.py) reads the commune and postcode; this reads the street part
that comes before them, so the add-offer page can propose the ``address`` column with its passage.
"""

from __future__ import annotations

import re

from lib.extract import Extracted

# French street types, with their usual abbreviations.
_STREET_TYPES = (
    r"rue|avenue|av\.?|boulevard|bd|bld|place|pl\.|all[ée]e|chemin|ch\.|quai|cours|impasse|route|rte|square|"
    r"esplanade|rond[- ]point|passage|voie|parvis|cit[ée]|faubourg|fbg|promenade|mail|sentier|villa|hameau|"
    r"lieu[- ]dit|r[ée]sidence|zac|zone|parc|campus|domaine"
)
# « 12 rue Lafayette », « 3 bis, avenue du Général-de-Gaulle », « 15-17 quai de la Loire »: a number, a street
# type, then the street's name up to a comma, a bracket, a postcode or the end of the line.
_ADDRESS = re.compile(
    r"(?<![\w/.,])(?P<address>\d{1,4}(?:\s*[-–]\s*\d{1,4})?(?:\s*(?:bis|ter|quater|[a-d])\b)?,?\s+"
    rf"(?:{_STREET_TYPES})\b[^\n,;()\[\]]{{2,80}}?)"
    r"(?=\s*(?:,|;|\(|\)|\n|$|[–-]\s|\d{5}\b|\.\s|\.$|\bà\b|\bau\b))",
    re.IGNORECASE | re.MULTILINE,
)
# A number followed by a duration or an amount is not a street number (« 6 mois rue… » never happens,
# but « 35 heures » and « 2 place(s) disponibles » do).
_NOT_A_STREET = re.compile(r"\b(?:places?\s+(?:disponibles?|de\s+stage|offertes?)|place\s+(?:à|dans|au|aux)\s)",
                           re.IGNORECASE)


# A name cut by a line break after one of these words goes on on the next line (« 405 route de Prissé la
# \n Charrière »).
_CUT_AFTER = re.compile(r"\b(?:la|le|les|de|du|des|d['’]|l['’]|et|sur|en|aux?)$", re.IGNORECASE)
_REST_OF_NAME = re.compile(r"\n[^\n,;()\[\]]{1,60}?(?=\s*(?:,|;|\(|\)|\n|$|\d{5}\b|\.\s|\.$))")


def find_street_address(text: str) -> Extracted | None:
    """The first street address of the text, as written, with where it was read; None if none."""
    for match in _ADDRESS.finditer(text):
        if _NOT_A_STREET.search(match.group("address")):
            continue
        start, end = match.span("address")
        if _CUT_AFTER.search(text[start:end]):
            rest = _REST_OF_NAME.match(text, end)
            if rest is not None:
                end = rest.end()
        passage = text[start:end]
        return Extracted(" ".join(passage.split()).rstrip(" .–-"), passage, start, end)
    return None
