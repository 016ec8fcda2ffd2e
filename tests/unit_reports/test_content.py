"""Reading the posted report form into the content format, its messages, and the content in
words."""

import unicodedata
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from app.unit_reports.content import describe, error_items, form_data, is_empty, read_content
from app.unit_reports.forms import UnitReportForm, prepare
from app.unit_reports.queries import unit_channels
from tests.unit_reports.conftest import content

WINDOW = (date(2025, 12, 15), date(2026, 6, 14))


def read(app, data: dict, unit):
    """The form posted with ``data``, checked, and the content it gave (or None)."""
    with app.test_request_context(method="POST", data=MultiDict(data)):
        form = UnitReportForm()
        prepare(form, unit_channels(unit.id))
        form.validate()
        return form, read_content(form, WINDOW)


def product(registers, **values) -> dict:
    row = {"task": "III.1", "channel_id": str(registers.channel.id), "kind": "article",
           "title": "Tin bài", "url": "https://skhcn.quangngai.gov.vn/a",
           "published_on": "02/03/2026", "language": "vi"}  # fmt: skip
    row.update(values)
    return {f"products-0-{k}": v for k, v in row.items()}


def errors_of(form) -> dict:
    return dict(error_items(form))


def test_a_complete_form_gives_the_content_format(app, units, registers):
    data = {
        "summary_1": "  Đăng tin bài  ", "enterprises_reached": "1.234",
        **product(registers),
        "events-0-task": "III.2", "events-0-name": "Hội thảo", "events-0-occasion": "18/5",
        "events-0-held_on": "18/5/2026", "events-0-participants": "120",
        "trainings-0-task": "III.2", "trainings-0-course": "Lớp A",
        "trainings-0-held_on": "2026-04-02", "trainings-0-participants": "0",
        "minority_materials-0-task": "III.1", "minority_materials-0-title": "Tờ gấp",
        "minority_materials-0-language": "sed",
        "task_communications-0-task": "III.4", "task_communications-0-task_code": "DTDL.2025-01",
        "task_communications-0-outlet": "Báo Quảng Ngãi",
        "task_communications-0-outlet_kind": "mass_media",
        "task_communications-0-published_on": "01/03/2026",
        "difficulties": "Dòng 1\r\nDòng 2",
    }  # fmt: skip
    form, got = read(app, data, units.cds)
    assert errors_of(form) == {}
    assert got == {
        "format": "nq57-unit-report/1",
        "tasks": {"III.1": {"summary": "Đăng tin bài"}},
        "products": [{"task": "III.1", "channel_id": registers.channel.id, "kind": "article",
                      "title": "Tin bài", "url": "https://skhcn.quangngai.gov.vn/a",
                      "published_on": "2026-03-02", "language": "vi"}],
        "minority_materials": [{"task": "III.1", "title": "Tờ gấp", "language": "sed"}],
        "events": [{"task": "III.2", "name": "Hội thảo", "occasion": "18/5",
                    "held_on": "2026-05-18", "participants": 120}],
        "trainings": [{"task": "III.2", "course": "Lớp A", "held_on": "2026-04-02",
                       "participants": 0}],
        "task_communications": [{"task": "III.4", "task_code": "DTDL.2025-01",
                                 "outlet": "Báo Quảng Ngãi", "outlet_kind": "mass_media",
                                 "published_on": "2026-03-01"}],
        "enterprises_reached": 1234,
        "difficulties": "Dòng 1\nDòng 2",
        "proposals": "",
    }  # fmt: skip


def test_blank_rows_are_not_items(app, units, registers):
    data = {"summary_2": "Có", "products-0-task": "III.1", "products-0-language": "vi",
            "products-0-title": "   ", "events-0-task": "III.2"}  # fmt: skip
    form, got = read(app, data, units.cds)
    assert errors_of(form) == {}
    assert (got["products"], got["events"], got["enterprises_reached"]) == ([], [], 0)


