"""Administrators list, edit and import organisational units."""

import io

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.units.models import Unit
from app.units.queries import get_unit_by_code
from tests.factories import make_user


@pytest.fixture
def admin(db, seeded, login):
    user = make_user("admin")
    db.session.commit()
    assert login(user).status_code == 303
    return user


def audit(db, action: str) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def stored(db, code: str) -> Unit:
    """The unit as committed (drops anything a request left uncommitted in the session)."""
    db.session.rollback()
    return get_unit_by_code(code)


def upload(client, text: str | bytes, name: str = "units.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post("/admin/units/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")  # fmt: skip


@pytest.mark.parametrize(
    ("query", "heading", "present", "absent"),
    [
        ("?group=communes", "96 đơn vị", "Xã Tịnh Khê", "Văn phòng Sở"),
        ("?group=department", "6 đơn vị", "Văn phòng Sở", "Xã Tịnh Khê"),
        ("", "102 đơn vị", "Văn phòng Sở", None),
        ("?q=Lý Sơn", "1 đơn vị", "Đặc khu Lý Sơn", "Xã Tịnh Khê"),
        ("?group=department&q=21211", "0 đơn vị", "Không có đơn vị nào khớp", "Xã Tịnh Khê"),
    ],
)
def test_the_list_filters_by_group_and_search(client, admin, query, heading, present, absent):
    html = client.get(f"/admin/units{query}").get_data(as_text=True)

    assert f'<h2 class="heading-m">{heading}</h2>' in html
    assert present in html
    if absent:
        assert absent not in html


def test_the_commune_list_shows_every_commune_on_one_page(client, admin):
    html = client.get("/admin/units?group=communes").get_data(as_text=True)

    assert "Hiển thị 1–96 trong 96" in html
    assert html.count('/edit">Sửa<') == 96
    assert '<td class="num">55.956 <abbr title="Tạm tính">*</abbr></td>' in html


def test_a_communes_form_offers_population_and_not_headcounts(client, admin):
    unit = get_unit_by_code("21548")

    html = client.get(f"/admin/units/{unit.id}/edit").get_data(as_text=True)

    assert '<h1 class="heading-l">Sửa đơn vị Đặc khu Lý Sơn</h1>' in html
    assert 'value="24658"' in html
    assert "Dân số (người)" in html
    assert "Tổng số cán bộ" not in html


def test_editing_a_commune_population_reads_vietnamese_grouping(client, db, admin):
    unit = get_unit_by_code("21548")
    form = {"name": "Đặc khu Lý Sơn", "short_name": "Lý Sơn", "population": "60.123",
            "population_status": "official", "is_active": "y"}  # fmt: skip

    response = client.post(f"/admin/units/{unit.id}/edit", data=form)

    assert (response.status_code, response.headers["Location"]) == (
        303, "/admin/units?group=communes",
    )  # fmt: skip
    banner = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu đơn vị Đặc khu Lý Sơn." in banner
    unit = stored(db, "21548")
    assert (unit.population, unit.population_status, unit.is_active) == (60123, "official", True)
    [entry] = audit(db, "units.update")
    assert (entry.actor_id, entry.target_id) == (admin.id, str(unit.id))
    assert entry.details["changes"] == {
        "population": [24658, 60123], "population_status": ["provisional", "official"],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("population", "message"),
    [
        ("12,5", "Nhập một số nguyên từ 0 trở lên, ví dụ 1.234"),
        ("-3", "Nhập một số nguyên từ 0 trở lên, ví dụ 1.234"),
        ("10.000.001", "Số phải nhỏ hơn hoặc bằng 10.000.000"),
    ],
)
def test_a_bad_population_is_explained_and_not_stored(client, db, admin, population, message):
    unit = get_unit_by_code("21211")
    form = {"name": unit.name, "short_name": unit.short_name, "population": population,
            "population_status": "official", "is_active": "y"}  # fmt: skip

    response = client.post(f"/admin/units/{unit.id}/edit", data=form)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert f'value="{population}"' in html  # what was typed stays in the field
    unit = stored(db, "21211")
    assert (unit.population, unit.population_status) == (55956, "provisional")


def test_more_communication_staff_than_staff_is_refused(client, db, admin):
    unit = get_unit_by_code("QLKH_DMST")
    form = {"name": unit.name, "short_name": unit.short_name, "staff_headcount": "5",
            "comm_staff_headcount": "8", "has_comm_duty": "y", "is_active": "y"}  # fmt: skip

    response = client.post(f"/admin/units/{unit.id}/edit", data=form)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Số cán bộ truyền thông không được lớn hơn tổng số cán bộ" in html
    assert "Dân số" not in html
    unit = stored(db, "QLKH_DMST")
    assert (unit.staff_headcount, unit.comm_staff_headcount) == (None, None)
    assert audit(db, "units.update") == []


def test_editing_department_unit_headcounts(client, db, admin):
    unit = get_unit_by_code("VP")
    form = {"name": unit.name, "short_name": "VP Sở", "staff_headcount": "1.024",
            "comm_staff_headcount": "4", "has_comm_duty": "y", "is_active": "y"}  # fmt: skip

    response = client.post(f"/admin/units/{unit.id}/edit", data=form)

    assert response.headers["Location"] == "/admin/units?group=department"
    unit = stored(db, "VP")
    assert (unit.short_name, unit.staff_headcount, unit.comm_staff_headcount) == ("VP Sở", 1024, 4)
    assert unit.has_comm_duty is True


def test_editing_an_unknown_unit_is_not_found(client, admin):
    assert client.get("/admin/units/999999/edit").status_code == 404


def test_a_good_file_redirects_with_the_counts(client, db, admin):
    text = "code,population,population_status\n21211,55.980,official\n21172,50315,provisional\n"

    response = upload(client, text)

    assert (response.status_code, response.headers["Location"]) == (303, "/admin/units")
    banner = client.get("/admin/units").get_data(as_text=True)
    assert "Đã nhập: 0 đơn vị mới, 1 đơn vị cập nhật, 1 không đổi." in banner
    assert stored(db, "21211").population == 55980
    assert audit(db, "units.import")[-1].actor_id == admin.id


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "code,population\n21211,1\n21172,-5\n",
            "dòng 3, population: phải là số nguyên không âm, ví dụ 55956",
        ),
        (
            "code,population,parent_code\n21211,1,\n21172,2,NOPE\n",
            "dòng 3, parent_code: không có đơn vị cấp trên mã NOPE",
        ),
        ("code,colour\n21211,đỏ\n", "dòng 1: Cột không được hỗ trợ: colour."),
    ],
    ids=["bad-value", "unknown-parent", "unknown-column"],
)
def test_a_bad_file_shows_located_errors_and_writes_nothing(client, db, admin, text, error):
    response = upload(client, text)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Không nhập được tệp: có lỗi cần sửa" in html
    assert "Chưa có dòng nào được nhập." in html
    assert f"<li>{error}</li>" in html
    assert stored(db, "21211").population == 55956
    assert len(audit(db, "units.import")) == 2  # the seed's


