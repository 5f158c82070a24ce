"""AppTest of every page: what a user sees and can do, on the 27 bundled offers.

Expected values come from the seed postings (../shared/seeds/) as recorded in data/offers.csv:
e.g. the two SCOPs are « Médiation & Environnement … sous forme de société coopérative (SCOP) » and
« Coopawatt Scop »; the nine local authorities are the communes of La Montagne and Mérignac, the
11th arrondissement's town hall of Paris (three civic services), the PETR du Pays d'Arles (two
offers), Plaine Commune (« intercommunalité ») and « Collectivité Rennes Métropole et Ville de Rennes ».

URL form (shell/url_state.py): a multiselect is written as its codes, one repeated parameter each —
``?org=scop&org=local_authority`` — whatever the language, and a range slider as two repeated
numbers — ``?stipend=700&stipend=1000``. A value that is not a known code (``?org=SCOP``) is ignored
and the widget keeps its default.
"""

from __future__ import annotations

import base64
import io
import json
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib import categories as cat
from lib import formatting as fmt
from lib import maps
from shell.navigation import PAGES
from tests.conftest import (
    PAGES_DIR,
    ROOT,
    count_line,
    downloaded,
    match_count,
    open_page,
    shown,
    table_with_column,
    titles,
)
from tests.test_maps import drawn_markers

SCOP = {"CoopaWatt SCOP", "Médiation & Environnement"}
LOCAL_AUTHORITIES = {
    "Ville de La Montagne",
    "Mairie de Mérignac",
    "Mairie du 11e arrondissement (Ville de Paris)",
    "PETR du Pays d'Arles",
    "Plaine Commune – mission démocratie locale",
    "Rennes Ville et Métropole – Service participation citoyenne",
}
SCOP_URL = "scop"  # codes, in any language
LOCAL_AUTHORITY_URL = "local_authority"

NICAYA = "nicaya-consultant-concertation-2023"
COOPAWATT = "coopawatt-concertation-enr-2023"
# The compare page writes each offer in the URL as its offer_id.
NICAYA_URL = NICAYA
COOPAWATT_URL = COOPAWATT

PAGE_TITLES = {
    "overview.py": ("Stages en participation citoyenne", "Internships in citizen participation"),
    "map.py": ("Carte", "Map"),
    "compare.py": ("Comparer", "Compare"),
    "data.py": ("Données", "Data"),
    "add_offer.py": ("Ajouter une offre", "Add an offer"),
    "collection.py": ("Collection", "Collection"),
}
PAGES_WITHOUT_FILTERS = ("add_offer.py", "collection.py")
PAGE_FILES = [file for file, _title, _icon in PAGES if (PAGES_DIR / file).exists()]


def organisations(at) -> list[str]:
    return table_with_column(at, "Structure")["Structure"].tolist()


# --- every page runs --------------------------------------------------------------------------

def test_every_registered_page_exists():
    missing = [file for file, _title, _icon in PAGES if not (PAGES_DIR / file).exists()]
    assert not missing, f"shell/navigation.PAGES names missing files: {missing}"


def test_entry_point_opens_on_the_overview_with_every_offer():
    at = open_page()
    assert not at.exception
    assert titles(at) == ["Stages en participation citoyenne"]
    assert match_count(at) == (27, 27)
    assert count_line(at) == "**27** offres sur 27 correspondent aux filtres"
    assert len(table_with_column(at, "Structure")) == 27
    links = [link.proto.label for link in at.get("page_link")]
    assert links == ["Vue d'ensemble", "Carte", "Comparer", "Données", "Ajouter une offre", "Collection"]


