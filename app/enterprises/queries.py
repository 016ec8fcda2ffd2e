"""Reading the enterprise register."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.enterprises.models import Enterprise


def list_enterprises(kind: str | None = None) -> sa.Select:
    """Enterprises by name, their commune loaded in the same query."""
    query = sa.select(Enterprise).options(joinedload(Enterprise.commune)).order_by(Enterprise.name)
    if kind:
        query = query.where(Enterprise.kind == kind)
    return query
