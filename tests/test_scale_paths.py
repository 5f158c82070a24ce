"""The paths that keep the dashboard fast at scale give the same results as the row-by-row ones,
and keep what is sent to the browser bounded (issue 6)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from folium.plugins import FastMarkerCluster, MarkerCluster

from benchmarks.generate import generate
from benchmarks.naive import place_row_by_row
from lib import geocode, maps, stipend
from lib.distinct import PER_ROW_BELOW
from lib.gazetteer import load_gazetteer
from lib.offers import prepare_offers
from lib.stipend import normalise_stipends
from lib.validation import load_offers
from tests.conftest import BUNDLED_CSV, shown


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return load_offers(BUNDLED_CSV).offers


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory) -> bytes:
    return generate(400, seed=7).to_csv(index=False).encode("utf-8")


@pytest.mark.parametrize("overwrite", [False, True])
def test_vectorised_placement_equals_the_row_by_row_one_on_the_bundled_offers(bundled, overwrite):
    pd.testing.assert_frame_equal(geocode.place_offers(bundled, overwrite=overwrite),
                                  place_row_by_row(bundled, overwrite=overwrite))


@pytest.mark.parametrize("overwrite", [False, True])
def test_vectorised_placement_equals_the_row_by_row_one_on_synthetic_offers(synthetic_csv, overwrite):
    offers = load_offers(synthetic_csv).offers
    assert offers["latitude"].isna().sum() > 20  # some offers are left to the gazetteer
    pd.testing.assert_frame_equal(geocode.place_offers(offers, overwrite=overwrite),
                                  place_row_by_row(offers, overwrite=overwrite))


# (city, postcode, department): every branch of Gazetteer.locate, ambiguities and quirks included.
PLACES = [
    ("Arles", "13200", None), ("Paris", "75011", None), ("Paris", None, None), ("Lyon", None, None),
    ("Marseille", "13004", None), ("La Montagne", None, None), ("La Montagne", None, "70"),
    ("La Montagne", "44620", None), ("Francheville", None, None), ("Francheville", "69340", None),
    ("Nulle-Part-sur-Mer", "13999", None), ("Nulle-Part-sur-Mer", None, None), (None, "75 011", None),
    ("St-Denis", "93200", None), ("Saint-Denis", None, "974"), ("Saint-Denis", None, None), (None, None, "2A"),
    ("Ajaccio", "20000", None), ("Ailleurs", "20250", None), (None, "99999", None), ("Saint-Martin", "12345", None),
    ("Saint-Martin", None, "12"), ("Saint-Martin", None, "99"), ("Pointe-à-Pitre", "97110", None),
    ("...", "13200", None), ("...", None, None), (None, None, None), ("Aix-en-Provence", None, None),
    ("Mérignac", "33700", "33"), ("Paris", "13200", None),
]


def test_many_places_at_once_as_one_by_one():
    gazetteer = load_gazetteer()
    cities, postcodes, departments = (pd.Series([p[i] for p in PLACES], dtype=object) for i in range(3))
    found = geocode.locate_communes(cities, postcodes, departments, gazetteer)
    for (city, postcode, department), (_, row) in zip(PLACES, found.iterrows(), strict=True):
        place = gazetteer.locate(city, postcode, department)
        if place is None:
            assert row.isna().all(), (city, postcode, department)
            continue
        assert (row["latitude"], row["longitude"], row["precision"], row["department_code"], row["region"]) == (
            place.latitude, place.longitude, place.precision, place.department_code, place.region
        ), (city, postcode, department)


def test_placing_nothing_returns_an_empty_table(bundled):
    assert geocode.place_offers(bundled.iloc[:0]).empty


def test_stipends_computed_once_per_distinct_combination_equal_the_row_by_row_ones(synthetic_csv):
    offers = load_offers(synthetic_csv).offers
    assert len(offers) > PER_ROW_BELOW
    pd.testing.assert_frame_equal(normalise_stipends(offers), stipend._normalise_each(offers))


def test_prepared_offers_carry_a_folded_search_text(bundled):
    prepared = prepare_offers(bundled)
    row = prepared.set_index("offer_id").loc["decider-ensemble-stagiaire-2023"]
    assert row["_search"] == "stagiaire au sein de l'association decider ensemble decider ensemble"


# --- what is sent to the browser at scale ------------------------------------------------------

@pytest.fixture(scope="module")
def many_offers() -> pd.DataFrame:
    """20,250 prepared offers: the bundled ones repeated, most moved to places of their own."""
    base = prepare_offers(load_offers(BUNDLED_CSV).offers)
    offers = pd.concat([base] * 750, ignore_index=True)
    copy = np.repeat(np.arange(750), len(base))
    moved = copy % 4 != 0  # a quarter stay where they are: several offers per place
    offers.loc[moved, "latitude"] = (offers.loc[moved, "latitude"] + 0.001 * (copy[moved] % 97)).round(5)
    offers.loc[moved, "longitude"] = (offers.loc[moved, "longitude"] + 0.001 * (copy[moved] // 97)).round(5)
    offers["offer_id"] = offers["offer_id"] + "-" + pd.Series(copy).astype(str)
    return offers


def leaflet_script(fmap) -> str:
    from streamlit_folium import _get_map_string

    fmap.render()
    return _get_map_string(fmap)


def test_the_detailed_map_up_to_the_threshold_and_the_compact_one_beyond(prepared_offers, monkeypatch):
    assert not maps.is_compact(prepared_offers)
    (detailed,) = [c for c in maps.build_offers_map(prepared_offers)._children.values() if isinstance(c, MarkerCluster)]
    assert len(detailed.data) == len(detailed.markers) == 27  # one circle per offer
    monkeypatch.setattr(maps, "DETAIL_THRESHOLD", 26)
    assert maps.is_compact(prepared_offers)
    layers = [c for c in maps.build_offers_map(prepared_offers)._children.values() if isinstance(c, MarkerCluster)]
    assert len(layers) == 1 and isinstance(layers[0], FastMarkerCluster)
    # One row per place and organisation type; their counts add up to every located offer.
    assert sum(row[4] for row in layers[0].data) == 27
    assert len(layers[0].data) == len(maps.place_groups(prepared_offers))


def test_compact_map_payload_is_bounded_for_20000_offers(many_offers):
    assert maps.is_compact(many_offers)
    script = leaflet_script(maps.build_offers_map(many_offers))
    places = len(maps.place_groups(many_offers))
    assert places < len(many_offers)
    assert len(script.encode()) < 45 * places + 50_000  # bytes per place, not per offer
    assert len(script.encode()) < 1_000_000
    assert "L.circleMarker" in script and "bindPopup" in script


def test_compact_map_texts_are_escaped_for_html_and_jinja(prepared_offers, monkeypatch):
    monkeypatch.setattr(maps, "DETAIL_THRESHOLD", 5)
    offers = prepared_offers.copy()
    offers.loc[0, "place_text"] = "<script>alert(1)</script> {{ 'pwn' ~ 'ed' }} {% if 1 %}"
    fmap = maps.build_offers_map(offers)
    script = leaflet_script(fmap)
    assert "<script>alert" not in script and "{{" not in script and "{%" not in script
    assert "\\u003cscript\\u003ealert(1)" in script
    page = fmap.get_root().render()  # the whole page: branca compiles scripts as Jinja templates
    assert "pwned" not in page


def test_detailed_map_texts_are_not_evaluated_as_jinja(prepared_offers):
    offers = prepared_offers.iloc[:3].copy()
    offers["title"] = "{{ 'pwn' ~ 'ed' }}"
    page = maps.build_offers_map(offers).get_root().render()
    assert "pwned" not in page
    # In each tooltip and popup, as escaped HTML in a JSON string: no brace left for Jinja.
    assert "{{" not in page.split("<body>")[-1]
    assert page.count("\\u007b\\u007b \\u0026#x27;pwn\\u0026#x27; ~ \\u0026#x27;ed\\u0026#x27; \\u007d\\u007d") == 2 * 3


def test_a_click_on_a_compact_circle_lists_the_offers_of_its_place(many_offers):
    paris_11 = many_offers[many_offers["offer_id"].str.startswith("paris-11-communication-service-civique-2023")]
    spot = paris_11.iloc[0]
    clicked = {"last_object_clicked": {"lat": float(spot["latitude"]), "lng": float(spot["longitude"])},
               "last_object_clicked_tooltip": "Paris (75) — 12 offres · Collectivité territoriale"}
    chosen = maps.clicked_offer_ids(many_offers, clicked)
    same_place = many_offers[(many_offers["latitude"] == spot["latitude"])
                             & (many_offers["longitude"] == spot["longitude"])]
    assert set(chosen) == set(same_place["offer_id"]) and len(chosen) >= 3


def test_compact_chart_draws_one_marker_per_stack_of_offers_and_maps_a_selection_back(many_offers):
    import plotly.io as pio

    from lib import charts

    fig = charts.stipend_vs_duration(many_offers)
    markers = [trace for trace in fig.data if trace.customdata is not None]
    assert {trace.type for trace in fig.data} == {"scatter"}  # a few markers: SVG
    assert all(trace.hovertext is None and "%{customdata[1]" in trace.hovertemplate for trace in markers)
    plotted = many_offers[many_offers["stipend_monthly_eur"].notna() & many_offers["duration_mid"].notna()]
    # The 27 bundled offers repeated 750 times: one marker per distinct type, contract, status, duration
    # range and amount among the bundled ones, whose counts add up to every plotted offer.
    stacks = plotted[["org_type", "contract", "stipend_status", "duration_mid"]].assign(
        amount=(plotted["stipend_monthly_eur"].astype(float) / 25).round() * 25)
    assert sum(len(trace.x) for trace in markers) == len(stacks.drop_duplicates()) < 27
    assert sum(int(trace.customdata[:, 1].sum()) for trace in markers) == len(plotted) == 17 * 750
    assert len(pio.to_json(fig, validate=False)) < 30_000
    # Selecting the biggest marker lists every offer it stands for.
    trace = max(markers, key=lambda tr: tr.customdata[:, 1].max())
    label, count, _duration = (int(v) for v in trace.customdata[trace.customdata[:, 1].argmax()])
    same = (stacks == stacks.loc[label]).all(axis=1)
    # As a list, and as Chromium sends a typed array's row (a real selection, tests/browser/test_compact_chart.py).
    for customdata in ([label, count, _duration], {"0": label, "1": count, "2": _duration}):
        chosen = charts.selected_offer_ids({"selection": {"points": [{"customdata": customdata}]}}, many_offers)
        assert len(chosen) == count == int(same.sum()) and set(chosen) == set(plotted.loc[same, "offer_id"])


def test_compact_chart_draws_in_svg_up_to_its_marker_limit_and_in_webgl_beyond(many_offers):
    """In headless Chromium, a few hundred markers drew 0.2-0.5 s sooner in SVG than in WebGL, whose
    context is made anew when the chart turns to it; 2,000 of them drew 0.1-0.2 s later in SVG."""
    from lib import charts

    plottable = many_offers[charts.plottable(many_offers)].reset_index(drop=True)
    # Two offers per marker, markers 25 € apart: the same type, contract, status and duration for all.
    spread = plottable.assign(org_type="association", contract="internship", stipend_status="stated",
                              duration_low=6.0, duration_high=6.0, duration_mid=6.0,
                              stipend_monthly_eur=(700 + 25 * (np.arange(len(plottable)) // 2)).astype(float))
    for n, kind in ((charts.SVG_MARKERS, "scatter"), (charts.SVG_MARKERS + 1, "scattergl")):
        assert 2 * n > charts.COMPACT_THRESHOLD  # the compact chart
        fig = charts.stipend_vs_duration(spread.head(2 * n))
        markers = [trace for trace in fig.data if trace.customdata is not None]
        assert sum(len(trace.x) for trace in markers) == n
        assert all(set(trace.customdata[:, 1]) <= {1, 2} for trace in markers)
        assert {trace.type for trace in fig.data} == {kind}  # the legend's entries and the minimum's line too


def test_a_click_over_a_thousand_points_draws_stacks_not_dots(many_offers):
    """One more department taking the overview from 1,000 to 1,001 points changes how it draws: at 5,000
    dots the page sent 3.5 MB and Chromium drew for 5–7 s after the click."""
    import plotly.io as pio

    from lib import charts

    plottable = many_offers[charts.plottable(many_offers)]
    internships = plottable[plottable["contract"].eq("internship")]
    for n, compact in ((charts.COMPACT_THRESHOLD, False), (charts.COMPACT_THRESHOLD + 1, True)):
        fig = charts.stipend_vs_duration(plottable.head(n))
        drawn = sum(len(trace.x) for trace in fig.data if trace.customdata is not None)
        assert (drawn < 60) if compact else (drawn == n)
        assert len(pio.to_json(fig, validate=False)) < (30_000 if compact else 1_000_000)
        box = charts.stipend_by_org_type(internships.head(n))
        assert all((trace.boxpoints is False) == compact for trace in box.data)
    assert charts.COMPACT_THRESHOLD <= 1000


def test_compact_box_plot_sends_quartiles_not_amounts(many_offers):
    from lib import charts

    fig = charts.stipend_by_org_type(many_offers)
    assert all(trace.x is None and trace.boxpoints is False and len(trace.q1) == 1 for trace in fig.data)
    scop = many_offers.loc[many_offers["org_type"].eq("scop"), "stipend_monthly_eur"].astype(float)
    box = next(trace for trace in fig.data if trace.name == charts.wrap_label("SCOP / coopérative"))
    assert box.median[0] == pytest.approx(scop.median())


def test_pages_at_scale_say_what_they_group_and_send_little(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from lib import charts

    path = tmp_path / "offers.csv"
    generate(3000, seed=11).to_csv(path, index=False)
    monkeypatch.setenv("OFFERS_CSV", str(path))
    monkeypatch.setattr(charts, "COMPACT_THRESHOLD", 1000)
    root = BUNDLED_CSV.parent.parent
    at = AppTest.from_file(str(root / "pages" / "map.py"), default_timeout=120).run()
    assert not at.exception
    assert any("chaque cercle regroupe les offres" in c.value for c in at.caption)
    assert len(at.get("component_instance")[0].proto.json_args) < 400_000
    # The grouped map copies no text of its offers, but the list under it names the first 1,000 placed
    # offers, and picking the last one shows its card.
    offers = pd.read_csv(path, dtype=str)
    placed = at.selectbox(key="map_pick")
    assert len(placed.options) == 1000
    assert any("La liste donne les 1\u202f000 premières des " in c.value for c in at.caption)
    organisation, title = placed.options[-1].split(" — ", 1)  # the list shows « organisation — title »
    offer_id = offers.loc[offers["organisation"].eq(organisation) & offers["title"].eq(title), "offer_id"].iloc[0]
    placed.set_value(offer_id).run()
    assert not at.exception
    assert [shown(h.value) for h in at.subheader][:1] == [title]
    at = AppTest.from_file(str(root / "pages" / "overview.py"), default_timeout=120).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "forment un seul point" in captions
    assert "Le tableau montre les 1\u202f000 premières offres sur 3\u202f000" in captions
    assert len(at.dataframe[0].value) == 1000
    assert len(at.get("plotly_chart")[0].proto.spec) < 150_000
    # Data: both tables hold the first 1,000 offers, the caption says the download has them all, and
    # the file is written when the button is clicked, not at every run.
    at = AppTest.from_file(str(root / "pages" / "data.py"), default_timeout=120).run()
    assert not at.exception
    assert "les 1\u202f000 premières offres sur 3\u202f000 ; le bouton « Télécharger" in " ".join(
        c.value for c in at.caption)
    assert [len(table.value) for table in at.dataframe] == [1000, 1000]
    assert at.get("download_button")[0].proto.deferred_file_id
    # Compare: the picker lists the first 1,000 offers and says how to reach the others.
    at = AppTest.from_file(str(root / "pages" / "compare.py"), default_timeout=120).run()
    assert not at.exception
    assert len(at.multiselect(key="cmp").options) == 1000
    assert "premières des 3\u202f000 offres filtrées" in " ".join(c.value for c in at.caption)


def test_map_is_framed_on_metropolitan_france_when_offers_are_overseas_too(prepared_offers):
    from folium.map import FitBounds

    offers = prepared_offers.copy()
    offers.loc[0, ["latitude", "longitude", "department_code"]] = [-20.88, 55.45, "974"]  # Saint-Denis (Réunion)
    # Nouméa: New Caledonia's postcodes and code start with 98, not 97.
    offers.loc[1, ["latitude", "longitude", "department_code", "postcode"]] = [-22.27, 166.45, "98", "98800"]
    bounds = next(c for c in maps.build_offers_map(offers)._children.values() if isinstance(c, FitBounds)).bounds
    (south, west), (north, east) = bounds
    assert 40 < south < north < 52 and -6 < west < east < 10


def test_the_compact_map_outlines_its_circles_and_raises_its_popups(many_offers):
    page = maps.build_offers_map(many_offers).get_root().render()
    assert f'outlines = ["{maps.MARKER_OUTLINE}","{maps.CLOSED_OUTLINE}"]' in page
    assert "{offset: popupOffset}" in page
