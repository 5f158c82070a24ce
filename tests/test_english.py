"""English, all of it, and numbers and dates written the same way everywhere (issue 11).

What stays French in English is the offers' own data (titles, organisations, sources) and the
French region names, which are proper nouns; everything the dashboard writes follows the language."""

from __future__ import annotations

import json

import pytest

from lib import formatting as fmt
from lib.i18n import tn
from shell.navigation import PAGES
from tests.conftest import count_line, open_page, table_with_column
from tests.test_app_pages import comparison

ENGLISH = {"en": "true"}
# Words of the dashboard's French that must not appear in an English page's own texts.
FRENCH_MARKERS = ("offre", "Gratification", "Non précis", "Étranger", "mois", "Début", "Légende", "Annonce",
                  "ouvrir", "\u00a0:", " : ")
PAGES_WITH_FILTERS = [file for file, _title, _icon in PAGES if file not in ("add_offer.py", "collection.py")]


def written_texts(at) -> list[str]:
    """The texts the dashboard writes on the page (markdown, captions, messages, labels, metrics)."""
    texts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header",
                                  "subheader") for e in getattr(at, kind)]
    texts += [w.label for kind in ("multiselect", "select_slider", "text_input", "button", "toggle", "selectbox")
              for w in getattr(at, kind)]
    texts += [m.label for m in at.metric] + [m.value for m in at.metric]
    return texts


@pytest.mark.parametrize("page", PAGES_WITH_FILTERS)
def test_an_english_page_writes_no_french(page):
    at = open_page(page, query_params=ENGLISH)
    assert not at.exception
    dictionary = [t for t in written_texts(at) if "data dictionary" in t.lower()]
    for text in written_texts(at):
        if text in dictionary:
            continue  # the dictionary quotes French phrasings of the postings (« gratification légale »)
        assert not any(marker in text for marker in FRENCH_MARKERS), text


def test_the_offers_table_in_english():
    at = open_page(query_params=ENGLISH)
    table = table_with_column(at, "Stipend")
    stipends = set(table["Stipend"])
    assert {"Legal minimum", "Not stated", fmt.euros(1300, "en") + " per month"} <= stipends
    assert "€1,300 per month" in stipends
    assert not {"Gratification légale", "Non précisée"} & stipends
    assert all(header for header in table.columns)  # every column has a header
    assert "Where the amount comes from" in table.columns
    assert set(table["Duration"]) >= {"6 months", "4 to 6 months"}


def test_the_data_dictionary_follows_the_language():
    french = open_page("data.py")
    english = open_page("data.py", query_params=ENGLISH)
    assert any("dictionnaire des données" in m.value for m in french.markdown)
    assert not any("data dictionary" in m.value for m in french.markdown)
    assert any("data dictionary" in m.value for m in english.markdown)
    sources = table_with_column(english, "Source")
    assert list(sources.columns) == ["Id", "Source", "Curation notes"]


def test_region_chart_in_english():
    at = open_page(query_params=ENGLISH)
    regions = json.loads(at.get("plotly_chart")[2].proto.spec)["data"][0]["y"]
    assert "Abroad" in regions and "Étranger" not in regions  # UQAR, Rimouski (Québec)


def test_plural_counts_in_both_languages():
    french = open_page(query_params={"q": "nicaya"})
    assert count_line(french) == "**1** offre sur 27 correspond aux filtres"
    english = open_page(query_params={"q": "nicaya", **ENGLISH})
    assert count_line(english) == "**1** of 27 offers match the filters"
    assert tn("not_plotted", 1, "fr") == ("1 offre sans gratification ou sans durée connue ne figure pas sur ce "
                                          "graphique.")
    assert tn("selected_points", 0, "fr") == "0 offre sélectionnée sur le graphique."
    assert tn("selected_points", 2, "en") == "2 offers selected on the chart."


@pytest.mark.parametrize("lang, january, suffix, prefix", [("fr", "janv. 2022", "\u00a0€", ""),
                                                          ("en", "Jan 2022", "", "€")])
def test_chart_axes_write_numbers_and_months_like_babel(lang, january, suffix, prefix):
    at = open_page(query_params={"en": "true"} if lang == "en" else {})
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    stipend_axis = specs[0]["layout"]["yaxis"]
    assert (stipend_axis.get("ticksuffix", ""), stipend_axis.get("tickprefix", "")) == (suffix, prefix)
    assert stipend_axis["separatethousands"] is True  # « 1 000 € », not « 1000 € »
    start_axis = specs[3]["layout"]["xaxis"]
    assert start_axis["ticktext"][0] == january.replace(" ", "<br>", 1)  # month over year, to fit a phone
    assert "tickformat" not in start_axis  # no « 01/2022 »
    hovers = [trace["hovertemplate"] for trace in specs[3]["data"]]
    assert all("%m/%Y" not in h for h in hovers)
    assert fmt.month(start_axis["tickvals"][0][:7], lang).lower().startswith(january[:3].lower())


def test_compare_in_english_has_english_stipend_texts():
    # Ifrée: « gratification légale », 2023 (Agence TACT's posting, undated, has no year to value it at).
    at = open_page("compare.py", query_params={"cmp": ["nicaya-consultant-concertation-2023",
                                                       "ifree-biodiversite-quartiers-prioritaires-2023"], **ENGLISH})
    assert not at.exception
    table, _highlighted = comparison(at)
    assert table.loc["Stipend"].tolist() == ["€1,300 per month", "Legal minimum"]
    assert table.loc["Gross monthly stipend"].tolist()[1] == "€614 (estimated at the legal minimum)"
