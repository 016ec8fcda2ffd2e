"""Managers give enumerators a survey in some communes, and take it back."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.extensions import db
from app.fieldwork.models import EnumeratorAssignment


class AssignmentError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def assign(survey, enumerator, communes, *, actor) -> int:
    """Give ``enumerator`` the survey in each of ``communes``; existing ones are kept.

    Returns how many assignments were added. The unique (user, survey, commune) triple
    keeps a double post from adding twice.
    """
    if enumerator.role != "enumerator" or not enumerator.is_active:
        raise AssignmentError(_("Chỉ phân công được tài khoản điều tra viên đang hoạt động."))
    if survey.audience != "citizen":
        raise AssignmentError(_("Chỉ phân công phỏng vấn cho khảo sát người dân."))
    have = set(
        db.session.scalars(
            sa.select(EnumeratorAssignment.commune_id).where(
                EnumeratorAssignment.user_id == enumerator.id,
                EnumeratorAssignment.survey_id == survey.id,
            )
        )
    )
    added = []
    for commune in (c for c in communes if c.id not in have):
        row = EnumeratorAssignment(user_id=enumerator.id, survey_id=survey.id,
                                   commune_id=commune.id, created_by_id=actor.id)  # fmt: skip
        try:
            with db.session.begin_nested():  # a double post: the unique triple keeps one
                db.session.add(row)
        except IntegrityError:
            continue
        added.append(commune)
    if added:
        record(actor, "fieldwork.assign", survey, enumerator=enumerator.id,
               communes=[c.code for c in added])  # fmt: skip
    return len(added)


def unassign(assignment: EnumeratorAssignment, *, actor) -> None:
    """Take a commune back from an enumerator; the interviews already sent stay."""
    record(actor, "fieldwork.unassign", assignment.survey, enumerator=assignment.user_id,
           commune=assignment.commune.code)  # fmt: skip
    db.session.delete(assignment)
    db.session.flush()


def get_assignment(assignment_id: int) -> EnumeratorAssignment | None:
    return db.session.get(EnumeratorAssignment, assignment_id)
