"""The respondent's path through a survey, without JavaScript: plain form posts."""

import re
import threading

import pytest
import sqlalchemy as sa

from app.db import utcnow
from app.responses.links import create_link
from app.responses.models import Answer, Link, Response
from app.surveys.queries import get_survey_by_slug
from app.surveys.services import change_status, create_survey, edit_draft, publish_survey
from tests.factories import make_user


def responses(db):
    return db.session.scalars(sa.select(Response)).all()


def answers(db, response) -> dict:
    rows = db.session.scalars(sa.select(Answer).where(Answer.response_id == response.id)).all()
    result = {}
    for a in rows:
        value = a.option_code or (str(a.number) if a.number is not None else a.text)
        result.setdefault(a.question_code, []).append(value)
    return result


def walk(client, start_url, pages):
    """Post each page's answers in turn; returns the last response."""
    response = client.post(start_url, data=pages[0])
    for data in pages[1:]:
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        response = client.post(response.headers["Location"], data=data)
    return response


NO_PATH = [
    {"q_consent": "yes"},
    {"q_commune": "21211", "q_age_band": "35_44", "q_sex": "female"},
    {"q_heard": "no"},
    {"q_topics": ["digital_services", "cybersecurity"], "q_bdhvs_aware": "no",
     "q_digital_team_help": "not_needed"},
    {"q_fill_mode": "self"},
]  # fmt: skip


def test_a_citizen_answers_every_page_and_gets_a_receipt(client, db, citizen_link):
    start = f"/s/{citizen_link.token}"
    first = client.get(start)
    assert first.status_code == 200
    assert "Tôi đồng ý tham gia khảo sát" in first.get_data(as_text=True)
    last = walk(client, start, NO_PATH)
    assert last.status_code == 303
    thanks = client.get(last.headers["Location"])
    html = thanks.get_data(as_text=True)
    assert "Đã gửi câu trả lời" in html
    (stored,) = responses(db)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", stored.receipt_code)
    assert stored.receipt_code in html
    assert stored.status == "complete"
    assert stored.consent_at is not None
    assert stored.commune.code == "21211"
    assert answers(db, stored) == {
        "consent": ["yes"], "commune": ["21211"], "age_band": ["35_44"], "sex": ["female"],
        "heard": ["no"], "topics": ["digital_services", "cybersecurity"],
        "bdhvs_aware": ["no"], "digital_team_help": ["not_needed"], "fill_mode": ["self"],
    }  # fmt: skip
    db.session.refresh(citizen_link)
    assert (citizen_link.visits, citizen_link.starts, citizen_link.completes) == (1, 1, 1)


def test_nothing_is_stored_before_consent(client, db, citizen_link):
    response = client.post(f"/s/{citizen_link.token}", data={})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Lỗi: " in html
    assert "Đánh dấu vào ô &#39;Tôi đồng ý tham gia khảo sát&#39; để bắt đầu" in html
    assert responses(db) == []


def test_show_if_sends_those_who_heard_through_the_channel_page(client, db, citizen_link):
    path = [*NO_PATH[:2], {"q_heard": "yes"}]
    page = walk(client, f"/s/{citizen_link.token}", path)
    assert page.headers["Location"].endswith("/p_channels")
    html = client.get(page.headers["Location"]).get_data(as_text=True)
    assert "Chọn tất cả các mục phù hợp" in html


def test_a_wrong_answer_keeps_what_was_typed_and_stores_nothing_new(client, db, citizen_link):
    page = walk(client, f"/s/{citizen_link.token}", NO_PATH[:1])
    bad = client.post(page.headers["Location"], data={"q_commune": "99999", "q_age_band": "35_44"})
    html = bad.get_data(as_text=True)
    assert "Chọn xã, phường trong danh sách" in html
    assert "Chọn một phương án trả lời" in html  # sex was left empty
    assert 'value="35_44" checked' in html
    (stored,) = responses(db)
    assert set(answers(db, stored)) == {"consent"}


