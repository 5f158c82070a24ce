"""Ingest anything a posting comes in (issue 13): read a file or a paste, cut a digest into one text
per offer, propose each offer's row with the passage of every field, and flag offers we already
have.

Pure functions, no streamlit: the pages and ``python -m lib ingest`` share them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from lib.extract import (
    Extracted,
    ExtractionStopped,
    PostingTooLong,
    check_posting_length,
    extract_offer,
    proposed_row,
)
from lib.ingest.duplicates import DuplicateMatch, find_duplicates
from lib.ingest.readers import PASTED, Document, UnreadableDocument, kind_of, pasted_document, read_document
from lib.ingest.split import OfferSpan, reads_as_offer, split_offers


@dataclass
class Proposal:
    """One offer read from a text: its proposed row, where each value was read, and what it repeats."""

    row: dict[str, object]  # the contract's columns (v2 names), values or None
    found: dict[str, Extracted]  # per field, the passage it was read from (positions in ``text``)
    text: str  # this offer's own text (a digest is cut into one text per offer)
    source: str  # "<document name>: <heading line>"
    duplicates: list[DuplicateMatch] = field(default_factory=list)


def propose_offers(text: str, source_name: str = PASTED, existing: pd.DataFrame | None = None,
                   should_stop: Callable[[], bool] | None = None) -> list[Proposal]:
    """One proposal per offer of the text, each checked against ``existing`` (contract rows with
    ``offer_id`` and a ``dataset`` column) and against the proposals before it.

    Raises ``PostingTooLong`` (a ValueError, French message) over ``lib.limits.MAX_POSTING_CHARS``,
    before any work; ``ExtractionStopped`` when ``should_stop`` answers True (checked between
    offers and between fields).
    """
    check_posting_length(text)
    taken = set(existing["offer_id"].astype(str)) if existing is not None and "offer_id" in existing else set()
    proposals: list[Proposal] = []
    for span in split_offers(text):
        if should_stop is not None and should_stop():
            raise ExtractionStopped("extraction arrêtée : la session qui l'avait demandée est fermée")
        offer_text = text[span.start:span.end]
        found = extract_offer(offer_text, should_stop=should_stop)
        source = f"{source_name}: {span.heading}"[:1000]
        row = proposed_row(offer_text, source=source, taken_ids=taken, fields=found)
        taken.add(str(row["offer_id"]))
        duplicates = find_duplicates(row, existing) if existing is not None else []
        if proposals:
            batch = pd.DataFrame([p.row for p in proposals])
            duplicates += find_duplicates(row, batch, where="batch")
        proposals.append(Proposal(row, found, offer_text, source, sorted(duplicates, key=lambda d: -d.score)))
    return proposals


def propose_documents(documents: Iterable[Document], existing: pd.DataFrame | None = None,
                      should_stop: Callable[[], bool] | None = None) -> list[Proposal]:
    """Proposals of several documents read together: duplicates are also looked for across them.
    Of several documents (an e-mail and its attachments), one that does not read as an offer (a
    covering note) gives no proposal."""
    documents = list(documents)
    proposals: list[Proposal] = []
    for document in documents:
        if len(documents) > 1 and not reads_as_offer(document.text):
            continue
        seen = existing
        if proposals:
            batch = pd.DataFrame([p.row for p in proposals]).assign(dataset="batch")
            seen = batch if existing is None else pd.concat([existing, batch], ignore_index=True)
        proposals.extend(propose_offers(document.text, document.name, seen, should_stop))
    return proposals


def proposal_json(proposal: Proposal) -> dict[str, object]:
    """A proposal as the command line prints it: the contract's columns, ``source`` and ``duplicates``."""
    out = dict(proposal.row)
    out["source"] = proposal.source
    out["duplicates"] = [{"offer_id": d.offer_id, "score": d.score, "reason": d.reason, "where": d.where}
                         for d in proposal.duplicates]
    return out


__all__ = [
    "Document",
    "DuplicateMatch",
    "ExtractionStopped",
    "OfferSpan",
    "PostingTooLong",
    "Proposal",
    "UnreadableDocument",
    "find_duplicates",
    "kind_of",
    "pasted_document",
    "proposal_json",
    "propose_documents",
    "propose_offers",
    "read_document",
    "split_offers",
]
