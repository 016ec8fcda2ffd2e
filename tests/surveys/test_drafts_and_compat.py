"""Editing a draft as plain JSON, and what a new version may not change (compat)."""

import copy

import pytest

from app.surveys import drafts
from app.surveys.compat import breaking_changes
from app.surveys.definition import parse_definition
from tests.surveys.helpers import CHOICES, SCALE, YES_NO, definition, question

pytestmark = pytest.mark.usefixtures("app")  # messages are translated strings

BLANK = {"help": "", "required": False, "options": [], "exclusive": [], "other": False,
         "min_choices": None, "max_choices": None, "min": None, "max": None, "max_length": None,
         "min_date": None, "max_date": None, "items": [], "show_if": None}  # fmt: skip


def values(code: str, kind: str = "single_choice", text: str = "Kênh nào?", **kw) -> dict:
    """What the question form hands to drafts.save_question."""
    return {**BLANK, "code": code, "type": kind, "text": text, **kw}


def draft_with_page(languages=("vi", "en")) -> dict:
    draft = drafts.empty_definition("Khảo sát cán bộ", list(languages))
    return drafts.save_page(draft, code="p1", title="Thông tin", show_if=None)


# --- pages ------------------------------------------------------------------------------------


def test_save_page_adds_and_edits_keeping_translations():
    draft = draft_with_page()
    draft = drafts.set_translations(draft, "en", {"page.p1.title": "Information"})

    edited = drafts.save_page(draft, code="p_info", title="Thông tin chung", show_if=None,
                              original="p1")  # fmt: skip

    assert edited["pages"] == [
        {"code": "p_info", "title": {"vi": "Thông tin chung", "en": "Information"}, "questions": []}
    ]
    assert draft["pages"][0]["code"] == "p1"  # a new document; the old one is untouched


def test_save_page_refuses_a_taken_code_and_sets_or_clears_a_condition():
    draft = drafts.save_page(draft_with_page(), code="p2", title="Hai",
                             show_if={"question": "age", "min": 18})  # fmt: skip
    assert draft["pages"][1]["show_if"] == {"question": "age", "min": 18}

    with pytest.raises(drafts.DraftError, match="page_code_taken"):
        drafts.save_page(draft, code="p1", title="Trùng", show_if=None)
    with pytest.raises(drafts.DraftError, match="page_code_taken"):
        drafts.save_page(draft, code="p1", title="Trùng", show_if=None, original="p2")

    cleared = drafts.save_page(draft, code="p2", title="Hai", show_if=None, original="p2")
    assert "show_if" not in cleared["pages"][1]


# --- questions --------------------------------------------------------------------------------


def test_save_question_builds_the_question_from_the_form_values():
    draft = drafts.save_question(
        draft_with_page(), "p1",
        values("channels", "multiple_choice", help="Chọn tất cả", required=True,
               options=[("zalo", "Zalo của xã"), ("none", "Không kênh nào")], exclusive=["none"],
               other=True, max_choices=2, min=3, max_length=50),
    )  # fmt: skip

    assert draft["pages"][0]["questions"] == [
        {
            "code": "channels",
            "type": "multiple_choice",
            "text": {"vi": "Kênh nào?"},
            "help": {"vi": "Chọn tất cả"},
            "required": True,
            "options": [
                {"code": "zalo", "label": {"vi": "Zalo của xã"}},
                {"code": "none", "label": {"vi": "Không kênh nào"}, "exclusive": True},
            ],
            "other": True,
            "max_choices": 2,  # min and max_length do not belong to this type and are left out
        }
    ]


def test_editing_vietnamese_keeps_translations_of_kept_option_codes():
    draft = drafts.save_question(
        draft_with_page(), "p1", values("channel", options=[("zalo", "Zalo"), ("tv", "TV")])
    )
    draft = drafts.set_translations(draft, "en", {
        "q.channel.text": "Which channel?",
        "q.channel.options.zalo.label": "Zalo (EN)",
        "q.channel.options.tv.label": "Television",
    })  # fmt: skip

    edited = drafts.save_question(
        draft, "p1",
        values("channel", text="Kênh nào nhất?", options=[("web", "Cổng"), ("zalo", "Zalo xã")]),
        original="channel",
    )  # fmt: skip

    (q,) = edited["pages"][0]["questions"]
    assert q["text"] == {"vi": "Kênh nào nhất?", "en": "Which channel?"}
    assert q["options"] == [
        {"code": "web", "label": {"vi": "Cổng"}},
        {"code": "zalo", "label": {"vi": "Zalo xã", "en": "Zalo (EN)"}},
    ]


