"""The sidebar's filters on the 27 bundled offers; each expected set is checked by hand against the
seed postings as recorded in data/offers.csv."""

import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.filters import OfferFilters, apply_filters, duration_bounds, fold, start_months, stipend_bounds
from lib.offers import prepare_offers
from lib.validation import load_offers

PARIS_11 = {"paris-11-communication-service-civique-2023", "paris-11-designer-service-civique",
            "paris-11-developpement-vie-citoyenne-2023"}
LOCAL_AUTHORITIES = PARIS_11 | {
    "la-montagne-democratie-locale-2023",  # « Ville de La Montagne »
    "merignac-budget-participatif-2023",  # « la commune de Mérignac »
    "petr-arles-conseil-developpement-2023",  # « Pôle d'Équilibre Territorial et Rural »
    "petr-arles-participation-communication-2023",
    "plaine-commune-democratie-locale-2022",  # « intercommunalité au Nord de Paris »
    "rennes-fabrique-citoyenne-climat-2023",  # « Collectivité Rennes Métropole et Ville de Rennes »
}
SCOPS = {"coopawatt-concertation-enr-2023", "mediation-environnement-concertation-2023"}
NO_STIPEND = {"guidasso-mesure-impact-social-2023", "make-org-chef-projet-junior-2023",
              "merignac-budget-participatif-2023", "paris-11-designer-service-civique",
              "plaine-commune-democratie-locale-2022", "reso-villes-collectifs-citoyens-2025",
              "sage-adour-amont-concertation-2023",
              # no date in the text, so no year to value the legal minimum (or its lower bound) at
              "agence-tact-concertation-2023", "vox-operatio-democratie-participative-2023"}
NO_DURATION = {"decider-ensemble-stagiaire-2023", "paris-11-designer-service-civique",
               "sage-adour-amont-concertation-2023"}
NO_START = {"agence-tact-concertation-2023", "decider-ensemble-stagiaire-2023", "paris-11-designer-service-civique",
            "vox-operatio-democratie-participative-2023"}


def ids(offers: pd.DataFrame, **filters) -> set[str]:
    return set(apply_filters(offers, OfferFilters(**filters))["offer_id"])


def test_no_filter_keeps_every_offer_in_order(prepared_offers):
    result = apply_filters(prepared_offers, OfferFilters())
    assert result["offer_id"].tolist() == prepared_offers["offer_id"].tolist()
    assert len(result) == 27


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"org_types": ("scop",)}, SCOPS),
        ({"org_types": ("local_authority",)}, LOCAL_AUTHORITIES),
        ({"org_types": ("company",)}, {"make-org-chef-projet-junior-2023"}),  # « une entreprise »
        ({"org_types": ("scop", "company")}, SCOPS | {"make-org-chef-projet-junior-2023"}),
        # « le.la service civique »: the three offers of Paris 11e
        ({"contracts": ("civic_service",)}, PARIS_11),
        ({"regions": ("Provence-Alpes-Côte d'Azur",)},
         {"nicaya-consultant-concertation-2023", "petr-arles-conseil-developpement-2023",
          "petr-arles-participation-communication-2023"}),
        ({"regions": ("Étranger",)}, {"uqar-concertation-risques-cotiers-2023"}),  # Rimouski, Québec
        ({"departments": ("69",)}, {"coopawatt-concertation-enr-2023", "planete-publique-concertation-2023"}),
        ({"remote": ("none",)}, {"ifree-biodiversite-quartiers-prioritaires-2023"}),  # « en présentiel »
        ({"remote": ("partial",)},
         {"anct-participation-engagement-citoyen-2022", "coopawatt-concertation-enr-2023",
          "democratie-ouverte-communication-2023", "make-org-chef-projet-junior-2023",
          "mediation-environnement-concertation-2023", "plaine-commune-democratie-locale-2022",
          "vox-operatio-democratie-participative-2023"}),
        # « permis B nécessaire », « véhicule personnel nécessaire », « Permis de conduire requis »,
        # « Permis B exigé »
        ({"driving_licence": ("required",)},
         {"agence-tact-concertation-2023", "ifree-biodiversite-quartiers-prioritaires-2023",
          "nicaya-consultant-concertation-2023", "petr-arles-conseil-developpement-2023"}),
        ({"themes": ("energy",)}, {"agence-tact-concertation-2023", "coopawatt-concertation-enr-2023"}),
        ({"themes": ("energy", "water")},  # any of the themes
         {"agence-tact-concertation-2023", "coopawatt-concertation-enr-2023", "sage-adour-amont-concertation-2023"}),
        ({"themes": ("design",)}, {"paris-11-designer-service-civique"}),
        # « 770 euros/mois », « 800€ brut », « 900 € bruts par mois »
        ({"stipend_range": (700.0, 1000.0)},
         {"coopawatt-concertation-enr-2023", "mediation-environnement-concertation-2023",
          "planete-publique-concertation-2023"}),
        ({"stipend_range": (1300.0, 1300.0)}, {"nicaya-consultant-concertation-2023"}),  # bounds inclusive
        # Only Médiation & Environnement can last under 4 months (« 3 à 6 mois »).
        ({"duration_range": (1.0, 3.0)}, {"mediation-environnement-concertation-2023"}),
        # More than 6 months: ANCT « 6 à 7 mois », Paris 11e « entre 6 et 9 mois ».
        ({"duration_range": (6.5, 12.0)},
         {"anct-participation-engagement-citoyen-2022", "paris-11-communication-service-civique-2023",
          "paris-11-developpement-vie-citoyenne-2023"}),
        ({"start_range": ("2025-01", "2025-12")},
         {"pqna-dialogue-territorial-2025", "reso-villes-collectifs-citoyens-2025"}),
        ({"start_range": ("2022-01", "2022-12")},
         {"anct-participation-engagement-citoyen-2022", "plaine-commune-democratie-locale-2022"}),
    ],
)
def test_each_filter_alone(prepared_offers, filters, expected):
    assert ids(prepared_offers, **filters) == expected


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"org_types": ("local_authority",), "contracts": ("internship",)}, LOCAL_AUTHORITIES - PARIS_11),
        ({"regions": ("Nouvelle-Aquitaine",), "remote": ("partial",)}, {"mediation-environnement-concertation-2023"}),
        ({"org_types": ("scop",), "stipend_range": (750.0, 790.0)}, {"coopawatt-concertation-enr-2023"}),
        ({"search": "concertation", "stipend_range": (700.0, 1000.0), "themes": ("energy",)},
         {"coopawatt-concertation-enr-2023"}),
        ({"org_types": ("scop",), "contracts": ("civic_service",)}, set()),
    ],
)
def test_filters_combine(prepared_offers, filters, expected):
    assert ids(prepared_offers, **filters) == expected


