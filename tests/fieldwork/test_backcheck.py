"""Back-checks: a seeded draw stratified by enumerator that reproduces, takes only completed,
kept, assisted interviews and never one twice; findings that set the status; the discrepancy
log and summary; the managers' pages, which show enumerators only by pseudonymous code."""

import re
from html import unescape

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEntry
from app.fieldwork.backcheck import (
    backcheck_questions,
    check_questions,
    checks_wanted,
    draw_backchecks,
    pick,
    record_check,
)
from app.fieldwork.backcheck_queries import collector_summary, list_discrepancies
from app.fieldwork.collectors import collector_code
from app.fieldwork.errors import FieldworkError
from app.fieldwork.models import BackCheck, BackCheckDraw, BackCheckFinding
from app.responses.models import RECEIPT_ALPHABET
from app.responses.services import start_response
from app.surveys.models import Survey
from app.surveys.queries import get_survey_by_slug
from tests.concurrency import at_once
from tests.factories import make_response, make_user, seed_plan

ANSWERS = {"age_band": "25_34", "sex": "female", "heard": "yes", "bdhvs_aware": "no",
           "digital_team_help": "not_needed"}  # fmt: skip
QUESTIONS = ["age_band", "sex", "heard", "bdhvs_aware", "digital_team_help"]


@pytest.fixture
def survey(db, seeded):
    seed_plan()
    db.session.commit()
    return get_survey_by_slug("nguoi-dan-nq57")


def interview(db, survey, collector, *, mode="assisted", submit=True, excluded=False, **changes):
    """An interview in Phường Kon Tum recorded by ``collector``."""
    answers = {**ANSWERS, **changes, "commune": "23293"}
    response = make_response(survey, answers) if submit else start_response(survey)
    response.mode, response.is_excluded = mode, excluded
    response.collector_id = collector.id if collector else None
    db.session.flush()
    return response


def enumerators(n: int):
    return [make_user("enumerator", full_name=f"Điều Tra Viên Số {i}") for i in range(1, n + 1)]


def drawn_ids(db) -> list[int]:
    return list(db.session.scalars(sa.select(BackCheck.response_id).order_by(BackCheck.id)))


# --- the draw ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("interviews", "share", "wanted"), [
    (10, 10, 1), (11, 10, 2), (5, 10, 1), (1, 10, 1), (0, 10, 0), (16, 50, 8), (3, 100, 3),
    (7, 1, 1)])  # fmt: skip
def test_checks_wanted_rounds_up_and_gives_at_least_one(interviews, share, wanted):
    assert checks_wanted(interviews, share) == wanted


def test_pick_is_stratified_by_collector_and_reproducible():
    # enumerators 7, 8 and 9 with 10, 5 and 1 interviews, interleaved in id order
    population = [(i, 7) for i in range(1, 11)] + [(i, 8) for i in range(11, 16)] + [(16, 9)]
    population.sort()
    collector = dict(population)

    picked = pick(population, 10, 42)

    assert sorted(collector[i] for i in picked) == [7, 8, 9]  # 1 / 1 / 1
    assert pick(population, 10, 42) == picked  # same seed, same interviews: same draw
    assert len({tuple(pick(population, 10, seed)) for seed in range(20)}) > 1
    half = pick(population, 50, 42)
    assert [sum(collector[i] == c for i in half) for c in (7, 8, 9)] == [5, 3, 1]


