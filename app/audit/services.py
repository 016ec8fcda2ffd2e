"""Writing to the audit log. Every administrative action calls record()."""

from typing import Any

from app.audit.models import AuditEntry
from app.extensions import db


def record(
    actor, action: str, target: Any = None, *, target_type: str | None = None, **details: Any
) -> AuditEntry:
    """Add an audit entry in the current transaction.

    :param actor: the User who acted, or None for the system (CLI, seed).
    :param target: a model instance (its table name and id are stored) or None.
    :param details: JSON-serialisable facts about the action; never passwords.
    """
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target_type or (target.__tablename__ if target is not None else None),
        target_id=str(target.id) if target is not None else None,
        details=details,
    )
    db.session.add(entry)
    return entry
