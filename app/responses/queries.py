"""Reading links and responses."""

import sqlalchemy as sa

from app.extensions import db
from app.responses.filters import ResponseFilters
from app.responses.models import Link, Response
from app.surveys.models import Survey


def get_link_by_token(token: str) -> Link | None:
    """The link for a token; tokens are looked up by index, never compared one by one."""
    if len(token) > 32 or not token.isascii() or not token.isprintable():
        return None
    # Respondents' pages read the published version, never the survey's working draft.
    query = sa.select(Link).where(Link.token == token)
    return db.session.scalar(query.options(sa.orm.joinedload(Link.survey).defer(Survey.draft)))


def get_response(submission_id: str, *, link: Link | None = None, user=None) -> Response | None:
    """A response by its submission id, only through the link or account it belongs to."""
    if len(submission_id) > 32 or not submission_id.isascii() or not submission_id.isprintable():
        return None
    query = sa.select(Response).where(Response.submission_id == submission_id)
    if link is not None:
        query = query.where(Response.link_id == link.id)
    if user is not None:
        query = query.where(Response.user_id == user.id)
    return db.session.scalar(query)


def open_staff_surveys(user) -> list[tuple[Survey, Response | None]]:
    """Open staff surveys with this staff member's response (None when not started)."""
    query = (
        sa.select(Survey, Response)
        .outerjoin(Response, (Response.survey_id == Survey.id) & (Response.user_id == user.id))
        .where(Survey.audience == "staff", Survey.status == "open")
        .order_by(Survey.created_at.desc())
    )
    return [(survey, response) for survey, response in db.session.execute(query)]


def list_links(survey_id: int) -> list[Link]:
    """A survey's links, newest first, with their communes loaded in the same query.

    Respondent codes of sample designs (hundreds per design) are left out: their design's
    page and assignment sheets list them.
    """
    from sqlalchemy.orm import joinedload

    query = (
        sa.select(Link)
        .where(Link.survey_id == survey_id, Link.sample_assignment_id.is_(None))
        .options(joinedload(Link.commune), joinedload(Link.unit))  # no query per row
        .order_by(Link.created_at.desc(), Link.id.desc())
    )
    return list(db.session.scalars(query))


def get_link(survey_id: int, link_id: int) -> Link | None:
    """A link, only within its survey."""
    return db.session.scalar(sa.select(Link).where(Link.id == link_id, Link.survey_id == survey_id))


def list_responses(survey_id: int, filters: ResponseFilters | None = None) -> sa.Select:
    """A survey's responses, newest first, narrowed by the filters; link and commune joined."""
    from sqlalchemy.orm import joinedload, noload

    query = (
        sa.select(Response)
        .where(Response.survey_id == survey_id)
        # The list shows no answers: do not load them (Response.answers is selectin).
        .options(joinedload(Response.link), joinedload(Response.commune), noload(Response.answers))
        .order_by(Response.started_at.desc(), Response.id.desc())
    )
    return (filters or ResponseFilters()).apply(query)


def get_survey_response(survey_id: int, response_id: int) -> Response | None:
    """A response, only within its survey."""
    query = sa.select(Response).where(Response.id == response_id, Response.survey_id == survey_id)
    return db.session.scalar(query)


def list_deletion_requests() -> sa.Select:
    """Deletion requests, pending first, then newest."""
    from app.responses.models import DeletionRequest

    pending_first = sa.case((DeletionRequest.status == "pending", 0), else_=1)
    return sa.select(DeletionRequest).order_by(pending_first, DeletionRequest.created_at.desc())
