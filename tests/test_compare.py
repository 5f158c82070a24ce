"""Side-by-side comparison: best values, totals over the duration, distances from a typed city.
Amounts are the seeds' (« 1 300 € brut mensuel », « 770 euros/mois », « 800€ brut ») and the
legal minimum of ../shared/LEGAL_RATES.md; distances are geodesic, as the crow flies."""

import pandas as pd
import pytest
from geopy.distance import geodesic

from lib import compare
from lib import formatting as fmt
from lib.compare import Origin, comparison_table, distances_km, resolve_city
from lib.gazetteer import load_gazetteer
from lib.offers import prepare_offers
from lib.validation import load_offers
from tests.conftest import BUNDLED_CSV, shown

NICAYA = "nicaya-consultant-concertation-2023"
COOPAWATT = "coopawatt-concertation-enr-2023"
MEDIATION = "mediation-environnement-concertation-2023"
TACT = "agence-tact-concertation-2023"
DEMOCRATIE_OUVERTE = "democratie-ouverte-communication-2023"
MAKE_ORG = "make-org-chef-projet-junior-2023"
UQAR = "uqar-concertation-risques-cotiers-2023"
IFREE = "ifree-biodiversite-quartiers-prioritaires-2023"
ANCT = "anct-participation-engagement-citoyen-2022"

LYON = Origin("Lyon", 45.7640, 4.8357, "test")  # place Bellecour / Hôtel de ville, by hand


def pick(offers: pd.DataFrame, *offer_ids: str) -> pd.DataFrame:
    return offers.set_index("offer_id").loc[list(offer_ids)].reset_index()


def cells(table: pd.DataFrame, best: pd.DataFrame, row: str) -> list[tuple[str, bool]]:
    return list(zip(table.loc[row], best.loc[row], strict=True))


def test_one_column_per_offer_one_row_per_condition(prepared_offers):
    table, best = comparison_table(pick(prepared_offers, NICAYA, COOPAWATT))
    assert list(table.columns) == ["Nicaya Conseil", "CoopaWatt SCOP"]
    assert table.index[0] == "Intitulé"
    assert table.loc["Structure"].tolist() == ["Nicaya Conseil", "CoopaWatt SCOP"]
    assert table.loc["Type de structure"].tolist() == ["Cabinet de conseil", "SCOP / coopérative"]
    assert table.loc["Début"].tolist() == ["juillet 2023", "mars 2023"]
    assert table.loc["Date limite de candidature"].tolist() == ["—", "17 février 2023"]  # « 17/02/2023 »
    assert best.shape == table.shape and best.index.equals(table.index)


def test_best_monthly_stipend_is_marked(prepared_offers):
    table, best = comparison_table(pick(prepared_offers, NICAYA, COOPAWATT))
    assert cells(table, best, "Gratification mensuelle brute") == [(fmt.euros(1300), True), (fmt.euros(770), False)]


def test_totals_are_monthly_times_months(prepared_offers):
    table, best = comparison_table(pick(prepared_offers, NICAYA, COOPAWATT, MEDIATION))
    # 1 300 × 6, 770 × 6, and 800 × 3 to 800 × 6 for « 3 à 6 mois »; the longest total counts.
    assert cells(table, best, "Total sur la durée") == [
        (fmt.euros(7800), True), (fmt.euros(4620), False), (f"{fmt.euros(2400)} à {fmt.euros(4800)}", False)]


def test_estimated_stipends_say_so_and_equal_values_are_not_highlighted(prepared_offers):
    # Ifrée « selon les dispositions réglementaires » (35 h) and Démocratie Ouverte « Rémunération
    # légale », both 2023: 4,05 € × 35 h × 52/12 = 614,25 € each; nothing to choose between them.
    table, best = comparison_table(pick(prepared_offers, IFREE, DEMOCRATIE_OUVERTE))
    estimated = f"{fmt.euros(614)} (estimé au minimum légal)"  # whole euros, as the chart writes it
    assert cells(table, best, "Gratification mensuelle brute") == [(estimated, False), (estimated, False)]
    assert not best.loc["Total sur la durée"].any()  # 6 months each: equal totals


