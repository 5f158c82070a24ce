"""Pages under AppTest with hostile texts where they read Markdown: the compare page's city from a shared
URL, the data page's messages about an uploaded file (its name, its header), the sidebar's message about
an unreadable data file, the offer card. Each text must reach Streamlit escaped (lib/escaping.markdown_text)
and read back as written; what the browser then makes of it is checked in tests/browser/test_hostile_texts.py.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from lib.escaping import markdown_text
from lib.i18n import colon
from tests.conftest import APPTEST_TIMEOUT, HEADER, VALID_ROW, open_page, shown
from tests.payloads import PAYLOADS, payload_offers_csv

# Markdown that would fetch, link, colour, typeset or draw once rendered; none may reach a page as is.
LIVE = ["![x](", "](https://", ":red[", "$x^2$", ":smile:", ":streamlit:", "https://evil", "<img"]
HOSTILE_NAME = "![x](https://evil.example/f.png) [Postuler](https://evil.example/p) :red[x] $x^2$.csv"
HOSTILE_COLUMN = "![x](https://evil.example/h.png)"


def unescaped(markdown: str) -> str:
    """The Markdown a renderer would act on: backslash-escaped characters taken out."""
    return re.sub(r"\\[!-/:-@\[-`{-~]", "", markdown)


def assert_escaped(markdown: str, text: str) -> None:
    """``markdown`` shows ``text`` as written and holds none of its live Markdown."""
    assert markdown_text(text) in markdown
    assert text in shown(markdown)
    for live in LIVE:
        assert live not in unescaped(markdown), live


@pytest.mark.parametrize("city", [
    "![x](https://evil.example/f.png) [Postuler ici](https://evil.example/phish)",
    ":red[rouge] $x^2$ :smile: :streamlit: <img src=x onerror=alert(1)>",
])
def test_compare_city_from_a_shared_link_is_shown_as_text(city):
    at = open_page("compare.py", query_params={"cmp": ["nicaya-consultant-concertation-2023",
                                                      "coopawatt-concertation-enr-2023"], "from": city})
    assert not at.exception
    assert len(at.warning) == 1
    assert_escaped(at.warning[0].value, city)


def test_uploaded_file_name_is_shown_as_text(make_offers_csv):
    at = open_page("data.py", session_state={"uploaded_file": {"name": HOSTILE_NAME, "data": make_offers_csv([{}])}})
    assert not at.exception
    assert len(at.success) == 1
    assert_escaped(at.success[0].value, HOSTILE_NAME)


def test_unreadable_upload_quotes_its_header_as_text():
    data = (",".join([*HEADER, HOSTILE_COLUMN, HOSTILE_COLUMN]) + "\n").encode()
    at = open_page("data.py", session_state={"uploaded_file": {"name": "x.csv", "data": data}})
    assert not at.exception
    assert len(at.error) == 1
    assert "deux fois" in at.error[0].value
    assert_escaped(at.error[0].value, HOSTILE_COLUMN)


def test_unreadable_data_file_is_named_as_text(tmp_path, monkeypatch):
    path = tmp_path / "![x](https:evil.example) :red[x].csv"
    path.write_text(",".join([*HEADER, HOSTILE_COLUMN, HOSTILE_COLUMN]) + "\n", encoding="utf-8")
    monkeypatch.setenv("OFFERS_CSV", str(path))
    at = open_page()
    assert not at.exception
    assert len(at.error) == 1
    assert_escaped(at.error[0].value, path.name)
    assert_escaped(at.error[0].value, HOSTILE_COLUMN)


def _card_script() -> None:
    import streamlit as st

    from lib.offers import prepare_offers
    from lib.validation import load_offers
    from shell.widgets import offer_card

    offers = prepare_offers(load_offers(st.session_state["data"]).offers, "uploaded")
    for _, offer in offers.iterrows():
        offer_card(offer, "fr")


def test_offer_card_shows_every_text_of_the_offer_as_written():
    at = AppTest.from_function(_card_script, default_timeout=APPTEST_TIMEOUT)
    at.session_state["data"] = payload_offers_csv(HEADER, VALID_ROW)
    at.run()
    assert not at.exception
    assert len(at.subheader) == len(PAYLOADS)
    for (_name, text), heading in zip(PAYLOADS, at.subheader, strict=True):
        assert heading.value == markdown_text(text)
    card_texts = [m.value for m in at.markdown]
    for _name, text in PAYLOADS:
        organisation_line, conditions = (m for m in card_texts if markdown_text(text) in m)
        assert shown(organisation_line).startswith(f"**{text}** · ")
        assert f"**Lieu**{colon('fr')}{text}" in shown(conditions)
    for markdown in card_texts:
        for live in LIVE:
            assert live not in unescaped(markdown), (live, markdown)
