"""Open, closed or unknown: an offer's deadline against a fixed "today" (never the machine's clock)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib import deadlines
from lib.filters import OfferFilters, apply_filters

TODAY = date(2023, 1, 10)


@pytest.mark.parametrize("deadline, code, days", [
    ("2023-01-10", "open", 0),  # open through its deadline day
    ("2023-01-11", "open", 1),
    ("2023-03-01", "open", 50),
    ("2023-01-09", "closed", -1),
    ("2022-02-15", "closed", -329),
    ("", "unknown", None),
    (None, "unknown", None),
    (float("nan"), "unknown", None),
    ("15/02/2022", "unknown", None),  # not the contract's format: unknown, not a guess
])
def test_status_of_a_deadline(deadline, code, days):
    status = deadlines.status_of(deadline, TODAY)
    assert (status.code, status.days_left) == (code, days)


@pytest.mark.parametrize("code, days, deadline, lang, expected", [
    ("open", 50, "2023-03-01", "fr", "Ouverte"),
    ("open", 14, "2023-01-24", "fr", "Ouverte — clôture dans 14 jours"),
    ("open", 1, "2023-01-11", "fr", "Ouverte — clôture dans 1 jour"),
    ("open", 1, "2023-01-11", "en", "Open — closes in 1 day"),
    ("open", 0, "2023-01-10", "fr", "Ouverte — clôture aujourd'hui"),
    ("open", 15, "2023-01-25", "en", "Open"),  # 15 days is not "under 15 days"
    ("closed", -329, "2022-02-15", "fr", "Clôturée le 15 février 2022"),
    ("closed", -329, "2022-02-15", "en", "Closed on 15 February 2022"),
    ("unknown", None, None, "fr", "Date limite inconnue"),
])
def test_status_text(code, days, deadline, lang, expected):
    assert deadlines.status_text(code, days, deadline, lang) == expected


def test_with_status_adds_columns_and_the_open_filter_keeps_only_open_offers(prepared_offers):
    dated = deadlines.with_status(prepared_offers, TODAY)
    assert deadlines.STATUS_COLUMN not in prepared_offers.columns  # the cached frame is untouched
    found = deadlines.counts(dated)
    # data/offers.csv: 13 deadlines, 6 of them on or after 10 January 2023.
    assert found == {"open": 6, "closed": 7, "unknown": 14}
    kept = apply_filters(dated, OfferFilters(open_only=True))
    assert len(kept) == 6
    assert (pd.to_datetime(kept["application_deadline"]) >= pd.Timestamp(TODAY)).all()


def test_every_bundled_offer_is_closed_or_undated_today(prepared_offers):
    found = deadlines.counts(deadlines.with_status(prepared_offers, date(2026, 11, 29)))
    assert found["open"] == 0 and found["closed"] == 13


@pytest.mark.parametrize("environment, expected, problem", [
    ({}, date(2026, 1, 1), None),
    ({"STAGES_TODAY": "2023-01-10"}, date(2023, 1, 10), None),
    ({"STAGES_TODAY": " 2023-01-10 "}, date(2023, 1, 10), None),
    ({"STAGES_TODAY": "demain"}, date(2026, 1, 1), "STAGES_TODAY='demain'"),
])
def test_today_from_the_environment(environment, expected, problem):
    assert deadlines.today_from(environment, date(2026, 1, 1)) == (expected, problem)


def test_closed_offers_are_greyed_on_the_map_but_still_outlined_and_clickable(prepared_offers):
    from lib import maps
    from tests.test_maps import contrast, markers

    dated = deadlines.with_status(prepared_offers, TODAY)
    assert contrast(maps.CLOSED_OUTLINE, maps.MAP_BACKGROUND) >= 3  # still stands out (WCAG 1.4.11)
    drawn = markers(maps.build_offers_map(dated))
    closed = [m for m in drawn if m.outline == maps.CLOSED_OUTLINE]
    assert len(closed) == 7  # the 7 deadlines before 10 January 2023
    assert all(m.fill_opacity == maps.CLOSED_FILL_OPACITY for m in closed)
    assert all("Clôturée le" in m.popup for m in closed)  # still clickable: a popup says why it is grey
    assert sum(m.outline == maps.MARKER_OUTLINE for m in drawn) == len(drawn) - 7


def test_closed_offers_are_greyed_on_the_grouped_map_too(prepared_offers, monkeypatch):
    # Beyond DETAIL_THRESHOLD located offers the map draws one circle per place and type: closed
    # offers get circles of their own, greyed, whose tooltip says that applications are closed.
    from lib import maps
    from tests.test_maps import run_map_script

    monkeypatch.setattr(maps, "DETAIL_THRESHOLD", 5)
    dated = deadlines.with_status(prepared_offers, TODAY)
    groups = maps.place_groups(dated)
    assert int(groups.loc[groups["closed"], "offers"].sum()) == 7
    assert int(groups["offers"].sum()) == int(dated["located"].sum())
    page = maps.build_offers_map(dated).get_root().render()
    assert f"fillOpacity: closed ? {maps.CLOSED_FILL_OPACITY}" in page
    seen = run_map_script(maps.build_offers_map(dated))
    closed = [tip for tip in seen["tooltips"] if tip.endswith(" · candidatures closes")]
    assert len(closed) == int(groups["closed"].sum()) >= 1
    assert len(seen["tooltips"]) == len(groups)
