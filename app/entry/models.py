"""Paper forms keyed in by clerks: one row per paper form, one per keying pass."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import UTCDateTime, sql_list, utcnow
from app.extensions import db

# awaiting_second: double entry, one pass keyed; differences: two passes that disagree, for
# a supervisor; accepted: the response exists (single entry, or two equal passes);
# resolved: the response exists after a supervisor chose the values.
PAPER_FORM_STATUSES = ("awaiting_second", "differences", "accepted", "resolved")
DONE_STATUSES = frozenset({"accepted", "resolved"})


class PaperForm(db.Model):
    """A paper form of a survey, known by its serial ("P-000123") or the respondent code it
    carries ("KQ4M9XD7", stored without the dash), and what became of it."""

    __tablename__ = "paper_forms"
    __table_args__ = (
        sa.UniqueConstraint("survey_id", "serial"),
        sa.CheckConstraint(f"status IN ({sql_list(PAPER_FORM_STATUSES)})", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    serial: Mapped[str] = mapped_column(sa.String(32))
    # The respondent code's one-time link, when the serial is a code of a sample design.
    link_id: Mapped[int | None] = mapped_column(sa.ForeignKey("links.id"))
    # Chosen on the entry start page when the form is first keyed, then fixed for this form.
    is_double_entry: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(16))
    # Unique: however two clerks race, one paper form yields one response at most.
    response_id: Mapped[int | None] = mapped_column(sa.ForeignKey("responses.id"), unique=True)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey = relationship("Survey")
    link = relationship("Link")
    resolved_by = relationship("User")
    entries = relationship(
        "PaperEntry",
        back_populates="paper_form",
        order_by="PaperEntry.pass_number",
        cascade="all, delete-orphan",
    )

    @property
    def label(self) -> str:
        """The serial as printed: a respondent code gets its dash back."""
        from app.sampling.codes import format_code  # here: sampling builds on responses

        return format_code(self.serial) if self.link_id is not None else self.serial

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    def __repr__(self) -> str:
        return f"<PaperForm {self.id} {self.serial} {self.status}>"


class PaperEntry(db.Model):
    """One clerk's keying of a paper form: the fields exactly as the entry page posted them,
    so that two passes can be compared and the chosen one replayed into a response."""

    __tablename__ = "paper_entries"
    __table_args__ = (
        # One first and one second pass per form; the second insert of a race fails here.
        sa.UniqueConstraint("paper_form_id", "pass_number"),
        # The two passes of a double entry are by two different clerks.
        sa.UniqueConstraint("paper_form_id", "clerk_id"),
        sa.CheckConstraint("pass_number IN (1, 2)", name="pass_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_form_id: Mapped[int] = mapped_column(
        sa.ForeignKey("paper_forms.id", ondelete="CASCADE"), index=True
    )
    pass_number: Mapped[int]
    clerk_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # field name -> posted values
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    paper_form = relationship("PaperForm", back_populates="entries")
    clerk = relationship("User")
