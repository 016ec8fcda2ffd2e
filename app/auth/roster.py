"""Importing the staff roster from CSV: all rows or none, errors located by line."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.auth.models import ROLES, User
from app.auth.services import create_user, looks_like_email, normalise_email, update_user
from app.common.csv_import import CsvFile, ImportFileError, RowError, decode_csv
from app.common.text import has_control_chars
from app.extensions import db
from app.units.models import DEPARTMENT_UNIT_KINDS, Unit

REQUIRED = ("email", "full_name", "unit_code")


@dataclass
class RosterResult:
    """Accounts created (with their one-time passwords) and updated."""

    created: list[tuple[str, str]] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0


def import_roster(data: bytes, *, actor) -> RosterResult:
    """Create or update staff accounts from a CSV roster."""
    rows = _parse(decode_csv(data))
    units = {u.code: u for u in db.session.scalars(
        sa.select(Unit).where(Unit.kind.in_(DEPARTMENT_UNIT_KINDS))
    )}  # fmt: skip
    users = {u.email: u for u in db.session.scalars(
        sa.select(User).where(User.email.in_([r["email"] for r in rows]))
    )}  # fmt: skip
    errors = [
        RowError(r["line"], "unit_code", _("không có đơn vị mã %(code)s", code=r["unit_code"]))
        for r in rows
        if r["unit_code"] not in units
    ]
    if errors:
        raise ImportFileError(errors)
    result = RosterResult()
    for row in rows:
        unit = units[row["unit_code"]]
        user = users.get(row["email"])
        role = _role_for(row, user)
        if user is None:
            _user, password = create_user(
                row["email"], row["full_name"], role=role, unit=unit, actor=actor
            )
            result.created.append((row["email"], password))
        elif (user.full_name, user.unit_id, user.role) == (row["full_name"], unit.id, role):
            result.unchanged += 1
        else:
            # One audited change per account, as when an administrator edits it by hand.
            update_user(user, actor=actor, full_name=row["full_name"], role=role, unit=unit)
            result.updated += 1
    db.session.flush()
    record(actor, "users.roster_import", target_type="users", created=len(result.created),
           updated=result.updated, unchanged=result.unchanged)  # fmt: skip
    return result


def _role_for(row: dict, user: User | None) -> str:
    """The roster's role, else the current one; it never takes the administrator role away
    (that is done one account at a time, guarded against removing the last one)."""
    if user is not None and user.role == "admin":
        return "admin"
    return row["role"] or (user.role if user is not None else "staff")


def _parse(text: str) -> list[dict]:
    file = CsvFile(text)
    errors = file.header_errors(required=REQUIRED)
    if errors:
        raise ImportFileError(errors)
    rows, seen = [], {}
    for line, values in file.lines(errors):
        row = {key: values.get(key, "") for key in (*REQUIRED, "role")}
        row["email"], row["line"] = normalise_email(row["email"]), line
        errors.extend(_row_errors(row, seen))
        seen.setdefault(row["email"], line)
        rows.append(row)
    file.finish(rows, errors)
    return rows


def _row_errors(row: dict, seen: dict) -> list[RowError]:
    line, errors = row["line"], []
    if not looks_like_email(row["email"]):
        errors.append(RowError(line, "email", _("địa chỉ thư điện tử không đúng dạng")))
    elif row["email"] in seen:
        msg = _("địa chỉ đã có ở dòng %(other)s", other=seen[row["email"]])
        errors.append(RowError(line, "email", msg))
    if not row["full_name"] or len(row["full_name"]) > 200 or has_control_chars(row["full_name"]):
        errors.append(RowError(line, "full_name", _("cần họ và tên, tối đa 200 ký tự")))
    if row["role"] and row["role"] not in ROLES:
        errors.append(RowError(line, "role", _("vai trò phải là staff, manager hoặc admin")))
    return errors
