"""The same offer posted twice (``republishes``): counted once, shown twice, each posting naming the other."""

import pandas as pd

from lib.republication import distinct_offers, is_counted_republication, link_republications, republication_text
from shell.data import combine, with_collection

FIRST = "petr-arles-conseil-developpement-2023"
AGAIN = "petr-arles-participation-communication-2023"


def frame(*rows: tuple[str, str | None]) -> pd.DataFrame:
    return pd.DataFrame({"offer_id": [r[0] for r in rows], "republishes": [r[1] for r in rows],
                         "organisation": "PETR du Pays d'Arles", "title": [f"Stage {r[0]}" for r in rows]})


def test_a_pair_counts_once_and_a_lone_republication_counts():
    offers = frame(("a", None), ("b", "a"), ("c", None))
    assert list(distinct_offers(offers)["offer_id"]) == ["a", "c"]
    assert list(is_counted_republication(offers)) == [False, True, False]
    alone = offers[offers["offer_id"] != "a"]  # the first posting filtered out: the second stands for it
    assert list(distinct_offers(alone)["offer_id"]) == ["b", "c"]


def test_a_frame_without_the_column_is_left_as_it_is():
    offers = pd.DataFrame({"offer_id": ["a", "b"]})
    assert distinct_offers(offers) is offers


def test_links_name_the_other_posting_both_ways():
    linked = link_republications(frame(("a", None), ("b", "a"), ("c", "absent-id")))
    assert linked["republication_of"].tolist()[1:] == ["PETR du Pays d'Arles — Stage a", "absent-id"]
    assert pd.isna(linked["republication_of"].iloc[0])
    assert linked["republished_as"].iloc[0] == "PETR du Pays d'Arles — Stage b"
    assert linked["republished_as"].iloc[1:].isna().all()


def test_republication_text_in_both_languages():
    assert republication_text("X — Y", None) == "republie « X — Y »"
    assert republication_text(None, "X — Z", "en") == "posted again: 'X — Z'"
    assert republication_text(pd.NA, pd.NA) == ""


def test_the_bundled_pair_is_linked(prepared_offers):
    offers = prepared_offers.set_index("offer_id")
    assert offers.at[AGAIN, "republication_of"] == "PETR du Pays d'Arles — Stage accompagnement d'un Conseil de " \
                                                   "développement"
    assert offers.at[FIRST, "republished_as"] == "PETR du Pays d'Arles — Stage participation citoyenne et communication"
    assert len(distinct_offers(prepared_offers)) == 26


def test_an_uploaded_or_published_offer_republishing_a_bundled_one_is_linked(prepared_offers):
    other = link_republications(frame(("arles-2024", FIRST)).assign(dataset="uploaded"))
    for combined in (combine(prepared_offers, other)[0].offers, with_collection(prepared_offers, other)[0]):
        offers = combined.set_index("offer_id")
        assert offers.at["arles-2024", "republication_of"].endswith("Conseil de développement")
        assert "Stage arles-2024" in offers.at[FIRST, "republished_as"]
        assert len(distinct_offers(combined)) == 26


def test_an_uploaded_pair_follows_its_renamed_first_posting(prepared_offers):
    """A re-uploaded bundled file: its ids get « -import », and its link follows its own row."""
    uploaded = link_republications(frame((FIRST, None), (AGAIN, FIRST)).assign(dataset="uploaded"))
    result, problem = combine(prepared_offers, uploaded)
    assert problem is None
    combined, renamed = result.offers, result.renamed
    assert f"{FIRST} → {FIRST}-import" in renamed
    again = combined[combined["offer_id"] == f"{AGAIN}-import"].iloc[0]
    assert again["republishes"] == f"{FIRST}-import"
