"""Writing the registers: rows from forms, child rows, and CSV imports (all rows or none).

Values are dicts keyed by model attribute (``unit_id``, ``published_on``); the views and the
CSV reader have already parsed them. Every write is logged in the audit log.
"""

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _

from app.audit.services import record
from app.common.csv_import import RowError
from app.extensions import db
from app.registers.csvfiles import read_file
from app.registers.models import StTask
from app.registers.queries import find_by_key, rows_by_key
from app.registers.specs import SPECS, RegisterSpec


class RegisterError(Exception):
    """Values a register cannot keep; ``problems`` maps column names to messages."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    """How many rows a file created, changed and left as they were."""

    created: int
    updated: int
    unchanged: int


def check_values(spec: RegisterSpec, values: dict, row=None, *, check_key=True) -> dict[str, str]:
    """Problems one field cannot see: a business key taken, an end before its start, a
    communication of a state-secret task. Maps column names to messages.

    :param row: the row being edited, which may keep its own key.
    """
    problems = {}
    if spec.period:
        start, end = (values.get(spec.column(name).attr) for name in spec.period)
        if start and end and end < start:
            problems[spec.period[1]] = str(spec.period_message)
    if spec.key and check_key:
        other = find_by_key(spec, values)
        if other is not None and other is not row:
            problems[_key_field(spec)] = str(spec.key_message)
    task_id = values.get("task_id")
    task = db.session.get(StTask, task_id) if task_id is not None else None
    if task is not None and task.is_secret:
        problems["task_code"] = _("Nhiệm vụ thuộc bí mật nhà nước không được truyền thông")
    return problems


def create_row(spec: RegisterSpec, values: dict, *, actor) -> Any:
    """Add a row to a register."""
    problems = check_values(spec, values)
    if problems:
        raise RegisterError(problems)
    row = spec.model(**values)
    db.session.add(row)
    db.session.flush()
    record(actor, f"registers.{spec.name}.create", row, values=_plain_values(values))
    return row


def add_child(spec: RegisterSpec, parent, values: dict, *, actor) -> Any:
    """Add a row to a parent's child register (a task's communication, a channel's product)."""
    child = SPECS[spec.child]
    return create_row(child, {**values, child.parent_attr: parent.id}, actor=actor)


def update_row(spec: RegisterSpec, row, values: dict, *, actor) -> Any:
    """Change a row's values; the audit log keeps what changed."""
    problems = check_values(spec, values, row)
    if problems:
        raise RegisterError(problems)
    changes = {
        attr: [_plain(getattr(row, attr)), _plain(value)]
        for attr, value in values.items()
        if getattr(row, attr) != value
    }
    for attr, value in values.items():
        setattr(row, attr, value)
    db.session.flush()
    if changes:
        record(actor, f"registers.{spec.name}.update", row, changes=changes)
    return row


def delete_row(spec: RegisterSpec, row, *, actor) -> None:
    """Delete a row (a task's communications and a channel's products go with it)."""
    snapshot = {c.attr: _plain(getattr(row, c.attr)) for c in spec.columns if c.attr}
    record(actor, f"registers.{spec.name}.delete", row, values=snapshot)
    db.session.delete(row)
    db.session.flush()


def import_csv(spec: RegisterSpec, data: bytes, *, actor) -> ImportResult:
    """Check every line of a CSV file, then add its rows (or update them by business key).

    Raises ImportFileError naming every wrong line; nothing is written then.
    """
    parsed = read_file(spec, data)
    rows, errors, seen = [], parsed.errors, {}
    for line, values in parsed.rows:
        problems = check_values(spec, values, check_key=False)
        errors.extend(RowError(line, name, message) for name, message in problems.items())
        key = _key(spec, values)
        if key is not None and key in seen:
            message = _("trùng với dòng %(other)s", other=seen[key])
            errors.append(RowError(line, _key_field(spec), message))
            continue
        if key is not None:
            seen[key] = line
        if not problems:
            rows.append(values)
    parsed.file.finish(rows, errors)
    existing = rows_by_key(spec, seen) if spec.key else {}
    created = updated = 0
    for values in rows:
        row = existing.get(_key(spec, values))
        if row is None:
            db.session.add(spec.model(**values))
            created += 1
        elif any(getattr(row, attr) != value for attr, value in values.items()):
            for attr, value in values.items():
                setattr(row, attr, value)
            updated += 1
    db.session.flush()
    result = ImportResult(created, updated, len(rows) - created - updated)
    record(actor, f"registers.{spec.name}.import", target_type=spec.model.__tablename__,
           **asdict(result))  # fmt: skip
    return result


def _key(spec: RegisterSpec, values: dict) -> tuple | None:
    if not spec.key:
        return None
    return tuple(values.get(spec.column(name).attr) for name in spec.key)


def _key_field(spec: RegisterSpec) -> str:
    """The key column a person types (the code, the number, the name), for messages."""
    return next(name for name in spec.key if spec.column(name).kind == "text")


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _plain_values(values: dict) -> dict:
    return {attr: _plain(value) for attr, value in values.items()}
