"""Administrators manage accounts: create, edit, deactivate, reactivate, reset, list."""

import re

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth import services
from app.auth.models import User
from app.units.queries import get_unit_by_code
from tests.factories import PASSWORD, make_user

ONE_TIME = re.compile(r'<p class="code" translate="no">([^<]+)</p>')


@pytest.fixture
def admin(db, seeded, login):
    user = make_user("admin", email="quantri@skhcn.test", full_name="Quản Trị")
    db.session.commit()
    assert login(user).status_code == 303
    return user


def sign_in(client, user, password=PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})


def audit(db, action: str) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def stored(db, user: User) -> User:
    """The row as committed (drops anything a request left uncommitted in the session)."""
    db.session.rollback()
    return db.session.get(User, user.id)


def test_creating_a_user_shows_a_one_time_password_once(client, db, admin):
    unit = get_unit_by_code("QLKH_DMST")
    form = {"email": " Hoa.NT@SKHCN.test ", "full_name": "Nguyễn Thị Hoa", "role": "manager",
            "unit_id": unit.id}  # fmt: skip

    response = client.post("/admin/users/new", data=form)

    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "Mật khẩu này chỉ hiện một lần." in html
    [password] = ONE_TIME.findall(html)
    user = db.session.scalar(sa.select(User).where(User.email == "hoa.nt@skhcn.test"))
    assert (user.full_name, user.role, user.unit.code) == ("Nguyễn Thị Hoa", "manager", "QLKH_DMST")
    assert user.check_password(password)
    assert len(password) == 14
    assert user.must_change_password is True
    [entry] = audit(db, "users.create")
    assert (entry.actor_id, entry.target_id) == (admin.id, str(user.id))
    assert entry.details == {"email": "hoa.nt@skhcn.test", "role": "manager", "unit": "QLKH_DMST"}
    assert password not in str(entry.details)
    assert password not in client.get("/admin/users").get_data(as_text=True)
    assert password not in client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)


def test_a_duplicate_email_is_a_field_error_that_keeps_what_was_typed(client, db, admin):
    make_user(email="hoa.nt@skhcn.test")
    db.session.commit()
    form = {"email": "Hoa.NT@skhcn.test", "full_name": "Nguyễn Thị Hoa", "role": "staff",
            "unit_id": 0}  # fmt: skip

    response = client.post("/admin/users/new", data=form)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã có tài khoản với địa chỉ hoa.nt@skhcn.test." in html
    assert 'id="email-error"' in html
    assert 'value="Hoa.NT@skhcn.test"' in html
    assert 'value="Nguyễn Thị Hoa"' in html
    assert "<title>Lỗi:" in html
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("hoa.nt@skhcn", "Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@skhcn.gov.vn"),
        ("hoa nt@skhcn.test", "Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@skhcn.gov.vn"),
        ("", "Nhập địa chỉ thư điện tử"),
    ],
)
def test_an_invalid_email_is_explained_and_no_account_is_made(client, db, admin, email, message):
    form = {"email": email, "full_name": "Nguyễn Thị Hoa", "role": "staff", "unit_id": 0}

    html = client.post("/admin/users/new", data=form).get_data(as_text=True)

    assert f'<span class="visually-hidden">Lỗi:</span> {message}\n' in html
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_editing_changes_role_and_unit_but_not_the_email(client, db, admin):
    user = make_user("staff", email="an@skhcn.test")
    db.session.commit()
    unit = get_unit_by_code("BCVT_CDS")
    form = {"email": "other@skhcn.test", "full_name": "Trần Văn An", "role": "manager",
            "unit_id": unit.id}  # fmt: skip

    response = client.post(f"/admin/users/{user.id}/edit", data=form)

    assert (response.status_code, response.headers["Location"]) == (303, "/admin/users")
    assert "Đã lưu tài khoản an@skhcn.test." in client.get("/admin/users").get_data(as_text=True)
    user = stored(db, user)
    assert (user.email, user.full_name, user.role, user.unit.code) == (
        "an@skhcn.test", "Trần Văn An", "manager", "BCVT_CDS",
    )  # fmt: skip
    [entry] = audit(db, "users.update")
    assert entry.details["changes"]["role"] == ["staff", "manager"]
    assert entry.details["changes"]["unit"] == [None, "BCVT_CDS"]


def test_the_last_admin_cannot_be_demoted(client, db, admin):
    form = {"full_name": "Quản Trị", "role": "manager", "unit_id": 0}

    response = client.post(f"/admin/users/{admin.id}/edit", data=form)

    assert response.status_code == 200
    assert "Không thể bỏ quyền của quản trị viên cuối cùng." in response.get_data(as_text=True)
    assert stored(db, admin).role == "admin"
    assert audit(db, "users.update") == []


def test_an_admin_can_be_demoted_while_another_remains(client, db, admin):
    other = make_user("admin")
    db.session.commit()

    form = {"full_name": other.full_name, "role": "staff", "unit_id": 0}
    assert client.post(f"/admin/users/{other.id}/edit", data=form).status_code == 303

    assert stored(db, other).role == "staff"


def test_the_last_active_admin_cannot_be_deactivated(db):
    last = make_user("admin")
    make_user("admin", is_active_account=False)

    with pytest.raises(services.AccountError, match="quản trị viên cuối cùng"):
        services.deactivate_user(last, actor=None)


def test_an_admin_cannot_deactivate_themselves(client, db, admin):
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)

    assert "Không thể tự vô hiệu hóa tài khoản của mình." in response.get_data(as_text=True)
    assert stored(db, admin).is_active_account is True
    assert audit(db, "users.deactivate") == []