def test_paid_with_no_amount_says_at_least_the_minimum(prepared_offers):
    # Rennes « Stage indemnisé »: a lower bound at the 2023 minimum.
    table, _best = comparison_table(pick(prepared_offers, "rennes-fabrique-citoyenne-climat-2023", NICAYA))
    assert table.loc["Gratification"].tolist()[0] == "Indemnisé, montant non précisé"
    assert table.loc["Gratification mensuelle brute"].tolist()[0] == f"{fmt.euros(614)} (au moins le minimum légal)"


def test_hours_are_shown_as_a_range(prepared_offers):
    table, _best = comparison_table(pick(prepared_offers, "paris-11-communication-service-civique-2023", COOPAWATT))
    assert table.loc["Heures par semaine"].tolist() == ["28–35\u00a0h", "35\u00a0h"]


def test_an_offer_posted_twice_says_which_posting_is_which(prepared_offers):
    table, _best = comparison_table(pick(prepared_offers, "petr-arles-conseil-developpement-2023",
                                         "petr-arles-participation-communication-2023", NICAYA))
    assert table.loc["Même offre publiée deux fois"].tolist() == [
        "publiée de nouveau : « PETR du Pays d'Arles — Stage participation citoyenne et communication »",
        "republie « PETR du Pays d'Arles — Stage accompagnement d'un Conseil de développement »",
        "—"]
    single, _ = comparison_table(pick(prepared_offers, NICAYA, COOPAWATT))
    assert "Même offre publiée deux fois" not in single.index




ANCT_2022 = "anct-participation-engagement-citoyen-2022"  # « gratification légale », 2022: 591,50 €
IFREE = "ifree-biodiversite-quartiers-prioritaires-2023"
ANCT = "anct-participation-engagement-citoyen-2022"
PQNA_2025 = "pqna-dialogue-territorial-2025"  # « gratification légale », 2025: 659,75 €
VOX = "vox-operatio-democratie-participative-2023"  # « supérieure au minimum légal », no amount, no year
ARLES = "petr-arles-conseil-developpement-2023"  # « gratification légale », 2023, 4 to 6 months
PARIS_CIVIC = "paris-11-communication-service-civique-2023"


def test_a_total_over_a_range_of_months_is_compared_where_certain(prepared_offers):
    # 4 to 6 months against 6 at the same minimum: Démocratie Ouverte gives at least as much in every case.
    _table, best = comparison_table(pick(prepared_offers, ARLES, DEMOCRATIE_OUVERTE))
    assert best.loc["Total sur la durée"].tolist() == [False, True]


def test_legal_minimums_of_different_years_are_alike(prepared_offers):
    # The 2023 minimum (614,25 €) is no better than the 2022 one (591,50 €): both are « gratification légale ».
    table, best = comparison_table(pick(prepared_offers, ANCT_2022, IFREE))
    assert cells(table, best, "Gratification mensuelle brute") == [
        (f"{fmt.euros(592)} (estimé au minimum légal)", False), (f"{fmt.euros(614)} (estimé au minimum légal)", False)]
    # Totals of different years are not compared either.
    assert not best.loc["Total sur la durée"].any()


def test_amounts_are_rounded_as_in_the_chart(prepared_offers):
    table, _best = comparison_table(pick(prepared_offers, PQNA_2025, NICAYA))
    assert table.loc["Gratification mensuelle brute"].tolist()[0] == f"{fmt.euros(660)} (estimé au minimum légal)"


def test_a_stated_amount_is_measured_from_its_own_years_minimum(prepared_offers):
    # CoopaWatt 770 € in 2023 (155,75 € above 614,25 €) against the 2025 minimum (659,75 €, 0 above).
    _table, best = comparison_table(pick(prepared_offers, COOPAWATT, PQNA_2025))
    assert best.loc["Gratification mensuelle brute"].tolist() == [True, False]


def _dated(offer_id: str, year: int) -> pd.DataFrame:
    """The bundled offers with one of them given a year (Vox Operatio's posting states none)."""
    offers = load_offers(BUNDLED_CSV).offers
    offers.loc[offers["offer_id"] == offer_id, "year"] = year
    return prepare_offers(offers)


def test_above_the_minimum_without_an_amount_is_compared_only_where_certain():
    offers = _dated(VOX, 2023)
    # « Supérieure au minimum » beats the minimum itself...
    _table, best = comparison_table(pick(offers, VOX, IFREE))
    assert best.loc["Gratification mensuelle brute"].tolist() == [True, False]
    # ...but nobody can tell whether it beats 770 €.
    _table, best = comparison_table(pick(offers, VOX, COOPAWATT))
    assert not best.loc["Gratification mensuelle brute"].any()


