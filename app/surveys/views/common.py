"""Helpers shared by the survey views."""

from flask import abort
from flask_babel import gettext as _
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


def question_choices(questions: list[dict], none_label, current: dict | None = None) -> list:
    """Choices for a show-if select: earlier questions by code and Vietnamese text.

    A stored condition on a question that is no longer earlier stays selectable, marked,
    so saving a title never drops it silently; publishing then names the problem.
    """
    choices = [SelectChoice("", none_label)] + [
        SelectChoice(q["code"], f"{q['code']}: {q.get('text', {}).get('vi', '')[:60]}")
        for q in questions
        if q["type"] not in {"note", "consent"}
    ]
    target = (current or {}).get("show_if", {}).get("question")
    if target and target not in {c.value for c in choices}:
        choices.append(SelectChoice(target, _("%(code)s (không ở trang trước)", code=target)))
    return choices
