"""Importing the staff roster: accounts created with one-time passwords, or nothing at all."""

import io
import re

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import User
from app.auth.roster import RosterResult, import_roster
from app.auth.services import get_user_by_email
from app.common.csv_import import ImportFileError, RowError
from app.units.queries import get_unit_by_code
from tests.factories import make_user

HEADER = "email,full_name,unit_code,role"


def roster(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def user_count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)))


def actions(db) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def roster_errors(data: bytes) -> list[RowError]:
    with pytest.raises(ImportFileError) as caught:
        import_roster(data, actor=None)
    return caught.value.errors


def test_new_people_get_accounts_with_one_time_passwords(db, seeded):
    admin = make_user("admin")
    data = roster("Hoa.NT@skhcn.test,Nguyễn Thị Hoa,QLKH_DMST,manager",
                  "an.tv@skhcn.test,  Trần Văn An ,VP,")  # fmt: skip

    result = import_roster(data, actor=admin)
    db.session.commit()

    assert [email for email, _password in result.created] == [
        "hoa.nt@skhcn.test",
        "an.tv@skhcn.test",
    ]
    assert (result.updated, result.unchanged) == (0, 0)
    hoa, an = (get_user_by_email(email) for email, _password in result.created)
    assert (hoa.full_name, hoa.role, hoa.unit.code) == ("Nguyễn Thị Hoa", "manager", "QLKH_DMST")
    assert (an.full_name, an.role, an.unit.code) == ("Trần Văn An", "staff", "VP")
    for user, (_email, password) in zip((hoa, an), result.created, strict=True):
        assert user.check_password(password)
        assert user.must_change_password is True
    assert actions(db)[-3:] == ["users.create", "users.create", "users.roster_import"]
    summary = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert summary.actor_id == admin.id
    assert summary.details == {"created": 2, "updated": 0, "unchanged": 0}


def test_existing_accounts_are_updated_or_left_alone(db, seeded):
    vp, lab = get_unit_by_code("VP"), get_unit_by_code("QLKH_DMST")
    moved = make_user("staff", email="moved@skhcn.test", full_name="Lê Văn Cũ", unit=vp)
    make_user("manager", email="same@skhcn.test", full_name="Hồ Thị Giữ", unit=lab)
    hash_before = moved.password_hash
    db.session.commit()
    data = roster("MOVED@skhcn.test,Lê Văn Mới,QLKH_DMST,",
                  "same@skhcn.test,Hồ Thị Giữ,QLKH_DMST,")  # fmt: skip

    result = import_roster(data, actor=None)
    db.session.commit()

    assert result == RosterResult(created=[], updated=1, unchanged=1)
    moved = get_user_by_email("moved@skhcn.test")
    assert (moved.full_name, moved.unit.code, moved.role) == ("Lê Văn Mới", "QLKH_DMST", "staff")
    assert moved.password_hash == hash_before
    assert get_user_by_email("same@skhcn.test").role == "manager"  # empty role keeps it
    assert user_count(db) == 2


def test_the_roster_never_takes_the_admin_role_away(db, seeded):
    make_user("admin", email="boss@skhcn.test", full_name="Quản Trị")
    db.session.commit()

    result = import_roster(roster("boss@skhcn.test,Quản Trị,VP,staff"), actor=None)
    db.session.commit()

    assert result.updated == 1
    boss = get_user_by_email("boss@skhcn.test")
    assert (boss.role, boss.unit.code) == ("admin", "VP")


@pytest.mark.parametrize("unit_code", ["KHONG_CO", "21211", "SKHCN"])
def test_an_unknown_unit_code_is_located_and_nothing_is_written(db, seeded, unit_code):
    data = roster("hoa@skhcn.test,Nguyễn Thị Hoa,VP,", f"an@skhcn.test,Trần Văn An,{unit_code},")

    errors = roster_errors(data)
    db.session.commit()

    assert errors == [RowError(3, "unit_code", f"không có đơn vị mã {unit_code}")]
    assert user_count(db) == 0
    assert "users.roster_import" not in actions(db)


