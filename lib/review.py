"""Proposals under review on the add-offer page: what the user decided for each, what became
of it, and the summary table. Pure, so the page only draws it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lib import categories as cat
from lib.i18n import t
from lib.ingest.duplicates import reason_text
from lib.ingest.readers import PASTED
from lib.offer_form import Proposal, check_row

SKIP, BOTH = "skip", "both"
REPLACE = "replace:"  # followed by the replaced collection offer's identifier
DUPLICATE_THRESHOLD = 0.75  # a match this strong makes a proposal a "likely duplicate" until decided


@dataclass
class Reviewed:
    """One proposal, the row as corrected so far, the user's decision and its outcome."""

    proposal: Proposal
    row: dict[str, object]
    decision: str = BOTH
    outcome: str | None = None  # "published" | "suggested" | "skipped"
    detail: str = ""  # the published offer's id, or the suggestion's number
    error: str | None = None

    @property
    def done(self) -> bool:
        return self.outcome is not None

    def likely_duplicate(self) -> bool:
        return any(d.score >= DUPLICATE_THRESHOLD for d in self.proposal.duplicates)

    def replaceable(self) -> list[str]:
        """Collection offers this proposal may replace (the reference file is never replaced here)."""
        return [d.offer_id for d in self.proposal.duplicates if d.where == "collection"]


@dataclass
class Batch:
    """What one reading of a text or file gave."""

    source: str
    text: str
    items: list[Reviewed] = field(default_factory=list)

    @classmethod
    def of(cls, source: str, text: str, proposals: list[Proposal]) -> Batch:
        return cls(source, text, [Reviewed(p, dict(p.row), decision=SKIP if _strong(p) else BOTH)
                                  for p in proposals])


def _strong(proposal: Proposal) -> bool:
    # A proposal that repeats an offer already shown starts as "skip": publishing a duplicate takes
    # a decision, not a missed warning.
    return any(d.score >= DUPLICATE_THRESHOLD and d.where != "batch" for d in proposal.duplicates)


def replaced(decision: str) -> str | None:
    """The identifier a decision replaces, if it is a replacement."""
    return decision[len(REPLACE):] if decision.startswith(REPLACE) else None


def decisions(item: Reviewed) -> list[str]:
    """What the user may decide for a proposal: keep both, skip, or replace a collection offer."""
    return [BOTH, SKIP, *(REPLACE + offer_id for offer_id in item.replaceable())]


def item_label(index: int, item: Reviewed, lang: str) -> str:
    title = " · ".join(str(v) for v in (item.row.get("organisation"), item.row.get("title")) if v) or "—"
    return t("add_proposal_label", lang, n=index + 1, title=title[:120])


def state(item: Reviewed, taken: set[str], lang: str) -> str:
    if item.outcome is not None:
        return t(f"state_{item.outcome}", lang)
    if item.decision == SKIP:
        return t("state_skipped", lang) + (f" ({t('state_duplicate', lang)})" if item.likely_duplicate() else "")
    if not check_row(item.row, set() if replaced(item.decision) else taken).ok:
        return t("state_to_fix", lang)
    return t("state_ready", lang)


def summary_table(batch: Batch, taken: set[str], lang: str) -> pd.DataFrame:
    """One line per proposal: number, organisation, title, place, stipend as read, possible
    duplicate, state."""
    lines = []
    for i, item in enumerate(batch.items):
        row = item.row
        best = max(item.proposal.duplicates, key=lambda d: d.score, default=None)
        lines.append({
            t("column_n", lang): i + 1,
            t("organisation", lang): row.get("organisation") or "—",
            t("title", lang): row.get("title") or "—",
            t("place", lang): " ".join(str(v) for v in (row.get("city"), row.get("postcode")) if v) or "—",
            t("stipend", lang): cat.label(cat.STIPEND_BASES, row.get("stipend_basis"), lang)  # type: ignore[arg-type]
            + (f" ({row['stipend_amount_eur']:g} €)" if isinstance(row.get("stipend_amount_eur"), int | float)
               else ""),
            t("column_duplicate", lang): "" if best is None else duplicate_text(best, lang),
            t("column_state", lang): state(item, taken, lang),
        })
    return pd.DataFrame(lines)


def duplicate_text(match, lang: str) -> str:
    """« id (fichier de référence, 92 %) : même structure, … » in the page's language."""
    reason = reason_text(match.parts, lang) if match.parts else match.reason
    return t("add_duplicate_line", lang, offer_id=match.offer_id, where=t(f"where_{match.where}", lang),
             score=round(match.score * 100), reason=reason)


def source_label(source: str, lang: str) -> str:
    """Where a batch or a suggestion was read from, as shown: a file's own name, or « texte collé » /
    "pasted text" (also before the heading of one of its offers: "pasted text: Stage…"). The stored
    name (a row's ``source``, the collection's ``source_name``) stays the French one."""
    if source == PASTED:
        return t("pasted_text", lang)
    if source.startswith(PASTED + ": "):
        return t("pasted_text", lang) + source[len(PASTED):]
    return source
