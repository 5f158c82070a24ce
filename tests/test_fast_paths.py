"""The shortcuts that keep a filter change fast at 100,000 offers (issue 15, goal 1) give the same
offers, counts, charts and choices as the plain ways they replace."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.generate import generate
from lib import charts, compare
from lib import formatting as fmt
from lib.deadlines import with_status
from lib.filters import OfferFilters, apply_filters, filter_mask
from lib.i18n import tn
from lib.offers import NOT_IN_TABLES, prepare_offers
from lib.republication import distinct_offers
from lib.validation import load_offers
from shell.sidebar import PageContext
from shell.url_state import ValuesOf, parse_choices

FILTERS = [
    OfferFilters(),
    OfferFilters(org_types=("association",)),
    OfferFilters(duration_range=(3.0, 7.0)),
    OfferFilters(stipend_range=(700.0, None), search="concertation"),
    OfferFilters(search="aucune offre ne contient ce texte"),
]


@pytest.fixture(scope="module")
def many_offers() -> pd.DataFrame:
    """Synthetic offers (the benchmarks' generator), republished pairs among them."""
    raw = generate(6000, seed=11).to_csv(index=False).encode("utf-8")
    return with_status(prepare_offers(load_offers(raw).offers), date(2026, 11, 30))


def page_of(offers: pd.DataFrame, filters: OfferFilters) -> PageContext:
    return PageContext(lang="fr", offers=offers, keep=filter_mask(offers, filters), filters=filters)


@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_a_page_gets_the_same_offers_without_copying_every_column(many_offers, filters):
    careful = apply_filters(many_offers, filters)
    page = page_of(many_offers, filters)
    pd.testing.assert_frame_equal(page.filtered, careful)
    pd.testing.assert_frame_equal(page.filtered_without(NOT_IN_TABLES), careful.drop(columns=list(NOT_IN_TABLES)))
    columns = ["offer_id", "source", "notes"]
    pd.testing.assert_frame_equal(page.filtered_columns(columns), careful[columns])
    pd.testing.assert_frame_equal(page.filtered_columns(columns, limit=1000), careful[columns].head(1000))


def test_counting_each_offer_once_reads_only_the_columns_asked_for(many_offers):
    # Every tenth offer posted again as the next one (its first posting is there: it counts once).
    republished = many_offers["republishes"].copy()
    republished.iloc[1::10] = many_offers["offer_id"].iloc[0::10].to_numpy()[: len(republished.iloc[1::10])]
    offers = many_offers.assign(republishes=republished)
    columns = ["contract", "stipend_monthly_eur", "region_label"]
    fast = distinct_offers(offers, columns)
    assert len(fast) == len(offers) - 600
    pd.testing.assert_frame_equal(fast, distinct_offers(offers)[columns])


@pytest.mark.parametrize("rows", [1500, 6000], ids=["one point per offer", "compact"])
def test_charts_built_without_plotlys_checks_are_the_same_charts(many_offers, monkeypatch, rows):
    offers = many_offers.head(rows)
    monkeypatch.setattr(charts, "VALIDATED_POINTS", 10**9)
    checked = charts.stipend_vs_duration(offers, "fr")
    monkeypatch.setattr(charts, "VALIDATED_POINTS", 0)
    trusted = charts.stipend_vs_duration(offers, "fr")
    assert json.loads(trusted.to_json()) == json.loads(checked.to_json())
    # And what a selection reads back from them: the same offers.
    points = [{"customdata": list(trace.customdata[0])} for trace in trusted.data if trace.customdata is not None][:3]
    selection = {"selection": {"points": points}}
    assert charts.selected_offer_ids(selection, offers)


def test_hover_texts_read_column_by_column_say_what_each_offer_says(prepared_offers):
    nicaya = prepared_offers[prepared_offers["organisation"].str.contains("Nicaya")]
    figure = charts.stipend_vs_duration(prepared_offers, "fr")
    hovers = {row[0]: text for trace in figure.data if trace.hovertext is not None
              for row, text in zip(trace.customdata, trace.hovertext, strict=True)}
    text = hovers[nicaya["offer_id"].iloc[0]]
    assert text.startswith("<b>Nicaya")
    assert "Aix-en-Provence (13)" in text and "1\u202f300\u00a0€ par mois → 1\u202f300\u00a0€ / mois<br>6 mois" in text


def test_the_pickers_list_the_same_offers_from_three_columns(many_offers):
    filtered = apply_filters(many_offers, OfferFilters(org_types=("association",)))
    picked = [many_offers["offer_id"].iloc[0], "no-such-offer"]
    listed = compare.choices(many_offers, filtered[["offer_id", "organisation", "title"]], picked, limit=20)
    expected_rest = filtered[~filtered["offer_id"].isin(picked)].head(19)
    assert list(listed) == [picked[0], *expected_rest["offer_id"]]
    first = many_offers.iloc[0]
    assert listed[picked[0]] == f"{first['organisation']} — {first['title']}"


def test_a_link_keeps_only_the_offers_that_exist(many_offers):
    parse = parse_choices(ValuesOf(many_offers["offer_id"]), limit=4)
    known = many_offers["offer_id"].iloc[[5, 9]].tolist()
    assert parse([known[0], "invented-id", known[1], known[0]]) == known
    assert parse(["invented-id"]) is None


def test_written_amounts_and_plurals_do_not_depend_on_what_was_written_before():
    # The babel calls are cached: 1 and 1.0 month, 1 300 and 1 300.5 €, French then English.
    assert tn("months_count", 1.5, "en") == "1.5 months"
    assert tn("months_count", 1, "en") == "1 month"
    assert tn("months_count", 1, "fr") == "1 mois"
    assert fmt.euros(1300.5, "fr") == "1\u202f300,50\u00a0€"
    assert fmt.euros(1300, "fr") == "1\u202f300\u00a0€"
    assert fmt.euros(1300, "en") == "€1,300"
    assert fmt.month("2023-03", "fr") == "mars 2023" and fmt.month("2023-03", "en") == "March 2023"


def test_the_pages_import_no_library_that_only_some_actions_need():
    """A server's cold start imports what every page needs, not Alembic (migrations), pandera (a file
    to validate) or geopy (an address to look up online): together about 1.5 s of the first visit."""
    script = ("import sys\nimport shell.sidebar, shell.widgets, shell.workbench, lib.charts, "
              "lib.chart_text, lib.maps\n"
              "print(sorted(m for m in ('alembic', 'pandera', 'geopy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parent.parent,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