def test_submitting_twice_stores_one_response_and_shows_the_same_receipt(client, db, citizen_link):
    walk(client, f"/s/{citizen_link.token}", NO_PATH[:-1])
    (draft,) = responses(db)
    last_page = f"/s/{citizen_link.token}/{draft.submission_id}/p_fill_mode"
    first = client.post(last_page, data=NO_PATH[-1])
    second = client.post(last_page, data=NO_PATH[-1])
    # The same receipt, which now says the answers just sent were not saved.
    assert second.headers["Location"] == first.headers["Location"] + "?again=1"
    assert len(responses(db)) == 1
    db.session.refresh(citizen_link)
    assert citizen_link.completes == 1
    receipt = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Nếu vừa sửa câu trả lời, phần sửa không được lưu lại" in receipt
    assert responses(db)[0].receipt_code in receipt
    assert "không được lưu lại" not in client.get(first.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("problem", ["revoked", "expired", "closed"])
def test_a_link_that_no_longer_works_gets_a_410_page(client, db, citizen_link, problem):
    if problem == "revoked":
        citizen_link.revoked_at = utcnow()
    elif problem == "expired":
        citizen_link.expires_at = utcnow()
    else:
        change_status(citizen_link.survey, "close", actor=None)
    db.session.commit()
    response = client.get(f"/s/{citizen_link.token}")
    assert response.status_code == 410
    assert {"revoked": "đã bị thu hồi", "expired": "đã hết hạn", "closed": "Khảo sát đã đóng"}[
        problem
    ] in response.get_data(as_text=True)


def test_unknown_tokens_are_404(client, db, citizen_link):
    assert client.get("/s/not-a-token").status_code == 404
    assert client.get(f"/s/{citizen_link.token}/nope/p_about").status_code == 404


def one_page_survey(db, slug="mot-trang"):
    survey = create_survey(slug=slug, audience="citizen", title="Một trang", languages=["vi"],
                           is_anonymous=True)  # fmt: skip
    edit_draft(
        survey,
        {
            "languages": ["vi"],
            "title": {"vi": "Một trang"},
            "pages": [
                {
                    "code": "p1",
                    "title": {"vi": "Trang"},
                    "questions": [
                        {"code": "n", "type": "integer", "text": {"vi": "Số"}, "required": True}
                    ],
                }
            ],
        },
    )
    publish_survey(survey, actor=None)
    return survey


def post_in_threads(app, url: str, n: int, data_for) -> list[int]:
    """POST from n threads at once, each with its own app context and client."""
    barrier, statuses = threading.Barrier(n), []

    def run(i):
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            statuses.append(client.post(url, data=data_for(i)).status_code)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_twenty_concurrent_posts_to_one_invitation_store_one_response(app, db, seeded):
    link = create_link(one_page_survey(db), kind="invitation", organisation="Công ty A")
    db.session.commit()
    statuses = post_in_threads(app, f"/s/{link.token}", 20, lambda i: {"q_n": str(i)})
    assert set(statuses) <= {302, 303}  # late ones are sent to the receipt already given
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1
    assert db.session.scalar(sa.select(Link.completes).where(Link.id == link.id)) == 1


def test_fifty_concurrent_public_submissions_store_fifty(app, db, seeded):
    link = create_link(one_page_survey(db))
    db.session.commit()
    statuses = post_in_threads(app, f"/s/{link.token}", 50, lambda i: {"q_n": str(i)})
    assert statuses == [303] * 50
    db.session.expire_all()
    numbers = db.session.scalars(sa.select(Answer.number).order_by(Answer.number)).all()
    assert [int(n) for n in numbers] == list(range(50))
    assert db.session.scalar(sa.select(Link.completes).where(Link.id == link.id)) == 50


def test_staff_answer_once_and_are_sent_to_their_receipt_after(client, db, seeded, login):
    from app.surveys.files import seed_builtin_surveys

    seed_builtin_surveys()
    user = make_user()
    db.session.commit()
    login(user)
    survey = get_survey_by_slug("can-bo-nq57")
    page = client.get(f"/me/surveys/{survey.id}")
    assert page.status_code == 200
    posted = client.post(f"/me/surveys/{survey.id}", data={"q_informed": "no"})
    assert posted.status_code == 303
    (stored,) = responses(db)
    assert (stored.user_id, stored.stream) == (user.id, "census")
    assert client.get(f"/me/surveys/{survey.id}").status_code == 200  # resumes, not a new row
    assert len(responses(db)) == 1


def test_staff_who_chose_english_get_the_survey_in_english(client, db, seeded, login):
    from app.surveys.files import seed_builtin_surveys

    seed_builtin_surveys()
    login(make_user())
    survey = get_survey_by_slug("can-bo-nq57")
    assert "en" in survey.latest_version.definition["languages"]
    assert client.get("/language/en").status_code in {302, 303}
    page = client.get(f"/me/surveys/{survey.id}").get_data(as_text=True)
    english_title = survey.latest_version.definition["title"]["en"]
    assert english_title in page
    assert 'lang="en"' in page


def test_my_surveys_shows_what_is_done_and_what_is_not(client, db, seeded, login):
    from app.surveys.files import seed_builtin_surveys

    seed_builtin_surveys()
    user = make_user()
    db.session.commit()
    login(user)
    before = client.get("/me").get_data(as_text=True)
    assert "Khảo sát nhận thức" in before
    assert "Chưa làm" in before
    survey = get_survey_by_slug("can-bo-nq57")
    client.post(f"/me/surveys/{survey.id}", data={"q_informed": "no"})
    assert "Đang làm" in client.get("/me").get_data(as_text=True)


def test_an_expired_form_token_shows_the_page_again_with_answers_kept(app, client, db,
                                                                      citizen_link):  # fmt: skip
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/s/{citizen_link.token}",
                               data={"q_consent": "yes", "csrf_token": "stale"})  # fmt: skip
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Trang đã mở khá lâu" in html
    assert 'name="q_consent" type="checkbox" value="yes" checked' in html
    assert responses(db) == []


