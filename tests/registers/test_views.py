"""Managers keep the registers through the pages: list, add, edit, delete, parents' pages."""

from datetime import date

import pytest

from app.registers.models import CommChannel, StTask
from app.registers.specs import SPECS, TOP_LEVEL
from tests.registers.conftest import add, audit, only, stored
from tests.registers.data import form_cases


@pytest.mark.parametrize("register", TOP_LEVEL)
def test_a_row_is_added_edited_and_deleted(client, db, manager, units, register):
    model = SPECS[register].model
    data, expected, field, value, changed = form_cases(units)[register]

    response = add(client, register, data)

    assert response.status_code == 303
    row = only(db, model)
    assert {k: getattr(row, k) for k in expected} == expected
    [entry] = audit(db, f"registers.{register}.create")
    assert (entry.actor_id, entry.target_id) == (manager.id, str(row.id))
    banner = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Đã thêm {SPECS[register].noun}." in banner

    response = client.post(f"/manage/registers/{register}/{row.id}/edit",
                           data={**data, field: value})  # fmt: skip

    assert response.status_code == 303
    row = only(db, model)
    assert {k: getattr(row, k) for k in changed} == changed
    [entry] = audit(db, f"registers.{register}.update")
    assert list(entry.details["changes"]) == list(changed)

    page = client.get(f"/manage/registers/{register}/{row.id}/delete")
    assert page.status_code == 200
    assert f"Xóa {SPECS[register].noun}?" in page.get_data(as_text=True)
    assert len(stored(db, model)) == 1  # asking is not deleting

    response = client.post(f"/manage/registers/{register}/{row.id}/delete")

    assert (response.status_code, response.headers["Location"]) == (
        303, f"/manage/registers/{register}/",
    )  # fmt: skip
    assert stored(db, model) == []
    assert len(audit(db, f"registers.{register}.delete")) == 1


def test_the_edit_form_shows_the_stored_values(client, db, manager, units):
    data, *_rest = form_cases(units)["channels"]
    add(client, "channels", data)
    channel = only(db, CommChannel)

    html = client.get(f"/manage/registers/channels/{channel.id}/edit").get_data(as_text=True)

    assert '<h1 class="heading-l">Sửa kênh</h1>' in html
    assert 'value="Chuyên mục Nghị quyết 57"' in html
    assert 'value="15/01/2026"' in html
    assert f'<option selected value="{units["TTTT"].id}">Trung tâm Thông tin</option>' in html


def test_an_empty_form_names_every_missing_value_in_vietnamese(client, db, manager, units):
    response = add(client, "tasks", {"code": "  ", "title": "", "level": "", "year": "",
                                     "unit": "0"})  # fmt: skip

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<title>Lỗi: Thêm nhiệm vụ") == 1
    assert "Có lỗi cần sửa" in html
    for message in ("Nhập mã nhiệm vụ", "Nhập tên nhiệm vụ", "Chọn cấp quản lý",
                    "Nhập năm, ví dụ 2026"):  # fmt: skip
        assert message in html
    assert stored(db, StTask) == []


@pytest.mark.parametrize(
    ("register", "field", "typed", "message"),
    [
        ("tasks", "year", "20x6", "Nhập một số nguyên từ 0 trở lên, ví dụ 1.234"),
        ("tasks", "year", "1999", "Năm bắt đầu phải từ 2000 đến 2100"),
        ("trainings", "hours", "0", "Số giờ học phải từ 1 đến 2000"),
        ("trainings", "completed_on", "31/02/2026", "Nhập ngày dạng ngày/tháng/năm"),
        ("channels", "url", "skhcn.quangngai.gov.vn", "bắt đầu bằng http:// hoặc https://"),
        ("members", "name", "Báo " + "x" * 300, "Phải có tối đa 300 ký tự"),
        ("documents", "kind", "law", "Chọn một mục trong danh sách"),
        ("awards", "unit", "999999", "Chọn một mục trong danh sách"),
    ],
)
def test_a_wrong_value_is_explained_and_kept(client, db, manager, units, register, field, typed,
                                             message):  # fmt: skip
    data, *_rest = form_cases(units)[register]

    response = add(client, register, {**data, field: typed})

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert f'<a href="#{field}">' in html  # the summary links to the field
    if field not in ("kind", "unit"):
        assert f'value="{typed}"' in html  # what was typed stays in the field
    assert stored(db, SPECS[register].model) == []


def test_a_task_code_is_used_once(client, db, manager, units):
    data, *_rest = form_cases(units)["tasks"]
    add(client, "tasks", data)

    response = add(client, "tasks", {**data, "title": "Nhiệm vụ khác"})

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã có nhiệm vụ mang mã này" in html
    assert 'value="Nhiệm vụ khác"' in html
    assert len(stored(db, StTask)) == 1


def test_a_channel_cannot_close_before_it_opens(client, db, manager, units):
    data, *_rest = form_cases(units)["channels"]

    response = add(client, "channels", {**data, "closed_on": "01/01/2026"})

    assert "Ngày ngừng phải bằng hoặc sau ngày mở" in response.get_data(as_text=True)
    assert stored(db, CommChannel) == []


