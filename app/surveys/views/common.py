"""Helpers shared by the survey views."""

from flask import abort
from wtforms import SelectChoice

from app.surveys.queries import get_survey
from app.units.queries import list_department_units


def survey_or_404(survey_id: int):
    survey = get_survey(survey_id)
    if survey is None:
        abort(404)
    return survey


def unit_choices(none_label) -> list[SelectChoice]:
    return [SelectChoice(0, none_label)] + [
        SelectChoice(u.id, u.name) for u in list_department_units()
    ]


def question_choices(questions: list[dict], none_label) -> list[SelectChoice]:
    """Choices for a show-if select: earlier questions by code and Vietnamese text."""
    return [SelectChoice("", none_label)] + [
        SelectChoice(q["code"], f"{q['code']}: {q.get('text', {}).get('vi', '')[:60]}")
        for q in questions
        if q["type"] not in {"note", "consent"}
    ]
