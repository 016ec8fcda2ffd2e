"""Reading a units CSV: decoding, the header, every value checked and located by line.

Line numbers follow the file as a person sees it: the header is line 1, the first data row 2.
"""

import unicodedata

import pytest
import sqlalchemy as sa

from app.common.csv_import import MAX_ROWS, ImportFileError, RowError, decode_csv
from app.units.importing import parse_units_csv
from app.units.models import Unit
from app.units.services import import_units_csv

UTF8_ONLY = "Tệp phải được lưu dạng CSV mã hóa UTF-8."


def csv_text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def errors_of(text: str) -> list[RowError]:
    with pytest.raises(ImportFileError) as caught:
        parse_units_csv(text)
    return caught.value.errors


@pytest.mark.parametrize(
    ("bad_row", "column", "message"),
    [
        ("X2,Phòng B,ward,", "type", "loại phải là một trong: province, department, division"),
        ("X2,Phòng B,division,-5", "population", "phải là số nguyên không âm, ví dụ 55956"),
        ("X2,Phòng B,division,nhiều", "population", "phải là số nguyên không âm, ví dụ 55956"),
        ("X2,Phòng B,division,55.95", "population", "phải là số nguyên không âm, ví dụ 55956"),
        ("X2,Phòng B,division,1e3", "population", "phải là số nguyên không âm, ví dụ 55956"),
        ("X2,Phòng B,division,٥٥", "population", "phải là số nguyên không âm, ví dụ 55956"),
        ("X2,,division,", "name", "tên không được để trống"),
        ("X2,Phòng\x07 B,division,", "name", "có ký tự điều khiển không hợp lệ"),
        ("X 2,Phòng B,division,", "code", "mã phải gồm 1-32 chữ cái, chữ số, '_', '.', '-'"),
        ("Mã2,Phòng B,division,", "code", "mã phải gồm 1-32 chữ cái, chữ số, '_', '.', '-'"),
        (f"X2,{'N' * 201},division,", "name", "tối đa 200 ký tự"),
    ],
)
def test_a_bad_value_is_reported_with_its_line_and_column(bad_row, column, message):
    text = csv_text("code,name,type,population", "X1,Phòng A,division,10", bad_row)

    errors = errors_of(text)

    assert len(errors) == 1
    assert (errors[0].line, errors[0].column) == (3, column)
    assert errors[0].message.startswith(message)
    assert str(errors[0]).startswith(f"dòng 3, {column}: {message}")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("former_province", "binh_dinh", "phải là quang_ngai hoặc kon_tum"),
        ("population_status", "final", "phải là provisional hoặc official"),
        ("has_comm_duty", "maybe", "phải là 1 hoặc 0"),
        ("is_active", "2", "phải là 1 hoặc 0"),
        ("staff_headcount", "mười", "phải là số nguyên không âm, ví dụ 55956"),
    ],
)
def test_other_columns_are_checked_against_their_allowed_values(column, value, message):
    errors = errors_of(csv_text(f"code,{column}", f"21211,{value}"))

    assert errors == [RowError(2, column, message)]


def test_every_problem_in_the_file_is_listed_in_line_order():
    text = csv_text(
        "code,name,type,population",
        "X1,Phòng A,division,-1",
        "X2,Phòng B,division,10",
        "X3,,ward,10",
    )

    errors = errors_of(text)

    assert [(e.line, e.column) for e in errors] == [(2, "population"), (4, "name"), (4, "type")]


def test_a_duplicate_code_names_both_lines():
    text = csv_text("code,name,type", "X1,Phòng A,division", "X2,Phòng B,division",
                    "X1,Phòng C,division")  # fmt: skip

    assert errors_of(text) == [RowError(4, "code", "mã X1 đã có ở dòng 2")]
    assert str(errors_of(text)[0]) == "dòng 4, code: mã X1 đã có ở dòng 2"


def test_a_row_longer_than_the_header_is_reported():
    errors = errors_of(csv_text("code,name,type", "X1,Phòng A,division,thừa"))

    assert errors == [RowError(2, None, "Dòng có nhiều cột hơn tiêu đề.")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (csv_text("name,type", "Phòng A,division"), "Thiếu cột bắt buộc: code."),
        (csv_text("code,name,colour", "X1,Phòng A,đỏ"), "Cột không được hỗ trợ: colour."),
        (csv_text("code,type,kind", "X1,division,division"), "Cột bị lặp: kind."),
        ("", "Thiếu cột bắt buộc: code."),
        (csv_text("code,name,type"), "Tệp không có dòng dữ liệu nào."),
    ],
    ids=["missing-code", "unknown-column", "duplicate-column", "empty-file", "header-only"],
)
def test_a_file_without_usable_header_or_rows_fails_on_line_1(text, message):
    assert errors_of(text) == [RowError(1, None, message)]


