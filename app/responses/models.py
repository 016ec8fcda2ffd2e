"""Distribution links, responses and their answers."""

import secrets
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import UTCDateTime, sql_list, utcnow
from app.extensions import db

LINK_KINDS = ("public", "invitation")
MODES = ("self", "assisted", "paper")
STREAMS = ("open", "sample", "census")
# Receipt codes avoid look-alikes (no 0/O, 1/I/L) so they can be read aloud or copied by hand.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_token() -> str:
    """128 random bits, URL-safe: a link nobody can guess."""
    return secrets.token_urlsafe(16)


def new_receipt_code() -> str:
    """Eight characters in two groups, e.g. 7KQ4-M9XD."""
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


class Link(db.Model):
    """A way into a survey: a public link (a QR code on a poster) or a one-response invitation."""

    __tablename__ = "links"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({sql_list(LINK_KINDS)})", name="kind"),
        sa.CheckConstraint("budget IS NULL OR budget >= 1", name="budget"),
        sa.CheckConstraint("visits >= 0 AND starts >= 0 AND completes >= 0", name="counts"),
        # A respondent code of a sample design is one invitation, numbered within its commune;
        # the pair is unique, so creating the codes twice, even at once, cannot double them.
        sa.UniqueConstraint("sample_assignment_id", "sample_number"),
        sa.CheckConstraint(
            "sample_assignment_id IS NULL OR (kind = 'invitation' AND sample_number >= 1"
            " AND code IS NOT NULL)",
            name="sample_code",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32), unique=True, default=new_token)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default="public")
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    commune_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    event: Mapped[str | None] = mapped_column(sa.String(32))
    channel: Mapped[str | None] = mapped_column(sa.String(32))
    organisation: Mapped[str | None] = mapped_column(sa.String(200))
    enterprise_id: Mapped[int | None] = mapped_column(sa.ForeignKey("enterprises.id"), index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    budget: Mapped[int | None]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Funnel counters, incremented in SQL; they hold no personal data.
    visits: Mapped[int] = mapped_column(default=0)
    starts: Mapped[int] = mapped_column(default=0)
    completes: Mapped[int] = mapped_column(default=0)
    # One-time respondent codes (app.sampling.codes): the drawn commune of a sample design,
    # the code's number there (reserve codes come after the respondents' own), and a short
    # code without look-alike characters that an interviewer or a clerk can type.
    sample_assignment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sample_assignments.id"), index=True
    )
    sample_number: Mapped[int | None]
    is_reserve: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    code: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey = relationship("Survey", lazy="joined")
    commune = relationship("Unit", foreign_keys=[commune_id])
    unit = relationship("Unit", foreign_keys=[unit_id])
    enterprise = relationship("Enterprise")

    @property
    def name(self) -> str | None:
        """What people call the link: its label, else its commune's name (None: neither)."""
        return self.label or (self.commune.name if self.commune else None)

    def __repr__(self) -> str:
        return f"<Link {self.id} {self.kind} survey={self.survey_id}>"


class Response(db.Model):
    """One person's answers to one survey, from the first saved page to submission."""

    __tablename__ = "responses"
    __table_args__ = (
        sa.CheckConstraint("status IN ('draft', 'complete')", name="status"),
        sa.CheckConstraint(f"mode IN ({sql_list(MODES)})", name="mode"),
        sa.CheckConstraint(f"stream IN ({sql_list(STREAMS)})", name="stream"),
        # One response per staff member per survey wave, whatever the timing of requests.
        sa.UniqueConstraint("survey_id", "user_id"),
        sa.Index("ix_responses_survey_id_status", "survey_id", "status"),
        # What review_flags asks on every submission, so it stays fast as a survey fills.
        sa.Index("ix_responses_survey_id_device_hash", "survey_id", "device_hash"),
        sa.Index(
            "ix_responses_survey_id_address_hash", "survey_id", "address_hash", "submitted_at"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"))
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_versions.id"), index=True)
    link_id: Mapped[int | None] = mapped_column(sa.ForeignKey("links.id"), index=True)
    # Set only for invitation links: unique, so an invitation yields one response at most.
    invitation_link_id: Mapped[int | None] = mapped_column(sa.ForeignKey("links.id"), unique=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Who recorded the answers for the respondent: the enumerator of an assisted interview,
    # the clerk who keyed a paper form. Exports show a pseudonymous code, never the name.
    collector_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    submission_id: Mapped[str] = mapped_column(sa.String(32), unique=True, default=new_token)
    receipt_code: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="draft")
    language: Mapped[str] = mapped_column(sa.String(8), default="vi")
    mode: Mapped[str] = mapped_column(sa.String(16), default="self")
    stream: Mapped[str] = mapped_column(sa.String(16), default="open")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_notice: Mapped[str | None] = mapped_column(sa.String(64))  # hash of the notice text
    commune_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)
    # Salted, daily-rotating hashes (app.security.client_key), never the raw values: they
    # only serve to flag repeats for review.
    device_hash: Mapped[str | None] = mapped_column(sa.String(32))
    address_hash: Mapped[str | None] = mapped_column(sa.String(32))
    flags: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Every answer under one key per export column (app.responses.answer_map); binary JSON on
    # PostgreSQL so that reading one key does not parse the whole document.
    answer_map: Mapped[dict] = mapped_column(
        sa.JSON().with_variant(JSONB(), "postgresql"), default=dict, server_default="{}"
    )
    is_excluded: Mapped[bool] = mapped_column(default=False)
    excluded_reason: Mapped[str | None] = mapped_column(sa.String(500))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    survey = relationship("Survey")
    version = relationship("SurveyVersion")
    link = relationship("Link", foreign_keys=[link_id])
    commune = relationship("Unit", foreign_keys=[commune_id])
    answers = relationship(
        "Answer", back_populates="response", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<Response {self.id} {self.status} survey={self.survey_id}>"


class Answer(db.Model):
    """One stored value of one question (long form, so SQL can count it)."""

    __tablename__ = "answers"
    __table_args__ = (
        sa.Index("ix_answers_question_code_option_code", "question_code", "option_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    question_code: Mapped[str] = mapped_column(sa.String(63))
    option_code: Mapped[str | None] = mapped_column(sa.String(63))
    item_code: Mapped[str | None] = mapped_column(sa.String(63))
    number: Mapped[Decimal | None] = mapped_column(sa.Numeric(18, 4))
    text: Mapped[str | None] = mapped_column(sa.Text)
    date_value: Mapped[date | None] = mapped_column("date", sa.Date)

    response = relationship("Response", back_populates="answers")


class DeletionRequest(db.Model):
    """A respondent's request, by receipt code, to delete their response (Law 91/2025)."""

    __tablename__ = "deletion_requests"
    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'done', 'not_found')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_code: Mapped[str] = mapped_column(sa.String(16), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    handled_by = relationship("User")
