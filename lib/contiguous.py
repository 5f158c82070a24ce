"""Text columns in one piece.

pandas keeps text in Arrow arrays, which may come in pieces: a Parquet file is read a row group at
a time, a CSV a block at a time (57 pieces for a million offers). Taking rows from a column in
pieces (a page's first 1,000 rows, a filter's kept rows) first joins the whole column again, at
every run: at a million offers 40 ms per column for 1,000 rows, against 0.4 ms in one piece
(benchmarks/results.md, « A million offers in one piece »). Joined once, when the offers are
prepared or read back, the pages pay it never again.

Joining holds a column twice for a moment: a column larger than ``MAX_JOINED_BYTES`` stays in pieces,
so that the server's peak stays within what a deployment grants (issue 15: 2.5 GB at a million
offers, whose curators' notes alone weigh 450 MiB). Pages never take many rows of such a column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from lib.memory import return_free_pages

MAX_JOINED_BYTES = 256 * 2**20
# After joining a column this large, its freed pieces are handed back at once (lib/memory.py): otherwise
# the C library keeps them, and the pieces of every joined column add up to the first start's peak.
RETURN_PAGES_BYTES = 16 * 2**20


def contiguous(frame: pd.DataFrame, max_bytes: int = MAX_JOINED_BYTES) -> pd.DataFrame:
    """``frame`` with each Arrow-backed column of at most ``max_bytes`` in one piece; the same values
    and dtypes. In place (``frame`` is returned), one column at a time, so that only one column is
    ever held twice. The caller must not hold other frames sharing these columns: their pieces would
    then stay in memory beside the joined copy."""
    for name in frame.columns[[pieces(frame[c]) > 1 for c in frame.columns]]:
        array = frame[name].array
        if array.nbytes > max_bytes:
            continue
        try:
            joined = pa.chunked_array([array.__arrow_array__().combine_chunks()])
        except (pa.ArrowInvalid, MemoryError):
            continue
        frame[name] = pd.Series(_like(array, joined), index=frame.index, name=name, copy=False)
        if array.nbytes > RETURN_PAGES_BYTES:
            del array  # its pieces, now freed, go back to the system before the next column is joined
            return_free_pages()
    return frame


def pieces(series: pd.Series) -> int:
    """How many pieces hold ``series`` (1 for a column not backed by Arrow)."""
    array = series.array
    if not hasattr(array, "__arrow_array__") or not isinstance(array.dtype, (pd.StringDtype, pd.ArrowDtype)):
        return 1
    chunked = array.__arrow_array__()
    return chunked.num_chunks if isinstance(chunked, pa.ChunkedArray) else 1


def _like(array: pd.api.extensions.ExtensionArray, values: pa.ChunkedArray) -> pd.api.extensions.ExtensionArray:
    """``values`` as an array of ``array``'s class and dtype (a text dtype says how it writes missing values)."""
    if isinstance(array.dtype, pd.StringDtype):
        return type(array)(values, dtype=array.dtype)
    return type(array)(values)


def take_rows(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """``frame.iloc[positions]``, a column in pieces taken piece by piece: pandas and Arrow join the
    pieces of the whole column first (a column left in pieces, or two files' offers side by side),
    which for 1,000 rows of a million offers' notes took 0.4 s at every run."""
    positions = np.asarray(positions, dtype=np.int64)
    if all(pieces(frame[c]) == 1 for c in frame.columns):
        return frame.iloc[positions]
    index = frame.index[positions]
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if pieces(column) == 1:
            columns[name] = column.iloc[positions]
            continue
        array = column.array
        columns[name] = pd.Series(_like(array, _take_pieces(array.__arrow_array__(), positions)), index=index,
                                  name=name, copy=False)
    return pd.DataFrame(columns, index=index, copy=False)


def _take_pieces(chunked: pa.ChunkedArray, positions: np.ndarray) -> pa.ChunkedArray:
    """The values at ``positions`` of a column in pieces, each piece asked only for its own rows."""
    starts = np.cumsum([0, *(len(chunk) for chunk in chunked.chunks)])
    piece = np.searchsorted(starts, positions, side="right") - 1
    order = np.argsort(piece, kind="stable")  # by piece, in the asked order within each
    parts = []
    for number in np.unique(piece):
        wanted = order[piece[order] == number]
        parts.append(chunked.chunk(int(number)).take(pa.array(positions[wanted] - starts[number])))
    if not parts:
        return pa.chunked_array([], type=chunked.type)
    taken = pa.concat_arrays(parts)
    if np.any(order[1:] < order[:-1]):  # put back in the asked order
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        taken = taken.take(pa.array(back))
    return pa.chunked_array([taken])
