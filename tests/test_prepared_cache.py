"""The prepared copy of the bundled file (lib/prepared_cache.py) and Parquet as a bundled file
(lib/parquet_files.py): the fast paths give the very offers, counts and report of the careful one,
and never serve a stale or damaged copy."""

from __future__ import annotations

import csv
import io
import logging
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
import streamlit as st

import shell.data
from benchmarks.generate import generate, parquet_schema
from lib import prepared_cache
from lib.contiguous import contiguous, pieces
from lib.loading import _read_regular
from lib.offers import prepare_offers
from lib.parquet_files import read_offers_table
from lib.prepared_cache import cache_dir, cache_key, load_prepared, read_copy, write_copy
from lib.report import InvalidOffersFile, ValidationReport
from lib.validation import load_offers
from tests.conftest import BUNDLED_CSV

BAD = Path(__file__).parent / "data" / "bad"


def careful(data: bytes) -> tuple[pd.DataFrame | None, ValidationReport]:
    """What the dashboard did before the copy: read, validate and prepare."""
    try:
        loaded = load_offers(data, parquet=True)
    except InvalidOffersFile as exc:
        return None, exc.report
    return prepare_offers(loaded.offers, "bundled"), loaded.report


def issues(report: ValidationReport) -> list[tuple]:
    return [(i.severity, i.reason, i.row, i.column, i.value, i.offer_id) for i in report.issues]


@pytest.fixture(scope="module")
def generated_csv() -> bytes:
    return generate(1000, seed=5).to_csv(index=False).encode("utf-8")


# --- the prepared copy ---------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["bundled", "generated", "rejected rows"])
def test_the_copy_gives_the_offers_counts_and_report_of_the_careful_path(tmp_path, which, generated_csv):
    data = {"bundled": BUNDLED_CSV.read_bytes(), "generated": generated_csv,
            "rejected rows": (BAD / "stipend_rules.csv").read_bytes()}[which]
    expected_offers, expected_report = careful(data)
    calls = []

    def prepare(raw: bytes):
        calls.append(1)
        return careful(raw)

    first = load_prepared(data, prepare, tmp_path)
    second = load_prepared(data, prepare, tmp_path)
    assert len(calls) == 1, "the second load must come from the copy"
    for offers, report in (first, second):
        pd.testing.assert_frame_equal(offers, expected_offers, check_exact=True)
        assert report == expected_report
        assert (report.rows_read, report.rows_valid) == (expected_report.rows_read, expected_report.rows_valid)
        assert issues(report) == issues(expected_report)


def test_a_file_that_cannot_be_read_keeps_its_report(tmp_path):
    data = (BAD / "pdf_renamed.csv").read_bytes()
    load_prepared(data, careful, tmp_path)
    offers, report = load_prepared(data, lambda _raw: pytest.fail("prepared again"), tmp_path)
    assert offers is None
    assert issues(report) == issues(careful(data)[1]) and not report.ok


def test_a_changed_file_of_the_same_size_and_time_is_not_served_stale(tmp_path):
    """One letter of a title changed, the size and the modification time put back: a new content
    is a new key, on disk (lib) and after a restart of the app (shell: its in-process cache is
    keyed on the time and size)."""
    path = tmp_path / "offers.csv"
    original = BUNDLED_CSV.read_bytes()
    path.write_bytes(original)
    os.environ["OFFERS_CSV"] = str(path)
    try:
        before = shell.data.load_bundled().offers
        stat = path.stat()
        title = before["title"].iloc[0]
        changed = original.replace(title.encode(), ("X" + title[1:]).encode(), 1)
        assert len(changed) == len(original) and changed != original
        path.write_bytes(changed)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
        st.cache_resource.clear()  # a restart
        after = shell.data.load_bundled().offers
    finally:
        del os.environ["OFFERS_CSV"]
        st.cache_resource.clear()
    assert after["title"].iloc[0] == "X" + title[1:]
    assert cache_key(original) != cache_key(changed)


def test_a_change_of_the_preparing_code_is_a_new_key():
    data = BUNDLED_CSV.read_bytes()
    assert cache_key(data, code="rules of today") != cache_key(data, code="rules of tomorrow")
    assert cache_key(data, variant="bundled") != cache_key(data, variant="collection")
    assert cache_key(data) == cache_key(data)
    assert len(prepared_cache.code_version()) == 64


