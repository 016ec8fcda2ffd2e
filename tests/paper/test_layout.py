"""The printable layout of a definition, checked as plain data (no PDF is rendered)."""

import pytest

from app.paper.blocks import Text
from app.paper.layout import build_questionnaire
from app.paper.services import interface_locale
from app.paper.skips import number_list
from app.surveys.definition import parse_definition
from tests.paper.fixtures import GIA_RAI, every_type_definition


def build(definition: dict, language: str = "vi"):
    with interface_locale(language):
        return build_questionnaire(definition, language)


def blocks_of(form) -> dict:
    return {b.code: b for s in form.sections for b in s.blocks}


@pytest.fixture
def blocks(app) -> dict:
    return blocks_of(build(every_type_definition()))


def test_questions_are_numbered_across_pages_without_notes_and_consent(app):
    form = build(every_type_definition())

    numbers = {b.code: b.number for s in form.sections for b in s.blocks}
    assert numbers == {
        "consent": None, "intro": None, "commune": 1, "heard": 2, "age": 3, "channels": 4,
        "useful": 5, "adult": 6, "score": 7, "matrix": 8, "income": 9, "staff": 10,
        "trained_on": 11, "name_it": 12, "ideas": 13,
    }  # fmt: skip
    assert form.question_count == 13
    assert [s.title.value for s in form.sections] == ["Bắt đầu", "Kênh thông tin", "Ý kiến"]
    assert form.title == Text("Khảo sát thử mọi loại câu hỏi", "vi")


def test_each_type_becomes_its_kind_of_block(blocks):
    kinds = {code: b.kind for code, b in blocks.items()}
    assert kinds == {
        "consent": "consent", "intro": "note", "commune": "commune", "heard": "choices",
        "age": "number", "channels": "choices", "useful": "scale", "adult": "scale",
        "score": "rating", "matrix": "matrix", "income": "number", "staff": "number",
        "trained_on": "date", "name_it": "text", "ideas": "text",
    }  # fmt: skip


def test_a_page_condition_is_written_on_each_of_its_questions(blocks):
    assert blocks["channels"].conditions == ("(Chỉ trả lời nếu câu 2 chọn “Có”)",)
    assert blocks["useful"].conditions == ("(Chỉ trả lời nếu câu 2 chọn “Có”)",)
    assert blocks["heard"].conditions == ()


def test_number_and_option_conditions_are_written_in_words(blocks):
    assert blocks["adult"].conditions == ("(Chỉ trả lời nếu câu 3 từ 18 trở lên)",)
    assert blocks["score"].conditions == ("(Chỉ trả lời nếu câu 3 từ 18 đến 65)",)
    assert blocks["income"].conditions == ("(Chỉ trả lời nếu câu 3 từ 60 trở xuống)",)
    assert blocks["staff"].conditions == ("(Chỉ trả lời nếu câu 2 chọn “Không” hoặc “Không biết”)",)


def test_the_controlling_question_says_beside_each_option_what_to_answer_or_skip(blocks):
    arrows = {o.label.value: o.arrows for o in blocks["heard"].options}
    assert arrows == {
        "Có": ("Nếu chọn phương án này, trả lời câu 4, 5",
               "Nếu chọn phương án này, bỏ qua câu 10"),
        "Không": ("Nếu chọn phương án này, trả lời câu 10",
                  "Nếu chọn phương án này, bỏ qua câu 4, 5"),
        "Không biết": ("Nếu chọn phương án này, trả lời câu 10",
                       "Nếu chọn phương án này, bỏ qua câu 4, 5"),
        "Khác (ghi rõ):": ("Nếu chọn phương án này, bỏ qua câu 4, 5, 10",),
    }  # fmt: skip


def test_choices_have_numbered_boxes_an_other_line_and_their_instruction(blocks):
    heard = blocks["heard"]
    assert heard.instructions == ("(Chọn một)",)
    assert [(o.key, o.label.value, o.write_in) for o in heard.options] == [
        (1, "Có", False), (2, "Không", False), (3, "Không biết", False),
        (4, "Khác (ghi rõ):", True),
    ]  # fmt: skip
    channels = blocks["channels"]
    assert channels.instructions == ("(Chọn từ 1 đến 3 phương án phù hợp)",)
    assert channels.help is None  # "Chọn tất cả các mục phù hợp." would say it twice
    assert channels.optional is True
    assert [o.label.value for o in channels.options][-1] == "Khác (ghi rõ):"


