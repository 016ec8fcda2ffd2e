"""The reporting calendar, unit reports and their versions, and the department report's
sections that the lead unit edits before issuing."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, sql_list, utcnow
from app.extensions import db

REPORT_STATUSES = {
    "draft": _l("Dự thảo"),
    "submitted": _l("Đã gửi"),
    "returned": _l("Trả lại"),
    "accepted": _l("Đã tiếp nhận"),
}
# What a reviewer decided about a submitted version.
VERSION_OUTCOMES = ("returned", "accepted")
# The department report's sections assembled from unit reports: the plan's tasks III.1-III.4.
PLAN_TASKS = {
    "III.1": _l(
        "Truyền thông trên các phương tiện thông tin đại chúng, hệ thống thông tin cơ sở và báo chí"
    ),
    "III.2": _l("Truyền thông trong hoạt động của các cơ quan trong hệ thống chính trị"),
    "III.3": _l("Truyền thông Nghị quyết số 57-NQ/TW tại các doanh nghiệp"),
    "III.4": _l(
        "Truyền thông Nghị quyết số 57-NQ/TW tại các tổ chức, cơ sở nghiên cứu khoa học và "
        "công nghệ"
    ),
}


class ReportingPeriod(db.Model):
    """A half-year of the reporting cycle: the window its figures cover and its deadlines.

    The common convention is 15/12 of the year before to 14/6 (first half) and 15/6 to 14/12
    (second half); units report before 10/6 and 15/12, the department before 20/6 and 20/12.
    Every date is kept on the row, so a period set differently (the plan's own calendar) is
    just a row with other dates.
    """

    __tablename__ = "reporting_periods"
    __table_args__ = (
        sa.UniqueConstraint("year", "half"),
        sa.CheckConstraint("half IN (1, 2)", name="half"),
        sa.CheckConstraint("starts_on <= ends_on", name="window"),
        sa.CheckConstraint("unit_due_on <= department_due_on", name="deadlines"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    half: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    unit_due_on: Mapped[date]
    department_due_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ReportingPeriod {self.year}/{self.half}>"


class UnitReport(TimestampMixin, db.Model):
    """One unit's report for one period: the working copy and where it is in review."""

    __tablename__ = "unit_reports"
    __table_args__ = (
        sa.UniqueConstraint("period_id", "unit_id"),
        sa.CheckConstraint(f"status IN ({sql_list(REPORT_STATUSES)})", name="status"),
        sa.CheckConstraint("version >= 0", name="version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("reporting_periods.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="draft")
    # The working copy the unit edits; each submission freezes it as a new version.
    content: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    version: Mapped[int] = mapped_column(default=0)  # submitted versions so far
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    period = relationship("ReportingPeriod")
    unit = relationship("Unit")
    versions = relationship(
        "UnitReportVersion", back_populates="report", order_by="UnitReportVersion.number"
    )


class UnitReportVersion(db.Model):
    """A submitted version, never changed afterwards except for the reviewer's decision."""

    __tablename__ = "unit_report_versions"
    __table_args__ = (
        sa.UniqueConstraint("report_id", "number"),
        sa.CheckConstraint(
            f"outcome IS NULL OR outcome IN ({sql_list(VERSION_OUTCOMES)})", name="outcome"
        ),
        sa.CheckConstraint("outcome <> 'returned' OR reason IS NOT NULL", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("unit_reports.id"), index=True)
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(sa.JSON)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(sa.String(16))
    reason: Mapped[str | None] = mapped_column(sa.String(2000))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    report = relationship("UnitReport", back_populates="versions")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])


class ReportSection(db.Model):
    """A section of the department's semi-annual report for one plan task: assembled from the
    accepted unit reports, then edited by the lead unit before the report is issued."""

    __tablename__ = "report_sections"
    __table_args__ = (
        sa.UniqueConstraint("period_id", "task"),
        sa.CheckConstraint(f"task IN ({sql_list(PLAN_TASKS)})", name="task"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("reporting_periods.id"), index=True)
    task: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    edited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edited_by = relationship("User")
