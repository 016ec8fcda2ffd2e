"""Creating and updating organisational units, from forms and from CSV files."""

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.extensions import db
from app.units.importing import (
    RowError,
    UnitImportError,
    UnitRow,
    decode_csv,
    parse_units_csv,
)
from app.units.models import Unit

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SEED_FILES = ("department_units.csv", "communes_quang_ngai_2025.csv")


@dataclass(frozen=True)
class ImportResult:
    """How many units a file created, changed and left as they were."""

    created: int
    updated: int
    unchanged: int


def import_units_csv(data: bytes, *, actor=None, only_missing: bool = False) -> ImportResult:
    """Validate a units CSV and upsert every row, or write nothing and raise UnitImportError.

    :param only_missing: create the units that do not exist and leave existing ones as they
        are (what ``flask seed`` does, so it never overwrites an administrator's edits).
    """
    rows = parse_units_csv(decode_csv(data))
    return upsert_units(rows, actor=actor, only_missing=only_missing)


def upsert_units(rows: list[UnitRow], *, actor=None, only_missing: bool = False) -> ImportResult:
    """Create or update units from validated rows; parents may be anywhere in the rows."""
    codes = [row.code for row in rows]
    existing = {u.code: u for u in db.session.scalars(sa.select(Unit).where(Unit.code.in_(codes)))}
    errors: list[RowError] = []
    created, unchanged = set(), 0
    touched: list[tuple[UnitRow, Unit]] = []
    for row in rows:
        unit = existing.get(row.code)
        if unit is None:
            missing = [c for c in ("name", "kind") if not row.values.get(c)]
            if missing:
                msg = _("đơn vị %(code)s chưa có; cần cột name và type để tạo", code=row.code)
                errors.append(RowError(row.line, None, msg))
                continue
            name = row.values["name"]
            unit = Unit(code=row.code, name=name, kind=row.values["kind"],
                        short_name=row.values.get("short_name") or name)  # fmt: skip
            db.session.add(unit)
            existing[row.code] = unit
            created.add(id(unit))
        elif only_missing:
            unchanged += 1
            continue
        touched.append((row, unit))
    with db.session.no_autoflush:  # parents are looked up before the new units are complete
        changed = _apply_rows(touched, existing, errors)
    if errors:
        raise UnitImportError(errors)
    db.session.flush()
    updated = len({id(u) for u in changed} - created)
    unchanged += len(touched) - len(created) - updated
    result = ImportResult(created=len(created), updated=updated, unchanged=unchanged)
    if actor is not None or created or updated:
        record(actor, "units.import", target_type="units", **result.__dict__)
    return result


def _apply_rows(touched, by_code: dict[str, Unit], errors: list[RowError]) -> list[Unit]:
    """Copy row values onto units, resolving parent codes; return the units that changed."""
    parent_codes = {r.values["parent_code"] for r, _u in touched if r.values.get("parent_code")}
    missing = parent_codes - set(by_code)
    if missing:
        found = db.session.scalars(sa.select(Unit).where(Unit.code.in_(missing)))
        by_code.update({u.code: u for u in found})
    changed: list[Unit] = []
    for row, unit in touched:
        before = _snapshot(unit)
        for key, value in row.values.items():
            if key == "parent_code":
                if value and value not in by_code:
                    msg = _("không có đơn vị cấp trên mã %(code)s", code=value)
                    errors.append(RowError(row.line, "parent_code", msg))
                    continue
                unit.parent = by_code[value] if value else None
            elif value is not None or key not in {"name", "kind", "short_name"}:
                setattr(unit, key, value)
        if _creates_cycle(unit):
            errors.append(
                RowError(row.line, "parent_code", _("đơn vị không thể là cấp trên của chính nó"))
            )
        if _headcounts_inconsistent(unit):
            msg = _("số cán bộ truyền thông không được lớn hơn tổng số cán bộ")
            errors.append(RowError(row.line, "comm_staff_headcount", msg))
        if _snapshot(unit) != before:
            changed.append(unit)
    return changed


def _snapshot(unit: Unit) -> tuple:
    parent_code = unit.parent.code if unit.parent is not None else None
    return (
        unit.name, unit.short_name, unit.kind, parent_code, unit.former_province,
        unit.population, unit.population_kind, unit.population_status, unit.staff_headcount,
        unit.comm_staff_headcount, unit.has_comm_duty, unit.is_active,
    )  # fmt: skip


def _creates_cycle(unit: Unit) -> bool:
    seen = {id(unit)}
    node = unit.parent
    while node is not None:
        if id(node) in seen:
            return True
        seen.add(id(node))
        node = node.parent
    return False


def _headcounts_inconsistent(unit: Unit) -> bool:
    staff, comm = unit.staff_headcount, unit.comm_staff_headcount
    return staff is not None and comm is not None and comm > staff


def seed_units() -> list[ImportResult]:
    """Load the department's units and the communes, creating only what is missing."""
    return [
        import_units_csv((DATA_DIR / name).read_bytes(), only_missing=True) for name in SEED_FILES
    ]


def update_unit(unit: Unit, *, actor, **values) -> Unit:
    """Change a unit's editable fields and log the change."""
    changes = {}
    for key, value in values.items():
        if getattr(unit, key) != value:
            changes[key] = [_plain(getattr(unit, key)), _plain(value)]
            setattr(unit, key, value)
    if _headcounts_inconsistent(unit):
        raise ValueError("comm_staff_headcount > staff_headcount")
    db.session.flush()
    if changes:
        record(actor, "units.update", unit, changes=changes)
    return unit


def _plain(value):
    return value.code if isinstance(value, Unit) else value
