"""The intake service's database migrations (Alembic revisions); see contact101/migrations.py."""
