"""The unit report pages: the calendar, a unit's report at each status, the review, and who
may open what."""

import re
from datetime import date

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from app.registers.models import CommProduct
from app.unit_reports.models import ReportingPeriod
from app.unit_reports.queries import get_report, list_versions
from app.unit_reports.services import return_report, save_draft, submit
from tests.unit_reports.conftest import audit, content, count


@pytest.fixture
def sign_in(client, login):
    def do(user):
        client.post("/logout")
        assert login(user).status_code == 303

    return do


def url(period, unit, tail: str = "") -> str:
    return f"/reports/units/{period.id}/{unit.code}{tail}"


def text(response) -> str:
    return response.get_data(as_text=True)


def form_post(registers, **extra) -> dict:
    """The report form as a unit posts it: a summary, one product, one empty row."""
    data = {
        "summary_1": "Đăng tin bài về Nghị quyết 57", "products-0-task": "III.1",
        "products-0-channel_id": str(registers.channel.id), "products-0-kind": "article",
        "products-0-title": "Tin bài thử", "products-0-url": "https://skhcn.quangngai.gov.vn/a",
        "products-0-published_on": "02/03/2026", "products-0-language": "vi",
        "products-1-task": "III.1", "products-1-language": "vi",
    }  # fmt: skip
    return data | extra


@freeze_time("2026-06-11 09:00:00+07:00")
def test_the_calendar_shows_every_unit_with_overdue_in_words(
    client, db, units, people, period, registers, sign_in
):
    submit(period, units.centre, content(registers, products=[]), actor=people.centre_staff)
    db.session.commit()
    sign_in(people.lead_manager)
    html = text(client.get("/reports/units/"))
    assert '<h1 class="heading-l">Báo cáo đơn vị</h1>' in html
    html = html[html.index('<h2 class="heading-m">Tình hình báo cáo') :]
    assert "Tình hình báo cáo 6 tháng đầu năm 2026" in html
    assert "Các đơn vị gửi trước hết ngày 10/06/2026; Sở báo cáo trước hết ngày 20/06/2026" in html
    rows = re.findall(r"<tr>\s*<td><a href=\"/reports/units/\d+/(\w+)\">.*?</a></td>\s*"
                      r"<td><strong class=\"tag ([\w-]*)\">(.*?)</strong></td>\s*"
                      r"<td class=\"nowrap\">(.*?)</td>\s*<td>(.*?)</td>", html)  # fmt: skip
    assert rows == [
        ("BCVT_CDS", "tag--not_met", "Chưa bắt đầu", "10/06/2026", "Quá hạn 1 ngày"),
        ("QLKH_DMST", "tag--not_met", "Chưa bắt đầu", "10/06/2026", "Quá hạn 1 ngày"),
        ("TT_CDS_DMST", "tag--no_data", "Đã gửi", "–", "Đã gửi ngày 11/06/2026, chờ xem xét"),
    ]


@freeze_time("2026-06-08 09:00:00+07:00")
def test_staff_see_their_own_units_reports_only(client, db, units, people, period, sign_in):
    sign_in(people.cds_staff)
    html = text(client.get("/reports/units/"))
    assert "Báo cáo của Phòng Bưu chính - Viễn thông và Chuyển đổi số" in html
    assert "Còn 2 ngày" in html
    assert "Trung tâm Chuyển đổi số" not in html
    assert "Mở kỳ báo cáo" not in html


def test_staff_of_another_unit_get_403(client, db, units, people, period, registers, sign_in):
    sign_in(people.centre_staff)
    assert client.get(url(period, units.cds)).status_code == 403
    assert client.post(url(period, units.cds), data=form_post(registers)).status_code == 403
    assert get_report(period.id, units.cds.id) is None


def test_communes_and_unknown_units_have_no_report_page(client, db, units, people, period, sign_in):
    sign_in(people.lead_manager)
    assert client.get(url(period, units.commune)).status_code == 404
    assert client.get(f"/reports/units/{period.id}/KHONG_CO").status_code == 404
    assert client.get(url(period, units.department)).status_code == 404


