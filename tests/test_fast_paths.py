"""The shortcuts that keep a filter change fast at 100,000 offers (issue 15, goal 1) give the same
offers, counts, charts and choices as the plain ways they replace."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from jinja2.utils import htmlsafe_json_dumps
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from lib import categories as cat
from lib import chart_text, charts, compare, maps, summary
from lib import formatting as fmt
from lib.deadlines import days_until
from lib.escaping import js_json
from lib.filters import DISTANCE_COLUMN, OfferFilters, apply_filters, filter_mask
from lib.i18n import tn
from lib.republication import distinct_offers
from shell.sidebar import PageContext
from shell.url_state import ValuesOf, parse_choices
from shell.widgets import MAX_TABLE_ROWS, display_frame, first_rows, quick_styler, table_styler

FILTERS = [
    OfferFilters(),
    OfferFilters(org_types=("association",)),
    OfferFilters(duration_range=(3.0, 7.0)),
    OfferFilters(stipend_range=(700.0, None), search="concertation"),
    OfferFilters(search="aucune offre ne contient ce texte"),
]


def page_of(offers: pd.DataFrame, filters: OfferFilters) -> PageContext:
    return PageContext(lang="fr", offers=offers, keep=filter_mask(offers, filters), filters=filters)


@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_a_page_gets_the_same_offers_without_copying_every_column(many_offers, filters):
    careful = apply_filters(many_offers, filters)
    page = page_of(many_offers, filters)
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
    points = [{"customdata": trace.customdata[0].tolist()}  # as the browser sends them back: JSON numbers
              for trace in trusted.data if trace.customdata is not None][:3]
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


# --- issue 15, goal 1, second round: the overview and the map at 100,000 offers ----------------------

def with_distances(offers: pd.DataFrame) -> pd.DataFrame:
    """A distance column as the sidebar adds it: unknown for a tenth of the offers, ties among the rest."""
    rng = np.random.default_rng(5)
    km = np.where(rng.random(len(offers)) < 0.1, np.nan, rng.integers(0, 300, len(offers)).astype(float))
    return offers.assign(**{DISTANCE_COLUMN: pd.array(km, dtype="Float64")})


def _figures(offers: pd.DataFrame, lang: str) -> list:
    """Everything the overview draws and writes from its offers."""
    return [json.loads(figure.to_json()) for figure in (
        charts.stipend_vs_duration(offers, lang), charts.stipend_by_org_type(offers, lang),
        charts.offers_by_region(offers, lang), charts.start_months(offers, lang))] + [
        chart_text.stipend_vs_duration(offers, lang), chart_text.stipend_by_org_type(offers, lang),
        chart_text.offers_by_region(offers, lang), chart_text.start_months(offers, lang),
        summary.headline_figures(offers), summary.not_plotted(offers)]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_the_overview_draws_the_same_charts_from_the_columns_they_read(many_offers, filters, lang):
    careful = apply_filters(many_offers, filters)
    page = page_of(many_offers, filters)
    narrow = page.filtered_columns(charts.columns_needed(page.offers, page.keep, lang))
    assert _figures(narrow, lang) == _figures(careful, lang)


def test_the_overview_leaves_out_the_hover_texts_only_when_every_chart_groups_its_offers(many_offers, monkeypatch):
    """Around both charts' thresholds: the stipend/duration chart's points, the box plot's internships
    (republications whose first posting is there set aside). Below either, the texts are copied."""
    points = int(charts.plottable(many_offers).sum())
    internships = int((many_offers["stipend_monthly_eur"].notna() & many_offers["contract"].eq("internship")
                       & ~charts.is_counted_republication(many_offers)).sum())
    # The sure count sets every republication aside, even one whose first posting is filtered out.
    sure = int((many_offers["stipend_monthly_eur"].notna() & many_offers["contract"].eq("internship")
                & many_offers["republishes"].isna()).sum())
    assert sure <= internships < points
    page = page_of(many_offers, OfferFilters())
    thresholds = (sure - 200, sure - 1, sure, internships, points - 1, points)
    for threshold in thresholds:
        monkeypatch.setattr(charts, "COMPACT_THRESHOLD", threshold)
        columns = charts.columns_needed(page.offers, page.keep, "fr")
        assert _figures(page.filtered_columns(columns), "fr") == _figures(many_offers, "fr")
        assert ("title" not in columns) == (threshold < sure), threshold


@pytest.mark.parametrize("rows", [1500, 6000], ids=["one point per offer", "compact"])
def test_a_figure_given_the_checked_template_is_the_same_figure(many_offers, monkeypatch, rows):
    offers = many_offers.head(rows)
    drawn = [charts.stipend_vs_duration, charts.stipend_by_org_type, charts.offers_by_region, charts.start_months]
    quick = [draw(offers, "fr").to_json() for draw in drawn]
    # The template given by name, every value of it checked again for each figure.
    monkeypatch.setattr(charts, "new_figure", lambda: go.Figure().update_layout(template=charts.TEMPLATE))
    assert quick == [draw(offers, "fr").to_json() for draw in drawn]  # the same values, in the same order


def test_start_months_are_counted_then_written(many_offers):
    dated = many_offers["start_month"].dropna()
    careful = dated.dt.strftime("%Y-%m").value_counts()  # every offer's month written first
    text = chart_text.start_months(many_offers, "fr")
    assert fmt.month(careful.index[0], "fr") in text and f"({careful.iloc[0]} offres)" in text.replace("\u202f", "")
    assert charts.month_ticks(many_offers["start_month"].dropna(), "fr") == charts.month_ticks(
        pd.Series(dated.unique()), "fr")


@pytest.mark.parametrize("distance", [False, True], ids=["in order", "nearest first"])
@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_a_table_copies_only_the_rows_it_shows(many_offers, filters, distance):
    offers = with_distances(many_offers) if distance else many_offers
    careful = apply_filters(offers, filters)
    if distance:
        careful = careful.sort_values(DISTANCE_COLUMN, kind="stable", na_position="last")
    keep = filter_mask(offers, filters)
    pd.testing.assert_frame_equal(offers.iloc[first_rows(offers, keep, MAX_TABLE_ROWS)], careful.head(MAX_TABLE_ROWS))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("distance", [False, True], ids=["no place", "distance column"])
def test_the_offers_table_writes_the_same_texts_without_pandas_html(many_offers, distance, lang):
    offers = with_distances(many_offers) if distance else many_offers
    shown = offers.iloc[first_rows(offers, None, MAX_TABLE_ROWS)]
    frame = display_frame(shown, lang, kept=offers["offer_id"].iloc[::7].tolist())
    approximate = shown["approximate_place"].fillna(False).astype(bool).to_numpy()
    assert approximate.any() and frame.isna().any().any()  # the dashes and « ≈ » are written both ways
    careful, quick = ArrowData(), ArrowData()
    marshall_styler(careful, table_styler(frame, lang, approximate), "uuid")
    marshall_styler(quick, quick_styler(frame, lang, approximate), "uuid")
    careful.styler.uuid = quick.styler.uuid = ""  # pandas draws a random one for each styler
    assert quick == careful


def _layer(fmap) -> tuple:
    """What the map sends of its offers: the rows and the script that draws them."""
    layer = next(child for child in fmap._children.values() if isinstance(child, maps._CompactCluster))
    return layer.data, layer.callback


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("filters", [OfferFilters(), OfferFilters(departments=("13", "33")),
                                     OfferFilters(departments=("13",), search="concertation")],
                         ids=["grouped", "detailed", "few"])
def test_the_map_draws_the_same_offers_from_the_columns_it_reads(many_offers, filters, lang):
    """As the map page copies them: the located offers only, the columns it reads, the few-valued ones
    as categoricals, the positions and identifiers of a click copied apart for the grouped map."""
    careful = apply_filters(many_offers, filters)
    assert not many_offers["located"].all()  # offers the map does not place are left out of its copy
    compact = maps.is_compact(careful)
    assert compact == (filters == OfferFilters())
    page = replace(page_of(many_offers, filters), sources=(many_offers,))  # coded columns kept per data
    located = many_offers["located"].to_numpy(dtype=bool)
    narrow = page.filtered_columns(maps.columns_read(lang, compact=compact), coded=True, also=located)
    assert isinstance(narrow["org_type"].dtype, pd.CategoricalDtype)
    assert len(narrow) == int(careful["located"].sum())
    assert _layer(maps.build_offers_map(narrow, lang)) == _layer(maps.build_offers_map(careful, lang))
    first = careful[careful["located"]].iloc[0]
    # A click sends the circle's position and its tooltip: an offer's on the detailed map, a place's
    # (« Marseille — 12 offres … ») on the compact one, whose offers are then found by position.
    tooltip = f"{first.place_text} — 12 offres" if compact else maps.tooltip_text(first)
    clicked = {"last_object_clicked": {"lat": first.latitude, "lng": first.longitude},
               "last_object_clicked_tooltip": tooltip}
    among = page.filtered_columns(maps.CLICK_COLUMNS, also=located) if compact else narrow
    found = maps.clicked_offer_ids(among, clicked)
    assert found == maps.clicked_offer_ids(careful, clicked) and first.offer_id in found


def test_json_for_an_inline_script_is_escaped_as_before():
    values = ["<script>", "a & b", "{{ x }}", "\u2028\u2029", "é — «»", "", "plain"]
    careful = json.dumps(values, ensure_ascii=False, separators=(",", ":")).translate(
        str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&{}\u2028\u2029"}))
    assert js_json(values) == careful


@pytest.mark.parametrize("columns", [
    ([46.2, 5.0, -0.0, 1e-05], [0, 1, 2, 3]),
    ([46.2, float("nan")], [1, 2]),  # json's own words for what is not a number
    ([float("inf"), 2.5], [1, 2]),
    ([True, False], [1.5, 2]),
    ([], []),
    # Positions shared by several circles, written once each: 0.0 and -0.0 apart, the extremes exact.
    ([0.0, -0.0, 46.2, 46.2, 1e16, 5e-324, -0.0, 0.1 + 0.2], [46.2, 46.2, 3.0, 0.0, -0.0, 2.5, 2.5, 1e-07]),
], ids=["numbers", "not a number", "infinite", "booleans", "none", "repeated"])
def test_map_rows_kept_as_columns_are_written_as_folium_writes_them(columns):
    listed = [list(row) for row in zip(*columns, strict=True)]
    # From lists, or from numpy arrays checked at once (the grouped map's way); inf and NaN as json writes them.
    arrays = [np.array(column, dtype=float if any(isinstance(v, float) for v in column) else np.int64)
              for column in columns]
    for rows in (maps.NumberRows(*columns), maps.NumberRows.of_arrays(*arrays)):
        expected = [list(row) for row in zip(*rows.columns, strict=True)]
        assert rows == expected and len(rows) == len(listed)
        assert rows.json() == htmlsafe_json_dumps(expected, sort_keys=True)  # jinja's ``tojson``, as folium calls it


def test_many_map_rows_with_repeated_positions_are_written_as_folium_writes_them():
    rng = np.random.default_rng(3)
    places = rng.uniform(-60, 60, (500, 2)).round(rng.integers(0, 12))
    chosen = places[rng.integers(0, 500, 20_000)]
    arrays = [chosen[:, 0], chosen[:, 1], rng.integers(0, 9, 20_000), rng.integers(0, 2, 20_000)]
    rows = maps.NumberRows.of_arrays(*arrays)
    assert rows.json() == htmlsafe_json_dumps([list(row) for row in zip(*rows.columns, strict=True)], sort_keys=True)


@pytest.mark.parametrize("today", [date(2026, 11, 30), date(2023, 3, 1)])
def test_each_deadline_is_read_once_with_the_same_days_left(many_offers, today):
    odd = pd.array(["2023-02-30", "2023-1-5", None, "", "2024-02-29", "nonsense"], dtype="string")
    deadlines = pd.concat([many_offers["application_deadline"].astype("string"), pd.Series(odd)], ignore_index=True)
    careful = pd.to_datetime(deadlines, format="%Y-%m-%d", errors="coerce")  # every offer's date read
    expected = (careful - pd.Timestamp(today)).dt.days.astype("Int64")
    assert deadlines.notna().sum() > 100 and expected.notna().sum() > 100
    pd.testing.assert_series_equal(pd.Series(days_until(deadlines, today)), expected, check_names=False)


@pytest.mark.parametrize("threshold", [10**9, 100], ids=["a dot per offer", "quartiles"])
def test_the_stipend_by_type_chart_copies_only_what_it_draws(many_offers, monkeypatch, threshold):
    # Every tenth offer posted again as the next one: the chart counts it once.
    republished = many_offers["republishes"].copy()
    republished.iloc[1::10] = many_offers["offer_id"].iloc[0::10].to_numpy()[: len(republished.iloc[1::10])]
    offers = many_offers.assign(republishes=republished)
    monkeypatch.setattr(charts, "COMPACT_THRESHOLD", threshold)
    careful = charts.stipend_by_org_type(distinct_offers(offers), "fr")  # every column of each offer once
    assert charts.stipend_by_org_type(offers, "fr").to_json() == careful.to_json()


def test_the_compact_box_plot_computes_pandas_quartiles_and_fences_from_arrays(many_offers):
    known = many_offers[charts.paid_internships(many_offers) & ~charts.is_counted_republication(many_offers)]
    figure = charts.stipend_by_org_type(many_offers, "en")
    assert len(known) > charts.COMPACT_THRESHOLD and len(figure.data) >= 5
    for trace in figure.data:
        org_type = next(code for code in cat.ORG_TYPES if charts.wrap_label(cat.label(cat.ORG_TYPES, code, "en"))
                        == trace.name)
        amounts = known.loc[known["org_type"].eq(org_type), "stipend_monthly_eur"].astype(float)
        q1, q3 = amounts.quantile(0.25), amounts.quantile(0.75)
        reach = 1.5 * (q3 - q1)
        assert (trace.q1[0], trace.median[0], trace.q3[0]) == pytest.approx((q1, amounts.median(), q3), abs=1e-9)
        assert trace.lowerfence[0] == amounts[amounts >= q1 - reach].min()
        assert trace.upperfence[0] == amounts[amounts <= q3 + reach].max()
