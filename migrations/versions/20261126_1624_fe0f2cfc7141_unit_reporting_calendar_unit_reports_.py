"""Unit reporting: calendar, unit reports and versions, report sections, indicator accrual and units

Revision ID: fe0f2cfc7141
Revises: b0f902d9818f
Create Date: 2026-11-26 16:24:08.095421
"""

import sqlalchemy as sa
from alembic import op

revision = "fe0f2cfc7141"
down_revision = "b0f902d9818f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reporting_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("half", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("unit_due_on", sa.Date(), nullable=False),
        sa.Column("department_due_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("half IN (1, 2)", name=op.f("ck_reporting_periods_half")),
        sa.CheckConstraint("starts_on <= ends_on", name=op.f("ck_reporting_periods_window")),
        sa.CheckConstraint(
            "unit_due_on <= department_due_on", name=op.f("ck_reporting_periods_deadlines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_periods")),
        sa.UniqueConstraint("year", "half", name=op.f("uq_reporting_periods_year_half")),
    )
    op.create_table(
        "report_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "task IN ('III.1', 'III.2', 'III.3', 'III.4')", name=op.f("ck_report_sections_task")
        ),
        sa.ForeignKeyConstraint(
            ["edited_by_id"], ["users.id"], name=op.f("fk_report_sections_edited_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reporting_periods.id"],
            name=op.f("fk_report_sections_period_id_reporting_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_sections")),
        sa.UniqueConstraint("period_id", "task", name=op.f("uq_report_sections_period_id_task")),
    )
    with op.batch_alter_table("report_sections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_sections_period_id"), ["period_id"], unique=False
        )

    op.create_table(
        "unit_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'returned', 'accepted')",
            name=op.f("ck_unit_reports_status"),
        ),
        sa.CheckConstraint("version >= 0", name=op.f("ck_unit_reports_version")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_unit_reports_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reporting_periods.id"],
            name=op.f("fk_unit_reports_period_id_reporting_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_unit_reports_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_reports")),
        sa.UniqueConstraint("period_id", "unit_id", name=op.f("uq_unit_reports_period_id_unit_id")),
    )
    with op.batch_alter_table("unit_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_reports_period_id"), ["period_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_reports_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "unit_report_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "outcome <> 'returned' OR reason IS NOT NULL",
            name=op.f("ck_unit_report_versions_reason"),
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('returned', 'accepted')",
            name=op.f("ck_unit_report_versions_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_unit_report_versions_decided_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["unit_reports.id"],
            name=op.f("fk_unit_report_versions_report_id_unit_reports"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_unit_report_versions_submitted_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_report_versions")),
        sa.UniqueConstraint(
            "report_id", "number", name=op.f("uq_unit_report_versions_report_id_number")
        ),
    )
    with op.batch_alter_table("unit_report_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_report_versions_report_id"), ["report_id"], unique=False
        )

    with op.batch_alter_table("comm_products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_report_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_comm_products_unit_report_id"), ["unit_report_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_comm_products_unit_report_id_unit_reports"),
            "unit_reports",
            ["unit_report_id"],
            ["id"],
        )

    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("accrual", sa.String(length=12), server_default="period", nullable=False)
        )
        batch_op.add_column(sa.Column("lead_unit_code", sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column("contributing_unit_codes", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_indicators_accrual"), "accrual IN ('cumulative', 'period')"
        )
    # The indicators that were already counted from the start, so their figures do not change
    # between this upgrade and the next `flask seed` (which sets every indicator's accrual).
    op.execute(
        "UPDATE indicators SET accrual = 'cumulative' WHERE code IN "
        "('PLAN_ISSUED', 'NETWORK', 'TASKS_COMMUNICATED', 'COMMSTAFF_TRAINED')"
    )

    with op.batch_alter_table("task_communications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_report_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_task_communications_unit_report_id"), ["unit_report_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_task_communications_unit_report_id_unit_reports"),
            "unit_reports",
            ["unit_report_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("task_communications", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_task_communications_unit_report_id_unit_reports"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_task_communications_unit_report_id"))
        batch_op.drop_column("unit_report_id")

    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_indicators_accrual"), type_="check")
        batch_op.drop_column("contributing_unit_codes")
        batch_op.drop_column("lead_unit_code")
        batch_op.drop_column("accrual")

    with op.batch_alter_table("comm_products", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_comm_products_unit_report_id_unit_reports"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_comm_products_unit_report_id"))
        batch_op.drop_column("unit_report_id")

    with op.batch_alter_table("unit_report_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_report_versions_report_id"))

    op.drop_table("unit_report_versions")
    with op.batch_alter_table("unit_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_reports_unit_id"))
        batch_op.drop_index(batch_op.f("ix_unit_reports_period_id"))

    op.drop_table("unit_reports")
    with op.batch_alter_table("report_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_sections_period_id"))

    op.drop_table("report_sections")
    op.drop_table("reporting_periods")
