"""Assisted interviews: only assigned communes, one response per respondent code, the
"assisted" mode and "sample" stream with the enumerator as collector, and an interview
sent twice (offline queue, retry) stored once."""

import json

import pytest
import sqlalchemy as sa

from app.fieldwork.assignments import AssignmentError, assign
from app.fieldwork.models import EnumeratorAssignment
from app.fieldwork.queries import open_codes
from app.responses.models import Answer, Response
from app.sampling.codes import create_codes, format_code
from app.sampling.services import DesignParameters, create_design
from app.units.queries import get_unit
from tests.concurrency import at_once
from tests.entry.conftest import make_entry_survey
from tests.factories import make_user

SEED = 20260601
GOOD = {"q_age": "34", "q_heard": "yes", "q_channels": ["loa", "zalo"], "q_ideas": "Thêm loa"}


@pytest.fixture
def field(db, seeded):
    """A published citizen survey, a drawn sample with codes, a manager and an enumerator
    assigned the first drawn commune."""
    survey = make_entry_survey()
    manager = make_user("manager", full_name="Điều phối viên")
    enumerator = make_user("enumerator", full_name="Nguyễn Văn Phỏng")
    design = create_design(survey, DesignParameters(), name="Mẫu", actor=manager, seed=SEED)
    links = create_codes(design, actor=manager)
    commune = get_unit(links[0].commune_id)
    other = next(get_unit(link.commune_id) for link in links if link.commune_id != commune.id)
    assign(survey, enumerator, [commune], actor=manager)
    db.session.commit()
    return survey, commune, other, enumerator, manager


@pytest.fixture
def signed_in(client, login, field):
    assert login(field[3]).status_code in {302, 303}
    return client


def codes(field):
    survey, commune = field[0], field[1]
    return [link.code for link in open_codes(survey.id, commune.id)]


def payload(field, code, sid="a" * 32, fields=None, commune=None, user=None):
    survey, own = field[0], field[1]
    return {
        "submission_id": sid,
        "user_id": str((user or field[3]).id),
        "survey_id": survey.id,
        "commune_id": (commune or own).id,
        "code": code,
        "fields": {**GOOD, "q_commune": own.code} if fields is None else fields,
    }


def sync(client, body):
    return client.post("/interview/sync", data=json.dumps(body),
                       content_type="application/json")  # fmt: skip


def test_enumerator_lands_on_assignments_with_codes_left(signed_in, field):
    page = signed_in.get("/interview/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert field[1].name in html
    assert f"còn {len(codes(field))} mã" in html
    assert signed_in.get("/me").headers["Location"].endswith("/interview/")


def test_interview_page_offers_the_communes_codes_and_reads_aloud(signed_in, field):
    survey, commune = field[0], field[1]
    page = signed_in.get(f"/interview/{survey.id}/{commune.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"Phỏng vấn tại {commune.name}" in html
    first = codes(field)[0]
    assert f'value="{first}"' in html
    assert format_code(first) in html
    assert "Đọc to câu hỏi" in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    # The commune question starts at the interview's commune.
    assert f'<option value="{commune.code}" selected>' in html


def test_unassigned_commune_and_survey_are_not_found(signed_in, field):
    survey, _commune, other = field[0], field[1], field[2]
    assert signed_in.get(f"/interview/{survey.id}/{other.id}").status_code == 404
    assert signed_in.get(f"/interview/{survey.id + 99}/{other.id}").status_code == 404


def test_an_interview_sent_twice_is_stored_once(signed_in, field, db):
    code = codes(field)[0]
    first = sync(signed_in, payload(field, code))
    again = sync(signed_in, payload(field, code))
    assert (first.status_code, first.json["status"]) == (201, "stored")
    assert (again.status_code, again.json["status"]) == (200, "duplicate")
    rows = db.session.scalars(sa.select(Response)).all()
    assert len(rows) == 1
    response = rows[0]
    assert (response.mode, response.stream, response.status) == ("assisted", "sample", "complete")
    assert response.collector_id == field[3].id
    assert response.user_id is None
    assert response.submission_id == "a" * 32
    assert response.link.code == code
    assert response.commune_id == field[1].id
    stored = {(a.question_code, a.option_code, a.number) for a in response.answers}
    assert ("channels", "loa", None) in stored
    assert ("channels", "zalo", None) in stored
    assert any(a.question_code == "age" and a.number == 34 for a in response.answers)
    assert code not in codes(field)


def test_a_code_used_by_another_interview_is_refused(signed_in, field, db):
    code = codes(field)[0]
    assert sync(signed_in, payload(field, code, sid="a" * 32)).status_code == 201
    clash = sync(signed_in, payload(field, code, sid="b" * 32))
    assert clash.status_code == 409
    assert f"Mã {format_code(code)} đã có phiếu trả lời" in clash.json["message"]
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1


def test_invalid_answers_come_back_by_question_and_store_nothing(signed_in, field, db):
    code = codes(field)[0]
    bad = {"q_commune": field[1].code, "q_age": "7", "q_heard": "yes"}
    sent = sync(signed_in, payload(field, code, fields=bad))
    assert sent.status_code == 422
    assert set(sent.json["errors"]) == {"age", "channels"}
    assert "2 câu trả lời cần sửa" in sent.json["message"]
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0


def test_a_skipped_question_is_neither_asked_nor_kept(signed_in, field, db):
    code = codes(field)[0]
    fields = {"q_commune": field[1].code, "q_age": "40", "q_heard": "no", "q_channels": "tv"}
    assert sync(signed_in, payload(field, code, fields=fields)).status_code == 201
    kept = db.session.scalars(sa.select(Answer.question_code)).all()
    assert "channels" not in kept
    assert {"age", "heard", "commune"} <= set(kept)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"submission_id": "short"}, 400),
        ({"submission_id": "a" * 32, "survey_id": "1", "commune_id": 1, "fields": {}}, 400),
        ({"submission_id": "a" * 32, "survey_id": True, "commune_id": 1, "fields": {}}, 400),
        ([1, 2], 400),
    ],
)
def test_malformed_sendings_are_refused(signed_in, field, db, body, status):
    assert sync(signed_in, body).status_code == status
    nested = payload(field, codes(field)[0], fields={"q_age": {"x": 1}})
    assert sync(signed_in, nested).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_sending_needs_json_and_a_signed_in_enumerator(client, login, field, db):
    code = codes(field)[0]
    anonymous = sync(client, payload(field, code))
    assert anonymous.status_code == 401
    assert "đăng nhập lại" in anonymous.json["message"]
    login(field[3])
    form_post = client.post("/interview/sync", data={"submission_id": "a" * 32})
    assert form_post.status_code == 415
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_other_communes_and_other_enumerators_cannot_send(client, login, field, db):
    survey, commune, other = field[0], field[1], field[2]
    login(field[3])
    foreign = open_codes(survey.id, other.id)[0].code
    wrong_place = sync(client, payload(field, foreign, commune=other))
    assert wrong_place.status_code == 403
    mixed = sync(client, payload(field, foreign))
    assert mixed.status_code == 422
    assert "thuộc xã, phường khác" in mixed.json["message"]
    client.post("/logout")
    intruder = make_user("enumerator")
    db.session.commit()
    login(intruder)
    # The first enumerator's interview, sent from their page while another account is signed
    # in, waits for its own account; the intruder's own sending is refused.
    waiting = sync(client, payload(field, codes(field)[0]))
    assert (waiting.status_code, waiting.json["status"]) == (401, "login")
    assert sync(client, payload(field, codes(field)[0], user=intruder)).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0
    assert commune.id != other.id


