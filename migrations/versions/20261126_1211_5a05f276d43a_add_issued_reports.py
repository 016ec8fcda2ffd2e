"""add issued reports

Revision ID: 5a05f276d43a
Revises: c08bd307ab51
Create Date: 2026-11-26 12:11:14.957823
"""

import sqlalchemy as sa
from alembic import op

revision = "5a05f276d43a"
down_revision = "c08bd307ab51"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "issued_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('semiannual')", name=op.f("ck_issued_reports_kind")),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"], name=op.f("fk_issued_reports_issued_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["indicator_snapshots.id"],
            name=op.f("fk_issued_reports_snapshot_id_indicator_snapshots"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_reports")),
    )
    with op.batch_alter_table("issued_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_reports_period"), ["period"], unique=False)


def downgrade():
    with op.batch_alter_table("issued_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_reports_period"))

    op.drop_table("issued_reports")
