"""parse_definition reports every problem with its place: page, question, then the message."""

import json

import pytest

from app.surveys.definition import DefinitionInvalidError, parse_definition
from tests.surveys.helpers import CHOICES, SCALE, YES_NO, definition, question

pytestmark = pytest.mark.usefixtures("app")  # the messages are translated strings


def errors_of(raw) -> list[str]:
    with pytest.raises(DefinitionInvalidError) as caught:
        parse_definition(raw)
    return [str(e) for e in caught.value.errors]


def two_pages(first: list[dict], second: list[dict]) -> dict:
    return definition(first, second)


def one(kind: str, **extra) -> dict:
    """A definition of one question `a` of ``kind``."""
    return definition([question("a", kind, **extra)])


BAD_CODE = "phải bắt đầu bằng chữ thường, chỉ gồm a-z, 0-9 và _"


# --- located errors ---------------------------------------------------------------------------


def test_duplicate_option_code_is_located_by_page_and_question():
    dup = [*CHOICES, {"code": "zalo", "label": "Zalo lần nữa"}]
    raw = two_pages([question("a")], [question("aware_channels", "multiple_choice", options=dup)])

    with pytest.raises(DefinitionInvalidError) as caught:
        parse_definition(raw)
    (error,) = caught.value.errors
    assert (error.page, error.question) == (2, "aware_channels")
    assert str(error) == "trang 2, câu hỏi `aware_channels`: mã phương án `zalo` bị lặp"
    assert str(caught.value) == str(error)


def test_duplicate_question_and_page_codes_are_refused():
    raw = two_pages([question("a")], [question("a")])
    raw["pages"][1]["code"] = "p1"
    assert errors_of(raw) == [
        "trang 2: mã trang `p1` bị lặp",
        "trang 2, câu hỏi `a`: mã câu hỏi `a` bị lặp",
    ]
    assert errors_of(definition([question("b"), question("b")])) == [
        "trang 1, câu hỏi `b`: mã câu hỏi `b` bị lặp"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (definition([question("Bad")]), f"trang 1: mã `Bad` {BAD_CODE}"),
        (definition([question("1st")]), f"trang 1: mã `1st` {BAD_CODE}"),
        (one("single_choice", options=[*CHOICES, {"code": "Zalo!", "label": "Z"}]),
         "trang 1, câu hỏi `a`: mã phương án `Zalo!` chỉ gồm a-z, 0-9 và _"),
        (one("likert_matrix", options=SCALE, items=[{"code": "1x", "label": "M"}]),
         f"trang 1, câu hỏi `a`: mã `1x` {BAD_CODE}"),
    ],
)  # fmt: skip
def test_bad_codes_are_refused(raw, message):
    assert errors_of(raw) == [message]


def test_unknown_type_and_unknown_keys_are_refused():
    raw = definition([question("a", "slider"), question("b", colour="red")], theme="dark")
    raw["pages"][0]["layout"] = "grid"
    assert errors_of(raw) == [
        "trường không được hỗ trợ: theme",
        "trang 1: trường không được hỗ trợ: layout",
        "trang 1, câu hỏi `a`: loại câu hỏi `slider` không được hỗ trợ",
        "trang 1, câu hỏi `b`: trường không được hỗ trợ: colour",
    ]


def test_type_specific_keys_are_unknown_on_other_types():
    assert errors_of(definition([question("a", "short_text", min=1)])) == [
        "trang 1, câu hỏi `a`: trường không được hỗ trợ: min"
    ]


# --- show-if ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"question": "later", "any_of": ["yes"]},
         "điều kiện hiển thị dựa vào câu hỏi không có hoặc ở sau: `later`"),
        ({"question": "same", "any_of": ["yes"]},
         "điều kiện hiển thị phải dựa vào câu hỏi ở trang trước: `same`"),
        ({"question": "ghost", "any_of": ["yes"]},
         "điều kiện hiển thị dựa vào câu hỏi không có hoặc ở sau: `ghost`"),
    ],
)  # fmt: skip
def test_show_if_must_refer_to_an_earlier_page(condition, message):
    raw = two_pages(
        [question("same", "yes_no", options=YES_NO), question("a", show_if=condition)],
        [question("later", "yes_no", options=YES_NO)],
    )
    assert errors_of(raw) == [f"trang 1, câu hỏi `a`: {message}"]


def test_show_if_any_of_needs_existing_options():
    raw = two_pages(
        [question("channel", "single_choice", options=CHOICES), question("n", "integer")],
        [question("a", show_if={"question": "channel", "any_of": ["zalo", "facebook"]}),
         question("b", show_if={"question": "n", "any_of": ["1"]}),
         question("c", show_if={"question": "channel", "any_of": []})],
    )  # fmt: skip
    assert errors_of(raw) == [
        "trang 2, câu hỏi `a`: câu hỏi `channel` không có phương án `facebook`",
        "trang 2, câu hỏi `b`: câu hỏi `n` không có phương án để so sánh",
        "trang 2, câu hỏi `c`: điều kiện hiển thị cần ít nhất một phương án",
    ]


