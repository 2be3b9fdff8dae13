"""data reads

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "data_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("reader_id", sa.String(length=128), nullable=False),
        sa.Column("reader_role", sa.String(length=48), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payloads", sa.Integer(), nullable=False),
        sa.Column("through", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_reads")),
    )
    with op.batch_alter_table("data_reads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_reads_reference"), ["reference"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("data_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_reads_reference"))

    op.drop_table("data_reads")
