"""The semi-annual report: official layout, the dashboard's numbers, draft and final."""

import subprocess
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.indicators import formatting
from app.indicators.periods import parse_period
from app.indicators.services import consolidate, freeze_period, snapshot_consolidation
from app.reports.semiannual import dated_line, get_settings, semiannual_pdf
from app.surveys.queries import get_survey_by_slug
from tests.factories import make_response, make_user
from tests.reports.conftest import AUGUST

H2 = parse_period("2026H2")


@pytest.fixture
def plan(plan, db):
    plan.archive = "VT, QLKH"
    db.session.commit()
    return plan


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "Quảng Ngãi, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Quảng Ngãi, ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 9), "Quảng Ngãi, ngày 09 tháng 3 năm 2026"),
        (date(2026, 12, 18), "Quảng Ngãi, ngày 18 tháng 12 năm 2026"),
    ],
)
def test_the_date_line_follows_decree_30(day, expected):
    assert dated_line("Quảng Ngãi", day) == expected


def test_the_final_report_carries_the_header_the_signer_and_the_dashboards_values(
    app, plan, tmp_path
):
    snapshot = freeze_period(H2, actor=None)
    result = snapshot_consolidation(snapshot)

    pdf = semiannual_pdf(result, plan, number="05", issued_on=date(2026, 12, 18), draft=False)
    text = text_of(pdf, tmp_path)

    for line in (
        "UBND TỈNH QUẢNG NGÃI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-SKHCN",
        "Quảng Ngãi, ngày 18 tháng 12 năm 2026",
        "BÁO CÁO",
        "Nơi nhận:",
        "- UBND tỉnh;",
        "- Bộ Khoa học và Công nghệ;",
        "- Lưu: VT, QLKH.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Bình",
        f"Số liệu theo bản chốt số {snapshot.id}",
    ):
        assert line in text, line
    assert "DỰ THẢO" not in text
    # Every indicator's value exactly as the dashboard formats it, from the same figures.
    with app.test_request_context():
        for figure in result.figures:
            assert formatting.figure_value(figure) in text, figure.code
    citizen = result.figure("CITIZEN_ACCESS")
    assert formatting.figure_value(citizen) == "66,7%"  # 2 of 3 valid respondents
    assert "66,7%" in text


def test_a_draft_is_marked_on_every_page_and_is_a4_with_embedded_fonts(app, plan, tmp_path):
    pdf = semiannual_pdf(consolidate(H2), plan, number="", issued_on=date(2026, 6, 18), draft=True)

    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        assert "DỰ THẢO" in page.extract_text()
    fonts = subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    rows = [r for r in fonts.splitlines()[2:] if r.strip()]
    assert rows
    # pdffonts columns ... emb sub uni object gen: every font embedded, subset, with Unicode.
    assert all(r.split()[-5:-2] == ["yes", "yes", "yes"] for r in rows)
    assert "Số: …/BC-SKHCN" in text_of(pdf, tmp_path)


def test_a_frozen_report_does_not_change_when_responses_arrive(app, plan, tmp_path):
    snapshot = freeze_period(H2, actor=None)
    citizen = get_survey_by_slug("nguoi-dan-nq57")
    make_response(
        citizen,
        {"consent": True, "commune": "21211", "age_band": "25_34", "heard": "no"},
        submitted_at=AUGUST,
    )

    frozen = text_of(
        semiannual_pdf(
            snapshot_consolidation(snapshot),
            plan,
            number="05",
            issued_on=date(2026, 12, 18),
            draft=False,
        ),
        tmp_path,
    )
    live = text_of(
        semiannual_pdf(
            consolidate(H2), plan, number="05", issued_on=date(2026, 12, 18), draft=True
        ),
        tmp_path,
    )

    assert "66,7%" in frozen  # 2 of 3, as frozen
    assert "50%" in live  # 2 of 4 now


