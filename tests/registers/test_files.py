"""Registers as CSV files: imports check every line and write all or nothing; exports
stream the same columns back, formulas neutralised, so an export re-imports unchanged."""

import csv
import io
from datetime import date

import pytest
import sqlalchemy as sa

from app.registers.models import CommProduct, Document, StTask, TaskCommunication, Training
from app.registers.specs import SPECS
from tests.registers.conftest import audit, csv_text, stored, upload
from tests.registers.data import PREREQUISITES, SAMPLES, sample


def imported(client, register: str, text: str) -> None:
    response = upload(client, register, text)
    assert response.status_code == 303, response.get_data(as_text=True)


def export(client, register: str, query: str = "") -> str:
    response = client.get(f"/manage/registers/{register}/export.csv{query}")
    assert response.status_code == 200
    return response.get_data().decode("utf-8")


def test_a_task_file_is_imported(client, db, manager, units):
    response = upload(client, "tasks", sample("tasks"))

    assert (response.status_code, response.headers["Location"]) == (303, "/manage/registers/tasks/")
    banner = client.get("/manage/registers/tasks/").get_data(as_text=True)
    assert "Đã nhập: 2 dòng mới, 0 dòng cập nhật, 0 dòng không đổi." in banner
    first, second = stored(db, StTask)
    assert (first.code, first.title, first.status, first.is_secret, first.unit_id) == (
        "NV-01", "Ứng dụng công nghệ số, giai đoạn 1", "accepted", False, units["VP"].id,
    )  # fmt: skip
    assert (second.title, second.status, second.is_secret, second.unit_id) == (
        '=HYPERLINK("http://x.example")', "ongoing", True, None,
    )  # fmt: skip
    [entry] = audit(db, "registers.tasks.import")
    assert (entry.actor_id, entry.target_type) == (manager.id, "st_tasks")
    assert entry.details == {"created": 2, "updated": 0, "unchanged": 0}


def test_a_task_file_updates_tasks_by_code(client, db, manager, units):
    imported(client, "tasks", sample("tasks"))

    imported(client, "tasks", csv_text("code,title,level,year,status",
                                       "NV-01,Tên mới,province,2025,applied",
                                       "NV-03,Nhiệm vụ mới,grassroots,2026,"))  # fmt: skip

    tasks = {t.code: t for t in stored(db, StTask)}
    assert sorted(tasks) == ["NV-01", "NV-02", "NV-03"]
    assert (tasks["NV-01"].title, tasks["NV-01"].status) == ("Tên mới", "applied")
    assert audit(db, "registers.tasks.import")[-1].details == {
        "created": 1, "updated": 1, "unchanged": 0,
    }  # fmt: skip


def test_documents_are_updated_by_number_and_kind(client, db, manager):
    imported(client, "documents", sample("documents"))

    imported(client, "documents", csv_text(
        "kind,number,title,issued_on",
        "plan,123/KH-SKHCN,Kế hoạch đã sửa,2026-01-10",
        "report,123/KH-SKHCN,Báo cáo cùng số nhưng khác loại,2026-02-01",
    ))  # fmt: skip

    documents = {(d.number, d.kind): d.title for d in stored(db, Document)}
    assert documents == {
        ("123/KH-SKHCN", "plan"): "Kế hoạch đã sửa",
        ("45/BC-SKHCN", "report"): "Báo cáo 6 tháng đầu năm 2026",
        ("123/KH-SKHCN", "report"): "Báo cáo cùng số nhưng khác loại",
    }


def test_a_file_with_wrong_lines_writes_nothing_and_names_each_line(client, db, manager, units):
    text = csv_text(
        "code,title,level,year,status,is_secret,unit",
        "NV-10,Nhiệm vụ đúng,province,2026,,0,VP",
        "NV-11,Năm sai,province,1999,,0,VP",
        "NV-12,,regional,2026,,có lẽ,XX",
        "NV-10,Trùng mã,province,2026,,0,",
    )

    response = upload(client, "tasks", text)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Không nhập được tệp: có lỗi cần sửa" in html
    assert "Chưa có dòng nào được nhập." in html
    for error in (
        "dòng 3, year: phải là số nguyên từ 2000 đến 2100",
        "dòng 4, title: không được để trống",
        "dòng 4, level: phải là một trong: national, ministry, province, grassroots",
        "dòng 4, is_secret: phải là 1, 0, có hoặc không",
        "dòng 4, unit: không có đơn vị mã XX",
        "dòng 5, code: trùng với dòng 2",
    ):
        assert f"<li>{error}</li>" in html
    assert stored(db, StTask) == []
    assert audit(db, "registers.tasks.import") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,title,level\nNV-1,A,province\n", "dòng 1: Thiếu cột bắt buộc: year."),
        ("code,title,level,year,colour\n", "dòng 1: Cột không được hỗ trợ: colour."),
        ("code,title,level,year\n", "dòng 1: Tệp không có dòng dữ liệu nào."),
    ],
)
def test_a_file_with_wrong_columns_is_refused(client, db, manager, text, message):
    html = upload(client, "tasks", text).get_data(as_text=True)

    assert message in html
    assert stored(db, StTask) == []


