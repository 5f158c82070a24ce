"""The grouped map's circles counted from place numbers kept once per loaded offers (lib/map_groups.py,
issue 15, goal 5) are the circles grouped from a copy of the kept offers (``maps.place_groups``): the
same places, types, counts, open or closed, place texts, order and frame, whatever the filters keep."""

from __future__ import annotations

import gc
import html
import json
import re
import weakref
from dataclasses import replace
from datetime import date

import folium
import numpy as np
import pandas as pd
import pytest
from folium.plugins import FastMarkerCluster

from benchmarks.generate import generate
from lib import maps
from lib.deadlines import with_status
from lib.filters import OfferFilters, apply_filters, filter_mask
from lib.map_groups import kept_groups, place_codes
from lib.offers import localised, prepare_offers
from lib.validation import load_offers
from shell.map_view import clicked_ids, kept_map
from shell.sidebar import PageContext
from tests.test_maps import run_map_script

FILTERS = [
    OfferFilters(),
    OfferFilters(org_types=("association",)),
    OfferFilters(regions=("Bretagne", "Guadeloupe")),
    OfferFilters(duration_range=(3.0, 7.0)),
    OfferFilters(search="concertation"),
    OfferFilters(search="aucune offre ne contient ce texte"),
]


@pytest.fixture(scope="module")
def many_offers() -> pd.DataFrame:
    """Synthetic offers, open and closed on the day, some with no place, some whose place text is missing."""
    raw = generate(6000, seed=11).to_csv(index=False).encode("utf-8")
    offers = with_status(prepare_offers(load_offers(raw).offers), date(2024, 3, 1))
    gaps = np.zeros(len(offers), dtype=bool)
    gaps[::7] = True
    return offers.assign(place_text=offers["place_text"].mask(gaps), place_text_en=offers["place_text_en"].mask(gaps))


def _plain(groups: pd.DataFrame) -> list:
    return json.loads(groups.astype(object).where(groups.notna(), None).to_json(orient="split"))["data"]


def _drawn(fmap) -> tuple:
    """What the browser gets: the circles' rows, the script drawing them, the frame."""
    layer = next(child for child in fmap._children.values() if isinstance(child, maps._CompactCluster))
    bounds = [child.bounds for child in fmap._children.values() if type(child).__name__ == "FitBounds"]
    return layer.data, layer.callback, bounds


def test_the_offers_hold_what_the_comparison_needs(many_offers):
    assert not many_offers["located"].all()
    assert many_offers["deadline_status"].eq("closed").any() and many_offers["deadline_status"].eq("open").any()
    assert many_offers.loc[many_offers["located"], "place_text"].isna().any()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_circles_counted_from_codes_are_those_grouped_from_the_offers(many_offers, filters, lang):
    careful = apply_filters(many_offers, filters)
    expected = maps.place_groups(careful[careful["located"]], lang)
    counted = kept_groups(place_codes(many_offers), filter_mask(many_offers, filters),
                          many_offers[localised("place_text", lang)])
    assert list(counted.columns) == list(expected.columns)
    assert _plain(counted) == _plain(expected)
    assert int(counted["offers"].sum()) == int(careful["located"].sum())
    if len(expected):
        assert _drawn(maps.grouped_map(counted, lang)) == _drawn(maps.grouped_map(expected, lang))


def test_the_map_page_draws_the_same_grouped_map_from_codes_as_from_a_copy(many_offers):
    filters = OfferFilters(duration_range=(3.0, 7.0))
    located = many_offers["located"].to_numpy(dtype=bool)
    page = PageContext(lang="en", offers=many_offers, keep=filter_mask(many_offers, filters), filters=filters,
                       today=date(2024, 3, 1))
    copied = kept_map(page, located, compact=True)  # a visitor's own file: nothing kept per data
    counted = kept_map(replace(page, sources=(many_offers,)), located, compact=True)
    assert copied.offers is None and counted.offers is None
    assert _drawn(counted.fmap) == _drawn(copied.fmap)
    assert counted.org_types == copied.org_types and counted.any_closed == copied.any_closed
    assert _drawn(copied.fmap) == _drawn(maps.build_offers_map(apply_filters(many_offers, filters), "en"))


