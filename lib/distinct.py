"""Row-wise rules run once per distinct input.

Offers share their inputs massively (a hundred thousand offers hold a few thousand distinct
stipend conditions, a few hundred distinct cities): a rule written for one row stays simple and
readable, and still costs nothing at scale when it runs on the distinct rows only.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

PER_ROW_BELOW = 200  # rows: below, finding the distinct combinations costs more than it saves


def per_distinct(frame: pd.DataFrame, columns: list[str],
                 compute: Callable[[pd.DataFrame], pd.DataFrame | pd.Series]) -> pd.DataFrame | pd.Series:
    """``compute`` run on the distinct rows of ``frame[columns]`` only, its result spread back to
    every row of ``frame`` (same index). ``compute`` takes and returns one row per distinct row."""
    if len(frame) <= PER_ROW_BELOW:
        return compute(frame[columns].reset_index(drop=True)).set_axis(frame.index)
    inputs = frame[columns]
    groups = inputs.groupby(columns, dropna=False, sort=False).ngroup().to_numpy()
    distinct = inputs.drop_duplicates().reset_index(drop=True)
    return compute(distinct).iloc[groups].set_axis(frame.index)


def map_distinct(values: pd.Series, compute: Callable[[object], object]) -> pd.Series:
    """``compute`` of each distinct value of ``values``, spread back to every row; a missing value
    stays missing (``compute`` never sees it)."""
    codes, distinct = pd.factorize(values)
    computed = pd.Series([*(compute(v) for v in distinct), None], dtype=object)
    return pd.Series(computed.to_numpy()[codes], index=values.index, dtype=object)