def test_the_unit_starts_with_empty_rows_and_saves_a_draft(
    client, db, units, people, period, registers, sign_in
):
    sign_in(people.cds_staff)
    html = text(client.get(url(period, units.cds)))
    assert '<h1 class="heading-l">Báo cáo của Phòng Bưu chính - Viễn thông và Chuyển đổi số' in html
    assert "Chưa bắt đầu" in html
    assert 'id="products-2-title"' in html
    assert 'id="products-3-title"' not in html
    assert "III.2. Truyền thông trong hoạt động của các cơ quan trong hệ thống chính trị" in html
    assert "Chuyên mục Chuyển đổi số</option>" in html
    assert "Trang của Trung tâm" not in html  # only the unit's own channels

    response = client.post(url(period, units.cds), data=form_post(registers, save="Lưu dự thảo"))

    assert (response.status_code, response.headers["Location"]) == (303, url(period, units.cds))
    report = get_report(period.id, units.cds.id)
    assert (report.status, report.content["products"][0]["title"]) == ("draft", "Tin bài thử")
    html = text(client.get(url(period, units.cds)))
    assert "Đã lưu dự thảo báo cáo." in html
    assert 'value="Tin bài thử"' in html
    assert "Dự thảo" in html


def test_errors_keep_what_was_typed(client, db, units, people, period, registers, sign_in):
    sign_in(people.cds_staff)
    typed = {"products-0-url": "ftp://x", "products-0-title": "",
             "products-0-published_on": "31/02/2026", "send": "Gửi"}  # fmt: skip
    data = form_post(registers, **typed)
    html = text(client.post(url(period, units.cds), data=data))
    assert "<title>Lỗi: Báo cáo của" in html
    assert "Có lỗi cần sửa" in html
    assert '<a href="#products-0-title">Sản phẩm 1: Nhập tiêu đề</a>' in html
    assert "Sản phẩm 1: Nhập ngày dạng ngày/tháng/năm, ví dụ 31/12/2026" in html
    assert 'value="ftp://x"' in html
    assert 'value="31/02/2026"' in html
    assert "Đăng tin bài về Nghị quyết 57</textarea>" in html
    assert get_report(period.id, units.cds.id) is None


def test_add_row_shows_more_rows_and_saves_nothing(
    client, db, units, people, period, registers, sign_in
):
    sign_in(people.cds_staff)
    data = form_post(registers, add_row="events")
    html = text(client.post(url(period, units.cds), data=data))
    assert 'id="events-5-name"' in html
    assert 'id="events-6-name"' not in html
    assert 'value="Tin bài thử"' in html
    assert "Có lỗi cần sửa" not in html
    assert get_report(period.id, units.cds.id) is None


def test_an_empty_report_is_not_sent(client, db, units, people, period, sign_in):
    sign_in(people.cds_staff)
    html = text(client.post(url(period, units.cds), data={"send": "Gửi báo cáo"}))
    assert "Báo cáo chưa có nội dung." in html
    assert get_report(period.id, units.cds.id) is None


