"""The review workflow: who may do each step, what each step keeps, and what reaches the
registers (only accepted versions)."""

import pytest
import sqlalchemy as sa

from app.registers.models import CommChannel, CommProduct, TaskCommunication
from app.unit_reports.models import UnitReport, UnitReportVersion
from app.unit_reports.queries import accepted_reports, get_report, list_versions
from app.unit_reports.services import (
    UnitReportError,
    accept,
    can_edit_report,
    can_review_report,
    can_view_report,
    return_report,
    save_draft,
    submit,
)
from tests.factories import make_user
from tests.unit_reports.conftest import audit, content, count


def sent(db, period, unit, user, registers, **extra) -> UnitReport:
    submit(period, unit, content(registers, **extra), actor=user)
    db.session.commit()
    return get_report(period.id, unit.id)


def test_a_draft_is_kept_and_audited_but_not_versioned(db, units, people, period, registers):
    save_draft(period, units.cds, content(registers), actor=people.cds_staff)
    db.session.commit()
    report = get_report(period.id, units.cds.id)
    assert (report.status, report.version, report.created_by_id) == (
        "draft", 0, people.cds_staff.id,
    )  # fmt: skip
    assert report.content["enterprises_reached"] == 12
    assert count(db, UnitReportVersion) == 0
    assert len(audit(db, "unit_reports.save_draft")) == 1


def test_submit_freezes_the_content_as_version_one(db, units, people, period, registers):
    report = sent(db, period, units.cds, people.cds_staff, registers)
    [version] = list_versions(report.id)
    assert (report.status, report.version, report.submitted_at is not None) == (
        "submitted", 1, True,
    )  # fmt: skip
    assert (version.number, version.submitted_by_id, version.outcome) == (
        1, people.cds_staff.id, None,
    )  # fmt: skip
    assert version.content == content(registers)
    [entry] = audit(db, "unit_reports.submit")
    assert entry.details == {"version": 1, "period": "2026H1", "unit": "BCVT_CDS"}


def test_an_empty_report_cannot_be_sent(db, units, people, period):
    with pytest.raises(UnitReportError, match="Báo cáo chưa có nội dung"):
        submit(period, units.cds, {"format": "nq57-unit-report/1", "tasks": {}},
               actor=people.cds_staff)  # fmt: skip


def test_a_submitted_report_cannot_be_edited_or_sent_again(db, units, people, period, registers):
    sent(db, period, units.cds, people.cds_staff, registers)
    with pytest.raises(UnitReportError, match="vừa được người khác thay đổi trạng thái"):
        save_draft(period, units.cds, content(registers), actor=people.cds_staff)
    db.session.rollback()
    with pytest.raises(UnitReportError):
        submit(period, units.cds, content(registers), actor=people.cds_staff)


def test_return_needs_a_reason(db, units, people, period, registers):
    report = sent(db, period, units.cds, people.cds_staff, registers)
    with pytest.raises(UnitReportError, match="Ghi lý do trả lại"):
        return_report(report, "", actor=people.lead_manager)
    assert get_report(period.id, units.cds.id).status == "submitted"


def test_returned_reports_keep_their_history(db, units, people, period, registers):
    report = sent(db, period, units.cds, people.cds_staff, registers)
    return_report(report, "Thiếu đường dẫn video", actor=people.lead_manager)
    db.session.commit()
    assert get_report(period.id, units.cds.id).status == "returned"

    fixed = content(registers, proposals="Đã bổ sung")
    save_draft(period, units.cds, fixed, actor=people.cds_staff)  # a returned report is editable
    submit(period, units.cds, fixed, actor=people.cds_staff)
    db.session.commit()
    report = get_report(period.id, units.cds.id)
    accept(report, actor=people.lead_manager)
    db.session.commit()

    first, second = list_versions(report.id)
    assert (first.number, first.outcome, first.reason, first.decided_by_id) == (
        1, "returned", "Thiếu đường dẫn video", people.lead_manager.id,
    )  # fmt: skip
    assert first.content["proposals"] == "Tập huấn thêm."  # frozen as it was sent
    assert (second.number, second.outcome, second.reason) == (2, "accepted", None)
    assert second.content["proposals"] == "Đã bổ sung"
    assert (report.status, report.version, report.accepted_at is not None) == (
        "accepted", 2, True,
    )  # fmt: skip
    assert [e.details["reason"] for e in audit(db, "unit_reports.return")] == [
        "Thiếu đường dẫn video"
    ]
    assert len(audit(db, "unit_reports.submit")) == 2
    assert len(audit(db, "unit_reports.accept")) == 1


def test_a_unit_cannot_accept_its_own_report(db, units, people, period, registers):
    report = sent(db, period, units.cds, people.cds_staff, registers)
    for insider in (people.cds_manager, people.cds_admin):
        assert not can_review_report(insider, units.cds, units.lead.id)
        with pytest.raises(UnitReportError, match="Đơn vị không tự xem xét, tiếp nhận"):
            accept(report, actor=insider)
        db.session.rollback()
    assert get_report(period.id, units.cds.id).status == "submitted"


