"""Reading the audit log."""

import sqlalchemy as sa

from app.audit.models import AuditEntry


def list_entries(*, action: str | None = None, actor_id: int | None = None) -> sa.Select:
    """Audit entries, newest first, optionally narrowed to one action or actor."""
    query = sa.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action == action)
    if actor_id:
        query = query.where(AuditEntry.actor_id == actor_id)
    return query


def list_actions() -> sa.Select:
    """The distinct actions present in the log, for the filter."""
    return sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)