def test_send_review_return_resend_accept_through_the_pages(
    client, db, units, people, period, registers, sign_in
):
    sign_in(people.cds_staff)
    response = client.post(url(period, units.cds), data=form_post(registers, send="Gửi báo cáo"))
    assert response.status_code == 303
    html = text(client.get(url(period, units.cds)))
    assert "Đã gửi báo cáo. Phòng QLKH&amp;ĐMST sẽ xem xét và tiếp nhận." in html
    assert "đang chờ Phòng QLKH&ĐMST xem xét" in html
    assert 'name="products-0-title"' not in html  # no form while it waits
    assert "Tin, bài “Tin bài thử” trên Chuyên mục Chuyển đổi số, ngày 02/03/2026" in html
    assert "Tiếp nhận báo cáo" not in html  # the unit does not review itself
    # A post while it waits changes nothing.
    client.post(url(period, units.cds), data=form_post(registers, save="Lưu"))
    assert get_report(period.id, units.cds.id).content["products"][0]["title"] == "Tin bài thử"

    sign_in(people.lead_manager)
    html = text(client.get(url(period, units.cds)))
    assert "Xem xét báo cáo" in html
    assert "Lý do trả lại" in html
    html = text(client.post(url(period, units.cds, "/return"), data={"reason": "  "}))
    assert "Lỗi: Báo cáo của" in html
    assert "Ghi lý do trả lại để đơn vị biết cần sửa gì" in html
    response = client.post(url(period, units.cds, "/return"),
                           data={"reason": "Thiếu video", "version": "1"})  # fmt: skip
    assert response.status_code == 303

    sign_in(people.cds_staff)
    html = text(client.get(url(period, units.cds)))
    assert "Báo cáo bị trả lại ngày" in html
    assert "Thiếu video" in html
    assert 'value="Tin bài thử"' in html  # the working copy is back in the form
    fixed = form_post(registers, send="Gửi", **{"products-0-title": "Tin bài đã sửa"})
    client.post(url(period, units.cds), data=fixed)

    sign_in(people.lead_manager)
    html = text(client.get(url(period, units.cds, "/accept")))
    assert "Tiếp nhận báo cáo của Phòng Bưu chính - Viễn thông và Chuyển đổi số?" in html
    assert "1 sản phẩm truyền thông và 0 lần truyền thông nhiệm vụ KH&amp;CN" in html
    assert count(db, CommProduct) == 0  # asking is not accepting
    assert '<input type="hidden" name="version" value="2">' in html
    # A reviewer whose page showed version 1 accepts nothing: version 2 came meanwhile.
    client.post(url(period, units.cds, "/accept"), data={"version": "1"})
    assert "Đơn vị vừa gửi phiên bản mới của báo cáo." in text(client.get(url(period, units.cds)))
    assert count(db, CommProduct) == 0
    response = client.post(url(period, units.cds, "/accept"), data={"version": "2"})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(CommProduct.title)) == "Tin bài đã sửa"

    html = text(client.get(url(period, units.cds)))
    assert "Đã tiếp nhận báo cáo; sản phẩm và nhiệm vụ đã truyền thông" in html
    assert "Báo cáo đã tiếp nhận là bản chính thức, không sửa được nữa." in html
    history = html[html.index("Các phiên bản đã gửi") :]
    assert "Thiếu video" in history
    assert "Đặng Thị Lan" in history
    assert "Lê Văn Bình" in history
    assert "Xem nội dung phiên bản 1" in history
    assert "Xem nội dung phiên bản 2" in history
    assert [v.outcome for v in list_versions(get_report(period.id, units.cds.id).id)] == [
        "returned", "accepted",
    ]  # fmt: skip


def test_the_units_own_manager_cannot_review(client, db, units, people, period, registers, sign_in):
    submit(period, units.cds, content(registers), actor=people.cds_staff)
    db.session.commit()
    sign_in(people.cds_manager)
    html = text(client.get(url(period, units.cds)))
    assert "Xem xét báo cáo" not in html
    assert client.get(url(period, units.cds, "/accept")).status_code == 403
    assert client.post(url(period, units.cds, "/accept")).status_code == 403
    assert client.post(url(period, units.cds, "/return"), data={"reason": "x"}).status_code == 403
    assert get_report(period.id, units.cds.id).status == "submitted"


def test_a_manager_of_another_unit_reads_but_does_not_review(
    client, db, units, people, period, registers, sign_in
):
    submit(period, units.cds, content(registers), actor=people.cds_staff)
    db.session.commit()
    sign_in(people.centre_manager)
    html = text(client.get(url(period, units.cds)))
    assert "Nội dung đã gửi (phiên bản 1)" in html
    assert "Xem xét báo cáo" not in html
    assert client.get(url(period, units.cds, "/accept")).status_code == 403


def test_accept_of_a_report_no_longer_waiting_says_so(
    client, db, units, people, period, registers, sign_in
):
    submit(period, units.cds, content(registers), actor=people.cds_staff)
    return_report(get_report(period.id, units.cds.id), "Sửa", actor=people.lead_manager)
    db.session.commit()
    sign_in(people.admin)
    response = client.get(url(period, units.cds, "/accept"))
    assert response.status_code == 303
    assert "Báo cáo không còn chờ xem xét." in text(client.get(response.headers["Location"]))
    assert client.get(url(period, units.centre, "/accept")).status_code == 404  # not started


def test_a_draft_is_not_shown_to_reviewers_as_sent(
    client, db, units, people, period, registers, sign_in
):
    save_draft(period, units.cds, content(registers), actor=people.cds_staff)
    db.session.commit()
    sign_in(people.lead_manager)
    html = text(client.get(url(period, units.cds)))
    assert "Đơn vị chưa gửi báo cáo kỳ này." in html
    assert "Chuyển đổi số ở xã" not in html


