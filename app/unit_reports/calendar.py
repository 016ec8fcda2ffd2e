"""The reporting calendar: each half-year's window and deadlines, and who is overdue.

The plan has every unit of the department report before 10/6 and 15/12, through the lead unit
(Phòng QLKH&ĐMST), which reports to the department's leaders before 20/6 and 20/12. The
windows follow the common convention: 15/12 of the year before to 14/6, and 15/6 to 14/12.
Each period keeps its own four dates, so a manager may set them otherwise (the plan's own
calendar) without touching this module.

Who must report: every active unit of the department (divisions, centres, offices), not only
those with a communication duty: the plan asks each unit of the department to report, and a
unit with nothing to say says so. The department itself (kind "department") is the addressee,
not a reporter.

Overdue: a unit owes a report until it has submitted it (submitted or accepted reports owe
nothing). It is overdue from the day after its deadline, in Vietnam's calendar; the deadline
day itself is on time. A report sent back after the deadline is overdue again, except when
the returned version had been submitted on time: the unit met the deadline, and the
reviewer's late return gives it RESUBMIT_DAYS days from the return to send the correction.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.common.timezones import LOCAL
from app.extensions import db
from app.unit_reports.models import ReportingPeriod

LEAD_UNIT_CODE = "QLKH_DMST"
# Days a unit has to correct a report that was submitted on time and returned after the deadline.
RESUBMIT_DAYS = 5
# Statuses in which the unit has nothing left to send.
SENT = ("submitted", "accepted")


@dataclass(frozen=True)
class PeriodDates:
    """The four dates of a period: the window its figures cover and the two deadlines."""

    starts_on: date
    ends_on: date
    unit_due_on: date
    department_due_on: date


def default_dates(year: int, half: int) -> PeriodDates:
    """The conventional dates of ``half`` (1 or 2) of ``year``."""
    if half == 1:
        return PeriodDates(
            date(year - 1, 12, 15), date(year, 6, 14), date(year, 6, 10), date(year, 6, 20)
        )
    if half == 2:
        return PeriodDates(
            date(year, 6, 15), date(year, 12, 14), date(year, 12, 15), date(year, 12, 20)
        )
    raise ValueError(f"a year has halves 1 and 2, not {half!r}")


def conventional_period(day: date) -> tuple[int, int]:
    """The (year, half) whose conventional window holds ``day``: 15/12 already starts the next
    year's first half."""
    if day >= date(day.year, 12, 15):
        return day.year + 1, 1
    return (day.year, 1) if day < date(day.year, 6, 15) else (day.year, 2)


def vietnam_today(now: datetime | None = None) -> date:
    """Today's date in Vietnam (a UTC server passes midnight seven hours late)."""
    return (now or datetime.now(LOCAL)).astimezone(LOCAL).date()


def period_label(year: int, half: int) -> str:
    """The period as the glossary writes it: "6 tháng đầu năm 2026"."""
    if half == 1:
        return _("6 tháng đầu năm %(year)s", year=year)
    return _("6 tháng cuối năm %(year)s", year=year)


def due_on(
    unit_due_on: date,
    status: str | None,
    *,
    submitted_on: date | None = None,
    returned_on: date | None = None,
) -> date | None:
    """The day by which the unit must send its report, or None when it owes nothing.

    :param status: the report's status; None when the unit has not started.
    :param submitted_on: the Vietnam day the latest version was submitted.
    :param returned_on: the Vietnam day that version was returned.
    """
    if status in SENT:
        return None
    if (
        status == "returned"
        and submitted_on is not None
        and returned_on is not None
        and submitted_on <= unit_due_on <= returned_on  # a return on the last day, too
    ):
        return returned_on + timedelta(days=RESUBMIT_DAYS)
    return unit_due_on


def is_overdue(
    today: date,
    unit_due_on: date,
    status: str | None,
    *,
    submitted_on: date | None = None,
    returned_on: date | None = None,
) -> bool:
    """True when the unit still owes its report and its deadline day has passed."""
    due = due_on(unit_due_on, status, submitted_on=submitted_on, returned_on=returned_on)
    return due is not None and today > due


def current_period(periods: list[ReportingPeriod], today: date) -> ReportingPeriod | None:
    """The period being reported on: the one whose department deadline comes next (so the
    first half stays current until 20/6), else the latest one."""
    upcoming = [p for p in periods if p.department_due_on >= today]
    if upcoming:
        return min(upcoming, key=lambda p: (p.department_due_on, p.year, p.half))
    return max(periods, key=lambda p: (p.year, p.half), default=None)


def find_period(year: int, half: int) -> ReportingPeriod | None:
    """The period of ``half`` of ``year``, if it has been opened."""
    return db.session.scalar(
        db.select(ReportingPeriod).where(ReportingPeriod.year == year, ReportingPeriod.half == half)
    )


def ensure_period(year: int, half: int, *, actor=None) -> ReportingPeriod:
    """The period of ``half`` of ``year``, created with the conventional dates if missing.

    Two managers opening the same period at once get the same row: the unique (year, half)
    pair refuses the second insert, which then reads the first.
    """
    period = find_period(year, half)
    if period is not None:
        return period
    dates = default_dates(year, half)
    try:
        with db.session.begin_nested():
            period = ReportingPeriod(year=year, half=half, **dates.__dict__)
            db.session.add(period)
    except IntegrityError:
        return find_period(year, half)
    record(actor, "unit_reports.period_create", period, year=year, half=half,
           **{k: v.isoformat() for k, v in dates.__dict__.items()})  # fmt: skip
    return period


def update_period(period: ReportingPeriod, dates: PeriodDates, *, actor) -> dict:
    """Set a period's four dates; returns and audits what changed as {name: [old, new]}."""
    changes = {}
    for name, value in dates.__dict__.items():
        old = getattr(period, name)
        if old != value:
            changes[name] = [old.isoformat(), value.isoformat()]
            setattr(period, name, value)
    if changes:
        db.session.flush()
        record(actor, "unit_reports.period_update", period, changes=changes)
    return changes
