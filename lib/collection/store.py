"""The collection's operations: suggest, review, publish, edit, unpublish, delete, restore,
read, and the history of every change.

Every change runs in one transaction with its audit entry: either both are written or neither
(a kill of the server mid-write leaves the collection as it was before the change or after it).
Records handed out are frozen snapshots, never live database objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from lib import limits
from lib.collection.database import create_collection_engine, upgrade
from lib.collection.models import (
    ACCEPTED,
    DELETED,
    PENDING,
    PUBLISHED,
    REJECTED,
    UNPUBLISHED,
    AuditEntry,
    Offer,
    Suggestion,
    utc_now,
)
from lib.collection.roles import Actor
from lib.collection.rows import InvalidOffer, contract_row, oversized_fields, require_valid
from lib.report import Issue

# Suggestions of one session are counted over this window (lib.limits.MAX_SUGGESTIONS_PER_SESSION).
SUGGESTION_WINDOW = timedelta(days=1)


class CollectionError(RuntimeError):
    """A change the collection refuses; the message says why, in French, for the page to show."""


class OfferNotFound(CollectionError, LookupError):
    pass


class IdTaken(CollectionError):
    pass


class LimitReached(CollectionError):
    pass


class EditConflict(CollectionError):
    """Someone else changed the offer since it was opened: ``current`` is what is saved now."""

    def __init__(self, current: OfferRecord) -> None:
        self.current = current
        when = current.updated_at.strftime("%d/%m/%Y %H:%M") + " UTC"
        super().__init__(f"L'offre « {current.offer_id} » a été modifiée par {current.updated_by} le {when} "
                         f"(version {current.version}) depuis que vous l'avez ouverte : vos changements ne sont pas "
                         "enregistrés. Comparez-les à la version actuelle, puis enregistrez de nouveau.")


@dataclass(frozen=True)
class OfferRecord:
    offer_id: str
    status: str
    row: dict[str, Any]
    version: int
    original_text: str
    source_name: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    suggestion_id: int | None = None


@dataclass(frozen=True)
class SuggestionRecord:
    id: int
    status: str
    row: dict[str, Any]
    original_text: str
    source_name: str
    submitted_at: datetime
    submitted_by: str
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    offer_id: str | None = None


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    role: str
    action: str
    offer_id: str | None
    suggestion_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field the change altered: the status, then each column."""
        before, after = self.before or {}, self.after or {}
        found: list[tuple[str, object, object]] = []
        if before.get("status") != after.get("status"):
            found.append(("status", before.get("status"), after.get("status")))
        old_row, new_row = before.get("row") or {}, after.get("row") or {}
        for name in dict.fromkeys([*old_row, *new_row]):
            if old_row.get(name) != new_row.get(name):
                found.append((name, old_row.get(name), new_row.get(name)))
        return found


