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


def test_a_first_visit_without_a_shortlist_hashes_no_offer():
    # Every new session resolves its link's ?star=: at 100,000 offers, hashing them all took 0.3–2 s.
    def offers_never_read():
        raise AssertionError("a link without ?star= read the offers")
        yield

    assert shortlist.resolve([], offers_never_read()) == ([], 0)
    assert shortlist.resolve(["", "  "], offers_never_read()) == ([], 0)


def test_resolve_stops_at_the_last_offer_the_link_names():
    ids = [f"offer-{i}" for i in range(100)]

    def offers_then_stop():
        yield from ids[:10]
        raise AssertionError("offers read after every short id was found")

    link = [shortlist.short_id(ids[9]), shortlist.short_id(ids[2])]
    assert shortlist.resolve(link, offers_then_stop()) == ([ids[9], ids[2]], 0)


def test_toggle_and_add():
    assert shortlist.toggled(["a", "b"], "c") == ["a", "b", "c"]
    assert shortlist.toggled(["a", "b"], "a") == ["b"]
    assert shortlist.added(["a", "b"], ["b", "c"]) == ["a", "b", "c"]
