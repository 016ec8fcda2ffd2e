"""Status changes (publish, close, reopen, archive), dates in Vietnamese days, and settings."""

import contextlib
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.common.timezones import end_of_day, start_of_day
from app.surveys.definition import parse_definition
from app.surveys.models import SurveyStateError
from app.surveys.services import (
    SurveyError,
    change_status,
    edit_draft,
    publish_problems,
    publish_survey,
)
from tests.factories import make_user
from tests.surveys.helpers import RAW, definition, new_survey, question, reloaded, settings


@pytest.fixture
def manager(db):
    return make_user("manager")


ALLOWED = {
    "publish": {"draft", "open"},
    "close": {"open"},
    "reopen": {"closed"},
    "archive": {"draft", "closed"},
}


@pytest.mark.parametrize("status", ["draft", "open", "closed", "archived"])
@pytest.mark.parametrize("action", ["close", "reopen", "archive"])
def test_status_changes_are_guarded(db, manager, status, action):
    survey = new_survey(manager)
    publish_survey(survey, actor=manager)
    survey.status = status
    db.session.commit()

    if status in ALLOWED[action]:
        change_status(survey, action, actor=manager)
        survey = reloaded(db, survey)
        assert survey.status == {"close": "closed", "reopen": "open", "archive": "archived"}[action]
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.details) == (
            f"surveys.{action}", {"before": status, "after": survey.status})  # fmt: skip
    else:
        with pytest.raises(SurveyStateError) as caught:
            change_status(survey, action, actor=manager)
        assert (caught.value.action, caught.value.status) == (action, status)
        assert reloaded(db, survey).status == status


def test_publishing_an_archived_survey_is_refused(db, manager):
    survey = new_survey(manager)
    survey.status = "archived"
    with pytest.raises(SurveyStateError):
        publish_survey(survey, actor=manager)
    assert reloaded(db, survey).versions == []


def test_publishing_a_closed_survey_makes_a_version_and_keeps_it_closed(db, manager):
    survey = new_survey(manager)
    survey.status = "closed"
    publish_survey(survey, actor=manager)
    db.session.commit()
    survey = reloaded(db, survey)
    assert (survey.status, [v.number for v in survey.versions]) == ("closed", [1])


def test_reopen_without_any_version_is_refused(db, manager):
    survey = new_survey(manager)
    survey.status = "closed"
    with pytest.raises(SurveyError, match=r"Khảo sát chưa có phiên bản nào để mở lại\."):
        change_status(survey, "reopen", actor=manager)


def test_an_archived_draft_cannot_be_edited(db, manager):
    survey = new_survey(manager)
    change_status(survey, "archive", actor=manager)
    with pytest.raises(SurveyError, match=r"Khảo sát đã lưu trữ không thể sửa\."):
        edit_draft(survey, definition([question("x")]))


def test_an_archived_survey_settings_cannot_be_changed(db, manager):
    survey = new_survey(manager, raw=parse_definition(RAW))
    change_status(survey, "archive", actor=manager)
    db.session.commit()
    with contextlib.suppress(SurveyError):
        settings(survey, manager, title="Tên mới")
    assert reloaded(db, survey).draft["title"] == {"vi": "Khảo sát thử"}


def test_accepts_responses_within_its_vietnamese_days(db, manager):
    survey = new_survey(manager)
    publish_survey(survey, actor=manager)
    settings(survey, manager, opens_at=start_of_day(date(2026, 3, 1)),
             closes_at=end_of_day(date(2026, 3, 31)))  # fmt: skip
    survey = reloaded(db, survey)

    assert survey.opens_at == datetime(2026, 2, 28, 17, 0, tzinfo=UTC)
    assert survey.closes_at == datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    assert not survey.accepts_responses(now=datetime(2026, 2, 28, 16, 59, 59, tzinfo=UTC))
    assert survey.accepts_responses(now=datetime(2026, 2, 28, 17, 0, tzinfo=UTC))
    assert survey.accepts_responses(now=datetime(2026, 3, 31, 16, 59, 59, tzinfo=UTC))
    assert not survey.accepts_responses(now=datetime(2026, 3, 31, 17, 0, tzinfo=UTC))
    change_status(survey, "close", actor=manager)
    assert not survey.accepts_responses(now=datetime(2026, 3, 15, tzinfo=UTC))


def test_accepts_responses_needs_open_status_and_no_dates_means_always(db, manager):
    survey = new_survey(manager)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert not survey.accepts_responses(now=now)
    publish_survey(survey, actor=manager)
    assert survey.accepts_responses(now=now)


def test_closing_day_must_be_after_opening_day(db, manager):
    survey = new_survey(manager, raw=parse_definition(RAW))
    with pytest.raises(SurveyError, match="Ngày đóng phải sau ngày mở") as caught:
        settings(survey, manager, opens_at=start_of_day(date(2026, 3, 2)),
                 closes_at=start_of_day(date(2026, 3, 2)))  # fmt: skip
    assert caught.value.field == "closes_on"


def test_dropping_a_language_keeps_the_survey_publishable(db, manager):
    raw = {**RAW, "title": {"vi": "Khảo sát cán bộ", "en": "Staff survey"}}
    survey = new_survey(manager, raw=parse_definition(raw))
    settings(survey, manager, languages=["vi"])

    assert [str(p) for p in publish_problems(survey)] == []