def test_a_place_number_follows_the_day_an_offer_closes(many_offers):
    """Closed or not is in the numbers: the page keeps them per day (``per_data`` keyed on the day)."""
    later = with_status(many_offers.drop(columns=["deadline_status", "days_left"]), date(2030, 1, 1))
    assert later["deadline_status"].eq("closed").sum() > many_offers["deadline_status"].eq("closed").sum()
    texts = many_offers["place_text"]
    before = kept_groups(place_codes(many_offers), None, texts)
    after = kept_groups(place_codes(later), None, texts)
    assert int(after["closed"].sum()) > int(before["closed"].sum())
    assert _plain(after) == _plain(maps.place_groups(later[later["located"]]))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_circles_tooltip_written_here_is_the_one_the_browser_shows(many_offers, lang):
    some = many_offers.head(1500)
    groups = maps.place_groups(some[some["located"]], lang)
    assert groups["closed"].any() and groups["approximate"].any() and (groups["offers"] > 1).any()
    seen = run_map_script(maps.grouped_map(groups, lang))
    assert sorted(html.unescape(tip) for tip in seen["tooltips"]) == \
        sorted(maps.group_tooltip(group, lang) for group in groups.itertuples(index=False))


def test_a_click_on_a_circle_spread_apart_finds_its_offers_and_no_others(many_offers):
    located = many_offers[many_offers["located"]]
    groups = maps.place_groups(located, "fr")
    shared = groups[groups.duplicated(["latitude", "longitude"], keep=False)]
    place = shared.iloc[0]
    circles = groups[(groups["latitude"] == place["latitude"]) & (groups["longitude"] == place["longitude"])]
    assert len(circles) >= 2  # one place, several types or open and closed: spread apart when clicked
    offers = located[maps.CLICK_COLUMNS]
    found = []
    for circle in circles.itertuples(index=False):
        # Spread apart, the circle reports a position beside its own.
        clicked = {"last_object_clicked": {"lat": circle.latitude + 0.3, "lng": circle.longitude - 0.2},
                   "last_object_clicked_tooltip": maps.group_tooltip(circle, "fr")}
        ids = maps.clicked_group_offer_ids(offers, groups, clicked, "fr")
        assert len(ids) == circle.offers
        assert set(located.loc[located["offer_id"].isin(ids), "org_type"]) == {circle.org_type}
        # At its own position, the same offers.
        clicked["last_object_clicked"] = {"lat": circle.latitude, "lng": circle.longitude}
        assert maps.clicked_group_offer_ids(offers, groups, clicked, "fr") == ids
        found += ids
    assert len(found) == len(set(found)) == int(circles["offers"].sum())
    # A click with no tooltip is found by position: every offer of the place.
    clicked = {"last_object_clicked": {"lat": place["latitude"], "lng": place["longitude"]}}
    assert sorted(maps.clicked_group_offer_ids(offers, groups, clicked, "fr")) == sorted(found)


def _every_circle_with_tooltip(groups: pd.DataFrame, clicked: dict, lang: str) -> pd.DataFrame:
    """The careful way: every circle's tooltip written, the nearest of those with the clicked text."""
    text = clicked["last_object_clicked_tooltip"]
    named = groups[[maps.group_tooltip(group, lang) == text for group in groups.itertuples(index=False)]]
    point = clicked["last_object_clicked"]
    distance = (named["latitude"] - point["lat"]) ** 2 + (named["longitude"] - point["lng"]) ** 2
    return named[distance == distance.min()]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_clicked_circle_is_found_among_the_nearest_as_among_all(many_offers, lang):
    located = many_offers[many_offers["located"]]
    groups = maps.place_groups(located, lang)
    assert len(groups) > 4 * maps.NEAREST_CIRCLES  # else every circle is read anyway
    rng = np.random.default_rng(5)
    # Beside its place (spread apart), at it, and far from it: more than NEAREST_CIRCLES circles nearer.
    for row in rng.choice(len(groups), 40, replace=False):
        circle = groups.iloc[row]
        for shift in [(0.0, 0.0), (0.3, -0.2), (8.0, 9.0)]:
            clicked = {"last_object_clicked": {"lat": circle["latitude"] + shift[0],
                                               "lng": circle["longitude"] + shift[1]},
                       "last_object_clicked_tooltip": maps.group_tooltip(circle, lang)}
            found = maps.clicked_circles(groups, clicked, lang)
            assert _plain(found) == _plain(_every_circle_with_tooltip(groups, clicked, lang))
            assert len(found) >= 1
    assert maps.clicked_circles(groups, {"last_object_clicked": {"lat": 45.0, "lng": 5.0}}, lang) is None