def test_exclusive_options_come_last_after_other(app):
    definition = one_question({
        "type": "multiple_choice", "other": True,
        "options": [{"code": "a", "label": "A"}, {"code": "none", "label": "Không kênh nào",
                                                  "exclusive": True}, {"code": "b", "label": "B"}],
    })  # fmt: skip
    (block,) = blocks_of(build(definition)).values()
    assert [(o.key, o.label.value) for o in block.options] == [
        (1, "A"), (2, "B"), (3, "Khác (ghi rõ):")]  # fmt: skip
    assert [(o.key, o.label.value) for o in block.exclusive] == [(4, "Không kênh nào")]
    assert block.instructions == ("(Chọn tất cả phương án phù hợp)",)


@pytest.mark.parametrize(("low", "high", "sentence"), [
    (None, None, "(Chọn tất cả phương án phù hợp)"),
    (2, None, "(Chọn ít nhất 2 phương án phù hợp)"),
    (None, 2, "(Chọn tối đa 2 phương án phù hợp)"),
    (1, 2, "(Chọn từ 1 đến 2 phương án phù hợp)"),
    (2, 2, "(Chọn đúng 2 phương án)"),
])  # fmt: skip
def test_multiple_choice_limits_are_in_the_instruction(app, low, high, sentence):
    question = {"type": "multiple_choice",
                "options": [{"code": c, "label": c.upper()} for c in "abc"]}  # fmt: skip
    if low:
        question["min_choices"] = low
    if high:
        question["max_choices"] = high
    (block,) = blocks_of(build(one_question(question))).values()
    assert block.instructions == (sentence,)


def test_scales_rating_and_matrix_have_a_box_per_level(blocks):
    assert [o.label.value for o in blocks["adult"].options] == ["Có", "Không"]
    assert len(blocks["useful"].options) == 5
    assert [o.label.value for o in blocks["score"].options] == [str(n) for n in range(11)]
    assert blocks["score"].instructions == ("(Chọn một số từ 0 đến 10)",)
    matrix = blocks["matrix"]
    assert [i.value for i in matrix.items] == ["Dễ hiểu", "Kịp thời"]
    assert [o.label.value for o in matrix.options] == [
        "Rất không đồng ý", "Không đồng ý", "Bình thường", "Đồng ý", "Rất đồng ý"]  # fmt: skip
    assert matrix.instructions == ("(Mỗi dòng chọn một ô)",)


def test_numbers_get_digit_boxes_from_their_maximum_and_a_range_hint(blocks):
    age, income, staff = blocks["age"], blocks["income"], blocks["staff"]
    assert (age.digits, age.decimals) == (3, 0)
    assert age.instructions == ("(Viết mỗi chữ số vào một ô)", "(Từ 15 đến 120)")
    assert (income.digits, income.decimals) == (3, 2)
    assert income.instructions == ("(Viết mỗi chữ số vào một ô)", "(Từ 0 đến 999,5)")
    assert (staff.digits, staff.decimals) == (6, 0)  # no maximum: room for 999 999
    assert staff.instructions == ("(Viết mỗi chữ số vào một ô)",)


def test_a_negative_minimum_adds_a_box_for_the_sign(app):
    definition = one_question({"type": "integer", "min": -50, "max": 1000})
    (block,) = blocks_of(build(definition)).values()
    assert block.digits == 5
    assert block.instructions == ("(Viết mỗi chữ số vào một ô)",
                                  "(Số âm: viết dấu trừ vào ô đầu tiên)",
                                  "(Từ -50 đến 1.000)")  # fmt: skip


def test_dates_text_and_commune(blocks):
    assert blocks["trained_on"].instructions == ("(Ngày/tháng/năm, ví dụ 27/03/2025)",)
    assert blocks["name_it"].lines == 2
    assert blocks["ideas"].lines == 6
    privacy = "Không ghi họ tên, số điện thoại hay thông tin cá nhân khác."
    assert blocks["ideas"].instructions == (privacy,)
    assert blocks["commune"].digits == 5
    assert blocks["commune"].optional is False


