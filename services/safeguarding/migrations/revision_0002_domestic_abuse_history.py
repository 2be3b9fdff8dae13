"""domestic abuse history: which contacts were domestic abuse (MARAC potential escalation)

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
    with op.batch_alter_table("contact_keys") as batch:
        batch.add_column(sa.Column("domestic_abuse", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("contact_keys") as batch:
        batch.drop_column("domestic_abuse")
