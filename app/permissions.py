"""Who may do what: pure predicates, and one decorator for role-gated views."""

from functools import wraps

from flask import abort
from flask_login import current_user

# Enumerators rank below staff: they answer no staff survey and manage nothing; what they
# may open is decided by their assignments (app.fieldwork).
ROLE_RANK = {"enumerator": 0, "staff": 1, "manager": 2, "admin": 3}


def has_role(user, role: str) -> bool:
    """True when ``user`` is signed in, active and holds ``role`` or a higher one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return ROLE_RANK.get(user.role, 0) >= ROLE_RANK[role]


def can_manage(user) -> bool:
    """Managers (and administrators) build surveys, read indicators and issue reports."""
    return has_role(user, "manager")


def can_administer(user) -> bool:
    """Administrators manage users, units, settings and read the audit log."""
    return has_role(user, "admin")


def role_required(role: str):
    """Anonymous visitors go to the login page; signed-in users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from app.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_role(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
