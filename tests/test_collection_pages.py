"""AppTest of the add-offer and Collection pages: what a visitor may do (suggest, nothing else, even
with a crafted session state or URL), what a curator does (publish, correct, unpublish, restore,
review), and the published offers on every page beside the bundled ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.collection import CURATOR, Actor, Collection
from lib.collection.roles import hash_password
from lib.review import BOTH, SKIP
from shell.collection import ENV_LOCAL_CURATOR, ENV_PASSWORD_HASH
from tests.conftest import ENTRY_POINT, PAGES_DIR, match_count, open_page, shown, table_with_column

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
PETR_TEXT = (SEEDS / "002_f2157a598d1d4ca7.txt").read_text(encoding="utf-8")
PASSWORD = "correct horse battery staple"
BUNDLED = 27


@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password(PASSWORD)


def collection() -> Collection:
    return Collection.open(os.environ["COLLECTION_DATABASE_URL"])


def pasted(text: str = PETR_TEXT, **state) -> AppTest:
    """The add-offer page with ``text`` read. Seed 002 is already among the bundled offers: lib.ingest
    flags it as a likely repeat and proposes to skip it; these tests are about sending, so the user
    chooses to keep both, as they would for a new edition of the posting."""
    at = open_page("add_offer.py", session_state=state or None)
    at.text_area(key="add_offer_text").input(text).run()
    at.button(key="add_offer_propose").click().run()
    assert not at.exception
    decision = [r for r in at.radio if r.key == "add_offer_decision_0"]
    if text == PETR_TEXT:
        assert decision and decision[0].value == SKIP  # the repeat is skipped unless the user says otherwise
    if decision and decision[0].value == SKIP:
        decision[0].set_value(BOTH).run()
    return at


def buttons(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.button]


def texts(at: AppTest) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "text")
                     for e in at.get(kind) if isinstance(getattr(e, "value", None), str))


# --- visitors -------------------------------------------------------------------------------------

def test_a_skipped_repeat_says_nothing_is_sent_before_and_after_the_click():
    # Seed 002 repeats a bundled offer: « Ignorer » is chosen for the user, and the button still read
    # « Suggérer cette offre », then « Envoyées : 0 ; restées ici : 0 » counted the proposal nowhere.
    at = open_page("add_offer.py")
    at.text_area(key="add_offer_text").input(PETR_TEXT).run()
    at.button(key="add_offer_propose").click().run()
    assert [r.value for r in at.radio if r.key == "add_offer_decision_0"] == [SKIP]
    assert at.button(key="add_offer_send_one").proto.label == "Ignorer cette proposition (rien ne sera envoyé)"
    at.button(key="add_offer_send_one").click().run()
    assert not at.exception
    counted = "Envoyées : 0 ; ignorées comme vous l'avez choisi : 1 ; non envoyées, gardées ici pour correction : 0."
    assert counted in [i.value for i in at.info]
    assert [toast.value for toast in at.toast] == [counted]  # said where the user clicked: the count is a screen up
    assert "Proposition ignorée : rien n'a été envoyé." in [i.value for i in at.info]
    assert collection().pending(Actor("test", CURATOR)) == []  # nothing reached the review queue

def test_a_visitor_suggests_and_nobody_else_sees_it():
    at = pasted()
    assert "Suggérer cette offre" in buttons(at) and "Publier cette offre" not in buttons(at)
    assert "Aucun curateur n'est encore désigné" in texts(at)
    assert "curator_password_hash" in texts(at)  # folded away, for whoever deploys
    at.button(key="add_offer_send_one").click().run()
    assert not at.exception
    assert any("Suggestion envoyée" in s.value for s in at.success)
    mine = at.dataframe[-1].value  # « Vos suggestions de cette session »
    assert list(mine["État"]) == ["en attente de relecture"]
    assert collection().published_rows() == []
    assert len(collection().pending(Actor("curator", CURATOR))) == 1
    assert match_count(open_page("overview.py")) == (BUNDLED, BUNDLED)


@pytest.mark.parametrize("crafted", [
    {"_collection_curator_nonce": "anything", "curator": True, "role": "curator"},
    {"sign_in_outcome": "ok", "edit_version": 1, "queue_pick": 1},
])
def test_a_visitor_cannot_publish_by_crafting_session_state_or_url(crafted, password_hash, monkeypatch):
    monkeypatch.setenv(ENV_PASSWORD_HASH, password_hash)
    at = pasted(**crafted)
    at.query_params["role"] = "curator"
    at.run()
    assert "Publier cette offre" not in buttons(at)
    at.button(key="add_offer_send_one").click().run()
    assert collection().published_rows() == []  # sent as a suggestion, not published
    page = open_page("collection.py", query_params={"role": "curator", "curator": "1"}, session_state=crafted)
    assert not page.exception
    assert page.text_input(key="sign_in_password") is not None  # asked to sign in
    assert "Écarter la suggestion" not in buttons(page) and not page.tabs


def test_a_deployment_without_secrets_has_no_curator_even_with_local_mode_asked_remotely(monkeypatch):
    """``make run`` asks for the local curator; secrets configured elsewhere always win."""
    monkeypatch.setenv(ENV_LOCAL_CURATOR, "1")
    monkeypatch.setenv(ENV_PASSWORD_HASH, hash_password("another password!"))
    at = pasted()
    assert "Suggérer cette offre" in buttons(at)


def test_suggestions_are_limited_per_session(monkeypatch):
    from lib import limits

    monkeypatch.setattr(limits, "MAX_SUGGESTIONS_PER_SESSION", 1)
    at = pasted()
    at.button(key="add_offer_send_one").click().run()
    at.text_area(key="add_offer_text").input(PETR_TEXT + "\n").run()
    at.button(key="add_offer_propose").click().run()
    at.button(key="add_offer_send_one").click().run()
    assert any("maximum" in e.value for e in at.error)
    assert at.text_input(key="add_offer_organisation").value.startswith("Pôle d")  # the form is kept


# --- curators ---------------------------------------------------------------------------------------

def test_the_local_curator_is_told_so_and_publishes(monkeypatch):
    monkeypatch.setenv(ENV_LOCAL_CURATOR, "1")
    at = pasted()
    assert "Vous êtes curateur" in texts(at)
    at.button(key="add_offer_send_one").click().run()
    assert not at.exception
    offer_id = collection().published()[0].offer_id
    assert any(offer_id in shown(s.value) for s in at.success)
    overview = open_page("overview.py")
    assert match_count(overview) == (BUNDLED + 1, BUNDLED + 1)
    table = table_with_column(overview, "Origine")
    assert list(table["Origine"]).count("Collection") == 1
    compare = open_page("compare.py", query_params={"cmp": [offer_id, "coopawatt-concertation-enr-2023"]})
    assert not compare.exception
    assert len(compare.table[0].value.columns) == 2


def test_a_failed_publish_keeps_the_form(monkeypatch):
    monkeypatch.setenv(ENV_LOCAL_CURATOR, "1")
    at = pasted()
    at.selectbox(key="add_offer_stipend_basis").set_value("explicit")  # an amount is then required
    at.text_input(key="add_offer_title").input("Titre corrigé à la main")
    at.button(key="add_offer_check").click().run()
    at.button(key="add_offer_send_one").click().run()
    assert any("Non envoyée" in e.value for e in at.error)
    assert at.text_input(key="add_offer_title").value == "Titre corrigé à la main"
    assert at.selectbox(key="add_offer_stipend_basis").value == "explicit"
    assert collection().published_rows() == []


def test_password_sign_in_slowed_down_then_curator(password_hash, monkeypatch):
    monkeypatch.setenv(ENV_PASSWORD_HASH, password_hash)
    at = open_page("collection.py")
    at.text_input(key="sign_in_name").input("Camille")
    at.text_input(key="sign_in_password").input("wrong password")
    at.button(key="sign_in_submit").click().run()
    assert any("incorrect" in e.value for e in at.error)
    assert at.text_input(key="sign_in_password").value == ""  # never kept in the page
    at.text_input(key="sign_in_password").input("wrong again").run()
    at.button(key="sign_in_submit").click().run()
    at.text_input(key="sign_in_password").input(PASSWORD).run()
    at.button(key="sign_in_submit").click().run()  # right, but too soon after two failures
    assert any("Trop d'essais" in e.value for e in at.error)
    assert not at.tabs


def test_password_curator_reviews_the_queue(password_hash, monkeypatch):
    monkeypatch.setenv(ENV_PASSWORD_HASH, password_hash)
    visitor = pasted()
    visitor.button(key="add_offer_send_one").click().run()
    at = open_page("collection.py")
    at.text_input(key="sign_in_name").input("Camille")
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button(key="sign_in_submit").click().run()
    assert not at.exception and at.tabs
    assert at.tabs[0].label == "À relire : 1"
    at.button(key="queue_publish").click().run()
    assert not at.exception
    assert any("Offre publiée" in s.value for s in at.success)
    entries = collection().history(Actor("x", CURATOR))
    assert [(e.action, e.actor.split(" ")[0]) for e in entries][:2] == [("publish", "Camille"), ("suggest", "visiteur")]


def test_a_curator_reading_in_english_sees_where_a_pasted_suggestion_came_from_in_english(password_hash,
                                                                                          monkeypatch):
    monkeypatch.setenv(ENV_PASSWORD_HASH, password_hash)
    pasted().button(key="add_offer_send_one").click().run()
    at = open_page("collection.py", query_params={"en": "true"})
    at.text_input(key="sign_in_name").input("Camille")
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button(key="sign_in_submit").click().run()
    assert not at.exception
    sent = next(e.value for e in at.text if e.value.startswith("Sent on "))
    assert ", from: pasted text: " in sent and "texte collé" not in sent
    reasons = [e.value for e in at.text if e.value.startswith("⚠ ")]
    assert reasons and all("same organisation" in r and "même" not in r for r in reasons)
    # Stored as it always was: the language of the page that showed it changes nothing.
    assert collection().pending(Actor("x", CURATOR))[0].source_name.startswith("texte collé: ")


def test_oidc_curator_by_email_only(monkeypatch):
    def page(email: str) -> AppTest:
        at = AppTest.from_file(str(ENTRY_POINT), default_timeout=60)
        at.secrets["auth"] = {"client_id": "x", "client_secret": "y", "cookie_secret": "z",
                              "redirect_uri": "http://localhost:8501/oauth2callback",
                              "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
        at.secrets["collection"] = {"curator_emails": ["alice@example.org"]}
        at.user = {"is_logged_in": True, "email": email}
        at.switch_page(str(PAGES_DIR / "collection.py"))
        return at.run()

    assert page("Alice@Example.org").tabs
    stranger = page("eve@example.org")
    assert not stranger.tabs and "n'est pas dans la liste des curateurs" in texts(stranger)


def test_two_curators_editing_the_same_offer(monkeypatch):
    monkeypatch.setenv(ENV_LOCAL_CURATOR, "1")
    pasted().button(key="add_offer_send_one").click().run()
    first, second = open_page("collection.py"), open_page("collection.py")
    first.text_input(key="edit_title").input("Titre de la première")
    first.button(key="edit_save").click().run()
    assert any("version 2" in s.value for s in first.success)
    second.text_input(key="edit_title").input("Titre de la seconde")
    second.button(key="edit_save").click().run()
    assert any("depuis que vous l'avez ouverte" in shown(e.value) for e in second.error)
    assert second.text_input(key="edit_title").value == "Titre de la seconde"  # nothing lost
    assert collection().published()[0].row["title"] == "Titre de la première"
    second.button(key="edit_reload").click().run()
    assert second.text_input(key="edit_title").value == "Titre de la première"


def test_unpublish_and_restore_follow_on_every_page(monkeypatch):
    monkeypatch.setenv(ENV_LOCAL_CURATOR, "1")
    pasted().button(key="add_offer_send_one").click().run()
    at = open_page("collection.py")
    at.button(key="edit_unpublish").click().run()
    assert match_count(open_page("map.py"))[1] == BUNDLED
    at.button(key="edit_restore").click().run()
    assert match_count(open_page("map.py"))[1] == BUNDLED + 1
    history = table_with_column(at, "Action")
    assert list(history["Action"])[:3] == ["restauration", "dépublication", "publication"]


def test_the_add_page_in_english(monkeypatch):
    at = pasted(en=True)
    assert not at.exception
    labels = buttons(at)
    assert {"Read the offers", "Check the row", "Suggest this offer"} <= set(labels)
    form_labels = [w.label for w in [*at.text_input, *at.selectbox, *at.number_input, *at.multiselect]]
    assert "Street address" in form_labels and "Organisation type" in form_labels
    french = ("Gratification", "Intitulé", "Commune", "Contrat", "Télétravail", "Proposition", "Champ")
    assert not [label for label in form_labels + labels if any(word in label for word in french)]
    assert "Field" in at.dataframe[-1].value.columns or any("Field" in d.value.columns for d in at.dataframe)


def test_a_postgresql_url_in_the_secrets_switches_the_dashboard_to_it(postgres_server, monkeypatch):
    """No code change: the same pages, the collection read from the PostgreSQL server the secrets name."""
    monkeypatch.delenv("COLLECTION_DATABASE_URL")
    name = postgres_server.create_database()
    url = postgres_server.url(name).replace("postgresql://", "postgres://")  # as hosting services write it
    try:
        on_postgres = Collection.open(url)
        assert on_postgres.engine.dialect.name == "postgresql"
        on_postgres.publish({**ROW_FOR_PAGES, "offer_id": "sur-postgres-2025"}, Actor("alice", CURATOR))
        on_postgres.close()
        at = AppTest.from_file(str(ENTRY_POINT), default_timeout=60)
        at.secrets["collection"] = {"database_url": url}
        at.switch_page(str(PAGES_DIR / "data.py"))
        at.run()
        assert not at.exception
        assert match_count(at) == (BUNDLED + 1, BUNDLED + 1)
        assert "Collection" in list(table_with_column(at, "Origine")["Origine"])
    finally:
        postgres_server.drop_database(name)


ROW_FOR_PAGES = {
    "title": "Stage concertation sur PostgreSQL", "organisation": "Association Test", "org_type": "association",
    "contract": "internship", "city": "Lyon", "postcode": "69003", "country": "FR", "stipend_basis": "explicit",
    "stipend_amount_eur": 700.0, "stipend_period": "month", "duration_min_months": 6.0, "duration_max_months": 6.0,
    "year": 2025, "source": "test",
}