def test_unknown_values_are_kept_until_a_range_is_narrowed(prepared_offers):
    everything = set(prepared_offers["offer_id"])
    # The sidebar sends None for a range left at its bounds: nothing is filtered.
    assert ids(prepared_offers, stipend_range=None, duration_range=None, start_range=None) == everything
    # A range, even the widest, leaves out the offers whose value nobody knows.
    low, high = stipend_bounds(prepared_offers)
    assert ids(prepared_offers, stipend_range=(low, high)) == everything - NO_STIPEND
    low, high = duration_bounds(prepared_offers)
    assert ids(prepared_offers, duration_range=(low, high)) == everything - NO_DURATION
    months = start_months(prepared_offers)
    assert ids(prepared_offers, start_range=(months[0], months[-1])) == everything - NO_START


def test_an_offer_with_one_duration_bound_is_filtered_on_it(make_offers_csv):
    # « jusqu'à 6 mois »: no minimum stated; the offer still matches a range around 6 months.
    data = make_offers_csv([{"offer_id": "up-to-six", "duration_min_months": "", "duration_max_months": "6"},
                            {"offer_id": "from-two", "duration_min_months": "2", "duration_max_months": ""}])
    offers = prepare_offers(load_offers(data).offers, "uploaded")
    assert ids(offers, duration_range=(5.0, 6.0)) == {"up-to-six"}
    assert ids(offers, duration_range=(1.0, 2.0)) == {"from-two"}


@pytest.mark.parametrize(
    "search",
    ["democratie", "Démocratie", "DÉMOCRATIE", "  démocratie ", "DéMoCrAtIe"],
)
def test_search_ignores_accents_and_case(prepared_offers, search):
    # « démocratie » in a title or an organisation: Démocratie Ouverte, Ville de La Montagne
    # (« Stage démocratie locale »), Mérignac, Plaine Commune, Vox Operatio.
    assert ids(prepared_offers, search=search) == {
        "democratie-ouverte-communication-2023", "la-montagne-democratie-locale-2023",
        "merignac-budget-participatif-2023", "plaine-commune-democratie-locale-2022",
        "vox-operatio-democratie-participative-2023"}


@pytest.mark.parametrize(
    "search, expected",
    [
        ("energies renouvelables", {"coopawatt-concertation-enr-2023"}),  # in the title, « énergies »
        ("reso villes", {"reso-villes-collectifs-citoyens-2025"}),  # the organisation, « RésO Villes »
        ("québec", {"uqar-concertation-risques-cotiers-2023"}),
        ("chef(fe)", {"make-org-chef-projet-junior-2023"}),  # taken literally, not as a pattern
        ("[stage", {"la-rochelle-zero-carbone-agir-citoyen-2023"}),
        ("zzzz", set()),
        # « mise en œuvre » (Guid'Asso, Mérignac), typed the way most keyboards allow, or not
        ("mise en oeuvre", {"guidasso-mesure-impact-social-2023", "merignac-budget-participatif-2023"}),
        ("MISE EN ŒUVRE", {"guidasso-mesure-impact-social-2023", "merignac-budget-participatif-2023"}),
    ],
)
def test_search_in_title_and_organisation(prepared_offers, search, expected):
    assert ids(prepared_offers, search=search) == expected