@dataclass
class Collection:
    """The collection in one database (SQLite file or PostgreSQL server)."""

    engine: Engine

    @classmethod
    def open(cls, url: str, migrate: bool = True) -> Collection:
        """Connect, and create or upgrade the schema to the current version."""
        engine = create_collection_engine(url)
        if migrate:
            upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # --- transactions ---------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        with self.engine.connect().execution_options(sqlite_immediate=True) as connection, \
                Session(bind=connection, expire_on_commit=False) as session, session.begin():
            yield session

    # --- reading ----------------------------------------------------------------------------------

    def stamp(self) -> tuple[int, int]:
        """Changes whenever anything is written (every change has its audit entry): the key under
        which the pages cache the published offers."""
        with self._reading() as session:
            count, last = session.execute(select(func.count(AuditEntry.id), func.max(AuditEntry.id))).one()
        return int(count or 0), int(last or 0)

    def published_rows(self) -> list[dict[str, Any]]:
        """The rows of the published offers, oldest first: what the dashboard shows."""
        with self._reading() as session:
            rows = session.scalars(select(Offer.row).where(Offer.status == PUBLISHED).order_by(Offer.id)).all()
        return [dict(r) for r in rows]

    def published(self) -> list[OfferRecord]:
        return self._offers([PUBLISHED])

    def offers(self, actor: Actor, statuses: Iterable[str] = (PUBLISHED, UNPUBLISHED, DELETED)) -> list[OfferRecord]:
        """Offers of the given statuses; unpublished and deleted ones are for curators only."""
        statuses = tuple(statuses)
        if set(statuses) - {PUBLISHED}:
            actor.require("review")
        return self._offers(statuses)

    def _offers(self, statuses: Iterable[str]) -> list[OfferRecord]:
        with self._reading() as session:
            found = session.scalars(select(Offer).where(Offer.status.in_(tuple(statuses))).order_by(Offer.id)).all()
            return [_offer_record(o) for o in found]

    def offer(self, offer_id: str, actor: Actor | None = None) -> OfferRecord:
        """One offer; one that is not published is found for curators only."""
        with self._reading() as session:
            found = session.scalar(select(Offer).where(Offer.offer_id == offer_id))
            if found is None or (found.status != PUBLISHED and not (actor and actor.can("review"))):
                raise OfferNotFound(f"aucune offre « {offer_id} » dans la collection")
            return _offer_record(found)

    def offer_ids(self) -> set[str]:
        """Every identifier the collection holds, deleted offers included (a restore needs it back)."""
        with self._reading() as session:
            return set(session.scalars(select(Offer.offer_id)).all())

    def pending(self, actor: Actor) -> list[SuggestionRecord]:
        """Suggestions waiting for review, oldest first (curators only)."""
        actor.require("review")
        with self._reading() as session:
            found = session.scalars(select(Suggestion).where(Suggestion.status == PENDING)
                                    .order_by(Suggestion.id)).all()
            return [_suggestion_record(s) for s in found]

    def suggestion(self, suggestion_id: int, actor: Actor) -> SuggestionRecord:
        actor.require("review")
        with self._reading() as session:
            found = session.get(Suggestion, suggestion_id)
            if found is None:
                raise OfferNotFound(f"aucune suggestion n° {suggestion_id}")
            return _suggestion_record(found)

    def session_suggestions(self, session_key: str) -> list[SuggestionRecord]:
        """What this browser session suggested: a visitor sees their own suggestions, nobody else's."""
        with self._reading() as session:
            found = session.scalars(select(Suggestion).where(Suggestion.session_key == session_key)
                                    .order_by(Suggestion.id)).all()
            return [_suggestion_record(s) for s in found]

    def history(self, actor: Actor, offer_id: str | None = None, limit: int = 500) -> list[AuditRecord]:
        """The latest changes first, of one offer or of the whole collection (curators only)."""
        actor.require("history")
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if offer_id is not None:
            query = query.where(AuditEntry.offer_id == offer_id)
        with self._reading() as session:
            return [_audit_record(a) for a in session.scalars(query).all()]

    # --- suggesting -------------------------------------------------------------------------------

    def suggest(self, row: Mapping[str, object], actor: Actor, session_key: str, original_text: str = "",
                source_name: str = "") -> SuggestionRecord:
        """Queue an offer for review. Limited per session, in number waiting, and in size; the row
        need not be complete (a curator completes it), but no field may be oversized."""
        actor.require("suggest")
        if len(original_text) > limits.MAX_SUGGESTION_TEXT_CHARS:
            raise LimitReached(f"Texte trop long pour une suggestion : {len(original_text):,} caractères, "
                               f"{limits.MAX_SUGGESTION_TEXT_CHARS:,} au plus.".replace(",", " "))
        clean = contract_row(row)
        oversized = oversized_fields(clean)
        if oversized:
            raise InvalidOffer(oversized)
        since = utc_now() - SUGGESTION_WINDOW
        with self._writing() as session:
            mine = session.scalar(select(func.count(Suggestion.id)).where(
                Suggestion.session_key == session_key, Suggestion.submitted_at >= since))
            if mine >= limits.MAX_SUGGESTIONS_PER_SESSION:
                raise LimitReached(f"Vous avez déjà envoyé {mine} suggestions aujourd'hui, le maximum : elles "
                                   "attendent la relecture d'un curateur.")
            waiting = session.scalar(select(func.count(Suggestion.id)).where(Suggestion.status == PENDING))
            if waiting >= limits.MAX_PENDING_SUGGESTIONS:
                raise LimitReached(f"{waiting} suggestions attendent déjà une relecture : réessayez plus tard.")
            suggestion = Suggestion(status=PENDING, row=clean, original_text=original_text,
                                    source_name=source_name[:300], submitted_by=actor.name[:200],
                                    session_key=session_key[:64])
            session.add(suggestion)
            session.flush()
            _audit(session, actor, "suggest", suggestion_id=suggestion.id, after=_snapshot(suggestion))
            return _suggestion_record(suggestion)

    def reject(self, suggestion_id: int, actor: Actor) -> SuggestionRecord:
        """Set a suggestion aside (kept, with its history)."""
        actor.require("reject")
        with self._writing() as session:
            suggestion = _pending(session, suggestion_id)
            before = _snapshot(suggestion)
            suggestion.status, suggestion.reviewed_at, suggestion.reviewed_by = REJECTED, utc_now(), actor.name
            _audit(session, actor, "reject", suggestion_id=suggestion.id, before=before, after=_snapshot(suggestion))
            return _suggestion_record(suggestion)

    # --- publishing -------------------------------------------------------------------------------

    def publish(self, row: Mapping[str, object], actor: Actor, taken: Iterable[str] = (), original_text: str = "",
                source_name: str = "", suggestion_id: int | None = None, replace: str | None = None,
                expected_version: int | None = None) -> OfferRecord:
        """Publish a valid row as a new offer; or, with ``replace``, as the new content of that
        collection offer (its identifier is kept). ``taken``: identifiers used outside the
        collection (the bundled file). With ``suggestion_id`` the suggestion is marked accepted
        in the same transaction."""
        actor.require("publish")
        clean = contract_row(row)
        if replace is not None:
            clean["offer_id"] = replace
        require_valid(clean)
        offer_id = str(clean["offer_id"])
        if replace is None and offer_id in set(taken):
            raise IdTaken(f"L'identifiant « {offer_id} » est déjà celui d'une offre du fichier de référence : "
                          "choisissez-en un autre.")
        try:
            with self._writing() as session:
                suggestion = _pending(session, suggestion_id) if suggestion_id is not None else None
                if replace is not None:
                    offer = _offer(session, replace)
                    _check_version(offer, expected_version)
                    before = _snapshot(offer)
                    offer.row, offer.status = clean, PUBLISHED
                    offer.original_text = original_text or offer.original_text
                    offer.source_name = source_name[:300] or offer.source_name
                    offer.updated_at, offer.updated_by = utc_now(), actor.name
                    action = "replace"
                else:
                    if session.scalar(select(Offer.id).where(Offer.offer_id == offer_id)) is not None:
                        raise IdTaken(f"L'identifiant « {offer_id} » est déjà pris dans la collection : "
                                      "choisissez-en un autre.")
                    before = None
                    offer = Offer(offer_id=offer_id, status=PUBLISHED, row=clean, original_text=original_text,
                                  source_name=source_name[:300], suggestion_id=suggestion_id,
                                  created_by=actor.name, updated_by=actor.name)
                    session.add(offer)
                    action = "publish"
                if suggestion is not None:
                    suggestion.status, suggestion.reviewed_at = ACCEPTED, utc_now()
                    suggestion.reviewed_by, suggestion.offer_id = actor.name, offer_id
                session.flush()
                _audit(session, actor, action, offer_id=offer_id, suggestion_id=suggestion_id, before=before,
                       after=_snapshot(offer))
                return _offer_record(offer)
        except StaleDataError:
            raise EditConflict(self._current(offer_id)) from None
        except IntegrityError:  # another curator published the same identifier at the same moment
            raise IdTaken(f"L'identifiant « {offer_id} » vient d'être pris : choisissez-en un autre.") from None

    def edit(self, offer_id: str, row: Mapping[str, object], expected_version: int, actor: Actor) -> OfferRecord:
        """Save a curator's corrections, unless someone changed the offer since ``expected_version``
        (then ``EditConflict``: nothing is overwritten). The identifier never changes: links
        to the offer keep working."""
        actor.require("edit")
        clean = contract_row(row)
        clean["offer_id"] = offer_id
        require_valid(clean)
        try:
            with self._writing() as session:
                offer = _offer(session, offer_id)
                _check_version(offer, expected_version)
                before = _snapshot(offer)
                offer.row, offer.updated_at, offer.updated_by = clean, utc_now(), actor.name
                session.flush()
                _audit(session, actor, "edit", offer_id=offer_id, before=before, after=_snapshot(offer))
                return _offer_record(offer)
        except StaleDataError:
            raise EditConflict(self._current(offer_id)) from None

    def unpublish(self, offer_id: str, actor: Actor, expected_version: int | None = None) -> OfferRecord:
        """Hide a published offer from the dashboard (it stays in the collection)."""
        return self._set_status(offer_id, UNPUBLISHED, "unpublish", (PUBLISHED,), actor, expected_version)

    def delete(self, offer_id: str, actor: Actor, expected_version: int | None = None) -> OfferRecord:
        """Move an offer to the bin: hidden, listed apart, restorable."""
        return self._set_status(offer_id, DELETED, "delete", (PUBLISHED, UNPUBLISHED), actor, expected_version)

    def restore(self, offer_id: str, actor: Actor, expected_version: int | None = None) -> OfferRecord:
        """Publish again an unpublished or deleted offer, as it was."""
        return self._set_status(offer_id, PUBLISHED, "restore", (UNPUBLISHED, DELETED), actor, expected_version)

    def _set_status(self, offer_id: str, status: str, action: str, allowed_from: tuple[str, ...], actor: Actor,
                    expected_version: int | None) -> OfferRecord:
        actor.require(action)
        try:
            with self._writing() as session:
                offer = _offer(session, offer_id)
                _check_version(offer, expected_version)
                if offer.status not in allowed_from:
                    raise CollectionError(f"L'offre « {offer_id} » est {_STATUS_FR[offer.status]} : "
                                          f"impossible de la {_ACTION_FR[action]}.")
                before = _snapshot(offer)
                offer.status, offer.updated_at, offer.updated_by = status, utc_now(), actor.name
                session.flush()
                _audit(session, actor, action, offer_id=offer_id, before=before, after=_snapshot(offer))
                return _offer_record(offer)
        except StaleDataError:
            raise EditConflict(self._current(offer_id)) from None

    def _current(self, offer_id: str) -> OfferRecord:
        with self._reading() as session:
            return _offer_record(_offer(session, offer_id))


