"""Responding: starting a response, saving each page, submitting it once."""

import hashlib
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.db import utcnow
from app.extensions import db
from app.responses.answer_map import build_answer_map, question_types
from app.responses.answers import OTHER, PageAnswers
from app.responses.models import Answer, Link, Response, new_receipt_code, new_token
from app.surveys.logic import shown_answers, visible_pages, visible_questions
from app.surveys.models import Survey


class ResponseError(Exception):
    """The response cannot go on; ``reason`` says why (for the 410/409 page)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# The responses started through a public link in the session's current transaction: nobody
# else can see them yet, so saving a page need not lock, clear or reload their answers, and
# submitting them needs no guard against a concurrent submission.
STARTED = "responses_started"


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_started(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction, not a savepoint
        session.info.pop(STARTED, None)
        session.info.pop(COUNTS, None)  # rolled back (a commit has taken them already)


def link_problem(link: Link, now: datetime | None = None) -> str | None:
    """Why a link cannot take a new response now, or None when it can."""
    now = now or utcnow()
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at is not None and now >= link.expires_at:
        return "expired"
    if link.budget is not None and link.completes >= link.budget:
        return "budget"
    survey = link.survey
    if survey.status != "open" or (survey.closes_at and now >= survey.closes_at):
        return "closed"
    if survey.opens_at and now < survey.opens_at:
        return "not_open"
    return None


def count(link: Link, column: str) -> None:
    """Add one to a funnel counter (visits, starts, completes) when the transaction commits.

    Every respondent of a link (one QR poster) updates the same row, so the additions are
    kept until the commit and then made in SQL in one UPDATE: the row is locked only for the
    last statement of the transaction.
    """
    session = db.session()
    if session.in_nested_transaction():  # must roll back with the savepoint if it does
        _add(session, link.id, {column: 1})
        return
    pending = db.session.info.setdefault(COUNTS, {}).setdefault(link.id, {})
    pending[column] = pending.get(column, 0) + 1


COUNTS = "link_counts"


def apply_counts() -> None:
    """Write the pending counter additions now, for code that reads the counters before
    the commit (the demo data)."""
    _apply_counts(db.session())


@sa.event.listens_for(Session, "before_commit")
def _apply_counts(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint's release, not the commit
        return
    for link_id, added in sorted(session.info.pop(COUNTS, {}).items()):  # one lock order
        _add(session, link_id, added)


def _add(session: Session, link_id: int, added: dict[str, int]) -> None:
    """Add to a link's counters in SQL, so concurrent requests never lose a count."""
    columns = {name: getattr(Link, name) + n for name, n in sorted(added.items())}
    session.execute(sa.update(Link).where(Link.id == link_id).values(columns))


def existing_response(survey: Survey, *, user=None, link: Link | None = None) -> Response | None:
    """The response a staff member or an invitation already has for this survey."""
    if user is not None:
        where = (Response.survey_id == survey.id) & (Response.user_id == user.id)
    elif link is not None and link.kind == "invitation":
        where = Response.invitation_link_id == link.id
    else:
        return None
    return db.session.scalar(sa.select(Response).where(where))


def stream_for(link: Link | None, user=None) -> str:
    """The stream a new response belongs to: "sample" through a respondent code of a sample
    design, "census" for staff and other invitations, "open" through a public link."""
    if link is not None and link.sample_assignment_id is not None:
        return "sample"
    if user is not None or (link is not None and link.kind == "invitation"):
        return "census"
    return "open"


