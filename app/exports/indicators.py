"""The indicator table of a period as an XLSX workbook: the dashboard's figures, as numbers."""

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.common.timezones import LOCAL
from app.indicators import formatting

PERCENT = "0.0%"
WIDTHS = (20, 60, 12, 16, 12, 12, 8, 10, 12, 10, 22, 24)


def indicator_workbook(result, *, language: str, period_label: str, filters_text: str) -> Workbook:
    """Sheet 1: one row per indicator; sheet 2: what the figures are (period, filters, time)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Chỉ tiêu")
    sheet.append([_("Mã"), _("Chỉ tiêu"), _("Giá trị"), _("Như trên bảng theo dõi"),
                  _("Cận dưới (95%)"), _("Cận trên (95%)"), _("n"), _("Cỡ mẫu hiệu dụng"),
                  _("Mục tiêu"), _("Năm mục tiêu"), _("Tình trạng"), _("Ghi chú")])  # fmt: skip
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for figure in result.figures:
        # Non-probability figures carry the label; beside a sample, the open stream's share
        # is a note, never a value of the sheet.
        note = (str(formatting.NON_PROBABILITY) if figure.non_probability
                else formatting.open_reference_text(figure))  # fmt: skip
        sheet.append([
            figure.code, figure.name(language), figure.value,
            formatting.figure_value(figure), figure.low, figure.high, figure.n,
            round(figure.n_eff, 1) if figure.n_eff is not None else None,
            figure.target, figure.target_year, formatting.status_text(figure.status), note,
        ])  # fmt: skip
        if figure.percent:
            for column in (3, 5, 6, 9):
                sheet.cell(row=sheet.max_row, column=column).number_format = PERCENT
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    about = book.create_sheet(_("Thông tin"))
    computed = result.computed_at.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")
    source = (_("Số liệu đã chốt, lần chốt số %(id)s", id=result.snapshot_id)
              if result.snapshot_id else _("Số liệu trực tiếp, chưa chốt"))  # fmt: skip
    for row in ((_("Kỳ"), period_label), (_("Bộ lọc"), filters_text or _("Không")),
                (_("Tính lúc (giờ Việt Nam)"), computed), (_("Nguồn"), source)):  # fmt: skip
        about.append(row)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 60
    for worksheet in book.worksheets:
        as_text(worksheet)
    return book


def as_text(sheet) -> None:
    """Type every cell whose text starts with = as text: openpyxl would store a formula, and
    names (of indicators, units, communes) are people's input."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
