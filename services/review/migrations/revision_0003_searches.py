"""searches

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.String(length=64), nullable=False),
        sa.Column("searcher_id", sa.String(length=128), nullable=False),
        sa.Column("searcher_role", sa.String(length=32), nullable=False),
        sa.Column("key_kind", sa.String(length=32), nullable=False),
        sa.Column("key_digest", sa.String(length=64), nullable=False),
        sa.Column("cases_found", sa.Integer(), nullable=False),
        sa.Column("searched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_searches")),
        sa.UniqueConstraint("search_id", name=op.f("uq_searches_search_id")),
    )
    op.create_index(op.f("ix_searches_key_digest"), "searches", ["key_digest"], unique=False)
    op.create_index(op.f("ix_searches_searcher_id"), "searches", ["searcher_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_searches_searcher_id"), table_name="searches")
    op.drop_index(op.f("ix_searches_key_digest"), table_name="searches")
    op.drop_table("searches")
