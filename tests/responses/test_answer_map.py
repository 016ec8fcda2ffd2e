"""Each response's answer map: built from its answer rows, kept in step by saving and
submitting, and filled for existing responses by the migration that added it."""

import importlib.util
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa

from app.responses.answer_map import build_answer_map, number_text
from app.responses.answers import OTHER, PageAnswers
from app.responses.models import Response
from app.responses.services import save_page, start_response, submit_response
from app.surveys.queries import get_survey_by_slug
from tests.factories import make_response, seed_plan

TYPES = {"one": "single_choice", "many": "multiple_choice", "grid": "likert_matrix",
         "n": "decimal", "day": "date", "note": "long_text", "ok": "consent"}  # fmt: skip


def row(question, option=None, item=None, number=None, text=None, day=None):
    return SimpleNamespace(question_code=question, option_code=option, item_code=item,
                           number=number, text=text, date_value=day)  # fmt: skip


def test_every_kind_of_answer_has_its_keys():
    answers = [
        row("one", OTHER, text="Loa ở chợ"), row("many", "ai"), row("many", OTHER, text="X"),
        row("grid", "4", item="speed"), row("n", number=Decimal("2.5000")),
        row("day", day=date(2026, 5, 18)), row("note", text="Dòng một\r\nDòng hai"),
        row("ok", "yes"), row("gone", "b"),
    ]  # fmt: skip
    assert build_answer_map(TYPES, answers) == {
        "one": OTHER, "one._other": "Loa ở chợ",
        "many": 2, "many.ai": 1, f"many.{OTHER}": 1, "many._other": "X",
        "grid.speed": "4", "n": "2.5", "day": "2026-05-18", "note": "Dòng một\nDòng hai",
        "ok": 1, "gone": "b",
    }  # fmt: skip


def test_numbers_lose_trailing_zeros_but_never_become_exponents():
    cases = {"3.0000": "3", "100": "100", "-0.2500": "-0.25", "0.0000": "0", "-0": "0",
             "12345678901234.5000": "12345678901234.5"}  # fmt: skip
    assert {k: number_text(Decimal(k)) for k in cases} == cases


def test_saving_and_submitting_keep_the_map_in_step_with_the_rows(db, seeded):
    seed_plan()
    survey = get_survey_by_slug("nguoi-dan-nq57")
    questions = {q["code"]: q for p in survey.latest_version.definition["pages"]
                 for q in p["questions"]}  # fmt: skip
    response = start_response(survey)
    save_page(response, [questions["heard"]], PageAnswers(values={"heard": "yes"}))
    save_page(response, [questions["channels_grassroots"]],
              PageAnswers(values={"channels_grassroots": ["loudspeaker", "meeting"]}))  # fmt: skip
    db.session.commit()
    assert response.answer_map == {"heard": "yes", "channels_grassroots": 2,
                                   "channels_grassroots.loudspeaker": 1,
                                   "channels_grassroots.meeting": 1}  # fmt: skip
    # Changing the first answer hides the channels: submission drops them from both forms.
    save_page(response, [questions["heard"]], PageAnswers(values={"heard": "no"}))
    submit_response(response)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Response, response.id)
    assert stored.answer_map == {"heard": "no"}
    assert {a.question_code for a in stored.answers} == {"heard"}


def test_the_migration_fills_the_maps_of_existing_responses(db, seeded):
    seed_plan()
    survey = get_survey_by_slug("nguoi-dan-nq57")
    made = [
        make_response(survey, {"heard": "yes", "channels_grassroots": ["loudspeaker"],
                               "commune": "21034", "usefulness": "4"}),
        make_response(survey, {"heard": "no", "topics": ["ai", OTHER]}),
    ]  # fmt: skip
    db.session.commit()
    expected = {r.id: dict(r.answer_map) for r in made}
    db.session.execute(sa.update(Response).values(answer_map={}))
    path = next(Path("migrations/versions").glob("*_add_answer_maps_to_responses.py"))
    spec = importlib.util.spec_from_file_location("answer_map_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration._fill_maps(db.session.connection())
    db.session.commit()
    db.session.expire_all()
    assert {r.id: r.answer_map for r in db.session.scalars(sa.select(Response))} == expected