def start_response(survey: Survey, *, link: Link | None = None, user=None, language: str = "vi",
                   device_hash: str | None = None, address_hash: str | None = None,
                   mode: str = "self", collector=None,
                   submission_id: str | None = None) -> Response:  # fmt: skip
    """Create the response when its first page is saved (nothing is stored before that).

    For staff and invitations, a second start returns the response that exists; the unique
    constraints decide when two requests race, and the loser reads the winner's row.

    :param mode: "self" when respondents fill the form themselves, "assisted" for an
        enumerator's interview, "paper" for a form keyed in by a clerk.
    :param collector: the enumerator or clerk who records the answers (never the respondent).
    :param submission_id: the id the interview page gave the interview in the browser, so that
        an interview sent twice (offline queue, retry) is stored once.
    """
    found = existing_response(survey, user=user, link=link)
    if found is not None:
        return found
    invitation = link is not None and link.kind == "invitation"
    response = Response(
        survey=survey, survey_id=survey.id, version=survey.latest_version,
        version_id=survey.latest_version.id, link=link, link_id=getattr(link, "id", None),
        invitation_link_id=link.id if invitation else None,
        user_id=getattr(user, "id", None), unit_id=getattr(user, "unit_id", None),
        commune_id=link.commune_id if link is not None else None, language=language,
        stream=stream_for(link, user), mode=mode, device_hash=device_hash,
        address_hash=address_hash, collector_id=getattr(collector, "id", None),
    )  # fmt: skip
    # Known now, so the caller can remember the draft without a flush; no answers to load.
    response.submission_id = submission_id or new_token()
    response.status, response.answers = "draft", []
    if user is None and not invitation and submission_id is None:
        # Nothing unique to race for (a random id, no owner), and nobody else can see the
        # row before the commit. (A savepoint is different: on SQLite, releasing the first
        # savepoint of a transaction commits it, so a response made in one is not "fresh".)
        db.session.add(response)
        db.session.info.setdefault(STARTED, set()).add(response)
    else:
        try:
            with db.session.begin_nested():
                db.session.add(response)
        except IntegrityError:
            found = existing_response(survey, user=user, link=link)
            if found is None:
                raise
            return found
    if link is not None:
        count(link, "starts")
    return response


def save_page(response: Response, questions: list[dict], page: PageAnswers) -> None:
    """Replace the stored answers to these questions with the page's answers.

    The response row is locked first (PostgreSQL; SQLite serialises writers anyway) and the
    old answers are deleted in SQL, so two taps on one page can never leave two copies.
    """
    fresh = _fresh(response)
    if not fresh:
        db.session.flush()  # answers of earlier pages first, so the reload below keeps them
        db.session.refresh(response, with_for_update=True)
    if response.status != "draft":
        raise ResponseError("submitted")
    codes = {q["code"] for q in questions}
    if not fresh:
        db.session.execute(
            sa.delete(Answer).where(
                Answer.response_id == response.id, Answer.question_code.in_(codes)
            )
        )
        db.session.expire(response, ["answers"])
    for question in questions:
        code = question["code"]
        if code not in page.values:
            continue
        value = page.values[code]
        if question["type"] == "consent":
            # The notice version is the hash of its text, so a reworded notice counts anew.
            notice = hashlib.sha256(str(question["text"]).encode()).hexdigest()
            response.consent_at, response.consent_notice = utcnow(), notice[:16]
        if question["type"] == "commune":
            with db.session.no_autoflush:  # the response is written once, with its answers
                response.commune_id = _commune_id(value) or response.commune_id
        response.answers.extend(answer_rows(question, value, page.other.get(code)))
    _remap(response)


def _fresh(response: Response) -> bool:
    """Whether the response was started in this transaction: nobody else can see it yet."""
    return (
        response.id is None
        or response in db.session.new
        or response in db.session.info.get(STARTED, ())
    )


def _remap(response: Response) -> None:
    """Rebuild the response's answer map from its answer rows (see app.responses.answer_map)."""
    types = question_types(response.version.definition)
    response.answer_map = build_answer_map(types, response.answers)


def _commune_id(code: str) -> int | None:
    from app.units.queries import get_unit_by_code

    unit = get_unit_by_code(code)
    return unit.id if unit is not None else None


def answer_rows(question: dict, value, other: str | None) -> list[Answer]:
    """The long-form rows of one answer: one per chosen option, item, or value."""
    code = question["code"]
    kind = question["type"]
    if kind == "multiple_choice":
        return [Answer(question_code=code, option_code=v,
                       text=other if v == OTHER else None) for v in value]  # fmt: skip
    if kind in {"single_choice", "yes_no", "likert5", "commune"}:
        return [Answer(question_code=code, option_code=value,
                       text=other if value == OTHER else None)]  # fmt: skip
    if kind == "likert_matrix":
        return [Answer(question_code=code, item_code=item, option_code=level)
                for item, level in value.items()]  # fmt: skip
    if kind in {"integer", "decimal", "rating10"}:
        return [Answer(question_code=code, number=value)]
    if kind == "date":
        return [Answer(question_code=code, date_value=value)]
    if kind == "consent":
        return [Answer(question_code=code, option_code="yes")]
    return [Answer(question_code=code, text=value)]


