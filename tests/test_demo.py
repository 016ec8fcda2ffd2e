"""`flask demo`: accounts, links and synthetic responses answered through the real service."""

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.auth.models import User
from app.db import utcnow
from app.demo import DEMO_DOMAIN, add_demo_data
from app.demo_answers import Respondent, answer_for
from app.responses.answers import OTHER
from app.responses.models import Answer, Link, Response
from app.responses.services import stored_answers
from app.surveys.files import seed_builtin_surveys
from app.surveys.logic import visible_pages, visible_questions
from app.surveys.models import Survey
from app.units.models import COMMUNE_KINDS, Unit

SCALE = 0.05  # 60 citizen responses instead of 1,200: the same paths, a fraction of the time


def surveys(db) -> dict[str, Survey]:
    return {s.audience: s for s in db.session.scalars(sa.select(Survey))}


def responses(db, survey: Survey) -> list[Response]:
    return list(db.session.scalars(sa.select(Response).where(Response.survey_id == survey.id)))


def chosen(response: Response, code: str) -> list[str]:
    return [a.option_code for a in response.answers if a.question_code == code]


def test_demo_fills_every_builtin_survey_through_the_service(db, seeded):
    """One run (it is the slow part) checked from every side, then run again."""
    seed_builtin_surveys()  # as `flask seed` does
    db.session.commit()
    summary = add_demo_data(None, scale=SCALE)
    db.session.commit()
    assert "103 responses submitted (citizen 60, staff 7, enterprise 30, research 6)" in summary
    by_audience = surveys(db)
    assert set(by_audience) == {"citizen", "staff", "enterprise", "research"}
    check_citizens(db, by_audience["citizen"])
    check_staff(db, by_audience["staff"])
    check_invitations(db, by_audience["enterprise"], by_audience["research"])
    check_dates_and_link_counters(db)
    check_answers_follow_the_definitions(db)

    def totals():
        count = sa.func.count
        return (db.session.scalar(sa.select(count(Response.id))),
                db.session.scalar(sa.select(count(Link.id))),
                db.session.scalar(sa.select(count(Answer.id))))  # fmt: skip

    before = totals()
    again = add_demo_data(None, scale=SCALE)
    db.session.commit()
    assert "Demo: 0 accounts created" in again
    assert "responses" not in again
    assert totals() == before


def check_citizens(db, survey: Survey) -> None:
    citizens = responses(db, survey)
    assert len(citizens) == 60
    assert all(r.status == "complete" and r.commune_id is not None for r in citizens)
    heard = Counter(chosen(r, "heard")[0] for r in citizens)
    assert 0.55 < heard["yes"] / len(citizens) < 0.9
    assert heard["no"] + heard["dont_know"] > 0
    for response in citizens:
        grassroots = chosen(response, "channels_grassroots")
        assert bool(grassroots) == (chosen(response, "heard") == ["yes"])  # show-if respected
        assert len(grassroots) == 1 or not {"none", "dont_know"} & set(grassroots)
    communes = db.session.scalar(
        sa.select(sa.func.count(Unit.id)).where(Unit.kind.in_(COMMUNE_KINDS))
    )
    reached = {r.commune_id for r in citizens}
    assert 20 < len(reached) < communes  # spread, yet some communes have none
    posters = db.session.scalars(
        sa.select(Link).where(Link.survey_id == survey.id, Link.channel == "poster")
    ).all()
    assert len(posters) == communes
    assert all(link.commune_id for link in posters)
    assert {r.link.channel for r in citizens} >= {"poster", "zalo"}


def check_staff(db, survey: Survey) -> None:
    staff = responses(db, survey)
    staff_users = db.session.scalars(
        sa.select(User.id).where(User.role == "staff", User.email.like(f"%@{DEMO_DOMAIN}"))
    ).all()
    assert all(r.status == "complete" for r in staff)
    assert len({r.user_id for r in staff}) == len(staff)
    assert {r.user_id for r in staff} < set(staff_users)  # most, not all, have answered
    assert len({r.unit_id for r in staff}) > 1


def check_invitations(db, enterprise: Survey, research: Survey) -> None:
    enterprises = responses(db, enterprise)
    invitations = db.session.scalars(sa.select(Link).where(Link.survey_id == enterprise.id)).all()
    assert len(invitations) == 40
    assert all(link.kind == "invitation" and link.organisation for link in invitations)
    assert all(r.invitation_link_id == r.link_id is not None for r in enterprises)
    assert len({r.link_id for r in enterprises}) == len(enterprises)
    assert sum(r.status == "complete" for r in enterprises) == 30
    assert sum(r.status == "complete" for r in responses(db, research)) == 6