@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_runs_through_the_entry_point(page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert titles(at)[0] == PAGE_TITLES[page][0]
    if page not in PAGES_WITHOUT_FILTERS:
        assert match_count(at) == (27, 27)
        assert {w.key for w in at.sidebar.multiselect} >= {"org", "contract", "region", "dept", "remote", "licence",
                                                           "theme"}
        assert at.select_slider(key="stipend").value == (550.0, 1300.0)


@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_file_runs_on_its_own(page):
    # What AppTest runs on a rerun (the pages/ folder mode, see STYLE.md): the page alone must work.
    at = AppTest.from_file(str(PAGES_DIR / page), default_timeout=60).run()
    assert not at.exception, at.exception
    assert titles(at)[0] == PAGE_TITLES[page][0]


# --- the organisation-type filter ------------------------------------------------------------

def test_organisation_type_filter_changes_the_count_and_the_table():
    at = open_page()
    at.multiselect(key="org").set_value(["scop"]).run()
    assert match_count(at) == (2, 27)
    assert set(organisations(at)) == SCOP
    assert at.metric[0].value == "2"

    at.multiselect(key="org").set_value(["local_authority"]).run()
    assert match_count(at) == (9, 27)
    table = table_with_column(at, "Structure")
    assert set(table["Structure"]) == LOCAL_AUTHORITIES
    assert set(table["Type de structure"]) == {"Collectivité territoriale"}

    at.multiselect(key="org").set_value(["scop", "local_authority"]).run()
    assert match_count(at) == (11, 27)


def test_reset_button_clears_the_filters_and_the_url():
    at = open_page(query_params={"org": [SCOP_URL], "q": "concertation", "stipend": ["700", "1000"]})
    assert match_count(at) == (2, 27)  # CoopaWatt 770 €, Médiation & Environnement 800 €
    at.button(key="reset").click().run()
    assert match_count(at) == (27, 27)
    assert at.multiselect(key="org").value == []
    assert at.text_input(key="q").value == ""
    assert at.select_slider(key="stipend").value == (550.0, 1300.0)
    assert not {"org", "q", "stipend"} & set(at.query_params)


# --- a query string reproduces a view ----------------------------------------------------------

def test_query_string_org_gives_the_same_view_as_the_widget():
    chosen = open_page()
    chosen.multiselect(key="org").set_value(["scop", "local_authority"]).run()

    linked = open_page(query_params={"org": [SCOP_URL, LOCAL_AUTHORITY_URL]})
    assert not linked.exception
    assert linked.multiselect(key="org").value == ["scop", "local_authority"]
    assert match_count(linked) == match_count(chosen) == (11, 27)
    assert organisations(linked) == organisations(chosen)
    # The URL keeps the parameters it was opened with.
    assert linked.query_params["org"] == [SCOP_URL, LOCAL_AUTHORITY_URL]


def test_query_string_with_a_label_instead_of_a_code_is_ignored():
    at = open_page(query_params={"org": "SCOP / coopérative"})
    assert not at.exception
    assert at.multiselect(key="org").value == []
    assert match_count(at) == (27, 27)


def test_link_opened_in_the_other_language_keeps_its_filter():
    # Codes in the URL do not depend on the language: ticking « English » keeps the view.
    at = open_page(query_params={"en": "true", "org": [SCOP_URL]})
    assert match_count(at) == (2, 27)


def test_query_string_stipend_range_gives_the_same_view_as_the_slider():
    # Stated monthly amounts between 700 and 1 000 €: CoopaWatt « 770 euros/mois »,
    # Médiation & Environnement « 800€ brut », Planète Publique « 900 € bruts par mois ».
    chosen = open_page()
    chosen.select_slider(key="stipend").set_range(700.0, 1000.0).run()
    linked = open_page(query_params={"stipend": ["700", "1000"]})
    assert linked.select_slider(key="stipend").value == (700.0, 1000.0)
    assert match_count(linked) == match_count(chosen) == (3, 27)
    expected = {"CoopaWatt SCOP", "Médiation & Environnement", "Planète Publique (Planète Citoyenne)"}
    assert set(organisations(linked)) == set(organisations(chosen)) == expected
    # A narrowed range says it leaves out offers whose stipend is unknown.
    assert any("écarte les offres dont la valeur est inconnue" in c.value for c in linked.sidebar.caption)


def test_query_string_search_gives_the_same_view_as_the_search_box():
    # « démocratie » in the title or organisation: Démocratie Ouverte, La Montagne, Mérignac,
    # Plaine Commune, Vox Operatio; typed without its accent.
    chosen = open_page()
    chosen.text_input(key="q").input("democratie").run()
    linked = open_page(query_params={"q": "democratie"})
    assert linked.text_input(key="q").value == "democratie"
    assert match_count(linked) == match_count(chosen) == (5, 27)
    assert set(organisations(linked)) == {"Démocratie Ouverte", "Ville de La Montagne", "Mairie de Mérignac",
                                          "Plaine Commune – mission démocratie locale", "Vox Operatio"}


def test_query_string_combines_filters_on_another_page():
    at = open_page("map.py", query_params={"q": "concertation", "stipend": ["700", "1000"]})
    assert not at.exception
    assert titles(at) == ["Carte"]
    assert match_count(at) == (3, 27)


# --- filters survive a page switch ------------------------------------------------------------

def settle(at):
    """AppTest only: the first run after ``switch_page`` drops query parameters bound on the previous
    page (AppTest re-detects the pages/ folder mode, see STYLE.md), so it shows the defaults; the next
    run shows what the server shows at once (checked in Chromium: the link's URL keeps the filter)."""
    return at.run()


def test_filters_persist_across_page_switches():
    at = open_page()
    at.multiselect(key="org").set_value(["scop"]).run()
    assert match_count(at) == (2, 27)

    at.switch_page(str(PAGES_DIR / "map.py")).run()
    assert not at.exception
    assert titles(at) == ["Carte"]
    settle(at)
    assert match_count(at) == (2, 27)
    assert at.multiselect(key="org").value == ["scop"]
    assert at.query_params["org"] == SCOP_URL  # what the page links carry

    # Change it again on the map, then go to the data page.
    at.multiselect(key="org").set_value(["scop", "local_authority"]).run()
    assert match_count(at) == (11, 27)
    at.switch_page(str(PAGES_DIR / "data.py")).run()
    settle(at)
    assert titles(at) == ["Données"]
    assert match_count(at) == (11, 27)
    assert len(table_with_column(at, "Structure")) == 11


def test_a_link_to_another_page_with_the_same_url_keeps_the_count():
    overview = open_page(query_params={"org": [SCOP_URL]})
    for page in ("map.py", "compare.py", "data.py"):
        at = open_page(page, query_params=dict(overview.query_params))
        assert match_count(at) == match_count(overview) == (2, 27), page


# --- compare ----------------------------------------------------------------------------------

def unescaped(text: str) -> str:
    """A Markdown-escaped text (st.table's cells) as the reader sees it."""
    return shown(text)


def comparison(at) -> tuple[pd.DataFrame, set[tuple[int, int]]]:
    """The comparison table as read and the (row, column) positions of its highlighted cells: a static
    table (st.table), whose columns share a phone's width, with its row-header column named."""
    assert not at.dataframe
    frame = at.table[0]
    assert frame.value.index.name == "Condition"  # an empty header cell is an axe violation
    styler = frame.proto.arrow_data.styler
    highlighted = set()
    for rule in re.findall(r"([^{}]+)\{([^}]*)\}", styler.styles):
        if "background-color" in rule[1]:
            highlighted |= {(int(r), int(c)) for r, c in re.findall(r"_row(\d+)_col(\d+)", rule[0])}
    table = frame.value.map(unescaped)
    table.index, table.columns = table.index.map(unescaped), table.columns.map(unescaped)
    return table, highlighted


def column_of(table: pd.DataFrame, organisation: str) -> int:
    return list(table.loc["Structure"]).index(organisation)


def check_nicaya_against_coopawatt(at):
    assert not at.exception, at.exception
    table, highlighted = comparison(at)
    assert table.shape[1] == 2
    nicaya, coopawatt = column_of(table, "Nicaya Conseil"), column_of(table, "CoopaWatt SCOP")
    monthly = list(table.index).index("Gratification mensuelle brute")
    # « 1 300 € brut mensuel » against « 770 euros/mois »: Nicaya's cell is highlighted.
    assert table.iloc[monthly, nicaya] == fmt.euros(1300)
    assert table.iloc[monthly, coopawatt] == fmt.euros(770)
    assert (monthly, nicaya) in highlighted
    assert (monthly, coopawatt) not in highlighted
    # Six months each: 7 800 € against 4 620 €.
    total = list(table.index).index("Total sur la durée")
    assert table.iloc[total, nicaya] == fmt.euros(7800)
    assert table.iloc[total, coopawatt] == fmt.euros(4620)
    assert (total, nicaya) in highlighted
    return table, highlighted, nicaya, coopawatt


def test_compare_offers_chosen_in_the_widget():
    at = open_page("compare.py")
    assert any("au moins deux" in i.value for i in at.info)
    at.multiselect(key="cmp").set_value([NICAYA, COOPAWATT]).run()
    check_nicaya_against_coopawatt(at)


def test_compare_offers_and_city_from_the_url():
    at = open_page("compare.py", query_params={"cmp": [NICAYA_URL, COOPAWATT_URL], "from": "Lyon"})
    assert at.multiselect(key="cmp").value == [NICAYA, COOPAWATT]
    table, highlighted, nicaya, coopawatt = check_nicaya_against_coopawatt(at)
    distance = list(table.index).index("Distance depuis Lyon")
    km = {col: int(table.iloc[distance, col].removesuffix(" km").replace("\u202f", "")) for col in (nicaya, coopawatt)}
    assert km[coopawatt] < 15  # Francheville borders Lyon
    assert 240 <= km[nicaya] <= 280  # Lyon – Aix-en-Provence as the crow flies
    assert (distance, coopawatt) in highlighted
    assert any("depuis Lyon" in c.value for c in at.caption)


def test_compare_city_typed_in_the_widget_adds_a_distance_row():
    at = open_page("compare.py", query_params={"cmp": [NICAYA_URL, COOPAWATT_URL]})
    assert "Distance depuis Lyon" not in comparison(at)[0].index
    at.text_input(key="from").input("Lyon").run()
    assert "Distance depuis Lyon" in comparison(at)[0].index


def test_compare_two_offers_of_the_same_organisation():
    # The 11th arrondissement's two civic services share organisation and the start of their title.
    at = open_page("compare.py")
    at.multiselect(key="cmp").set_value(["paris-11-communication-service-civique-2023",
                                         "paris-11-developpement-vie-citoyenne-2023"]).run()
    assert not at.exception, at.exception
    table, highlighted = comparison(at)
    assert table.shape[1] == 2
    assert table.columns.is_unique
    # Net allowances, said so; two allowances are alike, so the higher one is marked (never against a stipend).
    net = " (indemnité nette de service civique)"
    assert set(table.loc["Gratification mensuelle brute"]) == {fmt.euros(600) + net, fmt.euros(601) + net}
    row = list(table.index).index("Gratification mensuelle brute")
    assert [table.iloc[row, column] for r, column in highlighted if r == row] == [fmt.euros(601) + net]
    # « 28 et 35h/semaine »: the range, as the offer states it.
    assert set(table.loc["Heures par semaine"]) == {"28–35\u00a0h"}


def test_compare_shows_markdown_in_an_offer_as_text(make_offers_csv):
    # st.table reads Markdown: an uploaded title must not become an image fetched from elsewhere or a link.
    title = "![pixel](http://127.0.0.1:9/x.png) [lien](javascript:alert(1)) **gras**"
    data = make_offers_csv([{"offer_id": "md-2024", "title": title, "organisation": "[Asso](http://x.test)"}])
    at = open_page("compare.py", query_params={"cmp": ["md-2024", NICAYA_URL]},
                   session_state={"uploaded_file": {"name": "x.csv", "data": data}})
    assert not at.exception, at.exception
    raw = at.table[0].value
    cell = raw.loc[raw.index.map(unescaped) == "Intitulé"].iloc[0, 0]
    assert "\\!\\[pixel\\]\\(" in cell and "\\*\\*gras\\*\\*" in cell
    assert unescaped(cell) == title
    assert "\\[Asso\\]" in raw.columns[0]


# --- map --------------------------------------------------------------------------------------

def folium_script(at) -> str:
    """What st_folium sends the browser: the map's HTML part (its rows) and its script."""
    components = at.get("component_instance")
    assert len(components) == 1
    assert components[0].proto.component_name == "streamlit_folium.st_folium"
    args = json.loads(components[0].proto.json_args)
    return args["html"] + "\n" + args["script"]


def test_map_has_one_circle_per_located_filtered_offer(prepared_offers):
    at = open_page("map.py")
    assert not at.exception
    located = int(prepared_offers["located"].sum())
    assert len(drawn_markers(folium_script(at))) == located == 27

    at.multiselect(key="org").set_value(["scop"]).run()
    script = folium_script(at)
    drawn = drawn_markers(script)
    assert len(drawn) == 2
    assert sorted(m["tooltip"].split(" — ")[0] for m in drawn) == ["CoopaWatt SCOP", "Médiation &amp; Environnement"]
    assert "Nicaya" not in script
    # Coloured like the charts, outlined to stand out from the map; on the tests' today both
    # deadlines are past: greyed (a mid-grey outline, a pale fill), still there to click.
    assert all(m["fill"] == cat.ORG_TYPE_COLOURS["scop"] for m in drawn)
    assert all(m["outline"] == maps.CLOSED_OUTLINE for m in drawn)
    assert all(m["fill_opacity"] == maps.CLOSED_FILL_OPACITY for m in drawn)


def test_map_escapes_an_uploaded_offer_with_html(make_offers_csv):
    data = make_offers_csv([{"offer_id": "xss-2024", "title": "<script>alert(1)</script>",
                             "organisation": "<img src=x onerror=alert(2)>"}])
    at = open_page("map.py", session_state={"uploaded_file": {"name": "x.csv", "data": data}})
    assert not at.exception
    assert match_count(at) == (28, 28)
    script = folium_script(at)
    drawn = drawn_markers(script)
    assert len(drawn) == 28
    assert "<script>alert" not in script and "<img" not in script
    texts = [m["tooltip"] for m in drawn] + [m["popup"] for m in drawn]  # the HTML the browser gets
    assert sum("&lt;script&gt;alert(1)&lt;/script&gt;" in text for text in texts) == 2  # popup and tooltip
    assert sum("&lt;img src=x onerror=alert(2)&gt;" in text for text in texts) == 2
    assert not any("<script" in text or "<img" in text for text in texts)
    assert "(dont 1 de votre fichier)" in count_line(at)


def test_map_says_when_no_offer_matches():
    at = open_page("map.py", query_params={"q": "zzzz introuvable"})
    assert not at.exception
    assert match_count(at) == (0, 27)
    assert not at.get("component_instance")
    assert any("Aucune offre" in i.value for i in at.info)


# --- overview chart ---------------------------------------------------------------------------

def test_overview_chart_has_french_titles_units_markers_and_legal_minimums():
    at = open_page()
    charts = at.get("plotly_chart")
    spec = json.loads(charts[0].proto.spec)
    layout = spec["layout"]
    assert "title" not in layout or not layout["title"].get("text")  # the page's heading is the title
    assert at.header[0].value == "Gratification mensuelle selon la durée du stage"
    assert layout["xaxis"]["title"]["text"] == "Durée (mois)"
    # Civic services are on it too: the axis says their amount is a net allowance (◆).
    assert layout["yaxis"]["title"]["text"] == "Montant mensuel (€) : brut, ◆ net"
    assert layout["yaxis"]["ticksuffix"] == "\u00a0€"  # « 1 300 € », as babel writes it

    points = [t for t in spec["data"] if t.get("customdata")]
    ids = [row[0] for t in points for row in t["customdata"]]
    # 27 postings minus 7 with no stipend stated, 2 with no year to value it at (Agence TACT, Vox
    # Operatio) and Décider ensemble (no duration stated).
    assert len(ids) == len(set(ids)) == 17
    symbols = {row[0]: symbol for t in points for row, symbol in zip(t["customdata"], t["marker"]["symbol"],
                                                                      strict=True)}
    assert symbols[NICAYA] == "circle"  # « 1 300 € brut mensuel »: stated
    assert symbols["democratie-ouverte-communication-2023"] == "circle-open"  # « Rémunération légale »: estimated
    assert symbols["rennes-fabrique-citoyenne-climat-2023"] == "triangle-up-open"  # « Stage indemnisé »: lower bound
    assert symbols["paris-11-communication-service-civique-2023"] == "diamond"  # a civic service's net allowance
    colours = {t["legendgroup"]: t["marker"]["color"] for t in points}
    assert colours == {code: cat.ORG_TYPE_COLOURS[code] for code in colours}
    assert "Service civique : indemnité nette" in [t.get("name") for t in spec["data"]]

    # Internships of 2022, 2023 and 2025 are plotted: 3.90, 4.05 and 4.35 € × 35 h × 52/12.
    lines = sorted(round(shape["y0"], 2) for shape in layout["shapes"])
    assert lines == [591.5, 614.25, 659.75]
    assert any(t.get("name", "").startswith("Minimum légal des stages (35 h)") for t in spec["data"])
    assert not layout.get("annotations")

    chart_titles = [h.value for h in at.main.header]
    assert chart_titles == ["Gratification mensuelle selon la durée du stage",
                            "Gratification mensuelle des stages par type de structure", "Offres par région",
                            "Mois de début au plus tôt"]


def plotly_numbers(value) -> list:
    """Numbers of a Plotly JSON spec, written plainly or as a typed array (``bdata``)."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def metrics_of(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_headline_figures():
    at = open_page()
    metrics = metrics_of(at)
    # 27 postings, the PETR d'Arles offer posted twice counted once.
    assert metrics["Offres"] == "26"
    assert "27 annonces en tout, dont 1 republication" in at.metric[0].proto.help
    # 9 of the 15 internships with a known or bounded stipend are at 614,25 € (the 2023 minimum): the median.
    assert metrics["Gratification médiane"] == fmt.euros(614)
    assert "sur 15 stages" in at.metric[1].proto.help
    # 9 of those 15 say the legal rate or state it; « Stage indemnisé » and « Indemnité de stage. » do not.
    assert metrics["Au minimum légal"].startswith("60")
    assert metrics["Durée médiane"] == "6 mois"
    # Both postings are in the table, each naming the other.
    table = table_with_column(at, "Même offre publiée deux fois")
    assert len(table) == 27
    arles = table[table["Structure"] == "PETR du Pays d'Arles"]
    assert sorted(arles["Même offre publiée deux fois"].str.split(" «").str[0]) == ["publiée de nouveau :", "republie"]


def test_overview_counts_the_republished_offer_once():
    at = open_page(query_params={"q": "Arles"})
    assert match_count(at) == (2, 27)  # the table lists both postings
    assert len(table_with_column(at, "Structure")) == 2
    metrics = metrics_of(at)
    assert metrics["Offres"] == "1"
    assert metrics["Gratification médiane"] == fmt.euros(614)
    assert metrics["Au minimum légal"].startswith("100")  # « selon réglementation en vigueur »
    regions = chart_under_heading(at, "Offres par région")
    assert regions["data"][0]["y"] == ["Provence-Alpes-<br>Côte d'Azur"]  # wrapped for a phone
    assert plotly_numbers(regions["data"][0]["x"]) == [1]


def test_overview_median_leaves_civic_services_out():
    at = open_page(query_params={"contract": ["civic_service"]})
    assert match_count(at) == (3, 27)
    metrics = metrics_of(at)
    assert metrics["Offres"] == "3"
    # 600 and 601 € are net civic-service allowances: no internship stipend to take a median of.
    assert metrics["Gratification médiane"] == "—"
    assert metrics["Au minimum légal"] == "—"
    by_type = chart_under_heading(at, "Gratification mensuelle des stages par type de structure")
    assert by_type["data"] == []
    stipend = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert not stipend["layout"].get("shapes")  # no internship, no legal-minimum line
    # The table says what the amount is, beside it.
    table = table_with_column(at, "Structure")
    stated = table[table["Gratification mensuelle brute"].notna()]
    assert sorted(stated["Gratification mensuelle brute"]) == [600.0, 601.0]
    assert set(stated["Origine du montant"]) == {"indemnité nette de service civique"}


def chart_under_heading(at, heading: str) -> dict:
    """The Plotly spec of the chart drawn under ``heading`` (the page's headings are the charts' titles,
    one per chart, in the same order)."""
    headings = [h.value for h in at.main.header]
    return json.loads(at.get("plotly_chart")[headings.index(heading)].proto.spec)


# --- data page --------------------------------------------------------------------------------

def test_download_has_the_filtered_rows(media_managers):
    at = open_page("data.py", query_params={"org": [SCOP_URL]})
    assert not at.exception
    assert len(table_with_column(at, "Structure")) == 2
    button = at.get("download_button")[0]
    assert button.proto.label == "Télécharger les offres filtrées (CSV)"
    assert not button.proto.disabled
    csv = pd.read_csv(io.BytesIO(downloaded(at, media_managers, "download")), dtype=str)
    assert sorted(csv["offer_id"]) == [COOPAWATT, "mediation-environnement-concertation-2023"]
    assert set(csv["stipend_amount_eur"]) == {"770", "800"}
    # Every column of the contract, the sources and notes the tables do not show included.
    assert csv["source"].str.len().gt(20).all() and "notes" in csv.columns


def test_download_is_disabled_when_nothing_matches():
    at = open_page("data.py", query_params={"q": "zzzz introuvable"})
    assert not at.exception
    assert at.get("download_button")[0].proto.disabled
    # The page says why its table is missing and what to do, as the map and the overview do.
    assert any("Aucune offre ne correspond aux filtres" in i.value for i in at.info)


def test_uploaded_file_adds_its_valid_offers_and_reports_rejected_rows(make_offers_csv):
    data = make_offers_csv([{}, {"offer_id": "rejected-row", "org_type": "bogus"},
                            {"offer_id": "second-upload-2024", "title": "Autre stage importé"}])
    at = open_page("data.py", session_state={"uploaded_file": {"name": "mes-offres.csv", "data": data}})
    assert not at.exception
    assert match_count(at) == (29, 29)
    assert count_line(at).endswith("(dont 2 de votre fichier)")
    assert any("2 offres de « mes-offres.csv »" in shown(s.value) for s in at.success)
    assert any("1 ligne rejetée" in w.value for w in at.warning)
    report = table_with_column(at, "problème")
    assert report[["ligne", "offre", "colonne", "valeur"]].values.tolist() == [[3, "rejected-row", "org_type", "bogus"]]
    assert "Stage concertation test" in set(table_with_column(at, "Structure")["Intitulé"])

    # The uploaded offers follow the filters like the others.
    at.multiselect(key="org").set_value(["association"]).run()
    assert count_line(at).endswith("(dont 2 de votre fichier)")
    assert match_count(at)[0] == 2 + 4  # Décider ensemble, Démocratie Ouverte, Ifrée, RésO Villes (PQN-A is a GIP)


def test_uploaded_v1_file_loads_with_one_message_in_the_report():
    data = (ROOT / "tests" / "data" / "v1" / "offers_v1.csv").read_bytes()
    at = open_page("data.py", session_state={"uploaded_file": {"name": "ancien.csv", "data": data}})
    assert not at.exception
    assert any("27 offres de « ancien.csv »" in shown(s.value) for s in at.success)
    report = table_with_column(at, "problème")
    v1 = report[report["problème"].str.contains("contrat v1")]
    assert v1[["gravité", "ligne", "colonne"]].values.tolist() == [["avertissement", 1, "hours_per_week"]]
    assert v1["problème"].iloc[0].startswith("fichier du contrat v1 : la colonne hours_per_week est devenue "
                                             "hours_per_week_min et hours_per_week_max")


def test_an_uploaded_offer_republishing_a_bundled_one_counts_once(make_offers_csv):
    data = make_offers_csv([{"offer_id": "arles-3e-publication-2023", "title": "Stage Conseil de développement",
                             "organisation": "PETR du Pays d'Arles", "city": "Arles", "postcode": "13200",
                             "republishes": "petr-arles-conseil-developpement-2023"}])
    at = open_page(session_state={"uploaded_file": {"name": "x.csv", "data": data}}, query_params={"q": "Arles"})
    assert not at.exception
    assert match_count(at) == (3, 28)
    assert metrics_of(at)["Offres"] == "1"


def test_uploaded_offers_count_on_the_overview_too(make_offers_csv):
    data = make_offers_csv([{}])
    at = open_page(session_state={"uploaded_file": {"name": "x.csv", "data": data}})
    assert match_count(at) == (28, 28)
    assert count_line(at) == "**28** offres sur 28 correspondent aux filtres (dont 1 de votre fichier)"


def test_unreadable_upload_shows_a_french_error_and_no_traceback():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    at = open_page("data.py", session_state={"uploaded_file": {"name": "photo.png", "data": png}})
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("Fichier illisible")
    assert "PNG" in errors[0]
    assert match_count(at) == (27, 27)  # the bundled offers are still there
    # The user can take the file away again.
    at.button(key="remove_upload").click().run()
    assert not at.exception
    assert not at.error
    assert "uploaded_file" not in at.session_state


def test_bundled_file_can_be_replaced_with_offers_csv(offers_file):
    offers_file([{}, {"offer_id": "other-2024", "org_type": "scop"}])
    at = open_page()
    assert not at.exception
    assert match_count(at) == (2, 2)


def test_missing_bundled_file_is_a_french_error(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFERS_CSV", str(tmp_path / "absent.csv"))
    at = open_page()
    assert not at.exception
    assert any("illisible" in e.value and "introuvable" in e.value for e in at.error)


# --- English ----------------------------------------------------------------------------------

@pytest.mark.parametrize("page", [p for p in PAGE_FILES if p not in PAGES_WITHOUT_FILTERS])
def test_english_switch_translates_the_page(page):
    at = open_page(page, query_params={"en": "true"})
    assert not at.exception
    assert at.toggle(key="en").value is True
    assert titles(at)[0] == PAGE_TITLES[page][1]
    assert count_line(at) == "**27** of 27 offers match the filters"
    assert [link.proto.label for link in at.get("page_link")][:4] == ["Overview", "Map", "Compare", "Data"]


def test_english_toggle_keeps_the_filters_and_translates_the_chart():
    at = open_page()
    at.multiselect(key="org").set_value(["scop"]).run()
    at.toggle(key="en").set_value(True).run()
    assert titles(at) == ["Internships in citizen participation"]
    assert count_line(at) == "**2** of 27 offers match the filters"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert at.header[0].value == "Monthly stipend by internship duration"
    assert spec["layout"]["yaxis"]["title"]["text"] == "Gross stipend (€/month)"  # two SCOPs: internships only
    assert set(table_with_column(at, "Organisation")["Organisation"]) == SCOP


def test_compare_city_shared_by_several_communes_offers_the_choice():
    # Plaine Commune's offer is in Saint-Denis (93); « Saint-Denis » alone is also La Réunion, Aude, Gard.
    plaine = "plaine-commune-democratie-locale-2022"
    at = open_page("compare.py", query_params={"cmp": [plaine, NICAYA_URL], "from": "Saint-Denis"})
    assert not at.exception
    choice = at.selectbox(key="from_commune")
    # Metropolitan France's first: La Réunion's (155 634) is not ten times as populous as the one by Paris.
    assert choice.options[:2] == ["Saint-Denis (93, Seine-Saint-Denis)", "Saint-Denis (974, La Réunion)"]
    assert len(choice.options) == 4
    assert "from_commune" not in at.query_params  # the likeliest is the default
    choice.set_value("97411").run()
    assert at.query_params["from_commune"] == "97411"
    assert "Distance depuis Saint-Denis (974, La Réunion)" in comparison(at)[0].index
    choice.set_value("93066").run()
    assert "from_commune" not in at.query_params
    table, _highlighted = comparison(at)
    row = list(table.index).index("Distance depuis Saint-Denis (93, Seine-Saint-Denis)")
    plaine_km = int(table.iloc[row, column_of(table, "Plaine Commune – mission démocratie locale")]
                    .removesuffix(" km").replace("\u202f", ""))
    assert plaine_km < 5
    assert not any("introuvable" in w.value for w in at.warning)
    # The same choice from a shared link.
    linked = open_page("compare.py", query_params={"cmp": [plaine, NICAYA_URL], "from": "Saint-Denis",
                                                   "from_commune": "93066"})
    assert "Distance depuis Saint-Denis (93, Seine-Saint-Denis)" in comparison(linked)[0].index


def test_compare_city_montreuil_is_found_offline():
    at = open_page("compare.py", query_params={"cmp": [NICAYA_URL, COOPAWATT_URL], "from": "Montreuil"})
    assert not at.exception
    assert at.selectbox(key="from_commune").options[0] == "Montreuil (93, Seine-Saint-Denis)"
    assert at.selectbox(key="from_commune").value == "93048"
    assert not any("introuvable" in w.value for w in at.warning)


def test_data_table_has_a_header_for_every_column_and_no_none():
    at = open_page("data.py")
    table = table_with_column(at, "Structure")
    assert all(str(header).strip() for header in table.columns)
    # Texts where nothing is known are « — » (a missing cell is drawn "None" by Streamlit's grid); no link: empty.
    for column in ("Début", "Télétravail", "Date limite de candidature", "Annonce", "Origine du montant"):
        assert not table[column].isna().any(), column
    assert "mars 2023" in set(table["Début"]) and "—" in set(table["Début"])  # CoopaWatt « mars 2023 »
    assert "17 février 2023" in set(table["Date limite de candidature"])
    sources = table_with_column(at, "Notes de curation")
    assert list(sources.columns) == ["Identifiant", "Source", "Notes de curation"]


# --- accessibility and phones, as the pages build them (issue 11) -----------------------------------

def test_every_chart_has_a_heading_and_a_summary_as_its_text_alternative():
    at = open_page()
    charts = at.get("plotly_chart")
    assert [h.value for h in at.main.header] == ["Gratification mensuelle selon la durée du stage",
                                            "Gratification mensuelle des stages par type de structure",
                                            "Offres par région", "Mois de début au plus tôt"]
    captions = [c.value for c in at.caption]
    for chart in charts:
        summary = chart.proto.alt
        assert summary.startswith("En résumé"), summary
        # The same sentence, visible under the chart (markdown characters escaped).
        assert any(c.replace("\\", "") == summary for c in captions), summary
    assert "17 offres, de 592\u00a0€ à 1\u202f300\u00a0€ par mois" in charts[0].proto.alt


def test_page_links_are_named_by_their_title_alone():
    # A Material icon is text: screen readers read « compare_arrows Comparer ».
    at = open_page()
    links = at.get("page_link")
    assert [link.proto.label for link in links] == ["Vue d'ensemble", "Carte", "Comparer", "Données",
                                                    "Ajouter une offre", "Collection"]
    assert all(not link.proto.icon for link in links)


def test_map_offers_are_reachable_from_a_list_as_well_as_by_clicking():
    # Single-offer markers can't be reached by keyboard: the list under the map is their equivalent.
    at = open_page("map.py", query_params={"org": ["consultancy"]})
    picker = at.selectbox(key="map_pick")
    assert picker.value is None and len(picker.options) == 4
    assert any("Cliquez sur un point" in i.value for i in at.info)
    picker.set_value(NICAYA).run()
    assert not at.exception
    assert [shown(h.value) for h in at.subheader] == ["Consultant.e junior Concertation et Participation citoyenne "
                                               "(stage de fin d'études)"]


def test_map_text_does_not_place_the_card_on_the_right():
    # On a phone the card is below the map, not « à droite ».
    at = open_page("map.py")
    intro = at.caption[0].value
    assert "à droite" not in intro and "au-dessous sur un téléphone" in intro
