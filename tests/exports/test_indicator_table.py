"""The indicator table as XLSX: the dashboard's figures for the period and filters."""

import io

import openpyxl

from app.indicators import formatting
from app.indicators.periods import parse_period
from app.indicators.queries import Filters
from app.indicators.services import consolidate
from app.units.queries import get_unit_by_code
from tests.indicators.test_views import TINH_KHE, four_citizens

URL = "/manage/indicators/export.xlsx"


def workbook(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def test_the_table_holds_the_dashboards_figures(client, db, manager):
    four_citizens(db)
    response = client.get(f"{URL}?period=2026H2")
    assert "filename=chi-tieu-2026H2.xlsx" in response.headers["Content-Disposition"]
    book = workbook(response)
    table, about = book.worksheets
    header, *rows = list(table.iter_rows(values_only=True))
    assert header == ("Mã", "Chỉ tiêu", "Giá trị", "Như trên bảng theo dõi", "Cận dưới (95%)",
                      "Cận trên (95%)", "n", "Cỡ mẫu hiệu dụng", "Mục tiêu", "Năm mục tiêu",
                      "Tình trạng", "Ghi chú")  # fmt: skip
    result = consolidate(parse_period("2026H2"))
    assert [r[0] for r in rows] == [f.code for f in result.figures]
    for row, figure in zip(rows, result.figures, strict=True):
        assert row[2] == figure.value
        assert row[3] == formatting.figure_value(figure)
        assert row[10] == formatting.status_text(figure.status)
    access = dict(zip(header, rows[[r[0] for r in rows].index("CITIZEN_ACCESS")], strict=True))
    assert access["Giá trị"] == 0.75
    assert access["Như trên bảng theo dõi"] == "75%"
    assert access["Ghi chú"] == "kết quả tham khảo, mẫu không ngẫu nhiên"
    assert (
        table.cell(row=2 + [r[0] for r in rows].index("CITIZEN_ACCESS"), column=3).number_format
        == "0.0%"
    )
    info = dict(about.iter_rows(values_only=True))
    assert info["Kỳ"] == "6 tháng cuối năm 2026"
    assert info["Bộ lọc"] == "Không"
    assert info["Nguồn"] == "Số liệu trực tiếp, chưa chốt"


def test_filters_are_applied_and_named(client, db, manager):
    four_citizens(db)
    book = workbook(client.get(f"{URL}?period=2026H2&commune={TINH_KHE}"))
    info = dict(book.worksheets[1].iter_rows(values_only=True))
    assert info["Bộ lọc"] == get_unit_by_code(TINH_KHE).name
    commune = get_unit_by_code(TINH_KHE)
    expected = consolidate(parse_period("2026H2"), Filters(commune_id=commune.id))
    values = {r[0]: r[2] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert values == {f.code: f.value for f in expected.figures}


def test_a_bad_period_sends_back_to_the_dashboard_with_its_message(client, db, manager):
    response = client.get(f"{URL}?period=abc")
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "Không hiểu kỳ" in page


def test_the_dashboard_links_to_the_table_with_its_filters(client, db, manager):
    html = client.get("/manage/indicators/?period=2026H1").get_data(as_text=True)
    assert f'href="{URL}?period=2026H1"' in html


def test_a_name_that_looks_like_a_formula_stays_text(client, db, manager):
    from app.indicators.queries import get_indicator_by_code

    get_indicator_by_code("CITIZEN_ACCESS").name_vi = '=HYPERLINK("http://x.example","Bấm")'
    db.session.commit()
    table = workbook(client.get(f"{URL}?period=2026H2")).worksheets[0]
    cell = next(row[1] for row in table.iter_rows(min_row=2) if row[0].value == "CITIZEN_ACCESS")
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://x.example","Bấm")')
