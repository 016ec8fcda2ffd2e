"""XLSX workbooks written row by row (openpyxl's write-only mode), so memory stays flat."""

import contextlib
import os
from collections.abc import Iterable

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.common.csv_export import unneutralise
from app.i18n import interface_locale

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_workbook(target, *, header: list[str], batches: Iterable, codebook: list,
                   language: str | None, typed: dict) -> int:  # fmt: skip
    """A data sheet (header, then the rows) and a codebook sheet; returns the data rows.

    ``typed`` maps column indexes to the function that turns their text into the number or
    date the cell holds. Text cells lose the control characters XML cannot hold.
    openpyxl writes each sheet through a temporary file; if writing fails, those files are
    removed before the error goes on (they hold people's answers).
    """
    with interface_locale(language):
        data_title, book_title = _("Dữ liệu"), _("Mã hóa")
        book_header = [_("Cột"), _("Tiêu đề cột"), _("Mã câu hỏi"), _("Loại câu hỏi"),
                       _("Giá trị"), _("Ý nghĩa")]  # fmt: skip
    workbook = Workbook(write_only=True)
    try:
        count = _fill(workbook, data_title, book_title, book_header, header, batches, codebook,
                      typed)  # fmt: skip
        workbook.save(target)
    except BaseException:
        _discard(workbook)
        raise
    return count


def _fill(workbook, data_title, book_title, book_header, header, batches, codebook, typed) -> int:
    data = workbook.create_sheet(data_title)
    data.freeze_panes = "B2"
    data.append(header)
    count = 0
    for batch in batches:
        for row in batch:
            data.append(_cells(data, row, typed))
        count += len(batch)
    sheet = workbook.create_sheet(book_title)
    sheet.append(book_header)
    for entry in codebook:
        row = (entry.column, entry.header, entry.question, entry.question_type, entry.value,
               entry.label)  # fmt: skip
        sheet.append([text_cell(sheet, v) if v else v for v in row])
    return count


def _discard(workbook) -> None:
    """Remove the temporary files of a workbook that will not be saved."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None or not os.path.exists(writer.out):
            continue
        for generator in (getattr(sheet, "_rows", None), writer.xf):  # rows first, then file
            if generator is not None:
                with contextlib.suppress(Exception):
                    generator.close()
        writer.cleanup()


def _cells(sheet, row, typed: dict) -> list:
    """The row's values as the workbook holds them: numbers and dates typed, text as text."""
    cells = list(row)
    for index, value in enumerate(cells):
        if value is None:
            continue
        if index in typed:
            cells[index] = typed[index](value)
        elif isinstance(value, str):
            cells[index] = text_cell(sheet, value)
    return cells


def text_cell(sheet, value: str):
    """A text cell, never a formula, with the text as typed.

    The query neutralises text for CSV (a leading ' before = + - @); a workbook needs no such
    mark, because a cell typed as text is never run: the mark is taken off again, and a text
    starting with = (which openpyxl would store as a formula) is typed as text explicitly.
    """
    value = unneutralise(value)
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
