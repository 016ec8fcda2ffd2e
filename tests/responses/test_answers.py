"""Reading posted answers, type by type: typed values, or one clear message per question."""

from datetime import date
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from app.responses.answers import OTHER, parse_number, read_page
from app.surveys.types import QUESTION_TYPES

CHOICES = [{"code": "zalo", "label": {"vi": "Zalo"}}, {"code": "loa", "label": {"vi": "Loa"}},
           {"code": "none", "label": {"vi": "Không"}, "exclusive": True}]  # fmt: skip


def q(code, kind, **kw):
    return {"code": code, "type": kind, "text": {"vi": code}, "required": True, **kw}


def read(question, pairs, communes=None):
    return read_page([question], MultiDict(pairs), communes)


def test_every_answerable_type_has_a_reader():
    from app.responses.answers import READERS

    assert set(QUESTION_TYPES) - set(READERS) == {"note"}


@pytest.mark.parametrize(
    ("question", "pairs", "value"),
    [
        (q("a", "single_choice", options=CHOICES), [("q_a", "zalo")], "zalo"),
        (q("a", "multiple_choice", options=CHOICES), [("q_a", "zalo"), ("q_a", "loa")],
         ["zalo", "loa"]),
        (q("a", "rating10"), [("q_a", "10")], 10),
        (q("a", "integer", min=1, max=10000), [("q_a", "1.234")], 1234),
        (q("a", "decimal"), [("q_a", "2,5")], Decimal("2.5")),
        (q("a", "short_text", max_length=10), [("q_a", " Xin chào ")], "Xin chào"),
        (q("a", "date"), [("q_a_day", "27"), ("q_a_month", "3"), ("q_a_year", "2025")],
         date(2025, 3, 27)),
        (q("a", "likert_matrix", items=[{"code": "x"}, {"code": "y"}],
           options=[{"code": str(i)} for i in range(1, 6)]),
         [("q_a__x", "5"), ("q_a__y", "1")], {"x": "5", "y": "1"}),
        (q("a", "commune"), [("q_a", "21211")], "21211"),
        (q("a", "consent"), [("q_a", "yes")], True),
    ],
)  # fmt: skip
def test_valid_answers_are_typed(question, pairs, value):
    result = read(question, pairs, communes={"21211"})
    assert result.errors == {}
    assert result.values == {"a": value}


@pytest.mark.parametrize(
    ("question", "pairs", "message"),
    [
        (q("a", "single_choice", options=CHOICES), [], "Chọn một phương án trả lời"),
        (q("a", "single_choice", options=CHOICES), [("q_a", "hack")],
         "Chọn một trong các phương án có sẵn"),
        (q("a", "multiple_choice", options=CHOICES), [("q_a", "zalo"), ("q_a", "none")],
         "Phương án này không chọn cùng các phương án khác"),
        (q("a", "multiple_choice", options=CHOICES, max_choices=1),
         [("q_a", "zalo"), ("q_a", "loa")], "Chọn nhiều nhất 1 phương án"),
        (q("a", "integer", min=1, max=10000), [("q_a", "10001")], "Số phải từ 1 đến 10.000"),
        (q("a", "integer"), [("q_a", "1,5")], "Nhập một số nguyên, ví dụ 12"),
        (q("a", "rating10"), [("q_a", "11")], "Số phải từ 0 đến 10"),
        (q("a", "short_text", max_length=5), [("q_a", "quá dài rồi")],
         "Câu trả lời phải có tối đa 5 ký tự"),
        (q("a", "short_text"), [("q_a", "a\x00b")], "Câu trả lời có ký tự không hợp lệ"),
        (q("a", "date"), [("q_a_day", "27"), ("q_a_year", "2025")], "Ngày phải có tháng"),
        (q("a", "date"), [("q_a_day", "31"), ("q_a_month", "2"), ("q_a_year", "2025")],
         "Ngày phải là ngày có thật"),
        (q("a", "commune"), [("q_a", "99999")], "Chọn xã, phường trong danh sách"),
        (q("a", "consent"), [], "Đánh dấu vào ô 'Tôi đồng ý tham gia khảo sát' để bắt đầu"),
        (q("a", "likert_matrix", items=[{"code": "x"}, {"code": "y"}],
           options=[{"code": str(i)} for i in range(1, 6)]), [("q_a__x", "5")],
         "Chọn một mức cho mỗi nhận định"),
    ],
)  # fmt: skip
def test_wrong_answers_get_one_clear_message(app, question, pairs, message):
    with app.test_request_context():
        result = read(question, pairs, communes={"21211"})
    assert result.errors["a"] == message
    assert "a" not in result.values


def test_optional_questions_may_be_left_empty():
    result = read(q("a", "short_text", required=False), [])
    assert (result.values, result.errors) == ({}, {})


@pytest.mark.parametrize(
    ("pairs", "errors", "other"),
    [
        ([("q_a", OTHER), ("q_a_other", "Loa thôn")], set(), {"a": "Loa thôn"}),
        ([("q_a", OTHER)], {"a", "a_other"}, {}),
        ([("q_a", "zalo"), ("q_a_other", "Loa thôn")], {"a"}, {}),
    ],
)
def test_other_please_specify_needs_both_the_tick_and_the_text(app, pairs, errors, other):
    question = q("a", "single_choice", options=CHOICES, other=True)
    with app.test_request_context():
        result = read(question, pairs)
    assert set(result.errors) == errors
    assert result.other == other


@pytest.mark.parametrize(
    ("raw", "whole", "expected"),
    [("1.234", True, 1234), ("1 234", True, 1234), ("12", True, 12), ("-3", True, -3),
     ("2,5", False, Decimal("2.5")), ("1.234,5", False, Decimal("1234.5")), ("2.5", False,
     Decimal("2.5")), ("abc", False, None), ("1e9", False, None), ("2,5", True, None)],
)  # fmt: skip
def test_numbers_are_read_as_people_type_them(raw, whole, expected):
    assert parse_number(raw, whole=whole) == expected