def test_paid_with_no_amount_is_not_above_the_minimum(prepared_offers):
    # Rennes « Stage indemnisé » pays at least the minimum, maybe exactly it: not better than Ifrée's.
    _table, best = comparison_table(pick(prepared_offers, "rennes-fabrique-citoyenne-climat-2023", IFREE))
    assert not best.loc["Gratification mensuelle brute"].any()


def test_an_allowance_is_not_compared_with_a_gratification(prepared_offers):
    _table, best = comparison_table(pick(prepared_offers, PARIS_CIVIC, COOPAWATT))
    assert not best.loc["Gratification mensuelle brute"].any()
    assert not best.loc["Total sur la durée"].any()


@pytest.mark.parametrize("offer_ids, expected", [
    # TACT: meal vouchers, 50 % of transport; Ifrée: lunch, housing, travel: three perks are not « better ».
    ((TACT, IFREE), [False, False]),
    # TACT has Démocratie Ouverte's only perk (50 % of transport) and more.
    ((TACT, DEMOCRATIE_OUVERTE), [True, False]),
    # Décider ensemble states the same two perks as TACT.
    ((TACT, "decider-ensemble-stagiaire-2023"), [False, False]),
])
def test_best_perks_include_all_the_others(prepared_offers, offer_ids, expected):
    _table, best = comparison_table(pick(prepared_offers, *offer_ids))
    assert best.loc["Avantages"].tolist() == expected


def test_rows_no_compared_offer_states_are_left_out(prepared_offers):
    # Neither Nicaya nor Make.org gives an application deadline.
    table, _best = comparison_table(pick(prepared_offers, NICAYA, MAKE_ORG))
    assert "Date limite de candidature" not in table.index
    assert all((table.loc[row] != "—").any() for row in table.index)


def test_unknown_values_are_dashes_and_never_best(prepared_offers):
    table, best = comparison_table(pick(prepared_offers, NICAYA, MAKE_ORG))
    assert cells(table, best, "Gratification mensuelle brute") == [(fmt.euros(1300), False), ("—", False)]
    assert table.loc["Total sur la durée"].tolist() == [fmt.euros(7800), "—"]


@pytest.mark.parametrize(
    "row, offer_ids, expected",
    [
        # « Télétravail partiel possible » (CoopaWatt) beats « en présentiel » (Ifrée).
        ("Télétravail", (COOPAWATT, "ifree-biodiversite-quartiers-prioritaires-2023"), [True, False]),
        # « Permis B recommandé » (CoopaWatt) beats « Permis de conduire requis » (Nicaya).
        ("Permis de conduire", (NICAYA, COOPAWATT), [False, True]),
        # TACT: tickets restaurant and 50 % of transport; Démocratie Ouverte: 50 % of transport only.
        ("Avantages", (TACT, DEMOCRATIE_OUVERTE), [True, False]),
    ],
)
def test_best_of_the_other_conditions(prepared_offers, row, offer_ids, expected):
    _table, best = comparison_table(pick(prepared_offers, *offer_ids))
    assert best.loc[row].tolist() == expected


@pytest.mark.parametrize(
    "row, offer_ids, unknown",
    [
        # « Permis B recommandé » (CoopaWatt) beats « requis » (Nicaya), but Make.org's posting says nothing
        # of a licence: it might need none, so CoopaWatt is not certainly the best.
        ("Permis de conduire", (NICAYA, COOPAWATT, MAKE_ORG), 2),
        # Partial remote work (CoopaWatt) beats « en présentiel » (Ifrée); Nicaya's posting does not say.
        ("Télétravail", (COOPAWATT, IFREE, NICAYA), 2),
        # TACT has all of Démocratie Ouverte's perks and more; CoopaWatt states none (which is not « none »).
        ("Avantages", (TACT, DEMOCRATIE_OUVERTE, COOPAWATT), 2),
        ("Avantages", (TACT, COOPAWATT), 1),
        # 1 300 € (Nicaya) above 770 € (CoopaWatt); Make.org's amount is unknown.
        ("Gratification mensuelle brute", (NICAYA, COOPAWATT, MAKE_ORG), 2),
        ("Total sur la durée", (NICAYA, COOPAWATT, MAKE_ORG), 2),
    ],
)
def test_a_row_with_an_unknown_value_has_no_best(prepared_offers, row, offer_ids, unknown):
    table, best = comparison_table(pick(prepared_offers, *offer_ids))
    assert table.loc[row].iloc[unknown] == "—"
    assert not best.loc[row].any()
    # Without the offer whose value is unknown, the best is marked.
    known = [o for i, o in enumerate(offer_ids) if i != unknown]
    if len(known) > 1:
        assert comparison_table(pick(prepared_offers, *known))[1].loc[row].any()


