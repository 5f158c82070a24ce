"""The overview's few-valued columns held as categoricals (lib/few_valued.py, issue 15, goal 5) draw
the same charts, sentences and headline figures as the strings they replace, whatever the filters
leave out: a region, an organisation type or every offer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib import chart_text, charts
from lib.contiguous import take_rows
from lib.few_valued import FEW_VALUED, as_categories, with_categories
from lib.filters import OfferFilters, filter_mask
from tests.test_fast_paths import _figures

FILTERS = [
    OfferFilters(),
    OfferFilters(org_types=("association",)),
    OfferFilters(regions=("Bretagne",)),
    OfferFilters(duration_range=(3.0, 7.0)),
    OfferFilters(stipend_range=(700.0, None), search="concertation"),
    OfferFilters(search="aucune offre ne contient ce texte"),
]


def _kept(offers: pd.DataFrame, filters: OfferFilters, lang: str, coded: bool) -> pd.DataFrame:
    """The overview's columns of the kept offers, as the page copies them."""
    keep = filter_mask(offers, filters)
    chosen = offers[charts.columns_needed(offers, keep, lang)]
    if coded:
        chosen = with_categories(chosen, as_categories(offers))
    return chosen if keep is None else take_rows(chosen, np.flatnonzero(keep))


def test_the_coded_columns_hold_the_same_values_and_gaps(many_offers, prepared_offers):
    for offers in (many_offers, prepared_offers):
        coded = as_categories(offers)
        assert list(coded.columns) == [c for c in FEW_VALUED if c in offers.columns]
        assert coded.index.equals(offers.index)
        for column in coded.columns:
            assert isinstance(coded[column].dtype, pd.CategoricalDtype)
            assert coded[column].isna().equals(offers[column].isna())
            assert coded[column].astype(object).where(coded[column].notna(), None).tolist() == \
                offers[column].astype(object).where(offers[column].notna(), None).tolist()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_the_overview_draws_the_same_from_codes_as_from_strings(many_offers, filters, lang):
    assert _figures(_kept(many_offers, filters, lang, coded=True), lang) == \
        _figures(_kept(many_offers, filters, lang, coded=False), lang)


@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_the_bundled_offers_draw_the_same_from_codes(prepared_offers, filters):
    assert _figures(_kept(prepared_offers, filters, "fr", coded=True), "fr") == \
        _figures(_kept(prepared_offers, filters, "fr", coded=False), "fr")


def test_a_region_the_filters_leave_out_gets_no_bar(many_offers):
    kept = _kept(many_offers, OfferFilters(regions=("Bretagne",)), "fr", coded=True)
    figure = charts.offers_by_region(kept, "fr")
    assert list(figure.data[0].y) == ["Bretagne"]
    assert "Bretagne" in chart_text.offers_by_region(kept, "fr")
    assert "autres régions" not in chart_text.offers_by_region(kept, "fr")


def test_regions_of_as_many_offers_are_listed_by_name_and_offers_without_one_counted_apart():
    offers = pd.DataFrame({"offer_id": [f"o{i}" for i in range(7)],
                           "region_label": pd.array(["Occitanie", "Bretagne", "Occitanie", None, "Bretagne",
                                                     "Normandie", None], dtype="string")})
    for frame in (offers, with_categories(offers, as_categories(offers))):
        counts = charts.region_counts(frame)
        assert counts.to_dict() == {"Bretagne": 2, "Occitanie": 2, "—": 2, "Normandie": 1}
        assert list(counts.index) == ["Bretagne", "Occitanie", "—", "Normandie"]
        # The chart draws the most at the top: Plotly's first bar is at the bottom.
        assert list(charts.offers_by_region(frame, "fr").data[0].y)[::-1][:2] == ["Bretagne", "Occitanie"]


def test_a_point_picked_on_the_compact_chart_gives_the_same_offers_from_codes(many_offers, monkeypatch):
    monkeypatch.setattr(charts, "COMPACT_THRESHOLD", 1000)
    plain = _kept(many_offers, OfferFilters(), "fr", coded=False)
    coded = _kept(many_offers, OfferFilters(), "fr", coded=True)
    figure = charts.stipend_vs_duration(coded, "fr")
    points = [{"customdata": [float(trace.customdata[0][0])]} for trace in figure.data
              if trace.customdata is not None][:5]
    assert len(points) == 5
    selection = {"selection": {"points": points}}
    picked = charts.selected_offer_ids(selection, coded)
    assert picked and picked == charts.selected_offer_ids(selection, plain)