def test_a_cross_site_post_to_the_form_is_refused(client, db, citizen_link):
    response = client.post(f"/s/{citizen_link.token}", data={"q_consent": "yes"},
                           headers={"Origin": "https://evil.example"})  # fmt: skip
    assert response.status_code == 400
    assert responses(db) == []


def test_a_filled_hidden_field_is_refused_and_stores_nothing(client, db, citizen_link):
    response = client.post(f"/s/{citizen_link.token}",
                           data={"q_consent": "yes", "website": "http://spam"})  # fmt: skip
    assert response.status_code == 400
    assert responses(db) == []


def test_one_device_posting_too_fast_is_slowed_down(app, client, db, seeded):
    app.config["ANSWER_RATE_LIMIT_DEVICE"] = "3 per minute"
    try:
        link = create_link(one_page_survey(db))
        db.session.commit()
        statuses = [client.post(f"/s/{link.token}", data={"q_n": "1"}).status_code
                    for _ in range(4)]  # fmt: skip
    finally:
        app.config["ANSWER_RATE_LIMIT_DEVICE"] = "60 per minute"
    assert statuses[-1] == 429
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 3


def test_a_second_response_from_one_device_is_flagged_not_refused(client, db, seeded):
    link = create_link(one_page_survey(db))
    db.session.commit()
    client.post(f"/s/{link.token}", data={"q_n": "1"})
    client.post(f"/s/{link.token}", data={"q_n": "2"})
    first, second = db.session.scalars(sa.select(Response).order_by(Response.id)).all()
    assert (first.status, second.status) == ("complete", "complete")
    assert (first.flags, second.flags) == ({}, {"same_device": True})


def test_a_burst_from_one_address_is_flagged(app, db, seeded):
    from app.responses import services

    link = create_link(one_page_survey(db))
    db.session.commit()
    for i in range(services.BURST_SIZE + 2):  # a new phone each time, one shared address
        assert app.test_client().post(f"/s/{link.token}", data={"q_n": str(i)}).status_code == 303
    db.session.expire_all()
    query = sa.select(Response).order_by(Response.id)
    flagged = [r.flags.get("burst", False) for r in db.session.scalars(query)]
    assert flagged == [False] * services.BURST_SIZE + [True, True]


def test_posting_straight_to_a_later_page_does_not_skip_required_answers(client, db, citizen_link):
    walk(client, f"/s/{citizen_link.token}", NO_PATH[:1])
    (draft,) = responses(db)
    late = client.post(f"/s/{citizen_link.token}/{draft.submission_id}/p_fill_mode",
                       data={"q_fill_mode": "self"})  # fmt: skip
    assert late.headers["Location"].endswith("/p_about")
    db.session.refresh(draft)
    assert (draft.status, draft.receipt_code) == ("draft", None)
    assert set(answers(db, draft)) == {"consent"}


def test_two_taps_on_one_page_leave_one_copy_of_each_answer(app, db, citizen_link):
    client = app.test_client()
    page = walk(client, f"/s/{citizen_link.token}", NO_PATH[:3])
    url = page.headers["Location"]
    cookie = client.get_cookie("nq57").value
    data = NO_PATH[3]

    barrier, results = threading.Barrier(3), []

    def run():
        with app.app_context():
            other = app.test_client()
            other.set_cookie("nq57", cookie)
            barrier.wait()
            results.append(other.post(url, data=data).status_code)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (stored,) = responses(db)
    db.session.refresh(stored)
    rows = answers(db, stored)
    assert rows["topics"] == ["digital_services", "cybersecurity"]
    assert rows["bdhvs_aware"] == ["no"]