def test_a_started_row_must_be_complete(app, units, registers):
    form, got = read(app, product(registers, title="", published_on=""), units.cds)
    assert got is None
    assert errors_of(form) == {
        "products-0-title": "Sản phẩm 1: Nhập tiêu đề",
        "products-0-published_on": "Sản phẩm 1: Nhập ngày đăng",
    }


def test_a_chosen_kind_alone_starts_a_row(app, units, registers):
    form, got = read(app, {"events-0-task": "III.2", "events-0-occasion": "1/10"}, units.cds)
    assert got is None
    assert errors_of(form) == {
        "events-0-name": "Sự kiện 1: Nhập tên sự kiện",
        "events-0-held_on": "Sự kiện 1: Nhập ngày tổ chức",
        "events-0-participants": "Sự kiện 1: Nhập số người tham dự",
    }


@pytest.mark.parametrize("url", ["ftp://skhcn.gov.vn/a", "javascript:alert(1)", "https://",
                                 "skhcn.quangngai.gov.vn", "https://a b.vn"])  # fmt: skip
def test_links_must_be_web_addresses(app, units, registers, url):
    form, got = read(app, product(registers, url=url), units.cds)
    assert got is None
    assert errors_of(form) == {"products-0-url": "Sản phẩm 1: Nhập đường dẫn đầy đủ, bắt đầu "
                                                 "bằng http:// hoặc https://"}  # fmt: skip


def test_dates_must_fall_in_the_period_and_exist(app, units, registers):
    form, _got = read(app, product(registers, published_on="15/06/2026"), units.cds)
    assert errors_of(form) == {"products-0-published_on": "Sản phẩm 1: Ngày đăng phải trong kỳ "
                               "báo cáo, từ 15/12/2025 đến 14/06/2026"}  # fmt: skip
    form, _got = read(app, product(registers, published_on="31/02/2026"), units.cds)
    assert errors_of(form) == {"products-0-published_on": "Sản phẩm 1: Nhập ngày dạng "
                               "ngày/tháng/năm, ví dụ 31/12/2026"}  # fmt: skip


def test_counts_are_whole_numbers_from_zero(app, units, registers):
    data = {"trainings-0-task": "III.2", "trainings-0-course": "Lớp A",
            "trainings-0-held_on": "02/04/2026", "trainings-0-participants": "-5",
            "enterprises_reached": "3,5"}  # fmt: skip
    form, got = read(app, data, units.cds)
    assert got is None
    message = "Nhập một số nguyên từ 0 trở lên, ví dụ 1.234"
    assert errors_of(form) == {"enterprises_reached": message,
                               "trainings-0-participants": f"Lớp 1: {message}"}  # fmt: skip


def test_lengths_and_control_characters(app, units, registers):
    data = {**product(registers, title="x" * 501), "summary_3": "a\x00b",
            "proposals": "y" * 4001}  # fmt: skip
    form, got = read(app, data, units.cds)
    assert got is None
    assert errors_of(form) == {
        "summary_3": "Nội dung có ký tự không hợp lệ",
        "products-0-title": "Sản phẩm 1: Tiêu đề phải có tối đa 500 ký tự",
        "proposals": "Đề xuất, kiến nghị phải có tối đa 4.000 ký tự",
    }


def test_text_is_stored_in_nfc(app, units, registers):
    decomposed = unicodedata.normalize("NFD", "Hội thảo Đổi mới")
    _form, got = read(app, {"summary_4": decomposed}, units.cds)
    assert got["tasks"]["III.4"]["summary"] == "Hội thảo Đổi mới"


def test_a_product_goes_on_one_of_the_units_own_channels(app, units, registers):
    data = product(registers, channel_id=str(registers.other_channel.id))
    form, got = read(app, data, units.cds)
    assert got is None
    assert errors_of(form) == {
        "products-0-channel_id": "Sản phẩm 1: Chọn một kênh của đơn vị trong danh sách"
    }


