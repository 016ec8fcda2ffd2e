"""The calendar's conventional dates, deadlines and overdue days, and the status of each unit."""

from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time

from app.unit_reports.calendar import (
    PeriodDates,
    conventional_period,
    current_period,
    default_dates,
    due_on,
    ensure_period,
    is_overdue,
    period_label,
    update_period,
    vietnam_today,
)
from app.unit_reports.models import ReportingPeriod
from app.unit_reports.queries import get_report, list_periods, unit_statuses
from app.unit_reports.services import return_report, save_draft, submit
from tests.unit_reports.conftest import audit, content, count

DUE = date(2026, 6, 10)


def test_first_half_runs_from_mid_december_with_june_deadlines():
    assert default_dates(2026, 1) == PeriodDates(
        date(2025, 12, 15), date(2026, 6, 14), date(2026, 6, 10), date(2026, 6, 20)
    )


def test_second_half_runs_from_mid_june_with_december_deadlines():
    assert default_dates(2026, 2) == PeriodDates(
        date(2026, 6, 15), date(2026, 12, 14), date(2026, 12, 15), date(2026, 12, 20)
    )


def test_a_third_half_does_not_exist():
    with pytest.raises(ValueError, match="halves 1 and 2"):
        default_dates(2026, 3)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 1, 1), (2026, 1)), (date(2026, 6, 14), (2026, 1)),
    (date(2026, 6, 15), (2026, 2)), (date(2026, 12, 14), (2026, 2)),
    (date(2026, 12, 15), (2027, 1)), (date(2026, 12, 31), (2027, 1)),
])  # fmt: skip
def test_conventional_period_follows_the_windows(day, expected):
    assert conventional_period(day) == expected


def test_today_is_counted_in_vietnam():
    # 17:30 UTC on 10/06 is already 00:30 on 11/06 in Vietnam.
    assert vietnam_today(datetime(2026, 6, 10, 17, 30, tzinfo=UTC)) == date(2026, 6, 11)
    assert vietnam_today(datetime(2026, 6, 10, 16, 59, tzinfo=UTC)) == date(2026, 6, 10)


@pytest.mark.parametrize("status", [None, "draft", "returned"])
def test_the_deadline_day_is_on_time_and_the_next_day_is_overdue(status):
    assert not is_overdue(date(2026, 6, 9), DUE, status)
    assert not is_overdue(DUE, DUE, status)
    assert is_overdue(date(2026, 6, 11), DUE, status)


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_a_sent_report_is_never_overdue(status):
    assert due_on(DUE, status) is None
    assert not is_overdue(date(2026, 12, 31), DUE, status)


def test_a_report_returned_before_the_deadline_keeps_the_deadline():
    days = {"submitted_on": date(2026, 6, 1), "returned_on": date(2026, 6, 9)}
    assert due_on(DUE, "returned", **days) == DUE
    assert is_overdue(date(2026, 6, 11), DUE, "returned", **days)


def test_a_report_returned_on_the_deadline_day_gets_the_days_to_come_back():
    days = {"submitted_on": date(2026, 6, 1), "returned_on": DUE}
    assert due_on(DUE, "returned", **days) == date(2026, 6, 15)
    assert not is_overdue(date(2026, 6, 15), DUE, "returned", **days)
    assert is_overdue(date(2026, 6, 16), DUE, "returned", **days)


def test_a_late_report_returned_after_the_deadline_is_overdue():
    days = {"submitted_on": date(2026, 6, 12), "returned_on": date(2026, 6, 13)}
    assert is_overdue(date(2026, 6, 13), DUE, "returned", **days)


def test_an_on_time_report_returned_late_has_five_days_to_come_back():
    days = {"submitted_on": date(2026, 6, 10), "returned_on": date(2026, 6, 12)}
    assert due_on(DUE, "returned", **days) == date(2026, 6, 17)
    assert not is_overdue(date(2026, 6, 17), DUE, "returned", **days)
    assert is_overdue(date(2026, 6, 18), DUE, "returned", **days)


def test_period_labels_follow_the_glossary(app):
    assert period_label(2026, 1) == "6 tháng đầu năm 2026"
    assert period_label(2026, 2) == "6 tháng cuối năm 2026"


