"""Reading the calendar and the unit reports: who must report, where each report stands, and
the accepted versions that feed everything outside the unit report pages."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from app.common.text import vietnamese_sort_key
from app.common.timezones import local_day
from app.extensions import db
from app.registers.models import CommChannel, StTask
from app.unit_reports.calendar import LEAD_UNIT_CODE, due_on, is_overdue
from app.unit_reports.models import ReportingPeriod, UnitReport, UnitReportVersion
from app.units.models import DEPARTMENT_UNIT_KINDS, Unit

NOT_STARTED = "not_started"


@dataclass(frozen=True)
class UnitStatus:
    """Where one unit's report for one period stands, with its deadline worked out."""

    period_id: int
    unit_id: int
    unit_code: str
    unit_name: str
    status: str  # NOT_STARTED or a report status
    versions: int
    submitted_at: datetime | None
    accepted_at: datetime | None
    returned_at: datetime | None
    due_on: date | None  # None when nothing is owed
    overdue: bool


@dataclass(frozen=True)
class AcceptedReport:
    """A unit's accepted version for a period: the only content that counts elsewhere."""

    unit_id: int
    unit_code: str
    unit_name: str
    version: int
    content: dict
    accepted_at: datetime | None


def get_period(period_id: int) -> ReportingPeriod | None:
    return db.session.get(ReportingPeriod, period_id)


def list_periods() -> list[ReportingPeriod]:
    """Every period, the latest first."""
    query = sa.select(ReportingPeriod).order_by(
        ReportingPeriod.year.desc(), ReportingPeriod.half.desc()
    )
    return list(db.session.scalars(query))


def get_lead_unit() -> Unit | None:
    """The unit that gathers and reviews the units' reports (found by code, never by id)."""
    return db.session.scalar(sa.select(Unit).where(Unit.code == LEAD_UNIT_CODE))


def get_reporting_unit(code: str) -> Unit | None:
    """A unit of the department by code; communes, the province and the department are not
    reporting units."""
    return db.session.scalar(
        sa.select(Unit).where(Unit.code == code, Unit.kind.in_(DEPARTMENT_UNIT_KINDS))
    )


def is_reporting_unit(unit: Unit | None) -> bool:
    return unit is not None and unit.kind in DEPARTMENT_UNIT_KINDS and unit.is_active


def get_report(period_id: int, unit_id: int) -> UnitReport | None:
    return db.session.scalar(
        sa.select(UnitReport).where(
            UnitReport.period_id == period_id, UnitReport.unit_id == unit_id
        )
    )


def list_versions(report_id: int) -> list[UnitReportVersion]:
    """A report's versions, oldest first, with who sent and who decided each (loaded here
    rather than once per row in the history table)."""
    query = (
        sa.select(UnitReportVersion)
        .where(UnitReportVersion.report_id == report_id)
        .options(
            selectinload(UnitReportVersion.submitted_by),
            selectinload(UnitReportVersion.decided_by),
        )
        .order_by(UnitReportVersion.number)
    )
    return list(db.session.scalars(query))


def _status_rows(period_ids: list[int], unit_id: int | None):
    """Units × periods with each report and its latest version, in one statement; a unit
    without a report appears with NULLs (not started). Inactive units appear only where they
    reported."""
    latest = aliased(UnitReportVersion)
    reports = sa.and_(UnitReport.unit_id == Unit.id, UnitReport.period_id == ReportingPeriod.id)
    query = (
        sa.select(
            ReportingPeriod.id,
            ReportingPeriod.unit_due_on,
            Unit.id,
            Unit.code,
            Unit.name,
            UnitReport.status,
            UnitReport.version,
            UnitReport.submitted_at,
            UnitReport.accepted_at,
            latest.outcome,
            latest.decided_at,
        )
        .select_from(ReportingPeriod)
        .join(Unit, sa.true())
        .outerjoin(UnitReport, reports)
        .outerjoin(
            latest, sa.and_(latest.report_id == UnitReport.id, latest.number == UnitReport.version)
        )
        .where(ReportingPeriod.id.in_(period_ids), Unit.kind.in_(DEPARTMENT_UNIT_KINDS))
        .where(sa.or_(Unit.is_active, UnitReport.id.is_not(None)))
    )
    if unit_id is not None:
        query = query.where(Unit.id == unit_id)
    return db.session.execute(query).all()


