"""Rows taken from text columns in pieces (lib/contiguous.py): the same rows, values, missing cells,
dtypes and labels as pandas gives, whichever order the rows are asked in. A page's table, the map's
list and every chart read their rows this way; a wrong row would show another offer's texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.contiguous import pieces, take_rows


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """Three pieces of unequal length (two files side by side, a column read in row groups), a text
    column in one piece, numbers, and row labels that are not positions."""
    lengths = (400, 7, 1200)
    notes = pd.concat([pd.Series([None if (p + i) % 5 == 0 else f"note {p}.{i} — « é »" for i in range(n)],
                                 dtype="string") for p, n in enumerate(lengths)], ignore_index=True)
    total = sum(lengths)
    frame = pd.DataFrame({"notes": notes, "ids": pd.Series([f"offre-{i}" for i in range(total)], dtype="str"),
                          "stipend": pd.array(np.where(np.arange(total) % 3 == 0, np.nan, 700.0), dtype="Float64")})
    frame.index = frame.index * 2 + 5
    assert (pieces(frame["notes"]), pieces(frame["ids"])) == (3, 1)
    return frame


@pytest.mark.parametrize("positions", [
    [], [0], [1606], [399, 400, 406, 407], [1606, 0, 403, 403, 5],
    np.random.default_rng(3).permutation(1607)[:500],
    np.sort(np.random.default_rng(4).choice(1607, 900, replace=False)),
    np.arange(1607),
], ids=["none", "first", "last", "piece edges", "unordered, repeated", "shuffled", "sorted", "all"])
def test_rows_taken_piece_by_piece_are_the_rows_pandas_takes(frame, positions):
    positions = np.asarray(positions, dtype=np.int64)
    pd.testing.assert_frame_equal(take_rows(frame, positions), frame.iloc[positions], check_exact=True)


def test_a_frame_in_one_piece_is_taken_as_pandas_takes_it(frame):
    whole = frame[["ids", "stipend"]]
    positions = np.array([3, 1, 2])
    pd.testing.assert_frame_equal(take_rows(whole, positions), whole.iloc[positions], check_exact=True)
