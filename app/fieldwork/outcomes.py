"""Contact outcomes of respondent codes: why a code of a sample design gave no interview.

A code either yields a response or keeps an outcome (refused, not met, not eligible), never
both: the outcome is what the response rate and the replacements are counted from
(app.sampling.progress). Outcomes come from the enumerator's interview page and from the
coordinators who get the paper assignment sheets back; a mistake is undone by clearing the
outcome, while the code has no response. Both are audited; the free-text note is not copied
into the audit log, as it may describe a person.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.common.text import clean_text, has_control_chars, vietnamese_sort_key
from app.extensions import db
from app.fieldwork.errors import FieldworkError
from app.fieldwork.models import CONTACT_OUTCOMES, ContactOutcome
from app.responses.models import Link, Response
from app.sampling.codes import format_code
from app.sampling.models import SampleAssignment
from app.units.models import Unit

NOTE_LIMIT = 500
# A code's state on the coordinators' page: its response's, else its outcome's, else unused.
CODE_STATES = {
    "completed": _l("Đã hoàn thành"),
    "excluded": _l("Đã loại khi rà soát"),
    "in_progress": _l("Đang làm"),
    **CONTACT_OUTCOMES,
    "unused": _l("Chưa dùng"),
}


def get_outcome(link: Link) -> ContactOutcome | None:
    return db.session.scalar(sa.select(ContactOutcome).where(ContactOutcome.link_id == link.id))


def _has_response(link: Link) -> bool:
    query = sa.select(Response.id).where(Response.invitation_link_id == link.id)
    return db.session.scalar(query) is not None


def record_outcome(link: Link, outcome: str, *, note: str | None, user) -> ContactOutcome:
    """Record why respondent code ``link`` gave no interview; audited.

    :param outcome: a key of ``CONTACT_OUTCOMES`` ("refused", "noncontact", "ineligible").
    :param note: optional free text (at most 500 characters), e.g. "chuyển đi nơi khác".
    :raises FieldworkError: not a sample code, a response exists (in any status), an outcome
        exists already (also when another request recorded one a moment ago), or bad input.
    """
    if link.sample_assignment_id is None:
        raise FieldworkError(_l("Chỉ ghi kết quả liên hệ cho mã người trả lời của mẫu."))
    if outcome not in CONTACT_OUTCOMES:
        raise FieldworkError(_l("Chọn kết quả liên hệ trong danh sách."))
    note = clean_text(note)
    if len(note) > NOTE_LIMIT or has_control_chars(note.replace("\n", "")):
        raise FieldworkError(_l("Ghi chú có tối đa 500 ký tự, không có ký tự điều khiển."))
    code = format_code(link.code)
    if _has_response(link):
        raise FieldworkError(
            _l("Mã %(code)s đã có phiếu trả lời nên không ghi kết quả liên hệ.", code=code)
        )
    if get_outcome(link) is not None:
        raise FieldworkError(_already_recorded(code))
    row = ContactOutcome(
        link_id=link.id,
        outcome=outcome,
        note=note or None,
        recorded_by_id=getattr(user, "id", None),
    )
    try:
        with db.session.begin_nested():  # the unique link_id settles two requests at once
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise FieldworkError(_already_recorded(code)) from None
    record(user, "fieldwork.outcome", link, code=link.code, outcome=outcome, has_note=bool(note))
    return row


def _already_recorded(code: str):
    return _l("Mã %(code)s đã có kết quả liên hệ. Xóa kết quả đó trước nếu cần sửa.", code=code)


def clear_outcome(link: Link, user) -> str:
    """Remove the outcome recorded by mistake for ``link``; returns the outcome removed.

    :raises FieldworkError: the code has no outcome, or it has a response.
    """
    row = get_outcome(link)
    code = format_code(link.code) if link.code else str(link.id)
    if row is None:
        raise FieldworkError(_l("Mã %(code)s chưa có kết quả liên hệ để xóa.", code=code))
    if _has_response(link):
        raise FieldworkError(
            _l("Mã %(code)s đã có phiếu trả lời; không xóa kết quả liên hệ.", code=code)
        )
    removed = row.outcome
    db.session.delete(row)
    db.session.flush()
    record(user, "fieldwork.outcome_cleared", link, code=link.code, outcome=removed)
    return removed


# --- reading: the coordinators' page -----------------------------------------------------------


@dataclass(frozen=True)
class DesignCommune:
    """A drawn commune of a design, for the page's commune list."""

    assignment_id: int
    code: str
    name: str
    short_name: str


def list_design_communes(design_id: int) -> list[DesignCommune]:
    """The design's drawn communes in Vietnamese alphabetical order (UX.md: long lists)."""
    a = SampleAssignment
    query = (
        sa.select(a.id, Unit.code, Unit.name, Unit.short_name)
        .join(Unit, Unit.id == a.commune_id)
        .where(a.design_id == design_id)
    )
    rows = [DesignCommune(*row) for row in db.session.execute(query)]
    return sorted(rows, key=lambda c: vietnamese_sort_key(c.short_name))


@dataclass(frozen=True)
class CodeState:
    """A respondent code of a commune and where it stands."""

    link_id: int
    number: int
    code: str
    is_reserve: bool
    state: str  # a key of CODE_STATES
    note: str | None
    recorded_at: datetime | None

    @property
    def label(self):
        return CODE_STATES[self.state]

    @property
    def has_outcome(self) -> bool:
        return self.state in CONTACT_OUTCOMES

    @property
    def can_record(self) -> bool:
        return self.state == "unused"


def _state(status: str | None, excluded: bool | None, outcome: str | None) -> str:
    if status == "complete":
        return "excluded" if excluded else "completed"
    if status == "draft":
        return "in_progress"
    return outcome or "unused"


def list_commune_codes(assignment_id: int) -> list[CodeState]:
    """The codes of one drawn commune by number, with response and outcome (one query)."""
    query = (
        sa.select(
            Link.id,
            Link.sample_number,
            Link.code,
            Link.is_reserve,
            Response.status,
            Response.is_excluded,
            ContactOutcome.outcome,
            ContactOutcome.note,
            ContactOutcome.recorded_at,
        )
        .outerjoin(Response, Response.invitation_link_id == Link.id)
        .outerjoin(ContactOutcome, ContactOutcome.link_id == Link.id)
        .where(Link.sample_assignment_id == assignment_id)
        .order_by(Link.sample_number)
    )
    return [
        CodeState(
            row.id,
            row.sample_number,
            format_code(row.code),
            row.is_reserve,
            _state(row.status, row.is_excluded, row.outcome),
            row.note,
            row.recorded_at,
        )
        for row in db.session.execute(query)
    ]


def get_design_link(design_id: int, link_id: int) -> Link | None:
    """Respondent code ``link_id`` if it belongs to design ``design_id``."""
    query = (
        sa.select(Link)
        .join(SampleAssignment, SampleAssignment.id == Link.sample_assignment_id)
        .where(Link.id == link_id, SampleAssignment.design_id == design_id)
    )
    return db.session.scalar(query)
