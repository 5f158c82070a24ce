"""Reading a Parquet file of offers into the table of strings that validation reads.

A million offers are 951 MB as CSV and 73 MB as Parquet, which a user of that size would have
(benchmarks/README.md). The file is checked with the very rules of a CSV file: every cell is turned
back into the text the contract writes (a number as ``1300`` or ``4.05``, a year as ``2023``, an
empty cell as missing) and validation runs on it, so the report names the same rows, columns and
reasons. Rows are numbered as the same offers written as CSV would be: the first offer is row 2.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib.i18n import t
from lib.loading import RawTable, _read_header, read_bytes, read_table
from lib.report import HEADER_ROW, InvalidOffersFile, Issue, ValidationReport

PARQUET_MAGIC = b"PAR1"  # the first and last four bytes of every Parquet file
ENCODING_NAME = "Parquet"


def is_parquet(data: bytes | bytearray | memoryview) -> bool:
    """Whether the bytes are a Parquet file (its signature), whatever the file's name says."""
    return bytes(data[:4]) == PARQUET_MAGIC


def read_offers_table(source: bytes | bytearray | memoryview | str | Path, parquet: bool = True) -> RawTable:
    """``read_table`` of a CSV file, ``read_parquet_table`` of a Parquet one (``parquet`` allowing):
    the size limit is checked first either way."""
    report = ValidationReport()
    data = read_bytes(source, report)
    if parquet and is_parquet(data):
        return read_parquet_table(data, report)
    return read_table(data)


def read_parquet_table(data: bytes, report: ValidationReport | None = None) -> RawTable:
    """Every cell as the contract's text (``RawTable``, like ``lib.loading.read_table``); raises
    InvalidOffersFile, carrying the report, when the file cannot be read or holds no offer."""
    report = report if report is not None else ValidationReport()
    report.encoding = ENCODING_NAME
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        report.add(Issue("error", t("parquet_unreadable", reason=str(exc)[:200])))
        raise InvalidOffersFile(report) from None
    header = _read_header(iter([[str(name) for name in table.column_names]]), report)
    columns, names = [], []
    for name, column in zip(header, table.columns, strict=False):
        text = _as_text(column)
        if text is None:
            report.add(Issue("error", t("parquet_column_type", kind=str(column.type)), row=HEADER_ROW,
                             column=name))
            continue
        columns.append(text)
        names.append(name)
    if table.num_rows == 0:
        report.add(Issue("error", "aucune offre dans le fichier : seul l'en-tête est présent"))
        raise InvalidOffersFile(report)
    frame = pa.table(columns, names=names).to_pandas(types_mapper=lambda _type: pd.StringDtype())
    frame.columns = pd.Index(names)
    report.rows_read = table.num_rows
    return RawTable(frame=frame, rows=list(range(HEADER_ROW + 1, HEADER_ROW + 1 + table.num_rows)), report=report)


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray | None:
    """The column's cells as the contract writes them; None for a type that holds no such text
    (lists, structures, binary)."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = kind.value_type
    if pa.types.is_string(kind):
        return column
    if pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        return column.cast(pa.string())
    if pa.types.is_null(kind):
        return pa.chunked_array([pa.nulls(len(column), pa.string())])
    if pa.types.is_floating(kind):
        # 1300.0 is written 1300, 4.05 stays 4.05 (the shortest text that reads back the same);
        # NaN is an empty cell, as pandas writes it to CSV.
        column = pc.if_else(pc.is_nan(column), pa.scalar(None, kind), column)
        return column.cast(pa.string())
    if pa.types.is_integer(kind) or pa.types.is_boolean(kind) or pa.types.is_date(kind):
        return column.cast(pa.string())
    return None
