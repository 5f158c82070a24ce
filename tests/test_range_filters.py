"""Range filters filter only where the user moved them, with data that grows after the URL was written;
the filters users asked for: by stipend against the legal minimum, by study level (issue 11).

The bundled offers start from janvier 2022 to février 2025 (4 with no start month), pay 550 € to 1 300 €
a month where known (7 unknown) and last 3 to 9 months (1 unknown)."""

from __future__ import annotations

from lib import filters
from tests.conftest import match_count, open_page, table_with_column

# One offer the bundled data has no room for: it starts in March 2026 and pays 2 000 € for 10 months.
LATER = {"offer_id": "later-offer-2026", "start_earliest": "2026-03", "year": "2026", "stipend_amount_eur": "2000",
         "duration_min_months": "10", "duration_max_months": "10"}


def upload(at, make_offers_csv, *rows) -> None:
    """Add a file as the data page's uploader does (its callback stores it before the page runs)."""
    at.session_state["uploaded_file"] = {"name": "plus.csv", "data": make_offers_csv(list(rows))}
    at.run()
    assert not at.exception, at.exception


def test_untouched_ranges_follow_data_that_grows(make_offers_csv):
    at = open_page()
    assert match_count(at) == (27, 27)
    assert at.select_slider(key="start").value == ("2022-01", "2025-02")
    upload(at, make_offers_csv, LATER)
    # The new offer and the four with no start month are still shown: no filter was ever set.
    assert match_count(at) == (28, 28)
    assert at.select_slider(key="start").value == ("2022-01", "2026-03")
    assert at.select_slider(key="stipend").value == (550.0, 2000.0)
    assert not {"start", "stipend", "duration"} & set(at.query_params)


def test_a_moved_end_stays_where_it_was_put_and_the_other_follows_the_data(make_offers_csv):
    at = open_page()
    at.select_slider(key="start").set_range("2023-01", "2025-02").run()
    assert at.query_params["start"] == ["2023-01", ""]  # from janvier 2023, no end
    before = match_count(at)[0]
    upload(at, make_offers_csv, LATER)
    assert at.select_slider(key="start").value == ("2023-01", "2026-03")
    assert match_count(at) == (before + 1, 28)


def test_a_link_written_before_the_data_grew_keeps_the_new_offers(make_offers_csv):
    # « from 700 € » written when the highest stipend was 1 300 €; a 2 000 € offer was added since.
    data = make_offers_csv([LATER])
    at = open_page(query_params={"stipend": ["700", ""]},
                   session_state={"uploaded_file": {"name": "plus.csv", "data": data}})
    assert not at.exception
    assert at.select_slider(key="stipend").value == (700.0, 2000.0)
    organisations = set(table_with_column(at, "Structure")["Structure"])
    assert "Association Test" in organisations  # LATER's organisation
    # CoopaWatt 770, Médiation 800, Planète Publique 900, Nicaya 1 300, and the new one.
    assert match_count(at) == (5, 28)


def test_a_range_moved_back_to_its_extent_is_no_filter():
    at = open_page()
    at.select_slider(key="stipend").set_range(700.0, 1300.0).run()
    assert match_count(at)[0] < 27
    at.select_slider(key="stipend").set_range(550.0, 1300.0).run()
    assert match_count(at) == (27, 27)  # the 8 offers with no known stipend are back
    assert "stipend" not in at.query_params
    assert not any("inconnue" in c.value for c in at.sidebar.caption)


def test_a_link_beyond_the_data_is_brought_back_to_its_extent():
    at = open_page(query_params={"stipend": ["700", "5000"]})
    assert at.select_slider(key="stipend").value == (700.0, 1300.0)
    assert match_count(at) == (4, 27)


def test_narrowed_ranges_as_filters():
    assert filters.narrowed((550.0, 1300.0), (550.0, 1300.0)) is None
    assert filters.narrowed((700.0, 1300.0), (550.0, 1300.0)) == (700.0, None)
    assert filters.narrowed(("2022-01", "2023-06"), ("2022-01", "2025-02")) == (None, "2023-06")


# --- the filters users asked for -----------------------------------------------------------------

def test_above_the_legal_minimum_by_status_not_by_amount():
    # A slider at 650 € keeps PQN-A's « gratification légale » of 2025 (659,75 €): it is the minimum.
    slider = open_page(query_params={"stipend": ["650", ""]})
    assert "Pays et Quartiers de Nouvelle-Aquitaine (PQN-A)" in set(table_with_column(slider, "Structure")["Structure"])
    at = open_page(query_params={"pay": "above_minimum"})
    assert not at.exception
    organisations = set(table_with_column(at, "Structure")["Structure"])
    # 770, 800, 900 and 1 300 € stated in 2023, and Vox Operatio's « supérieure au minimum légal ».
    assert organisations == {"CoopaWatt SCOP", "Médiation & Environnement", "Planète Publique (Planète Citoyenne)",
                             "Nicaya Conseil", "Vox Operatio"}
    assert at.multiselect(key="pay").value == ["above_minimum"]


def test_at_the_legal_minimum_includes_an_hourly_rate_at_the_minimum():
    at = open_page(query_params={"pay": "at_minimum"})
    # The 9 dated « gratification légale » postings (both of the Arles pair; Agence TACT's has no year)
    # and Décider ensemble's « 4,05 € de l'heure » (the 2023 minimum); Rennes's « Stage indemnisé » and
    # La Montagne's « Indemnité de stage » (paid_unstated) do not say the legal rate.
    assert match_count(at) == (10, 27)


def test_study_level_filter():
    at = open_page(query_params={"level": "licence"})
    assert not at.exception
    assert set(table_with_column(at, "Structure")["Structure"]) == {"Décider ensemble"}
    at.multiselect(key="level").set_value(["licence", "master_1"]).run()
    # Décider ensemble (licence), and the five open to a master 1: TACT, Make.org, PQN-A, RésO Villes, SAGE.
    assert match_count(at)[0] == 6
