"""Creating and updating organisational units, from forms and from CSV files."""

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.common.csv_import import ImportFileError, RowError, decode_csv
from app.extensions import db
from app.units.importing import UnitRow, parse_units_csv
from app.units.models import Unit

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Columns whose blank cell means "leave as it is" rather than "clear".
KEEP_WHEN_BLANK = {"name", "kind", "short_name", "has_comm_duty", "is_active"}
SEED_FILES = ("department_units.csv", "communes_quang_ngai_2025.csv")


@dataclass(frozen=True)
class ImportResult:
    """How many units a file created, changed and left as they were."""

    created: int
    updated: int
    unchanged: int


def import_units_csv(data: bytes, *, actor=None, only_missing: bool = False) -> ImportResult:
    """Validate a units CSV and upsert every row, or write nothing and raise ImportFileError.

    :param only_missing: create the units that do not exist and leave existing ones as they
        are (what ``flask seed`` does, so it never overwrites an administrator's edits).
    """
    rows = parse_units_csv(decode_csv(data))
    return upsert_units(rows, actor=actor, only_missing=only_missing)


def upsert_units(rows: list[UnitRow], *, actor=None, only_missing: bool = False) -> ImportResult:
    """Create or update units from validated rows; parents may be anywhere in the rows.

    Every row is checked before anything changes, so a rejected file leaves the session as
    it was.
    """
    existing = _units_by_code({row.code for row in rows})
    skipped = 0
    if only_missing:
        skipped = sum(1 for row in rows if row.code in existing)
        rows = [row for row in rows if row.code not in existing]
    wanted = {row.values["parent_code"] for row in rows if row.values.get("parent_code")}
    known = {**existing, **_units_by_code(wanted - existing.keys())}
    errors = _check_rows(rows, known)
    if errors:
        raise ImportFileError(errors)
    with db.session.no_autoflush:  # new units are incomplete until every value is copied
        new = {row.code: Unit(code=row.code) for row in rows if row.code not in known}
        db.session.add_all(new.values())
        updated = _apply_rows(rows, {**known, **new}, set(new))
    db.session.flush()
    result = ImportResult(
        created=len(new), updated=updated, unchanged=skipped + len(rows) - len(new) - updated
    )
    if actor is not None or new or updated:
        record(actor, "units.import", target_type="units", **result.__dict__)
    return result


def _units_by_code(codes) -> dict[str, Unit]:
    if not codes:
        return {}
    return {u.code: u for u in db.session.scalars(sa.select(Unit).where(Unit.code.in_(codes)))}


def _check_rows(rows: list[UnitRow], known: dict[str, Unit]) -> list[RowError]:
    """Every problem that depends on other rows or on the database, without changing anything."""
    in_file = {row.code: row for row in rows}
    errors = []
    for row in rows:
        unit, values = known.get(row.code), row.values
        parent = values.get("parent_code")
        if unit is None and not (values.get("name") and values.get("kind")):
            msg = _("đơn vị %(code)s chưa có; cần cột name và type để tạo", code=row.code)
            errors.append(RowError(row.line, None, msg))
        if parent and parent not in known and parent not in in_file:
            msg = _("không có đơn vị cấp trên mã %(code)s", code=parent)
            errors.append(RowError(row.line, row.column("parent_code"), msg))
        elif _has_cycle(row.code, in_file, known):
            msg = _("đơn vị không thể là cấp trên của chính nó")
            errors.append(RowError(row.line, row.column("parent_code"), msg))
        staff = values.get("staff_headcount", getattr(unit, "staff_headcount", None))
        comm = values.get("comm_staff_headcount", getattr(unit, "comm_staff_headcount", None))
        if staff is not None and comm is not None and comm > staff:
            msg = _("số cán bộ truyền thông không được lớn hơn tổng số cán bộ")
            errors.append(RowError(row.line, row.column("comm_staff_headcount"), msg))
    return errors


def _has_cycle(code: str, in_file: dict[str, UnitRow], known: dict[str, Unit]) -> bool:
    """Whether following parents from ``code``, as the file would leave them, leads back to it."""
    seen = {code}
    current = code
    while True:
        row = in_file.get(current)
        if row is not None and "parent_code" in row.values:
            current = row.values["parent_code"]
        else:
            unit = known.get(current)
            parent = unit.parent if unit is not None else None
            current = parent.code if parent is not None else None
            if parent is not None:
                known.setdefault(current, parent)
        if current == code:
            return True
        if not current or current in seen:  # a loop elsewhere is another row's error
            return False
        seen.add(current)


def _apply_rows(rows: list[UnitRow], by_code: dict[str, Unit], new: set[str]) -> int:
    """Copy checked row values onto units; returns how many existing units changed."""
    updated = 0
    for row in rows:
        unit = by_code[row.code]
        before = None if row.code in new else _snapshot(unit)
        for key, value in row.values.items():
            if key == "parent_code":
                unit.parent = by_code[value] if value else None
            elif value is not None or key not in KEEP_WHEN_BLANK:
                setattr(unit, key, value)
        unit.short_name = unit.short_name or unit.name
        if before is not None and _snapshot(unit) != before:
            updated += 1
    return updated


def _snapshot(unit: Unit) -> tuple:
    parent_code = unit.parent.code if unit.parent is not None else None
    return (
        unit.name, unit.short_name, unit.kind, parent_code, unit.former_province,
        unit.population, unit.population_kind, unit.population_status, unit.staff_headcount,
        unit.comm_staff_headcount, unit.has_comm_duty, unit.is_active,
    )  # fmt: skip


def seed_units() -> list[ImportResult]:
    """Load the department's units and the communes, creating only what is missing."""
    return [
        import_units_csv((DATA_DIR / name).read_bytes(), only_missing=True) for name in SEED_FILES
    ]


def update_unit(unit: Unit, *, actor, **values) -> Unit:
    """Change a unit's editable fields and log the change."""
    staff = values.get("staff_headcount", unit.staff_headcount)
    comm = values.get("comm_staff_headcount", unit.comm_staff_headcount)
    if staff is not None and comm is not None and comm > staff:
        raise ValueError("comm_staff_headcount > staff_headcount")
    changes = {}
    for key, value in values.items():
        if getattr(unit, key) != value:
            changes[key] = [_plain(getattr(unit, key)), _plain(value)]
            setattr(unit, key, value)
    db.session.flush()
    if changes:
        record(actor, "units.update", unit, changes=changes)
    return unit


def _plain(value):
    return value.code if isinstance(value, Unit) else value