def test_an_unlocated_offer_leaves_the_distance_row_with_no_nearest(prepared_offers):
    offers = pick(prepared_offers, NICAYA, COOPAWATT, MEDIATION)
    offers.loc[0, ["latitude", "longitude"]] = pd.NA
    table, best = comparison_table(offers, origin=LYON)
    assert table.loc["Distance depuis Lyon"].iloc[0] == "—"
    assert not best.loc["Distance depuis Lyon"].any()


def test_best_of_needs_every_value_known():
    assert compare.best_of([(2.0, 2.0), (0.0, 0.0)]) == [True, False]
    assert compare.best_of([(2.0, 2.0), (0.0, 0.0), None]) == [False, False, False]


def test_the_picker_lists_the_picked_offers_then_the_first_filtered_ones(prepared_offers):
    scops = prepared_offers[prepared_offers["org_type"].eq("scop")]
    listed = compare.choices(prepared_offers, scops, picked=[NICAYA], limit=2)
    # Nicaya (a consultancy) stays listed though the filter hides it: a shared comparison survives filters.
    assert list(listed) == [NICAYA, scops["offer_id"].iloc[0]]
    assert listed[NICAYA] == "Nicaya Conseil — " + pick(prepared_offers, NICAYA)["title"].iloc[0]
    assert len(compare.choices(prepared_offers, prepared_offers, picked=[])) == 27  # under the limit: every offer


def test_rows_without_an_order_are_never_highlighted(prepared_offers):
    _table, best = comparison_table(pick(prepared_offers, NICAYA, COOPAWATT, MEDIATION), origin=LYON)
    for row in ("Intitulé", "Structure", "Type de structure", "Contrat", "Lieu", "Durée", "Début",
                "Soirs et week-ends", "Niveau d'études"):
        assert not best.loc[row].any(), row


def test_two_offers_of_one_organisation_get_distinct_columns(prepared_offers):
    # The two civic services of the 11th arrondissement's town hall, « 600 euros » and « 601 euros/mois »:
    # net allowances, said so; two allowances are alike, so the higher one is marked (an allowance is
    # never ranked against an internship's stipend: test_an_allowance_is_not_compared_with_a_gratification).
    table, best = comparison_table(pick(prepared_offers, "paris-11-communication-service-civique-2023",
                                        "paris-11-developpement-vie-citoyenne-2023"))
    assert table.columns.is_unique and best.columns.is_unique
    assert len(table.columns) == 2
    net = " (indemnité nette de service civique)"
    assert cells(table, best, "Gratification mensuelle brute") == [(fmt.euros(600) + net, False),
                                                                  (fmt.euros(601) + net, True)]
    # The styled table the page draws accepts the columns.
    table.style.apply(lambda column: ["font-weight: 600" if b else "" for b in best[column.name]], axis=0).to_html()


def test_at_most_four_offers(prepared_offers):
    five = pick(prepared_offers, NICAYA, COOPAWATT, MEDIATION, TACT, MAKE_ORG)
    table, _best = comparison_table(five)
    assert compare.MAX_COMPARED == 4
    assert len(table.columns) == 4
    assert "Make.org" not in table.loc["Structure"].tolist()


def test_comparison_in_english(prepared_offers):
    table, _best = comparison_table(pick(prepared_offers, NICAYA, MEDIATION), "en", origin=LYON)
    assert "Gross monthly stipend" in table.index
    assert "Distance from Lyon" in table.index
    assert table.loc["Total over the duration"].tolist() == ["€7,800", "€2,400 to €4,800"]


# --- distances ----------------------------------------------------------------------------------

