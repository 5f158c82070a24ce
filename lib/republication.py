"""The same offer posted twice: a row's ``republishes`` names the ``offer_id`` of the first
posting (data/README.md). Tables show both postings; counts, medians and distributions count
the offer once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.i18n import t
from lib.membership import is_in

REPUBLISHES = "republishes"
# Derived by ``link_republications``: the linked postings as « organisation — title », for display.
REPUBLICATION_OF = "republication_of"
REPUBLISHED_AS = "republished_as"
_JOINER = " ; "


def is_counted_republication(offers: pd.DataFrame) -> pd.Series:
    """Rows that republish an offer present in ``offers``: left out of counts, since that offer
    already counts. A republication whose first posting is filtered out (or in no loaded file)
    stands for the offer and counts."""
    if REPUBLISHES not in offers.columns:
        return pd.Series(False, index=offers.index)
    target = offers[REPUBLISHES]
    present = target.notna().to_numpy(dtype=bool)
    counted = np.zeros(len(offers), dtype=bool)
    if present.any():
        # The few republished identifiers are looked up among the offers, not the other way round:
        # each chart asks this of up to 100,000 offers, and a set of them all costs tens of ms.
        wanted = target[present]
        found = offers["offer_id"][is_in(offers["offer_id"], wanted)]
        counted[present] = is_in(wanted, found)
    return pd.Series(counted, index=offers.index)


def distinct_offers(offers: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The offers with each republished pair counted once (its first posting kept); only
    ``columns`` when given: at 100,000 offers, copying the rows of every column a count never
    reads cost about 60 ms per chart."""
    repeated = is_counted_republication(offers).to_numpy()
    if columns is None:
        return offers if not repeated.any() else offers[~repeated]
    return offers[columns] if not repeated.any() else offers.loc[~repeated, columns]


def link_republications(offers: pd.DataFrame) -> pd.DataFrame:
    """A new frame of the offers with, for display, the first posting each row republishes and
    the postings that republish it, as « organisation — title » (the bare identifier of a first
    posting that is not loaded)."""
    empty = pd.Series(pd.NA, index=offers.index, dtype="string")
    if REPUBLISHES not in offers.columns or not offers[REPUBLISHES].notna().any():
        return offers.assign(**{REPUBLICATION_OF: empty, REPUBLISHED_AS: empty})
    names = dict(zip(offers["offer_id"], offers["organisation"].astype(str) + " — " + offers["title"].astype(str),
                     strict=True))
    target = offers[REPUBLISHES]
    later: dict[str, list[str]] = {}
    for offer_id, first in zip(offers["offer_id"], target, strict=True):
        if isinstance(first, str) and first in names:
            later.setdefault(first, []).append(names[offer_id])
    of = [names.get(first, first) if isinstance(first, str) else pd.NA for first in target]
    as_ = [_JOINER.join(later[i]) if i in later else pd.NA for i in offers["offer_id"]]
    return offers.assign(**{REPUBLICATION_OF: pd.array(of, dtype="string"),
                            REPUBLISHED_AS: pd.array(as_, dtype="string")})


def republication_text(republication_of: object, republished_as: object, lang: str = "fr") -> str:
    """What a table or card says of a posting's pair; empty for an offer posted once."""
    parts = []
    if isinstance(republication_of, str) and republication_of:
        parts.append(t("republication_of", lang, offer=republication_of))
    if isinstance(republished_as, str) and republished_as:
        parts.append(t("republished_as", lang, offer=republished_as))
    return " ; ".join(parts)
