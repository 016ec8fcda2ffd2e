"""Hostile and odd input on the foundation's pages gets a clear answer, never a 500."""

import time

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import User
from app.auth.services import AccountError, create_user
from app.units.models import Unit
from tests.factories import PASSWORD, make_unit, make_user


@pytest.fixture
def admin(db, login):
    user = make_user("admin")
    db.session.commit()
    login(user)
    return user


@pytest.mark.parametrize("origin", ["http://[", "http://evil.example", "null"])
def test_bad_or_foreign_origin_is_a_400(client, origin):
    response = client.post("/login", data={}, headers={"Origin": origin})
    assert response.status_code == 400


def test_nul_in_login_email_is_a_field_error(client, db):
    response = client.post("/login", data={"email": "a\x00@x.vn", "password": "x"})
    assert response.status_code == 200
    assert "Nội dung có ký tự không hợp lệ" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users?page=9223372036854775807",
        "/admin/users?page=-1",
        "/admin/users?page=abc",
        "/admin/users?unit=99999999999999999999",
        "/admin/users?q=%00",
        "/admin/users?role=%00",
        "/admin/units?q=%00&page=99999999999",
        "/admin/audit?action=%00",
    ],
)
def test_odd_listing_arguments_still_give_a_page(client, admin, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/admin/users/99999999999999999999/edit", "/admin/units/0/edit", "/admin/units/-1/edit"],
)
def test_ids_out_of_range_are_not_found(client, admin, path):
    assert client.get(path).status_code == 404


def test_pagination_links_carry_only_known_filters(client, db, admin):
    for n in range(55):
        make_user(email=f"nv{n:02d}@skhcn.test")
    db.session.commit()
    html = client.get("/admin/users?role=staff&endpoint=x&_external=1").get_data(as_text=True)
    pagination = html.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/admin/users?role=staff&amp;page=2"' in pagination
    assert "_external" not in pagination
    assert "endpoint" not in pagination


def test_nul_in_admin_forms_is_a_field_error(client, db, admin):
    response = client.post(
        "/admin/users/new",
        data={"email": "x@skhcn.test", "full_name": "A\x00B", "role": "staff", "unit_id": "0"},
    )
    assert response.status_code == 200
    assert "Nội dung có ký tự không hợp lệ" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.email == "x@skhcn.test")) is None


def test_a_choice_outside_the_list_is_a_vietnamese_error(client, db, admin):
    response = client.post(
        "/admin/users/new",
        data={"email": "x@skhcn.test", "full_name": "A", "role": "owner", "unit_id": "abc"},
    )
    html = response.get_data(as_text=True)
    assert html.count("Chọn một mục trong danh sách") >= 2
    assert "Not a valid choice" not in html


def test_editing_a_user_keeps_an_inactive_unit(client, db, admin):
    unit = make_unit(is_active=False)
    user = make_user(unit=unit)
    db.session.commit()
    response = client.post(
        f"/admin/users/{user.id}/edit",
        data={
            "email": user.email,
            "full_name": "Tên mới",
            "role": "staff",
            "unit_id": str(unit.id),
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert (user.full_name, user.unit_id) == ("Tên mới", unit.id)


def test_units_csv_with_a_huge_field_is_a_located_error(client, db, admin):
    from io import BytesIO

    data = b"code,name,type\nX1," + b"a" * 200_000 + b",xa\n"
    response = client.post(
        "/admin/units/import",
        data={"file": (BytesIO(data), "u.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "dòng 2: Không đọc được dòng này" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Unit.id))) == 0


def test_units_csv_with_a_too_large_population_is_refused(db):
    from app.common.csv_import import ImportFileError
    from app.units.services import import_units_csv

    with pytest.raises(ImportFileError) as caught:
        import_units_csv(b"code,name,type,population\nX1,A,xa,99999999999\n")
    assert [(e.line, e.column) for e in caught.value.errors] == [(2, "population")]


def test_roster_role_change_is_audited_per_account(client, db, admin):
    from io import BytesIO

    unit = make_unit(code="QLKH_DMST")
    make_user(email="hoa@skhcn.test", unit=unit)
    db.session.commit()
    data = b"email,full_name,unit_code,role\nhoa@skhcn.test,Hoa,QLKH_DMST,manager\n"
    client.post(
        "/admin/users/import",
        data={"file": (BytesIO(data), "r.csv")},
        content_type="multipart/form-data",
    )
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "users.update"))
    assert entry.details["changes"]["role"] == ["staff", "manager"]


def test_logout_ends_a_copied_session_cookie(app, client, db, login):
    user = make_user()
    db.session.commit()
    login(user)
    copy = app.test_client()
    copy.set_cookie("nq57", client.get_cookie("nq57").value)
    assert copy.get("/me").status_code == 200
    client.post("/logout")
    assert copy.get("/me").status_code == 302


def test_sign_in_expires_after_session_hours_even_when_active(app, client, db, login):
    user = make_user()
    db.session.commit()
    login(user)
    with client.session_transaction() as session:
        session["signed_in_at"] = time.time() - app.permanent_session_lifetime.total_seconds() - 1
    response = client.get("/me")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_throttled_sign_in_says_when_to_retry(app, client, db):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    for _ in range(2):
        client.post("/login", data={"email": "a@b.vn", "password": "x"})
    html = client.post("/login", data={"email": "a@b.vn", "password": "x"}).get_data(as_text=True)
    assert "Có thể thử lại sau" in html


def test_failed_sign_in_keeps_only_known_addresses(client, db):
    user = make_user()
    db.session.commit()
    client.post("/login", data={"email": "my-secret-password", "password": "x"})
    client.post("/login", data={"email": user.email, "password": "wrong"})
    details = [
        e.details
        for e in db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "auth.login_failed")
            .order_by(AuditEntry.id)
        )
    ]
    assert details == [{"email": None}, {"email": user.email}]


@pytest.mark.parametrize("email", ["not an email", "   ", "a@b", "a\x00@b.vn"])
def test_accounts_need_a_real_address(db, email):
    with pytest.raises(AccountError):
        create_user(email, "Tên", password=PASSWORD)