def test_distances_from_lyon(prepared_offers):
    offers = pick(prepared_offers, COOPAWATT, NICAYA, UQAR)
    km = distances_km(offers, LYON).tolist()
    assert km[0] < 15  # Francheville borders Lyon
    assert 240 <= km[1] <= 280  # Lyon – Aix-en-Provence
    assert 5000 < km[2] < 6000  # Rimouski, Québec
    # geopy's geodesic on the offers' coordinates, rounded to 100 m.
    expected = geodesic((LYON.latitude, LYON.longitude), (43.53607, 5.39857)).km
    assert km[1] == pytest.approx(expected, abs=0.05)


def test_distance_row_marks_the_nearest(prepared_offers):
    table, best = comparison_table(pick(prepared_offers, NICAYA, COOPAWATT), origin=LYON)
    row = cells(table, best, "Distance depuis Lyon")
    assert [highlighted for _text, highlighted in row] == [False, True]
    nicaya_km = int(row[0][0].removesuffix(" km").replace("\u202f", ""))
    assert 240 <= nicaya_km <= 280
    assert row[1][0].endswith(" km") and int(row[1][0].removesuffix(" km")) < 15


def test_offer_without_coordinates_has_no_distance(prepared_offers):
    offers = pick(prepared_offers, NICAYA, COOPAWATT)
    offers.loc[0, ["latitude", "longitude"]] = pd.NA
    km = distances_km(offers, LYON)
    assert pd.isna(km.iloc[0]) and km.iloc[1] < 15
    table, best = comparison_table(offers, origin=LYON)
    assert cells(table, best, "Distance depuis Lyon")[0] == ("—", False)


# --- resolving the typed city, offline ------------------------------------------------------------

class NoNetwork:
    """An online geocoder that must not be asked."""

    def locate_abroad(self, query):
        raise AssertionError(f"asked online for {query!r}")


class FakeOnline:
    def __init__(self, answers):
        self.answers, self.asked = answers, []

    def locate_abroad(self, query):
        self.asked.append(query)
        return self.answers.get(query)


@pytest.mark.parametrize(
    "query, name, near",
    [
        ("Lyon", "Lyon", (45.76, 4.84)),
        ("  lyon ", "Lyon", (45.76, 4.84)),  # the official spelling
        ("Aix-en-Provence", "Aix-en-Provence", (43.53, 5.40)),
        ("Bordeaux", "Bordeaux", (44.84, -0.58)),
        ("69340", "Francheville (69340)", (45.74, 4.76)),  # CoopaWatt's postcode
        ("69 340", "Francheville (69340)", (45.74, 4.76)),
        ("33000", "Bordeaux (33000)", (44.84, -0.58)),
    ],
)
def test_resolve_city_offline_by_name_or_postcode(query, name, near):
    origin = resolve_city(query, load_gazetteer(), online=NoNetwork())
    assert origin is not None
    assert origin.how == "gazetteer"
    assert origin.name == name
    assert (origin.latitude, origin.longitude) == (pytest.approx(near[0], abs=0.05), pytest.approx(near[1], abs=0.05))


@pytest.mark.parametrize("query, departments", [
    # The most populous of metropolitan France first, then most populous first (INSEE legal populations,
    # Etalab): Seine-Saint-Denis 149 077, La Réunion 155 634, Aude 523, Gard 296.
    ("Saint-Denis", ["93", "974", "11", "30"]),
    ("saint denis", ["93", "974", "11", "30"]),
    ("St-Denis", ["93", "974", "11", "30"]),
    ("Montreuil", ["93", "62", "85", "28"]),
])
def test_a_name_several_communes_share_offers_each_offline(query, departments):
    candidates = compare.city_candidates(query, load_gazetteer())
    assert [c.name.split("(")[1].split(",")[0] for c in candidates] == departments
    assert candidates[0].name.endswith(" (93, Seine-Saint-Denis)")
    assert all(c.how == "gazetteer" for c in candidates)


def test_saint_denis_alone_is_the_one_by_paris_not_la_reunion():
    # A new user's « ?from=Saint-Denis » measured 9 000 km to every offer from La Réunion.
    gazetteer = load_gazetteer()
    first = resolve_city("Saint-Denis", gazetteer, online=NoNetwork())
    assert first.name == "Saint-Denis (93, Seine-Saint-Denis)"
    assert (first.latitude, first.longitude) == (pytest.approx(48.93, abs=0.05), pytest.approx(2.36, abs=0.05))
    assert distances_km(pd.DataFrame({"latitude": [48.8566], "longitude": [2.3522]}), first).iloc[0] < 10  # Paris


