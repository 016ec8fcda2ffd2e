"""Fixtures for the register pages: a signed-in manager and a few units to point at."""

import io

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from tests.factories import make_unit, make_user


@pytest.fixture
def manager(db, login):
    user = make_user("manager")
    db.session.commit()
    assert login(user).status_code == 303
    return user


@pytest.fixture
def units(db):
    """Two department units and a commune, by code."""
    made = {
        "VP": make_unit(code="VP", name="Văn phòng Sở", short_name="Văn phòng", kind="office"),
        "TTTT": make_unit(
            code="TTTT", name="Trung tâm Thông tin", short_name="Trung tâm", kind="centre"
        ),
        "21211": make_unit(code="21211", name="Xã Tịnh Khê", short_name="Tịnh Khê", kind="xa"),
    }
    db.session.commit()
    return made


def audit(db, action: str) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def stored(db, model) -> list:
    """The rows as committed (drops anything a request left uncommitted in the session)."""
    db.session.rollback()
    return list(db.session.scalars(sa.select(model).order_by(model.id)))


def only(db, model):
    """The one row a register holds."""
    [row] = stored(db, model)
    return row


def add(client, register: str, data: dict):
    return client.post(f"/manage/registers/{register}/new", data=data)


def upload(client, register: str, text: str | bytes, name: str = "rows.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(f"/manage/registers/{register}/import",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")  # fmt: skip


def csv_text(*lines: str) -> str:
    return "\n".join(lines) + "\n"
