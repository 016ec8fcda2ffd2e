"""Show-if evaluation on the server."""

import pytest

from app.surveys.logic import condition_met, visible_pages, visible_questions

DEFINITION = {
    "pages": [
        {"code": "p1", "questions": [{"code": "heard", "type": "single_choice"},
                                     {"code": "age", "type": "integer"}]},
        {"code": "p2", "show_if": {"question": "heard", "any_of": ["yes"]},
         "questions": [{"code": "channels", "type": "multiple_choice"}]},
        {"code": "p3", "questions": [
            {"code": "senior", "type": "yes_no", "show_if": {"question": "age", "min": 60}},
            {"code": "loud", "type": "yes_no",
             "show_if": {"question": "channels", "any_of": ["loudspeaker"]}}]},
        {"code": "p4", "questions": [{"code": "mode", "type": "single_choice"}]},
    ]
}  # fmt: skip


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        (None, {}, True),
        ({"question": "heard", "any_of": ["yes"]}, {"heard": "yes"}, True),
        ({"question": "heard", "any_of": ["yes"]}, {"heard": "no"}, False),
        ({"question": "heard", "any_of": ["yes"]}, {}, False),
        ({"question": "c", "any_of": ["zalo", "tv"]}, {"c": ["radio", "tv"]}, True),
        ({"question": "c", "any_of": ["zalo"]}, {"c": []}, False),
        ({"question": "n", "min": 5, "max": 10}, {"n": 5}, True),
        ({"question": "n", "min": 5, "max": 10}, {"n": 10.5}, False),
        ({"question": "n", "min": 5}, {"n": "7"}, True),
        ({"question": "n", "max": 5}, {"n": "abc"}, False),
    ],
)
def test_condition_met(condition, answers, expected):
    assert condition_met(condition, answers) is expected


def codes(pages):
    return [p["code"] for p in pages]


def test_pages_follow_the_answers_given():
    assert codes(visible_pages(DEFINITION, {})) == ["p1", "p4"]
    assert codes(visible_pages(DEFINITION, {"heard": "yes"})) == ["p1", "p2", "p4"]
    assert codes(visible_pages(DEFINITION, {"heard": "no", "age": 70})) == ["p1", "p3", "p4"]


def test_questions_on_a_page_follow_the_answers_given():
    page = DEFINITION["pages"][2]
    answers = {"age": 30, "channels": ["loudspeaker"]}
    assert [q["code"] for q in visible_questions(page, answers)] == ["loud"]


def test_an_answer_on_a_hidden_page_does_not_keep_its_dependants_visible():
    definition = {"pages": [
        {"code": "a", "questions": [{"code": "qa", "type": "yes_no"}]},
        {"code": "b", "show_if": {"question": "qa", "any_of": ["yes"]},
         "questions": [{"code": "qb", "type": "yes_no"}]},
        {"code": "c", "show_if": {"question": "qb", "any_of": ["yes"]},
         "questions": [{"code": "qc", "type": "yes_no"}]},
    ]}  # fmt: skip
    assert codes(visible_pages(definition, {"qa": "yes", "qb": "yes"})) == ["a", "b", "c"]
    assert codes(visible_pages(definition, {"qa": "no", "qb": "yes"})) == ["a"]
