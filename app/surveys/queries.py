"""Reading surveys."""

import sqlalchemy as sa

from app.extensions import db
from app.surveys.models import Survey


def get_survey(survey_id: int) -> Survey | None:
    return db.session.get(Survey, survey_id)


def get_survey_by_slug(slug: str) -> Survey | None:
    return db.session.scalar(sa.select(Survey).where(Survey.slug == slug))


def list_surveys(*, status: str | None = None, audience: str | None = None) -> sa.Select:
    """Surveys, newest first; versions load in one extra query (Survey.versions is selectin)."""
    query = sa.select(Survey).order_by(Survey.created_at.desc(), Survey.id.desc())
    if status:
        query = query.where(Survey.status == status)
    if audience:
        query = query.where(Survey.audience == audience)
    return query


def next_wave_number(series: str) -> int:
    """The number the next wave of a series gets."""
    last = db.session.scalar(sa.select(sa.func.max(Survey.wave)).where(Survey.series == series))
    return (last or 0) + 1
