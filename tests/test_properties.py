"""Properties of loading and writing, over tables hypothesis makes up.

(a) Any table the contract accepts, written by ``offers_csv_text`` (comma or semicolon or tab,
    decimal point or comma, with or without BOM), loads back as the same offers.
(b) Any bytes, any text, any CSV-ish text built on the header: ``load_offers`` returns a report
    or raises InvalidOffersFile, never anything else; and what it accepts writes and reads back.
"""

from __future__ import annotations

import string
from datetime import date

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import categories as cat
from lib import loading
from lib.export import offers_csv_text, to_contract_frame
from lib.report import HEADER_ROW, InvalidOffersFile, ValidationReport
from lib.schema import COLUMN_NAMES, COLUMNS, SPECS
from lib.validation import LoadedOffers, load_offers

# Few examples, several rows each: loading validates with pandera (tens of ms a file) and
# drawing a 32-column table costs as much, and this file must run in well under 20 s.
# derandomize: the same examples at every run, so that CI is deterministic (a wider search is run by
# hand, with more examples, when the reader or the validator changes).
TABLES = settings(derandomize=True, max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BROKEN = settings(derandomize=True, max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CSVISH = settings(derandomize=True, max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings(derandomize=True, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Metropolitan France, as lib/validation.py checks it; a French offer abroad of it needs an
# overseas department, which the strategy below never gives a French row coordinates for.
METRO_LAT, METRO_LON = (41.0, 51.6), (-5.8, 10.0)

# Cells are read without their surrounding spaces, so a value never has any; NUL and lone
# surrogates cannot be in a text file at all.
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


def text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_CHARS, min_size=1, max_size=min(max_size, 40)).map(str.strip).filter(bool)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


def codes(labels: cat.Labels) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(sorted(labels)), min_size=1, max_size=3, unique=True).map(";".join)


def number(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


SLUG = st.from_regex(r"[a-z0-9]{1,12}(?:-[a-z0-9]{1,8}){0,3}", fullmatch=True)


@st.composite
def offer(draw) -> dict[str, object]:
    """One row the contract accepts: categories from lib/categories.py, ranges from lib/schema.py,
    and every rule that ties columns together."""
    french = draw(st.booleans())
    row: dict[str, object] = {
        "title": draw(text(SPECS["title"].max_length)),
        "organisation": draw(text(SPECS["organisation"].max_length)),
        "org_type": draw(st.sampled_from(sorted(cat.ORG_TYPES))),
        "contract": draw(st.sampled_from(sorted(cat.CONTRACTS))),
        "address": draw(maybe(text(300))),
        "city": draw(maybe(text(SPECS["city"].max_length))),
        "region": draw(maybe(text(SPECS["region"].max_length))),
        "country": "FR" if french else draw(st.from_regex(r"[A-Z]{2}", fullmatch=True).filter(lambda c: c != "FR")),
        "geo_precision": draw(maybe(st.sampled_from(sorted(cat.GEO_PRECISIONS)))),
        "start_earliest": draw(maybe(st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1000, 9999),
                                                st.integers(1, 12)))),
        "application_deadline": draw(maybe(st.dates(min_value=date(1000, 1, 1)).map(date.isoformat))),
        "year": draw(maybe(st.integers(2000, 2100))),
        "remote": draw(maybe(st.sampled_from(sorted(cat.REMOTE)))),
        "driving_licence": draw(maybe(st.sampled_from(sorted(cat.DRIVING_LICENCE)))),
        "evening_weekend_work": draw(maybe(st.sampled_from(sorted(cat.YES_NO)))),
        "perks": draw(maybe(codes(cat.PERKS))),
        "level": draw(maybe(codes(cat.LEVELS))),
        "themes": draw(maybe(codes(cat.THEMES))),
        "url": draw(maybe(st.from_regex(r"https?://[a-z0-9./?=&%_-]{1,40}", fullmatch=True))),
        "republishes": None,  # a link between rows: tests/test_validation.py
        "source": draw(text(SPECS["source"].max_length)),
        "notes": draw(maybe(text(SPECS["notes"].max_length))),
    }
    hours = draw(maybe(st.tuples(number(1, 48), number(1, 48)).map(sorted)))
    row["hours_per_week_min"], row["hours_per_week_max"] = hours or (None, None)
    if french:
        row["postcode"] = draw(maybe(st.from_regex(r"[0-9]{5}", fullmatch=True)))
        row["department_code"] = draw(maybe(st.from_regex(r"(?:[0-9]{2}|2A|2B|97[0-9])", fullmatch=True)))
        located = draw(st.booleans())
        row["latitude"] = draw(number(*METRO_LAT)) if located else None
        row["longitude"] = draw(number(*METRO_LON)) if located else None
    else:
        row["postcode"] = draw(maybe(text(SPECS["postcode"].max_length)))
        row["department_code"] = None
        located = draw(st.booleans())
        row["latitude"] = draw(number(-90, 90)) if located else None
        row["longitude"] = draw(number(-180, 180)) if located else None
    if row["city"] is None and row["postcode"] is None and row["latitude"] is None:
        row["remote"] = "full"  # an offer is somewhere, or fully remote
    basis = draw(st.sampled_from(sorted(cat.STIPEND_BASES)))
    row["stipend_basis"] = basis
    if basis == "explicit":
        period = draw(st.sampled_from(sorted(cat.STIPEND_PERIODS)))
        cents_max = 5000 if period == "hour" else 500000  # 50 € an hour, 5 000 € a month
        row["stipend_period"] = period
        row["stipend_amount_eur"] = draw(st.integers(1, cents_max)) / 100  # euros and cents
    else:
        row["stipend_period"] = row["stipend_amount_eur"] = None
    low, high = draw(maybe(number(0.25, 24))), draw(maybe(number(0.25, 24)))
    if low is not None and high is not None and low > high:
        low, high = high, low
    row["duration_min_months"], row["duration_max_months"] = low, high
    return row


@st.composite
def offers_table(draw) -> pd.DataFrame:
    """A typed table as ``load_offers`` returns it (before the row index)."""
    ids = draw(st.lists(SLUG.filter(lambda s: len(s) <= 80), min_size=1, max_size=6, unique=True))
    rows = [{"offer_id": offer_id, **draw(offer())} for offer_id in ids]
    dtypes = {"number": "Float64", "integer": "Int64"}
    return pd.DataFrame({spec.name: pd.array([r[spec.name] for r in rows], dtype=dtypes.get(spec.kind, "string"))
                         for spec in COLUMNS})


WRITINGS = st.sampled_from([
    ({"sep": ",", "decimal": ".", "bom": False}, "utf-8"),  # the data file itself
    ({"sep": ";", "decimal": ",", "bom": True}, "utf-8"),  # French Excel, « CSV UTF-8 »
    ({"sep": ";", "decimal": ",", "bom": False}, "utf-8"),
    ({"sep": ",", "decimal": ",", "bom": False}, "utf-8"),  # decimal commas, so numbers get quoted
    ({"sep": "\t", "decimal": ".", "bom": True}, "utf-8"),
    ({"sep": "\t", "decimal": ",", "bom": True}, "utf-16"),  # Excel's « Texte Unicode »
])


def same_offers(loaded: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(loaded.reset_index(drop=True), expected.reset_index(drop=True), check_exact=True)


@TABLES
@given(table=offers_table(), writing=WRITINGS)
def test_round_trip_of_any_valid_table(table, writing):
    options, encoding = writing
    loaded = load_offers(offers_csv_text(table, **options).encode(encoding))
    assert loaded.report.ok, loaded.report.to_text()
    assert loaded.report.rows_valid == len(table)
    same_offers(loaded.offers, table)
    assert list(loaded.offers.index) == list(range(HEADER_ROW + 1, HEADER_ROW + 1 + len(table)))
    # Written again, the file is the same text: writing is stable.
    assert offers_csv_text(loaded.offers, **options) == offers_csv_text(table, **options)


# --- (b) nothing crashes ----------------------------------------------------------------------

def load_or_refuse(data: bytes) -> LoadedOffers | None:
    """What ``load_offers`` may do with anything: a report, or InvalidOffersFile with one."""
    try:
        loaded = load_offers(data)
    except InvalidOffersFile as exc:
        assert exc.report.errors, "a refused file says why"
        exc.report.to_text()
        exc.report.to_frame()
        return None
    report = loaded.report
    assert report.rows_valid == len(loaded.offers) <= report.rows_read
    assert not set(loaded.offers.index) & set(report.rejected_rows), "a row is kept or rejected, not both"
    assert report.rows_read - report.rows_valid == len(report.rejected_rows)
    report.to_text()
    report.to_frame()
    # What is accepted can be written and read back unchanged.
    if len(loaded.offers):
        again = load_offers(offers_csv_text(loaded.offers).encode("utf-8"))
        same_offers(again.offers, loaded.offers)
    return loaded


@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes(data):
    load_or_refuse(data)


@FUZZ
@given(data=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_any_text(data, encoding):
    load_or_refuse(data.encode(encoding, "surrogatepass"))


CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", '"', '""', "a\nb", "x\r", "\ufeff", ";", ",", "\t", "\x00", "Ã©", "é",
                     "=1+1", "1 300 €", "12,5", "1,300", "-3", "48.85", "99999", "2023-03", "03/2023"]),
    st.sampled_from([code for labels in (cat.ORG_TYPES, cat.CONTRACTS, cat.STIPEND_BASES, cat.STIPEND_PERIODS,
                                         cat.REMOTE, cat.THEMES) for code in labels] + ["FR", "CA"]),
    st.from_regex(r"-?[0-9]{1,5}(?:[.,][0-9]{1,4})?", fullmatch=True),
    st.from_regex(r"[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,2}", fullmatch=True),
)


