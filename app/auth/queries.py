"""Reading accounts."""

import sqlalchemy as sa

from app.auth.models import User
from app.common.text import clean_text
from app.extensions import db


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def get_user_by_session_token(token: str) -> User | None:
    """The user whose current session token this is (Flask-Login's user loader)."""
    return db.session.scalar(sa.select(User).where(User.session_token == token))


def list_users(
    *,
    role: str | None = None,
    unit_id: int | None = None,
    active: bool | None = None,
    q: str | None = None,
) -> sa.Select:
    """Users ordered by name, narrowed by the filters given.

    The unit is joined eagerly (User.unit is lazy="joined") so listing pages issue one query.
    """
    query = sa.select(User).order_by(User.full_name, User.email)
    if role:
        query = query.where(User.role == role)
    if unit_id:
        query = query.where(User.unit_id == unit_id)
    if active is not None:
        query = query.where(User.is_active_account == active)
    if q:
        pattern = f"%{clean_text(q).lower()}%"
        query = query.where(
            sa.or_(User.email.like(pattern), sa.func.lower(User.full_name).like(pattern))
        )
    return query