def test_the_draw_takes_completed_kept_assisted_interviews_once(db, survey):
    manager, (a, b, c) = make_user("manager"), enumerators(3)
    kept = {e: [interview(db, survey, e).id for _ in range(n)]
            for e, n in ((a, 10), (b, 5), (c, 1))}  # fmt: skip
    left_out = [interview(db, survey, a, excluded=True).id,
                interview(db, survey, a, mode="self").id,
                interview(db, survey, a, mode="paper").id,
                interview(db, survey, b, submit=False).id]  # fmt: skip

    draw = draw_backchecks(survey, share_percent=10, seed=42, actor=manager)

    assert (draw.share_percent, draw.seed, draw.population, draw.drawn) == (10, 42, 16, 3)
    first = drawn_ids(db)
    assert [sum(i in kept[e] for i in first) for e in (a, b, c)] == [1, 1, 1]
    assert not set(first) & set(left_out)
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "fieldwork.backcheck_draw")
    )
    assert entry.details == {"survey": survey.slug, "share": 10, "seed": 42, "population": 16,
                             "drawn": 3}  # fmt: skip

    # the next draw works on the 13 left: 9 and 4 interviews, 1 check each; c has none left
    again = draw_backchecks(survey, share_percent=10, seed=42, actor=manager)
    assert (again.population, again.drawn) == (13, 2)
    assert len(set(drawn_ids(db))) == 5
    rest = draw_backchecks(survey, share_percent=100, seed=None, actor=manager)
    assert (rest.population, rest.drawn) == (11, 11)
    assert 0 <= rest.seed <= 2_147_483_647
    with pytest.raises(FieldworkError, match="Không còn phỏng vấn có người hỗ trợ nào"):
        draw_backchecks(survey, share_percent=10, seed=1, actor=manager)


def test_the_same_seed_over_the_same_interviews_draws_the_same(db, survey):
    a, b, c = enumerators(3)
    for e, n in ((a, 10), (b, 5), (c, 1)):
        for _ in range(n):
            interview(db, survey, e)
    db.session.commit()
    population = [(r, e) for r, e in db.session.execute(
        sa.text("SELECT id, collector_id FROM responses ORDER BY id"))]  # fmt: skip

    draw_backchecks(survey, share_percent=30, seed=2026, actor=None)
    first = drawn_ids(db)
    db.session.rollback()
    assert drawn_ids(db) == []
    draw_backchecks(survey, share_percent=30, seed=2026, actor=None)

    assert drawn_ids(db) == first == pick(population, 30, 2026)
    assert len(first) == 3 + 2 + 1