def test_the_chosen_namesake_is_the_origin():
    gazetteer = load_gazetteer()
    # A link that chose La Réunion (« &from_commune=97411 ») keeps it.
    chosen = resolve_city("Saint-Denis", gazetteer, online=NoNetwork(), choice="97411")
    assert chosen.name == "Saint-Denis (974, La Réunion)" and chosen.latitude < 0
    chosen = resolve_city("Saint-Denis", gazetteer, online=NoNetwork(), choice="93066")
    assert chosen.name == "Saint-Denis (93, Seine-Saint-Denis)"


@pytest.mark.parametrize("query, first", [
    # La Réunion's towns (108 088, 32 000 inhabitants) against villages of the Oise and the Ariège.
    ("Saint-Paul", "Saint-Paul (974, La Réunion)"),
    ("Le Port", "Le Port (974, La Réunion)"),
    # Saint-Louis of the Haut-Rhin (22 805) against La Réunion's (54 941): less than ten times as populous.
    ("Saint-Louis", "Saint-Louis (68, Haut-Rhin)"),
])
def test_an_overseas_town_far_more_populous_than_its_namesakes_stays_first(query, first):
    assert compare.city_candidates(query, load_gazetteer())[0].name == first


def test_the_caption_names_the_chosen_commune_and_its_namesakes():
    gazetteer = load_gazetteer()
    candidates = compare.city_candidates("Saint-Denis", gazetteer)
    caption = shown(compare.origin_caption(candidates[0], candidates, "fr"))
    assert caption == ("Distances à vol d'oiseau depuis Saint-Denis (93, Seine-Saint-Denis). Autres communes de ce "
                       "nom : Saint-Denis (974, La Réunion), Saint-Denis (11, Aude), Saint-Denis (30, Gard) ; "
                       "choisissez-en une dans la liste ci-dessus.")
    english = shown(compare.origin_caption(candidates[1], candidates, "en"))
    assert english.startswith("As-the-crow-flies distances from Saint-Denis (974, La Réunion). Other municipalities "
                              "of this name: Saint-Denis (93, Seine-Saint-Denis), ")
    lyon = compare.city_candidates("Lyon", gazetteer)
    assert shown(compare.origin_caption(lyon[0], lyon, "fr")) == "Distances à vol d'oiseau depuis Lyon."


@pytest.mark.parametrize("query", ["", "   "])
def test_blank_city_is_no_origin(query):
    assert resolve_city(query, online=NoNetwork()) is None


def test_unknown_city_without_network_is_none():
    assert resolve_city("Zzzyxville", load_gazetteer(), online=None) is None


def test_city_unknown_offline_is_asked_online():
    online = FakeOnline({"Rimouski": (48.4489, -68.5232)})
    origin = resolve_city("Rimouski", load_gazetteer(), online=online)
    assert origin == Origin("Rimouski", 48.4489, -68.5232, "online")
    assert online.asked == ["Rimouski"]
    assert resolve_city("Atlantis", load_gazetteer(), online=online) is None


def test_a_total_is_the_monthly_amount_shown_times_the_months(prepared_offers):
    # The ANCT's legal minimum of 2022 is 591,50 € a month, written « 592 € »; « 3 549 € » for 6 months
    # read as a mistake beside it: the total is now what a reader would work out, 592 × 6 and × 7.
    anct = prepared_offers.set_index("offer_id").loc[ANCT]
    assert anct["stipend_monthly_eur"] != round(anct["stipend_monthly_eur"])
    table, _best = comparison_table(pick(prepared_offers, ANCT, NICAYA))
    monthly = round(anct["stipend_monthly_eur"])
    assert table.loc["Gratification mensuelle brute"].iloc[0].startswith(fmt.euros(monthly))
    assert table.loc["Total sur la durée"].iloc[0] == f"{fmt.euros(monthly * 6)} à {fmt.euros(monthly * 7)}"


def test_a_legal_rate_without_a_year_says_so_rather_than_a_bare_dash(prepared_offers):
    # Agence TACT pays « la gratification légale » in a posting with no date: the dash alone read as
    # « the posting does not state it », beside the ANCT's same words valued at 592 €.
    table, best = comparison_table(pick(prepared_offers, TACT, ANCT), "en")
    assert table.loc["Gross monthly stipend"].iloc[0] == "— (legal minimum, the posting's year unknown)"
    assert not best.loc["Gross monthly stipend"].any()
