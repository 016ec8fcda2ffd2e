"""Survey operations: creating, publishing frozen versions, cloning waves, the audit log."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.common.timezones import start_of_day
from app.surveys.definition import DefinitionInvalidError, content_hash, parse_definition
from app.surveys.models import Survey, SurveyVersion
from app.surveys.services import (
    SurveyError,
    change_status,
    clone_wave,
    create_survey,
    edit_draft,
    publish_survey,
)
from tests.factories import make_user
from tests.surveys.helpers import RAW, audit_actions, new_survey, question, reloaded


@pytest.fixture
def manager(db):
    return make_user("manager")


def test_create_survey_stores_an_empty_draft_and_audits(db, manager):
    survey = create_survey(
        slug="nguoi-dan-2026", audience="citizen", title="Khảo sát người dân",
        languages=["en", "vi", "hre"], is_anonymous=False, actor=manager,
    )  # fmt: skip
    survey = reloaded(db, survey)

    assert (survey.status, survey.series, survey.wave, survey.is_anonymous) == (
        "draft", "nguoi-dan-2026", 1, False)  # fmt: skip
    assert survey.draft == {"languages": ["vi", "en", "hre"],
                            "title": {"vi": "Khảo sát người dân"}, "pages": []}  # fmt: skip
    assert survey.created_by_id == manager.id
    assert survey.versions == []
    entry = db.session.scalar(sa.select(AuditEntry))
    assert (entry.action, entry.actor_id, entry.target_type, entry.target_id) == (
        "surveys.create", manager.id, "surveys", str(survey.id))  # fmt: skip
    assert entry.details == {"slug": "nguoi-dan-2026"}


@pytest.mark.parametrize("slug", ["ab", "-abc", "abc-", "Abc", "có-dấu", "a_b", "a b", "x" * 65])
def test_bad_slugs_are_refused(db, manager, slug):
    with pytest.raises(SurveyError) as caught:
        create_survey(slug=slug, audience="staff", title="T", languages=[], is_anonymous=True,
                      actor=manager)  # fmt: skip
    assert caught.value.field == "slug"
    assert str(caught.value).startswith("Đường dẫn rút gọn gồm 3-64 ký tự a-z, 0-9")
    assert db.session.scalar(sa.select(sa.func.count(Survey.id))) == 0


def test_duplicate_slug_and_unknown_audience_are_refused(db, manager):
    new_survey(manager, slug="abc")
    with pytest.raises(SurveyError, match="Đã có khảo sát dùng đường dẫn abc") as caught:
        new_survey(manager, slug="abc")
    assert caught.value.field == "slug"
    with pytest.raises(SurveyError, match="Đối tượng khảo sát không hợp lệ"):
        create_survey(slug="xyz", audience="students", title="T", languages=[],
                      is_anonymous=True, actor=manager)  # fmt: skip


def test_publish_freezes_version_one_with_the_hash_of_the_canonical_draft(db, manager):
    survey = new_survey(manager)
    version = publish_survey(survey, actor=manager)
    survey = reloaded(db, survey)

    canonical = parse_definition(RAW)
    assert survey.status == "open"
    assert survey.draft == canonical
    (stored,) = survey.versions
    assert stored.id == version.id
    assert (stored.number, stored.definition, stored.published_by_id) == (1, canonical, manager.id)
    assert stored.content_hash == content_hash(canonical)
    publish = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "surveys.publish"))
    assert publish.details == {"version": 1, "hash": content_hash(canonical)}


def test_editing_the_draft_after_publishing_leaves_version_one_alone(db, manager):
    survey = new_survey(manager)
    publish_survey(survey, actor=manager)
    survey = reloaded(db, survey)
    frozen, digest = parse_definition(RAW), survey.versions[0].content_hash

    changed = parse_definition(RAW)
    changed["pages"][0]["questions"][0]["text"] = {"vi": "Kênh nào hiệu quả nhất?"}
    edit_draft(survey, changed)
    survey = reloaded(db, survey)

    version = db.session.scalar(sa.select(SurveyVersion))
    assert version.definition == frozen
    assert version.content_hash == digest == content_hash(frozen)
    assert survey.draft["pages"][0]["questions"][0]["text"] == {"vi": "Kênh nào hiệu quả nhất?"}


def test_publishing_changes_makes_version_two_and_no_change_makes_none(db, manager):
    survey = new_survey(manager)
    publish_survey(survey, actor=manager)
    assert publish_survey(survey, actor=manager) is None
    assert [v.number for v in reloaded(db, survey).versions] == [1]

    changed = parse_definition(RAW)
    changed["pages"][1]["questions"].append(question("extra", "note"))
    edit_draft(survey, changed)
    second = publish_survey(survey, actor=manager)
    survey = reloaded(db, survey)

    assert [v.number for v in survey.versions] == [1, 2]
    assert second.content_hash == content_hash(parse_definition(changed))
    assert survey.versions[0].content_hash == content_hash(parse_definition(RAW))
    assert audit_actions(db, survey.id).count("surveys.publish") == 3


def test_a_survey_version_cannot_be_updated(db, manager):
    survey = new_survey(manager)
    publish_survey(survey, actor=manager)
    survey = reloaded(db, survey)
    version = survey.versions[0]

    version.content_hash = "0" * 64
    with pytest.raises(ValueError, match="is published and cannot change"):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(SurveyVersion, version.id).content_hash == content_hash(
        parse_definition(RAW)
    )


def test_changing_a_published_code_is_refused_with_its_place(db, manager):
    survey = new_survey(manager)
    publish_survey(survey, actor=manager)
    survey = reloaded(db, survey)
    changed = parse_definition(RAW)
    changed["pages"][0]["questions"][0]["options"][1]["code"] = "truyen_hinh"

    with pytest.raises(SurveyError) as refused:
        edit_draft(survey, changed)
    assert (
        str(refused.value)
        == "trang 1, câu hỏi `channel`: mã `tv` đã công bố không thể xóa hoặc đổi"
    )

    survey.draft = changed  # a draft stored without edit_draft is still checked on publishing
    with pytest.raises(DefinitionInvalidError) as caught:
        publish_survey(survey, actor=manager)
    assert [str(e) for e in caught.value.errors] == [
        "trang 1, câu hỏi `channel`: mã `tv` đã công bố không thể xóa hoặc đổi"
    ]
    db.session.rollback()
    survey = reloaded(db, survey)
    assert [v.number for v in survey.versions] == [1]
    assert survey.draft == parse_definition(RAW)


def test_an_invalid_draft_cannot_be_published(db, manager):
    survey = create_survey(slug="rong", audience="event", title="Sự kiện", languages=[],
                           is_anonymous=True, actor=manager)  # fmt: skip
    with pytest.raises(DefinitionInvalidError, match="khảo sát cần ít nhất một trang"):
        publish_survey(survey, actor=manager)
    assert survey.status == "draft"


def test_clone_wave_starts_a_draft_from_the_latest_version(db, manager):
    survey = new_survey(manager)
    publish_survey(survey, actor=manager)
    unpublished = parse_definition(RAW)
    unpublished["pages"][0]["questions"].append(question("unpublished"))
    edit_draft(survey, unpublished)
    db.session.commit()

    wave = clone_wave(survey, slug="can-bo-2027", opens_at=start_of_day(date(2027, 1, 1)),
                      closes_at=None, actor=manager)  # fmt: skip
    wave = reloaded(db, wave)

    assert (wave.slug, wave.series, wave.wave, wave.status, wave.audience) == (
        "can-bo-2027", "can-bo-2026", 2, "draft", "staff")  # fmt: skip
    assert wave.draft == parse_definition(RAW)
    assert wave.versions == []
    assert wave.opens_at == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    third = clone_wave(wave, slug="can-bo-2028", opens_at=None, closes_at=None, actor=manager)
    assert (third.series, third.wave) == ("can-bo-2026", 3)
    with pytest.raises(SurveyError, match="Đã có khảo sát dùng đường dẫn can-bo-2027"):
        clone_wave(survey, slug="can-bo-2027", opens_at=None, closes_at=None, actor=manager)
    clone = db.session.scalar(
        sa.select(AuditEntry).where(
            AuditEntry.target_id == str(wave.id), AuditEntry.action == "surveys.clone"
        )
    )
    assert clone.details == {"source": "can-bo-2026", "wave": 2}


def test_the_whole_lifecycle_is_in_the_audit_log(db, manager):
    survey = new_survey(manager)
    publish_survey(survey, actor=manager)
    for action in ("close", "reopen", "close", "archive"):
        change_status(survey, action, actor=manager)
    wave = clone_wave(survey, slug="can-bo-dot-2", opens_at=None, closes_at=None, actor=manager)
    db.session.commit()

    assert audit_actions(db, survey.id) == [
        "surveys.create", "surveys.publish", "surveys.close", "surveys.reopen", "surveys.close",
        "surveys.archive",
    ]  # fmt: skip
    assert audit_actions(db, wave.id) == ["surveys.clone"]
    actors = set(db.session.scalars(sa.select(AuditEntry.actor_id)))
    assert actors == {manager.id}
