"""The offline gazetteer places French communes from La Poste's base, with no network."""

from pathlib import Path

import pytest

from lib.gazetteer import build, build_populations, department_of, load_gazetteer, normalise_name

SHARED_GEO = Path(__file__).resolve().parent.parent.parent / "shared" / "geo"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize(
    "city, postcode, department, region",
    [
        ("Arles", "13200", "13", "Provence-Alpes-Côte d'Azur"),
        ("Mérignac", "33700", "33", "Nouvelle-Aquitaine"),
        ("Saint-Denis", "93210", "93", "Île-de-France"),  # La Plaine Saint-Denis, not Saint-Denis (Réunion)
        ("Francheville", "69340", "69", "Auvergne-Rhône-Alpes"),  # not Francheville (Orne, 61570)
        ("La Montagne", "44620", "44", "Pays de la Loire"),
        ("Villiers-en-Bois", "79360", "79", "Nouvelle-Aquitaine"),
        ("Paris", "75011", "75", "Île-de-France"),
    ],
)
def test_commune_by_name_and_postcode(gazetteer, city, postcode, department, region):
    place = gazetteer.locate(city, postcode)
    assert place is not None and place.precision == "commune"
    assert (place.department_code, place.region) == (department, region)


def test_name_alone_when_unique(gazetteer):
    place = gazetteer.locate("Aix-en-Provence")
    assert place.department_code == "13"
    assert 43.4 < place.latitude < 43.7 and 5.2 < place.longitude < 5.6


def test_ambiguous_name_needs_a_department(gazetteer):
    assert gazetteer.locate("La Montagne") is None  # Loire-Atlantique or Haute-Saône?
    assert gazetteer.locate("La Montagne", department_code="70").department_code == "70"


def test_whole_city_split_in_arrondissements(gazetteer):
    paris = gazetteer.locate("Paris")
    assert paris.precision == "commune"
    assert 48.82 < paris.latitude < 48.90 and 2.25 < paris.longitude < 2.42
    assert gazetteer.locate("Lyon").department_code == "69"


def test_unknown_commune_falls_back_to_the_department_marked_approximate(gazetteer):
    place = gazetteer.locate("Nulle-Part-sur-Mer", "13999")
    assert place.precision == "department"
    assert place.department_code == "13"


def test_nothing_at_all(gazetteer):
    assert gazetteer.locate("Nulle-Part-sur-Mer") is None


@pytest.mark.parametrize("raw, expected", [("Mérignac", "MERIGNAC"), ("Saint-Denis", "SAINT DENIS"),
                                           ("St-Fabien", "SAINT FABIEN"), ("L’Île-d’Yeu", "L ILE D YEU")])
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize("insee, department", [("13004", "13"), ("2A004", "2A"), ("97411", "974")])
def test_department_of_insee_code(insee, department):
    assert department_of(insee) == department


def test_shipped_derivative_is_what_the_build_writes(tmp_path):
    communes, departments = build(SHARED_GEO, tmp_path)
    assert departments == 109
    shipped = Path(__file__).resolve().parent.parent / "data" / "geo"
    assert (tmp_path / "departements.csv").read_text() == (shipped / "departements.csv").read_text()
    rebuilt = load_gazetteer.__wrapped__(tmp_path)
    assert len(rebuilt.communes) == communes == len(load_gazetteer().communes)


def test_namesakes_most_populous_first(gazetteer):
    # INSEE legal populations (Etalab's communes.json): Saint-Denis de La Réunion 155 634, de Seine-Saint-Denis
    # 149 077, of the Aude 523, of the Gard 296.
    communes = gazetteer.communes_named("Saint-Denis")
    assert [(c.department_code, c.name) for c in communes] == [("974", "Saint-Denis"), ("93", "Saint-Denis"),
                                                                ("11", "Saint-Denis"), ("30", "Saint-Denis")]
    assert communes[0].population > communes[1].population > 100_000 > communes[2].population
    assert gazetteer.communes_named("Montreuil")[0].department_name == "Seine-Saint-Denis"


def test_populations_are_built_from_etalabs_communes(tmp_path):
    source = tmp_path / "communes.json"
    source.write_text('[{"code":"93066","nom":"Saint-Denis","type":"commune-actuelle","population":149077},'
                      '{"code":"93066","nom":"Saint-Denis","type":"commune-deleguee"},'
                      '{"code":"75101","nom":"Paris 1er Arrondissement","type":"arrondissement-municipal",'
                      '"population":15114}]', encoding="utf-8")
    assert build_populations(source, tmp_path) == 2
    import pandas as pd

    table = pd.read_csv(tmp_path / "populations.csv.gz", dtype={"insee": str})
    assert table.values.tolist() == [["75101", "Paris 1er Arrondissement", 15114], ["93066", "Saint-Denis", 149077]]
