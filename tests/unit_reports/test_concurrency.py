"""Steps taken at the same moment: the register rows of an accepted report are made once, and
of an accept and a return only one wins."""

import sqlalchemy as sa

from app.registers.models import CommProduct, TaskCommunication
from app.unit_reports.models import UnitReport, UnitReportVersion
from app.unit_reports.queries import get_report
from app.unit_reports.services import submit
from tests.concurrency import at_once
from tests.unit_reports.conftest import audit, content, count


def submitted(db, units, people, period, registers) -> str:
    submit(period, units.cds, content(registers), actor=people.cds_staff)
    db.session.commit()
    return f"/reports/units/{period.id}/{units.cds.code}"


def test_two_accepts_at_once_write_the_registers_once(app, db, units, people, period, registers):
    page = submitted(db, units, people, period, registers)
    statuses = at_once(app, people.lead_manager.email,
                       [lambda c: c.post(f"{page}/accept", data={"version": "1"})] * 3)  # fmt: skip
    assert statuses == [303, 303, 303]
    db.session.expire_all()
    assert (count(db, CommProduct), count(db, TaskCommunication)) == (2, 1)
    assert len(audit(db, "unit_reports.accept")) == 1
    report = get_report(period.id, units.cds.id)
    assert report.status == "accepted"
    outcomes = db.session.scalars(sa.select(UnitReportVersion.outcome)).all()
    assert outcomes == ["accepted"]


def test_an_accept_and_a_return_at_once_leave_one_outcome(
    app, db, units, people, period, registers
):
    page = submitted(db, units, people, period, registers)
    statuses = at_once(app, people.admin.email, [
        lambda c: c.post(f"{page}/accept", data={"version": "1"}),
        lambda c: c.post(f"{page}/return", data={"reason": "Thiếu số liệu", "version": "1"}),
    ])  # fmt: skip
    assert statuses == [303, 303]
    db.session.expire_all()
    report = get_report(period.id, units.cds.id)
    [version] = db.session.scalars(sa.select(UnitReportVersion)).all()
    assert version.outcome == report.status
    products = count(db, CommProduct)
    assert products == (2 if report.status == "accepted" else 0)
    assert len(audit(db, "unit_reports.accept")) + len(audit(db, "unit_reports.return")) == 1


def test_two_first_saves_at_once_make_one_report(app, db, units, people, period, registers):
    page = f"/reports/units/{period.id}/{units.cds.code}"
    data = {"summary_1": "Đăng tin bài", "save": "Lưu dự thảo"}
    statuses = at_once(app, people.cds_staff.email, [lambda c: c.post(page, data=data)] * 2)
    assert statuses == [303, 303]
    db.session.expire_all()
    assert count(db, UnitReport) == 1
    assert len(audit(db, "unit_reports.save_draft")) == 2