@pytest.mark.parametrize("filters", FILTERS[:4], ids=range(4))
def test_a_click_finds_the_same_offers_from_place_numbers_as_from_a_copy(many_offers, filters):
    """After a click, every rerun that draws the same map (a card's buttons) finds the clicked circle's
    offers again: from the place numbers (no copy of the located offers), the offers the copy finds, in
    the same order."""
    keep = filter_mask(many_offers, filters)
    located = many_offers["located"].to_numpy(dtype=bool)
    page = PageContext(lang="fr", offers=many_offers, keep=keep, filters=filters, today=date(2024, 3, 1),
                       sources=(many_offers,))
    view = kept_map(page, located, compact=True)
    assert view.codes is not None
    kept = np.ones(len(many_offers), dtype=bool) if keep is None else keep  # None: every offer kept
    copied = many_offers.loc[kept & located, maps.CLICK_COLUMNS]
    rng = np.random.default_rng(8)
    for row in rng.choice(len(view.groups), min(30, len(view.groups)), replace=False):
        circle = view.groups.iloc[row]
        clicked = {"last_object_clicked": {"lat": circle["latitude"] + 0.01, "lng": circle["longitude"]},
                   "last_object_clicked_tooltip": maps.group_tooltip(circle, "fr")}
        ids = clicked_ids(page, view, located, clicked)
        assert len(ids) == circle["offers"]
        assert ids == maps.clicked_group_offer_ids(copied, view.groups, clicked, "fr")


def _drawn_map(build) -> tuple[folium.Map, weakref.ref]:
    """A map rendered as st_folium renders it, and a weak reference to its layer of markers or circles."""
    fmap = build()
    fmap.get_root().render()
    layer = next(child for child in fmap._children.values()
                 if isinstance(child, FastMarkerCluster))
    return fmap, weakref.ref(layer)


@pytest.mark.parametrize("compact", [True, False])
def test_a_drawn_map_is_freed_at_once_when_dismantled(many_offers, compact):
    """A server runs Python's full garbage collection seldom: a map left in its own reference cycles
    stayed in memory after its run, about 40 MB per filter change at a million offers."""
    located = many_offers[many_offers["located"]]
    if compact:
        groups = maps.place_groups(located, "fr")
        build = lambda: maps.grouped_map(groups, "fr")  # noqa: E731
    else:
        build = lambda: maps.build_offers_map(located.head(300), "fr")  # noqa: E731
    gc.collect()
    gc.disable()
    try:
        fmap, layer = _drawn_map(build)
        del fmap
        assert layer() is not None  # its cycles keep it until a full collection
        gc.collect()
        fmap, layer = _drawn_map(build)
        maps.dismantle(fmap)
        del fmap
        assert layer() is None
    finally:
        gc.enable()


def _sent(fmap: folium.Map) -> tuple[str, str]:
    """What st_folium sends of a map: its HTML part (the rows) and its script."""
    page = fmap.get_root().render()
    return "".join(re.findall(r'<script type="application/json"[^>]*>.*?</script>', page, flags=re.S)), \
        re.findall(r"<script>(.*?)</script>", page, flags=re.S)[-1]


def test_other_rows_make_another_script_and_the_same_rows_the_same(many_offers):
    """streamlit-folium draws a new map only when the map's script changes; the rows are in the HTML part,
    so the script names them by their digest."""
    located = many_offers[many_offers["located"]]
    some, fewer = maps.place_groups(located, "fr"), maps.place_groups(located.iloc[1:], "fr")
    html_a, script_a = _sent(maps.grouped_map(some, "fr"))
    html_b, script_b = _sent(maps.grouped_map(fewer, "fr"))
    html_c, script_c = _sent(maps.grouped_map(some, "fr"))
    def named(script: str) -> str:  # without folium's random element names
        return re.sub(r"_[0-9a-f]{32}", "", script)

    assert html_a != html_b and named(script_a) != named(script_b)
    assert html_a == html_c and named(script_a) == named(script_c)
    (rows_id,) = re.findall(r'id="(offer-rows-[0-9a-f]+)"', html_a)
    assert f'document.getElementById("{rows_id}")' in script_a
