"""Alembic runs migrations on the connection ``trainer.store.migrate`` hands it, inside that
connection's transaction (which holds the lock that stops two processes migrating at once)."""

from alembic import context

from trainer.store.schema import METADATA

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=METADATA,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
