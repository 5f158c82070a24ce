"""The public contract of ``data/offers.csv``: its columns, their types and allowed values.

``data/README.md`` documents the same columns; a test keeps both in step. This is version 2 of
the contract; files written for version 1 still load (``V1_RENAMED``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lib import categories as cat

Kind = Literal["slug", "text", "category", "codes", "number", "integer", "month", "date", "url"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the contract. ``required`` means a value must be present on every row."""

    name: str
    kind: Kind
    required: bool = False
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 300


def _codes(labels: cat.Labels) -> tuple[str, ...]:
    return tuple(labels)


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("offer_id", "slug", required=True, max_length=80),
    ColumnSpec("title", "text", required=True),
    ColumnSpec("organisation", "text", required=True),
    ColumnSpec("org_type", "category", required=True, allowed=_codes(cat.ORG_TYPES)),
    ColumnSpec("contract", "category", required=True, allowed=_codes(cat.CONTRACTS)),
    ColumnSpec("address", "text"),
    ColumnSpec("city", "text", max_length=100),
    ColumnSpec("postcode", "text", max_length=12),
    ColumnSpec("department_code", "text", max_length=3),
    ColumnSpec("region", "text", max_length=60),
    ColumnSpec("country", "text", required=True, max_length=2),
    ColumnSpec("latitude", "number", minimum=-90, maximum=90),
    ColumnSpec("longitude", "number", minimum=-180, maximum=180),
    ColumnSpec("geo_precision", "category", allowed=_codes(cat.GEO_PRECISIONS)),
    ColumnSpec("stipend_basis", "category", required=True, allowed=_codes(cat.STIPEND_BASES)),
    ColumnSpec("stipend_amount_eur", "number", minimum=0.01, maximum=5000),
    ColumnSpec("stipend_period", "category", allowed=_codes(cat.STIPEND_PERIODS)),
    ColumnSpec("hours_per_week_min", "number", minimum=1, maximum=48),
    ColumnSpec("hours_per_week_max", "number", minimum=1, maximum=48),
    ColumnSpec("duration_min_months", "number", minimum=0.25, maximum=24),
    ColumnSpec("duration_max_months", "number", minimum=0.25, maximum=24),
    ColumnSpec("start_earliest", "month"),
    ColumnSpec("application_deadline", "date"),
    ColumnSpec("year", "integer", minimum=2000, maximum=2100),
    ColumnSpec("remote", "category", allowed=_codes(cat.REMOTE)),
    ColumnSpec("driving_licence", "category", allowed=_codes(cat.DRIVING_LICENCE)),
    ColumnSpec("evening_weekend_work", "category", allowed=_codes(cat.YES_NO)),
    ColumnSpec("perks", "codes", allowed=_codes(cat.PERKS)),
    ColumnSpec("level", "codes", allowed=_codes(cat.LEVELS)),
    ColumnSpec("themes", "codes", allowed=_codes(cat.THEMES)),
    ColumnSpec("url", "url", max_length=500),
    ColumnSpec("republishes", "slug", max_length=80),
    ColumnSpec("source", "text", required=True, max_length=1000),
    ColumnSpec("notes", "text", max_length=4000),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
SPECS: dict[str, ColumnSpec] = {c.name: c for c in COLUMNS}
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
NUMBER_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == "number")
CODES_SEPARATOR = ";"

CONTRACT_VERSION = 2
# Columns of contract v1 that v2 replaced, with what they became: a v1 file's value fills each of
# them (v1's one weekly figure is both bounds of v2's range), and the report says so once.
V1_RENAMED: dict[str, tuple[str, ...]] = {"hours_per_week": ("hours_per_week_min", "hours_per_week_max")}

# Columns whose value is always read from the French commune, never typed by hand.
DERIVED_GEO_COLUMNS = ("department_code", "region")

# Upper bounds that make a value absurd rather than merely unusual.
MAX_MONTHLY_STIPEND_EUR = 5000.0
MAX_HOURLY_STIPEND_EUR = 50.0
# Legal maximum of an internship with one host in one academic year (art. L124-5).
MAX_INTERNSHIP_MONTHS = 6

# Columns the dashboard computes from the others when it loads a file (lib/offers.prepare_offers,
# lib/stipend.normalise_stipends). The data page's download carries them for reading; a file that
# has them (that download, uploaded back) loads with them set aside, in one warning, since they are
# computed again. A test keeps this list equal to what prepare_offers adds.
COMPUTED_COLUMNS: tuple[str, ...] = (
    "source_row", "stipend_monthly_eur", "stipend_status", "legal_minimum_monthly_eur", "below_legal_minimum",
    "stipend_level", "dataset", "start_month", "duration_low", "duration_high", "duration_mid", "approximate_place",
    "located", "region_label", "stipend_text", "stipend_text_en", "place_text", "place_text_en", "_search",
    "republication_of", "republished_as",
)
