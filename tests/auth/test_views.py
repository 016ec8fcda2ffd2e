"""Signing in and out, throttling, safe redirects and password changes."""

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from tests.factories import PASSWORD, make_user


def test_login_page_is_vietnamese_by_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert '<h1 class="heading-l">Đăng nhập</h1>' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html


@pytest.mark.parametrize(("role", "landing"), [("staff", "/me"), ("manager", "/manage/"),
                                               ("admin", "/manage/")])  # fmt: skip
def test_login_sends_each_role_to_its_home(client, db, login, role, landing):
    user = make_user(role)
    db.session.commit()
    response = login(user)
    assert response.status_code == 303
    assert response.headers["Location"] == landing
    assert db.session.get(type(user), user.id).last_login_at is not None


def test_login_accepts_email_in_any_case_and_spaces(client, db):
    make_user(email="hoa.nt@skhcn.test")
    db.session.commit()
    response = client.post("/login", data={"email": "  Hoa.NT@SKHCN.test ", "password": PASSWORD})
    assert response.status_code == 303


def test_wrong_password_keeps_email_and_shows_error(client, db):
    user = make_user()
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": "wrong-password"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Địa chỉ thư điện tử hoặc mật khẩu không đúng" in html
    assert f'value="{user.email}"' in html
    assert "<title>Lỗi: Đăng nhập" in html
    failed = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "auth.login_failed")
    ).all()
    assert [e.details["email"] for e in failed] == [user.email]


def test_empty_login_lists_both_errors_in_summary(client):
    html = client.post("/login", data={}).get_data(as_text=True)
    assert "Có lỗi cần sửa" in html
    assert '<a href="#email">Nhập địa chỉ thư điện tử</a>' in html
    assert '<a href="#password">Nhập mật khẩu</a>' in html


def test_deactivated_user_cannot_sign_in(client, db, login):
    user = make_user()
    user.deactivate()
    db.session.commit()
    response = login(user)
    assert response.status_code == 200
    assert "mật khẩu không đúng" in response.get_data(as_text=True)


def test_failed_logins_are_throttled_with_429_and_retry_after(app, client, db):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    user = make_user()
    db.session.commit()
    for _ in range(3):
        assert client.post("/login", data={"email": user.email, "password": "x"}).status_code == 200
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0


def test_successful_logins_do_not_count_towards_throttle(app, client, db, login):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    user = make_user()
    db.session.commit()
    for _ in range(4):
        assert login(user).status_code == 303
        client.post("/logout")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                    "javascript:alert(1)"])  # fmt: skip
def test_login_ignores_unsafe_next(client, db, target):
    user = make_user()
    db.session.commit()
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == "/me"


def test_login_follows_safe_next(client, db):
    user = make_user("admin")
    db.session.commit()
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "next": "/admin/units?group=x"}
    )
    assert response.headers["Location"] == "/admin/units?group=x"


def test_anonymous_visit_to_protected_page_redirects_with_next(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/admin/users"' in html


def test_logout_is_post_only_and_ends_session(client, db, login):
    user = make_user()
    db.session.commit()
    login(user)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 303
    assert client.get("/me").status_code == 302


def test_change_password_checks_current_and_ends_other_sessions(app, client, db, login):
    user = make_user()
    db.session.commit()
    login(user)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/me").status_code == 200

    wrong = client.post("/account/password", data={"current": "nope", "new": "a-new-password-1",
                                                    "confirm": "a-new-password-1"})  # fmt: skip
    assert "Mật khẩu hiện tại không đúng" in wrong.get_data(as_text=True)

    short = client.post("/account/password", data={"current": PASSWORD, "new": "short",
                                                    "confirm": "short"})  # fmt: skip
    assert "ít nhất 10 ký tự" in short.get_data(as_text=True)

    ok = client.post("/account/password", data={"current": PASSWORD, "new": "a-new-password-1",
                                                 "confirm": "a-new-password-1"})  # fmt: skip
    assert ok.status_code == 303
    assert client.get("/me").status_code == 200  # this session continues
    assert other.get("/me").status_code == 302  # the other one ended
    db.session.expire_all()
    assert db.session.get(type(user), user.id).check_password("a-new-password-1")


def test_one_time_password_must_be_changed_before_anything_else(client, db, login):
    user = make_user(must_change_password=True)
    db.session.commit()
    login(user)
    response = client.get("/me")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/password"
    client.post("/account/password", data={"current": PASSWORD, "new": "my-own-password",
                                           "confirm": "my-own-password"})  # fmt: skip
    assert client.get("/me").status_code == 200