def test_managers_edit_the_settings_and_download_the_report(client, db, login, plan):
    manager = make_user("manager")
    db.session.commit()
    login(manager)

    response = client.post(
        "/manage/reports/settings",
        data={
            "parent_body": "UBND TỈNH QUẢNG NGÃI",
            "body": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "number_suffix": "BC-SKHCN",
            "place": "Quảng Ngãi",
            "signer_authority": "",
            "signer_title": "GIÁM ĐỐC",
            "signer_name": "Trần Thị Hạnh",
            "recipients": "UBND tỉnh",
            "archive": "VT",
        },
    )
    assert response.status_code == 303
    assert get_settings().signer_name == "Trần Thị Hạnh"
    assert get_settings().signer_authority == ""

    response = client.post(
        "/manage/reports/semiannual",
        data={"period": "2026H2", "snapshot": "", "number": "07", "issued_on": "18/12/2026"},
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "bao-cao-2026H2-du-thao.pdf" in response.headers["Content-Disposition"]


def test_bad_report_input_is_explained_and_kept(client, db, login, plan):
    manager = make_user("manager")
    db.session.commit()
    login(manager)
    snapshot = freeze_period(parse_period("2026H1"), actor=None)
    db.session.commit()

    response = client.post(
        "/manage/reports/semiannual",
        data={
            "period": "2026H2",
            "snapshot": str(snapshot.id),
            "number": "<5>",
            "issued_on": "40/40/2026",
        },
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    assert "Bản chốt này thuộc kỳ khác" in page or "Chỉ gồm chữ số" in page
    assert "Chỉ gồm chữ số, chữ cái, dấu chấm hoặc gạch nối" in page
    assert "Nhập ngày dạng ngày/tháng/năm" in page
    assert 'value="&lt;5&gt;"' in page


def test_staff_cannot_reach_reports(client, db, login, plan):
    staff = make_user("staff")
    db.session.commit()
    login(staff)

    assert client.get("/manage/reports/semiannual").status_code == 403
    assert client.post("/manage/reports/settings", data={"signer_name": "X"}).status_code == 403
    assert get_settings().signer_name == "Nguyễn Văn Bình"


def test_an_issued_report_downloads_byte_for_byte_whatever_happens_later(client, db, login, plan):
    import sqlalchemy as sa

    from app.audit.models import AuditEntry
    from app.reports.models import IssuedReport

    manager = make_user("manager")
    db.session.commit()
    login(manager)
    snapshot = freeze_period(H2, actor=None)
    db.session.commit()

    response = client.post(
        "/manage/reports/semiannual",
        data={
            "period": "2026H2",
            "snapshot": str(snapshot.id),
            "number": "05",
            "issued_on": "18/12/2026",
            "difficulties": "Một số thôn chưa có loa.",
            "issue": "y",
        },
    )
    assert response.status_code == 303
    issued = db.session.scalar(sa.select(IssuedReport))
    assert (issued.number, issued.period, issued.snapshot_id) == (
        "05/BC-SKHCN",
        "2026H2",
        snapshot.id,
    )
    first = client.get(f"/manage/reports/issued/{issued.id}.pdf").data
    assert first == issued.pdf

    # New responses, new settings: the issued file stays what it was.
    citizen = get_survey_by_slug("nguoi-dan-nq57")
    make_response(
        citizen,
        {"consent": True, "commune": "21211", "age_band": "25_34", "heard": "no"},
        submitted_at=AUGUST,
    )
    get_settings().signer_name = "Người khác"
    db.session.commit()
    again = client.get(f"/manage/reports/issued/{issued.id}.pdf").data

    assert again == first
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("reports.download") == 2
    assert "reports.issue" in actions
    listing = client.get("/manage/reports/").get_data(as_text=True)
    assert "05/BC-SKHCN" in listing


def test_issuing_needs_a_snapshot_and_a_number(client, db, login, plan):
    import sqlalchemy as sa

    from app.reports.models import IssuedReport

    manager = make_user("manager")
    db.session.commit()
    login(manager)
    snapshot = freeze_period(H2, actor=None)
    db.session.commit()

    live = client.post(
        "/manage/reports/semiannual",
        data={"period": "2026H2", "snapshot": "", "number": "05", "issue": "y"},
    )
    unnumbered = client.post(
        "/manage/reports/semiannual",
        data={"period": "2026H2", "snapshot": str(snapshot.id), "number": "", "issue": "y"},
    )

    assert live.status_code == 400
    assert "Chỉ ban hành được từ một bản chốt số liệu." in live.get_data(as_text=True)
    assert unnumbered.status_code == 400
    assert "Nhập số văn bản trước khi ban hành." in unnumbered.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(IssuedReport.id))) == 0


def test_the_report_breaks_figures_down_from_the_snapshot_and_suppresses_small_cells(
    app, plan, tmp_path
):
    snapshot = freeze_period(H2, actor=None)
    figure = snapshot_consolidation(snapshot).figure("CITIZEN_ACCESS")

    # Three respondents in one commune: below the minimum of 10, so the cell has no value,
    # but the commune's response count is published.
    cells = figure.breakdowns["former_province"]
    assert [(c.n, c.suppressed, c.value) for c in cells] == [(3, True, None)]
    assert [(c.label, c.n) for c in figure.breakdowns["commune"]] == [("Xã Tịnh Khê", 3)]

    text = text_of(
        semiannual_pdf(
            snapshot_consolidation(snapshot),
            plan,
            number="05",
            issued_on=date(2026, 12, 18),
            draft=False,
        ),
        tmp_path,
    )
    assert "III. KẾT QUẢ THEO ĐƠN VỊ, ĐỊA BÀN VÀ ĐỐI TƯỢNG" in text
    assert "Không công bố (dưới cỡ tối thiểu)" in text
