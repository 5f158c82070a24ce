"""French legal rates that every stipend comparison rests on, one table each.

Sources are those of ``../shared/LEGAL_RATES.md``:
- hourly social-security ceiling ("plafond horaire de la sécurité sociale"), set each year by
  arrêté; the minimum internship stipend is 15 % of it (art. L124-6 Code de l'éducation).
  2023: entreprendre.service-public.fr (actualité A13230); 2024: arrêté du 19/12/2023;
  2025: Lefebvre Dalloz, 26/11/2024; 2026: Cerfrance Maine-et-Loire, "chiffres utiles en paie
  au 1er janvier 2026"; 2020–2022: OpenFisca-France, plafond_securite_sociale_mensuel.yaml.
- service civique allowance: service-civique.gouv.fr (2024), orientation.com and Wizbii (2022–23).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HOURLY_SOCIAL_SECURITY_CEILING_EUR: dict[int, int] = {
    2020: 26,
    2021: 26,
    2022: 26,
    2023: 27,
    2024: 29,
    2025: 29,
    2026: 30,
}

LEGAL_MINIMUM_SHARE = Decimal("0.15")

# The dashboard uses the legal full-time month: 35 h a week over 52/12 weeks = 151.67 h
# (art. L3121-27 Code du travail). The press often quotes 22 days x 7 h = 154 h instead.
WEEKS_PER_MONTH = 52 / 12
FULL_TIME_HOURS_PER_WEEK = 35.0

# The gratification is due beyond two months in the same host: from the 309th hour.
MANDATORY_AFTER_MONTHS = 2

# Service civique monthly allowance (net): State part + host part. Keyed by the year in force
# for most of the year; 2023 uses the second-half figure.
CIVIC_SERVICE_MONTHLY_EUR: dict[int, float] = {
    2022: 600.94,
    2023: 609.95,
    2024: 619.83,
    2025: 619.83,
    2026: 619.83,
}

RATES_SOURCE_URL = "https://entreprendre.service-public.fr/vosdroits/F32131"


def legal_minimum_hourly(year: int) -> float | None:
    """Minimum internship stipend per hour for a year; None when the year is not in the table."""
    ceiling = HOURLY_SOCIAL_SECURITY_CEILING_EUR.get(int(year))
    if ceiling is None:
        return None
    rate = (Decimal(ceiling) * LEGAL_MINIMUM_SHARE).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return float(rate)


def legal_minimum_monthly(year: int, hours_per_week: float = FULL_TIME_HOURS_PER_WEEK) -> float | None:
    """Minimum monthly stipend in euros at the given weekly hours (35 h = 151.67 h a month)."""
    hourly = legal_minimum_hourly(year)
    if hourly is None:
        return None
    return round(hourly * hours_per_week * WEEKS_PER_MONTH, 2)


def known_years() -> list[int]:
    """Years for which the legal minimum is known."""
    return sorted(HOURLY_SOCIAL_SECURITY_CEILING_EUR)


# An intern's public-transport pass: the host pays half of it, as for its employees. Code de
# l'éducation art. L124-13 gives interns the right of art. L3261-2 of the Code du travail
# (https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000029234034).
TRANSPORT_EMPLOYER_SHARE = 0.5
TRANSPORT_SHARE_SOURCE = "Code de l'éducation, art. L124-13 ; Code du travail, art. L3261-2"
# The stipend up to the legal minimum bears no social contributions; above it, only the excess does
# (Code de la sécurité sociale art. L242-4-1; ../shared/LEGAL_RATES.md).
STIPEND_EXEMPTION_SOURCE = "Code de la sécurité sociale, art. L242-4-1"
