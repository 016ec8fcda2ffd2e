"""Reading the registers: lists with a search and filters, one row, child rows, counts."""

from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.common.text import clean_text
from app.extensions import db
from app.registers.models import CommChannel, StTask
from app.registers.specs import SPECS, RegisterSpec
from app.units.models import DEPARTMENT_UNIT_KINDS, Unit
from app.units.queries import list_communes

EXPORT_BATCH = 500


def get_row(spec: RegisterSpec, row_id: int) -> Any | None:
    return db.session.get(spec.model, row_id)


def list_rows(
    spec: RegisterSpec, *, q: str | None = None, filters: dict | None = None
) -> sa.Select:
    """A register's rows in display order, searched by ``q`` and filtered by column values.

    The units and parents the list shows are joined in the same query, so a page of 100 rows
    does not query once per row.
    """
    model = spec.model
    query = sa.select(model).options(*(_joined(model, path) for path in spec.loads))
    query = query.order_by(*_order(spec), model.id)
    if q:
        needle = clean_text(q).lower()
        query = query.where(sa.or_(*(
            sa.func.lower(getattr(model, name)).contains(needle, autoescape=True)
            for name in spec.search
        )))  # fmt: skip
    for name, value in (filters or {}).items():
        query = query.where(getattr(model, spec.column(name).attr) == value)
    return query


def list_children(spec: RegisterSpec, parent_id: int) -> sa.Select:
    """A child register's rows under one parent (a task's communications, a channel's products)."""
    model = spec.model
    return (
        sa.select(model)
        .where(getattr(model, spec.parent_attr) == parent_id)
        .order_by(*_order(spec), model.id)
    )


def iter_rows(spec: RegisterSpec, query: sa.Select) -> Iterator[Any]:
    """The rows of ``query`` in id order, fetched 500 at a time for an export.

    Each batch is a short query of its own (keyset on the id), so a long download holds no
    database cursor open between the chunks it sends.
    """
    model, last = spec.model, 0
    batch_query = query.order_by(None).order_by(model.id).limit(EXPORT_BATCH)
    while True:
        batch = db.session.scalars(batch_query.where(model.id > last)).all()
        yield from batch
        if len(batch) < EXPORT_BATCH:
            return
        last = batch[-1].id


def _joined(model, path: str):
    option, cls = None, model
    for part in path.split("."):
        attr = getattr(cls, part)
        option = joinedload(attr) if option is None else option.joinedload(attr)
        cls = attr.property.mapper.class_
    return option


def _order(spec: RegisterSpec) -> list:
    return [
        getattr(spec.model, name[1:]).desc() if name.startswith("-") else getattr(spec.model, name)
        for name in spec.order
    ]


def register_counts() -> dict[str, int]:
    """How many rows each register holds, in one statement."""
    parts = [
        sa.select(sa.literal(name).label("name"), sa.func.count().label("n")).select_from(
            spec.model
        )
        for name, spec in SPECS.items()
    ]
    return dict(db.session.execute(sa.union_all(*parts)).tuples().all())


def count_children(spec: RegisterSpec, parent_id: int) -> int:
    """How many child rows a parent has (deleting the parent deletes them too)."""
    child = SPECS[spec.child]
    where = getattr(child.model, child.parent_attr) == parent_id
    return db.session.scalar(sa.select(sa.func.count()).select_from(child.model).where(where))


def _key_attrs(spec: RegisterSpec) -> list[str]:
    return [spec.column(name).attr for name in spec.key]


def find_by_key(spec: RegisterSpec, values: dict) -> Any | None:
    """The row holding the business key in ``values`` (by model attribute), if any."""
    conditions = [getattr(spec.model, attr) == values.get(attr) for attr in _key_attrs(spec)]
    return db.session.scalars(sa.select(spec.model).where(*conditions).limit(1)).first()


def rows_by_key(spec: RegisterSpec, keys: Iterable[tuple]) -> dict[tuple, Any]:
    """Existing rows whose business key is among ``keys``, by key."""
    attrs = _key_attrs(spec)
    firsts = {key[0] for key in keys}
    if not firsts:
        return {}
    query = sa.select(spec.model).where(getattr(spec.model, attrs[0]).in_(firsts))
    return {tuple(getattr(row, a) for a in attrs): row for row in db.session.scalars(query)}


def load_references(spec: RegisterSpec, lines: list[dict[str, str]]) -> dict[str, dict]:
    """The units, tasks and channels the lines of a file name, each kind in one query."""

    def cells(name: str) -> set[str]:
        return {line.get(name, "") for line in lines} - {""}

    kinds = {column.kind: column.name for column in spec.columns}
    refs: dict[str, dict] = {}
    unit_column = kinds.get("unit") or kinds.get("channel_unit")
    if unit_column:
        query = sa.select(Unit).where(Unit.code.in_(cells(unit_column)))
        refs["units"] = {unit.code: unit for unit in db.session.scalars(query)}
    if "task" in kinds:
        query = sa.select(StTask).where(StTask.code.in_(cells(kinds["task"])))
        refs["tasks"] = {task.code: task for task in db.session.scalars(query)}
    if "channel" in kinds:
        query = (
            sa.select(Unit.code, CommChannel)
            .join(CommChannel.unit)
            .where(Unit.code.in_(cells(unit_column)), CommChannel.name.in_(cells("channel")))
        )
        refs["channels"] = {(code, ch.name): ch for code, ch in db.session.execute(query)}
    return refs


def list_unit_choices() -> tuple[list[Unit], list[Unit]]:
    """Active units a register row may belong to: the department and its units, the communes."""
    query = (
        sa.select(Unit)
        .where(Unit.kind.in_(("department", *DEPARTMENT_UNIT_KINDS)), Unit.is_active)
        .order_by(Unit.kind != "department", Unit.name)
    )
    return list(db.session.scalars(query)), list_communes()
