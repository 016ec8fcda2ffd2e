"""Reading organisational units, and the counts the overview shows."""

import functools
from dataclasses import dataclass

import sqlalchemy as sa

from app.common.text import clean_text, vietnamese_sort_key
from app.extensions import db
from app.units.models import COMMUNE_KINDS, DEPARTMENT_UNIT_KINDS, Unit


@dataclass(frozen=True)
class CommuneGroup:
    """Communes of one former province and kind, with their population."""

    former_province: str | None
    kind: str
    communes: int
    population: int
    provisional: int


def get_unit(unit_id: int) -> Unit | None:
    return db.session.get(Unit, unit_id)


def get_unit_by_code(code: str) -> Unit | None:
    return db.session.scalar(sa.select(Unit).where(Unit.code == code))


def list_units(*, group: str | None = None, q: str | None = None) -> sa.Select:
    """Units ordered for display; ``group`` is "department" or "communes"."""
    query = sa.select(Unit).order_by(Unit.kind, Unit.name)
    if group == "department":
        query = query.where(Unit.kind.in_(("province", "department", *DEPARTMENT_UNIT_KINDS)))
    elif group == "communes":
        query = query.where(Unit.kind.in_(COMMUNE_KINDS))
    if q:
        pattern = f"%{clean_text(q).lower()}%"
        query = query.where(
            sa.or_(sa.func.lower(Unit.name).like(pattern), sa.func.lower(Unit.code).like(pattern))
        )
    return query


def list_communes() -> list[Unit]:
    """The active commune-level units in Vietnamese alphabetical order of their short names."""
    query = sa.select(Unit).where(Unit.kind.in_(COMMUNE_KINDS), Unit.is_active)
    return sorted(db.session.scalars(query), key=lambda u: vietnamese_sort_key(u.short_name))


def commune_choices() -> list[sa.Row]:
    """(id, code, name, short_name) of the active communes in the order of ``list_communes``,
    read as plain rows: the respondent's form shows and checks 96 of them on every request."""
    query = sa.select(Unit.id, Unit.code, Unit.name, Unit.short_name).where(
        Unit.kind.in_(COMMUNE_KINDS), Unit.is_active
    )
    return sorted(db.session.execute(query), key=lambda u: _sort_key(u.short_name))


@functools.lru_cache(maxsize=4096)
def _sort_key(name: str) -> tuple:
    return vietnamese_sort_key(name)


def list_department_units() -> list[Unit]:
    """The department's own units (divisions, centres, offices), for choosing a staff unit."""
    query = sa.select(Unit).where(Unit.kind.in_(DEPARTMENT_UNIT_KINDS), Unit.is_active)
    return list(db.session.scalars(query.order_by(Unit.name)))


def commune_groups() -> list[CommuneGroup]:
    """Communes and population per former province and kind, counted in SQL."""
    provisional = sa.case((Unit.population_status == "provisional", 1), else_=0)
    query = (
        sa.select(
            Unit.former_province,
            Unit.kind,
            sa.func.count(Unit.id),
            sa.func.coalesce(sa.func.sum(Unit.population), 0),
            sa.func.sum(provisional),
        )
        .where(Unit.kind.in_(COMMUNE_KINDS))
        .group_by(Unit.former_province, Unit.kind)
        .order_by(Unit.former_province, Unit.kind)
    )
    return [CommuneGroup(*row) for row in db.session.execute(query)]


@dataclass(frozen=True)
class DepartmentTotals:
    units: int
    staff: int
    comm_staff: int
    missing_headcount: int


def department_totals() -> DepartmentTotals:
    """Headcounts summed over the department's active units, in one statement."""
    missing = sa.case((Unit.staff_headcount.is_(None), 1), else_=0)
    row = db.session.execute(
        sa.select(
            sa.func.count(Unit.id),
            sa.func.coalesce(sa.func.sum(Unit.staff_headcount), 0),
            sa.func.coalesce(sa.func.sum(Unit.comm_staff_headcount), 0),
            sa.func.coalesce(sa.func.sum(missing), 0),
        ).where(Unit.kind.in_(DEPARTMENT_UNIT_KINDS), Unit.is_active)
    ).one()
    return DepartmentTotals(*row)