_STATUS_FR = {PUBLISHED: "publiée", UNPUBLISHED: "dépubliée", DELETED: "dans la corbeille"}
_ACTION_FR = {"unpublish": "dépublier", "delete": "supprimer", "restore": "restaurer"}


def _offer(session: Session, offer_id: str) -> Offer:
    offer = session.scalar(select(Offer).where(Offer.offer_id == offer_id))
    if offer is None:
        raise OfferNotFound(f"aucune offre « {offer_id} » dans la collection")
    return offer


def _pending(session: Session, suggestion_id: int) -> Suggestion:
    suggestion = session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise OfferNotFound(f"aucune suggestion n° {suggestion_id}")
    if suggestion.status != PENDING:
        raise CollectionError(f"La suggestion n° {suggestion_id} a déjà été relue par {suggestion.reviewed_by}.")
    return suggestion


def _check_version(offer: Offer, expected: int | None) -> None:
    if expected is not None and offer.version != expected:
        raise EditConflict(_offer_record(offer))


def _snapshot(record: Offer | Suggestion) -> dict[str, Any]:
    snapshot: dict[str, Any] = {"status": record.status, "row": dict(record.row)}
    if isinstance(record, Offer):
        snapshot["version"] = record.version
    return snapshot


def _audit(session: Session, actor: Actor, action: str, offer_id: str | None = None,
           suggestion_id: int | None = None, before: dict | None = None, after: dict | None = None) -> None:
    session.add(AuditEntry(actor=actor.name[:200], role=actor.role, action=action, offer_id=offer_id,
                           suggestion_id=suggestion_id, before=before, after=after))


