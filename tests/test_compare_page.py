"""AppTest of the compare page as a new user met it: « ?from=Saint-Denis » measured every offer from
La Réunion (≈ 9 000 km) without saying so, and a row where an offer's value is unknown still
marked another offer « best ». Offers are the bundled ones (data/offers.csv)."""

from __future__ import annotations

from tests.conftest import open_page, shown
from tests.test_app_pages import column_of, comparison

PLAINE = "plaine-commune-democratie-locale-2022"  # in Saint-Denis (93)
NICAYA = "nicaya-consultant-concertation-2023"  # « permis requis »
COOPAWATT = "coopawatt-concertation-enr-2023"  # « permis B recommandé »
MAKE_ORG = "make-org-chef-projet-junior-2023"  # says nothing of a licence


def captions(at) -> list[str]:
    return [shown(c.value) for c in at.caption]


def km(text: str) -> int:
    return int(text.removesuffix(" km").replace("\u202f", "").replace(",", ""))  # « 8 778 », "8,778"


def test_saint_denis_from_a_link_is_the_one_by_paris_and_the_page_says_so():
    at = open_page("compare.py", query_params={"cmp": [PLAINE, NICAYA], "from": "Saint-Denis"})
    assert not at.exception
    choice = at.selectbox(key="from_commune")
    assert choice.value == "93066"
    assert choice.options[0] == "Saint-Denis (93, Seine-Saint-Denis)"
    assert "Saint-Denis (974, La Réunion)" in choice.options  # the others stay one click away
    assert "from_commune" not in at.query_params  # the default: the link stays « ?from=Saint-Denis »
    table, _highlighted = comparison(at)
    row = list(table.index).index("Distance depuis Saint-Denis (93, Seine-Saint-Denis)")
    assert km(table.iloc[row, column_of(table, "Plaine Commune – mission démocratie locale")]) < 5
    assert km(table.iloc[row, column_of(table, "Nicaya Conseil")]) < 1000  # Aix-en-Provence, not 9 000 km
    said = " ".join(captions(at))
    assert ("Distances à vol d'oiseau depuis Saint-Denis (93, Seine-Saint-Denis). Autres communes de ce nom : "
            "Saint-Denis (974, La Réunion), Saint-Denis (11, Aude), Saint-Denis (30, Gard)") in said


def test_a_link_that_chose_la_reunion_keeps_it_and_names_the_others():
    at = open_page("compare.py", query_params={"cmp": [PLAINE, NICAYA], "from": "Saint-Denis",
                                               "from_commune": "97411", "en": "true"})
    assert not at.exception
    assert at.selectbox(key="from_commune").value == "97411"
    table, _highlighted = comparison(at)
    row = list(table.index).index("Distance from Saint-Denis (974, La Réunion)")
    assert km(table.iloc[row, list(table.loc["Organisation"]).index("Nicaya Conseil")]) > 8000
    assert any(c.startswith("As-the-crow-flies distances from Saint-Denis (974, La Réunion). Other municipalities "
                            "of this name: Saint-Denis (93, Seine-Saint-Denis)") for c in captions(at))
    at.selectbox(key="from_commune").set_value("93066").run()
    assert "from_commune" not in at.query_params
    assert "Distance from Saint-Denis (93, Seine-Saint-Denis)" in comparison(at)[0].index


def test_no_best_licence_when_a_posting_does_not_say_and_the_page_says_why():
    two = open_page("compare.py", query_params={"cmp": [NICAYA, COOPAWATT]})
    table, highlighted = comparison(two)
    licence = list(table.index).index("Permis de conduire")
    assert (licence, column_of(table, "CoopaWatt SCOP")) in highlighted  # recommended beats required

    at = open_page("compare.py", query_params={"cmp": [NICAYA, COOPAWATT, MAKE_ORG]})
    assert not at.exception
    table, highlighted = comparison(at)
    licence = list(table.index).index("Permis de conduire")
    assert table.iloc[licence, column_of(table, "Make.org")] == "—"
    assert not any(row == licence for row, _column in highlighted)
    # No row marks a best while one of its values is unknown.
    for row, _column in highlighted:
        assert "—" not in table.iloc[row].tolist(), table.index[row]
    assert ("« — » : valeur inconnue, l'annonce ne la précise pas (renseignez-vous auprès de la structure). Une "
            "ligne où une offre a une valeur inconnue n'a pas de meilleure valeur surlignée : l'inconnue pourrait "
            "être la meilleure.") in captions(at)


def test_the_unknown_legend_in_english():
    at = open_page("compare.py", query_params={"cmp": [NICAYA, COOPAWATT, MAKE_ORG], "en": "true"})
    assert not at.exception
    table, highlighted = comparison(at)
    assert not any(table.index[row] == "Driving licence" for row, _column in highlighted)
    assert ("“—”: unknown value, the posting does not state it (ask the organisation). A row where an offer's "
            "value is unknown has no best value highlighted: the unknown one might be the best.") in captions(at)


def test_filters_that_keep_one_offer_say_where_to_widen_them():
    # Make.org is the only company: nothing to compare it with, and the page said only « pick two ».
    at = open_page("compare.py", query_params={"org": "company"})
    assert not at.exception
    (info,) = [i.value for i in at.info]
    assert info == ("Choisissez au moins deux offres. Les filtres n'en gardent qu'une : élargissez-les dans la "
                    "barre latérale.")
    wide = open_page("compare.py")
    assert [i.value for i in wide.info] == ["Choisissez au moins deux offres."]
    # None kept: « the filters keep only one » was said of zero offers too.
    none = open_page("compare.py", query_params={"q": "zzzzqq", "en": "true"})
    assert [i.value for i in none.info] == ["No offer matches the filters: widen them in the sidebar."]