def test_a_file_that_is_not_utf8_is_refused(client, db, manager):
    data = b"code,title,level,year\nNV-1,Nhi\xeam v\xf9,province,2026\n"  # a one-byte code page

    html = upload(client, "tasks", data).get_data(as_text=True)

    assert "Tệp phải được lưu dạng CSV mã hóa UTF-8." in html


def test_communications_name_their_task_by_code(client, db, manager, units):
    imported(client, "tasks", sample("tasks"))

    imported(client, "communications", sample("communications"))

    task = stored(db, StTask)[0]
    records = stored(db, TaskCommunication)
    assert [(r.task_id, r.published_on) for r in records] == [
        (task.id, date(2026, 3, 27)), (task.id, date(2026, 4, 27)),
    ]  # fmt: skip
    assert len(audit(db, "registers.communications.import")) == 1


def test_communications_of_unknown_or_secret_tasks_are_refused(client, db, manager, units):
    imported(client, "tasks", sample("tasks"))  # NV-02 is a state secret

    html = upload(client, "communications", csv_text(
        "task_code,outlet,outlet_kind,url,published_on",
        "NV-01,Báo Quảng Ngãi,mass_media,,2026-03-27",
        "NV-99,Báo Quảng Ngãi,mass_media,,2026-03-27",
        "NV-02,Báo Quảng Ngãi,mass_media,,2026-03-27",
        "NV-01,Báo Quảng Ngãi,television,ftp://x,2026-13-01",
    )).get_data(as_text=True)  # fmt: skip

    for error in (
        "dòng 3, task_code: không có nhiệm vụ mã NV-99",
        "dòng 4, task_code: Nhiệm vụ thuộc bí mật nhà nước không được truyền thông",
        "dòng 5, outlet_kind: phải là một trong: mass_media, digital_platform, social_network",
        "dòng 5, url: đường dẫn phải bắt đầu bằng http:// hoặc https://",
        "dòng 5, published_on: phải là ngày có thật, dạng YYYY-MM-DD hoặc DD/MM/YYYY",
    ):
        assert f"<li>{error}</li>" in html
    assert stored(db, TaskCommunication) == []


def test_products_name_their_channel_within_its_unit(client, db, manager, units):
    imported(client, "channels", sample("channels"))

    imported(client, "products", sample("products"))

    products = stored(db, CommProduct)
    assert [(p.channel.name, p.channel.unit.code, p.language) for p in products] == [
        ("Chuyên mục NQ57", "TTTT", "vi"), ("Zalo xã Tịnh Khê", "21211", "hre"),
    ]  # fmt: skip
    html = upload(client, "products", csv_text(
        "unit,channel,kind,title,url,published_on,language",
        "VP,Chuyên mục NQ57,article,Sai đơn vị,,2026-01-20,vi",
        "XX,Chuyên mục NQ57,article,Không có đơn vị,,2026-01-20,vi",
    )).get_data(as_text=True)  # fmt: skip
    assert "<li>dòng 2, channel: đơn vị VP không có kênh tên Chuyên mục NQ57</li>" in html
    assert "<li>dòng 3, unit: không có đơn vị mã XX</li>" in html
    assert len(stored(db, CommProduct)) == 2


def test_a_channel_file_updates_channels_by_unit_and_name(client, db, manager, units):
    imported(client, "channels", sample("channels"))

    imported(client, "channels", csv_text("unit,kind,name,opened_on,closed_on",
                                          "21211,zalo,Zalo xã Tịnh Khê,01/02/2025,"))  # fmt: skip

    channels = stored(db, SPECS["channels"].model)
    assert [(c.name, c.closed_on) for c in channels] == [
        ("Chuyên mục NQ57", None), ("Zalo xã Tịnh Khê", None),
    ]  # fmt: skip