def test_without_javascript_the_form_posts_and_keeps_input_on_errors(signed_in, field, db):
    survey, commune = field[0], field[1]
    url = f"/interview/{survey.id}/{commune.id}"
    code = codes(field)[0]
    form = {"respondent_code": code, "submission_id": "c" * 32, "q_commune": commune.code,
            "q_age": "200", "q_heard": "yes", "q_channels": "loa"}  # fmt: skip
    bad = signed_in.post(url, data=form)
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Có lỗi cần sửa" in html
    assert 'value="200"' in html
    assert f'<option value="{code}" selected>' in html
    good = signed_in.post(url, data={**form, "q_age": "61"})
    assert good.status_code == 303
    twice = signed_in.post(url, data={**form, "q_age": "61"})  # a double tap
    assert twice.status_code == 303
    response = db.session.scalar(sa.select(Response))
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1
    assert (response.mode, response.submission_id) == ("assisted", "c" * 32)
    shown = signed_in.get(url).get_data(as_text=True)
    assert f"Đã lưu phỏng vấn mã {format_code(code)}" in shown
    assert f'value="{code}"' not in shown


def test_service_worker_is_served_for_the_interview_scope(signed_in):
    worker = signed_in.get("/interview/sw.js")
    assert worker.status_code == 200
    assert worker.mimetype == "text/javascript"
    assert worker.headers["Cache-Control"] == "no-cache"
    assert b"nq57-interview-v1" in worker.data


def test_assigning_is_for_enumerators_of_citizen_surveys(field, db):
    survey, commune, manager = field[0], field[1], field[4]
    staff = make_user("staff")
    with pytest.raises(AssignmentError):
        assign(survey, staff, [commune], actor=manager)
    assert assign(survey, field[3], [commune], actor=manager) == 0  # already assigned
    assert db.session.scalar(sa.select(sa.func.count(EnumeratorAssignment.id))) == 1