def test_a_date_range_is_written_as_days(app):
    definition = one_question({"type": "date", "min_date": "2025-07-01",
                               "max_date": "2026-06-30"})  # fmt: skip
    (block,) = blocks_of(build(definition)).values()
    assert block.instructions[-1] == "(Từ 01/07/2025 đến 30/06/2026)"


def test_page_and_question_conditions_on_one_question_must_both_hold(app):
    definition = parse_definition({
        "title": "T",
        "pages": [
            {"code": "p1", "title": "1", "questions": [{
                "code": "q", "type": "single_choice", "text": "Q",
                "options": [{"code": c, "label": c.upper()} for c in "abc"]}]},
            {"code": "p2", "title": "2", "show_if": {"question": "q", "any_of": ["a", "b"]},
             "questions": [{"code": "r", "type": "short_text", "text": "R",
                            "show_if": {"question": "q", "any_of": ["a"]}}]},
        ],
    })  # fmt: skip
    blocks = blocks_of(build(definition))
    assert blocks["r"].conditions == ("(Chỉ trả lời nếu câu 1 chọn “A” hoặc “B”)",
                                      "(Chỉ trả lời nếu câu 1 chọn “A”)")  # fmt: skip
    arrows = {o.label.value: o.arrows for o in blocks["q"].options}
    assert arrows == {"A": ("Nếu chọn phương án này, trả lời câu 2",),
                      "B": ("Nếu chọn phương án này, bỏ qua câu 2",),
                      "C": ("Nếu chọn phương án này, bỏ qua câu 2",)}  # fmt: skip


def test_a_multiple_choice_controller_only_says_what_to_answer(app):
    definition = parse_definition({
        "title": "T",
        "pages": [
            {"code": "p1", "title": "1", "questions": [{
                "code": "q", "type": "multiple_choice", "text": "Q",
                "options": [{"code": c, "label": c.upper()} for c in "ab"]}]},
            {"code": "p2", "title": "2", "questions": [
                {"code": "r", "type": "short_text", "text": "R",
                 "show_if": {"question": "q", "any_of": ["a"]}}]},
        ],
    })  # fmt: skip
    arrows = {o.label.value: o.arrows for o in blocks_of(build(definition))["q"].options}
    assert arrows == {"A": ("Nếu chọn phương án này, trả lời câu 2",), "B": ()}


def test_texts_fall_back_to_vietnamese_one_by_one(app):
    english = build(every_type_definition(), "en")
    blocks = blocks_of(english)
    assert english.title == Text("Every question type", "en")
    assert list(blocks["matrix"].items) == [Text("Clear", "en"), Text("Kịp thời", "vi")]
    gia_rai = build(every_type_definition(), "jra")
    assert gia_rai.title == Text(GIA_RAI, "jra")
    assert gia_rai.description == Text("Phiếu thử.", "vi")
    assert blocks_of(gia_rai)["heard"].text == Text("Ông/Bà có nghe thông tin không?", "vi")


@pytest.mark.parametrize(("numbers", "written"), [
    ([5], "5"), ([4, 5], "4, 5"), ([5, 6, 7], "5–7"), ([9, 5, 7, 6, 12, 13], "5–7, 9, 12, 13"),
])  # fmt: skip
def test_question_numbers_are_listed_as_a_reader_scans_them(numbers, written):
    assert number_list(numbers) == written


def one_question(question: dict) -> dict:
    return parse_definition({
        "title": "T",
        "pages": [{"code": "p1", "title": "1",
                   "questions": [{"code": "q", "text": "Câu hỏi", **question}]}],
    })  # fmt: skip


def test_only_a_question_longer_than_half_a_page_may_break_between_its_options(app, blocks):
    assert not any(b.splittable for b in blocks.values())
    options = [{"code": f"o{i}", "label": f"Phương án {i}"} for i in range(21)]
    (block,) = blocks_of(
        build(one_question({"type": "single_choice", "options": options}))
    ).values()
    assert block.splittable