def check_dates_and_link_counters(db) -> None:
    complete = db.session.scalars(sa.select(Response).where(Response.status == "complete")).all()
    dates = [r.submitted_at for r in complete]
    assert max(dates) - min(dates) > timedelta(days=183)  # two half-year periods have data
    assert max(dates) <= utcnow()
    assert all(r.started_at < r.submitted_at for r in complete)
    per_link = Counter(r.link_id for r in complete if r.link_id is not None)
    started = Counter(
        db.session.scalars(sa.select(Response.link_id).where(Response.link_id.is_not(None)))
    )
    for link in db.session.scalars(sa.select(Link)):
        assert link.completes == per_link[link.id], link.label
        assert link.starts == started[link.id], link.label
        assert link.visits >= link.starts


def check_answers_follow_the_definitions(db) -> None:
    """Every complete response is one the form itself would have accepted."""
    communes = set(db.session.scalars(sa.select(Unit.code).where(Unit.kind.in_(COMMUNE_KINDS))))
    complete = db.session.scalars(sa.select(Response).where(Response.status == "complete")).all()
    for response in complete:
        answers = stored_answers(response)
        definition = response.version.definition
        shown = {q["code"]: q for page in visible_pages(definition, answers)
                 for q in visible_questions(page, answers)}  # fmt: skip
        rows: dict[str, list[Answer]] = defaultdict(list)
        for answer in response.answers:
            rows[answer.question_code].append(answer)
        assert set(rows) <= set(shown)
        required = {c for c, q in shown.items() if q.get("required") and q["type"] != "note"}
        assert required <= set(rows)
        for code, answered in rows.items():
            check_answer(shown[code], answered, communes)


def check_answer(question: dict, rows: list[Answer], communes: set[str]) -> None:
    kind, options = question["type"], {o["code"] for o in question.get("options", [])}
    codes = [a.option_code for a in rows]
    if question.get("other"):
        options.add(OTHER)
    assert all(bool(a.text) == (a.option_code == OTHER) for a in rows if a.option_code)
    if kind == "multiple_choice":
        exclusive = {o["code"] for o in question["options"] if o.get("exclusive")}
        assert set(codes) <= options
        assert len(set(codes)) == len(codes) >= 1
        assert len(codes) == 1 or not exclusive & set(codes), question["code"]
        assert len(codes) >= (question.get("min_choices") or 1)
        assert len(codes) <= (question.get("max_choices") or len(options))
    elif kind in {"single_choice", "yes_no", "likert5"}:
        assert len(codes) == 1, question["code"]
        assert codes[0] in options, question["code"]
    elif kind == "commune":
        assert len(codes) == 1
        assert codes[0] in communes
    elif kind == "consent":
        assert codes == ["yes"]
    elif kind == "integer":
        (row,) = rows
        assert row.number == int(row.number)
        assert question.get("min", row.number) <= row.number <= question.get("max", row.number)
    else:
        assert all(a.text for a in rows), question["code"]


def test_generated_answers_respect_limits_and_types():
    """Question types and limits the built-in surveys do not use yet."""
    options = [{"code": c} for c in ("a", "b", "c", "d")] + [{"code": "x", "exclusive": True}]
    questions = [
        {"code": "pick", "type": "multiple_choice", "required": True, "options": options,
         "min_choices": 2, "max_choices": 3},
        {"code": "grid", "type": "likert_matrix", "required": True,
         "items": [{"code": "i1"}, {"code": "i2"}], "options": [{"code": "1"}, {"code": "2"}]},
        {"code": "score", "type": "rating10", "required": True},
        {"code": "area", "type": "decimal", "required": True, "min": 0.5, "max": 3},
        {"code": "since", "type": "date", "required": True, "min_date": "2024-01-01",
         "max_date": "2024-12-31"},
    ]  # fmt: skip
    rng = random.Random(1)  # noqa: S311 - reproducible, not secret
    person = Respondent(rng, "citizen", tweaks={"pick": {"x": 0.2}})
    seen_exclusive = False
    for _ in range(200):
        picked = {q["code"]: answer_for(q, person)[0] for q in questions}
        if picked["pick"] == ["x"]:
            seen_exclusive = True
        else:
            assert 2 <= len(picked["pick"]) <= 3
            assert "x" not in picked["pick"]
        assert set(picked["grid"]) == {"i1", "i2"}
        assert set(picked["grid"].values()) <= {"1", "2"}
        assert isinstance(picked["score"], int)
        assert 0 <= picked["score"] <= 10
        assert isinstance(picked["area"], Decimal)
        assert Decimal("0.5") <= picked["area"] <= 3
        assert isinstance(picked["since"], date)
        assert date(2024, 1, 1) <= picked["since"] <= date(2024, 12, 31)
    assert seen_exclusive