def test_an_interview_cannot_be_drawn_by_two_draws(db, survey):
    response = interview(db, survey, None)
    draw_backchecks(survey, share_percent=100, seed=1, actor=None)
    other = BackCheckDraw(survey_id=survey.id, share_percent=100, seed=2, population=1, drawn=1)
    db.session.add(other)
    db.session.flush()

    db.session.add(BackCheck(draw_id=other.id, response_id=response.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_two_managers_drawing_at_once_draw_each_interview_once(app, db, survey):
    team = enumerators(2)
    for e in team:
        for _ in range(4):
            interview(db, survey, e)
    email, url = make_user("manager").email, f"/manage/surveys/{survey.id}/backchecks/draw"
    db.session.commit()
    draw = lambda client: client.post(url, data={"share_percent": "100"})  # noqa: E731
    statuses = at_once(app, email, [draw, draw])

    # one draw takes all 8; the other finds none left (or, without a row lock, clashes)
    assert statuses == [303, 400]
    db.session.expire_all()
    assert sorted(drawn_ids(db)) == sorted(set(drawn_ids(db)))
    assert len(drawn_ids(db)) == 8
    assert db.session.scalar(sa.select(sa.func.count(BackCheckDraw.id))) == 1


@pytest.mark.parametrize(("share", "seed"), [(0, 1), (101, 1), (10, -1), (10, 2_147_483_648)])
def test_the_draw_refuses_a_share_or_seed_out_of_range(db, survey, share, seed):
    interview(db, survey, None)
    with pytest.raises(FieldworkError):
        draw_backchecks(survey, share_percent=share, seed=seed, actor=None)


# --- the questions and the findings ------------------------------------------------------------


def test_the_questions_prefer_required_single_choice_asked_of_everyone():
    def q(code, kind="single_choice", required=True, **extra):
        return {"code": code, "type": kind, "required": required, **extra}

    definition = {"pages": [
        {"code": "p1", "questions": [q("n1", "integer"), q("c_opt", required=False),
                                     q("text", "short_text"), q("multi", "multiple_choice")]},
        {"code": "p2", "show_if": {"question": "c1"}, "questions": [q("c_page")]},
        {"code": "p3", "questions": [q("c1"), q("c_if", show_if={"question": "c1"}),
                                     q("yn", "yes_no"), q("scale", "likert5"), q("c2")]},
    ]}  # fmt: skip

    chosen = [x["code"] for x in backcheck_questions(definition)]

    # the four always-asked choice questions, then the first other choice one, in survey order
    assert chosen == ["c_opt", "c1", "yn", "scale", "c2"]


def test_check_questions_carry_the_recorded_answers(db, survey):
    response = interview(db, survey, None, sex="male")

    questions = check_questions(response)

    assert [q.code for q in questions] == QUESTIONS
    assert [q.recorded for q in questions] == ["25_34", "male", "yes", "no", "not_needed"]
    assert questions[1].text == "Giới tính của Ông/Bà là gì?"
    assert questions[1].label("male") == "Nam"


def drawn_check(db, survey, collector=None, **changes) -> BackCheck:
    response = interview(db, survey, collector, **changes)
    draw_backchecks(survey, share_percent=100, seed=1, actor=None)
    return db.session.scalar(sa.select(BackCheck).where(BackCheck.response_id == response.id))


def test_matching_answers_confirm_and_a_difference_is_a_discrepancy(db, survey):
    supervisor = make_user("manager")
    check = drawn_check(db, survey)

    record_check(check, dict(ANSWERS), note=None, user=supervisor)

    assert check.status == "confirmed"
    assert (check.checked_by_id, check.checked_at is not None) == (supervisor.id, True)
    assert [(f.question_code, f.matches) for f in check.findings] == [(c, True) for c in QUESTIONS]

    record_check(check, {**ANSWERS, "sex": "male"}, note="Hỏi lại qua điện thoại", user=supervisor)

    assert check.status == "discrepancy"
    assert check.note == "Hỏi lại qua điện thoại"
    rows = db.session.scalars(sa.select(BackCheckFinding).order_by(BackCheckFinding.id)).all()
    assert len(rows) == 5  # replaced, not added
    assert [(f.recorded, f.found) for f in rows if not f.matches] == [("female", "male")]
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "fieldwork.backcheck")
        .order_by(AuditEntry.id)).all()[-1]  # fmt: skip
    assert entry.details == {"response": check.response_id, "status": "discrepancy",
                             "differences": 1, "again": True}  # fmt: skip


def test_unreachable_respondents_leave_no_findings(db, survey):
    check = drawn_check(db, survey)

    record_check(check, None, note=None, user=None)

    assert (check.status, check.findings) == ("unreachable", [])


def test_a_check_refuses_the_interviewer_and_unknown_options(db, survey):
    enumerator = make_user("manager")  # a manager who also interviewed
    check = drawn_check(db, survey, enumerator)

    with pytest.raises(FieldworkError, match="Người đã phỏng vấn không phúc tra"):
        record_check(check, dict(ANSWERS), note=None, user=enumerator)
    with pytest.raises(FieldworkError, match="Câu sex chưa có câu trả lời hợp lệ"):
        record_check(check, {**ANSWERS, "sex": "robot"}, note=None, user=None)
    with pytest.raises(FieldworkError, match="Câu heard"):
        record_check(check, {k: v for k, v in ANSWERS.items() if k != "heard"}, note=None,
                     user=None)  # fmt: skip
    assert check.status == "pending"