def test_a_file_not_in_utf8_is_refused_with_its_reason(client, db, admin):
    data = "code,name\n21211,Xa\u0303 Ti\u0323nh Khê\n".encode("cp1258")

    html = upload(client, data).get_data(as_text=True)

    assert "Tệp phải được lưu dạng CSV mã hóa UTF-8." in html
    assert stored(db, "21211").name == "Xã Tịnh Khê"


def test_a_file_not_in_utf8_is_not_blamed_on_a_line_zero(client, admin):
    html = upload(client, "code,name\nX,Phòng Tài chính\n".encode("latin-1")).get_data(as_text=True)

    assert "dòng 0" not in html


@pytest.mark.parametrize(
    ("name", "message"), [("units.xlsx", "Tệp phải có đuôi .csv"), (None, "Chọn tệp CSV")]
)
def test_the_upload_must_be_a_csv_file(client, admin, name, message):
    files = {"file": (io.BytesIO(b"code\n"), name)} if name else {}

    response = client.post("/admin/units/import", data=files, content_type="multipart/form-data")

    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_only_admins_manage_units(client, db, seeded, login, role):
    user = make_user(role)
    db.session.commit()
    login(user)
    unit = get_unit_by_code("21211")

    assert client.get("/admin/units").status_code == 403
    assert client.post(f"/admin/units/{unit.id}/edit", data={"name": "X"}).status_code == 403
    assert client.post("/admin/units/import").status_code == 403
    assert stored(db, "21211").name == "Xã Tịnh Khê"
