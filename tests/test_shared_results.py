"""Results shared between visitors (issue 15, goal 4: a class opening one link): the overview's charts are
drawn once for everyone asking for the same offers, and never shown to someone whose offers differ."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from shell.shared_results import ENTRIES_ENV, MAX_ENTRIES, per_data, shared
from tests.conftest import match_count, open_page


@pytest.fixture(autouse=True)
def _sharing_on(monkeypatch):
    """Sharing as deployed: a benchmark's runner tried in another test of this process may have turned it off."""
    monkeypatch.delenv(ENTRIES_ENV, raising=False)


def metrics_of(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_specs(at) -> list[str]:
    return [chart.proto.spec for chart in at.get("plotly_chart")]


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return object()


def test_a_result_is_computed_once_per_question_and_loaded_offers():
    offers, other = pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1]})  # equal, not the same frames
    compute = Counter()
    first = shared(("unit", "same question"), (offers, None), compute)
    assert shared(("unit", "same question"), (offers, None), compute) is first and compute.calls == 1
    # Other loaded offers (a changed file, a publication): computed again, even for the same question.
    assert shared(("unit", "same question"), (other, None), compute) is not first and compute.calls == 2
    # No key (a visitor with a file of their own): computed every time.
    shared(None, (offers, None), compute)
    shared(None, (offers, None), compute)
    assert compute.calls == 4


def test_the_shared_results_are_bounded():
    offers = pd.DataFrame({"a": [1]})
    compute = Counter()
    for question in range(MAX_ENTRIES + 5):
        shared(("bounded", question), (offers,), compute)
    shared(("bounded", MAX_ENTRIES + 4), (offers,), compute)  # the latest are kept
    assert compute.calls == MAX_ENTRIES + 5
    shared(("bounded", 0), (offers,), compute)  # the oldest was let go
    assert compute.calls == MAX_ENTRIES + 6


def test_two_visitors_of_one_link_see_the_same_charts_and_a_filter_still_changes_them():
    link = {"org": "association"}
    first, second = open_page(query_params=link), open_page(query_params=link)
    assert not first.exception and not second.exception
    assert chart_specs(first) == chart_specs(second) and len(chart_specs(first)) == 4
    assert metrics_of(first) == metrics_of(second)
    everyone = open_page()
    assert metrics_of(everyone)["Offres"] != metrics_of(first)["Offres"]
    assert chart_specs(everyone)[0] != chart_specs(first)[0]
    english = open_page(query_params={**link, "en": "true"})
    assert "Offers" in metrics_of(english)  # the language is part of the question


def test_a_visitors_own_file_is_never_answered_with_the_shared_charts(make_offers_csv):
    before = open_page()  # the shared overview of the bundled offers is drawn
    data = make_offers_csv([{"offer_id": "offre-en-plus-2026", "organisation": "Mairie de Tulle",
                             "title": "Stage concertation", "city": "Tulle", "postcode": "19000"}])
    with_file = open_page(session_state={"uploaded_file": {"name": "x.csv", "data": data}})
    assert match_count(with_file) == (28, 28)
    assert int(metrics_of(with_file)["Offres"]) == int(metrics_of(before)["Offres"]) + 1
    after = open_page()  # and the next visitor without a file sees the bundled offers again
    assert metrics_of(after) == metrics_of(before) and chart_specs(after) == chart_specs(before)


def test_a_changed_file_is_drawn_again_not_served_from_the_shared_charts(offers_file, make_offers_csv):
    rows = [{"offer_id": f"offre-{i}", "title": f"Stage {i}", "organisation": f"Structure {i}"} for i in range(3)]
    path = offers_file(rows)
    assert metrics_of(open_page())["Offres"] == "3"
    path.write_bytes(make_offers_csv([*rows, {"offer_id": "offre-3", "title": "Stage 3", "organisation": "S 3"}]))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a later save, as an editor's
    assert metrics_of(open_page())["Offres"] == "4"


def test_sharing_can_be_turned_off_for_measuring_new_filter_states(monkeypatch):
    offers = pd.DataFrame({"a": [1]})
    compute = Counter()
    monkeypatch.setenv(ENTRIES_ENV, "0")
    shared(("off", 1), (offers,), compute)
    shared(("off", 1), (offers,), compute)
    assert compute.calls == 2
    monkeypatch.setenv(ENTRIES_ENV, "not a number")  # the default, not a crash
    shared(("off", 1), (offers,), compute)
    shared(("off", 1), (offers,), compute)
    assert compute.calls == 3


# --- what the sidebar offers, computed once per loaded offers and day (shell.shared_results.per_data) ---

def test_data_wide_results_are_kept_per_loaded_offers_and_day_even_when_sharing_is_off(monkeypatch):
    offers, other = pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1]})
    compute = Counter()
    monkeypatch.setenv(ENTRIES_ENV, "0")  # a benchmark of new filter states: the sidebar's choices are no filter state
    first = per_data(("unit_choices", "2026-11-30"), (offers, None), compute)
    assert per_data(("unit_choices", "2026-11-30"), (offers, None), compute) is first and compute.calls == 1
    per_data(("unit_choices", "2026-12-01"), (offers, None), compute)  # the next day: open offers may have closed
    assert compute.calls == 2
    per_data(("unit_choices", "2026-12-01"), (other, None), compute)  # another file, a new publication
    assert compute.calls == 3
    per_data(("unit_choices", "2026-12-01"), None, compute)  # a visitor's own file: never kept
    per_data(("unit_choices", "2026-12-01"), None, compute)
    assert compute.calls == 5


def department_choices(at) -> list[str]:
    return list(at.sidebar.multiselect(key="dept").options)


def test_the_sidebar_offers_the_departments_of_a_grown_file_and_of_a_visitors_own_file(offers_file, make_offers_csv):
    rows = [{"offer_id": "offre-tulle", "title": "Stage", "organisation": "Mairie de Tulle", "city": "Tulle",
             "postcode": "19000"}]
    path = offers_file(rows)
    assert department_choices(open_page()) == ["19"]
    path.write_bytes(make_offers_csv([*rows, {"offer_id": "offre-lille", "title": "Stage", "organisation": "MEL",
                                              "city": "Lille", "postcode": "59000"}]))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert department_choices(open_page()) == ["19", "59"]
    own = make_offers_csv([{"offer_id": "offre-brest", "title": "Stage", "organisation": "Ville de Brest",
                            "city": "Brest", "postcode": "29200"}])
    assert department_choices(open_page(session_state={"uploaded_file": {"name": "x.csv", "data": own}})) == [
        "19", "29", "59"]
    assert department_choices(open_page()) == ["19", "59"]  # the next visitor: no file of theirs


def test_the_offers_status_follows_the_day_though_it_is_computed_once_per_day(monkeypatch):
    """Open or closed is computed once per day for everyone (shell/sidebar.py): a server running past
    midnight must not keep yesterday's answer. On 10 January 2023, 6 bundled offers are still open and
    the open filter is on by default; on the tests' day every deadline is past and it is off."""
    monkeypatch.setenv("STAGES_TODAY", "2023-01-10")
    assert match_count(open_page()) == (6, 27)
    monkeypatch.setenv("STAGES_TODAY", "2026-11-29")
    assert match_count(open_page()) == (27, 27)
    monkeypatch.setenv("STAGES_TODAY", "2023-01-10")
    assert match_count(open_page()) == (6, 27)
