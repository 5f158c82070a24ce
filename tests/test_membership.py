"""The fast membership test gives the same rows as pandas' own ``isin`` (which it replaces because
it takes about a second for 100,000 wanted identifiers), missing values and types included."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from lib.membership import is_in
from lib.republication import is_counted_republication

texts = st.one_of(st.none(), st.text(max_size=6), st.sampled_from(["a", "b", "é", "offre-1"]))


@given(st.lists(texts, max_size=30), st.lists(texts, max_size=30), st.sampled_from(["string", "str", "object"]))
def test_is_in_gives_the_rows_pandas_gives(values, wanted, dtype):
    series = pd.Series(values, dtype=dtype)
    expected = series.isin([w for w in wanted if w is not None]).to_numpy(dtype=bool) & series.notna().to_numpy()
    assert is_in(series, wanted).tolist() == expected.tolist()
    assert is_in(series, pd.Series(wanted, dtype=dtype)).tolist() == expected.tolist()


def test_republications_among_100000_offers_are_counted_once():
    ids = pd.Series([f"offre-{i:06d}" for i in range(100_000)], dtype="str")
    republishes = pd.Series([None] * 100_000, dtype="str")
    republishes[::1000] = ids[1::1000].to_numpy()  # 100 reposts of offers present…
    republishes[500::1000] = "absente"  # … and 100 of an offer no file holds: those count
    offers = pd.DataFrame({"offer_id": ids, "republishes": republishes})
    counted = is_counted_republication(offers)
    assert counted.sum() == 100 and counted[::1000].all() and not counted[500::1000].any()
    assert isinstance(counted.to_numpy(), np.ndarray) and counted.index.equals(offers.index)
