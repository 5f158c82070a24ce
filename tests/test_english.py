"""English, all of it, and numbers and dates written the same way everywhere (issue 11).

What stays French in English is the offers' own data (titles, organisations, sources) and the
French region names, which are proper nouns; everything the dashboard writes follows the language."""

from __future__ import annotations

import json

import pytest

from lib import formatting as fmt
from lib.i18n import tn
from shell.navigation import PAGES
from tests.conftest import count_line, open_page, shown, table_with_column
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


# --- what a new user found still French, truncated or mouse-only in English ------------------------

def test_the_add_offer_page_names_the_pasted_text_and_the_duplicates_reasons_in_english():
    from pathlib import Path

    petr = (Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "002_f2157a598d1d4ca7.txt")
    at = open_page("add_offer.py", query_params=ENGLISH)
    at.text_area(key="add_offer_text").input(petr.read_text(encoding="utf-8")).run()
    at.button(key="add_offer_propose").click().run()
    assert not at.exception
    shown_texts = [e.value for kind in ("caption", "text", "warning", "info") for e in at.get(kind)
                   if isinstance(getattr(e, "value", None), str)]
    assert any(shown(text).startswith("Proposals read from 'pasted text': ") for text in shown_texts), shown_texts
    assert not any("texte collé" in text for text in shown_texts)
    duplicates = [e.value for e in at.text]  # one line per offer it may repeat, with why
    assert duplicates and all("same organisation" in line for line in duplicates), duplicates
    assert not any(word in line for line in duplicates for word in ("même", "proche", "autre", "intitulé"))
    summary = table_with_column(at, "Possible duplicate")
    assert "same organisation" in summary["Possible duplicate"].iloc[0]


def test_no_category_label_is_cut_short_or_left_in_french():
    from lib import categories as cat

    labels = {name: value for name, value in vars(cat).items() if name.isupper() and isinstance(value, dict)
              and all(isinstance(v, tuple) and len(v) == 2 for v in value.values())}
    assert cat.label(cat.PERKS, "hiring_possible", "en") == "Possible hiring after the internship"
    dangling = ("after", "before", "of", "the", "to", "for", "with", "and", "or", "a", "at", "in", "on")
    french_words = {"de", "du", "des", "le", "la", "les", "et", "ou", "pris", "charge", "non", "par", "sur"}
    for name, table in labels.items():
        for code, (french, english) in table.items():
            if name == "REGION_OTHERS":
                continue  # a region's French name is a proper noun, kept in English (« Abroad » aside)
            for text in (french, english):
                assert text.split()[-1].lower() not in dangling, (name, code, text)
                assert text.count("(") == text.count(")"), (name, code, text)
            words = {w.lower() for w in english.replace("/", " ").split()}
            assert not words & french_words, (name, code, english)
            assert not any(c in english for c in "éèêàçôîû"), (name, code, english)


def test_region_choices_in_english_are_alphabetical_with_abroad_last():
    at = open_page(query_params=ENGLISH)
    options = list(at.multiselect(key="region").options)
    assert options == ["Auvergne-Rhône-Alpes", "Bretagne", "Île-de-France", "Nouvelle-Aquitaine",
                       "Pays de la Loire", "Provence-Alpes-Côte d'Azur", "Abroad"]


@pytest.mark.parametrize("lang, touch", [("fr", "touchez"), ("en", "tap")])
def test_the_overview_tells_touch_screen_users_how_to_see_a_points_details(lang, touch):
    at = open_page(query_params=ENGLISH if lang == "en" else {})
    intro = next(c.value for c in at.caption if "lasso" in c.value)
    assert touch in intro and ("survolez" in intro if lang == "fr" else "hover" in intro)


def test_uploading_again_a_file_already_there_says_why_nothing_was_added_in_english(media_managers):
    from tests.conftest import downloaded

    data = downloaded(open_page("data.py", query_params={"org": ["scop"], **ENGLISH}), media_managers, "download")
    at = open_page("data.py", query_params=ENGLISH,
                   session_state={"uploaded_file": {"name": "offres-stages.csv", "data": data}})
    assert not at.exception
    assert not [s.value for s in at.success]  # nothing was added: no green « 0 offers added »
    assert any("Nothing was added from 'offres-stages.csv'" in shown(i.value) and "already in the dashboard" in i.value
               for i in at.info), [i.value for i in at.info]


def test_english_texts_quote_with_english_marks():
    """An English sentence names a button or a file between “ ”, not French guillemets (« Read the offers »
    read as a leftover of the French text). Quotes of French wording are the one exception."""
    from lib.i18n import COLLECTION_TEXTS, TEXTS, WORKBENCH_TEXTS

    french_quoted = []
    for table in (TEXTS, COLLECTION_TEXTS, WORKBENCH_TEXTS):
        for key, value in table.items():
            english = value[1] if isinstance(value, tuple) else None
            english = " ".join(english.values()) if isinstance(english, dict) else english
            if isinstance(english, str) and "«" in english and "gratification" not in english:
                french_quoted.append((key, english))
    assert not french_quoted