def test_a_duplicate_email_in_the_file_names_the_first_line(db, seeded):
    data = roster("hoa@skhcn.test,Nguyễn Thị Hoa,VP,", "an@skhcn.test,Trần Văn An,VP,",
                  "HOA@skhcn.test,Nguyễn Thị Hoa,VP,")  # fmt: skip

    errors = roster_errors(data)

    assert errors == [RowError(4, "email", "địa chỉ đã có ở dòng 2")]
    assert str(errors[0]) == "dòng 4, email: địa chỉ đã có ở dòng 2"
    assert user_count(db) == 0


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("hoa.skhcn.test,Nguyễn Thị Hoa,VP,", "email", "địa chỉ thư điện tử không đúng dạng"),
        ("hoa @skhcn.test,Nguyễn Thị Hoa,VP,", "email", "địa chỉ thư điện tử không đúng dạng"),
        ("hoa@skhcn.test,,VP,", "full_name", "cần họ và tên, tối đa 200 ký tự"),
        ("hoa@skhcn.test,Hoa\x07,VP,", "full_name", "cần họ và tên, tối đa 200 ký tự"),
        ("hoa@skhcn.test,Hoa,VP,boss", "role", "vai trò phải là staff, manager hoặc admin"),
    ],
)
def test_a_bad_row_is_located_by_line_and_column(db, seeded, line, column, message):
    errors = roster_errors(roster("an@skhcn.test,Trần Văn An,VP,", line))

    assert errors == [RowError(3, column, message)]
    assert user_count(db) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (roster("hoa@skhcn.test,Hoa", header="email,full_name"), "Thiếu cột bắt buộc: unit_code."),
        (roster(), "Tệp không có dòng dữ liệu nào."),
        (b"", "Thiếu cột bắt buộc: email, full_name, unit_code."),
    ],
    ids=["missing-column", "header-only", "empty"],
)
def test_a_file_without_usable_header_or_rows_fails_on_line_1(db, data, message):
    assert roster_errors(data) == [RowError(1, None, message)]


def test_a_roster_not_in_utf8_is_refused(db, seeded):
    data = roster("hoa@skhcn.test,Phòng Tài chính,VP,").decode().encode("latin-1")

    [error] = roster_errors(data)

    assert error.message == "Tệp phải được lưu dạng CSV mã hóa UTF-8."
    assert user_count(db) == 0


@pytest.fixture
def admin_client(client, db, seeded, login):
    admin = make_user("admin", email="quantri@skhcn.test")
    db.session.commit()
    login(admin)
    return client


def upload(client, data: bytes, name: str = "roster.csv"):
    return client.post("/admin/users/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")  # fmt: skip


def test_the_result_page_shows_new_passwords_once_and_is_not_cached(admin_client, db):
    make_user(email="old@skhcn.test", full_name="Cũ", unit=get_unit_by_code("VP"))
    db.session.commit()
    data = roster("hoa@skhcn.test,Nguyễn Thị Hoa,QLKH_DMST,", "old@skhcn.test,Cũ,VP,")

    response = upload(admin_client, data)

    assert (response.status_code, response.headers["Cache-Control"]) == (200, "no-store")
    html = response.get_data(as_text=True)
    assert "Tạo mới: 1 · Cập nhật: 0 · Không đổi: 1" in html
    assert "Các mật khẩu dưới đây chỉ hiện một lần." in html
    [(email, password)] = re.findall(
        r'<td class="break">([^<]+)</td><td class="code-cell" translate="no">([^<]+)</td>', html
    )
    assert email == "hoa@skhcn.test"
    assert get_user_by_email(email).check_password(password)
    assert password not in admin_client.get("/admin/users").get_data(as_text=True)


def test_a_bad_roster_shows_located_errors_and_writes_nothing(admin_client, db):
    data = roster("hoa@skhcn.test,Nguyễn Thị Hoa,VP,", "an@skhcn.test,Trần Văn An,PHONG_X,")

    response = upload(admin_client, data)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Không nhập được tệp: có lỗi cần sửa" in html
    assert "Chưa có dòng nào được nhập." in html
    assert "<li>dòng 3, unit_code: không có đơn vị mã PHONG_X</li>" in html
    db.session.rollback()
    assert get_user_by_email("hoa@skhcn.test") is None


def test_the_roster_upload_must_be_a_csv_file(admin_client, db):
    html = upload(admin_client, b"email\n", name="roster.xlsx").get_data(as_text=True)

    assert "Tệp phải có đuôi .csv" in html
    assert user_count(db) == 1
