"""XLSX workbooks written row by row (openpyxl's write-only mode), so memory stays flat."""

from collections.abc import Iterable

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.exports.columns import interface_locale

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_workbook(target, *, header: list[str], batches: Iterable, codebook: list,
                   language: str | None, typed: dict) -> int:  # fmt: skip
    """A data sheet (header, then the rows) and a codebook sheet; returns the data rows.

    ``typed`` maps column indexes to the function that turns their text into the number or
    date the cell holds. Text cells lose the control characters XML cannot hold.
    """
    with interface_locale(language):
        data_title, book_title = _("Dữ liệu"), _("Mã hóa")
        book_header = [_("Cột"), _("Tiêu đề cột"), _("Mã câu hỏi"), _("Loại câu hỏi"),
                       _("Giá trị"), _("Ý nghĩa")]  # fmt: skip
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(data_title)
    data.freeze_panes = "B2"
    data.append(header)
    count = 0
    for batch in batches:
        for row in batch:
            data.append(_cells(row, typed))
        count += len(batch)
    sheet = workbook.create_sheet(book_title)
    sheet.append(book_header)
    for entry in codebook:
        sheet.append((entry.column, entry.header, entry.question, entry.question_type,
                      entry.value, entry.label))  # fmt: skip
    workbook.save(target)
    return count


def _cells(row, typed: dict) -> list:
    """The row's values as the workbook holds them."""
    cells = list(row)
    for index, value in enumerate(cells):
        if value is None:
            continue
        if index in typed:
            cells[index] = typed[index](value)
        elif isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            cells[index] = ILLEGAL_CHARACTERS_RE.sub("", value)
    return cells
