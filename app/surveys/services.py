"""Survey operations: create, edit the draft, publish, close, reopen, archive, clone a wave."""

import re
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.extensions import db
from app.surveys import drafts
from app.surveys.compat import breaking_changes
from app.surveys.definition import (
    DefinitionInvalidError,
    content_hash,
    parse_definition,
)
from app.surveys.models import AUDIENCES, SLUG_PATTERN, Survey, SurveyVersion
from app.surveys.queries import next_wave_number

SLUG_RE = re.compile(SLUG_PATTERN)


class SurveyError(Exception):
    """A survey operation that cannot be done; ``field`` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check_slug(slug: str, survey: Survey | None = None) -> None:
    if not SLUG_RE.match(slug):
        raise SurveyError(
            _("Đường dẫn rút gọn gồm 3-64 ký tự a-z, 0-9 và dấu gạch ngang, ví dụ nguoi-dan-2026"),
            "slug",
        )
    query = sa.select(Survey.id).where(Survey.slug == slug)
    if survey is not None and survey.id is not None:
        query = query.where(Survey.id != survey.id)
    if db.session.scalar(query) is not None:
        raise SurveyError(_("Đã có khảo sát dùng đường dẫn %(slug)s", slug=slug), "slug")


def _check_dates(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and opens_at >= closes_at:
        raise SurveyError(_("Ngày đóng phải sau ngày mở"), "closes_on")


def create_survey(*, slug: str, audience: str, title: str, languages: list[str],
                  is_anonymous: bool, owner_unit=None, actor=None) -> Survey:  # fmt: skip
    """A new draft survey with no pages yet."""
    if audience not in AUDIENCES:
        raise SurveyError(_("Đối tượng khảo sát không hợp lệ"), "audience")
    _check_slug(slug)
    survey = Survey(
        slug=slug, series=slug, wave=1, audience=audience, is_anonymous=is_anonymous,
        owner_unit=owner_unit, created_by_id=getattr(actor, "id", None),
        draft=drafts.empty_definition(title, ["vi", *[x for x in languages if x != "vi"]]),
    )  # fmt: skip
    db.session.add(survey)
    db.session.flush()
    record(actor, "surveys.create", survey, slug=slug)
    return survey


def update_settings(survey: Survey, *, actor, title: str, description: str, languages: list[str],
                    is_anonymous: bool, opens_at, closes_at, owner_unit) -> None:  # fmt: skip
    """Change a survey's settings and the draft's title, description and languages.

    Texts in a language that is removed are removed with it, so the draft stays publishable.
    """
    if not survey.is_editable:
        raise SurveyError(_("Khảo sát đã lưu trữ không thể sửa."))
    _check_dates(opens_at, closes_at)
    languages = ["vi", *[x for x in languages if x != "vi"]]
    draft = drafts.keep_languages(survey.draft, languages)
    draft["title"] = drafts.merge_text(draft.get("title"), title)
    description_text = drafts.merge_text(draft.get("description"), description)
    if description_text:
        draft["description"] = description_text
    else:
        draft.pop("description", None)
    draft["languages"] = languages
    survey.draft = draft
    survey.is_anonymous, survey.owner_unit = is_anonymous, owner_unit
    survey.opens_at, survey.closes_at = opens_at, closes_at
    record(actor, "surveys.settings", survey)


def edit_draft(survey: Survey, new_draft: dict) -> None:
    """Replace the working definition (the result of a drafts.* edit).

    An edit that would remove or re-type a published question or option code is refused at
    once, with the reason, rather than at the next publication.
    """
    if not survey.is_editable:
        raise SurveyError(_("Khảo sát đã lưu trữ không thể sửa."))
    latest = survey.latest_version
    if latest is not None:
        problems = breaking_changes(latest.definition, new_draft)
        if problems:
            raise SurveyError("; ".join(str(p) for p in problems))
    survey.draft = new_draft


def publish_problems(survey: Survey) -> list:
    """Everything that stops the draft from being published, each with its place."""
    try:
        definition = parse_definition(survey.draft)
    except DefinitionInvalidError as exc:
        return exc.errors
    latest = survey.latest_version
    return breaking_changes(latest.definition, definition) if latest else []


def publish_survey(survey: Survey, *, actor) -> SurveyVersion | None:
    """Open the survey with its draft frozen as a new version (none if nothing changed)."""
    problems = publish_problems(survey)
    if problems:
        raise DefinitionInvalidError(problems)
    definition = parse_definition(survey.draft)
    digest = content_hash(definition)
    survey.move("publish")
    survey.draft = definition
    latest = survey.latest_version
    version = None
    if latest is None or latest.content_hash != digest:
        version = SurveyVersion(
            survey=survey, number=(latest.number + 1 if latest else 1), definition=definition,
            content_hash=digest, published_by_id=getattr(actor, "id", None),
        )  # fmt: skip
        db.session.add(version)
    db.session.flush()
    record(actor, "surveys.publish", survey, version=survey.latest_version.number, hash=digest)
    return version


def change_status(survey: Survey, action: str, *, actor) -> None:
    """Close, reopen or archive (publishing goes through publish_survey)."""
    if action == "reopen" and survey.latest_version is None:
        raise SurveyError(_("Khảo sát chưa có phiên bản nào để mở lại."))
    before = survey.status
    survey.move(action)
    record(actor, f"surveys.{action}", survey, before=before, after=survey.status)


def clone_wave(survey: Survey, *, slug: str, opens_at, closes_at, actor) -> Survey:
    """A new wave: same codes and texts (from the latest version), new slug and dates."""
    _check_slug(slug)
    _check_dates(opens_at, closes_at)
    source = survey.latest_version.definition if survey.latest_version else survey.draft
    wave = Survey(
        slug=slug, series=survey.series, wave=next_wave_number(survey.series),
        audience=survey.audience,
        is_anonymous=survey.is_anonymous, owner_unit_id=survey.owner_unit_id,
        opens_at=opens_at, closes_at=closes_at, draft=source,
        created_by_id=getattr(actor, "id", None),
    )  # fmt: skip
    db.session.add(wave)
    db.session.flush()
    record(actor, "surveys.clone", wave, source=survey.slug, wave=wave.wave)
    return wave
