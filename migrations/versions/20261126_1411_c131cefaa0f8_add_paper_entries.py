"""add paper entries

Revision ID: c131cefaa0f8
Revises: ebbb2b038b1e
Create Date: 2026-11-26 14:11:22.625387
"""

import sqlalchemy as sa
from alembic import op

revision = "c131cefaa0f8"
down_revision = "ebbb2b038b1e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "paper_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=32), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("is_double_entry", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('awaiting_second', 'differences', 'accepted', 'resolved')",
            name=op.f("ck_paper_forms_status"),
        ),
        sa.ForeignKeyConstraint(
            ["link_id"], ["links.id"], name=op.f("fk_paper_forms_link_id_links")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["users.id"], name=op.f("fk_paper_forms_resolved_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["responses.id"], name=op.f("fk_paper_forms_response_id_responses")
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_paper_forms_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_forms")),
        sa.UniqueConstraint("response_id", name=op.f("uq_paper_forms_response_id")),
        sa.UniqueConstraint("survey_id", "serial", name=op.f("uq_paper_forms_survey_id_serial")),
    )
    with op.batch_alter_table("paper_forms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_forms_survey_id"), ["survey_id"], unique=False)

    op.create_table(
        "paper_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_form_id", sa.Integer(), nullable=False),
        sa.Column("pass_number", sa.Integer(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("pass_number IN (1, 2)", name=op.f("ck_paper_entries_pass_number")),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["users.id"], name=op.f("fk_paper_entries_clerk_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["paper_form_id"],
            ["paper_forms.id"],
            name=op.f("fk_paper_entries_paper_form_id_paper_forms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_entries")),
        sa.UniqueConstraint(
            "paper_form_id", "clerk_id", name=op.f("uq_paper_entries_paper_form_id_clerk_id")
        ),
        sa.UniqueConstraint(
            "paper_form_id", "pass_number", name=op.f("uq_paper_entries_paper_form_id_pass_number")
        ),
    )
    with op.batch_alter_table("paper_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paper_entries_paper_form_id"), ["paper_form_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("paper_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_entries_paper_form_id"))

    op.drop_table("paper_entries")
    with op.batch_alter_table("paper_forms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_forms_survey_id"))

    op.drop_table("paper_forms")