def test_mine_goes_to_the_units_current_report(client, db, units, people, period, sign_in):
    sign_in(people.cds_staff)
    assert "Báo cáo kỳ này của Phòng Bưu chính" in text(client.get("/me"))
    response = client.get("/reports/units/mine")
    assert response.headers["Location"] == url(period, units.cds)
    assert 'href="/reports/units/">Báo cáo đơn vị</a>' in text(client.get("/me"))


def test_mine_without_a_period_explains(client, db, units, people, sign_in):
    sign_in(people.cds_staff)
    response = client.get("/reports/units/mine")
    assert response.headers["Location"] == "/reports/units/"
    assert "Chưa có kỳ báo cáo nào được mở." in text(client.get("/reports/units/"))


def test_a_manager_opens_a_period_once(client, db, units, people, sign_in):
    sign_in(people.lead_manager)
    html = text(client.get("/reports/units/"))
    assert "Mở kỳ báo cáo" in html
    response = client.post("/reports/units/periods", data={"year": "2026", "half": "2"})
    assert response.status_code == 303
    assert "Đã mở kỳ báo cáo 6 tháng cuối năm 2026." in text(
        client.get(response.headers["Location"])
    )
    client.post("/reports/units/periods", data={"year": "2026", "half": "2"})
    assert count(db, ReportingPeriod) == 1
    assert len(audit(db, "unit_reports.period_create")) == 1
    html = text(client.post("/reports/units/periods", data={"year": "20x6", "half": "1"}))
    assert "Lỗi:" in html
    assert "Nhập một số nguyên từ 0 trở lên" in html
    html = text(client.post("/reports/units/periods", data={"year": "1999", "half": "1"}))
    assert "Năm phải từ 2000 đến 2100" in html


def test_a_manager_edits_the_dates_with_checks(client, db, units, people, period, sign_in):
    sign_in(people.cds_staff)
    assert client.get(f"/reports/units/periods/{period.id}/edit").status_code == 403
    sign_in(people.lead_manager)
    edit = f"/reports/units/periods/{period.id}/edit"
    html = text(client.get(edit))
    assert 'value="10/06/2026"' in html
    bad = {"starts_on": "15/06/2026", "ends_on": "14/06/2026", "unit_due_on": "21/06/2026",
           "department_due_on": "20/06/2026"}  # fmt: skip
    html = text(client.post(edit, data=bad))
    assert "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu" in html
    assert "Hạn của Sở phải bằng hoặc sau hạn của các đơn vị" in html
    assert 'value="21/06/2026"' in html
    html = text(client.post(edit, data={**bad, "starts_on": "", "ends_on": "14/06/2026"}))
    assert "Nhập ngày bắt đầu kỳ báo cáo" in html
    good = {**bad, "starts_on": "01/01/2026", "unit_due_on": "12/06/2026"}
    response = client.post(edit, data=good)
    assert response.status_code == 303
    db.session.refresh(period)
    assert (period.starts_on, period.unit_due_on) == (date(2026, 1, 1), date(2026, 6, 12))
    [entry] = audit(db, "unit_reports.period_update")
    assert entry.details["changes"]["unit_due_on"] == ["2026-06-10", "2026-06-12"]


def test_the_calendar_lists_only_a_few_queries(
    client, db, units, people, period, registers, sign_in, count_queries
):
    for unit, user in ((units.cds, people.cds_staff), (units.centre, people.centre_staff)):
        submit(period, unit, content(registers, products=[]), actor=user)
    db.session.commit()
    sign_in(people.lead_manager)
    with count_queries() as statements:
        assert client.get("/reports/units/").status_code == 200
    assert len(statements) <= 10


def test_a_post_without_its_form_token_is_refused(
    app, client, db, units, people, period, registers, sign_in, monkeypatch
):
    submit(period, units.cds, content(registers), actor=people.cds_staff)
    db.session.commit()
    sign_in(people.lead_manager)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(url(period, units.cds, "/accept")).status_code == 400
    assert client.post(url(period, units.cds, "/return"), data={"reason": "x"}).status_code == 400
    assert get_report(period.id, units.cds.id).status == "submitted"
    assert count(db, CommProduct) == 0