def test_blank_search_filters_nothing(prepared_offers):
    assert len(ids(prepared_offers, search="   ")) == 27


def test_fold():
    assert fold("Démocratie Élue") == "democratie elue"
    assert fold("RésO Villes") == "reso villes"
    assert fold("e\u0301nergie") == fold("énergie") == "energie"  # decomposed or not
    assert fold("Œuvre, ex æquo") == "oeuvre, ex aequo"  # ligatures have no decomposition


@settings(max_examples=40, deadline=None)
@given(position=st.integers(min_value=0, max_value=26), start=st.integers(0, 20), length=st.integers(3, 12),
       upper=st.booleans())
def test_any_piece_of_a_title_finds_its_offer(_bundled_prepared, position, start, length, upper):
    offer = _bundled_prepared.iloc[position]
    piece = offer["title"][start:start + length].strip()
    if len(fold(piece).strip()) < 2:
        return
    piece = piece.upper() if upper else unicodedata.normalize("NFD", piece)
    assert offer["offer_id"] in ids(_bundled_prepared, search=piece)


def test_bounds_of_the_sliders(prepared_offers):
    # 591,50 € (2022 minimum) to 1 300 € (Nicaya), in steps of 50 €.
    assert stipend_bounds(prepared_offers) == (550.0, 1300.0)
    # From Médiation & Environnement's 3 months to Paris 11e's 9.
    assert duration_bounds(prepared_offers) == (3.0, 9.0)
    months = start_months(prepared_offers)
    # From Plaine Commune's January 2022 to PQN-A's February 2025, every month.
    assert months[0] == "2022-01" and months[-1] == "2025-02"
    assert len(months) == 12 * 3 + 2


def test_bounds_of_an_empty_table(prepared_offers):
    empty = prepared_offers.iloc[0:0]
    assert stipend_bounds(empty) == (0.0, 2000.0)
    assert duration_bounds(empty) == (1.0, 12.0)
    assert start_months(empty) == []


def test_bounds_of_a_single_value_still_make_a_range(prepared_offers):
    nicaya = prepared_offers[prepared_offers["offer_id"] == "nicaya-consultant-concertation-2023"]
    assert stipend_bounds(nicaya) == (1300.0, 1350.0)
    assert duration_bounds(nicaya) == (6.0, 7.0)


def test_the_search_column_is_the_same_whatever_pieces_hold_title_and_organisation():
    """The search column is folded a slice of rows at a time (memory, lib.filters.search_texts); the
    title and organisation may come in pieces that do not line up (a Parquet row group, a joined
    column). Every offer must still find its own title and organisation, missing ones included."""
    import itertools

    import pyarrow as pa

    from lib.filters import search_texts

    rows = 70_000  # more than one slice of _FOLD_ROWS
    titles = [None if i % 997 == 0 else f"Chargé·e de mission Œuvre n°{i}" for i in range(rows)]
    organisations = [None if i % 1009 == 0 else f"Mairie d'Élancourt {i % 37}" for i in range(rows)]

    def in_pieces(values: list, cuts: list[int]) -> pd.Series:
        bounds = [0, *cuts, len(values)]
        chunks = [pa.array(values[a:b], type=pa.large_string()) for a, b in itertools.pairwise(bounds)]
        return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks)), dtype="string[pyarrow]")

    offers = pd.DataFrame({"title": in_pieces(titles, [1_000, 40_001, 65_540]),
                           "organisation": in_pieces(organisations, [33_333])}).set_axis(range(5, rows + 5))
    folded = search_texts(offers)
    assert folded.index.tolist() == offers.index.tolist()
    expected = [fold(f"{t or ''} {o or ''}") for t, o in zip(titles, organisations, strict=True)]
    assert folded.tolist() == expected
    assert folded.iloc[997] == " mairie d'elancourt 35"
    assert folded.iloc[1] == "chargee de mission oeuvre n1 mairie d'elancourt 1"


def test_regions_are_listed_in_french_alphabetical_order_abroad_and_unknown_last(prepared_offers):
    from lib.categories import sorted_regions
    from lib.filters import filter_choices

    regions = ["Étranger", "Normandie", "Île-de-France", "Non précisée", "Hauts-de-France", "Auvergne-Rhône-Alpes",
               "Pays de la Loire", "Provence-Alpes-Côte d'Azur", "Nouvelle-Aquitaine", "Occitanie"]
    assert sorted_regions(regions) == ["Auvergne-Rhône-Alpes", "Hauts-de-France", "Île-de-France", "Normandie",
                                       "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire",
                                       "Provence-Alpes-Côte d'Azur", "Étranger", "Non précisée"]
    # The sidebar's list for the bundled offers: Île-de-France among the I's, abroad (UQAR) last.
    assert filter_choices(prepared_offers, True).regions == (
        "Auvergne-Rhône-Alpes", "Bretagne", "Île-de-France", "Nouvelle-Aquitaine", "Pays de la Loire",
        "Provence-Alpes-Côte d'Azur", "Étranger")
