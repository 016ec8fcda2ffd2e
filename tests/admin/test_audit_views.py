"""Administrators read the audit log: newest first, narrowed by action."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.audit.models import AuditEntry
from tests.factories import make_user

ROW = re.compile(r'<td translate="no">([a-z_.]+)</td><td translate="no">([^<]*)</td>')
T0 = datetime(2026, 3, 1, 1, 30, tzinfo=UTC)


@pytest.fixture
def admin(client, db, login):
    user = make_user("admin", email="quantri@skhcn.test")
    db.session.commit()
    assert login(user).status_code == 303  # logs "auth.login", now: the newest entry
    return user


def add_entry(db, action: str, minutes: int, **kw) -> AuditEntry:
    entry = AuditEntry(action=action, created_at=T0 + timedelta(minutes=minutes), **kw)
    db.session.add(entry)
    db.session.flush()
    return entry


def rows(html: str) -> list[tuple[str, str]]:
    return ROW.findall(html)


def test_entries_are_listed_newest_first_by_time_not_by_insertion(client, db, admin):
    add_entry(db, "users.create", 30, target_type="users", target_id="7")
    add_entry(db, "units.import", 10, target_type="units")
    add_entry(db, "users.deactivate", 20, target_type="users", target_id="7")
    db.session.commit()

    html = client.get("/admin/audit").get_data(as_text=True)

    assert rows(html) == [
        ("auth.login", f"users #{admin.id}"),
        ("users.create", "users #7"),
        ("users.deactivate", "users #7"),
        ("units.import", "units"),
    ]


def test_an_entry_shows_local_time_actor_and_readable_details(client, db, admin):
    add_entry(db, "units.update", 0, actor_id=admin.id, target_type="units", target_id="3",
              details={"changes": {"name": ["Xã Tịnh Khê", "Xã Tịnh Khê <mới>"]}})  # fmt: skip
    add_entry(db, "units.import", 1, details={"created": 96})
    db.session.commit()

    html = client.get("/admin/audit?action=units.update").get_data(as_text=True)

    assert '<td class="nowrap">01/03/2026 08:30</td>' in html  # 01:30 UTC in Asia/Ho_Chi_Minh
    assert '<td class="break">quantri@skhcn.test</td>' in html
    assert "Xã Tịnh Khê \\u003cmới\\u003e" in html  # Vietnamese kept, markup escaped
    assert "<mới>" not in html
    system = client.get("/admin/audit?action=units.import").get_data(as_text=True)
    assert '<td class="break">Hệ thống</td>' in system
    assert '<code>{"created": 96}</code>' in system


def test_the_action_filter_narrows_the_list_and_stays_selected(client, db, admin):
    add_entry(db, "users.create", 0, target_type="users", target_id="1")
    add_entry(db, "users.create", 1, target_type="users", target_id="2")
    add_entry(db, "units.import", 2, target_type="units")
    db.session.commit()

    html = client.get("/admin/audit?action=users.create").get_data(as_text=True)

    assert rows(html) == [("users.create", "users #2"), ("users.create", "users #1")]
    assert '<option value="users.create" selected>users.create</option>' in html
    assert '<option value="units.import">units.import</option>' in html
    assert "Hiển thị 1–2 trong 2" in html


def test_an_action_with_no_entries_shows_the_empty_message(client, admin):
    html = client.get("/admin/audit?action=users.reactivate").get_data(as_text=True)

    assert rows(html) == []
    assert "Chưa có mục nào trong nhật ký." in html


def test_the_log_is_paginated_fifty_at_a_time(client, db, admin):
    for n in range(60):
        add_entry(db, "units.update", n, target_type="units", target_id=str(n))
    db.session.commit()

    first = client.get("/admin/audit?action=units.update").get_data(as_text=True)
    second = client.get("/admin/audit?action=units.update&page=2").get_data(as_text=True)

    assert [target for _action, target in rows(first)][:2] == ["units #59", "units #58"]
    assert "Hiển thị 1–50 trong 60" in first
    assert 'href="/admin/audit?action=units.update&amp;page=2"' in first
    assert [target for _action, target in rows(second)][-1] == "units #0"
    assert "Hiển thị 51–60 trong 60" in second


def test_actions_done_through_the_admin_pages_appear_in_the_log(client, db, admin):
    staff = make_user("staff", email="an@skhcn.test")
    db.session.commit()
    client.post(f"/admin/users/{staff.id}/deactivate")

    html = client.get("/admin/audit").get_data(as_text=True)

    assert rows(html)[0] == ("users.deactivate", f"users #{staff.id}")


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_only_admins_read_the_log(client, db, login, role):
    user = make_user(role)
    db.session.commit()
    login(user)

    assert client.get("/admin/audit").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/audit")

    assert (response.status_code, response.headers["Location"]) == (
        302, "/login?next=%2Fadmin%2Faudit",
    )  # fmt: skip
