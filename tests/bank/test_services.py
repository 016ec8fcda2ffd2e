"""Adding bank items to a draft: where they go, which codes they get, the tag they carry."""

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.bank.catalogue import get_bank
from app.bank.services import BankAddError, add_bank_items, place_items
from app.surveys import drafts
from app.surveys.definition import parse_definition
from app.surveys.files import check_document, export_document, import_document
from app.surveys.services import clone_wave, publish_survey
from tests.bank.conftest import DRAFT, make_draft
from tests.factories import make_user


def items(*codes):
    bank = get_bank()
    return [bank.items[code] for code in codes]


def test_added_items_are_stored_with_their_tag_and_codes_that_do_not_collide(db):
    actor = make_user("manager")
    survey = make_draft(actor)

    placement = add_bank_items(
        survey, "p_channels",
        items("sipas_views_given", "nq57_citizen_heard", "most_st_sources"), actor=actor,
    )  # fmt: skip

    assert [(p.item.code, p.code, p.renamed) for p in placement.added] == [
        ("sipas_views_given", "sipas_views_given", False),
        ("nq57_citizen_heard", "heard_2", True),  # `heard` is on page 1 already
        # `most_st_sources` would answer "Khác" in the field q_most_st_sources_other, which
        # the question `most_st_sources_other` already uses.
        ("most_st_sources", "most_st_sources_2", True),
    ]
    page = survey.draft["pages"][1]["questions"]
    assert page[0] == DRAFT["pages"][1]["questions"][0]
    assert page[1] == {
        "code": "sipas_views_given", "type": "yes_no",
        "text": {"vi": "Trong 12 tháng qua, Ông/Bà có góp ý, phản ánh hoặc kiến nghị với chính "
                       "quyền địa phương về chính sách hoặc về việc giải quyết công việc của "
                       "người dân không?"},
        "required": True,
        "options": [{"code": "yes", "label": {"vi": "Có"}},
                    {"code": "no", "label": {"vi": "Không"}}],
        "bank": {"instrument": "sipas-2023", "item": "sipas_views_given"},
    }  # fmt: skip
    assert page[2]["code"] == "heard_2"
    assert page[2]["bank"] == {"instrument": "nq57", "item": "nq57_citizen_heard"}
    assert page[3]["code"] == "most_st_sources_2"
    assert page[3]["other"] is True
    assert len(page[3]["options"]) == 11
    # The survey is in Vietnamese only, so the English texts stay out and it still publishes.
    assert "en" not in page[3]["options"][0]["label"]
    parse_definition(survey.draft)


def test_a_survey_in_english_too_gets_the_english_texts(db):
    survey = make_draft(languages=("vi", "en"))

    add_bank_items(survey, "p_about", items("most_st_interest"), actor=None)

    question = survey.draft["pages"][0]["questions"][1]
    assert question["text"] == {
        "vi": "Ông/Bà quan tâm đến thông tin về khoa học và công nghệ ở mức nào?",
        "en": "How interested are you in information about science and technology?",
    }
    assert question["options"][3]["label"] == {"vi": "Rất quan tâm", "en": "Very interested"}


def test_the_addition_is_audited_with_the_codes_used(db):
    actor = make_user("manager")
    survey = make_draft(actor)

    add_bank_items(survey, "p_about", items("nq57_citizen_heard", "sipas_views_given"),
                   actor=actor)  # fmt: skip
    db.session.flush()

    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "bank.add_items"))
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        actor.id,
        "surveys",
        str(survey.id),
    )
    assert entry.details == {
        "page": "p_about",
        "items": [
            {"instrument": "nq57", "item": "nq57_citizen_heard", "code": "heard_2"},
            {"instrument": "sipas-2023", "item": "sipas_views_given", "code": "sipas_views_given"},
        ],
        "skipped": [],
    }  # fmt: skip


def test_an_item_already_in_the_survey_is_not_added_twice(db):
    survey = make_draft()
    add_bank_items(survey, "p_about", items("sipas_views_given"), actor=None)

    placement = add_bank_items(
        survey, "p_channels", items("sipas_views_given", "most_st_interest"), actor=None
    )

    assert [(p.item.code, p.code) for p in placement.skipped] == [
        ("sipas_views_given", "sipas_views_given")
    ]
    assert [p.code for p in placement.added] == ["most_st_interest"]
    assert drafts.all_question_codes(survey.draft).count("sipas_views_given") == 1
    with pytest.raises(BankAddError) as caught:
        add_bank_items(survey, "p_about", items("most_st_interest"), actor=None)
    assert caught.value.field == "items"
    assert str(caught.value) == (
        "Các câu hỏi đã chọn đều đã có trong khảo sát này; không thêm câu nào."
    )


@pytest.mark.parametrize("status", ["open", "closed", "archived"])
def test_a_survey_that_is_not_a_draft_is_refused(db, status):
    survey = make_draft()
    publish_survey(survey, actor=None)
    survey.status = status
    before = survey.draft

    with pytest.raises(BankAddError) as caught:
        add_bank_items(survey, "p_about", items("sipas_views_given"), actor=None)

    assert "chỉ thêm được câu hỏi từ ngân hàng vào khảo sát ở trạng thái bản nháp" in str(
        caught.value
    )
    assert survey.draft == before
    assert (
        db.session.scalar(
            sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "bank.add_items")
        )
        == 0
    )


def test_a_page_that_is_gone_is_refused(db):
    survey = make_draft()

    with pytest.raises(BankAddError) as caught:
        add_bank_items(survey, "p_gone", items("sipas_views_given"), actor=None)

    assert str(caught.value) == "Trang này không còn trong bản nháp của khảo sát. Chọn lại trang."


def test_place_items_leaves_the_given_draft_alone(app):
    new, placement = place_items(DRAFT, "p_about", items("sipas_views_given"))

    assert len(DRAFT["pages"][0]["questions"]) == 1
    assert len(new["pages"][0]["questions"]) == 2
    assert placement.skipped == []


def test_the_tag_survives_editing_publishing_a_new_wave_and_export_import(db):
    survey = make_draft()
    add_bank_items(survey, "p_about", items("sipas_views_given"), actor=None)
    tag = {"instrument": "sipas-2023", "item": "sipas_views_given"}
    # The builder's question form knows nothing of the tag; saving through it keeps it.
    values = {"code": "sipas_views_given", "type": "yes_no", "text": "Ông/Bà có góp ý không?",
              "required": True}  # fmt: skip
    survey.draft = drafts.save_question(survey.draft, "p_about", values,
                                        original="sipas_views_given")  # fmt: skip
    edited = drafts.find_question(survey.draft, "sipas_views_given")[1]
    assert (edited["text"]["vi"], edited["bank"]) == ("Ông/Bà có góp ý không?", tag)

    publish_survey(survey, actor=None)
    version = survey.latest_version.definition
    assert drafts.find_question(version, "sipas_views_given")[1]["bank"] == tag

    wave = clone_wave(survey, slug="nguoi-dan-thu-dot-2", opens_at=None, closes_at=None,
                      actor=None)  # fmt: skip
    assert drafts.find_question(wave.draft, "sipas_views_given")[1]["bank"] == tag

    document = check_document(export_document(wave))
    imported = import_document({**document, "slug": "nhap-lai"}, actor=None)
    assert drafts.find_question(imported.draft, "sipas_views_given")[1]["bank"] == tag
