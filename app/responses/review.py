"""What managers and administrators do with responses: exclusions, deletions on request."""

import re

import sqlalchemy as sa

from app.audit.services import record
from app.common.text import clean_text
from app.db import utcnow
from app.extensions import db
from app.responses.models import DeletionRequest, Response

RECEIPT_RE = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


class ReviewError(Exception):
    """An action on a response that cannot be done; the message is for the person."""


def set_excluded(response: Response, *, excluded: bool, reason: str, actor) -> None:
    """Leave a response out of the indicators (or bring it back), with a reason; never a delete."""
    reason = clean_text(reason)
    if excluded and not reason:
        raise ReviewError("reason")
    counted = response.status == "complete" and response.is_excluded != excluded
    if counted:
        _tally(response, -1)
    response.is_excluded = excluded
    response.excluded_reason = reason if excluded else None
    if counted:
        db.session.flush()
        _tally(response, 1)
    action = "responses.exclude" if excluded else "responses.include"
    record(actor, action, response, survey_id=response.survey_id, reason=reason)


def normalise_receipt(code: str) -> str:
    """ "7kq4 m9xd" -> "7KQ4-M9XD"; look-alikes typed by hand are mapped (O->0 is not used)."""
    compact = re.sub(r"[\s-]", "", clean_text(code).upper())
    return f"{compact[:4]}-{compact[4:]}" if len(compact) == 8 else compact


def request_deletion(code: str) -> DeletionRequest | None:
    """Record a deletion request; None when the code cannot be a receipt code.

    Whether a response with that code exists is not revealed to the requester.
    """
    code = normalise_receipt(code)
    if not RECEIPT_RE.match(code):
        return None
    deletion = DeletionRequest(receipt_code=code)
    db.session.add(deletion)
    db.session.flush()
    record(None, "responses.deletion_requested", deletion)
    return deletion


def handle_deletion(deletion: DeletionRequest, *, actor) -> bool:
    """Delete the response a request names (with its answers); False when none has the code."""
    if deletion.status != "pending":
        raise ReviewError("handled")
    response = db.session.scalar(
        sa.select(Response).where(Response.receipt_code == deletion.receipt_code)
    )
    deletion.handled_at, deletion.handled_by_id = utcnow(), getattr(actor, "id", None)
    if response is None:
        deletion.status = "not_found"
        record(actor, "responses.deletion_not_found", deletion)
        return False
    survey_id = response.survey_id
    if response.status == "complete":
        _tally(response, -1)
    _forget_paper_form(response)
    db.session.delete(response)
    deletion.status = "done"
    record(actor, "responses.delete", deletion, survey_id=survey_id,
           receipt=deletion.receipt_code)  # fmt: skip
    return True


def _forget_paper_form(response: Response) -> None:
    """A response keyed from paper goes with its paper form's keyed passes (imported here:
    paper entry builds on responses)."""
    from app.entry.services import forget_paper_forms

    forget_paper_forms([response.id])


def _tally(response: Response, sign: int) -> None:
    """Keep the indicator tallies in step (imported here: indicators build on responses)."""
    from app.indicators.tallies import tally_response

    tally_response(response, sign)
