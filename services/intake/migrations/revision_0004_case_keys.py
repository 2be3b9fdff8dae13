"""case keys: the digests cases are found by

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "case_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_keys")),
        sa.UniqueConstraint("kind", "digest", "reference", name=op.f("uq_case_keys_kind_digest_reference")),
    )
    op.create_index(op.f("ix_case_keys_reference"), "case_keys", ["reference"], unique=False)
    op.create_index(
        "ix_case_keys_kind_digest_received_at", "case_keys", ["kind", "digest", "received_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_case_keys_kind_digest_received_at", table_name="case_keys")
    op.drop_index(op.f("ix_case_keys_reference"), table_name="case_keys")
    op.drop_table("case_keys")