def test_manager_assigns_and_removes_communes(client, login, field, db):
    survey, commune, other, enumerator, manager = field
    login(manager)
    page = client.get(f"/manage/surveys/{survey.id}/enumerators")
    assert page.status_code == 200
    assert "Nguyễn Văn Phỏng" in page.get_data(as_text=True)
    empty = client.post(f"/manage/surveys/{survey.id}/enumerators",
                        data={"enumerator": enumerator.id})  # fmt: skip
    assert "Chọn ít nhất một xã, phường" in empty.get_data(as_text=True)
    done = client.post(f"/manage/surveys/{survey.id}/enumerators",
                       data={"enumerator": enumerator.id, "communes": [other.id]})  # fmt: skip
    assert done.status_code == 303
    rows = db.session.scalars(sa.select(EnumeratorAssignment).order_by(EnumeratorAssignment.id))
    rows = rows.all()
    assert [r.commune_id for r in rows] == [commune.id, other.id]
    removed = client.post(f"/manage/surveys/{survey.id}/enumerators/{rows[0].id}/remove")
    assert removed.status_code == 303
    left = db.session.scalars(sa.select(EnumeratorAssignment.commune_id)).all()
    assert left == [other.id]


def test_codes_offered_are_respondents_first_and_skip_used_ones(signed_in, field):
    survey, commune = field[0], field[1]
    before = open_codes(survey.id, commune.id)
    assert [link.is_reserve for link in before] == sorted(link.is_reserve for link in before)
    assert before[0].is_reserve is False
    assert before[-1].is_reserve is True
    assert sync(signed_in, payload(field, before[1].code)).status_code == 201
    after = [link.code for link in open_codes(survey.id, commune.id)]
    assert after == [link.code for link in before if link.code != before[1].code]


@pytest.mark.parametrize("huge", [2**31, 2**70, -1, 0])
def test_ids_out_of_range_are_refused(signed_in, field, db, huge):
    body = {**payload(field, codes(field)[0]), "survey_id": huge}
    assert sync(signed_in, body).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_enumerators_are_not_counted_as_staff(db, field):
    from app.indicators.queries import headcounts
    from tests.factories import make_unit

    unit = make_unit()
    make_user("staff", unit=unit)
    make_user("enumerator", unit=unit)
    db.session.flush()
    assert [n for _id, n in headcounts("staff_headcount", unit.id)] == [1]


@pytest.mark.parametrize(
    "path", ["/manage/", "/manage/surveys/", "/manage/sampling/", "/admin/", "/manage/indicators/"]
)
def test_enumerators_manage_nothing(signed_in, path):
    assert signed_in.get(path).status_code == 403


def test_login_sends_an_enumerator_to_the_interviews(client, login, field):
    assert login(field[3]).headers["Location"].endswith("/interview/")
    assert "Phỏng vấn" in client.get("/interview/").get_data(as_text=True)


def _at_once(app, email, bodies) -> list[int]:
    return at_once(app, email, [lambda client, b=b: sync(client, b) for b in bodies])


def test_the_same_interview_sent_twice_at_once_is_stored_once(app, db, field):
    body = payload(field, codes(field)[0])
    statuses = _at_once(app, field[3].email, [body, body])
    if db.engine.dialect.name == "postgresql":
        assert statuses == [200, 201]  # the second waits for the first, then finds it
    else:
        # SQLite's driver commits a first savepoint on release, so the second may find the
        # first still a draft (202: send again later) or finish it with the same answers (a
        # second 201 for the same stored interview), or find the database busy (503: the
        # page sends again later). Either way one response is stored, checked below.
        assert 201 in statuses
        assert set(statuses) <= {200, 201, 202, 503}
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1


def test_two_interviews_racing_for_one_code_store_one(app, db, field):
    code = codes(field)[0]
    bodies = [payload(field, code, sid="d" * 32), payload(field, code, sid="e" * 32)]
    assert _at_once(app, field[3].email, bodies) == [201, 409]
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1


def test_a_refusal_is_recorded_from_the_interview_page(signed_in, field, db):
    from app.fieldwork.models import ContactOutcome

    survey, commune = field[0], field[1]
    url = f"/interview/{survey.id}/{commune.id}/outcome"
    code = codes(field)[0]
    missing = signed_in.post(url, data={"outcome_code": code, "note": "Nhà đóng cửa"})
    html = missing.get_data(as_text=True)
    assert missing.status_code == 422
    assert "Chọn kết quả liên hệ trong danh sách." in html
    assert 'value="Nhà đóng cửa"' in html
    done = signed_in.post(url, data={"outcome_code": code, "outcome": "refused"})
    assert done.status_code == 303
    row = db.session.scalar(sa.select(ContactOutcome))
    assert (row.outcome, row.recorded_by_id, row.link.code) == ("refused", field[3].id, code)
    assert code not in codes(field)
    page = signed_in.get(f"/interview/{survey.id}/{commune.id}").get_data(as_text=True)
    assert f"Đã ghi mã {format_code(code)}: Từ chối trả lời." in page
    interview = sync(signed_in, payload(field, code))
    assert interview.status_code == 409
    assert "không phỏng vấn được" in interview.json["message"]


def test_a_busy_database_asks_the_page_to_send_again(signed_in, field, db, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def busy(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr("app.fieldwork.views.interviews.record_interview", busy)
    sent = sync(signed_in, payload(field, codes(field)[0]))
    assert sent.status_code == 503
    assert sent.headers["Retry-After"] == "30"
    assert sent.json["status"] == "busy"
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0
