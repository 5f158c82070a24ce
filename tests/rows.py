"""One valid offer, shared by the tests: typed as the collection stores it (TYPED_ROW) and written
as a user types it in a CSV file (VALID_ROW, in tests/conftest.py). No heavy import: the
collection's writer process (tests/collection_writer.py) imports it too."""

from __future__ import annotations

TYPED_ROW: dict[str, object] = {
    "offer_id": "test-lyon-concertation-2024",
    "title": "Stage concertation test",
    "organisation": "Association Test",
    "org_type": "association",
    "contract": "internship",
    "city": "Lyon",
    "postcode": "69003",
    "country": "FR",
    "stipend_basis": "explicit",
    "stipend_amount_eur": 700.0,
    "stipend_period": "month",
    "duration_min_months": 6.0,
    "duration_max_months": 6.0,
    "start_earliest": "2024-03",
    "year": 2024,
    "source": "test fixture",
}


def as_text(row: dict[str, object]) -> dict[str, str]:
    """The row as a CSV cell holds it: « 700 », not « 700.0 »."""
    return {key: f"{value:g}" if isinstance(value, float) else str(value) for key, value in row.items()}