def test_kinds_come_from_the_registers(app, units, registers):
    form, _got = read(app, product(registers, kind="poster"), units.cds)
    assert errors_of(form) == {"products-0-kind": "Sản phẩm 1: Chọn một mục trong danh sách"}


@pytest.mark.parametrize(("code", "message"), [
    ("KHONG.CO", "Không có nhiệm vụ mang mã KHONG.CO trong Sổ theo dõi nhiệm vụ KH&CN"),
    ("MAT.2025-02", "Nhiệm vụ thuộc bí mật nhà nước không được truyền thông"),
])  # fmt: skip
def test_communicated_tasks_exist_and_are_not_secret(app, units, registers, code, message):
    data = {"task_communications-0-task": "III.4", "task_communications-0-task_code": code,
            "task_communications-0-outlet": "Báo Quảng Ngãi",
            "task_communications-0-outlet_kind": "mass_media",
            "task_communications-0-published_on": "01/03/2026"}  # fmt: skip
    form, got = read(app, data, units.cds)
    assert got is None
    assert errors_of(form) == {"task_communications-0-task_code": f"Lần truyền thông 1: {message}"}


def test_stored_content_fills_the_form_and_reads_back_the_same(app, units, registers):
    stored = content(registers)
    with app.test_request_context():
        form = UnitReportForm(data=form_data(stored))
        prepare(form, unit_channels(units.cds.id), spare=1)
        assert len(form.products.entries) == 3  # the two products and one spare row
        assert form.products[0].form.published_on._value() == "02/03/2026"
        values = {f.name: f._value() if hasattr(f, "_value") else f.data for f in _leaves(form)}
        posted = MultiDict({name: value for name, value in values.items() if value})
    form, got = read(app, posted, units.cds)
    assert errors_of(form) == {}
    assert got == stored


def _leaves(form):
    for field in form:
        if field.type == "FieldList":
            for entry in field:
                yield from entry.form
        elif field.type not in ("SubmitField", "CSRFTokenField"):
            yield field


def test_empty_content_is_empty():
    assert is_empty(None)
    assert is_empty({"format": "nq57-unit-report/1", "tasks": {"III.1": {"summary": ""}},
                     "products": [], "enterprises_reached": 0, "difficulties": ""})  # fmt: skip
    assert not is_empty({"difficulties": "Thiếu kinh phí"})
    assert not is_empty({"enterprises_reached": 3})


def test_content_in_words_by_plan_task(app, registers):
    channels = {registers.channel.id: "Chuyên mục Chuyển đổi số"}
    sections = {s.task: s for s in describe(content(registers), channels)}
    assert sections["III.1"].summary == "Đăng 2 tin bài về Nghị quyết 57."
    assert [line.text for line in sections["III.1"].lines] == [
        "Tin, bài “Chuyển đổi số ở xã” trên Chuyên mục Chuyển đổi số, ngày 02/03/2026",
        "Video, clip “Video Hrê” trên Chuyên mục Chuyển đổi số, ngày 10/04/2026, tiếng Hrê",
        "Tài liệu “Tờ gấp tiếng Xơ Đăng” bằng tiếng Xơ Đăng",
    ]
    assert sections["III.1"].lines[0].url == "https://skhcn.quangngai.gov.vn/tin/1"
    assert [line.text for line in sections["III.2"].lines] == [
        "Sự kiện “Hội thảo 18/5” (Ngày Khoa học và Công nghệ Việt Nam (18/5)), ngày "
        "18/05/2026, 120 người tham dự",
        "Lớp “Kỹ năng truyền thông số”, ngày 02/04/2026, 35 người tham gia",
    ]
    assert [line.text for line in sections["III.3"].lines] == [
        "Số doanh nghiệp được tiếp cận, truyền thông: 12"
    ]
    assert [line.text for line in sections["III.4"].lines] == [
        "Nhiệm vụ DTDL.2025-01: đăng trên Báo Quảng Ngãi (Phương tiện thông tin đại chúng), "
        "ngày 01/03/2026"
    ]
