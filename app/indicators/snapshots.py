"""Reading frozen snapshots."""

import sqlalchemy as sa

from app.extensions import db
from app.indicators.models import Snapshot


def get_snapshot(snapshot_id: int) -> Snapshot | None:
    return db.session.get(Snapshot, snapshot_id)


def list_snapshots(period: str | None = None) -> list[Snapshot]:
    """Snapshots newest first, with who froze them (joined: one query for the list)."""
    query = (
        sa.select(Snapshot)
        .options(sa.orm.joinedload(Snapshot.frozen_by))
        .order_by(Snapshot.frozen_at.desc(), Snapshot.id.desc())
    )
    if period:
        query = query.where(Snapshot.period == period)
    return list(db.session.scalars(query))
