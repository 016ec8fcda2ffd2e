"""add report settings

Revision ID: c08bd307ab51
Revises: 288ae4053631
Create Date: 2026-11-26 12:05:51.042231
"""

import sqlalchemy as sa
from alembic import op

revision = "c08bd307ab51"
down_revision = "288ae4053631"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_body", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("number_suffix", sa.String(length=60), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("signer_authority", sa.String(length=100), nullable=False),
        sa.Column("signer_title", sa.String(length=100), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("addressee", sa.String(length=300), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("archive", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_report_settings_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_settings")),
    )


def downgrade():
    op.drop_table("report_settings")
