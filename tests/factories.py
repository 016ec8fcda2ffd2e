"""Plain factory functions with sensible defaults; they flush, the test commits if needed."""

import itertools

from app.auth.models import User
from app.extensions import db
from app.units.models import Unit

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def make_unit(**kw) -> Unit:
    n = next(_seq)
    values = {"code": f"U{n}", "name": f"Phòng thử nghiệm {n}", "short_name": f"P{n}",
              "kind": "division"}  # fmt: skip
    values.update(kw)
    unit = Unit(**values)
    db.session.add(unit)
    db.session.flush()
    return unit


def make_user(role: str = "staff", **kw) -> User:
    n = next(_seq)
    password = kw.pop("password", PASSWORD)
    values = {"email": f"user{n}@skhcn.test", "full_name": f"Người dùng {n}", "role": role}
    values.update(kw)
    user = User(**values)
    user.set_password(password, "pbkdf2:sha256:1000")
    db.session.add(user)
    db.session.flush()
    return user
