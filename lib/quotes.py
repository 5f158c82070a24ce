"""Verbatim passages of the source postings, as ``source`` and ``notes`` quote them.

The convention (data/README.md, « Citations »):

- ``source`` names where an offer comes from: ``seed file: heading line``, several places
  separated by `` | ``; the heading line is a whole line of that file.
- In ``notes``, a verbatim passage is written between French guillemets, « like this ». Nothing
  else goes between guillemets; a paraphrase or a pattern uses other marks (“…”, or none).
  Guillemets of the posting itself may sit inside a quote (« le thème « X » »): they are matched
  in pairs.
- An ellipsis (``…`` or ``[…]``) inside a quote marks a cut: the pieces are found in that order,
  each at most ``MAX_CUT`` characters after the previous one.

A passage matches the posting when they differ only in apostrophe style (’ or ') and spacing:
a line break, a no-break space or several spaces count as one space, and a line break inside a
word (``1\\ner``) may also be no space at all.
"""

from __future__ import annotations

import re
from functools import lru_cache

OPEN, CLOSE = "«", "»"
SOURCE_SEPARATOR = " | "
MAX_CUT = 300
_APOSTROPHES = re.compile("[’‘ʼ`´]")
_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"[^\S\n]*\n\s*")
_CUT = re.compile(r"\s*(?:\[…\]|\[\.\.\.\]|…)\s*")


def quoted_passages(notes: str | None) -> list[str]:
    """Every passage written between guillemets, outermost pairs only, without the spaces just
    inside them; an unclosed guillemet quotes up to the end of the text."""
    passages: list[str] = []
    depth, start = 0, 0
    for position, char in enumerate(notes or ""):
        if char == OPEN:
            if depth == 0:
                start = position + 1
            depth += 1
        elif char == CLOSE and depth:
            depth -= 1
            if depth == 0:
                passages.append((notes or "")[start:position].strip())
    if depth:
        passages.append((notes or "")[start:].strip())
    return [p for p in passages if p]


def source_places(source: str | None) -> list[tuple[str, str]]:
    """(file name, heading line) of each place a ``source`` names; a place without ``: `` gives
    an empty file name (the check then fails on it rather than skipping it)."""
    places = []
    for part in (source or "").split(SOURCE_SEPARATOR):
        name, found, heading = part.partition(": ")
        places.append((name.strip(), heading.strip()) if found else ("", part.strip()))
    return places


def normalise(text: str) -> str:
    """Apostrophes as ``'``, every run of spaces and line breaks as one space."""
    return _SPACES.sub(" ", _APOSTROPHES.sub("'", text)).strip()


@lru_cache(maxsize=16)
def _readings(text: str) -> tuple[str, str]:
    """The text with line breaks read as a space, and read as nothing (a word cut by a break)."""
    joined = _LINE_BREAK.sub("", _APOSTROPHES.sub("'", text))
    return normalise(text), normalise(joined)


def passage_in(passage: str, text: str) -> bool:
    """Whether the quoted passage is in the text, its cut pieces in order (see the module)."""
    pieces = [normalise(p) for p in _CUT.split(passage) if normalise(p)]
    return bool(pieces) and any(_pieces_in_order(pieces, reading) for reading in _readings(text))


def _pieces_in_order(pieces: list[str], text: str) -> bool:
    start = text.find(pieces[0])
    while start >= 0:
        position, ok = start + len(pieces[0]), True
        for piece in pieces[1:]:
            found = text.find(piece, position, position + MAX_CUT + len(piece))
            if found < 0:
                ok = False
                break
            position = found + len(piece)
        if ok:
            return True
        start = text.find(pieces[0], start + 1)
    return False


def line_in(line: str, text: str) -> bool:
    """Whether ``line`` is one whole line of the text (apostrophes and spaces set aside)."""
    wanted = normalise(line)
    return bool(wanted) and any(normalise(candidate) == wanted for candidate in text.splitlines())
