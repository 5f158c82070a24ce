"""Alembic's environment: migrations run on the connection the project hands over
(lib.collection.database.upgrade), or on ``sqlalchemy.url`` for the ``alembic`` command."""

from __future__ import annotations

from alembic import context

from lib.collection.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    # SQLite alters a table by copying it: batch mode does that for every migration.
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
    connection.commit()
else:
    from lib.collection.database import create_collection_engine

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set sqlalchemy.url (the dashboard itself migrates its database when it starts)")
    with create_collection_engine(url).connect() as own:
        _run(own)
        own.commit()
