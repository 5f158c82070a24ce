"""The shortlist's short ids: stable, short, URL-safe, and read back whatever the data became."""

from __future__ import annotations

import re

from lib import shortlist


def test_short_ids_are_short_stable_and_distinct_on_the_bundled_offers(prepared_offers):
    ids = prepared_offers["offer_id"].tolist()
    shorts = shortlist.short_ids(ids)
    assert all(re.fullmatch(r"[a-z2-7]{8}", s) for s in shorts)
    assert len(set(shorts)) == len(ids)
    assert shortlist.short_id("nicaya-consultant-concertation-2023") == shorts[ids.index(
        "nicaya-consultant-concertation-2023")]


def test_resolve_keeps_the_links_order_and_counts_the_unknown_ids(prepared_offers):
    ids = prepared_offers["offer_id"].tolist()
    link = [shortlist.short_id(ids[3]), "zzzzzzzz", shortlist.short_id(ids[0]), shortlist.short_id(ids[3]).upper()]
    assert shortlist.resolve(link, ids) == ([ids[3], ids[0]], 1)


def test_resolve_cuts_a_very_long_list():
    ids = [f"offer-{i}" for i in range(200)]
    found, missing = shortlist.resolve(shortlist.short_ids(ids), ids)
    assert found == ids[:shortlist.MAX_SHORTLIST] and missing == 0


def test_toggle_and_add():
    assert shortlist.toggled(["a", "b"], "c") == ["a", "b", "c"]
    assert shortlist.toggled(["a", "b"], "a") == ["b"]
    assert shortlist.added(["a", "b"], ["b", "c"]) == ["a", "b", "c"]
