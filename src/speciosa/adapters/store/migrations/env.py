"""Alembic environment: runs on the connection handed in by speciosa.adapters.store.db.migrate."""

from __future__ import annotations

from alembic import context

from speciosa.adapters.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the programmatic entry point is supported
    raise RuntimeError("run migrations through speciosa.adapters.store.db.migrate(engine)")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
