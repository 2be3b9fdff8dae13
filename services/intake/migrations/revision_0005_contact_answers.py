"""contact answers: each contact version's guided answers by question id and question-set version

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "contact_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question_set_id", sa.String(length=64), nullable=False),
        sa.Column("question_set_version", sa.String(length=100), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("answer_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_contact_answers_contact_id_contacts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_answers")),
        sa.UniqueConstraint(
            "contact_id",
            "version",
            "question_id",
            name=op.f("uq_contact_answers_contact_id_version_question_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("contact_answers")
