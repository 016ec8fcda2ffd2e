"""Fieldwork: enumerators, contact outcomes, back-checks, response collector

Revision ID: b0f902d9818f
Revises: c131cefaa0f8
Create Date: 2026-11-26 15:39:47.836767
"""

import sqlalchemy as sa
from alembic import op

revision = "b0f902d9818f"
down_revision = "c131cefaa0f8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "backcheck_draws",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("share_percent", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("drawn", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "population >= 0 AND drawn >= 0", name=op.f("ck_backcheck_draws_counts")
        ),
        sa.CheckConstraint(
            "seed >= 0 AND seed <= 2147483647", name=op.f("ck_backcheck_draws_seed")
        ),
        sa.CheckConstraint(
            "share_percent >= 1 AND share_percent <= 100",
            name=op.f("ck_backcheck_draws_share_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_backcheck_draws_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_backcheck_draws_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backcheck_draws")),
    )
    with op.batch_alter_table("backcheck_draws", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_backcheck_draws_survey_id"), ["survey_id"], unique=False
        )

    op.create_table(
        "enumerator_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["units.id"], name=op.f("fk_enumerator_assignments_commune_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_enumerator_assignments_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_enumerator_assignments_survey_id_surveys")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_enumerator_assignments_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enumerator_assignments")),
        sa.UniqueConstraint(
            "user_id",
            "survey_id",
            "commune_id",
            name=op.f("uq_enumerator_assignments_user_id_survey_id_commune_id"),
        ),
    )
    with op.batch_alter_table("enumerator_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enumerator_assignments_survey_id"), ["survey_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_enumerator_assignments_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "contact_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('refused', 'noncontact', 'ineligible')",
            name=op.f("ck_contact_outcomes_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["link_id"], ["links.id"], name=op.f("fk_contact_outcomes_link_id_links")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_contact_outcomes_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_outcomes")),
        sa.UniqueConstraint("link_id", name=op.f("uq_contact_outcomes_link_id")),
    )
    op.create_table(
        "backchecks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'discrepancy', 'unreachable')",
            name=op.f("ck_backchecks_status"),
        ),
        sa.ForeignKeyConstraint(
            ["checked_by_id"], ["users.id"], name=op.f("fk_backchecks_checked_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["backcheck_draws.id"], name=op.f("fk_backchecks_draw_id_backcheck_draws")
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_backchecks_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backchecks")),
        sa.UniqueConstraint("response_id", name=op.f("uq_backchecks_response_id")),
    )
    with op.batch_alter_table("backchecks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_backchecks_draw_id"), ["draw_id"], unique=False)

    op.create_table(
        "backcheck_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("backcheck_id", sa.Integer(), nullable=False),
        sa.Column("question_code", sa.String(length=63), nullable=False),
        sa.Column("recorded", sa.String(length=500), nullable=False),
        sa.Column("found", sa.String(length=500), nullable=False),
        sa.Column("matches", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["backcheck_id"],
            ["backchecks.id"],
            name=op.f("fk_backcheck_findings_backcheck_id_backchecks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backcheck_findings")),
        sa.UniqueConstraint(
            "backcheck_id",
            "question_code",
            name=op.f("uq_backcheck_findings_backcheck_id_question_code"),
        ),
    )
    with op.batch_alter_table("backcheck_findings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_backcheck_findings_backcheck_id"), ["backcheck_id"], unique=False
        )

    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("collector_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_responses_collector_id"), ["collector_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_responses_collector_id_users"), "users", ["collector_id"], ["id"]
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_users_role"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_users_role"), "role IN ('enumerator', 'staff', 'manager', 'admin')"
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_users_role"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_users_role"), "role IN ('staff', 'manager', 'admin')"
        )

    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_responses_collector_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_responses_collector_id"))
        batch_op.drop_column("collector_id")

    with op.batch_alter_table("backcheck_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_backcheck_findings_backcheck_id"))

    op.drop_table("backcheck_findings")
    with op.batch_alter_table("backchecks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_backchecks_draw_id"))

    op.drop_table("backchecks")
    op.drop_table("contact_outcomes")
    with op.batch_alter_table("enumerator_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enumerator_assignments_user_id"))
        batch_op.drop_index(batch_op.f("ix_enumerator_assignments_survey_id"))

    op.drop_table("enumerator_assignments")
    with op.batch_alter_table("backcheck_draws", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_backcheck_draws_survey_id"))

    op.drop_table("backcheck_draws")
