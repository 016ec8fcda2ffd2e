"""A manager's journey through the browser: build a small survey with the builder's forms,
publish it, make links for three communes, download their posters, watch two responses
arrive, freeze the period's figures and download the semi-annual report made from them."""

import subprocess
import unicodedata

import pytest
import sqlalchemy as sa

from app.indicators.models import Snapshot
from app.responses.models import Response
from app.surveys.models import Survey
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD, make_user, seed_plan

TITLE = "Khảo sát nghe loa truyền thanh xã"
COMMUNES = {"21211": "Xã Tịnh Khê", "21457": "Xã Nguyễn Nghiêm", "21439": "Phường Đức Phổ"}
QUESTIONS = [
    {"#code": "commune", "#type": "commune", "#text": "Ông/Bà đang sống ở xã, phường nào?"},
    {"#code": "heard", "#type": "single_choice",
     "#text": "Ông/Bà có nghe loa truyền thanh nói về chuyển đổi số không?",
     "#options": "yes | Có, đã nghe\nno | Chưa nghe"},
]  # fmt: skip


@pytest.fixture
def manager(db, seeded):
    """A manager on a department installed as `flask seed` leaves it (the plan included)."""
    seed_plan()
    user = make_user("manager", full_name="Lê Văn Quản")
    db.session.commit()
    return user


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()  # fmt: skip
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _download(page, click) -> bytes:
    with page.expect_download() as info:
        click()
    return info.value.path().read_bytes()


def _menu(page, name: str) -> None:
    """Follow an item of the main navigation."""
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    menu.get_by_role("link", name=name, exact=True).click()


def _flash(page) -> str:
    return page.inner_text(".banner--success")


def _build(page, url: str) -> int:
    """The builder, as a manager fills it in: the survey, a page, two questions."""
    page.goto(f"{url}/manage/surveys/")
    page.get_by_role("link", name="Tạo khảo sát").click()
    page.fill("#slug", "nghe-loa-2026")
    page.select_option("#audience", "citizen")
    page.fill("#title", TITLE)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/manage/surveys/*")
    assert "Đã tạo khảo sát" in _flash(page)
    survey_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

    page.get_by_role("link", name="Thêm trang").click()
    page.fill("#code", "p_nghe")
    page.fill("#title", "Nghe thông tin")
    page.get_by_role("button", name="Lưu trang").click()
    assert _flash(page) == "Đã lưu trang."
    for question in QUESTIONS:
        page.get_by_role("link", name="Thêm câu hỏi vào trang này").click()
        for selector, value in question.items():
            if selector == "#type":
                page.select_option(selector, value)
            else:
                page.fill(selector, value)
        page.check("#required")
        page.get_by_role("button", name="Lưu câu hỏi").click()
        assert _flash(page) == "Đã lưu câu hỏi."
    assert page.locator(".builder-questions li strong").all_inner_texts() == ["commune", "heard"]

    page.get_by_role("link", name="Công bố và mở khảo sát").click()
    page.get_by_role("button", name="Công bố khảo sát").click()
    assert _flash(page) == "Đã công bố khảo sát. Khảo sát đang mở."
    assert "Đang mở" in page.inner_text(".caption")
    return survey_id


def _answer(page, link_url: str, heard: str) -> None:
    """A citizen answers through the link on a phone."""
    page.goto(link_url)
    page.select_option("#q_commune", "21211")
    page.check(f"input[name=q_heard][value={heard}]")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    page.wait_for_url("**/thanks")
    assert page.inner_text("h1") == "Đã gửi câu trả lời"


def test_a_manager_builds_publishes_links_watches_freezes_and_reports(
    live_server, open_page, manager, db, csrf
):
    url = live_server.url
    page = open_page()
    page.goto(f"{url}/login")
    page.fill("#email", manager.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/manage/")
    survey_id = _build(page, url)
    survey = db.session.get(Survey, survey_id)
    assert (survey.title, survey.status, survey.latest_version.number) == (TITLE, "open", 1)
    definition = survey.latest_version.definition
    db.session.rollback()
    assert [q["code"] for q in definition["pages"][0]["questions"]] == ["commune", "heard"]

    # Links for three communes, and their posters.
    page.get_by_role("link", name="Đường dẫn và mã QR").click()
    page.select_option("#batch-scope", "codes")
    page.fill("#batch-codes", ", ".join(COMMUNES))
    page.get_by_role("button", name="Tạo các đường dẫn").click()
    assert _flash(page) == "Đã tạo 3 đường dẫn."
    rows = page.locator("#links-caption ~ tbody tr")
    assert sorted(rows.locator("strong").all_inner_texts()) == sorted(COMMUNES.values())
    tinh_khe = rows.filter(has_text="Xã Tịnh Khê")
    link_url = tinh_khe.locator(".hint").inner_text().strip()
    posters = _pdf_text(
        _download(page, page.get_by_role("link", name="Tải tờ áp phích (PDF)").click)
    )
    for name in COMMUNES.values():
        assert name in posters
    assert link_url.split("://", 1)[1] in posters
    assert TITLE in posters

    # Two citizens answer through the Tịnh Khê poster; the manager sees them arrive.
    citizen = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    _answer(citizen, link_url, "yes")
    _answer(citizen, link_url, "no")
    page.reload()
    assert tinh_khe.locator("td.num").all_inner_texts() == ["2", "2", "2"]  # visits, starts, sent
    page.goto(f"{url}/manage/surveys/{survey_id}")
    page.get_by_role("link", name="Phiếu trả lời").click()
    assert page.inner_text("h2.heading-m") == "2 phiếu trả lời"
    stored = db.session.scalars(sa.select(Response.status).where(Response.survey_id == survey_id))
    assert list(stored) == ["complete", "complete"]
    db.session.rollback()

    # Freeze the period on the indicator board ("chốt số liệu").
    _menu(page, "Chỉ tiêu")
    page.fill("#note", "Chốt số liệu để lập báo cáo 6 tháng")
    page.get_by_role("button", name="Chốt số liệu kỳ này").click()
    page.wait_for_url("**/manage/indicators/snapshots/*")
    assert "Đã chốt số liệu" in _flash(page)
    snapshot_id = int(page.url.rsplit("/", 1)[1])
    assert db.session.get(Snapshot, snapshot_id).note == "Chốt số liệu để lập báo cáo 6 tháng"
    db.session.rollback()

    # The semi-annual report from that snapshot: final, with the survey's two responses.
    _menu(page, "Báo cáo")
    page.select_option("#snapshot", str(snapshot_id))
    page.fill("#number", "05")
    report = _pdf_text(_download(page, page.get_by_role("button", name="Tải báo cáo (PDF)").click))
    assert "BÁO CÁO" in report
    assert "Kết quả thực hiện Kế hoạch truyền thông về Nghị quyết số 57-NQ/TW" in report
    assert "DỰ THẢO" not in report  # made from a snapshot: the final text
    assert TITLE in report
    assert "Số phiếu trả lời: 2." in report
