"""The visitor's own file (issue 10, items 4 and 5): read through the real uploader of the data page (AppTest), held
within one budget for the whole server, always removable, never a traceback."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lib import uploads
from lib.limits import UPLOAD_BUDGET_ENV, UPLOAD_BUDGET_MB, upload_budget_bytes
from lib.uploads import MB, BudgetExceeded, UploadBudget, read_upload
from shell.uploads import BUDGET
from tests.conftest import match_count, offers_csv_bytes, open_page, shown

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
CSV_DEFAULT_FIELD_LIMIT = 131_072  # Python's csv module in a fresh process


@pytest.fixture(autouse=True)
def _no_upload_held():
    """Sessions under AppTest never end: what a test uploaded is let go of around it, as a session's end would."""
    for key in BUDGET.held_keys():
        BUDGET.release(key)
    yield
    for key in BUDGET.held_keys():
        BUDGET.release(key)


def upload(at, name: str, data: bytes):
    """Add a file with the data page's uploader, as a visitor does."""
    at.get("file_uploader")[0].set_value((name, data, "text/csv"))
    return at.run()


def remove_button(at):
    return [b for b in at.button if b.key == "remove_upload"]


# --- the budget --------------------------------------------------------------------------------------

def test_budget_is_the_constant_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv(UPLOAD_BUDGET_ENV, raising=False)
    assert upload_budget_bytes() == UPLOAD_BUDGET_MB * MB
    monkeypatch.setenv(UPLOAD_BUDGET_ENV, "1,5")
    assert upload_budget_bytes() == int(1.5 * MB)
    for wrong in ("beaucoup", "-3", "0"):
        monkeypatch.setenv(UPLOAD_BUDGET_ENV, wrong)
        assert upload_budget_bytes() == UPLOAD_BUDGET_MB * MB


def test_budget_counts_every_key_and_refuses_beyond_its_limit():
    budget = UploadBudget(limit=lambda: 10 * MB)
    budget.reserve("a", 6 * MB)
    budget.reserve("a", 7 * MB)  # the same upload, re-counted: not added to itself
    with pytest.raises(BudgetExceeded, match="occupent déjà 7 Mo, celui-ci en demande 4"):
        budget.reserve("b", 4 * MB)
    assert budget.held() == 7 * MB
    budget.release("a")
    budget.reserve("b", 4 * MB)
    with pytest.raises(BudgetExceeded, match=r"au plus 10 Mo .* ce fichier occupe 11 Mo une fois lu"):
        UploadBudget(limit=lambda: 10 * MB).reserve("c", 11 * MB)


def test_read_upload_holds_what_the_prepared_offers_take_and_drops_the_bytes():
    budget = UploadBudget(limit=lambda: 100 * MB)
    holder = [offers_csv_bytes([{}, {"offer_id": "autre-2024"}])]
    upload = read_upload("x.csv", holder, budget, "k")
    assert holder == [] and len(upload.offers) == 2
    assert budget.held() == upload.held_bytes > 0


def test_a_refused_upload_holds_nothing():
    budget = UploadBudget(limit=lambda: 100)
    with pytest.raises(BudgetExceeded):
        read_upload("x.csv", [offers_csv_bytes([{}])], budget, "k")
    assert budget.held() == 0


def test_an_upload_beyond_the_budget_is_refused_and_fits_once_another_is_removed(monkeypatch):
    """Two visitors (two sessions of the same server process): the second file does not fit while the first is
    held, and fits once the first visitor removes theirs."""
    first, second = offers_csv_bytes([{}]), offers_csv_bytes([{"offer_id": "deuxieme-2024"}])
    held = read_upload("mesure.csv", [first], UploadBudget(limit=lambda: 100 * MB), "mesure").held_bytes
    monkeypatch.setenv(UPLOAD_BUDGET_ENV, str(1.5 * held / MB))  # room for one such file, not two

    alice = upload(open_page("data.py"), "alice.csv", first)
    assert not alice.exception and match_count(alice) == (28, 28)
    bob = upload(open_page("data.py"), "bob.csv", second)
    assert not bob.exception
    refusal = [shown(e.value) for e in bob.error]  # names and reasons are Markdown-escaped
    assert len(refusal) == 1 and refusal[0].startswith("Fichier « bob.csv » refusé : le serveur garde au plus"), refusal
    assert "réessayez dans quelques minutes" in refusal[0]
    assert match_count(bob) == (27, 27) and remove_button(bob)

    alice.button(key="remove_upload").click().run()
    assert match_count(alice) == (27, 27) and BUDGET.held() == 0
    bob.button(key="remove_upload").click().run()
    bob = upload(bob, "bob.csv", second)
    assert not bob.error and match_count(bob) == (28, 28)


