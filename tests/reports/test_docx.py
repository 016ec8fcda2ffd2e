"""The semi-annual report as DOCX: it opens with python-docx, carries the Decree 30 header, the
dashboard's numbers and the department's sections, in the official layout."""

import subprocess
from datetime import date
from io import BytesIO

import docx
import pytest
import sqlalchemy as sa
from docx.oxml.ns import qn
from docx.shared import Pt

from app.audit.models import AuditEntry
from app.indicators import formatting
from app.indicators.periods import parse_period
from app.indicators.services import consolidate, freeze_period
from app.reports.docx import MIMETYPE, semiannual_docx
from app.reports.semiannual import report_figures, semiannual_pdf
from app.unit_reports.calendar import ensure_period
from app.unit_reports.queries import get_report
from app.unit_reports.sections import save_section
from app.unit_reports.services import accept, submit
from app.units.queries import get_unit_by_code
from tests.factories import make_user

H2 = parse_period("2026H2")
INDICATOR_HEAD = ["TT", "Chỉ tiêu", "Chỉ tiêu cần đạt", "Năm", "Kết quả", "Khoảng tin cậy 95%",
                  "n", "Đánh giá"]  # fmt: skip
CENTRE_SUMMARY = "Tư vấn chuyển đổi số cho doanh nghiệp tại Khu kinh tế Dung Quất."


@pytest.fixture
def plan(plan, db):
    plan.parent_body = "UBND tỉnh Quảng Ngãi"  # printed in capitals, as Decree 30 wants
    db.session.commit()
    return plan


@pytest.fixture
def unit_report(db, plan):
    """The second half of 2026, with the centre's report accepted by the lead unit."""
    period = ensure_period(2026, 2)
    centre, lead = get_unit_by_code("TT_CDS_DMST"), get_unit_by_code("QLKH_DMST")
    writer = make_user("staff", unit_id=centre.id)
    reviewer = make_user("manager", unit_id=lead.id, full_name="Đặng Thị Lan")
    content = {"format": "nq57-unit-report/1", "tasks": {"III.3": {"summary": CENTRE_SUMMARY}},
               "enterprises_reached": 1250}  # fmt: skip
    submit(period, centre, content, actor=writer)
    accept(get_report(period.id, centre.id), actor=reviewer)
    db.session.commit()
    return period, reviewer


def read(data: bytes) -> docx.document.Document:
    return docx.Document(BytesIO(data))


def lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def indicator_table(document):
    return next(t for t in document.tables if [c.text for c in t.rows[0].cells] == INDICATOR_HEAD)


def draft(settings) -> bytes:
    return semiannual_docx(report_figures(H2), settings, number="05",
                           issued_on=date(2026, 12, 18), draft=True)  # fmt: skip


def test_the_docx_carries_the_header_lines_and_the_dashboards_numbers(app, plan):
    document = read(draft(plan))

    left, right = document.tables[0].rows[0].cells
    assert lines(left) == ["UBND TỈNH QUẢNG NGÃI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 05/BC-SKHCN"]
    assert lines(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                            "Quảng Ngãi, ngày 18 tháng 12 năm 2026"]  # fmt: skip
    texts = [p.text for p in document.paragraphs]
    summary = (
        "Kết quả thực hiện Kế hoạch truyền thông về Nghị quyết số 57-NQ/TW, 6 tháng cuối năm 2026"
    )
    assert texts[texts.index("BÁO CÁO") + 1] == summary
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH",
                            "1. Truyền thông trên các phương tiện thông tin đại chúng, hệ thống "
                            "thông tin cơ sở và báo chí",
                            "2. Truyền thông trong hoạt động của các cơ quan trong hệ thống chính "
                            "trị"]  # fmt: skip
    assert "V. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT" in headings
    assert "PHỤ LỤC: PHƯƠNG PHÁP TÍNH" in headings
    # Every indicator's value exactly as the dashboard shows it, for the same period.
    rows = {
        r.cells[1].text.rstrip("*"): r.cells[4].text.replace("\xa0", " ")
        for r in indicator_table(document).rows[1:]
        if len({c._tc for c in r.cells}) == 8
    }
    dashboard = consolidate(H2)
    with app.test_request_context():
        shown = {f.name_vi: formatting.figure_value(f) for f in dashboard.figures}
    assert rows == shown
    assert (
        shown["Người dân được tiếp cận định hướng của Đảng, Nhà nước qua hệ thống thông tin cơ sở"]
        == "66,7%"
    )
    end_left, end_right = document.tables[-1].rows[0].cells
    assert lines(end_left) == ["Nơi nhận:", "- UBND tỉnh;", "- Bộ Khoa học và Công nghệ;",
                               "- Lưu: VT."]  # fmt: skip
    assert lines(end_right) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Bình"]


