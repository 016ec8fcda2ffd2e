"""Reading a units CSV file into validated rows, with every problem located by line."""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.common.csv_import import CsvFile, ImportFileError, RowError
from app.common.text import has_control_chars, parse_bool, parse_count
from app.units.models import FORMER_PROVINCES, POPULATION_STATUSES, UNIT_KINDS

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
TEXT_LIMITS = {"name": 200, "short_name": 100, "population_kind": 40}
# Column aliases: the commune list names the kind "type" and the parent "province_code".
ALIASES = {"type": "kind", "province_code": "parent_code"}
KNOWN = {
    "code", "name", "short_name", "kind", "parent_code", "former_province", "population",
    "population_kind", "population_status", "staff_headcount", "comm_staff_headcount",
    "has_comm_duty", "is_active",
}  # fmt: skip
COUNTS = ("population", "staff_headcount", "comm_staff_headcount")
FLAGS = ("has_comm_duty", "is_active")


@dataclass
class UnitRow:
    """One validated line: only the columns the file has are in ``values``."""

    line: int
    code: str
    values: dict = field(default_factory=dict)
    # stored column name -> the name the file used ("kind" -> "type")
    columns: dict = field(default_factory=dict)

    def column(self, name: str) -> str:
        """The column as the file named it, for error messages."""
        return self.columns.get(name, name)


def parse_units_csv(text: str) -> list[UnitRow]:
    """Validate a units CSV; raise ImportFileError listing every problem found."""
    file = CsvFile(text, aliases=ALIASES)
    errors = file.header_errors(required=("code",), known=KNOWN)
    if errors:
        raise ImportFileError(errors)
    rows: list[UnitRow] = []
    seen: dict[str, int] = {}
    for line, values in file.lines(errors):
        row = _parse_row(line, values, errors)
        if row is None:
            continue
        if row.code in seen:
            msg = _("mã %(code)s đã có ở dòng %(other)s", code=row.code, other=seen[row.code])
            errors.append(RowError(line, "code", msg))
            continue
        seen[row.code] = line
        row.columns = file.shown
        rows.append(row)
    file.finish(rows, errors)
    return rows


def _parse_row(line: int, values: dict, errors: list[RowError]) -> UnitRow | None:
    before = len(errors)
    for key, value in values.items():
        if has_control_chars(value):
            errors.append(RowError(line, key, _("có ký tự điều khiển không hợp lệ")))
    code = values.pop("code", "")
    if not CODE_RE.match(code):
        errors.append(RowError(line, "code", _("mã phải gồm 1-32 chữ cái, chữ số, '_', '.', '-'")))
    parsed: dict = {}
    for key, value in values.items():
        parsed[key] = _parse_value(line, key, value, errors)
    if not values.get("short_name", "x") and values.get("name"):
        parsed["short_name"] = values["name"]
    if len(errors) > before:
        return None
    return UnitRow(line=line, code=code, values=parsed)


def _parse_value(line: int, key: str, value: str, errors: list[RowError]):
    def fail(message: str) -> None:
        errors.append(RowError(line, key, message))

    if key in COUNTS:
        try:
            return parse_count(value)
        except ValueError:
            fail(_("phải là số nguyên không âm, ví dụ 55956"))
    elif key in FLAGS:
        if not value:
            return None  # a blank cell leaves the flag as it is (new units get the default)
        try:
            return parse_bool(value)
        except ValueError:
            fail(_("phải là 1 hoặc 0"))
    elif key == "kind":
        if value not in UNIT_KINDS:
            fail(_("loại phải là một trong: %(kinds)s", kinds=", ".join(UNIT_KINDS)))
        return value
    elif key == "former_province":
        if value and value not in FORMER_PROVINCES:
            fail(_("phải là quang_ngai hoặc kon_tum"))
        return value or None
    elif key == "population_status":
        if value and value not in POPULATION_STATUSES:
            fail(_("phải là provisional hoặc official"))
        return value or None
    elif key in {"name", "short_name", "population_kind", "parent_code"}:
        limit = TEXT_LIMITS.get(key, 32)
        if len(value) > limit:
            fail(_("tối đa %(n)s ký tự", n=limit))
        if key == "name" and not value:
            fail(_("tên không được để trống"))
        return value or None
    return None