def test_only_the_lead_unit_or_an_administrator_reviews(db, units, people, period, registers):
    report = sent(db, period, units.cds, people.cds_staff, registers)
    for outsider in (people.centre_manager, people.lead_staff, people.centre_staff):
        assert not can_review_report(outsider, units.cds, units.lead.id)
        with pytest.raises(UnitReportError, match="không có quyền xem xét"):
            return_report(report, "Sửa", actor=outsider)
        db.session.rollback()
    assert can_review_report(people.lead_manager, units.cds, units.lead.id)
    assert can_review_report(people.admin, units.cds, units.lead.id)
    assert can_review_report(people.cds_admin, units.centre, units.lead.id)


def test_the_lead_units_own_report_is_accepted_from_outside_it(
    db, units, people, period, registers
):
    report = sent(db, period, units.lead, people.lead_staff, registers, products=[])
    with pytest.raises(UnitReportError, match="Đơn vị không tự xem xét"):
        accept(report, actor=people.lead_manager)
    db.session.rollback()
    with pytest.raises(UnitReportError, match="không có quyền"):
        accept(report, actor=people.centre_manager)  # a manager elsewhere is no reviewer
    db.session.rollback()
    leader = make_user("manager", unit_id=units.department.id)  # the department's leaders
    db.session.commit()
    assert can_review_report(leader, units.lead, units.lead.id)
    accept(report, actor=leader)
    db.session.commit()
    assert get_report(period.id, units.lead.id).status == "accepted"


def test_who_sees_and_edits(db, units, people):
    lead = units.lead.id
    assert can_edit_report(people.cds_staff, units.cds)
    assert not can_edit_report(people.cds_staff, units.centre)
    assert not can_edit_report(people.enumerator, units.cds)  # enumerators write no report
    assert not can_edit_report(people.lead_manager, units.cds)
    assert can_view_report(people.lead_staff, units.cds, lead)  # the lead unit gathers them
    assert can_view_report(people.centre_manager, units.cds, lead)
    assert not can_view_report(people.centre_staff, units.cds, lead)
    assert not can_view_report(people.enumerator, units.cds, lead)


def test_only_accepted_figures_reach_the_registers(db, units, people, period, registers):
    report = sent(db, period, units.cds, people.cds_staff, registers)
    assert (count(db, CommProduct), count(db, TaskCommunication)) == (0, 0)
    return_report(report, "Sửa tiêu đề", actor=people.lead_manager)
    db.session.commit()
    assert (count(db, CommProduct), count(db, TaskCommunication)) == (0, 0)
    assert accepted_reports(period.id) == []

    submit(period, units.cds, content(registers), actor=people.cds_staff)
    db.session.commit()
    assert (count(db, CommProduct), count(db, TaskCommunication)) == (0, 0)
    accept(get_report(period.id, units.cds.id), actor=people.lead_manager)
    db.session.commit()

    products = db.session.scalars(sa.select(CommProduct).order_by(CommProduct.id)).all()
    assert [(p.channel_id, p.kind, p.title, p.url, p.published_on.isoformat(), p.language,
             p.unit_report_id) for p in products] == [
        (registers.channel.id, "article", "Chuyển đổi số ở xã",
         "https://skhcn.quangngai.gov.vn/tin/1", "2026-03-02", "vi", report.id),
        (registers.channel.id, "video", "Video Hrê", None, "2026-04-10", "hre", report.id),
    ]  # fmt: skip
    [communication] = db.session.scalars(sa.select(TaskCommunication)).all()
    assert (communication.task_id, communication.outlet, communication.outlet_kind,
            communication.published_on.isoformat(), communication.unit_report_id) == (
        registers.task.id, "Báo Quảng Ngãi", "mass_media", "2026-03-01", report.id,
    )  # fmt: skip
    [entry] = audit(db, "unit_reports.accept")
    assert entry.details == {"version": 2, "products": 2, "task_communications": 1}
    [accepted] = accepted_reports(period.id)
    assert (accepted.unit_code, accepted.version) == ("BCVT_CDS", 2)


def test_an_accepted_report_is_final(db, units, people, period, registers):
    report = sent(db, period, units.cds, people.cds_staff, registers)
    accept(report, actor=people.lead_manager)
    db.session.commit()
    with pytest.raises(UnitReportError, match="đã được tiếp nhận; không thay đổi được nữa"):
        save_draft(period, units.cds, content(registers, proposals="Sửa"), actor=people.cds_staff)
    db.session.rollback()
    for step in (lambda: accept(report, actor=people.admin),
                 lambda: return_report(report, "Sửa", actor=people.admin)):  # fmt: skip
        with pytest.raises(UnitReportError, match="đã được tiếp nhận"):
            step()
        db.session.rollback()
    assert count(db, CommProduct) == 2
    assert get_report(period.id, units.cds.id).content["proposals"] == "Tập huấn thêm."


def test_accept_writes_nothing_when_a_channel_has_gone(db, units, people, period, registers):
    report = sent(db, period, units.cds, people.cds_staff, registers)
    db.session.execute(sa.delete(CommChannel).where(CommChannel.id == registers.channel.id))
    db.session.commit()
    with pytest.raises(UnitReportError, match="sản phẩm 1: kênh không còn trong sổ theo dõi"):
        accept(report, actor=people.lead_manager)
    db.session.rollback()
    assert get_report(period.id, units.cds.id).status == "submitted"
    assert count(db, TaskCommunication) == 0