def test_show_if_range_only_on_number_questions():
    raw = two_pages(
        [question("name"), question("n", "decimal")],
        [question("a", show_if={"question": "name", "min": 1}),
         question("b", show_if={"question": "n", "min": 5, "max": 1}),
         question("c", show_if={"question": "n"})],
    )  # fmt: skip
    assert errors_of(raw) == [
        "trang 2, câu hỏi `a`: điều kiện theo khoảng số chỉ dùng cho câu hỏi số: `name`",
        "trang 2, câu hỏi `b`: min phải nhỏ hơn hoặc bằng max",
        "trang 2, câu hỏi `c`: điều kiện hiển thị cần any_of, hoặc min/max",
    ]


@pytest.mark.parametrize("any_of", [5, [["zalo"]]])
def test_show_if_any_of_that_is_not_a_list_of_codes_is_a_located_error(any_of):
    raw = two_pages([question("channel", "single_choice", options=CHOICES)],
                    [question("a", show_if={"question": "channel", "any_of": any_of})])  # fmt: skip
    assert errors_of(raw)[0].startswith("trang 2, câu hỏi `a`: ")


# --- fixed options and limits -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options", "codes"),
    [
        ("yes_no", [{"code": "y", "label": "Có"}, {"code": "n", "label": "Không"}], "yes, no"),
        ("yes_no", list(reversed(YES_NO)), "yes, no"),
        ("likert5", SCALE[:4], "1, 2, 3, 4, 5"),
        ("likert_matrix", [{"code": str(n), "label": "M"} for n in range(5)], "1, 2, 3, 4, 5"),
    ],
)
def test_fixed_option_types_need_exactly_their_codes(kind, options, codes):
    items = {"items": [{"code": "i", "label": "I"}]} if kind == "likert_matrix" else {}
    raw = one(kind, options=options, **items)
    assert errors_of(raw) == [
        f"trang 1, câu hỏi `a`: loại câu hỏi này phải có đúng các mã phương án: {codes}"
    ]


@pytest.mark.parametrize(
    ("q", "messages"),
    [
        (question("a", "integer", min=10, max=1), ["min phải nhỏ hơn hoặc bằng max"]),
        (question("a", "integer", min=1.5), ["`1.5` phải là số nguyên"]),
        (question("a", "decimal", min="1"), ["`1` không phải là số"]),
        (question("a", "multiple_choice", options=CHOICES, min_choices=2, max_choices=1),
         ["min_choices phải nhỏ hơn hoặc bằng max_choices"]),
        (question("a", "multiple_choice", options=CHOICES, max_choices=3),
         ["max_choices phải từ 1 đến số phương án"]),
        (question("a", "date", min_date="2026-05-01", max_date="2026-01-01"),
         ["min_date phải trước hoặc bằng max_date"]),
        (question("a", "date", min_date="01/05/2026"),
         ["`01/05/2026` không phải là ngày dạng YYYY-MM-DD"]),
        (question("a", "long_text", max_length=0), ["max_length phải từ 1 đến 10000"]),
        (question("a", "single_choice", options=CHOICES[:1]), ["cần ít nhất hai phương án"]),
        (question("a", "note", required=True), ["đoạn thông tin không thể bắt buộc"]),
        (question("a", "yes_no", options=YES_NO, other=True),
         ["loại câu hỏi này không có lựa chọn 'Khác, ghi rõ'"]),
        (question("a", "likert_matrix", options=SCALE, items=[]),
         ["bảng cần ít nhất một nhận định"]),
    ],
)  # fmt: skip
def test_limits_are_checked(q, messages):
    assert errors_of(definition([q])) == [f"trang 1, câu hỏi `a`: {m}" for m in messages]


@pytest.mark.parametrize("literal", ["Infinity", "NaN"])
def test_non_finite_numbers_are_a_located_error(literal):
    text = json.dumps(definition([question("n", "integer", min=12345)]))
    raw = json.loads(text.replace("12345", literal))  # json.loads, like read_document, takes these
    assert errors_of(raw)[0].startswith("trang 1, câu hỏi `n`: ")


def test_every_problem_is_listed_not_only_the_first():
    raw = definition([question("a", "foo"), question("b", "integer", min=3, max=1)],
                     [question("a")])  # fmt: skip
    assert errors_of(raw) == [
        "trang 1, câu hỏi `a`: loại câu hỏi `foo` không được hỗ trợ",
        "trang 1, câu hỏi `b`: min phải nhỏ hơn hoặc bằng max",
        "trang 2, câu hỏi `a`: mã câu hỏi `a` bị lặp",
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "định nghĩa phải là một đối tượng JSON"),
        ({"title": "T", "pages": []}, "khảo sát cần ít nhất một trang"),
        ({"title": "T", "pages": [{"code": "p", "title": "P", "questions": []}]},
         "trang 1: trang cần ít nhất một câu hỏi"),
    ],
)  # fmt: skip
def test_the_shape_is_checked(raw, message):
    assert errors_of(raw) == [message]
