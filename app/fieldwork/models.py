"""What fieldwork records beside the responses themselves.

- An enumerator is assigned surveys and communes, and sees nothing else.
- A respondent code that yields no interview keeps its outcome (refused, not met,
  not eligible), so that response rates and replacements can be reported.
- A back-check ("phúc tra") re-asks a drawn share of assisted interviews and logs where the
  answers differ.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import UTCDateTime, sql_list, utcnow
from app.extensions import db

CONTACT_OUTCOMES = {
    "refused": _l("Từ chối trả lời"),
    "noncontact": _l("Không gặp được"),
    "ineligible": _l("Không thuộc đối tượng"),
}
BACKCHECK_STATUSES = {
    "pending": _l("Chưa phúc tra"),
    "confirmed": _l("Khớp"),
    "discrepancy": _l("Có sai lệch"),
    "unreachable": _l("Không liên hệ được"),
}


class EnumeratorAssignment(db.Model):
    """One survey in one commune given to one enumerator."""

    __tablename__ = "enumerator_assignments"
    __table_args__ = (sa.UniqueConstraint("user_id", "survey_id", "commune_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    commune_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id])
    survey = relationship("Survey")
    commune = relationship("Unit")

    def __repr__(self) -> str:
        return f"<EnumeratorAssignment user={self.user_id} survey={self.survey_id}>"


class ContactOutcome(db.Model):
    """Why a respondent code gave no interview; a code with a response needs none."""

    __tablename__ = "contact_outcomes"
    __table_args__ = (
        sa.CheckConstraint(f"outcome IN ({sql_list(CONTACT_OUTCOMES)})", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(sa.ForeignKey("links.id"), unique=True)
    outcome: Mapped[str] = mapped_column(sa.String(16))
    note: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    link = relationship("Link")
    recorded_by = relationship("User")


class BackCheckDraw(db.Model):
    """A seeded draw of a share of a survey's assisted interviews, to be re-asked."""

    __tablename__ = "backcheck_draws"
    __table_args__ = (
        sa.CheckConstraint("share_percent >= 1 AND share_percent <= 100", name="share_percent"),
        sa.CheckConstraint("seed >= 0 AND seed <= 2147483647", name="seed"),
        sa.CheckConstraint("population >= 0 AND drawn >= 0", name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    share_percent: Mapped[int]
    seed: Mapped[int]
    population: Mapped[int]  # assisted interviews not yet drawn, when drawn
    drawn: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey = relationship("Survey")
    created_by = relationship("User")
    checks = relationship("BackCheck", back_populates="draw", order_by="BackCheck.id")


class BackCheck(db.Model):
    """One drawn interview: re-asked by a supervisor, with what differed."""

    __tablename__ = "backchecks"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_list(BACKCHECK_STATUSES)})", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(sa.ForeignKey("backcheck_draws.id"), index=True)
    # Unique: an interview is drawn once, however many draws overlap in time.
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    note: Mapped[str | None] = mapped_column(sa.String(500))
    checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    draw = relationship("BackCheckDraw", back_populates="checks")
    response = relationship("Response")
    checked_by = relationship("User")
    findings = relationship(
        "BackCheckFinding",
        back_populates="backcheck",
        order_by="BackCheckFinding.id",
        cascade="all, delete-orphan",
    )


class BackCheckFinding(db.Model):
    """One question re-asked in a back-check: what the interview recorded, what was found."""

    __tablename__ = "backcheck_findings"
    __table_args__ = (sa.UniqueConstraint("backcheck_id", "question_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    backcheck_id: Mapped[int] = mapped_column(
        sa.ForeignKey("backchecks.id", ondelete="CASCADE"), index=True
    )
    question_code: Mapped[str] = mapped_column(sa.String(63))
    recorded: Mapped[str] = mapped_column(sa.String(500), default="")
    found: Mapped[str] = mapped_column(sa.String(500), default="")
    matches: Mapped[bool] = mapped_column(default=True)

    backcheck = relationship("BackCheck", back_populates="findings")
