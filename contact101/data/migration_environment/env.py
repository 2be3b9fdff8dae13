"""Alembic runs this for every migration command; contact101.data.migrations supplies the service."""

from alembic import context

from contact101.data.migrations import environment_options

context.configure(**environment_options(context.config))
with context.begin_transaction():
    context.run_migrations()