def test_save_question_refuses_a_code_used_anywhere_in_the_survey():
    draft = drafts.save_question(draft_with_page(), "p1", values("a", "short_text"))
    draft = drafts.save_page(draft, code="p2", title="Hai", show_if=None)
    draft = drafts.save_question(draft, "p2", values("b", "short_text"))

    with pytest.raises(drafts.DraftError, match="question_code_taken"):
        drafts.save_question(draft, "p2", values("a", "short_text"))
    with pytest.raises(drafts.DraftError, match="question_code_taken"):
        drafts.save_question(draft, "p2", values("a", "short_text"), original="b")
    same = drafts.save_question(draft, "p2", values("b", "long_text"), original="b")
    assert same["pages"][1]["questions"][0]["type"] == "long_text"


@pytest.mark.parametrize(
    ("languages", "kind", "labels"),
    [
        (("vi", "en"), "yes_no", [{"vi": "Có", "en": "Yes"}, {"vi": "Không", "en": "No"}]),
        (("vi", "hre"), "yes_no", [{"vi": "Có"}, {"vi": "Không"}]),
        (("vi",), "likert5", [{"vi": "Hoàn toàn không đồng ý"}, {"vi": "Không đồng ý"},
                              {"vi": "Bình thường"}, {"vi": "Đồng ý"}, {"vi": "Hoàn toàn đồng ý"}]),
    ],
)  # fmt: skip
def test_fixed_types_get_default_options_in_the_surveys_languages(languages, kind, labels):
    draft = drafts.save_question(draft_with_page(languages), "p1", values("a", kind))
    options = draft["pages"][0]["questions"][0]["options"]
    assert [o["label"] for o in options] == labels
    parse_definition(draft)  # and the draft is publishable as it stands


def test_likert_matrix_gets_scale_and_items():
    draft = drafts.save_question(
        draft_with_page(("vi",)), "p1",
        values("m", "likert_matrix", items=[("speed", "Nhanh"), ("clear", "Rõ ràng")]),
    )  # fmt: skip
    q = parse_definition(draft)["pages"][0]["questions"][0]
    assert [o["code"] for o in q["options"]] == ["1", "2", "3", "4", "5"]
    assert q["items"] == [{"code": "speed", "label": {"vi": "Nhanh"}},
                          {"code": "clear", "label": {"vi": "Rõ ràng"}}]  # fmt: skip


def test_a_limit_of_zero_is_kept():
    draft = drafts.save_question(draft_with_page(), "p1", values("years", "integer", min=0, max=40))
    q = draft["pages"][0]["questions"][0]
    assert (q.get("min"), q.get("max")) == (0, 40)


# --- order, removal, translations -------------------------------------------------------------


def three_questions() -> dict:
    draft = draft_with_page()
    for code in ("a", "b", "c"):
        draft = drafts.save_question(draft, "p1", values(code, "short_text"))
    return drafts.save_page(draft, code="p2", title="Hai", show_if=None)


def codes(draft: dict) -> list:
    return [(p["code"], [q["code"] for q in p["questions"]]) for p in draft["pages"]]


def test_move_questions_within_their_page_and_pages_among_pages():
    draft = three_questions()
    assert codes(drafts.move(draft, "question", "c", -1)) == [("p1", ["a", "c", "b"]), ("p2", [])]
    assert codes(drafts.move(draft, "question", "a", -1)) == [("p1", ["a", "b", "c"]), ("p2", [])]
    assert codes(drafts.move(draft, "question", "c", 1)) == [("p1", ["a", "b", "c"]), ("p2", [])]
    assert codes(drafts.move(draft, "page", "p2", -1)) == [("p2", []), ("p1", ["a", "b", "c"])]
    assert codes(draft) == [("p1", ["a", "b", "c"]), ("p2", [])]


def test_remove_a_question_or_a_page_with_its_questions():
    draft = three_questions()
    assert codes(drafts.remove(draft, "question", "b")) == [("p1", ["a", "c"]), ("p2", [])]
    assert codes(drafts.remove(draft, "page", "p1")) == [("p2", [])]
    with pytest.raises(drafts.DraftError):
        drafts.remove(draft, "question", "ghost")


def test_translatable_strings_lists_every_text_in_reading_order():
    draft = drafts.save_question(
        draft_with_page(), "p1", values("q", help="Gợi ý", options=[("x", "Ích"), ("y", "Y")])
    )
    draft = drafts.save_question(draft, "p1", values("m", "likert_matrix", items=[("i", "Ý")]))
    draft["description"] = {"vi": "Giới thiệu"}

    rows = drafts.translatable_strings(draft)

    assert [(key, what) for key, what, _texts in rows] == [
        ("title", "title"),
        ("description", "description"),
        ("page.p1.title", "page"),
        ("q.q.text", "question"),
        ("q.q.help", "help"),
        ("q.q.options.x.label", "option"),
        ("q.q.options.y.label", "option"),
        ("q.m.text", "question"),
        *[(f"q.m.options.{n}.label", "option") for n in range(1, 6)],
        ("q.m.items.i.label", "option"),
    ]
    assert rows[5][2] == {"vi": "Ích"}