def stored_answers(response: Response) -> dict:
    """Answers by question code in the shape show-if conditions compare."""
    values: dict = {}
    for answer in response.answers:
        if answer.number is not None:
            values[answer.question_code] = answer.number
        elif answer.option_code is not None and answer.item_code is None:
            values.setdefault(answer.question_code, []).append(answer.option_code)
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in values.items()}


def missing_required(response: Response) -> list[str]:
    """Codes of required questions on the pages this respondent sees that have no answer."""
    definition = response.version.definition
    answers = shown_answers(definition, stored_answers(response))
    answered = {a.question_code for a in response.answers}
    return [
        q["code"]
        for page in visible_pages(definition, answers)
        for q in visible_questions(page, answers)
        if q.get("required") and q["type"] != "note" and q["code"] not in answered
    ]


def submit_response(response: Response) -> str:
    """Mark the response complete, once: a double tap or a retry returns the same receipt.

    Answers to questions the respondent's path no longer shows are removed first, so a
    changed earlier answer cannot leave stale answers behind.
    """
    if response.status == "complete":
        return response.receipt_code
    definition = response.version.definition
    answers = shown_answers(definition, stored_answers(response))
    shown = {q["code"] for page in visible_pages(definition, answers)
             for q in visible_questions(page, answers)}  # fmt: skip
    for answer in [a for a in response.answers if a.question_code not in shown]:
        response.answers.remove(answer)
    _remap(response)
    receipt, now = new_receipt_code(), utcnow()
    if _fresh(response):
        # Started in this transaction, so no other request can submit it: the row is
        # written once, complete, with its flags (nothing is flushed before the INSERT).
        won = True
        with db.session.no_autoflush:
            flags = review_flags(response)
        response.status, response.submitted_at, response.receipt_code = "complete", now, receipt
    else:
        db.session.flush()
        won = db.session.execute(
            sa.update(Response)
            .where(Response.id == response.id, Response.status == "draft")
            .values(status="complete", submitted_at=now, receipt_code=receipt)
        ).rowcount
        if won:  # the values the UPDATE wrote, so reading them needs no SELECT
            for name, value in (("status", "complete"), ("submitted_at", now),
                                ("receipt_code", receipt)):  # fmt: skip
                set_committed_value(response, name, value)
            flags = review_flags(response)
    if won:
        if flags:
            response.flags = {**(response.flags or {}), **flags}
        if response.link is not None:
            count(response.link, "completes")
        _tally(response, 1)
    else:  # another request submitted it meanwhile: read what it wrote
        db.session.expire(response, ["status", "submitted_at", "receipt_code"])
    return response.receipt_code


BURST_WINDOW = timedelta(minutes=10)
BURST_SIZE = 20  # responses from one address hash to one survey within the window


def review_flags(response: Response) -> dict:
    """Soft signs of repeats, for a manager to review; nobody is turned away by them.

    Hundreds of phones may share one address at an event, so an address alone never flags;
    only a burst does. The same device sending twice is flagged.
    """
    flags = {}
    others = sa.select(sa.func.count(Response.id)).where(
        Response.survey_id == response.survey_id, Response.status == "complete",
        Response.id != response.id,
    )  # fmt: skip
    if response.device_hash and db.session.scalar(
        others.where(Response.device_hash == response.device_hash)
    ):
        flags["same_device"] = True
    if response.address_hash and db.session.scalar(
        others.where(Response.address_hash == response.address_hash,
                     Response.submitted_at >= utcnow() - BURST_WINDOW)
    ) >= BURST_SIZE:  # fmt: skip
        flags["burst"] = True
    return flags


def _tally(response: Response, sign: int) -> None:
    """Keep the indicator tallies in step (imported here: indicators build on responses)."""
    from app.indicators.tallies import tally_response

    tally_response(response, sign)