def test_the_summary_per_enumerator_and_the_log(db, survey):
    a, b, c = enumerators(3)
    interview(db, survey, a)
    interview(db, survey, a, age_band="35_44")
    interview(db, survey, a, excluded=True)  # not counted, not drawn
    interview(db, survey, b)
    interview(db, survey, c)
    draw_backchecks(survey, share_percent=100, seed=5, actor=None)
    checks = {r: ch for ch in db.session.scalars(sa.select(BackCheck)) for r in [ch.response]}
    by_collector = sorted(checks, key=lambda r: (r.collector_id, r.id))
    first_a, second_a, only_b = by_collector[0], by_collector[1], by_collector[2]
    record_check(checks[first_a], dict(ANSWERS), note=None, user=None)
    found = {**ANSWERS, "age_band": "35_44", "heard": "dont_know"}
    record_check(checks[second_a], found, note=None, user=None)
    record_check(checks[only_b], None, note=None, user=None)

    summary = {s.collector_id: s for s in collector_summary(survey.id)}

    rows = [(s.interviews, s.drawn, s.checked, s.unreachable, s.discrepancies)
            for s in (summary[a.id], summary[b.id], summary[c.id])]  # fmt: skip
    assert rows == [(2, 2, 2, 0, 1), (1, 1, 1, 1, 0), (1, 1, 0, 0, 0)]
    assert summary[a.id].discrepancy_rate == pytest.approx(0.5)
    assert summary[b.id].discrepancy_rate is None  # reached nobody
    # the second interview of a recorded 35-44 and "yes": found 35-44 and "don't know"
    log = list_discrepancies(survey.id)
    assert [(d.response_id, d.question.code, d.recorded, d.found) for d in log] == [
        (second_a.id, "heard", "yes", "dont_know")]  # fmt: skip
    assert (log[0].question.label(log[0].recorded), log[0].question.label(log[0].found)) == (
        "Có", "Không biết")  # fmt: skip
    assert (log[0].commune, log[0].collector_id) == ("Phường Kon Tum", a.id)


# --- pseudonymous codes ------------------------------------------------------------------------


def test_collector_codes_are_stable_distinct_and_keyed(app):
    code = collector_code(17)

    assert re.fullmatch(f"ĐTV-[{RECEIPT_ALPHABET}]{{6}}", code)
    assert collector_code(17) == code
    assert len({collector_code(i) for i in range(1, 500)}) == 499
    assert collector_code(None) == ""
    app.config["SECRET_KEY"], key = "another-key", app.config["SECRET_KEY"]
    try:
        assert collector_code(17) != code
    finally:
        app.config["SECRET_KEY"] = key


# --- the pages ---------------------------------------------------------------------------------


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


@pytest.fixture
def manager(db, login):
    user = make_user("manager", full_name="Lê Giám Sát")
    db.session.commit()
    login(user)
    return user


@pytest.fixture
def fieldwork(db, survey):
    """Three enumerators with 10, 5 and 1 assisted interviews."""
    team = enumerators(3)
    for e, n in zip(team, (10, 5, 1), strict=True):
        for _ in range(n):
            interview(db, survey, e)
    db.session.commit()
    return team


def base(survey) -> str:
    return f"/manage/surveys/{survey.id}/backchecks"


def test_the_back_check_page_draws_and_lists_by_code(client, db, manager, survey, fieldwork):
    empty = text(client.get(base(survey)))
    assert '<h1 class="heading-l">Phúc tra phỏng vấn</h1>' in empty
    assert re.search(r'id="share_percent" inputmode="numeric" name="share_percent"[^>]* value="10"',
                     empty)  # fmt: skip
    assert "Chưa chọn phỏng vấn nào để phúc tra." in empty

    response = client.post(base(survey) + "/draw", data={"share_percent": "10", "seed": "42"})

    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert "Đã chọn 3 phỏng vấn để phúc tra; số khởi tạo 42." in page
    assert "Chưa phúc tra (3)" in page
    assert page.count('<span class="tag">Chưa phúc tra</span>') == 3
    for e in fieldwork:
        assert collector_code(e.id) in page
        assert e.full_name not in page
    assert "Lê Giám Sát" in page  # who drew: a manager's name is not hidden


