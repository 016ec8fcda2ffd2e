"""The enumerator's interview page on a phone, offline: two interviews recorded without a
connection wait in the browser and are sent, once each, when the connection returns."""

import sqlalchemy as sa

from app.responses.models import Response
from tests.factories import PASSWORD
from tests.fieldwork.test_interviews import codes, field  # noqa: F401 - the fixture


def _sign_in(page, url, user):
    page.goto(f"{url}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/interview/")


def _interview(page, age: str, channel: str):
    """Answer as an enumerator would: the next code, then each question by touch."""
    code = page.eval_on_selector("#respondent_code option[value]:not([value=''])", "o => o.value")
    page.select_option("#respondent_code", code)
    page.fill("#q_age", age)
    page.check("#q_heard-1")  # "Có": the channel question appears
    page.check(f"input[name=q_channels][value={channel}]")
    page.click("button:has-text('Lưu phỏng vấn')")
    return code


def _count(db) -> int:
    n = db.session.scalar(sa.select(sa.func.count(Response.id)))
    db.session.rollback()  # no read lock held while the server writes (SQLite)
    return n


def test_two_interviews_offline_are_sent_once_each_when_back_online(phone, live_server, field, db):  # noqa: F811
    survey, commune, _other, enumerator, _manager = field
    url = live_server.url
    _sign_in(phone, url, enumerator)
    phone.goto(f"{url}/interview/{survey.id}/{commune.id}")
    phone.wait_for_selector("html[data-offline-ready='1']")
    assert phone.is_hidden("#q-channels")  # show-if: asked only after "Có"

    phone.context.set_offline(True)
    before = live_server.requests
    phone.reload()  # served by the service worker from its cache
    phone.wait_for_selector("text=Phỏng vấn tại")
    first = _interview(phone, "34", "loa")
    phone.wait_for_selector("text=Đang chờ gửi: 1 phỏng vấn")
    second = _interview(phone, "58", "zalo")
    phone.wait_for_selector("text=Đang chờ gửi: 2 phỏng vấn")
    assert first != second
    assert live_server.requests == before  # nothing reached the server while offline
    assert _count(db) == 0

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.wait_for_selector("text=Không có phỏng vấn nào chờ gửi.")
    responses = db.session.scalars(sa.select(Response).order_by(Response.id)).all()
    assert [(r.link.code, r.mode, r.stream, r.collector_id) for r in responses] == [
        (first, "assisted", "sample", enumerator.id),
        (second, "assisted", "sample", enumerator.id),
    ]
    ages = sorted(int(a.number) for r in responses for a in r.answers if a.question_code == "age")
    assert ages == [34, 58]
    sids = [r.submission_id for r in responses]
    db.session.rollback()

    # A resend of the same interview (its answer lost on the way back) stores nothing new.
    again = phone.evaluate(
        """async ([sid, userId, surveyId, communeId, code]) => {
             const r = await fetch('/interview/sync', {method: 'POST',
               headers: {'Content-Type': 'application/json'},
               body: JSON.stringify({submission_id: sid, user_id: userId, survey_id: surveyId,
                 commune_id: communeId, code: code, fields: {}})});
             return [r.status, (await r.json()).status];
           }""",
        [sids[0], str(enumerator.id), survey.id, commune.id, first],
    )
    assert again == [200, "duplicate"]
    assert _count(db) == 2
    # The used codes are no longer offered after a reload.
    phone.reload()
    offered = phone.eval_on_selector_all("#respondent_code option", "os => os.map(o => o.value)")
    assert first not in offered
    assert second not in offered
    assert len(offered) - 1 == len(codes(field))


def test_an_interview_the_server_refuses_is_kept_reopened_and_sent(phone, live_server, field, db):  # noqa: F811
    survey, commune, _other, enumerator, _manager = field
    url = live_server.url
    _sign_in(phone, url, enumerator)
    phone.goto(f"{url}/interview/{survey.id}/{commune.id}")
    code = _interview(phone, "200", "tv")  # out of range: only the server knows the limits
    phone.wait_for_selector(".queue__item--problem")
    assert "Mở lại để sửa" in phone.inner_text("#queue")
    assert _count(db) == 0

    phone.click("button:has-text('Mở lại để sửa')")
    assert phone.input_value("#respondent_code") == code
    assert phone.input_value("#q_age") == "200"
    assert phone.is_visible("#q-age .js-error")  # the server's message, at the question
    phone.reload()  # closing the page while correcting loses nothing
    assert phone.locator(".queue__item").count() == 1
    phone.click("button:has-text('Mở lại để sửa')")
    phone.fill("#q_age", "40")
    phone.click("button:has-text('Lưu phỏng vấn')")
    phone.wait_for_selector("text=Không có phỏng vấn nào chờ gửi.")
    response = db.session.scalar(sa.select(Response))
    assert (response.link.code, response.mode) == (code, "assisted")
    assert [int(a.number) for a in response.answers if a.question_code == "age"] == [40]
    db.session.rollback()


def test_signing_out_leaves_no_interview_pages_in_the_cache(phone, live_server, field):  # noqa: F811
    survey, commune, _other, enumerator, _manager = field
    url = live_server.url
    _sign_in(phone, url, enumerator)
    phone.goto(f"{url}/interview/{survey.id}/{commune.id}")
    phone.wait_for_selector("html[data-offline-ready='1']")
    assert phone.evaluate("caches.has('nq57-interview-v1')") is True
    phone.click("button:has-text('Đăng xuất')")
    phone.wait_for_url(f"{url}/login")
    phone.goto(f"{url}/interview/{survey.id}/{commune.id}")  # online: the session is gone
    phone.wait_for_url(f"{url}/login?**")
    for _ in range(50):  # the worker deletes its cache as it passes the redirect on
        if not phone.evaluate("caches.has('nq57-interview-v1')"):
            break
        phone.wait_for_timeout(100)
    assert phone.evaluate("caches.has('nq57-interview-v1')") is False