def test_the_docx_is_a4_in_times_new_roman_with_official_tables(app, plan):
    document = read(draft(plan))

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.right_margin, section.left_margin)
    assert [round(m.mm, 1) for m in margins] == [20, 20, 20, 30]
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(13))
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert (title.runs[0].bold, title.runs[0].font.size) == (True, Pt(14))
    # The header table has no borders; the indicator table has them, and its head row
    # repeats on every page.
    header = document.tables[0]
    assert header.style.name != "Table Grid"
    assert header._tbl.tblPr.find(qn("w:tblBorders")) is None
    figures = indicator_table(document)
    assert figures.style.name == "Table Grid"
    assert figures.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert figures.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    # A draft says so on every page; pages after the first are numbered.
    assert section.different_first_page_header_footer
    assert "DỰ THẢO" in section.first_page_header.paragraphs[0].text
    assert "DỰ THẢO" in section.header.paragraphs[0].text
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_a_final_docx_is_not_marked_as_a_draft(app, plan):
    snapshot = freeze_period(H2, actor=None)
    result = report_figures(H2, snapshot)

    document = read(semiannual_docx(result, plan, number="05", issued_on=date(2026, 12, 18),
                                    draft=False))  # fmt: skip

    assert "DỰ THẢO" not in document.sections[0].header.paragraphs[0].text
    assert f"Số liệu theo bản chốt số {snapshot.id}" in "\n".join(
        p.text for p in document.paragraphs
    )


def test_the_docx_carries_the_department_sections(app, plan, unit_report):
    period, reviewer = unit_report
    save_section(period, "III.1", "Sở đã mở chuyên mục.\n- Đăng 12 tin, bài;", actor=reviewer)

    texts = [p.text for p in read(draft(plan)).paragraphs]
    pdf = semiannual_pdf(report_figures(H2), plan, number="05", issued_on=date(2026, 12, 18),
                         draft=True)  # fmt: skip
    printed = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    assert "Sở đã mở chuyên mục." in printed.stdout.decode()

    task_1 = texts.index("1. Truyền thông trên các phương tiện thông tin đại chúng, hệ thống "
                         "thông tin cơ sở và báo chí")  # fmt: skip
    assert texts[task_1 + 1 : task_1 + 3] == ["Sở đã mở chuyên mục.", "- Đăng 12 tin, bài;"]
    # Not stored by the lead unit: assembled from the accepted report.
    task_3 = texts.index("3. Truyền thông Nghị quyết số 57-NQ/TW tại các doanh nghiệp")
    assert texts[task_3 + 1 : task_3 + 3] == [
        f"Trung tâm Chuyển đổi số và Đổi mới sáng tạo: {CENTRE_SUMMARY}",
        "Tiếp cận, truyền thông đến 1.250 doanh nghiệp (Trung tâm CĐS&ĐMST: 1.250).",
    ]


def test_managers_download_the_docx_and_the_download_is_audited(client, db, login, plan):
    manager = make_user("manager")
    db.session.commit()
    login(manager)

    response = client.post(
        "/manage/reports/semiannual.docx",
        data={"period": "2026H2", "snapshot": "", "number": "07", "issued_on": "18/12/2026"},
    )

    assert response.status_code == 200
    assert response.mimetype == MIMETYPE
    assert "bao-cao-2026H2-du-thao.docx" in response.headers["Content-Disposition"]
    assert "Số: 07/BC-SKHCN" in lines(read(response.data).tables[0].rows[0].cells[0])
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "reports.download_docx")
    )
    assert (entry.actor_id, entry.details) == (
        manager.id, {"period": "2026H2", "snapshot": None, "number": "07"},
    )  # fmt: skip
    page = client.get("/manage/reports/semiannual").get_data(as_text=True)
    assert 'formaction="/manage/reports/semiannual.docx"' in page


def test_a_wrong_docx_request_shows_the_form_again(client, db, login, plan):
    login(make_user("manager"))
    snapshot = freeze_period(parse_period("2026H1"), actor=None)
    db.session.commit()

    response = client.post(
        "/manage/reports/semiannual.docx",
        data={"period": "2026H2", "snapshot": str(snapshot.id), "number": "7"},
    )

    assert response.status_code == 400
    assert "Bản chốt này thuộc kỳ khác" in response.get_data(as_text=True)
    staff = make_user("staff")
    db.session.commit()
    client.post("/logout")
    login(staff)
    assert (
        client.post("/manage/reports/semiannual.docx", data={"period": "2026H2"}).status_code == 403
    )


def test_the_cli_writes_the_docx(runner, plan, tmp_path):
    path = tmp_path / "bao-cao.docx"

    args = ["report", "semiannual", "--year", "2026", "--half", "2", "--number", "09"]
    result = runner.invoke(args=[*args, "--format", "docx", "-o", str(path)])

    assert result.exit_code == 0, result.output
    assert "Semi-annual report 2026H2 (draft)" in result.output
    assert "Số: 09/BC-SKHCN" in lines(read(path.read_bytes()).tables[0].rows[0].cells[0])