@pytest.mark.parametrize(("data", "message", "kept"), [
    ({"share_percent": "0"}, "Tỷ lệ phúc tra phải từ 1 đến 100", 'value="0"'),
    ({"share_percent": "", "seed": "7"}, "Nhập tỷ lệ phúc tra", 'value="7"'),
    ({"share_percent": "10", "seed": "abc"}, "Nhập một số nguyên từ 0 trở lên", 'value="abc"'),
])  # fmt: skip
def test_a_bad_draw_form_is_shown_again(client, db, manager, survey, fieldwork, data, message,
                                        kept):  # fmt: skip
    response = client.post(base(survey) + "/draw", data=data)

    assert response.status_code == 400
    page = text(response)
    assert "<title>Lỗi: Phúc tra phỏng vấn" in page
    assert message in page
    assert kept in page
    assert db.session.scalar(sa.select(sa.func.count(BackCheck.id))) == 0


def test_a_draw_with_nothing_left_or_a_clash_says_so(client, db, manager, survey, monkeypatch):
    nothing = text(client.post(base(survey) + "/draw", data={"share_percent": "10"}))
    assert "Không còn phỏng vấn có người hỗ trợ nào đã gửi mà chưa được chọn phúc tra." in nothing

    def clash(*_args, **_kwargs):
        raise IntegrityError("INSERT", {}, Exception("unique"))

    monkeypatch.setattr("app.fieldwork.views.quality.draw_backchecks", clash)
    response = client.post(base(survey) + "/draw", data={"share_percent": "10"})
    assert response.status_code == 400
    assert "Một lần chọn khác vừa chọn cùng lúc một số phỏng vấn này. Hãy chọn lại." in text(
        response)  # fmt: skip


def test_checking_an_interview_logs_its_discrepancy(client, db, manager, survey, fieldwork):
    client.post(base(survey) + "/draw", data={"share_percent": "10", "seed": "42"})
    check = db.session.scalars(sa.select(BackCheck).order_by(BackCheck.id)).first()
    enumerator = next(e for e in fieldwork if e.id == check.response.collector_id)
    url = f"{base(survey)}/{check.id}"

    form = text(client.get(url))
    assert f'<h1 class="heading-l">Phúc tra phiếu số {check.response_id}</h1>' in form
    assert "Phường Kon Tum" in form
    assert collector_code(enumerator.id) in form
    assert enumerator.full_name not in form
    assert '<legend class="fieldset__legend">Giới tính của Ông/Bà là gì?</legend>' in form
    assert "Trong phỏng vấn: Nữ" in form

    missing = client.post(url, data={"q_sex": "male"})
    assert missing.status_code == 400
    page = text(missing)
    assert '<a href="#reached-0">Chọn đã liên hệ được với người trả lời hay chưa</a>' in page
    assert 'name="q_sex" type="radio" value="male" checked' in page  # kept

    answers = {f"q_{k}": v for k, v in ANSWERS.items()} | {"q_sex": "male", "reached": "yes"}
    saved = client.post(url, data=answers)
    assert saved.status_code == 303
    assert f"Đã lưu kết quả phúc tra phiếu số {check.response_id}: Có sai lệch." in text(
        client.get(saved.headers["Location"]))  # fmt: skip

    log = text(client.get(base(survey) + "/discrepancies"))
    assert '<h1 class="heading-l">Sổ sai lệch phúc tra</h1>' in log
    assert "1 câu trả lời sai lệch" in log
    assert re.search(r"Giới tính của Ông/Bà là gì\? .*?</td> <td>Nữ</td> <td>Nam</td>", log)
    assert collector_code(enumerator.id) in log
    assert enumerator.full_name not in log
    # per enumerator: 10 interviews, 1 drawn, 1 checked, 0 unreachable, 1 with a discrepancy
    assert re.search(rf'{collector_code(enumerator.id)}</th> <td class="num">\d+</td>'
                     r'<td class="num">1</td> <td class="num">1</td><td class="num">0</td> '
                     r'<td class="num">1</td><td class="num">100%</td>', log)  # fmt: skip