def test_text_is_stored_as_nfc_without_surrounding_spaces(client, db, manager, units):
    data, *_rest = form_cases(units)["members"]
    decomposed = "Ba\u0301o Qua\u0309ng Nga\u0303i"  # "Báo Quảng Ngãi" typed with combining marks

    add(client, "members", {**data, "name": f"  {decomposed} "})

    assert only(db, SPECS["members"].model).name == "Báo Quảng Ngãi"


@pytest.mark.parametrize(
    ("query", "heading", "present", "absent"),
    [
        ("", "3 dòng", "NV-03", None),
        ("?year=2025", "1 dòng", "NV-01", "NV-02"),
        ("?q=sinh HỌC", "1 dòng", "NV-02", "NV-03"),
        ("?status=accepted&year=2026", "1 dòng", "NV-03", "NV-02"),
        ("?q=không có", "0 dòng", "Không có dòng nào khớp với bộ lọc", "NV-01"),
        ("?year=abc&status=nonsense", "3 dòng", "NV-01", None),
    ],
)
def test_the_task_list_searches_and_filters(client, db, manager, query, heading, present, absent):
    for code, title, year, status in (("NV-01", "Giống lúa", 2025, "ongoing"),
                                      ("NV-02", "Công nghệ sinh học", 2026, "ongoing"),
                                      ("NV-03", "Chuyển đổi số", 2026, "accepted")):  # fmt: skip
        db.session.add(StTask(code=code, title=title, level="province", year=year, status=status))
    db.session.commit()

    html = client.get(f"/manage/registers/tasks/{query}").get_data(as_text=True)

    assert f'<h2 class="heading-m">{heading}</h2>' in html
    assert present in html
    if absent:
        assert absent not in html


def test_the_channel_list_filters_by_unit(client, db, manager, units):
    for unit, name in (("VP", "Bản tin Văn phòng"), ("21211", "Zalo xã Tịnh Khê")):
        db.session.add(CommChannel(unit=units[unit], kind="zalo", name=name,
                                   opened_on=date(2026, 1, 1)))  # fmt: skip
    db.session.commit()

    html = client.get(f"/manage/registers/channels/?unit={units['21211'].id}").get_data(
        as_text=True
    )

    assert '<h2 class="heading-m">1 dòng</h2>' in html
    assert "Zalo xã Tịnh Khê" in html
    assert "Bản tin Văn phòng" not in html


def test_lists_show_100_rows_a_page(client, db, manager):
    member = SPECS["members"].model
    db.session.add_all(member(kind="press", name=f"Thành viên {n:03}",
                              joined_on=date(2026, 1, 1)) for n in range(101))  # fmt: skip
    db.session.commit()

    first = client.get("/manage/registers/members/").get_data(as_text=True)
    second = client.get("/manage/registers/members/?page=2").get_data(as_text=True)

    assert "Hiển thị 1–100 trong 101" in first
    assert "Thành viên 099" in first
    assert "Thành viên 100" not in first
    assert "Thành viên 100" in second


def test_the_landing_page_counts_every_register(client, db, manager):
    db.session.add(StTask(code="NV-01", title="Giống lúa", level="province", year=2026))
    db.session.commit()

    html = client.get("/manage/registers/").get_data(as_text=True)

    assert '<h1 class="heading-l">Sổ theo dõi</h1>' in html
    for spec in SPECS.values():
        assert str(spec.title) in html
    assert '<td class="num">1</td>' in html


def test_the_managers_overview_links_to_the_registers(client, manager):
    html = client.get("/manage/").get_data(as_text=True)

    assert 'href="/manage/registers/"' in html


@pytest.mark.parametrize("register", ["tasks", "channels", "trainings"])
def test_list_pages_do_not_query_once_per_row(client, db, manager, units, count_queries,
                                              register):  # fmt: skip
    data, *_rest = form_cases(units)[register]

    def fill(n):
        for i in range(n):
            unique = {"code": f"NV-{i}-{n}"} if register == "tasks" else {"name": f"Kênh {i}-{n}"}
            add(client, register, {**data, **unique})

    fill(2)
    with count_queries() as few:
        assert client.get(f"/manage/registers/{register}/").status_code == 200
    fill(20)
    with count_queries() as many:
        assert client.get(f"/manage/registers/{register}/").status_code == 200
    assert len(many) == len(few)


def test_the_trainings_register_states_the_in_depth_rule_of_the_indicator(client, db, manager):
    from app.indicators.definitions import seed_indicators
    from app.indicators.queries import get_indicator_by_code

    seed_indicators()
    indicator = get_indicator_by_code("COMMSTAFF_TRAINED")
    indicator.register_params = {"min_hours": 32, "topics": ["digital_comm"]}
    db.session.commit()

    page = client.get("/manage/registers/trainings/").get_data(as_text=True)

    assert "từ 32 giờ học trở lên và nội dung là: Kỹ năng truyền thông số." in page
