"""Which values of a column are among many others (identifiers among 100,000 identifiers).

pandas' ``isin`` on Arrow-backed strings, the default string type of pandas 3, builds one pyarrow
scalar per wanted value in Python: about 0.6–1 s for 100,000 wanted identifiers, and the overview
asked it eight times per run (benchmarks/results.md, goal 1). Arrow's own ``is_in`` does the same
in milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def is_in(values: pd.Series, wanted: pd.Series | Iterable[object]) -> np.ndarray:
    """For each of ``values``, whether it is one of ``wanted`` (compared as text); a missing value
    is in nothing."""
    left = _text_array(values if isinstance(values, pd.Series) else pd.Series(values))
    right = _text_array(wanted if isinstance(wanted, pd.Series) else pd.Series(list(wanted), dtype=object))
    if len(left) == 0:
        return np.zeros(0, dtype=bool)
    found = pc.is_in(left, value_set=right.cast(left.type), skip_nulls=True)
    return np.asarray(found.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _text_array(series: pd.Series) -> pa.Array:
    strings = series if isinstance(series.dtype, pd.StringDtype) else series.astype("string")
    array = pa.array(strings)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())