def test_deactivating_asks_first_then_ends_the_users_session(app, client, db, admin):
    staff = make_user("staff", email="an@skhcn.test", full_name="Trần Văn An")
    db.session.commit()
    theirs = app.test_client()
    assert sign_in(theirs, staff).status_code == 303
    assert theirs.get("/me").status_code == 200

    page = client.get(f"/admin/users/{staff.id}/deactivate").get_data(as_text=True)
    assert "Vô hiệu hóa tài khoản?" in page
    assert "Trần Văn An" in page
    assert "Người dùng sẽ bị đăng xuất ngay và không đăng nhập được nữa." in page
    assert stored(db, staff).is_active_account is True  # the GET changed nothing

    response = client.post(f"/admin/users/{staff.id}/deactivate", follow_redirects=True)

    assert "Đã vô hiệu hóa tài khoản an@skhcn.test." in response.get_data(as_text=True)
    assert stored(db, staff).is_active_account is False
    assert [e.target_id for e in audit(db, "users.deactivate")] == [str(staff.id)]
    after = theirs.get("/me")
    assert (after.status_code, after.headers["Location"]) == (302, "/login?next=%2Fme")
    assert sign_in(app.test_client(), staff).status_code == 200  # cannot sign in again


def test_reactivating_restores_sign_in_but_not_the_ended_sessions(app, client, db, admin):
    staff = make_user("staff", email="an@skhcn.test")
    db.session.commit()
    theirs = app.test_client()
    sign_in(theirs, staff)
    client.post(f"/admin/users/{staff.id}/deactivate")

    response = client.post(f"/admin/users/{staff.id}/reactivate", follow_redirects=True)

    assert "Đã kích hoạt lại tài khoản an@skhcn.test." in response.get_data(as_text=True)
    assert stored(db, staff).is_active_account is True
    assert len(audit(db, "users.reactivate")) == 1
    assert theirs.get("/me").status_code == 302  # the session ended at deactivation stays ended
    assert sign_in(theirs, staff).headers["Location"] == "/me"
    assert theirs.get("/me").status_code == 200


def test_resetting_a_password_shows_a_new_one_and_the_old_stops_working(app, client, db, admin):
    staff = make_user("staff", email="an@skhcn.test")
    db.session.commit()
    page = client.get(f"/admin/users/{staff.id}/reset_password").get_data(as_text=True)
    assert "Cấp lại mật khẩu?" in page
    assert "Mật khẩu hiện tại hết hiệu lực ngay." in page

    response = client.post(f"/admin/users/{staff.id}/reset_password")

    assert (response.status_code, response.headers["Cache-Control"]) == (200, "no-store")
    [password] = ONE_TIME.findall(response.get_data(as_text=True))
    assert stored(db, staff).must_change_password is True
    old = sign_in(app.test_client(), staff)
    assert old.status_code == 200
    assert "Địa chỉ thư điện tử hoặc mật khẩu không đúng" in old.get_data(as_text=True)
    new = sign_in(app.test_client(), staff, password)
    assert (new.status_code, new.headers["Location"]) == (303, "/me")
    assert [e.actor_id for e in audit(db, "users.password")] == [admin.id]


@pytest.fixture
def people(db, admin):
    unit = get_unit_by_code("VP")
    make_user("manager", email="lan@skhcn.test", full_name="Lê Thị Lan", unit=unit)
    make_user("staff", email="binh@skhcn.test", full_name="Phạm Văn Bình")
    make_user("staff", email="cuong@skhcn.test", full_name="Võ Cường", is_active_account=False)
    db.session.commit()
    return unit


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", {"quantri", "lan", "binh", "cuong"}),
        ("?role=staff", {"binh", "cuong"}),
        ("?active=0", {"cuong"}),
        ("?active=1&role=staff", {"binh"}),
        ("?q=LAN", {"lan"}),
        ("?q=phạm văn", {"binh"}),
        ("?q=nobody", set()),
    ],
)
def test_filters_narrow_the_list(client, people, query, shown):
    html = client.get(f"/admin/users{query}").get_data(as_text=True)

    found = {name for name in ("quantri", "lan", "binh", "cuong") if f"{name}@skhcn.test" in html}
    assert found == shown
    assert f"{len(shown)} tài khoản" in html


def test_the_unit_filter_narrows_the_list(client, people):
    html = client.get(f"/admin/users?unit={people.id}").get_data(as_text=True)

    assert "lan@skhcn.test" in html
    assert "binh@skhcn.test" not in html
    assert "Hiển thị 1–1 trong 1" in html


def test_the_list_is_paginated_fifty_at_a_time(client, db, admin):
    for n in range(54):
        make_user(email=f"nv{n:02d}@skhcn.test", full_name=f"Nhân viên {n:02d}")
    db.session.commit()

    first = client.get("/admin/users").get_data(as_text=True)
    second = client.get("/admin/users?page=2").get_data(as_text=True)

    assert "Hiển thị 1–50 trong 55" in first
    assert 'rel="next"' in first
    assert "Hiển thị 51–55 trong 55" in second
    assert "nv49@skhcn.test" in first
    assert "nv49@skhcn.test" not in second


def test_a_search_by_a_name_starting_with_a_vietnamese_capital(client, db, admin):
    make_user(email="ha@skhcn.test", full_name="Đặng Thu Hà")
    db.session.commit()

    assert "ha@skhcn.test" in client.get("/admin/users?q=Đặng").get_data(as_text=True)


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_only_admins_manage_accounts(client, db, login, role):
    user = make_user(role)
    db.session.commit()
    login(user)

    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users/new", data={"email": "x@skhcn.test"}).status_code == 403
