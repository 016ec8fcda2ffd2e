"""add registers, indicators, tallies and snapshots

Revision ID: 288ae4053631
Revises: 065acfeb4997
Create Date: 2026-11-26 10:05:24.067267
"""

import sqlalchemy as sa
from alembic import op

revision = "288ae4053631"
down_revision = "065acfeb4997"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('plan', 'report', 'decision', 'other')", name=op.f("ck_documents_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_issued_on"), ["issued_on"], unique=False)

    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_vi", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=True),
        sa.Column("question_code", sa.String(length=63), nullable=True),
        sa.Column("count_options", sa.JSON(), nullable=False),
        sa.Column("invalid_answers", sa.JSON(), nullable=False),
        sa.Column("register", sa.String(length=32), nullable=True),
        sa.Column("register_params", sa.JSON(), nullable=False),
        sa.Column("denominator", sa.String(length=24), nullable=False),
        sa.Column("target_value", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("comparison", sa.String(length=2), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("baseline_value", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("baseline_on", sa.Date(), nullable=True),
        sa.Column("weighting", sa.String(length=24), nullable=False),
        sa.Column("breakdowns", sa.JSON(), nullable=False),
        sa.Column("min_cell_size", sa.Integer(), nullable=False),
        sa.Column("is_plan_target", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("comparison IN ('>=', '<=')", name=op.f("ck_indicators_comparison")),
        sa.CheckConstraint(
            "denominator IN ('respondents', 'staff_headcount', 'comm_staff_headcount', 'register_rows', 'none')",
            name=op.f("ck_indicators_denominator"),
        ),
        sa.CheckConstraint(
            "kind IN ('survey_proportion', 'register_proportion', 'milestone', 'count')",
            name=op.f("ck_indicators_kind"),
        ),
        sa.CheckConstraint(
            "weighting IN ('none', 'commune_population')", name=op.f("ck_indicators_weighting")
        ),
        sa.CheckConstraint("min_cell_size >= 1", name=op.f("ck_indicators_min_cell_size")),
        sa.CheckConstraint(
            "target_year IS NULL OR target_year BETWEEN 2020 AND 2100",
            name=op.f("ck_indicators_year"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_indicators_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("code", name=op.f("uq_indicators_code")),
    )
    op.create_table(
        "network_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('press', 'unit', 'commune', 'research', 'enterprise', 'expert', 'collaborator')",
            name=op.f("ck_network_members_kind"),
        ),
        sa.CheckConstraint(
            "left_on IS NULL OR left_on >= joined_on", name=op.f("ck_network_members_dates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_members")),
    )
    op.create_table(
        "award_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("award", sa.String(length=300), nullable=False),
        sa.Column("entry", sa.String(length=500), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "result IN ('submitted', 'shortlisted', 'awarded', 'attended')",
            name=op.f("ck_award_entries_result"),
        ),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_award_entries_year")),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_award_entries_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_entries")),
    )
    with op.batch_alter_table("award_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_entries_year"), ["year"], unique=False)

    op.create_table(
        "comm_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('portal_column', 'website_section', 'social_page', 'zalo', 'video_channel', 'print', 'broadcast')",
            name=op.f("ck_comm_channels_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_comm_channels_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comm_channels")),
    )
    with op.batch_alter_table("comm_channels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comm_channels_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "indicator_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("stream", sa.String(length=16), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('yes', 'no', 'invalid', 'excluded')",
            name=op.f("ck_indicator_tallies_outcome"),
        ),
        sa.CheckConstraint("n >= 0", name=op.f("ck_indicator_tallies_n")),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_tallies_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_tallies")),
        sa.UniqueConstraint(
            "indicator_id",
            "day",
            "version_id",
            "stream",
            "commune_id",
            "unit_id",
            "link_id",
            "outcome",
            name="uq_indicator_tallies_cell",
        ),
    )
    op.create_table(
        "st_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("is_secret", sa.Boolean(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "level IN ('national', 'ministry', 'province', 'grassroots')",
            name=op.f("ck_st_tasks_level"),
        ),
        sa.CheckConstraint(
            "status IN ('ongoing', 'accepted', 'applied', 'stopped')",
            name=op.f("ck_st_tasks_status"),
        ),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_st_tasks_year")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_st_tasks_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_st_tasks")),
        sa.UniqueConstraint("code", name=op.f("uq_st_tasks_code")),
    )
    with op.batch_alter_table("st_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_st_tasks_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "trainings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=300), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "topic IN ('digital_comm', 'st_content', 'both', 'other')",
            name=op.f("ck_trainings_topic"),
        ),
        sa.CheckConstraint("hours > 0 AND hours <= 2000", name=op.f("ck_trainings_hours")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_trainings_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainings")),
    )
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trainings_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "comm_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('article', 'infographic', 'video', 'podcast', 'event', 'publication')",
            name=op.f("ck_comm_products_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["comm_channels.id"],
            name=op.f("fk_comm_products_channel_id_comm_channels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comm_products")),
    )
    with op.batch_alter_table("comm_products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comm_products_channel_id"), ["channel_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_comm_products_published_on"), ["published_on"], unique=False
        )

    op.create_table(
        "indicator_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("frozen_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["frozen_by_id"], ["users.id"], name=op.f("fk_indicator_snapshots_frozen_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_snapshots")),
    )
    with op.batch_alter_table("indicator_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_snapshots_period"), ["period"], unique=False)

    op.create_table(
        "task_communications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=False),
        sa.Column("outlet_kind", sa.String(length=20), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outlet_kind IN ('mass_media', 'digital_platform', 'social_network')",
            name=op.f("ck_task_communications_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["st_tasks.id"],
            name=op.f("fk_task_communications_task_id_st_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_communications")),
    )
    with op.batch_alter_table("task_communications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_task_communications_task_id"), ["task_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("task_communications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_communications_task_id"))

    op.drop_table("task_communications")
    with op.batch_alter_table("indicator_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_snapshots_period"))

    op.drop_table("indicator_snapshots")
    with op.batch_alter_table("comm_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comm_products_published_on"))
        batch_op.drop_index(batch_op.f("ix_comm_products_channel_id"))

    op.drop_table("comm_products")
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trainings_unit_id"))

    op.drop_table("trainings")
    with op.batch_alter_table("st_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_st_tasks_unit_id"))

    op.drop_table("st_tasks")
    op.drop_table("indicator_tallies")
    with op.batch_alter_table("comm_channels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comm_channels_unit_id"))

    op.drop_table("comm_channels")
    with op.batch_alter_table("award_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_entries_year"))

    op.drop_table("award_entries")
    op.drop_table("network_members")
    op.drop_table("indicators")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_issued_on"))

    op.drop_table("documents")
