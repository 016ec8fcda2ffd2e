"""parse_definition: the canonical form of a survey (NFC, defaults, languages, content hash)."""

import hashlib
import json
import unicodedata

import pytest

from app.surveys.definition import (
    DefinitionInvalidError,
    canonical_json,
    content_hash,
    parse_definition,
)
from app.surveys.types import QUESTION_TYPES
from tests.surveys.helpers import CHOICES, EXAMPLES, definition, example, question

pytestmark = pytest.mark.usefixtures("app")  # the messages are translated strings


def errors_of(raw) -> list[str]:
    with pytest.raises(DefinitionInvalidError) as caught:
        parse_definition(raw)
    return [str(e) for e in caught.value.errors]


def two_pages(first: list[dict], second: list[dict]) -> dict:
    return definition(first, second)


# --- canonical form ---------------------------------------------------------------------------


def test_canonical_form_fills_defaults_and_normalises_text_to_nfc():
    nfd = unicodedata.normalize("NFD", "Nghị quyết 57 đã được phổ biến chưa?")
    raw = {
        "pages": [{"questions": [{"text": {"vi": nfd}, "type": "short_text", "code": " heard "}],
                   "title": "  Trang một ", "code": "p1"}],
        "title": unicodedata.normalize("NFD", "Khảo sát nhận thức"),
    }  # fmt: skip

    assert parse_definition(raw) == {
        "languages": ["vi"],
        "title": {"vi": "Khảo sát nhận thức"},
        "pages": [
            {
                "code": "p1",
                "title": {"vi": "Trang một"},
                "questions": [
                    {
                        "code": "heard",
                        "type": "short_text",
                        "text": {"vi": "Nghị quyết 57 đã được phổ biến chưa?"},
                        "required": False,
                        "max_length": 200,
                    }
                ],
            }
        ],
    }


def test_canonical_form_is_a_fixed_point():
    raw = definition([example("single_choice"), example("likert_matrix")], languages=["vi", "en"])
    once = parse_definition(raw)
    assert parse_definition(once) == once
    assert canonical_json(parse_definition(once)) == canonical_json(once)


def test_key_order_does_not_change_the_hash():
    raw = definition([question("a", "integer", min=0, max=10, required=True)])
    shuffled = json.loads(json.dumps(raw), object_pairs_hook=lambda pairs: dict(reversed(pairs)))
    assert list(shuffled) != list(raw)

    assert content_hash(parse_definition(shuffled)) == content_hash(parse_definition(raw))


def test_content_hash_is_sha256_of_the_canonical_json_and_stable():
    canonical = parse_definition(definition([question("a")]))

    assert canonical_json(canonical) == (
        '{"languages":["vi"],"pages":[{"code":"p1","questions":[{"code":"a","max_length":200,'
        '"required":false,"text":{"vi":"Câu hỏi a"},"type":"short_text"}],"title":{"vi":"Trang 1"}'
        '}],"title":{"vi":"Khảo sát thử"}}'
    )
    expected = hashlib.sha256(canonical_json(canonical).encode()).hexdigest()
    assert content_hash(canonical) == expected
    assert content_hash(parse_definition(definition([question("a")]))) == expected


def test_content_hash_changes_when_a_text_changes():
    before = parse_definition(definition([question("a")]))
    after = parse_definition(definition([{**question("a"), "text": "Câu hỏi khác"}]))
    translated = parse_definition(
        definition([{**question("a"), "text": {"vi": "Câu hỏi a", "en": "Question a"}}],
                   languages=["vi", "en"])
    )  # fmt: skip

    hashes = {content_hash(before), content_hash(after), content_hash(translated)}
    assert len(hashes) == 3


def test_every_type_has_an_example():
    assert set(EXAMPLES) == set(QUESTION_TYPES)


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_every_question_type_is_accepted_in_its_valid_form(kind):
    canonical = parse_definition(definition([example(kind)]))

    expected = {"code": f"q_{kind}", "type": kind, "text": {"vi": f"Câu hỏi q_{kind}"},
                "required": False, **EXAMPLES[kind][1]}  # fmt: skip
    assert canonical["pages"][0]["questions"] == [expected]


# --- languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "languages"),
    [
        (None, ["vi"]),
        ([], ["vi"]),
        (["en"], ["vi", "en"]),
        (["EN", "vi", "hre"], ["vi", "en", "hre"]),
    ],
)
def test_vietnamese_comes_first_in_the_language_list(given, languages):
    raw = definition([question("a")])
    if given is not None:
        raw["languages"] = given
    assert parse_definition(raw)["languages"] == languages


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("en", "danh sách ngôn ngữ không hợp lệ"),
        (["english"], "mã ngôn ngữ `english` không hợp lệ"),
        (["en", "en"], "mã ngôn ngữ bị lặp"),
    ],
)
def test_bad_language_lists_are_refused(given, message):
    assert errors_of(definition([question("a")], languages=given)) == [message]


def test_other_languages_are_optional_but_must_be_declared():
    raw = definition([{**question("a"), "text": {"vi": "Câu a", "fr": "Question a"}}],
                     languages=["vi", "en"])  # fmt: skip
    assert errors_of(raw) == ["trang 1, câu hỏi `a`: nội dung có ngôn ngữ `fr` chưa khai báo"]
    raw["pages"][0]["questions"][0]["text"] = {"vi": "Câu a"}
    assert parse_definition(raw)["pages"][0]["questions"][0]["text"] == {"vi": "Câu a"}


def test_vietnamese_text_is_required_everywhere():
    raw = definition(
        [{**question("a", "single_choice"),
          "text": {"en": "Question"}, "options": [{"code": "x", "label": {"en": "X"}}, *CHOICES]}],
        languages=["vi", "en"], title={"en": "Survey"},
    )  # fmt: skip
    assert errors_of(raw) == [
        "thiếu tiêu đề tiếng Việt",
        "trang 1, câu hỏi `a`: thiếu nội dung tiếng Việt",
        "trang 1, câu hỏi `a`: thiếu nhãn phương án tiếng Việt",
    ]


def test_show_if_on_an_earlier_page_is_kept_in_canonical_form():
    raw = two_pages(
        [question("channel", "single_choice", options=CHOICES), question("age", "integer")],
        [question("why", show_if={"question": "channel", "any_of": ["zalo"]}),
         question("job", show_if={"question": "age", "min": 18, "max": 60.0})],
    )  # fmt: skip
    raw["pages"][1]["show_if"] = {"question": "age", "min": 15}

    page = parse_definition(raw)["pages"][1]
    assert page["show_if"] == {"question": "age", "min": 15}
    assert [q["show_if"] for q in page["questions"]] == [
        {"question": "channel", "any_of": ["zalo"]},
        {"question": "age", "min": 18, "max": 60},
    ]


def test_valid_limits_are_kept():
    raw = definition([question("n", "integer", min=0, max=100),
                      question("d", "date", min_date="2026-01-01", max_date="2026-12-31"),
                      question("m", "multiple_choice", options=CHOICES, min_choices=1,
                               max_choices=2, other=True)])  # fmt: skip
    n, d, m = parse_definition(raw)["pages"][0]["questions"]
    assert (n["min"], n["max"]) == (0, 100)
    assert (d["min_date"], d["max_date"]) == ("2026-01-01", "2026-12-31")
    assert (m["min_choices"], m["max_choices"], m["other"]) == (1, 2, True)
