"""The department report's sections: assembled from accepted unit reports only, edited by the
lead unit (and administrators), assembled again on request, and printed in the report."""

import sqlalchemy as sa

from app.unit_reports.models import ReportSection
from app.unit_reports.queries import get_report
from app.unit_reports.sections import assemble, regenerate_section, report_sections
from app.unit_reports.services import accept, return_report, submit
from tests.unit_reports.conftest import audit, content

LEAD_SUMMARY = "Phối hợp Báo Quảng Ngãi mở chuyên mục Nghị quyết 57."
RETURNED_SUMMARY = "Nội dung bị trả lại, không được đưa vào báo cáo."
PENDING_SUMMARY = "Nội dung đang chờ xem xét, chưa được tiếp nhận."


def send(db, period, unit, user, registers, summary: str, **extra):
    extra.setdefault("tasks", {"III.1": {"summary": summary}})
    submit(period, unit, content(registers, **extra), actor=user)
    db.session.commit()
    return get_report(period.id, unit.id)


def accepted_period(db, units, people, period, registers):
    """CDS: returned once, then accepted (version 2); the centre: returned; the lead unit:
    submitted and not yet reviewed."""
    report = send(db, period, units.cds, people.cds_staff, registers, "Bản thứ nhất, bị trả lại.")
    return_report(report, "Thiếu đường dẫn", actor=people.lead_manager)
    db.session.commit()
    report = send(db, period, units.cds, people.cds_staff, registers, "Bản đã tiếp nhận.",
                  enterprises_reached=1234)  # fmt: skip
    accept(report, actor=people.lead_manager)
    centre = send(db, period, units.centre, people.centre_staff, registers, RETURNED_SUMMARY,
                  enterprises_reached=99)  # fmt: skip
    return_report(centre, "Sai số liệu", actor=people.lead_manager)
    send(db, period, units.lead, people.lead_staff, registers, PENDING_SUMMARY)
    db.session.commit()


def test_only_the_latest_accepted_version_is_assembled(db, units, people, period, registers):
    accepted_period(db, units, people, period, registers)

    texts = assemble(period)

    everything = "\n".join(texts.values())
    assert "Phòng Bưu chính - Viễn thông và Chuyển đổi số: Bản đã tiếp nhận." in texts["III.1"]
    for absent in ("Bản thứ nhất", RETURNED_SUMMARY, PENDING_SUMMARY, "Trung tâm", "99"):
        assert absent not in everything, absent
    # Only the accepted CDS report's items: each list counted and listed once.
    assert texts["III.1"].splitlines()[1:] == [
        "Đăng tải, phát hành 2 tin, bài, sản phẩm truyền thông:",
        "- Tin, bài “Chuyển đổi số ở xã” trên Chuyên mục Chuyển đổi số, ngày 02/03/2026 "
        "(Phòng BCVT&CĐS): https://skhcn.quangngai.gov.vn/tin/1;",
        "- Video, clip “Video Hrê” trên Chuyên mục Chuyển đổi số, ngày 10/04/2026 "
        "(Phòng BCVT&CĐS).",
        "Biên soạn, phát hành 1 tài liệu bằng tiếng dân tộc thiểu số:",
        "- “Tờ gấp tiếng Xơ Đăng” bằng tiếng Xơ Đăng (Phòng BCVT&CĐS).",
    ]
    assert texts["III.2"].splitlines() == [
        "Tổ chức 1 sự kiện với 120 lượt người tham dự, trong đó: 1 sự kiện nhân Ngày Khoa học "
        "và Công nghệ Việt Nam (18/5):",
        "- Hội thảo 18/5, ngày 18/05/2026, nhân Ngày Khoa học và Công nghệ Việt Nam (18/5), "
        "120 người tham dự (Phòng BCVT&CĐS).",
        "Tổ chức 1 lớp tập huấn, bồi dưỡng với 35 lượt người tham gia:",
        "- Kỹ năng truyền thông số, ngày 02/04/2026, 35 người tham gia (Phòng BCVT&CĐS).",
    ]
    # Enterprises reached go under III.3, in Vietnamese number format.
    assert (
        texts["III.3"] == "Tiếp cận, truyền thông đến 1.234 doanh nghiệp (Phòng BCVT&CĐS: 1.234)."
    )
    assert texts["III.4"].splitlines() == [
        "Truyền thông 1 nhiệm vụ khoa học và công nghệ với 1 lượt tin, bài:",
        "- Nhiệm vụ DTDL.2025-01 “Nhiệm vụ công khai”, đăng trên Báo Quảng Ngãi (phương tiện "
        "thông tin đại chúng), ngày 01/03/2026 (Phòng BCVT&CĐS): https://baoquangngai.vn/a.",
    ]


def test_a_task_made_secret_after_acceptance_is_no_longer_told(
    db, units, people, period, registers
):
    report = send(db, period, units.cds, people.cds_staff, registers, "Có nội dung.")
    accept(report, actor=people.admin)
    db.session.commit()
    assert "DTDL.2025-01" in assemble(period)["III.4"]

    registers.task.is_secret = True
    db.session.commit()

    assert "DTDL.2025-01" not in assemble(period)["III.4"]
    assert "Truyền thông 0 nhiệm vụ" not in assemble(period)["III.4"]


def test_without_accepted_reports_each_section_says_so(db, units, people, period, registers):
    send(db, period, units.cds, people.cds_staff, registers, PENDING_SUMMARY)

    texts = assemble(period)

    assert set(texts.values()) == {"Chưa có báo cáo của đơn vị nào được tiếp nhận trong kỳ."}


