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
    ``MAX_SHORTLIST``; and how many short ids name no offer (offers since removed, a cut link).

    Offers are hashed only until every short id is found, and not at all for a link without any:
    every new session comes here, and hashing 100,000 ids took 0.3 s (2 s on a loaded machine)."""
    wanted = [s for s in dict.fromkeys(str(s).strip().lower() for s in shorts) if s]
    if not wanted:
        return [], 0
    remaining, table = set(wanted), {}
    for offer_id in offer_ids:
        short = short_id(offer_id)
        if short in remaining:  # the first offer of a shared short id keeps it
            table[short] = offer_id
            remaining.discard(short)
            if not remaining:
                break
    found = list(dict.fromkeys(table[s] for s in wanted if s in table))
    return found[:MAX_SHORTLIST], len(remaining)


def toggled(shortlist: list[str], offer_id: str) -> list[str]:
    """The shortlist with ``offer_id`` added at its end, or removed if it was there."""
    return [i for i in shortlist if i != offer_id] if offer_id in shortlist else [*shortlist, offer_id]


def added(shortlist: list[str], offer_ids: Iterable[str]) -> list[str]:
    """The shortlist with ``offer_ids`` added at its end (those already there stay where they are)."""
    return list(dict.fromkeys([*shortlist, *offer_ids]))[:MAX_SHORTLIST]


def starred(offers: pd.DataFrame, shortlist: list[str]) -> pd.Series:
    """Whether each offer is in the shortlist."""
    return offers["offer_id"].isin(shortlist)