def test_set_translations_sets_and_an_empty_text_removes():
    draft = drafts.save_question(
        draft_with_page(), "p1", values("q", options=[("x", "Ích"), ("y", "Y")])
    )
    before = copy.deepcopy(draft)
    draft = drafts.set_translations(
        draft, "en", {"title": "Staff survey", "q.q.options.y.label": "Why"}
    )
    assert draft["title"] == {"vi": "Khảo sát cán bộ", "en": "Staff survey"}
    assert draft["pages"][0]["questions"][0]["options"][1]["label"] == {"vi": "Y", "en": "Why"}

    cleared = drafts.set_translations(draft, "en", {"title": "", "page.p1.title": ""})
    assert cleared["title"] == {"vi": "Khảo sát cán bộ"}
    assert cleared["pages"][0]["title"] == {"vi": "Thông tin"}
    assert drafts.set_translations(before, "en", {}) == before


# --- compatibility of a new version -----------------------------------------------------------


def published() -> dict:
    items = [{"code": "speed", "label": "Nhanh"}, {"code": "clear", "label": "Rõ"}]
    return parse_definition(definition(
        [question("channel", "single_choice", options=CHOICES),
         question("heard", "yes_no", options=YES_NO)],
        [question("m", "likert_matrix", options=SCALE, items=items)],
    ))  # fmt: skip


def messages(old: dict, new: dict) -> list[str]:
    return [str(e) for e in breaking_changes(old, new)]


def test_new_questions_options_texts_and_order_are_allowed():
    old = published()
    new = copy.deepcopy(old)
    new["pages"].reverse()
    new["pages"][1]["questions"].reverse()
    new["pages"][1]["questions"][0]["text"] = {"vi": "Ông/Bà đã nghe chưa?"}
    new["pages"][1]["questions"][1]["options"].append({"code": "web", "label": {"vi": "Cổng"}})
    new["pages"][0]["questions"][0]["items"].append({"code": "fair", "label": {"vi": "Công bằng"}})
    new["pages"][0]["questions"].append({"code": "extra", "type": "note", "text": {"vi": "Cảm ơn"},
                                         "required": False})  # fmt: skip

    assert messages(old, new) == []


def test_removed_or_renamed_question_codes_are_refused():
    old = published()
    new = copy.deepcopy(old)
    new["pages"][0]["questions"][0]["code"] = "channel_main"
    del new["pages"][1]

    assert messages(old, new) == [
        "trang 1, câu hỏi `channel`: câu hỏi đã công bố không thể xóa hoặc đổi mã (các chỉ tiêu "
        "và câu trả lời đã có dùng mã này)",
        "trang 2, câu hỏi `m`: câu hỏi đã công bố không thể xóa hoặc đổi mã (các chỉ tiêu "
        "và câu trả lời đã có dùng mã này)",
    ]


def test_changed_types_and_removed_option_or_item_codes_are_refused():
    old = published()
    new = copy.deepcopy(old)
    new["pages"][0]["questions"][0]["type"] = "multiple_choice"
    new["pages"][0]["questions"][0]["options"].pop()  # tv
    new["pages"][1]["questions"][0]["items"][1]["code"] = "clarity"
    moved = new["pages"][0]["questions"].pop(1)
    new["pages"][1]["questions"].append(moved)  # moving a question to another page is fine

    assert messages(old, new) == [
        "trang 1, câu hỏi `channel`: không thể đổi loại câu hỏi đã công bố từ single_choice "
        "sang multiple_choice",
        "trang 1, câu hỏi `channel`: mã `tv` đã công bố không thể xóa hoặc đổi",
        "trang 2, câu hỏi `m`: mã `clear` đã công bố không thể xóa hoặc đổi",
    ]


def test_translations_follow_codes_so_a_moved_question_keeps_its_own():
    draft = drafts.save_question(draft_with_page(), "p1", values("a", text="Câu A"))
    draft = drafts.save_question(draft, "p1", values("b", text="Câu B"))
    keys = {key for key, _what, _texts in drafts.translatable_strings(draft)}
    draft = drafts.move(draft, "question", "b", -1)  # a form opened before this still saves right
    draft = drafts.set_translations(draft, "en", {"q.a.text": "Question A", "nope.x": "ignored"})
    texts = {q["code"]: q["text"] for q in draft["pages"][0]["questions"]}
    assert texts == {"b": {"vi": "Câu B"}, "a": {"vi": "Câu A", "en": "Question A"}}
    assert keys == {key for key, _what, _texts in drafts.translatable_strings(draft)}
