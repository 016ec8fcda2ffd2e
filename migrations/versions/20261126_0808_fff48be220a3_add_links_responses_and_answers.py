"""add links responses and answers

Revision ID: fff48be220a3
Revises: 7cc9d422778e
Create Date: 2026-11-26 08:08:01.872744
"""

import sqlalchemy as sa
from alembic import op

revision = "fff48be220a3"
down_revision = "7cc9d422778e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("event", sa.String(length=32), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("budget", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Integer(), nullable=False),
        sa.Column("completes", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('public', 'invitation')", name=op.f("ck_links_kind")),
        sa.CheckConstraint("budget IS NULL OR budget >= 1", name=op.f("ck_links_budget")),
        sa.CheckConstraint(
            "visits >= 0 AND starts >= 0 AND completes >= 0", name=op.f("ck_links_counts")
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["units.id"], name=op.f("fk_links_commune_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_links_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_links_survey_id_surveys")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_links_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint("token", name=op.f("uq_links_token")),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_links_commune_id"), ["commune_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_links_survey_id"), ["survey_id"], unique=False)

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("invitation_link_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("submission_id", sa.String(length=32), nullable=False),
        sa.Column("receipt_code", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("stream", sa.String(length=16), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_notice", sa.String(length=64), nullable=True),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("device_hash", sa.String(length=32), nullable=True),
        sa.Column("address_hash", sa.String(length=32), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("is_excluded", sa.Boolean(), nullable=False),
        sa.Column("excluded_reason", sa.String(length=500), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("mode IN ('self', 'assisted', 'paper')", name=op.f("ck_responses_mode")),
        sa.CheckConstraint("status IN ('draft', 'complete')", name=op.f("ck_responses_status")),
        sa.CheckConstraint(
            "stream IN ('open', 'sample', 'census')", name=op.f("ck_responses_stream")
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["units.id"], name=op.f("fk_responses_commune_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["invitation_link_id"], ["links.id"], name=op.f("fk_responses_invitation_link_id_links")
        ),
        sa.ForeignKeyConstraint(["link_id"], ["links.id"], name=op.f("fk_responses_link_id_links")),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_responses_survey_id_surveys")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_responses_unit_id_units")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_responses_user_id_users")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["survey_versions.id"],
            name=op.f("fk_responses_version_id_survey_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
        sa.UniqueConstraint("invitation_link_id", name=op.f("uq_responses_invitation_link_id")),
        sa.UniqueConstraint("receipt_code", name=op.f("uq_responses_receipt_code")),
        sa.UniqueConstraint("submission_id", name=op.f("uq_responses_submission_id")),
        sa.UniqueConstraint("survey_id", "user_id", name=op.f("uq_responses_survey_id_user_id")),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_responses_commune_id"), ["commune_id"], unique=False)
        batch_op.create_index(
            "ix_responses_survey_id_device_hash", ["survey_id", "device_hash"], unique=False
        )
        batch_op.create_index(
            "ix_responses_survey_id_address_hash",
            ["survey_id", "address_hash", "submitted_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_responses_link_id"), ["link_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_responses_submitted_at"), ["submitted_at"], unique=False
        )
        batch_op.create_index(
            "ix_responses_survey_id_status", ["survey_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_responses_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_responses_version_id"), ["version_id"], unique=False)

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_code", sa.String(length=63), nullable=False),
        sa.Column("option_code", sa.String(length=63), nullable=True),
        sa.Column("item_code", sa.String(length=63), nullable=True),
        sa.Column("number", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
    )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_answers_question_code_option_code", ["question_code", "option_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_answers_response_id"), ["response_id"], unique=False)


def downgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answers_response_id"))
        batch_op.drop_index("ix_answers_question_code_option_code")

    op.drop_table("answers")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responses_version_id"))
        batch_op.drop_index(batch_op.f("ix_responses_unit_id"))
        batch_op.drop_index("ix_responses_survey_id_status")
        batch_op.drop_index(batch_op.f("ix_responses_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_responses_link_id"))
        batch_op.drop_index("ix_responses_survey_id_address_hash")
        batch_op.drop_index("ix_responses_survey_id_device_hash")
        batch_op.drop_index(batch_op.f("ix_responses_commune_id"))

    op.drop_table("responses")
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_links_survey_id"))
        batch_op.drop_index(batch_op.f("ix_links_commune_id"))

    op.drop_table("links")