def _stored(tmp_path: Path) -> tuple[bytes, str]:
    data = BUNDLED_CSV.read_bytes()
    load_prepared(data, careful, tmp_path)
    return data, cache_key(data)


@pytest.mark.parametrize("damage", ["parquet cut short", "parquet replaced", "parquet gone", "json cut short",
                                    "json not json", "json of another shape"])
def test_a_damaged_copy_is_ignored_with_a_log_line(tmp_path, caplog, damage):
    data, key = _stored(tmp_path)
    parquet, meta = tmp_path / f"{key}.parquet", tmp_path / f"{key}.json"
    if damage == "parquet cut short":
        parquet.write_bytes(parquet.read_bytes()[: parquet.stat().st_size // 2])
    elif damage == "parquet replaced":  # a valid Parquet file, not the one the JSON vouches for
        pq.write_table(pa.table({"offer_id": ["x"]}), parquet)
    elif damage == "parquet gone":
        parquet.unlink()
    elif damage == "json cut short":
        meta.write_bytes(meta.read_bytes()[:40])
    elif damage == "json not json":
        meta.write_bytes(b"\x00\xff garbage")
    else:
        meta.write_text('{"report": {"issues": [{"what": 1}]}}', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="lib.prepared_cache"):
        assert read_copy(tmp_path, key) is None
        offers, report = load_prepared(data, careful, tmp_path)
    assert key in caplog.text or meta.name in caplog.text
    expected_offers, expected_report = careful(data)
    pd.testing.assert_frame_equal(offers, expected_offers)
    assert report == expected_report
    assert read_copy(tmp_path, key) is not None, "the copy is stored again"


def test_no_writable_folder_means_no_copy_and_the_same_offers(tmp_path, caplog, monkeypatch):
    monkeypatch.delenv("OFFERS_CACHE_DIR")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    unwritable = blocker / "cache"  # cannot be created, even by root
    assert cache_dir(str(unwritable)) is None
    assert cache_dir(candidates=(unwritable, tmp_path / "ok")) == tmp_path / "ok"
    assert cache_dir("off") is None and cache_dir("") is None
    data = BUNDLED_CSV.read_bytes()
    with caplog.at_level(logging.WARNING, logger="lib.prepared_cache"):
        assert write_copy(unwritable, "k", *careful(data)) is False
    assert "not stored" in caplog.text
    offers, _report = load_prepared(data, careful, None)
    pd.testing.assert_frame_equal(offers, careful(data)[0])


def test_read_only_folder_with_a_copy_is_read(tmp_path):
    """A deployment whose folder became read-only after the copy was written still reads it."""
    data, _key = _stored(tmp_path)
    tmp_path.chmod(0o555)
    try:
        offers, _report = load_prepared(data, lambda _raw: pytest.fail("prepared again"), tmp_path)
    finally:
        tmp_path.chmod(0o755)
    pd.testing.assert_frame_equal(offers, careful(data)[0])


def test_old_copies_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(prepared_cache, "KEEP", 2)
    report = ValidationReport()
    for n in range(4):
        write_copy(tmp_path, f"key{n}", pd.DataFrame({"a": [n]}), report)
        os.utime(tmp_path / f"key{n}.json", (n, n))
    write_copy(tmp_path, "key9", pd.DataFrame({"a": [9]}), report)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key3.json", "key3.parquet", "key9.json", "key9.parquet"]


def test_the_dashboard_stores_a_copy_of_the_bundled_file(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFERS_CACHE_DIR", str(tmp_path))
    st.cache_resource.clear()
    first = shell.data.load_bundled()
    st.cache_resource.clear()
    second = shell.data.load_bundled()
    st.cache_resource.clear()
    assert len(list(tmp_path.glob("*.parquet"))) == 1
    pd.testing.assert_frame_equal(first.offers, second.offers)
    pd.testing.assert_frame_equal(second.offers, careful(BUNDLED_CSV.read_bytes())[0])


# --- Parquet as the bundled file -----------------------------------------------------------------

def as_parquet(frame_or_csv: bytes | pd.DataFrame, typed: bool = False) -> bytes:
    """A CSV file's cells as a Parquet file: every column text, or typed as generate.py types them."""
    if isinstance(frame_or_csv, pd.DataFrame):
        frame_or_csv = frame_or_csv.to_csv(index=False).encode("utf-8")
    header = pa_csv.read_csv(io.BytesIO(frame_or_csv)).column_names
    types = parquet_schema() if typed else pa.schema([(name, pa.string()) for name in header])
    table = pa_csv.read_csv(io.BytesIO(frame_or_csv), convert_options=pa_csv.ConvertOptions(
        column_types=types, strings_can_be_null=True, quoted_strings_can_be_null=True))
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


@pytest.mark.parametrize("typed", [False, True])
def test_parquet_gives_the_offers_and_report_of_the_same_csv(generated_csv, typed):
    csv_offers, csv_report = careful(generated_csv)
    offers, report = careful(as_parquet(generated_csv, typed))
    pd.testing.assert_frame_equal(offers, csv_offers)
    assert issues(report) == issues(csv_report)
    assert (report.rows_read, report.rows_valid) == (csv_report.rows_read, csv_report.rows_valid)
    assert report.encoding == "Parquet"


def test_bundled_parquet_file_gives_the_bundled_offers(tmp_path):
    path = tmp_path / "offers.parquet"
    path.write_bytes(as_parquet(BUNDLED_CSV.read_bytes()))
    from_path = load_offers(path)  # a path: the command line, the benchmarks
    csv_loaded = load_offers(BUNDLED_CSV)
    pd.testing.assert_frame_equal(from_path.offers, csv_loaded.offers)
    assert issues(from_path.report) == issues(csv_loaded.report)


def _regular_bad_files() -> list[str]:
    """Bad files whose rows are one line each (the ones a Parquet file can hold row for row); not the
    one with an unnamed column, which its Parquet copy names (the name the reader gave it)."""
    return [p.name for p in sorted(BAD.glob("*.csv"))
            if _read_regular(p.read_bytes()) is not None and p.name != "unnamed_column.csv"]


@pytest.mark.parametrize("name", _regular_bad_files())
def test_parquet_of_a_bad_file_gets_the_same_messages(name):
    data = (BAD / name).read_bytes()
    raw = read_offers_table(data)
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(raw.frame, preserve_index=False), sink)
    csv_offers, csv_report = careful(data)
    offers, report = careful(sink.getvalue())
    assert issues(report) == [i for i in issues(csv_report) if "Windows-1252" not in i[1]], name
    if csv_offers is None:
        assert offers is None
    else:
        pd.testing.assert_frame_equal(offers, csv_offers)


def test_a_damaged_parquet_file_is_refused_with_a_message():
    data = as_parquet(BUNDLED_CSV.read_bytes())
    with pytest.raises(InvalidOffersFile) as raised:
        load_offers(data[: len(data) // 2], parquet=True)
    assert "Parquet illisible" in raised.value.report.errors[0].reason


def test_a_parquet_column_that_holds_no_text_is_named():
    frame = generate(30, seed=2)
    table = pa.Table.from_pandas(frame.astype(str), preserve_index=False)
    table = table.set_column(table.column_names.index("themes"), "themes",
                             pa.array([["a", "b"]] * len(frame), pa.list_(pa.string())))
    sink = io.BytesIO()
    pq.write_table(table, sink)
    _offers, report = careful(sink.getvalue())
    named = [i for i in report.errors if i.column == "themes"]
    assert named and "list" in named[0].reason and named[0].row == 1


def test_an_uploaded_parquet_file_is_refused_as_not_csv():
    """Uploads stay CSV (their memory budget counts CSV text): Parquet bytes are named and refused."""
    data = as_parquet(BUNDLED_CSV.read_bytes())
    with pytest.raises(InvalidOffersFile) as raised:
        load_offers(data)
    assert "Parquet" in raised.value.report.errors[0].reason


# --- the vectorised steps of validation and preparation (issue 15, cold start) -------------------

def _old_fold(text: str) -> str:
    """lib.filters.fold as it was before its ASCII shortcut: the reference."""
    import unicodedata

    text = str(text).translate(str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"}))
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def _frames() -> list[pd.DataFrame]:
    """The bundled offers, a generated 1,000-offer file and every bad file that has valid rows,
    prepared (the careful path)."""
    frames = [careful(BUNDLED_CSV.read_bytes())[0],
              careful(generate(1000, seed=5).to_csv(index=False).encode("utf-8"))[0]]
    for path in sorted(BAD.glob("*.csv")):
        offers, _report = careful(path.read_bytes())
        if offers is not None and len(offers):
            frames.append(offers)
    return frames


@pytest.fixture(scope="module")
def prepared_frames() -> list[pd.DataFrame]:
    return _frames()


def test_fold_gives_what_it_gave(prepared_frames):
    from lib.filters import fold

    texts = {"Œuvre cœur ÆSOP æ", "Démocratie participative", "ＦＵＬＬ ｗｉｄｔｈ", "ﬁ ligature", "İstanbul", "ß", "",
             "Straße 12 — n° 3", "\u00a0espace insécable"}
    for frame in prepared_frames:
        for column in ("title", "organisation", "city", "notes"):
            texts |= set(frame[column].dropna().astype(str))
    assert [fold(t) for t in texts] == [_old_fold(t) for t in texts]


def test_the_search_column_is_every_offers_folded_title_and_organisation(prepared_frames):
    """Folded in Arrow (lib.filters.search_texts), compared with the Python reference row by row, odd
    characters included, in the title and in the organisation: a wrong fold would hide an offer from
    the search box."""
    from lib.filters import SEARCH_COLUMN, search_texts

    odd = pd.Series(["Œuvre cœur ÆSOP æ", "ＦＵＬＬ ｗｉｄｔｈ", "ﬁ ligature", "İstanbul", "ß", "", "½ ² ℃ Ⅻ ǅ",
                     "e\u0301te\u0301", "Ἀθῆναι", "Привет", "日本", "\u00a0espace insécable", None], dtype="string")
    plain = pd.Series(["Mairie"] * len(odd), dtype="string")
    for title, organisation in ((odd, plain), (plain, odd)):
        folded = search_texts(pd.DataFrame({"title": title, "organisation": organisation}))
        assert folded.tolist() == [_old_fold(f"{'' if pd.isna(t) else t} {'' if pd.isna(o) else o}")
                                   for t, o in zip(title, organisation, strict=True)]
    for frame in prepared_frames:
        expected = [_old_fold(f"{'' if pd.isna(t) else t} {'' if pd.isna(o) else o}")
                    for t, o in zip(frame["title"], frame["organisation"], strict=True)]
        assert frame[SEARCH_COLUMN].tolist() == expected
        assert str(frame[SEARCH_COLUMN].dtype) == "string"


@pytest.mark.parametrize("columns", [["stipend_basis", "stipend_amount_eur", "stipend_period"],
                                     ["city", "department_code", "country"], ["title", "organisation"],
                                     ["country", "postcode", "city"]])
def test_distinct_codes_are_the_groups_of_pandas(prepared_frames, columns):
    from lib.distinct import distinct_codes

    for frame in prepared_frames:
        inputs = frame[columns]
        groups, first = distinct_codes(inputs)
        expected = inputs.groupby(columns, dropna=False, sort=False).ngroup().to_numpy()
        assert (groups == expected).all()
        pd.testing.assert_frame_equal(inputs.iloc[first], inputs.drop_duplicates())


def test_distinct_codes_of_many_distinct_values_and_of_no_row():
    """Columns of many distinct values each, whose combinations do not fit one 64-bit number: the
    combinations made so far are renumbered on the way. The groups stay pandas' own; no row, no group."""
    import numpy as np

    from lib.distinct import distinct_codes

    rng = np.random.default_rng(7)
    rows = 60_000
    inputs = pd.DataFrame({f"c{i}": pd.array(rng.integers(0, 40_000, rows), dtype="Int64") for i in range(5)})
    inputs.loc[::13, "c2"] = pd.NA
    inputs = pd.concat([inputs, inputs.iloc[:5_000]], ignore_index=True)  # repeated combinations
    groups, first = distinct_codes(inputs)
    expected = inputs.groupby(list(inputs.columns), dropna=False, sort=False).ngroup().to_numpy()
    assert (groups == expected).all() and groups.max() + 1 == rows
    pd.testing.assert_frame_equal(inputs.iloc[first], inputs.drop_duplicates())
    groups, first = distinct_codes(inputs.iloc[:0])
    assert len(groups) == 0 and len(first) == 0


def test_place_texts_are_the_row_by_row_texts(prepared_frames):
    from lib.offers import _place_text, _place_texts

    odd = pd.DataFrame({"city": [None, "", "Lyon", None, "Paris", "X"], "department_code": [None, "69", None, "2A", "",
                        None], "country": [None, "FR", "DE", "FR", None, ""]}, dtype="string")
    for frame in [*prepared_frames, odd]:
        places = frame[["city", "department_code", "country"]].drop_duplicates().reset_index(drop=True)
        for lang in ("fr", "en"):
            expected = pd.Series([_place_text(c, d, k, lang) for c, d, k in
                                  zip(places["city"], places["department_code"], places["country"], strict=True)])
            pd.testing.assert_series_equal(_place_texts(places, lang), expected)


def test_placement_keys_are_the_ones_it_had(prepared_frames):
    """locate_communes' distinct places as its MultiIndex gave them before."""
    from lib.geocode import _text_or_none

    for frame in prepared_frames:
        for column in ("city", "postcode", "department_code"):
            values = frame[column].where(frame["country"].fillna("FR").eq("FR"))
            expected = [(v if isinstance(v, str) else "") or None for v in values]
            assert _text_or_none(values).tolist() == expected


def test_warnings_name_the_same_offers(prepared_frames):
    from lib.validation import _offer_id, _rows_and_ids

    for frame in prepared_frames:
        indexed = frame.set_index("source_row")
        mask = pd.Series([i % 3 == 0 for i in range(len(indexed))], index=indexed.index, dtype="boolean")
        expected = [(int(row), _offer_id(indexed, row)) for row in indexed.index[mask.to_numpy(dtype=bool)]]
        assert _rows_and_ids(indexed, mask) == expected


def test_a_copy_written_in_slices_reads_back_whole(tmp_path, monkeypatch, generated_csv):
    """Large files are written a slice of rows at a time; slices where a column is all empty included."""
    monkeypatch.setattr(prepared_cache, "_ROWS_PER_WRITE", 7)
    for data in (BUNDLED_CSV.read_bytes(), generated_csv):
        offers, report = careful(data)
        key = cache_key(data)
        assert write_copy(tmp_path, key, offers, report)
        stored_offers, stored_report = read_copy(tmp_path, key)
        pd.testing.assert_frame_equal(stored_offers, offers, check_exact=True)
        assert stored_report == report


# --- text columns in one piece (lib/contiguous.py) -------------------------------------------------

def text_columns_in_pieces(offers: pd.DataFrame) -> dict[str, int]:
    return {c: pieces(offers[c]) for c in offers.columns if pieces(offers[c]) > 1}


def test_a_copy_written_in_slices_is_read_back_in_one_piece(tmp_path, monkeypatch, generated_csv):
    """A million offers are written 100,000 rows at a time: read back in ten pieces, every page's row
    lookup joined each column again (0.9 s for the overview's table at a million offers)."""
    monkeypatch.setattr(prepared_cache, "_ROWS_PER_WRITE", 300)
    expected, _report = careful(generated_csv)
    load_prepared(generated_csv, careful, tmp_path)
    offers, _report = read_copy(tmp_path, cache_key(generated_csv))
    assert pq.ParquetFile(next(tmp_path.glob("*.parquet"))).num_row_groups == 4
    assert text_columns_in_pieces(offers) == {}
    pd.testing.assert_frame_equal(offers, expected, check_exact=True)


@pytest.mark.parametrize("with_copy", [True, False], ids=["first start", "no writable folder"])
def test_a_parquet_file_of_many_row_groups_is_prepared_in_one_piece(generated_csv, tmp_path, with_copy):
    table = pq.read_table(io.BytesIO(as_parquet(generated_csv, typed=True)))
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=100)
    assert text_columns_in_pieces(careful(sink.getvalue())[0])  # as read: ten pieces
    offers, _report = load_prepared(sink.getvalue(), careful, tmp_path if with_copy else None)
    assert text_columns_in_pieces(offers) == {}
    pd.testing.assert_frame_equal(offers, careful(as_parquet(generated_csv, typed=True))[0], check_exact=True)


def test_a_column_too_large_to_join_cheaply_stays_in_pieces_with_its_values():
    notes = pd.concat([pd.Series(["une note de curation assez longue"] * 50, dtype="string")] * 4, ignore_index=True)
    frame = pd.DataFrame({"notes": notes, "title": notes.str.slice(0, 3)})
    joined = contiguous(frame.copy(), max_bytes=frame["title"].array.nbytes)
    assert (pieces(joined["notes"]), pieces(joined["title"])) == (4, 1)
    pd.testing.assert_frame_equal(joined, frame, check_exact=True)


@pytest.mark.parametrize("dtype", ["str", "string", pd.ArrowDtype(pa.int64()), pd.ArrowDtype(pa.large_string())])
def test_joining_keeps_values_missing_cells_and_dtype(dtype):
    values = ["Mairie", None, "Cité"] if "int" not in str(dtype) else [1, None, 3]
    column = pd.concat([pd.Series(values, dtype=dtype)] * 3, ignore_index=True)
    frame = pd.DataFrame({"x": column, "n": range(9)})
    assert pieces(frame["x"]) == 3
    joined = contiguous(frame.copy())
    assert pieces(joined["x"]) == 1
    pd.testing.assert_frame_equal(joined, frame, check_exact=True)


def test_a_large_file_is_shown_before_its_copy_is_written_and_the_copy_is_whole(tmp_path, monkeypatch):
    """From WRITE_BEHIND_ROWS offers (a million offers: 4 s of writing) the copy is written on a thread
    of its own: the first visitor gets the offers without waiting for it, the next restart reads the
    same offers back. Lowered here to the bundled file's size, so as to use real offers."""
    import threading

    monkeypatch.setattr(prepared_cache, "WRITE_BEHIND_ROWS", 1)
    monkeypatch.setattr(prepared_cache, "WRITE_BEHIND_DELAY_S", 0.0)
    data = BUNDLED_CSV.read_bytes()
    release = threading.Event()
    real_write = prepared_cache.write_copy

    def slow_write(*args):  # the disk is slow: the offers must not wait for it
        release.wait(30)
        return real_write(*args)

    monkeypatch.setattr(prepared_cache, "write_copy", slow_write)
    offers, report = load_prepared(data, careful, tmp_path)
    assert offers is not None and len(offers) == 27
    assert list(tmp_path.glob("*.json")) == []  # returned before the copy was written
    release.set()
    assert prepared_cache.wait_for_copies(timeout=60)
    stored = read_copy(tmp_path, cache_key(data))
    assert stored is not None
    pd.testing.assert_frame_equal(stored[0], offers)
    assert issues(stored[1]) == issues(report)


def test_a_write_cut_short_leaves_no_copy_and_its_partial_file_is_removed_once_old(tmp_path):
    """A server stopped while writing behind leaves a partial file under a temporary name: never read
    as a copy, removed by a later write once an hour old (a write in progress is never that old)."""
    old = tmp_path / ".abc.parquet.x1.part"
    fresh = tmp_path / ".abc.parquet.x2.part"
    for partial in (old, fresh):
        partial.write_bytes(b"PAR1 cut short")
    os.utime(old, (1, 1))
    assert read_copy(tmp_path, "abc") is None
    write_copy(tmp_path, "key", pd.DataFrame({"a": [1]}), ValidationReport())
    assert not old.exists() and fresh.exists()


def test_the_stipends_validation_made_are_the_ones_preparing_would_make():
    """Validation normalises the stipends for its legal-minimum warnings and hands them to
    prepare_offers, which no longer makes them again: the same prepared offers, a rejected row
    included in the file (the valid rows' index has a gap); stipends of other rows are not used."""
    rows = list(csv.DictReader(io.StringIO(BUNDLED_CSV.read_text(encoding="utf-8"))))
    rows[2]["year"] = "deux-mille"  # the file's row 4: rejected
    written = io.StringIO()
    writer = csv.DictWriter(written, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    loaded = load_offers(written.getvalue().encode("utf-8"))
    assert len(loaded.offers) == 26 and 4 not in loaded.offers.index and loaded.stipends is not None
    assert loaded.stipends.index.equals(loaded.offers.index)
    pd.testing.assert_frame_equal(prepare_offers(loaded.offers, "bundled", loaded.stipends),
                                  prepare_offers(loaded.offers, "bundled"))
    other_rows = loaded.stipends.iloc[1:]
    pd.testing.assert_frame_equal(prepare_offers(loaded.offers, "bundled", other_rows),
                                  prepare_offers(loaded.offers, "bundled"))
