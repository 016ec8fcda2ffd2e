"""Fieldwork progress of a design, counted in SQL from its respondent codes and their responses.

A code's response is "completed" when it was submitted and not excluded on review; a reserve
code is "used" once a response has been started through it (the sheet tells why it was used).
"""

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.responses.models import Link, Response
from app.sampling.models import SampleAssignment
from app.units.models import Unit


@dataclass(frozen=True)
class CommuneProgress:
    """A drawn commune: respondents wanted, codes made, responses completed, reserve used."""

    stratum: str
    draw_order: int
    code: str
    name: str
    respondents: int
    reserve: int
    codes: int
    completed: int
    in_progress: int
    reserve_used: int

    @property
    def missing(self) -> int:
        """Completed responses still wanted to reach the commune's respondents."""
        return max(self.respondents - self.completed, 0)


@dataclass(frozen=True)
class StratumProgress:
    """The same counts summed over a stratum's communes."""

    stratum: str
    communes: int
    respondents: int
    reserve: int
    codes: int
    completed: int
    in_progress: int
    reserve_used: int

    @property
    def share(self) -> float:
        """Completed responses as a share of the respondents wanted (may pass 1)."""
        return self.completed / self.respondents if self.respondents else 0.0


def _per_commune(design_id: int) -> sa.Select:
    """One row per drawn commune, its codes and their responses counted by GROUP BY.

    A code has one response at most (Response.invitation_link_id is unique), so counting
    the joined responses counts codes.
    """
    a = SampleAssignment
    completed = sa.and_(Response.status == "complete", Response.is_excluded.is_(False))
    return (
        sa.select(
            a.stratum,
            a.draw_order,
            Unit.code,
            Unit.name,
            a.respondents,
            a.reserve,
            sa.func.count(Link.id).label("codes"),
            sa.func.count(sa.case((completed, Response.id))).label("completed"),
            sa.func.count(sa.case((Response.status == "draft", Response.id))).label("in_progress"),
            sa.func.count(sa.case((Link.is_reserve, Response.id))).label("reserve_used"),
        )
        .join(Unit, Unit.id == a.commune_id)
        .outerjoin(Link, Link.sample_assignment_id == a.id)
        .outerjoin(Response, Response.invitation_link_id == Link.id)
        .where(a.design_id == design_id)
        .group_by(a.id, a.stratum, a.draw_order, Unit.code, Unit.name, a.respondents, a.reserve)
    )


def commune_progress(design_id: int) -> list[CommuneProgress]:
    """Every drawn commune's progress, by stratum and draw order (one statement)."""
    query = _per_commune(design_id).order_by(SampleAssignment.stratum, SampleAssignment.draw_order)
    return [CommuneProgress(*row) for row in db.session.execute(query)]


SUMMED = ("respondents", "reserve", "codes", "completed", "in_progress", "reserve_used")


def stratum_progress(design_id: int) -> list[StratumProgress]:
    """Per stratum, the communes' counts summed in SQL over the per-commune rows."""
    rows = _per_commune(design_id).subquery()
    query = (
        sa.select(
            rows.c.stratum,
            sa.func.count(),
            # cast: PostgreSQL sums the counts (bigint) as numeric
            *(sa.cast(sa.func.sum(getattr(rows.c, name)), sa.Integer) for name in SUMMED),
        )
        .group_by(rows.c.stratum)
        .order_by(rows.c.stratum)
    )
    return [StratumProgress(*row) for row in db.session.execute(query)]
