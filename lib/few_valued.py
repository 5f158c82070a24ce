"""Columns of a few distinct texts (organisation type, contract, region…) held as pandas categoricals
for the charts and the map: one byte per offer instead of an Arrow string.

At a million offers the overview copies the rows the filters keep and groups them by these columns
at every change. As Arrow strings, copying the five of them took 0.13 s and the charts' grouping and
comparisons 0.3 s more; as categoricals, a few milliseconds each (benchmarks/results.md, « Codes for
the few-valued columns, numbers for the map's places »). The prepared offers keep their strings: only the overview
and the map read this copy, and their figures are checked equal to those drawn from the strings
(tests/test_few_valued.py).
"""

from __future__ import annotations

import pandas as pd

from lib.deadlines import STATUS_COLUMN

# Texts of a closed list (lib/categories.py), the regions of France, and the day's open, closed or unknown
# status of each offer (lib/deadlines.py): at most a few dozen values.
FEW_VALUED = ("org_type", "contract", "stipend_status", "stipend_level", "region_label", STATUS_COLUMN)


def as_categories(offers: pd.DataFrame) -> pd.DataFrame:
    """The few-valued columns ``offers`` has, as categoricals with the same values and missing cells,
    on the same index."""
    return pd.DataFrame({column: offers[column].astype("category") for column in FEW_VALUED
                         if column in offers.columns}, index=offers.index)


def with_categories(offers: pd.DataFrame, coded: pd.DataFrame) -> pd.DataFrame:
    """``offers`` with the columns ``coded`` holds replaced by them (``coded`` made by
    ``as_categories`` from a frame of the same rows, in the same order)."""
    replaced = {column: coded[column].array for column in offers.columns if column in coded.columns}
    return offers.assign(**replaced) if replaced else offers
