"""Quotes kept honest: every passage that ``source`` and ``notes`` quote is in the posting.

A curator who retypes a passage (a colon added, two lines joined) makes the dataset claim a text
the posting does not hold; these tests find such a passage by its row.
"""

import re
from pathlib import Path

import pandas as pd
import pytest

from lib.quotes import line_in, passage_in, quoted_passages, source_places

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
OFFERS = pd.read_csv(ROOT / "data" / "offers.csv", dtype=str, keep_default_na=False).set_index("offer_id")


def seed(name: str) -> str:
    path = SEEDS / name
    assert path.is_file(), f"no seed file named {name!r}"
    return path.read_text(encoding="utf-8")


# --- the convention ------------------------------------------------------------------------------

@pytest.mark.parametrize("notes, expected", [
    ("« Stage de 4 à 6 mois »; « dès que possible »: no start.", ["Stage de 4 à 6 mois", "dès que possible"]),
    ("The text says 'le.la service civique' and “Organisation (City) – Title”.", []),
    ("« la chaire « Participations, Médiation » de l'université »", ["la chaire « Participations, Médiation » "
                                                                      "de l'université"]),
    ("« unclosed quote", ["unclosed quote"]),
    ("« »  and nothing else", []),
    ("", []),
    (None, []),
])
def test_quoted_passages_are_between_guillemets(notes, expected):
    assert quoted_passages(notes) == expected


@pytest.mark.parametrize("passage, text, found", [
    ("Type d'emploi Stage indemnisé", "Type d’emploi Stage indemnisé", True),  # apostrophe style
    ("Type d'emploi : Stage indemnisé", "Type d’emploi Stage indemnisé", False),  # a colon added
    ("Poste à Paris 5e et télétravail", "Poste à Paris 5e\u00a0et télétravail", True),  # no-break space
    ("Si possible, utilisation du véhicule personnel pour les déplacements professionnels",
     "Si possible, utilisation du véhicule personnel pour les déplacements\nprofessionnels", True),  # line break
    ("début 1er février / 1er mars 2023", "début 1er février / 1\ner mars 2023", True),  # break inside a word
    ("Le stage débutera … à partir de janvier 2023",
     "Le stage débutera, en fonction du calendrier, dès\nque possible à partir de janvier 2023.", True),  # a cut
    ("à partir de janvier 2023 … Le stage débutera", "Le stage débutera à partir de janvier 2023", False),  # order
    ("Le stage … janvier 2023", "Le stage" + " x" * 400 + " janvier 2023", False),  # too far apart
    ("OFFRE DE STAGE – Le dialogue territorial", "OFFRE DE STAGE\n\nLe dialogue territorial", False),
    ("…", "anything", False),
])
def test_a_passage_matches_apart_from_apostrophes_and_spacing(passage, text, found):
    assert passage_in(passage, text) is found


def test_a_heading_is_a_whole_line():
    text = "OFFRE DE STAGE\n\nLe dialogue territorial, où en sommes-nous ?\n\nDurée 6 mois"
    assert line_in("Le dialogue territorial, où en sommes-nous ?", text)
    assert not line_in("OFFRE DE STAGE – Le dialogue territorial, où en sommes-nous ?", text)
    assert not line_in("Le dialogue territorial", text)


def test_source_places():
    assert source_places("001_a.txt: Titre – Poste | 002_b.txt: Titre – Poste") == [
        ("001_a.txt", "Titre – Poste"), ("002_b.txt", "Titre – Poste")]
    assert source_places("no file here") == [("", "no file here")]


# --- the bundled dataset -------------------------------------------------------------------------

@pytest.mark.parametrize("offer_id", list(OFFERS.index))
def test_every_quoted_passage_is_in_the_posting(offer_id):
    row = OFFERS.loc[offer_id]
    places = source_places(row["source"])
    assert places and all(name for name, _ in places), f"source must name its seed file: {row['source']!r}"
    texts = [seed(name) for name, _ in places]
    for (name, heading), text in zip(places, texts, strict=True):
        assert line_in(heading, text), f"source: {heading!r} is not a line of {name}"
    for passage in quoted_passages(row["notes"]):
        assert any(passage_in(passage, text) for text in texts), (
            f"notes: « {passage} » is not in {', '.join(name for name, _ in places)}")


def test_notes_quote_the_postings():
    """The convention is in use: most notes quote their posting, and no note still uses the old
    single quotes around a passage (they were ambiguous with apostrophes)."""
    quoted = OFFERS["notes"].map(quoted_passages)
    assert quoted.map(len).sum() >= 100
    assert (quoted.map(len) > 0).mean() > 0.9
    old_style = re.compile(r"(?:^|[\s(])'[^']+'(?=$|[\s:,.;)])")
    for offer_id, notes in OFFERS["notes"].items():
        assert not old_style.search(notes), f"{offer_id}: a passage between single quotes"
