"""add respondent codes to links

Revision ID: ebbb2b038b1e
Revises: ecd98339a10e
Create Date: 2026-11-26 14:04:52.880737
"""

import sqlalchemy as sa
from alembic import op

revision = "ebbb2b038b1e"
down_revision = "ecd98339a10e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sample_assignment_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sample_number", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("is_reserve", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("code", sa.String(length=16), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_links_sample_assignment_id"), ["sample_assignment_id"], unique=False
        )
        batch_op.create_unique_constraint(batch_op.f("uq_links_code"), ["code"])
        batch_op.create_unique_constraint(
            batch_op.f("uq_links_sample_assignment_id_sample_number"),
            ["sample_assignment_id", "sample_number"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_links_sample_assignment_id_sample_assignments"),
            "sample_assignments",
            ["sample_assignment_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_links_sample_code"),
            "sample_assignment_id IS NULL OR (kind = 'invitation' AND sample_number >= 1"
            " AND code IS NOT NULL)",
        )


def downgrade():
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_links_sample_code"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_links_sample_assignment_id_sample_assignments"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_links_sample_assignment_id_sample_number"), type_="unique"
        )
        batch_op.drop_constraint(batch_op.f("uq_links_code"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_links_sample_assignment_id"))
        batch_op.drop_column("code")
        batch_op.drop_column("is_reserve")
        batch_op.drop_column("sample_number")
        batch_op.drop_column("sample_assignment_id")
