"""Listing pages issue a fixed number of queries however many rows they show (no N+1)."""

import pytest

from app.audit.services import record
from tests.factories import make_unit, make_user


@pytest.fixture
def admin(db, login):
    user = make_user("admin")
    db.session.commit()
    login(user)
    return user


def fill(db, n: int) -> None:
    units = [make_unit() for _ in range(3)]
    for i in range(n):
        user = make_user(unit=units[i % 3])
        record(user, "test.action", user, n=i)
    db.session.commit()


@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit", "/admin/units"])
def test_listing_queries_do_not_grow_with_rows(client, db, admin, count_queries, path):
    fill(db, 3)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    fill(db, 40)
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 6
