"""The collection (lib/collection), run against SQLite and against a real PostgreSQL server:
publishing, suggestions, roles, optimistic concurrency, unpublish/delete/restore, history,
and the schema migrations."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from lib import limits
from lib.collection import (
    CURATOR,
    DELETED,
    PUBLISHED,
    UNPUBLISHED,
    Actor,
    Collection,
    CollectionError,
    EditConflict,
    IdTaken,
    InvalidOffer,
    LimitReached,
    NotAllowed,
    OfferNotFound,
)
from lib.collection.database import (
    HEAD_REVISION,
    create_collection_engine,
    current_revision,
    head_revision,
    upgrade,
)
from lib.collection.models import Base
from tests.rows import TYPED_ROW

ROOT = Path(__file__).resolve().parent.parent
ALICE = Actor("alice@example.org", CURATOR)
BOB = Actor("bob@example.org", CURATOR)
VISITOR = Actor("visiteur 1a2b")

ROW = {**TYPED_ROW, "offer_id": "asso-test-concertation-2024", "title": "Stage concertation",
       "source": "Texte collé : Association Test – Stage concertation"}


@pytest.fixture
def collection(database_url):
    opened = Collection.open(database_url)
    yield opened
    opened.close()


def row(**changes):
    return {**ROW, **changes}


# --- schema -------------------------------------------------------------------------------------

def test_an_empty_database_is_brought_to_the_latest_schema(database_url):
    engine = create_collection_engine(database_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert {"offers", "suggestions", "audit_log"} <= set(sa.inspect(engine).get_table_names())
    engine.dispose()


def test_a_database_at_the_latest_schema_opens_without_importing_alembic(database_url):
    """Every server start opens the collection: one already migrated skips Alembic's 0.7 s import."""
    assert head_revision() == HEAD_REVISION  # a new migration moves the constant too
    engine = create_collection_engine(database_url)
    upgrade(engine)
    engine.dispose()
    script = ("import sys\nfrom lib.collection.store import Collection\n"
              f"Collection.open({database_url!r}).close()\nprint('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_migrations_build_exactly_the_tables_the_code_uses(database_url):
    """Alembic's autogenerate finds nothing to add: models and migrations agree on both databases."""
    engine = create_collection_engine(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_opening_twice_migrates_once_and_keeps_the_offers(database_url):
    first = Collection.open(database_url)
    first.publish(ROW, ALICE)
    first.close()
    again = Collection.open(database_url)
    assert [o.offer_id for o in again.published()] == [ROW["offer_id"]]
    again.close()


# --- publishing and reading ---------------------------------------------------------------------

def test_a_curator_publishes_and_everyone_reads(collection):
    published = collection.publish(ROW, ALICE, original_text="Association Test – Stage concertation\n…",
                                   source_name="texte collé")
    assert published.status == PUBLISHED and published.version == 1
    assert published.created_by == "alice@example.org"
    assert collection.published_rows()[0]["title"] == "Stage concertation"
    assert collection.offer(ROW["offer_id"]).original_text.startswith("Association Test")


def test_the_stored_row_is_the_contract_row(collection):
    collection.publish(row(title="  Stage   concertation  ", notes=""), ALICE)
    stored = collection.published_rows()[0]
    assert stored["notes"] is None  # empty is "not stated", as in the CSV
    assert stored["stipend_amount_eur"] == 700
    assert stored["year"] == 2024


def test_an_invalid_row_is_refused_with_the_column_named(collection):
    with pytest.raises(InvalidOffer) as refused:
        collection.publish(row(org_type="mairie", stipend_amount_eur=-3), ALICE)
    columns = {i.column for i in refused.value.issues if i.severity == "error"}
    assert {"org_type", "stipend_amount_eur"} <= columns
    assert collection.published_rows() == []
    assert collection.history(ALICE) == []


def test_an_identifier_of_the_bundled_file_or_of_the_collection_is_refused(collection):
    with pytest.raises(IdTaken, match="fichier de référence"):
        collection.publish(ROW, ALICE, taken={ROW["offer_id"]})
    collection.publish(ROW, ALICE)
    with pytest.raises(IdTaken, match="collection"):
        collection.publish(row(title="Autre"), BOB)
    assert len(collection.published()) == 1


# --- roles --------------------------------------------------------------------------------------

@pytest.mark.parametrize("action", ["publish", "edit", "unpublish", "delete", "restore"])
def test_a_visitor_can_change_nothing(collection, action):
    collection.publish(ROW, ALICE)
    current = collection.offer(ROW["offer_id"])
    attempts = {
        "publish": lambda: collection.publish(row(offer_id="autre-offre-2024"), VISITOR),
        "edit": lambda: collection.edit(ROW["offer_id"], row(title="Piraté"), current.version, VISITOR),
        "unpublish": lambda: collection.unpublish(ROW["offer_id"], VISITOR),
        "delete": lambda: collection.delete(ROW["offer_id"], VISITOR),
        "restore": lambda: collection.restore(ROW["offer_id"], VISITOR),
    }
    with pytest.raises(NotAllowed):
        attempts[action]()
    assert collection.offer(ROW["offer_id"]) == current
    assert [e.action for e in collection.history(ALICE)] == ["publish"]


def test_a_visitor_sees_neither_the_queue_nor_the_history_nor_hidden_offers(collection):
    collection.publish(ROW, ALICE)
    collection.unpublish(ROW["offer_id"], ALICE)
    collection.suggest(row(offer_id="suggeree-2024"), VISITOR, session_key="s1")
    for attempt in (lambda: collection.pending(VISITOR), lambda: collection.history(VISITOR),
                    lambda: collection.offers(VISITOR)):
        with pytest.raises(NotAllowed):
            attempt()
    with pytest.raises(OfferNotFound):
        collection.offer(ROW["offer_id"], VISITOR)
    assert collection.published_rows() == []


# --- suggestions ----------------------------------------------------------------------------------

def test_a_suggestion_waits_unseen_until_a_curator_publishes_it(collection):
    incomplete = row(stipend_amount_eur=None, stipend_period=None, stipend_basis="not_stated")
    suggestion = collection.suggest(incomplete, VISITOR,
                                    session_key="s1", original_text="texte de l'offre", source_name="texte collé")
    assert collection.published_rows() == []
    assert [s.id for s in collection.session_suggestions("s1")] == [suggestion.id]
    assert collection.session_suggestions("s2") == []  # another visitor sees nothing of it
    assert [s.id for s in collection.pending(ALICE)] == [suggestion.id]

    offer = collection.publish(suggestion.row, ALICE, suggestion_id=suggestion.id,
                               original_text=suggestion.original_text)
    assert offer.suggestion_id == suggestion.id
    assert collection.pending(ALICE) == []
    assert collection.session_suggestions("s1")[0].status == "accepted"
    assert collection.published_rows()[0]["offer_id"] == ROW["offer_id"]
    actions = [(e.action, e.actor) for e in reversed(collection.history(ALICE))]
    assert actions == [("suggest", "visiteur 1a2b"), ("publish", "alice@example.org")]


def test_a_suggestion_may_be_incomplete_but_not_oversized(collection):
    collection.suggest({"title": "Stage", "organisation": None}, VISITOR, session_key="s1")
    with pytest.raises(InvalidOffer, match="trop long"):
        collection.suggest(row(notes="x" * 5000), VISITOR, session_key="s1")
    with pytest.raises(LimitReached, match="trop long"):
        collection.suggest(ROW, VISITOR, session_key="s1", original_text="x" * (limits.MAX_SUGGESTION_TEXT_CHARS + 1))


def test_suggestions_are_limited_per_session(collection, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SUGGESTIONS_PER_SESSION", 3)
    for _ in range(3):
        collection.suggest(ROW, VISITOR, session_key="s1")
    with pytest.raises(LimitReached):
        collection.suggest(ROW, VISITOR, session_key="s1")
    collection.suggest(ROW, VISITOR, session_key="s2")  # another session still may
    assert len(collection.pending(ALICE)) == 4


def test_the_review_queue_has_a_ceiling(collection, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PENDING_SUGGESTIONS", 2)
    collection.suggest(ROW, VISITOR, session_key="s1")
    collection.suggest(ROW, VISITOR, session_key="s2")
    with pytest.raises(LimitReached, match="attendent"):
        collection.suggest(ROW, VISITOR, session_key="s3")


def test_a_rejected_suggestion_is_kept_and_cannot_be_published_afterwards(collection):
    suggestion = collection.suggest(ROW, VISITOR, session_key="s1")
    collection.reject(suggestion.id, ALICE)
    with pytest.raises(CollectionError, match="déjà été relue"):
        collection.publish(ROW, BOB, suggestion_id=suggestion.id)
    assert collection.published_rows() == []
    assert collection.suggestion(suggestion.id, ALICE).status == "rejected"


# --- editing, concurrency ---------------------------------------------------------------------------

def test_an_edit_is_saved_with_a_new_version_and_recorded(collection):
    first = collection.publish(ROW, ALICE)
    edited = collection.edit(ROW["offer_id"], row(stipend_amount_eur=750.0), first.version, BOB)
    assert edited.version == first.version + 1 and edited.updated_by == "bob@example.org"
    entry = collection.history(ALICE, offer_id=ROW["offer_id"])[0]
    assert (entry.action, entry.actor) == ("edit", "bob@example.org")
    assert entry.changes() == [("stipend_amount_eur", 700, 750)]


def test_the_later_of_two_curators_is_told_of_the_conflict(collection):
    opened = collection.publish(ROW, ALICE)  # both open version 1
    collection.edit(ROW["offer_id"], row(title="Titre d'Alice"), opened.version, ALICE)
    with pytest.raises(EditConflict) as conflict:
        collection.edit(ROW["offer_id"], row(title="Titre de Bob"), opened.version, BOB)
    assert conflict.value.current.row["title"] == "Titre d'Alice"
    assert "alice@example.org" in str(conflict.value)
    assert collection.offer(ROW["offer_id"]).row["title"] == "Titre d'Alice"


def test_simultaneous_saves_of_one_version_let_exactly_one_through(collection):
    """Two threads save on the same version at once: the database, not a check before the write,
    decides; the loser gets a conflict, never a silent overwrite."""
    opened = collection.publish(ROW, ALICE)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def save(actor: Actor, title: str) -> None:
        barrier.wait()
        try:
            collection.edit(ROW["offer_id"], row(title=title), opened.version, actor)
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(a, t)) for a, t in ((ALICE, "A"), (BOB, "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert collection.offer(ROW["offer_id"]).version == opened.version + 1


def test_an_edit_cannot_rename_the_offer(collection):
    opened = collection.publish(ROW, ALICE)
    collection.edit(ROW["offer_id"], row(offer_id="autre-nom"), opened.version, ALICE)
    assert collection.offer_ids() == {ROW["offer_id"]}


# --- unpublish, delete, restore -------------------------------------------------------------------

def test_unpublish_delete_and_restore(collection):
    offer_id = ROW["offer_id"]
    collection.publish(ROW, ALICE)
    assert collection.unpublish(offer_id, ALICE).status == UNPUBLISHED
    assert collection.published_rows() == []
    assert collection.delete(offer_id, BOB).status == DELETED
    with pytest.raises(CollectionError, match="corbeille"):
        collection.unpublish(offer_id, ALICE)
    restored = collection.restore(offer_id, ALICE)
    assert restored.status == PUBLISHED and restored.row == collection.offer(offer_id).row
    assert [o["offer_id"] for o in collection.published_rows()] == [offer_id]
    actions = [e.action for e in reversed(collection.history(ALICE, offer_id=offer_id))]
    assert actions == ["publish", "unpublish", "delete", "restore"]
    statuses = [(e.before or {}).get("status") for e in reversed(collection.history(ALICE, offer_id=offer_id))]
    assert statuses == [None, PUBLISHED, UNPUBLISHED, DELETED]


def test_a_status_change_on_an_old_version_is_a_conflict(collection):
    opened = collection.publish(ROW, ALICE)
    collection.edit(ROW["offer_id"], row(title="Corrigé"), opened.version, BOB)
    with pytest.raises(EditConflict):
        collection.delete(ROW["offer_id"], ALICE, expected_version=opened.version)
    assert collection.offer(ROW["offer_id"]).status == PUBLISHED


def test_replacing_keeps_the_identifier_and_records_before_and_after(collection):
    collection.publish(ROW, ALICE, original_text="ancien texte")
    replaced = collection.publish(row(offer_id="nouvel-id", stipend_amount_eur=800.0), BOB,
                                  replace=ROW["offer_id"], original_text="nouveau texte")
    assert replaced.offer_id == ROW["offer_id"] and replaced.row["stipend_amount_eur"] == 800
    assert replaced.original_text == "nouveau texte"
    entry = collection.history(ALICE)[0]
    assert entry.action == "replace" and ("stipend_amount_eur", 700, 800) in entry.changes()


def test_the_stamp_changes_with_every_write(collection):
    seen = {collection.stamp()}
    opened = collection.publish(ROW, ALICE)
    seen.add(collection.stamp())
    collection.edit(ROW["offer_id"], row(title="Autre"), opened.version, ALICE)
    seen.add(collection.stamp())
    collection.suggest(ROW, VISITOR, session_key="s")
    seen.add(collection.stamp())
    assert len(seen) == 4


# --- passwords and sign-in attempts ---------------------------------------------------------------

def test_password_hash_round_trip_and_malformed_hashes():
    from lib.collection.roles import hash_password, valid_hash, verify_password

    stored = hash_password("correct horse battery staple")
    assert stored.startswith("scrypt$32768$8$1$") and "correct" not in stored
    assert verify_password("correct horse battery staple", stored)
    assert not verify_password("correct horse battery stapl", stored)
    assert hash_password("same") != hash_password("same")  # salted
    for bad in ("", "plain-text-password", "scrypt$2$8$1$AAAA$BBBB", stored.replace("$32768$", "$4194304$")):
        assert not valid_hash(bad) and not verify_password("x", bad)


def test_failed_attempts_slow_down_every_session_until_a_success():
    from lib.collection.roles import AttemptLimiter

    now = [100.0]
    limiter = AttemptLimiter(base=1.0, cap=60.0, clock=lambda: now[0])
    assert limiter.wait_seconds() == 0
    delays = [limiter.failed() for _ in range(8)]
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60]
    assert limiter.wait_seconds() == 60
    now[0] += 60
    assert limiter.wait_seconds() == 0
    limiter.succeeded()
    assert limiter.failed() == 1


@pytest.mark.parametrize("email, allowed, expected", [
    ("alice@example.org", ["alice@example.org"], True),
    (" Alice@Example.ORG ", ["alice@example.org"], True),
    ("eve@example.org", ["alice@example.org"], False),
    ("alice@example.org", [], False),
    (None, ["alice@example.org"], False),
    ("", [""], False),
])
def test_an_oidc_user_is_a_curator_only_if_listed(email, allowed, expected):
    from lib.collection.roles import curator_for_email

    assert curator_for_email(email, allowed) is expected


@pytest.mark.parametrize(("address", "expected"), [
    (None, True),  # Streamlit gives no address for 127.0.0.1 and ::1
    ("::ffff:127.0.0.1", True),  # an IPv4 browser on this machine, seen by a server on "::" (make run)
    ("127.0.0.1", True),
    ("::1", True),
    ("127.0.0.2", True),
    ("::ffff:192.168.1.20", False),
    ("192.168.1.20", False),
    ("2001:db8::1", False),
    ("fe80::1%eth0", False),
    ("", False),
    ("localhost", False),  # never a name: only an address Streamlit read from the socket
])
def test_the_local_curator_is_a_browser_on_this_machine_only(address, expected):
    from lib.collection.roles import from_this_machine

    assert from_this_machine(address) is expected


# --- migrations from the previous version ---------------------------------------------------------

def test_a_database_of_the_previous_version_is_upgraded_with_its_data(database_url):
    """Version 0001 (the first collection) holding offers, suggestions and history, upgraded to the
    latest: every row is kept, the collection works on it, and the new constraints hold."""
    engine = create_collection_engine(database_url)
    upgrade(engine, "0001")
    now = "2026-11-01 10:00:00+00:00"
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO suggestions (status, row, original_text, source_name, submitted_at, submitted_by, "
            "session_key) VALUES ('pending', :row, 'texte', 'texte collé', :now, 'visiteur', 'k')"),
            {"row": json.dumps(row(offer_id="suggeree-2024")), "now": now})
        connection.execute(sa.text(
            "INSERT INTO offers (offer_id, status, row, original_text, source_name, version, created_at, "
            "created_by, updated_at, updated_by) VALUES (:id, 'published', :row, 'texte', 'collé', 3, :now, "
            "'alice', :now, 'bob')"), {"id": ROW["offer_id"], "row": json.dumps(ROW), "now": now})
        connection.execute(sa.text(
            "INSERT INTO audit_log (at, actor, role, action, offer_id, before, after) "
            "VALUES (:now, 'alice', 'curator', 'publish', :id, NULL, :after)"),
            {"now": now, "id": ROW["offer_id"], "after": json.dumps({"status": "published", "row": ROW})})
    engine.dispose()

    collection = Collection.open(database_url)  # upgrades to the latest version
    assert current_revision(collection.engine) == head_revision() != "0001"
    kept = collection.offer(ROW["offer_id"])
    assert (kept.version, kept.created_by, kept.updated_by, kept.row["title"]) == (3, "alice", "bob", ROW["title"])
    assert [s.row["offer_id"] for s in collection.pending(ALICE)] == ["suggeree-2024"]
    assert collection.history(ALICE)[0].after["status"] == "published"
    assert collection.edit(ROW["offer_id"], row(title="Après la migration"), 3, BOB).version == 4
    with pytest.raises(sa.exc.IntegrityError), collection.engine.begin() as connection:
        connection.execute(sa.text("UPDATE offers SET status = 'perdu'"))
    collection.close()


def test_every_migration_goes_down_and_up_again(database_url):
    from lib.collection.database import downgrade

    engine = create_collection_engine(database_url)
    upgrade(engine)
    downgrade(engine, "base")
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()
