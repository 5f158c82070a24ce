"""A student's budget beside each offer's stipend: what is left each month once rent and transport
are paid (« reste à vivre »), over the whole internship too, with the host's legal share of a
public-transport pass for internships in France. Personal figures: the shell never writes them in
the URL, and they reach the PDF only when the student asks.

Not a payslip: the stipend is gross; the only legal rule stated about contributions is the one of
``rates.STIPEND_EXEMPTION_SOURCE`` (nothing up to the legal minimum, the excess only above it).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import formatting as fmt
from lib import rates
from lib.compare import best_of
from lib.i18n import t

Row = tuple[str, list[str], list[bool]]  # label, one text per offer, which cells are highlighted


@dataclass(frozen=True)
class Budget:
    """Monthly rent for each offer (in the offers' order; None: not typed) and monthly transport."""

    rents: tuple[float | None, ...]
    transport: float = 0.0

    def is_empty(self) -> bool:
        return not any(self.rents) and not self.transport


def transport_share(offer, transport: float) -> float:
    """The host's share of the student's transport: half, for an internship in France (the law
    speaks of a public-transport pass, which the student is told); nothing otherwise."""
    in_france = str(getattr(offer, "country", "FR") or "FR") == "FR"
    if transport and in_france and getattr(offer, "contract", None) == "internship":
        return round(transport * rates.TRANSPORT_EMPLOYER_SHARE, 2)
    return 0.0


def left_to_live(offers: pd.DataFrame, budget: Budget) -> list[float | None]:
    """Monthly stipend minus rent and transport, plus the host's transport share; None when the
    stipend is unknown."""
    out: list[float | None] = []
    for offer, rent in zip(offers.itertuples(index=False), budget.rents, strict=True):
        monthly = offer.stipend_monthly_eur
        if monthly is None or pd.isna(monthly):
            out.append(None)
            continue
        out.append(round(float(monthly) - (rent or 0.0) - budget.transport + transport_share(offer, budget.transport),
                         2))
    return out


def budget_rows(offers: pd.DataFrame, budget: Budget, lang: str = "fr") -> list[Row]:
    """The rows the comparison adds: rent, transport, the host's share, what is left per month and
    over the internship (a range when the duration is), contributions in one line."""
    monthly = left_to_live(offers, budget)
    shares = [transport_share(o, budget.transport) for o in offers.itertuples(index=False)]
    n = len(offers)
    rows: list[Row] = [
        (t("budget_rent_row", lang), [fmt.euros(r, lang) if r else "—" for r in budget.rents], [False] * n),
        (t("budget_transport_row", lang), [fmt.euros(budget.transport, lang) if budget.transport else "—"] * n,
         [False] * n),
        (t("budget_share_row", lang), [fmt.euros(s, lang) if s else ("—" if not budget.transport else
                                                                       t("budget_no_share", lang)) for s in shares],
         [False] * n),
        (t("budget_left_month", lang), [_signed(v, lang) for v in monthly],
         best_of([None if v is None else (v, v) for v in monthly])),
    ]
    totals = []
    for value, low, high in zip(monthly, offers["duration_low"], offers["duration_high"], strict=True):
        if value is None or pd.isna(low):
            totals.append("—")
        elif low == high:
            totals.append(_signed(value * float(low), lang))
        else:
            joiner = " à " if lang == "fr" else " to "
            totals.append(_signed(value * float(low), lang) + joiner + _signed(value * float(high), lang))
    rows.append((t("budget_left_total", lang), totals, [False] * n))
    rows.append((t("budget_contributions", lang), [contributions_text(o, lang) for o in offers.itertuples(index=False)],
                 [False] * n))
    return [row for row in rows if any(v not in ("—", "") for v in row[1])]


def contributions_text(offer, lang: str = "fr") -> str:
    """« aucune (au plus le minimum légal) » or « sur l'excédent seulement : 686 € par mois » for an
    internship in France whose monthly amount and legal minimum are known; « — » otherwise."""
    monthly, minimum = offer.stipend_monthly_eur, getattr(offer, "legal_minimum_monthly_eur", None)
    in_france = str(getattr(offer, "country", "FR") or "FR") == "FR"  # French social-security law only
    known = not (monthly is None or pd.isna(monthly) or minimum is None or pd.isna(minimum))
    if not in_france or offer.contract != "internship" or not known:
        return "—"
    excess = float(monthly) - float(minimum)
    if excess <= 0.5:  # amounts are rounded to the euro on screen
        return t("budget_exempt", lang)
    return t("budget_excess", lang, amount=fmt.monthly_euros(excess, lang))


def _signed(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    text = fmt.euros(round(abs(value)), lang)
    return f"−{text}" if round(value) < 0 else text