def test_header_names_are_trimmed_case_folded_and_aliased():
    rows = parse_units_csv(csv_text(" Code ,NAME,Type,Province_Code", "X1,Phòng A,division,51"))

    assert rows[0].code == "X1"
    assert rows[0].values == {"name": "Phòng A", "kind": "division", "parent_code": "51"}


def test_too_many_rows_are_refused():
    lines = [f"X{n},Phòng {n},division" for n in range(MAX_ROWS + 1)]

    errors = errors_of(csv_text("code,name,type", *lines))

    assert errors[-1] == RowError(MAX_ROWS + 2, None, f"Tệp có quá {MAX_ROWS} dòng.")


@pytest.mark.parametrize(
    "written", ["55956", "55.956", "55 956", "55\u00a0956", '"55.956"', " 55.956 "]
)
def test_vietnamese_grouped_numbers_are_read_as_whole_numbers(written):
    rows = parse_units_csv(csv_text("code,population", f"21211,{written}"))

    assert rows[0].values == {"population": 55956}


def test_millions_with_several_group_separators_are_read():
    rows = parse_units_csv(csv_text("code,population", "P,1.234.567"))

    assert rows[0].values["population"] == 1234567


def test_an_empty_count_means_unknown_not_zero():
    rows = parse_units_csv(csv_text("code,population,staff_headcount", "21211,,0"))

    assert rows[0].values == {"population": None, "staff_headcount": 0}


@pytest.mark.parametrize(
    ("written", "expected"), [("1", True), ("có", True), ("x", True), ("0", False), ("", None)]
)
def test_flags_accept_the_ways_a_spreadsheet_writes_yes_and_no(written, expected):
    rows = parse_units_csv(csv_text("code,has_comm_duty", f"VP,{written}"))

    assert rows[0].values == {"has_comm_duty": expected}


def test_an_empty_short_name_falls_back_to_the_name():
    rows = parse_units_csv(csv_text("code,name,short_name", "X1,Phòng Tổng hợp,"))

    assert rows[0].values == {"name": "Phòng Tổng hợp", "short_name": "Phòng Tổng hợp"}


@pytest.mark.parametrize(
    "data",
    [
        csv_text("code,name,type", "X1,Xa\u0303 Ti\u0323nh Khê,xa").encode("cp1258"),
        csv_text("code,name,type", "X1,Phòng Tài chính,division").encode("latin-1"),
        b"code,name\nX1,\xff\xfe\n",
    ],
    ids=["cp1258", "latin-1", "garbage"],
)
def test_a_file_not_in_utf8_is_refused_and_nothing_is_written(db, data):
    with pytest.raises(ImportFileError) as caught:
        import_units_csv(data)

    assert [(e.column, e.message) for e in caught.value.errors] == [(None, UTF8_ONLY)]
    assert db.session.scalar(sa.select(sa.func.count(Unit.id))) == 0


def test_a_utf8_file_with_the_byte_order_mark_excel_writes_is_read():
    text = decode_csv(csv_text("code,name,type", "X1,Phòng A,division").encode("utf-8-sig"))

    rows = parse_units_csv(text)

    assert [r.code for r in rows] == ["X1"]
    assert rows[0].values["name"] == "Phòng A"


def test_a_name_typed_in_decomposed_unicode_is_stored_composed(db):
    decomposed = unicodedata.normalize("NFD", "Xã Tịnh Khê")
    assert decomposed != "Xã Tịnh Khê"

    import_units_csv(csv_text("code,name,type", f"X1,{decomposed},xa").encode())
    db.session.commit()

    stored = db.session.scalar(sa.select(Unit.name).where(Unit.code == "X1"))
    assert stored == "Xã Tịnh Khê"
    assert unicodedata.is_normalized("NFC", stored)


def test_a_file_with_one_good_and_one_bad_row_writes_nothing(db):
    data = csv_text("code,name,type", "X1,Phòng A,division", "X2,Phòng B,ward").encode()

    with pytest.raises(ImportFileError) as caught:
        import_units_csv(data)
    db.session.commit()

    assert [(e.line, e.column) for e in caught.value.errors] == [(3, "type")]
    assert db.session.scalar(sa.select(sa.func.count(Unit.id))) == 0


def test_the_exception_message_lists_the_first_five_errors():
    lines = [f"X{n},,division" for n in range(7)]

    with pytest.raises(ImportFileError) as caught:
        parse_units_csv(csv_text("code,name,type", *lines))

    assert len(caught.value.errors) == 7
    assert str(caught.value) == "; ".join(
        f"dòng {line}, name: tên không được để trống" for line in range(2, 7)
    )