def _offer_record(offer: Offer) -> OfferRecord:
    return OfferRecord(offer_id=offer.offer_id, status=offer.status, row=dict(offer.row), version=offer.version,
                       original_text=offer.original_text, source_name=offer.source_name,
                       created_at=offer.created_at, created_by=offer.created_by, updated_at=offer.updated_at,
                       updated_by=offer.updated_by, suggestion_id=offer.suggestion_id)


def _suggestion_record(suggestion: Suggestion) -> SuggestionRecord:
    return SuggestionRecord(id=suggestion.id, status=suggestion.status, row=dict(suggestion.row),
                            original_text=suggestion.original_text, source_name=suggestion.source_name,
                            submitted_at=suggestion.submitted_at, submitted_by=suggestion.submitted_by,
                            reviewed_at=suggestion.reviewed_at, reviewed_by=suggestion.reviewed_by,
                            offer_id=suggestion.offer_id)


def _audit_record(entry: AuditEntry) -> AuditRecord:
    return AuditRecord(id=entry.id, at=entry.at, actor=entry.actor, role=entry.role, action=entry.action,
                       offer_id=entry.offer_id, suggestion_id=entry.suggestion_id, before=entry.before,
                       after=entry.after)


__all__ = ["Collection", "CollectionError", "EditConflict", "IdTaken", "InvalidOffer", "Issue", "LimitReached",
           "OfferNotFound"]
