"""Reading what the bank pages need: the surveys that can take bank items."""

import sqlalchemy as sa

from app.extensions import db
from app.surveys.models import Survey


def list_draft_surveys() -> list[Survey]:
    """Draft surveys, newest first: the only ones bank items are added to."""
    query = (
        sa.select(Survey)
        .where(Survey.status == "draft")
        .order_by(Survey.created_at.desc(), Survey.id.desc())
    )
    return list(db.session.scalars(query))