def test_ensure_period_creates_once_with_the_conventional_dates(db):
    first = ensure_period(2026, 2)
    again = ensure_period(2026, 2)
    db.session.commit()
    assert first.id == again.id
    assert count(db, ReportingPeriod) == 1
    assert (first.starts_on, first.unit_due_on) == (date(2026, 6, 15), date(2026, 12, 15))
    [entry] = audit(db, "unit_reports.period_create")
    assert entry.details["department_due_on"] == "2026-12-20"


def test_update_period_audits_only_what_changed(db, people, period):
    dates = default_dates(2026, 1)
    changes = update_period(period, PeriodDates(dates.starts_on, dates.ends_on,
                                                date(2026, 6, 12), dates.department_due_on),
                            actor=people.lead_manager)  # fmt: skip
    db.session.commit()
    assert changes == {"unit_due_on": ["2026-06-10", "2026-06-12"]}
    [entry] = audit(db, "unit_reports.period_update")
    assert entry.actor_id == people.lead_manager.id
    same = PeriodDates(dates.starts_on, dates.ends_on, date(2026, 6, 12), dates.department_due_on)
    assert update_period(period, same, actor=people.lead_manager) == {}


def test_the_current_period_stays_until_its_department_deadline(db):
    first, second = ensure_period(2026, 1), ensure_period(2026, 2)
    periods = list_periods()
    assert current_period(periods, date(2026, 6, 20)) is first
    assert current_period(periods, date(2026, 6, 21)) is second
    assert current_period(periods, date(2027, 3, 1)) is second  # none ahead: the latest
    assert current_period([], date(2026, 1, 1)) is None


def test_statuses_list_every_active_department_unit_once(db, units, people, period, registers):
    save_draft(period, units.centre, content(registers), actor=people.centre_staff)
    db.session.commit()
    rows = unit_statuses(period, date(2026, 6, 11))
    # Communes and the department itself are not reporting units.
    assert [(r.unit_code, r.status, r.overdue) for r in rows] == [
        ("BCVT_CDS", "not_started", True),
        ("QLKH_DMST", "not_started", True),
        ("TT_CDS_DMST", "draft", True),
    ]
    assert [r.due_on for r in rows] == [DUE] * 3


def test_statuses_on_the_deadline_day_and_after_sending(db, units, people, period, registers):
    submit(period, units.cds, content(registers), actor=people.cds_staff)
    db.session.commit()
    rows = {r.unit_code: r for r in unit_statuses(period, DUE)}
    assert (rows["BCVT_CDS"].status, rows["BCVT_CDS"].overdue, rows["BCVT_CDS"].due_on) == (
        "submitted", False, None,
    )  # fmt: skip
    assert rows["QLKH_DMST"].overdue is False  # the deadline day itself is on time
    assert rows["BCVT_CDS"].versions == 1


def test_a_report_sent_on_time_and_returned_late_gets_five_days(
    db, units, people, period, registers
):
    with freeze_time("2026-06-09 09:00:00+07:00"):
        submit(period, units.cds, content(registers), actor=people.cds_staff)
    with freeze_time("2026-06-12 09:00:00+07:00"):
        return_report(get_report(period.id, units.cds.id), "Bổ sung số liệu",
                      actor=people.lead_manager)  # fmt: skip
    db.session.commit()
    row = {r.unit_code: r for r in unit_statuses(period, date(2026, 6, 17))}["BCVT_CDS"]
    assert (row.status, row.overdue, row.due_on) == ("returned", False, date(2026, 6, 17))
    row = {r.unit_code: r for r in unit_statuses(period, date(2026, 6, 18))}["BCVT_CDS"]
    assert row.overdue is True


def test_a_report_returned_before_the_deadline_is_overdue_after_it(
    db, units, people, period, registers
):
    with freeze_time("2026-06-01 09:00:00+07:00"):
        submit(period, units.cds, content(registers), actor=people.cds_staff)
        return_report(get_report(period.id, units.cds.id), "Bổ sung số liệu",
                      actor=people.lead_manager)  # fmt: skip
    db.session.commit()
    row = {r.unit_code: r for r in unit_statuses(period, date(2026, 6, 11))}["BCVT_CDS"]
    assert (row.status, row.overdue, row.due_on) == ("returned", True, DUE)
