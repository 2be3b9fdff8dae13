"""The crime service's database migrations (Alembic revisions); see contact101/data/migrations.py."""
