"""Opening the collection's database: SQLite in a file by default, PostgreSQL from a URL.

The schema is created and upgraded by the Alembic migrations of lib/collection/migrations/,
never by ``create_all``: a database made by any earlier version of the project is brought to
the current one the same way as an empty one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed number: PostgreSQL's advisory lock that keeps two servers starting at once from
# running the same migration twice.
_MIGRATION_LOCK = 720_130_013
SQLITE_BUSY_TIMEOUT_MS = 15_000
# The latest migration of migrations/versions (a test checks it against Alembic's head). A database
# already there is opened without importing Alembic: 0.7 s of every server's cold start.
HEAD_REVISION = "0002"


class DatabaseUnavailable(RuntimeError):
    """The collection's database cannot be opened; the message says why, in French."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def normalise_url(url: str) -> URL:
    """The SQLAlchemy URL for ``url``: ``postgres://`` and ``postgresql://`` (as hosts such as
    Neon or Supabase give them) use the psycopg 3 driver, which the project installs."""
    try:
        parsed = make_url(url.strip())
    except Exception as exc:  # SQLAlchemy raises ArgumentError, or ValueError for a bad port
        raise DatabaseUnavailable(f"adresse de base de données illisible ({type(exc).__name__})") from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.drivername.startswith(("sqlite", "postgresql")):
        raise DatabaseUnavailable(f"base de données non prise en charge : {parsed.drivername} "
                                  "(SQLite ou PostgreSQL seulement)")
    return parsed


def describe_url(url: str | URL) -> str:
    """The URL without its password, for messages and logs."""
    parsed = url if isinstance(url, URL) else normalise_url(url)
    return parsed.render_as_string(hide_password=True)


def create_collection_engine(url: str | URL) -> Engine:
    """An engine set up for the collection: SQLite in WAL mode with full syncing (a committed
    change survives a kill of the server, even a power cut) and write transactions that take
    the write lock at once; PostgreSQL with connections checked before use (a hosted server
    closes idle ones)."""
    parsed = url if isinstance(url, URL) else normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=5, pool_recycle=1800,
                         connect_args={"connect_timeout": 10})


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # pysqlite's own transaction handling is switched off so that BEGIN is ours (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A write transaction that began as a read would fail with "database is locked" instead
        # of waiting when another writer got in first: writes take the lock when they begin.
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the latest by default), whatever version it is at."""
    if revision == "head" and _stamped_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    config = alembic_config(engine)
    with engine.connect() as connection:
        postgres = engine.dialect.name == "postgresql"
        if postgres:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
            connection.commit()
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        finally:
            if postgres:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
                connection.commit()


def _stamped_revision(engine: Engine) -> str | None:
    """The revision Alembic recorded, read with plain SQL; None when there is none or it cannot be
    read (an empty database: the migrations then run as usual)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return None
    return rows[0][0] if len(rows) == 1 else None


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    config = alembic_config(engine)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
