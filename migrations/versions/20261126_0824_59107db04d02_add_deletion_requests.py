"""add deletion requests

Revision ID: 59107db04d02
Revises: fff48be220a3
Create Date: 2026-11-26 08:24:38.150693
"""

import sqlalchemy as sa
from alembic import op

revision = "59107db04d02"
down_revision = "fff48be220a3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "deletion_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_code", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'not_found')", name=op.f("ck_deletion_requests_status")
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"], ["users.id"], name=op.f("fk_deletion_requests_handled_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deletion_requests")),
    )
    with op.batch_alter_table("deletion_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deletion_requests_receipt_code"), ["receipt_code"], unique=False
        )


def downgrade():
    with op.batch_alter_table("deletion_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deletion_requests_receipt_code"))

    op.drop_table("deletion_requests")
