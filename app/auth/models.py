"""Staff accounts and their roles."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import db

ROLES = ("enumerator", "staff", "manager", "admin")
ROLE_LABELS = {
    "enumerator": _l("Điều tra viên"),
    "staff": _l("Công chức, viên chức, người lao động"),
    "manager": _l("Quản lý"),
    "admin": _l("Quản trị viên"),
}


def new_session_token() -> str:
    """A random token that identifies the login sessions of one password."""
    return secrets.token_urlsafe(24)


class User(UserMixin, TimestampMixin, db.Model):
    """A person who logs in: enumerator, staff, manager or administrator."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("role IN ('enumerator', 'staff', 'manager', 'admin')", name="role"),
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16), default="staff")
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)
    is_active_account: Mapped[bool] = mapped_column("is_active", default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Rotated on password change and deactivation, so existing sessions end (Flask-Login's
    # alternative id pattern).
    session_token: Mapped[str] = mapped_column(
        sa.String(64), default=new_session_token, unique=True
    )
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit = relationship("Unit", lazy="joined")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses to log in a deactivated account."""
        return self.is_active_account

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_manager(self) -> bool:
        """Managers and administrators both manage surveys and reports."""
        return self.role in {"manager", "admin"}

    def set_password(self, password: str, method: str = "scrypt") -> None:
        """Hash and store a new password; ends every other session of this account."""
        self.password_hash = generate_password_hash(password, method=method)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Make every signed-in session of this account invalid (sign-out, deactivation)."""
        self.session_token = new_session_token()

    def deactivate(self) -> None:
        self.is_active_account = False
        self.end_sessions()

    def reactivate(self) -> None:
        self.is_active_account = True

    def touch_login(self) -> None:
        self.last_login_at = utcnow()
