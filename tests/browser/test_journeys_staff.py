"""A staff member's journey on a phone: sign in, answer the department's staff survey (the
one `flask seed` installs) page by page, and find that a second submission, from a tab left
open on the last page, stores nothing new."""

import pytest
import sqlalchemy as sa

from app.responses.models import Response
from app.surveys.files import seed_builtin_surveys
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD, make_user

TITLE = "Khảo sát nhận thức về Nghị quyết 57"
TITLE_EN = "Survey of awareness of Resolution 57"
# The answers, page by page, as radio and checkbox values.
PAGES = [
    {"informed": ["yes"]},
    {"informed_forms": ["conference", "portal"]},
    {"know_1": ["dec_2024"], "know_2": ["pct_100"], "know_3": ["grassroots"],
     "know_4": ["dx_centre"], "know_5": ["oct_10"]},
    {"comm_role": ["yes"], "trained_digital_comm": ["no"], "trained_st_content": ["yes"]},
]  # fmt: skip


@pytest.fixture
def staff_survey(db, seeded):
    seed_builtin_surveys()
    user = make_user("staff", full_name="Trần Thị Hoa", unit_id=get_unit_by_code("QLKH_DMST").id)
    survey = get_survey_by_slug("can-bo-nq57")
    db.session.commit()
    return survey, user


def _answer(page, answers: dict) -> None:
    for code, values in answers.items():
        for value in values:
            page.check(f"input[name=q_{code}][value={value}]")


def _stored(db) -> list[tuple]:
    rows = [
        (r.status, r.user_id, r.stream,
         sorted((a.question_code, a.option_code) for a in r.answers))
        for r in db.session.scalars(sa.select(Response))
    ]  # fmt: skip
    db.session.rollback()  # no read lock held while the server writes (SQLite)
    return rows


def test_a_staff_member_answers_once_and_a_second_submission_stores_nothing(
    phone, live_server, staff_survey, db, csrf
):
    survey, user = staff_survey
    url = live_server.url
    phone.set_default_timeout(10000)
    phone.goto(f"{url}/login")
    phone.fill("#email", user.email)
    phone.fill("#password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{url}/me")
    item = phone.locator(".task-list__item", has_text=TITLE)
    assert item.locator(".tag").inner_text() == "Chưa làm"
    item.locator("a").click()
    phone.wait_for_url(f"{url}/me/surveys/{survey.id}")

    for answers in PAGES[:-1]:
        at = phone.url
        _answer(phone, answers)
        phone.get_by_role("button", name="Tiếp tục").click()
        phone.wait_for_url(lambda now, at=at: now != at)
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    last = phone.url
    assert last == f"{url}/me/surveys/{survey.id}/p_work"
    assert "Phần 4/4" in phone.inner_text(".caption")

    # The same last page left open in a second tab, as happens on a phone.
    stale = phone.context.new_page()
    stale.set_default_timeout(10000)
    stale.goto(last)

    _answer(phone, PAGES[-1])
    phone.get_by_role("button", name="Gửi câu trả lời").click()
    phone.wait_for_url(f"{url}/me/surveys/{survey.id}/thanks")
    assert phone.inner_text("h1") == "Đã gửi câu trả lời"
    received = phone.locator("p", has_text="Sở đã nhận câu trả lời lúc").inner_text()
    given = sorted((c, v) for answers in PAGES for c, values in answers.items() for v in values)
    expected = [("complete", user.id, "census", given)]
    assert _stored(db) == expected

    # Submitting again from the stale tab, with another answer: the receipt of the first.
    _answer(stale, {"trained_st_content": ["no"]})
    stale.get_by_role("button", name="Gửi câu trả lời").click()
    stale.wait_for_url(f"{url}/me/surveys/{survey.id}/thanks?again=1")
    assert stale.inner_text("h1") == "Đã gửi câu trả lời"
    assert stale.locator("p", has_text="Sở đã nhận câu trả lời lúc").inner_text() == received
    notice = stale.get_by_role("status").inner_text()
    assert "Nếu vừa sửa câu trả lời, phần sửa không được lưu lại." in notice
    stale.close()

    # Back on "Khảo sát của tôi": done, and opening it again shows the receipt, not the form.
    phone.goto(f"{url}/me")
    item = phone.locator(".task-list__item", has_text=TITLE)
    assert item.locator(".tag").inner_text() == "Đã xong"
    item.locator("a").click()
    phone.wait_for_url(f"{url}/me/surveys/{survey.id}/thanks")
    assert phone.inner_text("h1") == "Đã gửi câu trả lời"
    assert phone.locator("input[name^=q_]").count() == 0
    assert _stored(db) == expected

    # In English, the list names the survey by its English title.
    phone.goto(f"{url}/me")
    phone.click("a[lang=en]")
    phone.wait_for_selector("html[lang=en]")
    item = phone.locator(".task-list__item", has_text=TITLE_EN)
    assert item.locator(".tag").inner_text() == "Completed"