def test_the_uploader_lets_go_of_the_file_once_read():
    """Streamlit would keep the file's bytes as long as the uploader holds it (and after the session ends, for a
    reconnection): the uploader is emptied once the file is read, and its copy deleted."""
    at = upload(open_page("data.py"), "mes-offres.csv", offers_csv_bytes([{}]))
    assert match_count(at) == (28, 28)
    (uploader,) = at.get("file_uploader")
    assert uploader.proto.id.endswith("uploader_1")  # a new, empty uploader
    assert at.session_state["uploaded_file"].keys() == {"name", "key"}  # no bytes in the session
    at.run()  # a rerun reads nothing again and keeps the offers
    assert match_count(at) == (28, 28)


# --- a file whose reading fails never takes the page down ---------------------------------------------

def test_long_header_in_a_fresh_process_is_refused_with_a_message():
    """Python's csv refuses a cell over 128 KiB unless the limit was raised earlier in the process: the header's
    reading no longer depends on what the process did before."""
    from lib.report import InvalidOffersFile
    from lib.validation import load_offers

    csv.field_size_limit(CSV_DEFAULT_FIELD_LIMIT)
    with pytest.raises(InvalidOffersFile) as raised:
        load_offers((BAD / "long_header.csv").read_bytes())
    assert "la première ligne fait plus de" in raised.value.report.errors[0].reason


def test_long_header_upload_shows_a_message_and_the_remove_button():
    csv.field_size_limit(CSV_DEFAULT_FIELD_LIMIT)  # as in a server that has read no file yet
    at = upload(open_page("data.py"), "long_header.csv", (BAD / "long_header.csv").read_bytes())
    assert not at.exception
    assert any("la première ligne fait plus de" in e.value for e in at.error)
    assert remove_button(at)
    at.switch_page(str(ROOT / "pages" / "overview.py")).run()  # every page still opens
    assert not at.exception and match_count(at) == (27, 27)
    at.switch_page(str(ROOT / "pages" / "data.py")).run()
    at.button(key="remove_upload").click().run()
    assert not at.exception and not at.error and "uploaded_file" not in at.session_state


def test_a_failure_nobody_foresaw_while_reading_becomes_a_message(monkeypatch):
    """A bug in reading (here one put there on purpose) is logged on the server; the visitor gets a message and
    the remove button, and the rest of the dashboard keeps working."""
    def broken(_data):
        raise RuntimeError("bogue")

    monkeypatch.setattr(uploads, "load_offers", broken)
    at = upload(open_page("data.py"), "x.csv", offers_csv_bytes([{}]))
    assert not at.exception
    assert any("erreur interne RuntimeError" in e.value for e in at.error)
    assert "bogue" not in str([e.value for e in at.error])  # no internals on screen
    assert remove_button(at) and match_count(at) == (27, 27)
    at.button(key="remove_upload").click().run()
    assert not at.error


def test_a_failure_while_showing_the_file_keeps_the_remove_button(monkeypatch):
    from lib.report import ValidationReport

    def broken(_self):
        raise ValueError("bogue d'affichage")

    monkeypatch.setattr(ValidationReport, "to_frame", broken)
    rows = [{}, {"offer_id": "rejetee", "org_type": "bogus"}]
    at = upload(open_page("data.py"), "x.csv", offers_csv_bytes(rows))
    assert not at.exception
    assert any("n'a pas pu être affiché" in e.value for e in at.error)
    assert remove_button(at)
