"""Stipend normalisation against the legal rates of ../shared/LEGAL_RATES.md."""

import pandas as pd
import pytest

from lib import rates
from lib.stipend import monthly_from_hourly, normalise_stipend, normalise_stipends, total_stipend, weekly_hours


@pytest.mark.parametrize(
    "year, hourly",
    [(2020, 3.90), (2021, 3.90), (2022, 3.90), (2023, 4.05), (2024, 4.35), (2025, 4.35), (2026, 4.50)],
)
def test_legal_minimum_per_hour_is_15_percent_of_the_ceiling(year, hourly):
    assert rates.legal_minimum_hourly(year) == hourly


@pytest.mark.parametrize(
    "year, monthly_table",  # LEGAL_RATES.md column "per month at 35 h/week (151.67 h)"
    [(2022, 591.51), (2023, 614.26), (2024, 659.76), (2026, 682.52)],
)
def test_monthly_minimum_matches_the_table_to_the_cent(year, monthly_table):
    # The table rounds 151.666… h to 151.67 h; the dashboard uses 52/12 weeks exactly.
    assert rates.legal_minimum_monthly(year) == pytest.approx(monthly_table, abs=0.02)


def test_unknown_year_has_no_minimum():
    assert rates.legal_minimum_hourly(2019) is None
    assert rates.legal_minimum_monthly(2031) is None


@pytest.mark.parametrize(
    "contract, basis, amount, period, hours, year, expected",
    [
        # "1 300 € brut mensuel" (Nicaya): as stated
        ("internship", "explicit", 1300.0, "month", None, 2023, (1300.0, "stated")),
        # "4,05€ de l'heure", 35 h (Décider ensemble): 4.05 × 35 × 52/12
        ("internship", "explicit", 4.05, "hour", 35.0, 2023, (614.25, "computed")),
        # an hourly rate with no hours stated: 35 h assumed
        ("internship", "explicit", 5.0, "hour", None, 2024, (758.33, "computed")),
        # "gratification légale", 2025 (PQN-A): 4.35 × 35 × 52/12
        ("internship", "legal_minimum", None, None, None, 2025, (659.75, "estimated")),
        # part-time: 28 h a week at the 2023 minimum
        ("internship", "legal_minimum", None, None, 28.0, 2023, (491.4, "estimated")),
        # "supérieure au minimum légal" (Vox Operatio): a lower bound
        ("internship", "above_legal_minimum", None, None, None, 2023, (614.25, "lower_bound")),
        # "Stage indemnisé" (Rennes), "Indemnité de stage." (La Montagne): paid, no amount; an
        # internship of more than two months owes at least the minimum, so a lower bound
        ("internship", "paid_unstated", None, None, None, 2023, (614.25, "lower_bound")),
        ("internship", "paid_unstated", None, None, 28.0, 2025, (527.8, "lower_bound")),
        ("internship", "paid_unstated", None, None, None, None, (None, "unknown")),
        ("internship", "not_stated", None, None, None, 2023, (None, "unknown")),
        # no year: the minimum cannot be valued
        ("internship", "legal_minimum", None, None, None, None, (None, "unknown")),
        # civic service at the legal allowance: the service civique table
        ("civic_service", "legal_minimum", None, None, None, 2024, (619.83, "estimated")),
        ("civic_service", "explicit", 600.0, "month", 35.0, 2023, (600.0, "stated")),
    ],
)
def test_normalise_stipend(contract, basis, amount, period, hours, year, expected):
    assert normalise_stipend(contract, basis, amount, period, hours, year) == expected


def test_monthly_from_hourly_uses_52_over_12_weeks():
    assert monthly_from_hourly(4.05, 35) == round(4.05 * 35 * 52 / 12, 2)


@pytest.mark.parametrize("low, high, expected", [
    (35.0, 35.0, 35.0),  # « 35h/semaine »
    (28.0, 35.0, 28.0),  # « 28 et 35h/semaine »: the lower bound
    (None, 35.0, 35.0),
    (None, None, None),
])
def test_estimates_use_the_lower_bound_of_the_hours(low, high, expected):
    assert weekly_hours(low, high) == expected


def _offers(**columns):
    base = dict(contract="internship", stipend_basis="explicit", stipend_amount_eur=500.0, stipend_period="month",
                hours_per_week_min=None, hours_per_week_max=None, year=2023, duration_max_months=6.0)
    base.update(columns)
    return pd.DataFrame([base])


def test_stated_amount_below_the_minimum_is_flagged():
    result = normalise_stipends(_offers(stipend_amount_eur=500.0))
    assert bool(result.loc[0, "below_legal_minimum"]) is True
    assert result.loc[0, "legal_minimum_monthly_eur"] == pytest.approx(614.25)


def test_hourly_rate_at_the_minimum_is_not_flagged():
    result = normalise_stipends(_offers(stipend_amount_eur=4.05, stipend_period="hour", hours_per_week_min=35.0,
                                        hours_per_week_max=35.0))
    assert bool(result.loc[0, "below_legal_minimum"]) is False


def test_a_range_of_hours_is_valued_on_its_lower_bound():
    """« 28 et 35h/semaine » at the legal minimum: 4,05 € × 28 h × 52/12, not 35 h."""
    result = normalise_stipends(_offers(stipend_basis="legal_minimum", stipend_amount_eur=None, stipend_period=None,
                                        hours_per_week_min=28.0, hours_per_week_max=35.0))
    assert result.loc[0, "stipend_monthly_eur"] == pytest.approx(491.4)
    assert result.loc[0, "stipend_status"] == "estimated"
    assert result.loc[0, "legal_minimum_monthly_eur"] == pytest.approx(491.4)
    hourly = normalise_stipends(_offers(stipend_amount_eur=5.0, stipend_period="hour", hours_per_week_min=28.0,
                                        hours_per_week_max=35.0))
    assert hourly.loc[0, "stipend_monthly_eur"] == pytest.approx(round(5.0 * 28 * 52 / 12, 2))


def test_paid_with_no_amount_is_a_lower_bound_never_flagged():
    result = normalise_stipends(_offers(stipend_basis="paid_unstated", stipend_amount_eur=None, stipend_period=None))
    assert result.loc[0, "stipend_status"] == "lower_bound"
    assert result.loc[0, "stipend_monthly_eur"] == pytest.approx(614.25)
    assert bool(result.loc[0, "below_legal_minimum"]) is False


def test_two_month_internship_may_pay_less():
    # The gratification is owed beyond two months only (309th hour).
    result = normalise_stipends(_offers(stipend_amount_eur=300.0, duration_max_months=2.0))
    assert bool(result.loc[0, "below_legal_minimum"]) is False


def test_civic_service_allowance_is_never_flagged_as_below_the_internship_minimum():
    result = normalise_stipends(_offers(contract="civic_service", stipend_amount_eur=600.0))
    assert bool(result.loc[0, "below_legal_minimum"]) is False


def test_total_over_the_internship():
    assert total_stipend(800.0, 6) == 4800.0
    assert total_stipend(None, 6) is None
