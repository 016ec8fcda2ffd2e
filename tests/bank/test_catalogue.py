"""The bank file: every item is a valid survey question, tagged, with its source."""

import json
import unicodedata

import pytest

from app.bank.catalogue import (
    BANK_FILE,
    BankFileError,
    badge,
    get_bank,
    load_bank,
    read_bank,
    validated_question,
)
from app.surveys.definition import DefinitionInvalidError, parse_definition
from app.surveys.files import BUILTIN_DIR


def raw_bank() -> dict:
    return json.loads(BANK_FILE.read_text(encoding="utf-8"))


def test_every_bank_item_validates_as_a_survey_question(app):
    raw = raw_bank()
    for entry in raw["items"]:
        definition = parse_definition({
            "languages": ["vi", "en"], "title": "Thử",
            "pages": [{"code": "p1", "title": "Trang", "questions": [entry["question"]]}],
        })  # fmt: skip
        # The file holds the canonical form, so what is added is exactly what the file says.
        assert definition["pages"][0]["questions"] == [entry["question"]], entry["code"]
    bank = load_bank()
    assert len(bank.items) == len(raw["items"]) == 18
    assert all(validated_question(i.question) == i.question for i in bank.items.values())


def test_items_are_grouped_by_instrument_and_marked_adapted_where_no_annex_was_read(app):
    bank = get_bank()
    counts = {spec.code: len(items) for spec, items in bank.grouped()}
    assert counts == {"sipas-2023": 6, "most-666-2023": 6, "nq57": 6}
    national = [i for i in bank.items.values() if bank.instruments[i.instrument].national_baseline]
    assert {i.wording for i in national} == {"adapted"}
    assert all("chưa đối chiếu" in i.source["vi"] for i in national)
    assert [s.code for s, _items in bank.grouped("nq57")] == ["nq57"]


def test_every_text_exists_in_vietnamese_and_english_in_nfc(app):
    def texts(node):
        if isinstance(node, dict):
            if set(node) == {"vi", "en"} and all(isinstance(v, str) for v in node.values()):
                yield node
            else:
                for value in node.values():
                    yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)

    for item in raw_bank()["items"]:
        question = item["question"]
        found = list(texts(question))
        labels = len(question.get("options", [])) + len(question.get("items", []))
        assert len(found) == 1 + ("help" in question) + labels, item["code"]
        for text in [*found, item["source"]]:
            assert all(unicodedata.is_normalized("NFC", v) for v in text.values())


def test_plan_items_are_the_builtin_surveys_questions_word_for_word(app):
    builtin = {}
    for path in BUILTIN_DIR.glob("*.json"):
        for page in json.loads(path.read_text(encoding="utf-8"))["definition"]["pages"]:
            builtin.update({q["code"]: q for q in page["questions"]})
    plan = [i for i in get_bank().items.values() if i.instrument == "nq57"]
    assert {i.question["code"] for i in plan} == {
        "heard", "channels_grassroots", "bdhvs_aware", "digital_team_help", "aware_nq57",
        "informed",
    }  # fmt: skip
    for item in plan:
        original = {k: v for k, v in builtin[item.question["code"]].items() if k != "show_if"}
        assert item.question == original
        assert item.wording == "verbatim"


def test_a_broken_bank_file_names_every_problem(app):
    raw = raw_bank()
    good = raw["items"][0]
    raw["items"] = [
        {**good, "instrument": "sipas-2099"},
        {**good, "code": "dependent", "question": {**good["question"], "code": "dependent",
                                                  "show_if": {"question": "heard",
                                                              "any_of": ["yes"]}}},
        {**good, "code": "tagged", "question": {**good["question"], "code": "tagged",
                                               "bank": {"instrument": "nq57", "item": "x"}}},
        {**good, "code": "no_source", "source": {"vi": "Chỉ tiếng Việt"}},
        good,
        good,
    ]  # fmt: skip

    with pytest.raises(BankFileError) as caught:
        read_bank(raw)

    errors = caught.value.errors
    assert errors[0] == "item 'sipas_procedure_info_channels': unknown instrument 'sipas-2099'"
    assert errors[1].startswith("item 'dependent': ")
    assert "heard" in errors[1]
    assert (
        errors[2]
        == "item 'tagged': the question carries no bank tag; adding it to a survey sets one"
    )
    assert errors[3] == "item 'no_source': source needs a note in each of ['vi', 'en']"
    assert errors[4:] == ["item code 'sipas_procedure_info_channels' is repeated"]


def test_the_badge_names_the_instrument_in_the_page_language(app):
    assert badge({"instrument": "sipas-2023", "item": "x"}, "vi") == "SIPAS 2023"
    assert badge({"instrument": "most-666-2023", "item": "x"}, "vi") == "Bộ KH&CN 2023"
    assert badge({"instrument": "most-666-2023", "item": "x"}, "en") == "MOST 2023"
    assert badge({"instrument": "elsewhere-2024", "item": "x"}, "vi") == "elsewhere-2024"


def test_the_definition_validator_keeps_a_bank_tag_and_checks_its_shape(app):
    def with_tag(tag):
        return {"title": "Thử", "pages": [{"code": "p1", "title": "Trang", "questions": [
            {"code": "q1", "type": "short_text", "text": "Câu 1", "bank": tag}]}]}  # fmt: skip

    tag = {"instrument": "sipas-2023", "item": "sipas_views_given"}
    assert parse_definition(with_tag(tag))["pages"][0]["questions"][0]["bank"] == tag

    with pytest.raises(DefinitionInvalidError) as caught:
        parse_definition(with_tag({"instrument": "SIPAS 2023", "item": "x", "extra": 1}))
    assert [e.message for e in caught.value.errors] == [
        "trường không được hỗ trợ: extra",
        "mã bộ công cụ `SIPAS 2023` chỉ gồm a-z, 0-9 và dấu gạch ngang",
    ]
    with pytest.raises(DefinitionInvalidError):
        parse_definition(with_tag("sipas-2023"))