def test_the_lead_unit_sees_the_assembly_before_anything_is_stored(
    client, db, login, units, people, period, registers
):
    accepted_period(db, units, people, period, registers)
    login(people.lead_staff)

    response = client.get(f"/reports/sections/{period.id}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "Báo cáo đã tiếp nhận của 1 đơn vị: Phòng Bưu chính - Viễn thông và Chuyển đổi số." in page
    )
    assert "Phòng Bưu chính - Viễn thông và Chuyển đổi số: Bản đã tiếp nhận." in page
    assert page.count("Chưa lưu: nội dung dưới đây vừa được tổng hợp tự động") == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSection)) == 0


def test_the_lead_unit_edits_a_section_and_the_edit_is_audited(
    client, db, login, units, people, period
):
    login(people.lead_staff)

    response = client.post(
        f"/reports/sections/{period.id}/III.2", data={"t2-body": "Đã tổ chức 3 hội nghị.\n- Một."}
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/reports/sections/{period.id}#task-2")
    section = db.session.scalar(sa.select(ReportSection))
    assert (section.task, section.body, section.edited_by_id) == (
        "III.2", "Đã tổ chức 3 hội nghị.\n- Một.", people.lead_staff.id,
    )  # fmt: skip
    [entry] = audit(db, "report_sections.edit")
    assert entry.details == {"period_id": period.id, "task": "III.2", "chars": 29}
    page = client.get(f"/reports/sections/{period.id}").get_data(as_text=True)
    assert f"Sửa lần cuối: {people.lead_staff.full_name}" in page
    assert page.count("Chưa lưu:") == 3


def test_an_empty_section_is_refused_with_the_message_at_the_field(
    client, db, login, units, people, period
):
    login(people.lead_manager)

    response = client.post(f"/reports/sections/{period.id}/III.3", data={"t3-body": "  "})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Lỗi:" in page
    assert page.count("Nhập nội dung phần này, hoặc ghi “Không có.”") == 2  # summary and field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSection)) == 0


def test_only_the_lead_unit_and_administrators_edit_sections(
    client, db, login, units, people, period
):
    for user, status in ((people.cds_manager, 403), (people.centre_staff, 403),
                         (people.enumerator, 403), (people.cds_admin, 200), (people.admin, 200),
                         (people.lead_manager, 200)):  # fmt: skip
        login(user)
        assert client.get(f"/reports/sections/{period.id}").status_code == status, user
        posted = client.post(f"/reports/sections/{period.id}/III.1", data={"t1-body": "Sửa."})
        assert posted.status_code == (303 if status == 200 else 403), user
        client.post("/logout")
    assert len(audit(db, "report_sections.edit")) == 3
    login(people.lead_staff)
    assert client.get("/reports/sections/999").status_code == 404


def test_regenerate_asks_first_then_replaces_the_edited_text(
    client, db, login, units, people, period, registers
):
    accepted_period(db, units, people, period, registers)
    login(people.lead_staff)
    client.post(f"/reports/sections/{period.id}/III.1", data={"t1-body": "Văn bản đã sửa tay."})

    confirm = client.get(f"/reports/sections/{period.id}/III.1/regenerate")

    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Tổng hợp lại phần 1 từ báo cáo đơn vị?" in page
    assert "kể cả những gì đã sửa, sẽ bị thay bằng nội dung dưới đây" in page
    assert "Phòng Bưu chính - Viễn thông và Chuyển đổi số: Bản đã tiếp nhận." in page
    assert db.session.scalar(sa.select(ReportSection.body)) == "Văn bản đã sửa tay."

    done = client.post(f"/reports/sections/{period.id}/III.1/regenerate")

    assert done.status_code == 303
    section = db.session.scalar(sa.select(ReportSection))
    assert section.body == assemble(period)["III.1"]
    assert section.body.startswith("Phòng Bưu chính - Viễn thông và Chuyển đổi số: Bản đã tiếp")
    [entry] = audit(db, "report_sections.regenerate")
    assert entry.details == {"period_id": period.id, "task": "III.1"}


def test_a_post_without_the_form_token_is_refused(client, db, login, app, people, period,
                                                  monkeypatch):  # fmt: skip
    login(people.lead_staff)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = client.post(f"/reports/sections/{period.id}/III.1", data={"t1-body": "Sửa."})

    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSection)) == 0


def test_the_report_prints_stored_text_and_assembles_the_rest(db, units, people, period, registers):
    from app.indicators.periods import half_year

    accepted_period(db, units, people, period, registers)
    regenerate_section(period, "III.1", actor=people.lead_staff)
    db.session.execute(sa.update(ReportSection).values(body="Dòng một.\n\n- Dòng hai;"))

    sections = report_sections(half_year(2026, 1))

    assert [s["number"] for s in sections] == [1, 2, 3, 4]
    assert sections[0]["paragraphs"] == ["Dòng một.", "- Dòng hai;"]
    assert sections[1]["paragraphs"][0].startswith("Tổ chức 1 sự kiện với 120 lượt")
    assert sections[2]["title"] == "Truyền thông Nghị quyết số 57-NQ/TW tại các doanh nghiệp"
    assert report_sections(half_year(2026, 2))[0]["paragraphs"] == [
        "Chưa có báo cáo của đơn vị nào được tiếp nhận trong kỳ."
    ]
