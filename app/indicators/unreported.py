"""Which units have not yet reported for a dashboard period, read from the unit reports.

A unit has reported for a half-year when its report for that half's `ReportingPeriod` is
accepted: only accepted reports feed the registers and the indicators (issue 9). A dashboard
period maps to the calendar half-years it overlaps: 2026H1 -> (2026, 1); a year -> both halves,
a unit being listed for each half it has not reported; a date range -> every half it touches.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.common.text import vietnamese_sort_key
from app.extensions import db
from app.indicators.periods import Period, half_year
from app.unit_reports.models import ReportingPeriod, UnitReport
from app.units.models import DEPARTMENT_UNIT_KINDS, Unit


@dataclass(frozen=True)
class Half:
    """One half-year of the reporting calendar; ``period_id`` None: not in the calendar yet."""

    period: Period
    period_id: int | None
    unit_due_on: date | None


@dataclass(frozen=True)
class Gap:
    """A half-year a unit has not reported: its report's status there, None for no report."""

    half: Half
    status: str | None


@dataclass(frozen=True)
class UnitReporting:
    """A department unit and the half-years of the period it has not reported."""

    code: str
    name: str
    short_name: str
    gaps: tuple[Gap, ...]

    @property
    def reported(self) -> bool:
        return not self.gaps


@dataclass(frozen=True)
class Reporting:
    """Every department unit's reporting for a dashboard period."""

    halves: tuple[Half, ...]
    units: tuple[UnitReporting, ...]

    @property
    def unreported(self) -> list[UnitReporting]:
        return [u for u in self.units if not u.reported]

    @property
    def calendar_missing(self) -> list[Half]:
        """Half-years with no reporting period set up: no unit could report for them."""
        return [h for h in self.halves if h.period_id is None]


def halves_of(period: Period) -> list[tuple[int, int]]:
    """(year, half) of every calendar half-year the period overlaps, oldest first."""
    year, half = period.start.year, 1 if period.start.month <= 6 else 2
    found = [(year, half)]
    while half_year(year, half).end < period.end:
        year, half = (year, 2) if half == 1 else (year + 1, 1)
        found.append((year, half))
    return found


def _calendar(wanted: list[tuple[int, int]]) -> tuple[Half, ...]:
    """The half-years asked for, with their reporting period when the calendar has one."""
    query = sa.select(ReportingPeriod).where(ReportingPeriod.year.in_({y for y, _ in wanted}))
    rows = {(p.year, p.half): p for p in db.session.scalars(query)}
    halves = []
    for year, half in wanted:
        row = rows.get((year, half))
        halves.append(
            Half(half_year(year, half), row.id if row else None, row.unit_due_on if row else None)
        )
    return tuple(halves)


def unit_reporting(period: Period) -> Reporting:
    """The department's units and, for each, the half-years of ``period`` without an accepted
    report (two statements: the calendar rows, then the units joined to their reports)."""
    halves = _calendar(halves_of(period))
    ids = [h.period_id for h in halves if h.period_id is not None]
    reports = sa.and_(UnitReport.unit_id == Unit.id, UnitReport.period_id.in_(ids))
    query = (
        sa.select(Unit.code, Unit.name, Unit.short_name, UnitReport.period_id, UnitReport.status)
        .outerjoin(UnitReport, reports)
        .where(Unit.kind.in_(DEPARTMENT_UNIT_KINDS), Unit.is_active)
    )
    names: dict[str, tuple[str, str]] = {}
    statuses: dict[tuple[str, int | None], str] = {}
    for row in db.session.execute(query):
        names[row.code] = (row.name, row.short_name)
        if row.period_id is not None:
            statuses[(row.code, row.period_id)] = row.status
    units = []
    for code, (name, short_name) in names.items():
        found = [(h, statuses.get((code, h.period_id))) for h in halves]
        gaps = tuple(Gap(h, status) for h, status in found if status != "accepted")
        units.append(UnitReporting(code, name, short_name, gaps))
    units.sort(key=lambda u: vietnamese_sort_key(u.name))
    return Reporting(halves, tuple(units))


def indicator_gaps(indicators, reporting: Reporting) -> dict[str, list[tuple[UnitReporting, bool]]]:
    """Indicator code -> its lead and contributing units that have not reported, lead first,
    each with True for the lead unit. Codes of units that are not active department units
    (closed, renamed) are left out: they cannot report."""
    by_code = {u.code: u for u in reporting.units}
    gaps = {}
    for indicator in indicators:
        codes = [indicator.lead_unit_code, *(indicator.contributing_unit_codes or [])]
        seen: set[str] = set()
        listed = []
        for position, code in enumerate(codes):
            unit = by_code.get(code or "")
            if unit is not None and not unit.reported and code not in seen:
                listed.append((unit, position == 0))
            seen.add(code or "")
        gaps[indicator.code] = listed
    return gaps
