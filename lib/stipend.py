"""Monthly gross stipend of every offer that allows one, with how it was obtained.

- ``stated``: a monthly amount written in the offer, taken as it is;
- ``computed``: an hourly amount written in the offer, times the weekly hours (35 h if not
  stated) times 52/12 weeks;
- ``estimated``: "gratification légale" and the like, valued at the legal minimum of the
  offer's year (the service civique allowance for a civic service);
- ``lower_bound``: "above the legal minimum", or paid with no amount stated ("stage indemnisé":
  an internship of more than two months owes at least the minimum), valued at the legal minimum;
- ``unknown``: nothing stated, or no year to value the minimum at.

Weekly hours are a range (« 28 et 35 h »): every estimate uses its lower bound, so that an
estimate never claims more than the offer promises.

For a civic service the amount is the net monthly allowance (State and host), not a gross
gratification: it is valued, never compared with the internships' legal minimum.
"""

from __future__ import annotations

import pandas as pd

from lib import rates
from lib.distinct import per_distinct

STATUSES = ("stated", "computed", "estimated", "lower_bound", "unknown")
# A stated amount within this many euros of the minimum is "at the minimum" (rounding in offers).
AT_MINIMUM_TOLERANCE_EUR = 1.0
STATUS_LABELS = {
    "stated": ("Montant indiqué", "Amount stated"),
    "computed": ("Calculé depuis le taux horaire indiqué", "From the stated hourly rate"),
    "estimated": ("Estimé au minimum légal", "Estimated at the legal minimum"),
    "lower_bound": ("Au moins le minimum légal", "At least the legal minimum"),
    "unknown": ("Non précisé", "Not stated"),
}


# Bases valued at the legal minimum as a lower bound: the offer pays at least that much.
LOWER_BOUND_BASES = ("above_legal_minimum", "paid_unstated")


def weekly_hours(low: float | None, high: float | None) -> float | None:
    """The weekly hours estimates use: the lower bound of the stated range; None if none."""
    for value in (low, high):
        if value is not None and not pd.isna(value):
            return float(value)
    return None


def monthly_from_hourly(hourly: float, hours_per_week: float | None) -> float:
    """Monthly amount of an hourly rate at the given weekly hours (35 h if unknown)."""
    hours = rates.FULL_TIME_HOURS_PER_WEEK if hours_per_week is None or pd.isna(hours_per_week) else hours_per_week
    return round(float(hourly) * float(hours) * rates.WEEKS_PER_MONTH, 2)


def normalise_stipend(
    contract: str,
    basis: str,
    amount: float | None,
    period: str | None,
    hours_per_week: float | None,
    year: int | None,
) -> tuple[float | None, str]:
    """(monthly euros or None, status) for one offer; ``hours_per_week`` is the lower bound of
    the stated hours (see ``weekly_hours``)."""
    hours = None if hours_per_week is None or pd.isna(hours_per_week) else float(hours_per_week)
    has_year = year is not None and not pd.isna(year)
    if basis == "explicit" and amount is not None and not pd.isna(amount):
        if period == "hour":
            return monthly_from_hourly(float(amount), hours), "computed"
        return float(amount), "stated"
    if basis in ("legal_minimum", *LOWER_BOUND_BASES) and has_year:
        if contract == "civic_service":
            value = rates.CIVIC_SERVICE_MONTHLY_EUR.get(int(year))
        else:
            value = rates.legal_minimum_monthly(int(year), hours or rates.FULL_TIME_HOURS_PER_WEEK)
        if value is not None:
            return value, "estimated" if basis == "legal_minimum" else "lower_bound"
    return None, "unknown"


# What the stipend of an offer depends on: offers sharing these share their stipend.
STIPEND_INPUTS = ["contract", "stipend_basis", "stipend_amount_eur", "stipend_period", "hours_per_week_min",
                  "hours_per_week_max", "year", "duration_max_months"]


def normalise_stipends(offers: pd.DataFrame) -> pd.DataFrame:
    """Per offer: monthly gross stipend, its status, the legal minimum it compares with, and
    whether a stated internship amount falls below that minimum."""
    return per_distinct(offers, STIPEND_INPUTS, _normalise_each)


def _normalise_each(offers: pd.DataFrame) -> pd.DataFrame:
    monthly: list[float | None] = []
    statuses: list[str] = []
    minimums: list[float | None] = []
    below: list[bool] = []
    levels: list[str] = []
    for offer in offers.itertuples(index=False):
        amount = _value(offer.stipend_amount_eur)
        hours = weekly_hours(_value(offer.hours_per_week_min), _value(offer.hours_per_week_max))
        year = _value(offer.year)
        value, status = normalise_stipend(offer.contract, offer.stipend_basis, amount,
                                          _value(offer.stipend_period), hours, year)
        minimum = (
            rates.legal_minimum_monthly(int(year), hours or rates.FULL_TIME_HOURS_PER_WEEK)
            if year is not None and offer.contract == "internship"
            else None
        )
        monthly.append(value)
        statuses.append(status)
        minimums.append(minimum)
        below.append(_is_below_minimum(offer, value, status, minimum))
        levels.append(stipend_level(offer.contract, offer.stipend_basis, value, status, minimum))
    return pd.DataFrame(
        {
            "stipend_monthly_eur": pd.array(monthly, dtype="Float64"),
            "stipend_status": pd.array(statuses, dtype="string"),
            "legal_minimum_monthly_eur": pd.array(minimums, dtype="Float64"),
            "below_legal_minimum": pd.array(below, dtype=bool),
            "stipend_level": pd.array(levels, dtype="string"),
        },
        index=offers.index,
    )


def stipend_level(contract: str, basis: str, monthly: float | None, status: str, minimum: float | None) -> str:
    """Where an offer's pay stands against the legal minimum of its year, as a code of
    ``categories.STIPEND_LEVELS``: what the « au-dessus du minimum légal » filter reads.

    Only what the offer says counts: « supérieure au minimum » is above it, « gratification
    légale » at it, a stated amount is compared with the minimum at the offer's hours. A civic
    service's allowance is no gratification and is never compared with it.
    """
    if contract == "civic_service":
        return "civic_service"
    if basis == "above_legal_minimum":
        return "above_minimum"
    if status == "estimated":
        return "at_minimum"
    if status not in ("stated", "computed") or monthly is None:
        return "not_stated"
    if minimum is None:
        return "unknown_year"
    if monthly > minimum + AT_MINIMUM_TOLERANCE_EUR:
        return "above_minimum"
    if monthly >= minimum - AT_MINIMUM_TOLERANCE_EUR:
        return "at_minimum"
    return "below_minimum"


def total_stipend(monthly: float | None, months: float | None) -> float | None:
    """Gross stipend over the whole internship."""
    if monthly is None or months is None or pd.isna(monthly) or pd.isna(months):
        return None
    return round(float(monthly) * float(months), 2)


def _is_below_minimum(offer, value: float | None, status: str, minimum: float | None) -> bool:
    # The minimum is owed beyond two months only; shorter internships may pay less.
    if offer.contract != "internship" or status not in ("stated", "computed") or minimum is None:
        return False
    max_months = _value(offer.duration_max_months)
    if max_months is not None and max_months <= rates.MANDATORY_AFTER_MONTHS:
        return False
    if status == "computed":
        hourly_minimum = rates.legal_minimum_hourly(int(offer.year))
        return hourly_minimum is not None and float(offer.stipend_amount_eur) < hourly_minimum - 1e-9
    return value is not None and value < minimum - 0.005


def _value(x):
    return None if x is None or pd.isna(x) else x
