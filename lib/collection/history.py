"""The collection's tables as the curators' page shows them: its offers, the history of changes
(who, when, what, before → after), and a save conflict side by side."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from lib.collection.store import AuditRecord, OfferRecord
from lib.i18n import t

MAX_SHOWN_CHARS = 80


def _short(value: object) -> str:
    text = "—" if value is None or value == "" else str(value)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def changes_text(changes: Iterable[tuple[str, object, object]]) -> str:
    """« title : A → B ; stipend_amount_eur : 700 → 750 »."""
    return " ; ".join(f"{name} : {_short(before)} → {_short(after)}" for name, before, after in changes)


def history_frame(entries: Iterable[AuditRecord], lang: str = "fr") -> pd.DataFrame:
    """One line per change, the latest first."""
    return pd.DataFrame([{
        t("column_when", lang): entry.at.strftime("%Y-%m-%d %H:%M:%S"),
        t("column_who", lang): entry.actor,
        t("column_action", lang): t(f"action_{entry.action}", lang),
        t("column_offer", lang): entry.offer_id or (f"suggestion n° {entry.suggestion_id}" if entry.suggestion_id
                                                     else "—"),
        t("column_changes", lang): changes_text(entry.changes()),
    } for entry in entries], columns=[t(k, lang) for k in ("column_when", "column_who", "column_action",
                                                             "column_offer", "column_changes")])


def offers_frame(offers: Iterable[OfferRecord], lang: str = "fr") -> pd.DataFrame:
    return pd.DataFrame([{
        t("column_offer", lang): o.offer_id,
        t("organisation", lang): o.row.get("organisation"),
        t("title", lang): o.row.get("title"),
        t("column_status", lang): t(f"offer_status_{o.status}", lang),
        t("column_version", lang): o.version,
        t("column_when", lang): o.updated_at.strftime("%Y-%m-%d %H:%M"),
        t("column_who", lang): o.updated_by,
    } for o in offers])


def conflict_frame(saved: Mapping[str, object], mine: Mapping[str, object], lang: str = "fr") -> pd.DataFrame:
    """The fields where the user's unsaved changes and the version saved meanwhile differ."""
    return pd.DataFrame([{t("column_column", lang): name, t("column_current", lang): _short(saved.get(name)),
                          t("column_yours", lang): _short(mine.get(name))}
                         for name in mine if saved.get(name) != mine.get(name) and not (
                             saved.get(name) in (None, "") and mine.get(name) in (None, ""))])
