"""Reading sample designs: the frame to draw from, designs, their strata and assignments."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.responses.models import Link
from app.sampling.design import FrameUnit
from app.sampling.models import SampleAssignment, SampleDesign, SampleStratum
from app.sampling.strata import stratum_code
from app.surveys.models import Survey
from app.surveys.queries import list_surveys
from app.units.models import COMMUNE_KINDS, Unit


def get_design(design_id: int) -> SampleDesign | None:
    return db.session.get(SampleDesign, design_id)


def list_citizen_surveys() -> list[Survey]:
    """Surveys of citizens that are not archived: the ones a sample can be drawn for."""
    query = list_surveys(audience="citizen").where(Survey.status != "archived")
    return list(db.session.scalars(query))


def sampling_frame(stratification: str) -> list[FrameUnit]:
    """The active communes with a population, in the order of their statistical codes.

    The order is part of the draw: systematic sampling walks the frame in this order, so the
    same seed draws the same communes only from the same ordered frame.
    """
    query = (
        sa.select(Unit.id, Unit.code, Unit.former_province, Unit.kind, Unit.population)
        .where(Unit.kind.in_(COMMUNE_KINDS), Unit.is_active, Unit.population > 0)
        .order_by(Unit.code)
    )
    return [
        FrameUnit(uid, code, stratum_code(stratification, province, kind), population)
        for uid, code, province, kind, population in db.session.execute(query)
    ]


@dataclass(frozen=True)
class DesignRow:
    """A line of the designs list."""

    design: SampleDesign
    communes: int
    respondents: int


def list_designs() -> list[DesignRow]:
    """Every design, newest first, with its communes and respondents counted in SQL."""
    totals = (
        sa.select(
            SampleAssignment.design_id,
            sa.func.count(SampleAssignment.id).label("communes"),
            sa.func.sum(SampleAssignment.respondents).label("respondents"),
        )
        .group_by(SampleAssignment.design_id)
        .subquery()
    )
    query = (
        sa.select(SampleDesign, totals.c.communes, totals.c.respondents)
        .outerjoin(totals, totals.c.design_id == SampleDesign.id)
        # the survey and the author are shown on every line: load them with the designs
        .options(joinedload(SampleDesign.survey), joinedload(SampleDesign.created_by))
        .order_by(SampleDesign.created_at.desc(), SampleDesign.id.desc())
    )
    return [DesignRow(d, c or 0, r or 0) for d, c, r in db.session.execute(query)]


@dataclass(frozen=True)
class AssignmentRow:
    """A drawn commune with its name, as the design page and the CLI show it."""

    stratum: str
    draw_order: int
    code: str
    name: str
    population: int
    probability: float
    is_certain: bool
    respondents: int
    reserve: int


def list_assignments(design_id: int) -> list[AssignmentRow]:
    """The design's communes by stratum and draw order, with their names (one statement)."""
    a = SampleAssignment
    query = (
        sa.select(
            a.stratum,
            a.draw_order,
            Unit.code,
            Unit.name,
            a.population,
            a.inclusion_probability,
            a.is_certain,
            a.respondents,
            a.reserve,
        )
        .join(Unit, Unit.id == a.commune_id)
        .where(a.design_id == design_id)
        .order_by(a.stratum, a.draw_order)
    )
    return [AssignmentRow(*row) for row in db.session.execute(query)]


@dataclass(frozen=True)
class StratumSummary:
    """One stratum of a design: as allocated at the draw, and what its assignments add up to."""

    code: str
    population: int
    communes: int  # in the frame
    allocated: int
    drawn: int
    respondents: int
    reserve: int


def stratum_summary(design_id: int) -> list[StratumSummary]:
    """Per stratum: population, communes in the frame, allocated n, communes drawn, respondents
    and reserve, summed in SQL."""
    a, s = SampleAssignment, SampleStratum
    query = (
        sa.select(
            s.code,
            s.population,
            s.communes,
            s.allocated,
            sa.func.count(a.id),
            sa.func.coalesce(sa.func.sum(a.respondents), 0),
            sa.func.coalesce(sa.func.sum(a.reserve), 0),
        )
        .outerjoin(a, sa.and_(a.design_id == s.design_id, a.stratum == s.code))
        .where(s.design_id == design_id)
        .group_by(s.id, s.code, s.population, s.communes, s.allocated)
        .order_by(s.code)
    )
    return [StratumSummary(*row) for row in db.session.execute(query)]


def get_link_by_code(code: str) -> Link | None:
    """The respondent code typed by hand (normalised by ``app.sampling.codes.normalise_code``)."""
    return db.session.scalar(sa.select(Link).where(Link.code == code))


def count_codes(design_id: int) -> int:
    """How many respondent codes the design's communes have."""
    query = (
        sa.select(sa.func.count(Link.id))
        .join(SampleAssignment, SampleAssignment.id == Link.sample_assignment_id)
        .where(SampleAssignment.design_id == design_id)
    )
    return db.session.scalar(query)


@dataclass(frozen=True)
class CodeRow:
    """A respondent code with its commune, as the assignment sheets print it."""

    stratum: str
    draw_order: int
    commune_code: str
    commune_name: str
    respondents: int
    reserve: int
    number: int
    code: str
    token: str
    is_reserve: bool


def list_codes(design_id: int) -> list[CodeRow]:
    """The design's codes by stratum, draw order and number, with their communes (one query)."""
    a = SampleAssignment
    query = (
        sa.select(
            a.stratum,
            a.draw_order,
            Unit.code,
            Unit.name,
            a.respondents,
            a.reserve,
            Link.sample_number,
            Link.code,
            Link.token,
            Link.is_reserve,
        )
        .join(Unit, Unit.id == a.commune_id)
        .join(Link, Link.sample_assignment_id == a.id)
        .where(a.design_id == design_id)
        .order_by(a.stratum, a.draw_order, Link.sample_number)
    )
    return [CodeRow(*row) for row in db.session.execute(query)]
