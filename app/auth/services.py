"""Accounts: signing in, creating users, passwords, roles and deactivation."""

import re
import secrets

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit.services import record
from app.auth.models import ROLES, User
from app.common.text import clean_text, has_control_chars
from app.extensions import db

MIN_PASSWORD_LENGTH = 10
# Checked when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
# No look-alike characters, so a password read aloud or from paper is typed right.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet


class AccountError(Exception):
    """An account operation that cannot be done; the message is shown to the person.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    return clean_text(email).lower()


def looks_like_email(email: str) -> bool:
    """A plausible address: one @, a dot in the domain, no spaces or control characters."""
    return len(email) <= 254 and bool(EMAIL_RE.match(email)) and not has_control_chars(email)


def generate_password(length: int = 14) -> str:
    """A random password that is easy to read and type."""
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why a new password is not acceptable, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Mật khẩu phải có ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH)
    if len(password) > 128:
        return _("Mật khẩu phải có tối đa 128 ký tự.")
    if email and password.lower() == email.lower():
        return _("Mật khẩu không được trùng với địa chỉ thư điện tử.")
    return None


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = get_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    user.touch_login()
    record(user, "auth.login", user)
    return user


def create_user(
    email: str,
    full_name: str,
    *,
    role: str = "staff",
    unit=None,
    password: str | None = None,
    actor=None,
) -> tuple[User, str | None]:
    """Create an account; returns it and the generated password when none was given.

    A generated password must be changed at the first sign-in.
    """
    email = normalise_email(email)
    if not looks_like_email(email):
        raise AccountError(
            _("Địa chỉ thư điện tử không đúng dạng: %(email)s", email=email), "email"
        )
    if role not in ROLES:
        raise AccountError(_("Vai trò không hợp lệ: %(role)s", role=role))
    if get_user_by_email(email) is not None:
        raise AccountError(_("Đã có tài khoản với địa chỉ %(email)s.", email=email), field="email")
    generated = None
    if password is None:
        password = generated = generate_password()
    problem = password_problem(password, email=email)
    if problem:
        raise AccountError(problem, field="password")
    user = User(email=email, full_name=clean_text(full_name), role=role, unit=unit)
    user.set_password(password, _hash_method())
    user.must_change_password = generated is not None
    db.session.add(user)
    db.session.flush()
    record(actor, "users.create", user, email=email, role=role, unit=unit.code if unit else None)
    return user, generated


def sign_out(user: User) -> None:
    """End every session of the account: a copied session cookie stops working too."""
    user.end_sessions()
    record(user, "auth.logout", user)


def record_failed_login(email: str) -> None:
    """Log a failed sign-in; the typed text is kept only when it is an account's address
    (it may be a password typed into the wrong field)."""
    user = get_user_by_email(email)
    record(None, "auth.login_failed", user, email=user.email if user else None)


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one."""
    if not user.check_password(current):
        raise AccountError(_("Mật khẩu hiện tại không đúng."), field="current")
    set_password(user, new, actor=user)


def set_password(user: User, new: str, *, actor) -> None:
    """Set a new password (ends the account's other sessions)."""
    problem = password_problem(new, email=user.email)
    if problem:
        raise AccountError(problem, field="new")
    user.set_password(new, _hash_method())
    user.must_change_password = actor is not user
    record(actor, "users.password", user)


def reset_password(user: User, *, actor) -> str:
    """Give an account a new generated password that must be changed at the next sign-in."""
    password = generate_password()
    set_password(user, password, actor=actor)
    return password


def update_user(user: User, *, actor, full_name: str, role: str, unit) -> None:
    """Change a user's name, role and unit; the last administrator keeps the role."""
    if role not in ROLES:
        raise AccountError(_("Vai trò không hợp lệ: %(role)s", role=role))
    if user.role == "admin" and role != "admin" and user.is_active and _active_admins() <= 1:
        raise AccountError(_("Không thể bỏ quyền của quản trị viên cuối cùng."))
    changes = {}
    for key, value in (("full_name", clean_text(full_name)), ("role", role), ("unit", unit)):
        old = getattr(user, key)
        if old != value:
            changes[key] = [getattr(old, "code", old), getattr(value, "code", value)]
            setattr(user, key, value)
    if changes:
        record(actor, "users.update", user, changes=changes)


def deactivate_user(user: User, *, actor) -> None:
    """Deactivate an account: its sessions end and it can no longer sign in."""
    if user.id == getattr(actor, "id", None):
        raise AccountError(_("Không thể tự vô hiệu hóa tài khoản của mình."))
    if user.role == "admin" and _active_admins() <= 1:
        raise AccountError(_("Không thể vô hiệu hóa quản trị viên cuối cùng."))
    user.deactivate()
    record(actor, "users.deactivate", user)


def reactivate_user(user: User, *, actor) -> None:
    user.reactivate()
    record(actor, "users.reactivate", user)


def _hash_method() -> str:
    return current_app.config["PASSWORD_HASH_METHOD"]


def _active_admins() -> int:
    query = sa.select(sa.func.count(User.id)).where(User.role == "admin", User.is_active_account)
    return db.session.scalar(query)


def ensure_admin(email: str, password: str | None) -> tuple[User, str | None] | None:
    """Create the first administrator when there is none; None when one exists."""
    exists = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.role == "admin"))
    if exists:
        return None
    return create_user(email, _("Quản trị viên"), role="admin", password=password)
