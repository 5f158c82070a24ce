"""The data page's own download uploaded back, and uploads whose columns or contents could break a
page: no page raises, the report leads with errors, the remove button stays reachable (issue 11)."""

from __future__ import annotations

import csv
import io

import pytest

import shell.data
from lib.schema import COMPUTED_COLUMNS
from shell.navigation import PAGES
from tests.conftest import downloaded, match_count, open_page, shown, table_with_column

PAGE_FILES = [file for file, _title, _icon in PAGES]
PAGES_WITHOUT_FILTERS = ("add_offer.py", "collection.py")  # no sidebar filters, no match count
SCOP_URL = {"org": ["scop"]}  # CoopaWatt and Médiation & Environnement


def download_of(query_params, media_managers) -> bytes:
    at = open_page("data.py", query_params=query_params)
    assert not at.exception
    return downloaded(at, media_managers, "download")


def with_upload(data: bytes, name: str = "offres-stages.csv") -> dict:
    return {"uploaded_file": {"name": name, "data": data}}


def edited(data: bytes, edit) -> bytes:
    """The downloaded CSV after a spreadsheet edit: ``edit(rows)`` changes the list of dicts."""
    text = data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = list(rows[0])
    edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("page", PAGE_FILES)
def test_the_apps_own_download_uploads_back_on_every_page(page, media_managers):
    data = download_of(SCOP_URL, media_managers)
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert set(COMPUTED_COLUMNS) - {"_search"} <= set(header)  # the download does carry them
    at = open_page(page, session_state=with_upload(data))
    assert not at.exception, at.exception
    if page not in PAGES_WITHOUT_FILTERS:
        # Identical to two bundled offers: recognised, not counted twice.
        assert match_count(at) == (27, 27)
        assert any("2 offres du fichier sont déjà dans le tableau de bord" in i.value for i in at.info)


def test_the_report_says_once_that_the_computed_columns_were_set_aside(media_managers):
    at = open_page("data.py", session_state=with_upload(download_of(SCOP_URL, media_managers)))
    report = table_with_column(at, "problème")
    computed = report[report["problème"].str.contains("calculées par le tableau de bord")]
    assert len(computed) == 1
    assert not report["problème"].str.contains("colonne inconnue").any()
    assert "stipend_monthly_eur" in computed["valeur"].iloc[0]


def test_an_edited_download_adds_the_changed_offer_and_lists_errors_first(media_managers):
    def edit(rows):
        rows[0]["title"] = "Stage modifié dans le tableur"  # a changed offer under a taken id
        rows[1]["stipend_amount_eur"] = "abc"  # an error, below fifteen warnings' worth of columns

    data = edited(download_of(SCOP_URL, media_managers), edit)
    at = open_page("data.py", session_state=with_upload(data))
    assert not at.exception
    assert match_count(at) == (28, 28)
    assert any("1 identifiant déjà pris" in i.value for i in at.info)
    report = table_with_column(at, "problème")
    assert report["gravité"].iloc[0] == "erreur"
    assert report["colonne"].iloc[0] == "stipend_amount_eur" and report["valeur"].iloc[0] == "abc"
    assert list(report["gravité"]) == sorted(report["gravité"], key=lambda g: g != "erreur")
    assert "Stage modifié dans le tableur" in set(table_with_column(at, "Intitulé")["Intitulé"])


HOSTILE_COLUMNS = ["row", "index", "level_0", "source_row", "_search", "dataset", "located", "region_label",
                   "stipend_text_en", "duration_mid", "start_month", "Unnamed: 0", "OFFER_ID", "_extent_start"]


@pytest.mark.parametrize("page", PAGE_FILES)
def test_columns_named_like_the_apps_own_never_break_a_page(page, make_offers_csv):
    base = make_offers_csv([{}, {"offer_id": "second-2024", "contract": "civic_service"}]).decode("utf-8")
    lines = base.splitlines()
    lines[0] += "," + ",".join(f'"{c}"' for c in HOSTILE_COLUMNS)
    garbage = ["=1+1", "", "nan", "True", "2024-13", "-1", "x" * 300, "None", "[]", "{}", "0", "NaN", "1e309", ";"]
    lines[1:] = [line + "," + ",".join(garbage) for line in lines[1:]]
    at = open_page(page, session_state=with_upload("\n".join(lines).encode("utf-8")))
    assert not at.exception, at.exception
    if page not in PAGES_WITHOUT_FILTERS:
        assert match_count(at) == (29, 29)


def test_when_combining_fails_the_bundled_offers_and_the_remove_button_stay(make_offers_csv, monkeypatch):
    real = shell.data.combine_offers

    def failing(bundled, uploaded):
        if uploaded is not None:
            raise KeyError("an unforeseen column")
        return real(bundled, uploaded)

    monkeypatch.setattr(shell.data, "combine_offers", failing)
    at = open_page("data.py", session_state=with_upload(make_offers_csv([{}])))
    assert not at.exception
    assert match_count(at) == (27, 27)
    assert any("n'ont pas pu être ajoutées" in e.value for e in at.error)
    at.button(key="remove_upload").click().run()
    assert not at.exception
    assert "uploaded_file" not in at.session_state
    assert not at.error


def test_uploading_back_a_file_already_there_is_an_information_not_a_success(media_managers):
    at = open_page("data.py", session_state=with_upload(download_of(SCOP_URL, media_managers)))
    assert not at.exception
    assert not [s.value for s in at.success]  # not a green « 0 offre ajoutée »
    assert any("Rien n'a été ajouté depuis « offres-stages.csv »" in shown(i.value) and "déjà" in i.value
               for i in at.info), [i.value for i in at.info]


def test_a_file_that_adds_offers_is_still_a_success(make_offers_csv):
    at = open_page("data.py", session_state=with_upload(make_offers_csv([{}]), name="nouvelles.csv"))
    assert not at.exception
    assert [shown(s.value) for s in at.success] == ["1 offre de « nouvelles.csv » ajoutée pour cette session."]
