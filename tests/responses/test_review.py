"""Managers read and exclude responses; respondents ask for deletion; administrators delete."""

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.responses.links import create_link
from app.responses.models import Answer, DeletionRequest, Response
from tests.factories import make_user
from tests.responses.test_flow import one_page_survey


def submitted(app, db, n=1):
    survey = one_page_survey(db)
    link = create_link(survey, label="Bảng tin")
    db.session.commit()
    for i in range(n):
        app.test_client().post(f"/s/{link.token}", data={"q_n": str(40 + i)})
    return survey, db.session.scalars(sa.select(Response).order_by(Response.id)).all()


def audit(db, action):
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()


def test_a_manager_lists_reads_and_excludes_a_response(app, client, db, seeded, login):
    survey, (response,) = submitted(app, db)
    login(make_user("manager"))
    db.session.commit()
    listing = client.get(f"/manage/surveys/{survey.id}/responses").get_data(as_text=True)
    assert f"#{response.id}" in listing
    assert "1 phiếu trả lời" in listing
    detail = client.get(f"/manage/surveys/{survey.id}/responses/{response.id}")
    assert "<dd><div>40</div>" in detail.get_data(as_text=True).replace("\n", "")
    url = f"/manage/surveys/{survey.id}/responses/{response.id}"
    refused = client.post(url, data={"reason": ""})
    assert "Ghi lý do loại phiếu khỏi chỉ tiêu" in refused.get_data(as_text=True)
    assert client.post(url, data={"reason": "Phiếu thử của cán bộ"}).status_code == 303
    db.session.expire_all()
    assert (response.is_excluded, response.excluded_reason) == (True, "Phiếu thử của cán bộ")
    assert client.post(url, data={}).status_code == 303
    db.session.expire_all()
    assert (response.is_excluded, response.excluded_reason) == (False, None)
    assert [e.details["reason"] for e in audit(db, "responses.exclude")] == ["Phiếu thử của cán bộ"]
    assert len(audit(db, "responses.include")) == 1
    only_excluded = client.get(f"/manage/surveys/{survey.id}/responses?excluded=1")
    assert "0 phiếu trả lời" in only_excluded.get_data(as_text=True)


def test_staff_answers_are_never_shown_one_by_one(app, client, db, seeded, login):
    from app.surveys.files import seed_builtin_surveys
    from app.surveys.queries import get_survey_by_slug

    seed_builtin_surveys()
    staff = make_user()
    db.session.commit()
    login(staff)
    survey = get_survey_by_slug("can-bo-nq57")
    client.post(f"/me/surveys/{survey.id}", data={"q_informed": "yes"})
    client.post("/logout")
    login(make_user("admin"))
    db.session.commit()
    (response,) = db.session.scalars(sa.select(Response)).all()
    listing = client.get(f"/manage/surveys/{survey.id}/responses").get_data(as_text=True)
    assert "không được xem riêng" in listing
    assert f'responses/{response.id}"' not in listing
    assert client.get(f"/manage/surveys/{survey.id}/responses/{response.id}").status_code == 404


def test_a_respondent_asks_for_deletion_and_an_administrator_deletes(app, client, db, seeded,
                                                                     login):  # fmt: skip
    _survey, (response,) = submitted(app, db)
    code = response.receipt_code
    bad = client.post("/xoa-phieu-tra-loi", data={"receipt_code": "abc"})
    assert "Nhập mã biên nhận gồm 8 ký tự" in bad.get_data(as_text=True)
    asked = client.post("/xoa-phieu-tra-loi", data={"receipt_code": code.lower().replace("-", " ")})
    assert asked.status_code == 303  # a reload of the confirmation sends nothing again
    assert "Đã nhận yêu cầu xóa" in client.get(asked.headers["Location"]).get_data(as_text=True)
    (deletion,) = db.session.scalars(sa.select(DeletionRequest)).all()
    assert (deletion.receipt_code, deletion.status) == (code, "pending")
    login(make_user("admin"))
    db.session.commit()
    assert code in client.get("/admin/deletions").get_data(as_text=True)
    assert client.post(f"/admin/deletions/{deletion.id}").status_code == 303
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0
    assert deletion.status == "done"
    (entry,) = audit(db, "responses.delete")
    assert entry.details["receipt"] == code
    again = client.post(f"/admin/deletions/{deletion.id}")
    assert "đã được xử lý" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_a_request_for_an_unknown_code_is_recorded_as_not_found(client, db, login):
    client.post("/xoa-phieu-tra-loi", data={"receipt_code": "2345-6789"})
    (deletion,) = db.session.scalars(sa.select(DeletionRequest)).all()
    login(make_user("admin"))
    db.session.commit()
    client.post(f"/admin/deletions/{deletion.id}")
    db.session.expire_all()
    assert deletion.status == "not_found"


def test_responses_filter_by_version_and_submission_day(app, client, db, seeded, login):
    from app.common.timezones import local_day

    survey, responses_ = submitted(app, db, n=2)
    login(make_user("manager"))
    db.session.commit()
    today = local_day(responses_[0].submitted_at).isoformat()
    base = f"/manage/surveys/{survey.id}/responses"
    assert "2 phiếu trả lời" in client.get(f"{base}?version=1&from={today}&to={today}").get_data(
        as_text=True
    )
    assert "0 phiếu trả lời" in client.get(f"{base}?version=2").get_data(as_text=True)
    assert "0 phiếu trả lời" in client.get(f"{base}?to=2001-01-01").get_data(as_text=True)
    assert client.get(f"{base}?from=bad&to=9999-99-99").status_code == 200
