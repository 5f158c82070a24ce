"""The collection's export, and its merge into the reference file (``python -m lib merge``).

The export is the download every page offers: the contract's columns, a BOM for Excel and no
cell a spreadsheet would run as a formula (``lib.export.safe_csv_bytes``). Merging reads it back
with the loader (which takes off the apostrophes that neutralised formulas), validates both files
first, and reports every ``offer_id`` the two files hold with different contents before anything
is written. The merged file is written in the contract's format, whatever the data file's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from lib.export import offers_csv_text, safe_csv_bytes
from lib.loading import read_table
from lib.report import InvalidOffersFile, Issue, ValidationReport
from lib.schema import COLUMN_NAMES
from lib.validation import contract_notation, validate_table

OnConflict = Literal["stop", "keep", "replace"]


def export_csv(rows: list[Mapping[str, Any]]) -> bytes:
    """The published collection as a CSV of the contract, safe to open in a spreadsheet."""
    frame = pd.DataFrame(list(rows), columns=list(COLUMN_NAMES)).astype(object)
    return safe_csv_bytes(frame)


@dataclass(frozen=True)
class Conflict:
    offer_id: str
    differences: tuple[tuple[str, str, str], ...]  # (column, in the file, in the export)


@dataclass
class MergePlan:
    """What merging the export into the file would do, and why it cannot (errors, conflicts)."""

    added: list[str] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    export_report: ValidationReport = field(default_factory=ValidationReport)
    target_report: ValidationReport = field(default_factory=ValidationReport)
    _export: pd.DataFrame | None = field(default=None, repr=False)
    _target: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def valid(self) -> bool:
        return not self.export_report.errors and not self.target_report.errors

    def describe(self) -> str:
        lines = [f"Offres nouvelles : {len(self.added)} ; déjà présentes à l'identique : {len(self.identical)} ; "
                 f"identifiants en conflit : {len(self.conflicts)}"]
        for name, report in (("collection exportée", self.export_report), ("fichier de données", self.target_report)):
            for issue in report.errors:
                lines.append(f"Erreur dans le {name} — {issue.describe()}")
        for conflict in self.conflicts:
            lines.append(f"Conflit sur « {conflict.offer_id} » :")
            for column, old, new in conflict.differences:
                lines.append(f"  - {column} : « {old} » dans le fichier, « {new} » dans la collection")
        return "\n".join(lines)


def plan_merge(export: bytes, target: bytes) -> MergePlan:
    """Validate both files, then sort the export's offers into new, identical and conflicting."""
    plan = MergePlan()
    try:
        exported_raw = read_table(export)  # the loader takes the neutralising apostrophes off
        target_raw = read_table(target)
    except InvalidOffersFile as exc:
        plan.export_report = exc.report
        return plan
    except UnicodeDecodeError:
        plan.export_report.add(Issue("error", "la collection exportée n'est pas un fichier texte UTF-8"))
        return plan
    exported = validate_table(exported_raw)
    targeted = validate_table(target_raw)
    plan.export_report, plan.target_report = exported_raw.report, target_raw.report
    plan._export, plan._target = exported_raw.frame.assign(_row=exported_raw.rows), target_raw.frame
    in_file = {str(r["offer_id"]): r for _i, r in targeted.iterrows()}
    for _i, offer in exported.iterrows():
        offer_id = str(offer["offer_id"])
        known = in_file.get(offer_id)
        if known is None:
            plan.added.append(offer_id)
            continue
        differences = tuple((c, _shown(known[c]), _shown(offer[c])) for c in COLUMN_NAMES
                            if c in offer.index and c in known.index and not _same(known[c], offer[c]))
        if differences:
            plan.conflicts.append(Conflict(offer_id, differences))
        else:
            plan.identical.append(offer_id)
    return plan


def merged_text(plan: MergePlan, target: bytes, on_conflict: OnConflict = "stop") -> str | None:
    """The data file with the export merged in, or None when the plan forbids it (errors, or
    conflicts with ``stop``). The file's own lines are kept as they are when only offers are
    added; ``replace`` rewrites the file with the export's version of each conflicting offer."""
    if not plan.valid or (plan.conflicts and on_conflict == "stop") or plan._export is None:
        return None
    export = plan._export.drop(columns="_row")
    export = export[[c for c in export.columns if c in COLUMN_NAMES]]
    new_rows = export[export["offer_id"].isin(plan.added)]
    replaced = {c.offer_id for c in plan.conflicts} if on_conflict == "replace" else set()
    contract_file = (plan.target_report.encoding in ("UTF-8", "UTF-8 (BOM)") and plan.target_report.separator == ","
                     and plan._target is not None and list(plan._target.columns) == list(COLUMN_NAMES))
    if not replaced and contract_file:
        text = target.decode("utf-8-sig")
        if new_rows.empty:
            return text
        added = offers_csv_text(new_rows.reindex(columns=list(COLUMN_NAMES))).split("\n", 1)[1]
        return text.rstrip("\r\n") + "\n" + added
    current = plan._target.copy() if plan._target is not None else pd.DataFrame(columns=list(COLUMN_NAMES))
    if replaced:
        for offer_id in replaced:
            position = current.index[current["offer_id"] == offer_id]
            source = export[export["offer_id"] == offer_id].iloc[0]
            for column in export.columns:
                current.loc[position, column] = source[column]
    merged = pd.concat([contract_notation(current), new_rows], ignore_index=True)
    return offers_csv_text(merged.reindex(columns=list(COLUMN_NAMES)).astype(object))


def _same(left: object, right: object) -> bool:
    left_missing, right_missing = pd.isna(left), pd.isna(right)
    if left_missing or right_missing:
        return bool(left_missing and right_missing)
    return left == right


def _shown(value: object) -> str:
    return "" if pd.isna(value) else str(value)


__all__ = ["Conflict", "MergePlan", "export_csv", "merged_text", "plan_merge"]