def test_training_dates_and_hours_are_read_as_vietnamese_write_them(client, db, manager, units):
    imported(client, "trainings", sample("trainings"))

    trainings = stored(db, Training)
    assert [(t.completed_on, t.hours) for t in trainings] == [
        (date(2026, 3, 27), 40), (date(2026, 4, 5), 8),
    ]  # fmt: skip
    html = upload(client, "trainings", csv_text(
        "person,unit,course,topic,completed_on,hours",
        "Nguyễn Văn An,VP,Kỹ năng số,digital_comm,2026-03-27,0",
        "Nguyễn Văn An,VP,Kỹ năng số,digital_comm,31/02/2026,2001",
    )).get_data(as_text=True)  # fmt: skip
    assert "<li>dòng 2, hours: phải là số nguyên từ 1 đến 2000</li>" in html
    assert "<li>dòng 3, completed_on: phải là ngày có thật" in html
    assert len(stored(db, Training)) == 2


def test_a_member_cannot_leave_before_joining(client, db, manager):
    html = upload(client, "members", csv_text(
        "kind,name,joined_on,left_on", "press,Báo Quảng Ngãi,2026-02-01,2026-01-31",
    )).get_data(as_text=True)  # fmt: skip

    assert "<li>dòng 2, left_on: Ngày rời mạng lưới phải bằng hoặc sau ngày tham gia</li>" in html


@pytest.mark.parametrize("register", list(SAMPLES))
def test_an_export_reimports_to_the_same_rows(client, db, manager, units, register):
    for needed in (*PREREQUISITES.get(register, ()), register):
        imported(client, needed, sample(needed))
    first = export(client, register)
    model = SPECS[register].model
    count = len(stored(db, model))
    db.session.execute(sa.delete(model))
    db.session.commit()

    imported(client, register, first)

    assert len(stored(db, model)) == count == 2
    assert export(client, register) == first


def test_an_export_of_an_upserted_register_reimports_unchanged(client, db, manager, units):
    imported(client, "tasks", sample("tasks"))

    imported(client, "tasks", export(client, "tasks"))

    assert audit(db, "registers.tasks.import")[-1].details == {
        "created": 0, "updated": 0, "unchanged": 2,
    }  # fmt: skip


def test_an_export_is_utf8_with_bom_in_the_import_columns(client, db, manager, units):
    imported(client, "tasks", sample("tasks"))

    response = client.get("/manage/registers/tasks/export.csv")

    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert 'filename="so-theo-doi-tasks.csv"' in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeffcode,title,level,year,status,is_secret,unit\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1:] == [
        ["NV-01", "Ứng dụng công nghệ số, giai đoạn 1", "province", "2025", "accepted", "0", "VP"],
        ["NV-02", '\'=HYPERLINK("http://x.example")', "national", "2026", "ongoing", "1", ""],
    ]


@pytest.mark.parametrize(
    ("register", "cell"),
    [
        ("products", "'-Hướng dẫn dùng dịch vụ công"),
        ("trainings", "'@Trần Văn Bình"),
        ("members", "'+Lê Văn Cường, TS."),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(client, db, manager, units, register, cell):
    for needed in (*PREREQUISITES.get(register, ()), register):
        imported(client, needed, sample(needed))

    rows = list(csv.reader(io.StringIO(export(client, register).removeprefix("\ufeff"))))

    assert cell in [value for row in rows for value in row]


def test_an_export_follows_the_list_filters(client, db, manager, units):
    imported(client, "tasks", sample("tasks"))

    text = export(client, "tasks", "?year=2025")

    assert "NV-01" in text
    assert "NV-02" not in text


def test_a_long_export_sends_every_row_once(client, db, manager):
    member = SPECS["members"].model
    db.session.add_all(member(kind="press", name=f"Thành viên {n:04}", joined_on=date(2025, 1, 1))
                       for n in range(1201))  # fmt: skip
    db.session.commit()

    rows = list(csv.reader(io.StringIO(export(client, "members").removeprefix("\ufeff"))))

    names = [row[1] for row in rows[1:]]
    assert len(names) == len(set(names)) == 1201
