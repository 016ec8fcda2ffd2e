"""add sample designs

Revision ID: ecd98339a10e
Revises: 380898c386d4
Create Date: 2026-11-26 13:39:04.837490
"""

import sqlalchemy as sa
from alembic import op

revision = "ecd98339a10e"
down_revision = "380898c386d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sample_designs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("proportion", sa.Float(), nullable=False),
        sa.Column("margin", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=False),
        sa.Column("design_effect", sa.Float(), nullable=False),
        sa.Column("nonresponse", sa.Float(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("allocation", sa.String(length=16), nullable=False),
        sa.Column("stratification", sa.String(length=16), nullable=False),
        sa.Column("min_communes", sa.Integer(), nullable=False),
        sa.Column("respondents_per_commune", sa.Integer(), nullable=False),
        sa.Column("reserve_share", sa.Float(), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("frame_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "allocation IN ('proportional', 'equal')", name=op.f("ck_sample_designs_allocation")
        ),
        sa.CheckConstraint(
            "stratification IN ('province_kind', 'province', 'kind', 'none')",
            name=op.f("ck_sample_designs_stratification"),
        ),
        sa.CheckConstraint("confidence IN (90, 95, 99)", name=op.f("ck_sample_designs_confidence")),
        sa.CheckConstraint("design_effect >= 1", name=op.f("ck_sample_designs_design_effect")),
        sa.CheckConstraint("margin > 0 AND margin < 0.5", name=op.f("ck_sample_designs_margin")),
        sa.CheckConstraint("min_communes >= 1", name=op.f("ck_sample_designs_min_communes")),
        sa.CheckConstraint(
            "nonresponse >= 0 AND nonresponse < 0.9", name=op.f("ck_sample_designs_nonresponse")
        ),
        sa.CheckConstraint("population >= 1", name=op.f("ck_sample_designs_population")),
        sa.CheckConstraint(
            "proportion > 0 AND proportion < 1", name=op.f("ck_sample_designs_proportion")
        ),
        sa.CheckConstraint(
            "reserve_share >= 0 AND reserve_share <= 1",
            name=op.f("ck_sample_designs_reserve_share"),
        ),
        sa.CheckConstraint(
            "respondents_per_commune >= 1", name=op.f("ck_sample_designs_respondents_per_commune")
        ),
        sa.CheckConstraint("sample_size >= 1", name=op.f("ck_sample_designs_sample_size")),
        sa.CheckConstraint("seed >= 0 AND seed <= 2147483647", name=op.f("ck_sample_designs_seed")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_sample_designs_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_sample_designs_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_designs")),
    )
    with op.batch_alter_table("sample_designs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sample_designs_survey_id"), ["survey_id"], unique=False
        )

    op.create_table(
        "sample_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("design_id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("stratum", sa.String(length=32), nullable=False),
        sa.Column("draw_order", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("inclusion_probability", sa.Float(), nullable=False),
        sa.Column("is_certain", sa.Boolean(), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("reserve", sa.Integer(), nullable=False),
        sa.CheckConstraint("draw_order >= 1", name=op.f("ck_sample_assignments_draw_order")),
        sa.CheckConstraint(
            "inclusion_probability > 0 AND inclusion_probability <= 1",
            name=op.f("ck_sample_assignments_probability"),
        ),
        sa.CheckConstraint("population >= 1", name=op.f("ck_sample_assignments_population")),
        sa.CheckConstraint("reserve >= 0", name=op.f("ck_sample_assignments_reserve")),
        sa.CheckConstraint("respondents >= 1", name=op.f("ck_sample_assignments_respondents")),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["units.id"], name=op.f("fk_sample_assignments_commune_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["design_id"],
            ["sample_designs.id"],
            name=op.f("fk_sample_assignments_design_id_sample_designs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_assignments")),
        sa.UniqueConstraint(
            "design_id", "commune_id", name=op.f("uq_sample_assignments_design_id_commune_id")
        ),
        sa.UniqueConstraint(
            "design_id",
            "stratum",
            "draw_order",
            name=op.f("uq_sample_assignments_design_id_stratum_draw_order"),
        ),
    )
    with op.batch_alter_table("sample_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sample_assignments_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "sample_strata",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("design_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("communes", sa.Integer(), nullable=False),
        sa.Column("allocated", sa.Integer(), nullable=False),
        sa.Column("drawn", sa.Integer(), nullable=False),
        sa.CheckConstraint("allocated >= 1", name=op.f("ck_sample_strata_allocated")),
        sa.CheckConstraint("communes >= 1", name=op.f("ck_sample_strata_communes")),
        sa.CheckConstraint("drawn >= 1 AND drawn <= communes", name=op.f("ck_sample_strata_drawn")),
        sa.CheckConstraint("population >= 1", name=op.f("ck_sample_strata_population")),
        sa.ForeignKeyConstraint(
            ["design_id"],
            ["sample_designs.id"],
            name=op.f("fk_sample_strata_design_id_sample_designs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_strata")),
        sa.UniqueConstraint("design_id", "code", name=op.f("uq_sample_strata_design_id_code")),
    )
    with op.batch_alter_table("sample_strata", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sample_strata_design_id"), ["design_id"], unique=False)


def downgrade():
    with op.batch_alter_table("sample_strata", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sample_strata_design_id"))

    op.drop_table("sample_strata")
    with op.batch_alter_table("sample_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sample_assignments_commune_id"))

    op.drop_table("sample_assignments")
    with op.batch_alter_table("sample_designs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sample_designs_survey_id"))

    op.drop_table("sample_designs")