@st.composite
def csvish(draw) -> bytes:
    """Text built on the contract's header: columns dropped, added, repeated or shuffled; cells
    of every kind, with separators, quotes and line breaks; encodings of every kind."""
    header = draw(st.lists(st.sampled_from([*COLUMN_NAMES, *COLUMN_NAMES, "extra", "", "Offer_ID"]),
                           min_size=1, max_size=40))
    if draw(st.booleans()):
        header = list(COLUMN_NAMES)
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [sep.join(header)]
    for _ in range(draw(st.integers(0, 5))):
        width = len(header) + draw(st.sampled_from([0, 0, 0, -1, 1, -5]))
        cells = draw(st.lists(CELL, min_size=max(width, 0), max_size=max(width, 0)))
        quoted = [f'"{c}"' if draw(st.booleans()) and not c.startswith('"') else c for c in cells]
        lines.append(sep.join(quoted))
    body = end.join(lines) + draw(st.sampled_from(["", end, end * 3]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return body.encode(encoding, "replace")


@CSVISH
@given(data=csvish())
def test_any_csvish_text(data):
    load_or_refuse(data)


def same_reading(data: bytes) -> None:
    """Where the fast reader of regular files takes a file, it reads what the careful reader reads:
    the same cells, rows, encoding, separator and warnings."""
    fast = loading._read_regular(data)
    if fast is None:
        return
    careful = loading._read_carefully(data, ValidationReport())
    pd.testing.assert_frame_equal(fast.frame, careful.frame, check_exact=True)
    assert fast.rows == careful.rows
    assert fast.report == careful.report


@CSVISH
@given(data=csvish())
def test_fast_reader_reads_csvish_text_as_the_careful_one(data):
    same_reading(data)


@TABLES
@given(table=offers_table(), writing=WRITINGS)
def test_fast_reader_reads_valid_tables_as_the_careful_one(table, writing):
    options, encoding = writing
    data = offers_csv_text(table, **options).encode(encoding)
    same_reading(data)
    # Cells spanning lines, the marks of a double encoding and the control characters Python strips
    # as spaces are left to the careful reader.
    irregular = table.astype("string").apply(
        lambda column: column.str.contains("[\r\n\x1c-\x1f]|Ã|â€")).any(axis=None)
    if encoding == "utf-8" and not irregular:
        assert loading._read_regular(data) is not None, "a regular UTF-8 file takes the fast path"


@BROKEN
@given(table=offers_table(), data=st.data())
def test_one_broken_cell_rejects_its_row_only(table, data):
    """Breaking one cell of a valid table rejects that row, with its row and column, and keeps
    every other row unchanged."""
    position = data.draw(st.integers(0, len(table) - 1))
    column, bad = data.draw(st.sampled_from([
        ("org_type", "cabinet"), ("stipend_basis", "gratification"), ("year", "23"), ("hours_per_week_min", "35h"),
        ("start_earliest", "03/2023"), ("application_deadline", "15/01/2023"), ("country", "France"),
        ("offer_id", "Pas Un Slug"), ("latitude", "95"), ("themes", "inconnu"),
    ]))
    written = to_contract_frame(table)  # every cell a string: a broken one can be put in
    written.iloc[position, written.columns.get_loc(column)] = bad
    if column == "latitude":
        written.iloc[position, written.columns.get_loc("longitude")] = "2"
    loaded = load_offers(offers_csv_text(written).encode("utf-8"))
    row = HEADER_ROW + 1 + position
    assert loaded.report.rejected_rows == [row], loaded.report.to_text()
    assert any(i.row == row and i.column == column for i in loaded.report.errors), loaded.report.to_text()
    same_offers(loaded.offers, table.drop(index=position))


def test_header_letters_stay_ascii():
    """The contract's column names are plain ASCII, so that every encoding reads the header."""
    assert all(set(name) <= set(string.ascii_lowercase + "_") for name in COLUMN_NAMES)
