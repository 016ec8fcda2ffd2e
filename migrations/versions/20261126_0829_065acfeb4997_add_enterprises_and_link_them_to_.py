"""add enterprises and link them to invitations

Revision ID: 065acfeb4997
Revises: 59107db04d02
Create Date: 2026-11-26 08:29:27.880645
"""

import sqlalchemy as sa
from alembic import op

revision = "065acfeb4997"
down_revision = "59107db04d02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "enterprises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tax_code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('state_owned', 'private', 'foreign_invested', 'household', 'cooperative', 'research', 'other')",
            name=op.f("ck_enterprises_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["units.id"], name=op.f("fk_enterprises_commune_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprises")),
        sa.UniqueConstraint("tax_code", name=op.f("uq_enterprises_tax_code")),
    )
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enterprises_commune_id"), ["commune_id"], unique=False)

    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enterprise_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_links_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_links_enterprise_id_enterprises"),
            "enterprises",
            ["enterprise_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_links_enterprise_id_enterprises"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_links_enterprise_id"))
        batch_op.drop_column("enterprise_id")

    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enterprises_commune_id"))

    op.drop_table("enterprises")
