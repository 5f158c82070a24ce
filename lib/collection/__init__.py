"""The shared collection of offers (issue 13): published offers, suggestions waiting for review,
the audit log and each offer's original text, in SQLite or PostgreSQL through SQLAlchemy.

Pure: no Streamlit here. shell/collection.py opens the collection the deployment configures and
decides who the current user is; this package enforces what that user may do.
"""

from lib.collection.database import DatabaseUnavailable, describe_url, sqlite_url
from lib.collection.models import DELETED, PENDING, PUBLISHED, UNPUBLISHED
from lib.collection.roles import CURATOR, VISITOR, Actor, NotAllowed
from lib.collection.rows import InvalidOffer, contract_issues, contract_row
from lib.collection.store import (
    AuditRecord,
    Collection,
    CollectionError,
    EditConflict,
    IdTaken,
    LimitReached,
    OfferNotFound,
    OfferRecord,
    SuggestionRecord,
)

__all__ = [
    "CURATOR", "DELETED", "PENDING", "PUBLISHED", "UNPUBLISHED", "VISITOR", "Actor", "AuditRecord", "Collection",
    "CollectionError", "DatabaseUnavailable", "EditConflict", "IdTaken", "InvalidOffer", "LimitReached",
    "NotAllowed", "OfferNotFound", "OfferRecord", "SuggestionRecord", "contract_issues", "contract_row",
    "describe_url", "sqlite_url",
]
