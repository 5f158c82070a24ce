"""French (and English) display of amounts, months and durations."""

import math

import pytest

from lib import categories as cat
from lib import formatting as fmt

NNBSP = "\u202f"  # narrow no-break space: babel's French thousands separator
NBSP = "\u00a0"


@pytest.mark.parametrize(
    "amount, expected",
    [
        (1300, f"1{NNBSP}300{NBSP}€"),  # Nicaya: « 1 300 € brut mensuel »
        (1300.0, f"1{NNBSP}300{NBSP}€"),
        (770, f"770{NBSP}€"),  # CoopaWatt: « 770 euros/mois »
        (4.05, f"4,05{NBSP}€"),  # Décider ensemble: « 4,05€ de l'heure »
        (614.25, f"614,25{NBSP}€"),  # the 2023 minimum, 4,05 € × 35 h × 52/12
        (12000, f"12{NNBSP}000{NBSP}€"),
    ],
)
def test_euros_in_french(amount, expected):
    assert fmt.euros(amount) == expected


def test_euros_never_break_over_two_lines():
    # The module promises it: no ordinary space, neither between the digits nor before the sign.
    for amount in (1300, 614.25, 4620, 7800, 1_234_567):
        assert " " not in fmt.euros(amount), repr(fmt.euros(amount))


def test_euros_with_cents_on_request():
    assert fmt.euros(600, cents=True) == f"600,00{NBSP}€"


@pytest.mark.parametrize("amount, expected", [(1300, "€1,300"), (4.05, "€4.05"), (614.25, "€614.25")])
def test_euros_in_english(amount, expected):
    assert fmt.euros(amount, "en") == expected


@pytest.mark.parametrize("missing", [None, math.nan, float("nan")])
def test_unknown_amount_is_a_dash(missing):
    assert fmt.euros(missing) == "—"
    assert fmt.number(missing) == "—"


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        ("2023-03", "fr", "mars 2023"),  # CoopaWatt: « à compter de mars / avril 2023 »
        ("2023-07", "fr", "juillet 2023"),  # Nicaya: « Début : Juillet ou septembre 2023 »
        ("2025-01", "fr", "janvier 2025"),
        ("2023-02", "fr", "février 2023"),
        ("2023-03", "en", "March 2023"),
        (None, "fr", "—"),
        ("", "fr", "—"),
        (math.nan, "fr", "—"),
    ],
)
def test_month(value, lang, expected):
    assert fmt.month(value, lang) == expected


@pytest.mark.parametrize(
    "value, lang, expected",
    [("2023-02-17", "fr", "17 février 2023"), ("2023-01-15", "en", "15 January 2023"), (None, "fr", "—")],
)
def test_day(value, lang, expected):
    assert fmt.day(value, lang) == expected


@pytest.mark.parametrize(
    "low, high, lang, expected",
    [
        (4, 6, "fr", "4 à 6 mois"),  # TACT: « Stage de 4 à 6 mois »
        (6, 6, "fr", "6 mois"),  # « Stage de six mois »
        (6, 9, "fr", "6 à 9 mois"),  # Paris 11e: « entre 6 et 9 mois »
        (3, 6, "fr", "3 à 6 mois"),
        (None, 6, "fr", "6 mois"),
        (4.5, None, "fr", "4,5 mois"),
        (None, None, "fr", "—"),
        (math.nan, math.nan, "fr", "—"),
        (4, 6, "en", "4 to 6 months"),
        (6, 6, "en", "6 months"),
        (1.5, 2, "en", "1.5 to 2 months"),
    ],
)
def test_months_range(low, high, lang, expected):
    assert fmt.months_range(low, high, lang) == expected


@pytest.mark.parametrize(
    "value, lang, expected",
    [(5.25, "fr", "5,25"), (1300, "fr", f"1{NNBSP}300"), (5.25, "en", "5.25"), (35, "fr", "35")],
)
def test_number(value, lang, expected):
    assert fmt.number(value, lang) == expected


@pytest.mark.parametrize(
    "basis, amount, period, lang, expected",
    [
        ("explicit", 1300, "month", "fr", f"1{NNBSP}300{NBSP}€ par mois"),
        ("explicit", 4.05, "hour", "fr", f"4,05{NBSP}€ de l'heure"),
        ("explicit", 770, None, "fr", f"770{NBSP}€ par mois"),
        ("legal_minimum", None, None, "fr", "Gratification légale"),
        ("above_legal_minimum", None, None, "fr", "Supérieure au minimum légal"),
        ("not_stated", None, None, "fr", "Non précisée"),
        ("paid_unstated", None, None, "fr", "Indemnisé, montant non précisé"),
        ("paid_unstated", None, None, "en", "Paid, amount not stated"),
        ("legal_minimum", None, None, "en", "Legal minimum"),
        ("explicit", 800, "month", "en", "€800 per month"),
    ],
)
def test_stipend_as_written(basis, amount, period, lang, expected):
    assert fmt.stipend_as_written(basis, amount, period, lang) == expected


@pytest.mark.parametrize(
    "low, high, lang, expected",
    [
        (28.0, 35.0, "fr", f"28–35{NBSP}h"),  # « 28 et 35h/semaine »
        (35.0, 35.0, "fr", f"35{NBSP}h"),
        (None, 35.0, "fr", f"35{NBSP}h"),
        (17.5, 24.0, "fr", f"17,5–24{NBSP}h"),
        (17.5, 24.0, "en", f"17.5–24{NBSP}h"),
        (None, None, "fr", "—"),
        (math.nan, math.nan, "fr", "—"),
    ],
)
def test_hours_range(low, high, lang, expected):
    assert fmt.hours_range(low, high, lang) == expected


def test_codes_are_labelled_in_order_and_unknown_codes_shown_as_such():
    assert fmt.codes("meal_vouchers;transport_50", cat.PERKS) == "Titres-restaurant, Transports remboursés à 50 %"
    assert fmt.codes("master_1;master_2", cat.LEVELS, "en") == "Master 1, Master 2"
    assert fmt.codes("energy; unknown_code", cat.THEMES) == "Énergie, unknown_code"
    assert fmt.codes(None, cat.PERKS) == fmt.codes("", cat.PERKS) == fmt.codes(math.nan, cat.PERKS) == "—"


def test_thousands_separator_is_the_one_numbers_are_written_with():
    assert fmt.thousands_separator("fr") == "\u202f" and fmt.number(1300, "fr") == "1\u202f300"
    assert fmt.thousands_separator("en") == ","