def test_a_check_missing_an_answer_says_which(client, db, manager, survey, fieldwork):
    client.post(base(survey) + "/draw", data={"share_percent": "10", "seed": "42"})
    check = db.session.scalars(sa.select(BackCheck)).first()

    response = client.post(f"{base(survey)}/{check.id}", data={"reached": "yes", "q_sex": "male"})

    assert response.status_code == 400
    assert '<a href="#q_heard-0">Chọn câu trả lời người trả lời nêu khi được hỏi lại</a>' in text(
        response)  # fmt: skip
    unreachable = client.post(f"{base(survey)}/{check.id}", data={"reached": "no"})
    assert unreachable.status_code == 303
    db.session.refresh(check)
    assert check.status == "unreachable"


def test_back_check_pages_are_for_managers_only(client, db, login, survey, fieldwork):
    draw_backchecks(survey, share_percent=10, seed=1, actor=None)
    check = db.session.scalars(sa.select(BackCheck)).first()
    db.session.commit()
    login(fieldwork[0])
    for url in (base(survey), f"{base(survey)}/{check.id}", base(survey) + "/discrepancies"):
        assert client.get(url).status_code == 403
    assert client.post(base(survey) + "/draw", data={"share_percent": "10"}).status_code == 403


def test_a_check_of_another_survey_is_not_found(client, db, manager, survey, fieldwork):
    draw_backchecks(survey, share_percent=10, seed=1, actor=None)
    check = db.session.scalars(sa.select(BackCheck)).first()
    other = db.session.scalars(sa.select(Survey).where(Survey.id != survey.id)).first()
    db.session.commit()

    assert client.get(f"/manage/surveys/{other.id}/backchecks/{check.id}").status_code == 404
    assert client.get(f"{base(survey)}/{check.id + 1000}").status_code == 404
    assert client.get(f"/manage/surveys/{survey.id + 1000}/backchecks").status_code == 404


def test_the_survey_page_links_to_back_checks(client, db, manager, survey):
    page = text(client.get(f"/manage/surveys/{survey.id}"))

    assert f'href="/manage/surveys/{survey.id}/backchecks">Phúc tra phỏng vấn</a>' in page


def test_a_number_said_again_is_read_as_the_interview_read_it(app):
    """ "1.234" is one thousand two hundred and thirty-four in an interview and here too, so
    the same answer is never logged as a discrepancy; a saved "no answer" shows as empty."""
    from types import SimpleNamespace

    from werkzeug.datastructures import MultiDict

    from app.fieldwork.backcheck import CheckQuestion
    from app.fieldwork.backcheck_forms import check_form
    from app.fieldwork.views.quality import _stored

    people = CheckQuestion("people", "number", "Mấy người?", (), "1234")
    sex = CheckQuestion("sex", "option", "Giới tính?", (("male", "Nam"),), "male")
    with app.test_request_context(method="POST"):
        form = check_form(
            [people, sex],
            formdata=MultiDict({"reached": "yes", "q_people": "1.234", "q_sex": "male"}),
            meta={"csrf": False},
        )
        assert form.validate(), form.errors
        assert form.found() == {"people": "1234", "sex": "male"}
        bad = check_form([people], formdata=MultiDict({"reached": "yes", "q_people": "mười"}),
                         meta={"csrf": False})  # fmt: skip
        assert not bad.validate()
        assert bad.q_people.errors == ["Nhập một số, ví dụ 10 hoặc 2,5"]
    findings = [SimpleNamespace(question_code="people", found=""),
                SimpleNamespace(question_code="sex", found="")]  # fmt: skip
    stored = _stored(
        SimpleNamespace(status="confirmed", note=None, findings=findings), [people, sex]
    )
    assert stored["q_people"] is None
    assert stored["q_sex"] == "_none"