def _status(row, today: date) -> UnitStatus:
    (period_id, unit_due, unit_id, code, name, status, versions, submitted_at, accepted_at,
     outcome, decided_at) = row  # fmt: skip
    returned_at = decided_at if outcome == "returned" else None
    days = {"submitted_on": local_day(submitted_at), "returned_on": local_day(returned_at)}
    return UnitStatus(
        period_id=period_id, unit_id=unit_id, unit_code=code, unit_name=name,
        status=status or NOT_STARTED, versions=versions or 0, submitted_at=submitted_at,
        accepted_at=accepted_at, returned_at=returned_at, due_on=due_on(unit_due, status, **days),
        overdue=is_overdue(today, unit_due, status, **days),
    )  # fmt: skip


def unit_statuses(period: ReportingPeriod, today: date) -> list[UnitStatus]:
    """Every reporting unit's status for ``period``, in Vietnamese order of unit names."""
    rows = [_status(row, today) for row in _status_rows([period.id], None)]
    return sorted(rows, key=lambda s: vietnamese_sort_key(s.unit_name))


def unit_history(unit_id: int, periods: list[ReportingPeriod], today: date) -> dict:
    """One unit's status in each period, by period id."""
    if not periods:
        return {}
    rows = _status_rows([p.id for p in periods], unit_id)
    return {row[0]: _status(row, today) for row in rows}


def period_counts() -> dict[int, dict[str, int]]:
    """Reports per status in each period, counted in SQL: {period_id: {status: n}}."""
    query = sa.select(UnitReport.period_id, UnitReport.status, sa.func.count()).group_by(
        UnitReport.period_id, UnitReport.status
    )
    counts: dict[int, dict[str, int]] = {}
    for period_id, status, n in db.session.execute(query):
        counts.setdefault(period_id, {})[status] = n
    return counts


def count_reporting_units() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Unit.id)).where(
            Unit.kind.in_(DEPARTMENT_UNIT_KINDS), Unit.is_active
        )
    )


def unit_channels(unit_id: int) -> dict[int, str]:
    """A unit's channels in the channel register, {id: name}, by name."""
    query = (
        sa.select(CommChannel.id, CommChannel.name)
        .where(CommChannel.unit_id == unit_id)
        .order_by(CommChannel.name)
    )
    return dict(db.session.execute(query).tuples().all())


def find_tasks(codes: set[str]) -> dict[str, tuple[int, bool]]:
    """The S&T tasks with these codes: {code: (id, is_secret)}."""
    if not codes:
        return {}
    query = sa.select(StTask.code, StTask.id, StTask.is_secret).where(StTask.code.in_(codes))
    return {code: (task_id, secret) for code, task_id, secret in db.session.execute(query)}


def accepted_reports(period_id: int) -> list[AcceptedReport]:
    """The accepted version of each unit's report for a period, by unit name.

    The accepted version is the one whose outcome is "accepted"; the report's working copy
    never counts, since a report is accepted only as it was submitted.
    """
    v = UnitReportVersion
    query = (
        sa.select(Unit.id, Unit.code, Unit.name, v.number, v.content, v.decided_at)
        .join(UnitReport, UnitReport.id == v.report_id)
        .join(Unit, Unit.id == UnitReport.unit_id)
        .where(UnitReport.period_id == period_id, UnitReport.status == "accepted")
        .where(v.outcome == "accepted")
    )
    rows = [AcceptedReport(*row) for row in db.session.execute(query)]
    latest: dict[int, AcceptedReport] = {}
    for row in rows:
        if row.unit_id not in latest or row.version > latest[row.unit_id].version:
            latest[row.unit_id] = row
    return sorted(latest.values(), key=lambda r: vietnamese_sort_key(r.unit_name))
