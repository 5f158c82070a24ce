"""AppTest of the advisor's workbench (issue 14): deadlines' status and the shortlist, as a user
meets them. "Today" is fixed through STAGES_TODAY (tests/conftest.py sets 2026-11-29, when every
bundled deadline is past; some tests set 10 January 2023, when 6 offers are open)."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from lib import shortlist
from shell.widgets import selection_key
from tests.conftest import downloaded, match_count, open_page, table_with_column

NICAYA = "nicaya-consultant-concertation-2023"
COOPAWATT = "coopawatt-concertation-enr-2023"
ANCT = "anct-participation-engagement-citoyen-2022"
TACT = "agence-tact-concertation-2023"
RENNES = "rennes-fabrique-citoyenne-climat-2023"
EARLY_2023 = "2023-01-10"  # 6 bundled offers open, 7 closed, 14 without a deadline


def param(at, key: str) -> list[str]:
    """A query parameter as a list (AppTest keeps a single value as a string)."""
    value = at.query_params[key]
    return value if isinstance(value, list) else [value]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_all_closed_data_keep_every_page_full_and_say_why():
    at = open_page()
    assert not at.exception
    toggle = at.toggle(key="open")
    assert toggle.label == "Offres encore ouvertes"
    assert toggle.value is False and toggle.disabled
    assert match_count(at) == (27, 27)
    said = " ".join(captions(at))
    assert "ne contiennent que des offres clôturées" in said and "utiles pour comparer" in said
    assert ("Aucune des 27 offres des données n'est encore ouverte au 29 novembre 2026 (13 clôturées, 14 sans date "
            "limite)") in said
    statuses = table_with_column(at, "Candidatures")["Candidatures"]
    assert "Clôturée le 15 février 2022" in set(statuses)
    assert "open" not in at.query_params


def test_with_open_offers_the_filter_is_on_by_default_and_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("STAGES_TODAY", EARLY_2023)
    at = open_page()
    assert not at.exception
    assert at.toggle(key="open").value is True
    assert match_count(at) == (6, 27)
    assert any(c == "Au 10 janvier 2023, sur les 27 offres des données : 6 encore ouvertes, 7 clôturées, 14 sans date "
               "limite."
               for c in captions(at))
    statuses = set(table_with_column(at, "Candidatures")["Candidatures"])
    # The deadline of 15 January 2023 is 5 days away; the others (17 February 2023 …) further.
    assert statuses == {"Ouverte — clôture dans 5 jours", "Ouverte"}
    at.toggle(key="open").set_value(False).run()
    assert match_count(at) == (27, 27)
    assert param(at, "open") == ["0"]
    at.switch_page("pages/map.py").run()  # the choice follows the user
    assert at.toggle(key="open").value is False and match_count(at) == (27, 27)


def test_a_link_without_the_open_filter_keeps_it_off(monkeypatch):
    monkeypatch.setenv("STAGES_TODAY", EARLY_2023)
    at = open_page("data.py", query_params={"open": "0"})
    assert at.toggle(key="open").value is False and match_count(at) == (27, 27)


def test_english_status_texts(monkeypatch):
    monkeypatch.setenv("STAGES_TODAY", EARLY_2023)
    at = open_page(query_params={"en": "true"})
    assert at.toggle(key="open").label == "Offers still open"
    assert "Open — closes in 5 days" in set(table_with_column(at, "Applications")["Applications"])


def test_the_compare_page_shows_the_status_row():
    at = open_page("compare.py", query_params={"cmp": [ANCT, NICAYA]})
    rows = list(at.table[0].value.index)
    assert "Candidatures" in rows
    assert "Clôturée le 15 février 2022" in at.table[0].value.loc["Candidatures"].tolist()


def test_star_from_the_map_card_goes_in_the_url_and_compare_this_offer_opens_compare():
    at = open_page("map.py")
    at.selectbox(key="map_pick").set_value(NICAYA).run()
    assert not at.exception
    at.button(key=f"card_star_{NICAYA}").click().run()
    assert at.session_state["shortlist"] == [NICAYA]
    assert param(at, "star") == [shortlist.short_id(NICAYA)]
    assert at.button(key=f"card_star_{NICAYA}").label == "★ Retirer de ma sélection"
    assert "1 offre retenue" in [m.value for m in at.sidebar.markdown]
    at.button(key=f"card_compare_{NICAYA}").click().run()
    assert not at.exception
    assert at.title[0].value == "Comparer"
    assert at.multiselect(key="cmp").value == [NICAYA]
    assert param(at, "star") == [shortlist.short_id(NICAYA)]  # the shortlist follows


def test_a_copied_link_gives_the_shortlist_and_compare_my_shortlist_opens_it():
    link = {"star": shortlist.short_ids([NICAYA, COOPAWATT, ANCT])}
    at = open_page("overview.py", query_params=link)
    assert not at.exception
    assert at.session_state["shortlist"] == [NICAYA, COOPAWATT, ANCT]
    assert "3 offres retenues" in [m.value for m in at.sidebar.markdown]
    at.button(key="shortlist_compare").click().run()
    assert not at.exception
    table = at.table[0].value
    assert len(table.columns) == 3
    assert param(at, "cmp") == [NICAYA, COOPAWATT, ANCT]


def test_beyond_four_the_first_four_are_compared_and_the_sidebar_says_so():
    five = [NICAYA, COOPAWATT, ANCT, TACT, RENNES]
    at = open_page("compare.py", query_params={"star": shortlist.short_ids(five)})
    assert any("4 offres au plus" in c for c in captions(at))
    at.button(key="shortlist_compare").click().run()
    assert at.multiselect(key="cmp").value == five[:4]
    assert len(at.table[0].value.columns) == 4


def test_one_starred_offer_cannot_be_compared_alone():
    at = open_page("overview.py", query_params={"star": [shortlist.short_id(NICAYA), "zzzzzzzz"]})
    assert at.button(key="shortlist_compare").disabled
    said = " ".join(captions(at))
    assert "au moins deux offres" in said and "plus dans les données" in said


def test_star_from_the_compare_page_and_clear():
    at = open_page("compare.py", query_params={"cmp": [NICAYA, COOPAWATT]})
    at.button(key=f"compare_star_{COOPAWATT}").click().run()
    assert at.session_state["shortlist"] == [COOPAWATT]
    at.button(key=f"compare_star_{COOPAWATT}").click().run()  # ★ again takes it out
    assert at.session_state["shortlist"] == []
    assert "star" not in at.query_params


@pytest.mark.parametrize("page, key", [("overview.py", "overview_table"), ("data.py", "data_table")])
def test_star_ticked_table_rows(page, key, prepared_offers):
    at = open_page(page)
    first_two = table_with_column(at, "Structure")["Structure"].tolist()[:2]
    ticked = selection_key(key, prepared_offers["offer_id"].tolist())  # the 27 offers, none filtered out
    at.session_state[ticked] = {"selection": {"rows": [0, 1], "columns": [], "cells": []}}
    at.run()
    at.button(key=f"{key}_star").click().run()
    assert not at.exception
    assert len(at.session_state["shortlist"]) == 2
    table = table_with_column(at, "Structure")
    assert table.loc[table["★"] == "★", "Structure"].tolist() == first_two


def test_ticked_rows_are_let_go_when_the_table_changes(prepared_offers):
    # Ticked rows are row numbers: once a filter changes the table, they would name other offers.
    at = open_page("data.py")
    at.session_state[selection_key("data_table", prepared_offers["offer_id"].tolist())] = {
        "selection": {"rows": [0, 1], "columns": [], "cells": []}}
    at.run()
    assert at.button(key="data_table_star").label.endswith("(2)")
    at.multiselect(key="org").set_value(["association"]).run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "data_table_star"]  # nothing ticked: the hint instead


def test_the_compare_page_downloads_the_pdf_of_this_view(media_managers):
    at = open_page("compare.py", query_params={"cmp": [NICAYA, COOPAWATT], "org": ["consultancy", "scop"]})
    assert not at.exception
    data = downloaded(at, media_managers, "compare_pdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    assert "Édité le 29 novembre 2026" in text
    assert "Type de structure : Cabinet de conseil, SCOP / coopérative" in text
    compact = text.replace(" ", "")
    assert "cmp=nicaya-consultant-concertation-2023&cmp=coopawatt-concertation-enr-2023" in compact
    assert "org=consultancy&org=scop" in compact


# --- « À moins de N km de… » -------------------------------------------------------------------

def test_within_km_of_a_town_on_every_page_nearest_first():
    at = open_page(query_params={"near": "Lyon", "km": "300"})
    assert not at.exception
    # Lyon (Planète Publique), Francheville (CoopaWatt), Arles (PETR, two offers), Aix-en-Provence (Nicaya).
    assert match_count(at) == (5, 27)
    table = table_with_column(at, "Distance (km)")
    assert table["Structure"].tolist()[:2] == ["Planète Publique (Planète Citoyenne)", "CoopaWatt SCOP"]
    assert table["Distance (km)"].is_monotonic_increasing  # nearest first, a number the column sorts by
    assert table["Distance (km)"].max() < 300
    at.select_slider(key="km").set_value(20).run()
    assert match_count(at) == (2, 27)
    assert param(at, "near") == ["Lyon"] and param(at, "km") == ["20"]
    at.switch_page("pages/data.py").run()  # the filter follows the user
    assert match_count(at) == (2, 27) and "Distance (km)" in table_with_column(at, "Structure").columns


def test_a_postcode_and_namesakes_to_choose_from():
    at = open_page("map.py", query_params={"near": "Saint-Denis", "km": "20"})
    choice = at.selectbox(key="near_commune")
    assert len(choice.options) == 4  # Seine-Saint-Denis, La Réunion, Aude, Gard
    assert choice.value == "93066"  # metropolitan France's first: Plaine Commune, and Paris within 20 km
    assert match_count(at)[0] > 0
    choice.set_value("97411").run()  # Saint-Denis (974): no offer within 20 km
    assert match_count(at)[0] == 0
    assert param(at, "near_commune") == ["97411"]
    at = open_page("compare.py", query_params={"near": "69003", "cmp": [NICAYA, COOPAWATT]})
    rows = at.table[0].value
    distance = next(name for name in rows.index if name.startswith("Distance depuis Lyon 3e"))
    assert rows.loc[distance].tolist() == ["250 km", "9 km"]


def test_an_approximately_placed_offer_says_so_next_to_its_distance(offers_file):
    from tests.conftest import VALID_ROW
    offers_file([VALID_ROW, {**VALID_ROW, "offer_id": "test-gironde-2024", "city": "Hameau inconnu", "postcode": "",
                             "department_code": "33", "organisation": "Département test"}])
    at = open_page("map.py", query_params={"near": "Lyon", "km": "500"})
    at.selectbox(key="map_pick").set_value("test-gironde-2024").run()
    card = " ".join(m.value for m in at.main.markdown)
    assert re.search(r"\*\*Distance\*\*\s: ≈ 4\d\d km \\\(lieu approximatif\\\)", card), card


# --- the student's budget ----------------------------------------------------------------------

def test_the_budget_adds_rows_stays_out_of_the_url_and_reaches_the_pdf_only_when_ticked(media_managers):
    at = open_page("compare.py", query_params={"cmp": [NICAYA, COOPAWATT]})
    before = dict(at.query_params)
    at.number_input(key="budget_rent").set_value(450.0)
    at.number_input(key="budget_transport").set_value(40.0).run()
    assert not at.exception
    table = at.table[0].value
    assert table.loc["Reste à vivre par mois"].tolist() == ["830\u00a0€", "300\u00a0€"]
    assert any(name.startswith("Prise en charge du transport") for name in table.index)
    assert any("L124\\-13" in c and "L242\\-4\\-1" in c for c in captions(at))
    assert dict(at.query_params) == before  # personal figures never in the link
    assert "450" not in " ".join(" ".join(v) if isinstance(v, list) else v for v in at.query_params.values())
    text = pdf_text(downloaded(at, media_managers, "compare_pdf"))
    assert "Reste à vivre" not in text and "450" not in text
    assert pdf_label(at) == "Télécharger la comparaison (PDF A4)"
    at.checkbox(key="budget_in_pdf").check().run()
    # The button says what the PDF now holds.
    assert pdf_label(at) == "Télécharger la comparaison et mon budget (PDF A4)"
    text = pdf_text(downloaded(at, media_managers, "compare_pdf"))
    assert "Reste à vivre par mois 830 € 300 €" in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "L124-13" in text and "L242-4-1" in text


def test_one_rent_per_town():
    at = open_page("compare.py", query_params={"cmp": [NICAYA, COOPAWATT], "en": "true"})
    at.toggle(key="budget_each").set_value(True).run()
    labels = [n.label for n in at.number_input if n.key and n.key.startswith("budget_rent_")]
    assert labels == ["Rent in Aix\\-en\\-Provence \\(13\\) (€/month)", "Rent in Francheville \\(69\\) (€/month)"]
    at.number_input(key=f"budget_rent_{NICAYA}").set_value(900.0)
    at.number_input(key=f"budget_rent_{COOPAWATT}").set_value(500.0).run()
    assert at.table[0].value.loc["Left to live on per month"].tolist() == ["€400", "€270"]


def pdf_label(at) -> str:
    return next(b.proto.label for b in at.get("download_button") if b.proto.id.endswith("compare_pdf"))


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages)
