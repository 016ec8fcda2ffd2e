"""Register rows as CSV cells: reading a file's cells into values, writing a row's cells back.

Writing and reading are inverses, so an exported file imports unchanged: dates are written
YYYY-MM-DD, yes/no as 1/0, units and tasks by their code, and the quote an export puts before
a cell a spreadsheet would run as a formula is taken off again on import.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from app.common.csv_export import neutralise, unneutralise
from app.common.csv_import import CsvFile, ImportFileError, RowError, decode_csv
from app.common.text import has_control_chars, parse_bool, parse_count
from app.registers.queries import load_references
from app.registers.specs import Column, RegisterSpec

URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass
class References:
    """Rows a file points at, loaded once: units and tasks by code, channels by (unit, name)."""

    units: dict = field(default_factory=dict)
    tasks: dict = field(default_factory=dict)
    channels: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FileRows:
    """A file's checked lines: (line number, values by model attribute)."""

    file: CsvFile
    rows: list[tuple[int, dict]]
    errors: list[RowError]


def parse_day(text: str) -> date:
    """A day written YYYY-MM-DD or DD/MM/YYYY (the Vietnamese habit); ValueError otherwise."""
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a day, no time
        except ValueError:
            continue
        if 1900 <= day.year <= 2100:
            return day
    raise ValueError(text)


def read_file(spec: RegisterSpec, data: bytes) -> FileRows:
    """Read every line of an uploaded file into values; problems go to ``errors``."""
    file = CsvFile(decode_csv(data))
    required = [c.name for c in spec.columns if c.required and c.default is None]
    errors = file.header_errors(required=required, known=[c.name for c in spec.columns])
    if errors:
        raise ImportFileError(errors)
    lines = [
        (line, {name: unneutralise(cell) for name, cell in cells.items()})
        for line, cells in file.lines(errors)
    ]
    refs = References(**load_references(spec, [cells for _line, cells in lines]))
    rows = []
    for line, cells in lines:
        values, problems = {}, []
        for column in spec.columns:
            try:
                value = read_cell(column, cells.get(column.name, ""), cells, refs)
            except ValueError as exc:
                problems.append(RowError(line, column.name, str(exc)))
                continue
            if column.attr:
                values[column.attr] = value
        errors.extend(problems)
        if not problems:
            rows.append((line, values))
    return FileRows(file, rows, errors)


def read_cell(column: Column, raw: str, cells: dict, refs: References) -> Any:
    """One cell's value, or ValueError with a message for the person who wrote the file."""
    if not raw:
        if column.default is not None:
            return column.default
        if column.required:
            raise ValueError(_("không được để trống"))
        return None
    if has_control_chars(raw):
        raise ValueError(_("có ký tự điều khiển không hợp lệ"))
    return READERS[column.kind](column, raw, cells, refs)


def _text(column, raw, _cells, _refs):
    if len(raw) > column.limit:
        raise ValueError(_("tối đa %(n)s ký tự", n=column.limit))
    return raw


def _url(column, raw, cells, refs):
    if not URL_RE.match(raw):
        raise ValueError(_("đường dẫn phải bắt đầu bằng http:// hoặc https://"))
    return _text(column, raw, cells, refs)


def _choice(column, raw, _cells, _refs):
    if raw not in column.choices:
        raise ValueError(_("phải là một trong: %(values)s", values=", ".join(column.choices)))
    return raw


def _number(column, raw, _cells, _refs):
    try:
        value = parse_count(raw)
    except ValueError:
        value = None
    if value is None or not column.low <= value <= column.high:
        raise ValueError(_("phải là số nguyên từ %(low)s đến %(high)s", low=column.low,
                           high=column.high))  # fmt: skip
    return value


def _date(_column, raw, _cells, _refs):
    try:
        return parse_day(raw)
    except ValueError:
        raise ValueError(_("phải là ngày có thật, dạng YYYY-MM-DD hoặc DD/MM/YYYY")) from None


def _bool(_column, raw, _cells, _refs):
    try:
        return parse_bool(raw)
    except ValueError:
        raise ValueError(_("phải là 1, 0, có hoặc không")) from None


def _unit(_column, raw, _cells, refs):
    if raw not in refs.units:
        raise ValueError(_("không có đơn vị mã %(code)s", code=raw))
    return refs.units[raw].id


def _task(_column, raw, _cells, refs):
    if raw not in refs.tasks:
        raise ValueError(_("không có nhiệm vụ mã %(code)s", code=raw))
    return refs.tasks[raw].id


def _channel(_column, raw, cells, refs):
    unit = cells.get("unit", "")
    if unit not in refs.units:
        return None  # the unit column reports it
    if (unit, raw) not in refs.channels:
        raise ValueError(_("đơn vị %(unit)s không có kênh tên %(name)s", unit=unit, name=raw))
    return refs.channels[(unit, raw)].id


READERS = {
    "text": _text, "url": _url, "choice": _choice, "year": _number, "count": _number,
    "date": _date, "bool": _bool, "unit": _unit, "channel_unit": _unit, "task": _task,
    "channel": _channel,
}  # fmt: skip


def write_cells(spec: RegisterSpec, row) -> list[str]:
    """A row as CSV cells in the spec's column order, formulas neutralised."""
    return [neutralise(_write(column, row)) for column in spec.columns]


def _write(column: Column, row) -> str:
    value = row
    for part in column.path.split("."):
        value = getattr(value, part) if value is not None else None
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
