"""The collection's tables: published offers, suggestions waiting for review, the audit log.

An offer's row is kept as JSON holding the data contract's columns (lib/schema.py), not as one
database column per contract column: the contract is versioned with the CSV file, and the
collection's rows are read back through the same validation as a CSV file, so a contract change
needs no change of these tables. The columns that the database itself must enforce or search
(the offer's identifier, its status, its version) are real columns.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# JSONB on PostgreSQL (compact, indexable), JSON text elsewhere.
JsonType = JSON().with_variant(JSONB(), "postgresql")

# Statuses of a collection offer. Only "published" offers are shown by the dashboard; the two
# others are kept, with their history, so that a curator can restore them.
PUBLISHED, UNPUBLISHED, DELETED = "published", "unpublished", "deleted"
OFFER_STATUSES = (PUBLISHED, UNPUBLISHED, DELETED)
# Statuses of a suggestion.
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
SUGGESTION_STATUSES = (PENDING, ACCEPTED, REJECTED)


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """A timestamp stored in UTC and read back aware (SQLite keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: the collection stores UTC times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Offer(Base):
    """An offer of the collection. ``version`` grows at every change: a save that names an older
    version is refused (optimistic concurrency), so two curators never overwrite each other."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    row: Mapped[dict[str, Any]] = mapped_column(JsonType)
    original_text: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str] = mapped_column(String(300), default="")
    suggestion_id: Mapped[int | None] = mapped_column(ForeignKey("suggestions.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(200))

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}
    __table_args__ = (CheckConstraint("status IN ('published', 'unpublished', 'deleted')", name="ck_offers_status"),)


class Suggestion(Base):
    """A proposed offer waiting for a curator: seen by curators only until it is published."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    row: Mapped[dict[str, Any]] = mapped_column(JsonType)
    original_text: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str] = mapped_column(String(300), default="")
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    submitted_by: Mapped[str] = mapped_column(String(200))
    # A hash of the visitor's session: suggestions are counted per session, and a visitor sees
    # only their own. Never shown to anyone.
    session_key: Mapped[str] = mapped_column(String(64), index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    offer_id: Mapped[str | None] = mapped_column(String(80), nullable=True)

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name="ck_suggestions_status"),
        Index("ix_suggestions_submitted_at", "submitted_at"),
    )


class AuditEntry(Base):
    """One change: who, when, what, and the row before and after (None when there was none)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))
    offer_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    suggestion_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)

    __table_args__ = (Index("ix_audit_log_offer_id", "offer_id"),)
