"""Assisted interviews: an enumerator reads the questions, records the answers on a phone and
sends the whole interview at once, through a respondent code of a sample design.

An interview may be recorded offline and sent later, perhaps twice (a retry after a lost
answer from the server). It carries the id the browser gave it, stored as the response's
submission id, so a second sending finds the first and stores nothing.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app.entry.answers import posted_fields, read_entry
from app.extensions import db
from app.fieldwork.models import ContactOutcome, EnumeratorAssignment
from app.responses.models import Link, Response
from app.responses.services import (
    ResponseError,
    existing_response,
    link_problem,
    save_page,
    start_response,
    submit_response,
)
from app.sampling.codes import format_code, normalise_code
from app.units.queries import list_communes

SUBMISSION_ID_LENGTH = (16, 32)  # what a browser-made id may be: 16 to 32 characters


class InterviewError(Exception):
    """The interview cannot be stored; ``message`` says why. ``status`` is the HTTP status
    the sending page gets: 409 for a code used elsewhere, 403 for a commune not assigned…"""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


class InterviewInputError(Exception):
    """Answers that do not pass the web form's checks: messages by question code."""

    def __init__(self, errors: dict):
        super().__init__("invalid answers")
        self.errors = errors


@dataclass(frozen=True)
class Stored:
    """What sending an interview did: ``created`` False means it had been stored before."""

    response: Response
    created: bool


@dataclass
class Interview:
    """An interview as sent: the code, the answer fields and the browser's id for it."""

    code: str
    fields: dict = field(default_factory=dict)
    submission_id: str | None = None


def is_assigned(user, survey_id: int, commune_id: int) -> bool:
    return (
        db.session.scalar(
            sa.select(EnumeratorAssignment.id).where(
                EnumeratorAssignment.user_id == user.id,
                EnumeratorAssignment.survey_id == survey_id,
                EnumeratorAssignment.commune_id == commune_id,
            )
        )
        is not None
    )


def valid_submission_id(value) -> bool:
    """A browser-made id: letters, digits, - and _, of a sensible length."""
    low, high = SUBMISSION_ID_LENGTH
    return (
        isinstance(value, str)
        and low <= len(value) <= high
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in value)
    )


def interview_fields(survey, form) -> dict:
    """The answer fields of a posted interview page, as a queued interview carries them."""
    return posted_fields(survey.latest_version.definition, form)


def record_interview(survey, commune, interview: Interview, *, user) -> Stored:
    """Store one assisted interview through its respondent code, complete at once.

    The same interview sent again, even while its first sending is being stored, is found
    by its submission id and stored nothing more; another interview through a used code is
    refused.

    :raises InterviewError: not assigned, unknown or used code, closed survey.
    :raises InterviewInputError: the answers fail the web form's checks.
    """
    if interview.submission_id is not None:
        found = db.session.scalar(
            sa.select(Response).where(Response.submission_id == interview.submission_id)
        )
        if found is not None:
            return _already(found, survey, user)
    if not is_assigned(user, survey.id, commune.id):
        raise InterviewError(_("Ông/Bà không được phân công khảo sát này ở xã, phường này."), 403)
    link = _code_link(survey, commune, interview.code)
    taken = existing_response(survey, link=link)
    if taken is not None:
        if taken.submission_id != interview.submission_id:
            raise _used(link)
        if taken.status != "complete":  # the same interview, still being stored by a resend
            raise InterviewError(_("Phỏng vấn này đang được lưu. Hãy gửi lại sau ít phút."), 202)
        return Stored(taken, created=False)
    if link_problem(link) is not None:
        raise InterviewError(_("Khảo sát hoặc mã này không còn nhận phiếu trả lời."), 410)
    definition = survey.latest_version.definition
    communes = {c.code for c in list_communes()}
    answers, asked = read_entry(definition, interview.fields, communes)
    if answers.errors:
        raise InterviewInputError(answers.errors)
    response = start_response(survey, link=link, mode="assisted", collector=user,
                              submission_id=interview.submission_id)  # fmt: skip
    same = interview.submission_id is None or response.submission_id == interview.submission_id
    if same and response.status == "complete":
        return Stored(response, created=False)  # the same interview, sent twice at once
    if not same or response.status == "complete":
        raise _used(link)  # another interview took the code between the checks and now
    try:
        save_page(response, asked, answers)
    except ResponseError:  # completed meanwhile by a resend of this same interview (SQLite)
        return Stored(response, created=False)
    submit_response(response)
    return Stored(response, created=True)


def _already(found: Response, survey, user) -> Stored:
    """A second sending of a stored interview: the same one, or an id that is not ours."""
    if found.survey_id != survey.id or found.collector_id != user.id:
        raise InterviewError(_("Mã phỏng vấn này không hợp lệ. Hãy tải lại trang."), 409)
    if found.status != "complete":
        raise InterviewError(_("Phỏng vấn này đang được lưu. Hãy gửi lại sau ít phút."), 202)
    return Stored(found, created=False)


def _code_link(survey, commune, typed: str) -> Link:
    """The unused respondent code of this survey and commune that ``typed`` names."""
    code = normalise_code(typed or "")
    link = db.session.scalar(sa.select(Link).where(Link.code == code)) if code else None
    if link is None or link.survey_id != survey.id or link.sample_assignment_id is None:
        raise InterviewError(_("Không có mã người trả lời này trong khảo sát."), 422)
    if link.commune_id != commune.id:
        raise InterviewError(
            _("Mã %(code)s thuộc xã, phường khác.", code=format_code(link.code)), 422
        )
    if db.session.scalar(sa.select(ContactOutcome.id).where(ContactOutcome.link_id == link.id)):
        raise InterviewError(
            _("Mã %(code)s đã được ghi là không phỏng vấn được.", code=format_code(link.code))
        )
    return link


def _used(link: Link) -> InterviewError:
    return InterviewError(
        _("Mã %(code)s đã có phiếu trả lời. Hãy dùng mã khác.", code=format_code(link.code))
    )
