"""The shortlist: offers a user keeps, written in the URL as short ids so that a copied link
carries it (``?star=k3f9x2qa&star=…``).

A short id is the first 8 characters of the base-32 BLAKE2 digest of the ``offer_id``: stable
across files and languages, 40 bits (at 100,000 offers the chance that two share one is 0.5 %;
then the link keeps the first of them).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

import pandas as pd

SHORT_ID_LENGTH = 8
MAX_SHORTLIST = 50  # ids read from a URL; a longer list is cut (a URL has a length limit)


def short_id(offer_id: str) -> str:
    """The offer's 8-character id in URLs (lower-case letters and digits 2-7)."""
    digest = hashlib.blake2b(str(offer_id).encode("utf-8"), digest_size=10).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:SHORT_ID_LENGTH]


def short_ids(offer_ids: Iterable[str]) -> list[str]:
    return [short_id(i) for i in offer_ids]


def resolve(shorts: Iterable[str], offer_ids: Iterable[str]) -> tuple[list[str], int]:
    """The offer ids the short ids name, in the link's order, without repeats, at most
    ``MAX_SHORTLIST``; and how many short ids name no offer (offers since removed, a cut link)."""
    table: dict[str, str] = {}
    for offer_id in offer_ids:
        table.setdefault(short_id(offer_id), offer_id)
    found: list[str] = []
    missing = 0
    for short in dict.fromkeys(str(s).strip().lower() for s in shorts):
        if short in table:
            if table[short] not in found:
                found.append(table[short])
        elif short:
            missing += 1
    return found[:MAX_SHORTLIST], missing


def toggled(shortlist: list[str], offer_id: str) -> list[str]:
    """The shortlist with ``offer_id`` added at its end, or removed if it was there."""
    return [i for i in shortlist if i != offer_id] if offer_id in shortlist else [*shortlist, offer_id]


def added(shortlist: list[str], offer_ids: Iterable[str]) -> list[str]:
    """The shortlist with ``offer_ids`` added at its end (those already there stay where they are)."""
    return list(dict.fromkeys([*shortlist, *offer_ids]))[:MAX_SHORTLIST]


def starred(offers: pd.DataFrame, shortlist: list[str]) -> pd.Series:
    """Whether each offer is in the shortlist."""
    return offers["offer_id"].isin(shortlist)
