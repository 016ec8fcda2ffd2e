"""Fieldwork progress of a design, counted in SQL from its respondent codes, their responses
and their contact outcomes (app.fieldwork.outcomes).

Each code ends up in one state: a response ("completed" when submitted and not excluded on
review; "in progress" while a draft), else a contact outcome (refused, not met, not
eligible), else unused. The response rate follows AAPOR's RR1 on the codes put to use:

    response rate = completed / (completed + refused + not met)

Codes whose person is not eligible leave the denominator (they were never part of the
target population); so do unused codes (never issued), drafts (still undecided) and
responses excluded on review. A code with both a response and an outcome counts as its
response, so no code is counted twice.

"Replaced" is the one notion of replacement: a reserve code put to use, i.e. with a
response (draft or sent) or an outcome. Each stands in for a respondent of the commune who
could not be interviewed.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.fieldwork.models import ContactOutcome
from app.responses.models import Link, Response
from app.sampling.models import SampleAssignment
from app.units.models import Unit


def _rate(completed: int, refused: int, noncontact: int) -> float | None:
    """completed / (completed + refused + noncontact); None before any code is settled."""
    settled = completed + refused + noncontact
    return completed / settled if settled else None


@dataclass(frozen=True)
class CommuneProgress:
    """A drawn commune: respondents wanted, codes made, and how the codes ended up."""

    stratum: str
    draw_order: int
    code: str
    name: str
    respondents: int
    reserve: int
    codes: int
    completed: int
    in_progress: int
    refused: int
    noncontact: int
    ineligible: int
    replaced: int  # reserve codes put to use

    @property
    def missing(self) -> int:
        """Completed responses still wanted to reach the commune's respondents."""
        return max(self.respondents - self.completed, 0)

    @property
    def response_rate(self) -> float | None:
        """AAPOR RR1-like: completed / (completed + refused + not met); ineligible excluded."""
        return _rate(self.completed, self.refused, self.noncontact)


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
    refused: int
    noncontact: int
    ineligible: int
    replaced: int

    @property
    def share(self) -> float:
        """Completed responses as a share of the respondents wanted (may pass 1)."""
        return self.completed / self.respondents if self.respondents else 0.0

    @property
    def response_rate(self) -> float | None:
        """AAPOR RR1-like: completed / (completed + refused + not met); ineligible excluded."""
        return _rate(self.completed, self.refused, self.noncontact)


def _outcome_count(outcome: str, label: str):
    """Codes with this outcome and no response (a response outranks an outcome)."""
    settled = sa.and_(Response.id.is_(None), ContactOutcome.outcome == outcome)
    return sa.func.count(sa.case((settled, Link.id))).label(label)


def _per_commune(design_id: int) -> sa.Select:
    """One row per drawn commune, its codes, their responses and outcomes counted by GROUP BY.

    A code has one response at most (Response.invitation_link_id is unique) and one outcome
    at most (ContactOutcome.link_id is unique), so counting the joined rows counts codes.
    """
    a = SampleAssignment
    completed = sa.and_(Response.status == "complete", Response.is_excluded.is_(False))
    used = sa.or_(Response.id.is_not(None), ContactOutcome.id.is_not(None))
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
            _outcome_count("refused", "refused"),
            _outcome_count("noncontact", "noncontact"),
            _outcome_count("ineligible", "ineligible"),
            sa.func.count(sa.case((sa.and_(Link.is_reserve, used), Link.id))).label("replaced"),
        )
        .join(Unit, Unit.id == a.commune_id)
        .outerjoin(Link, Link.sample_assignment_id == a.id)
        .outerjoin(Response, Response.invitation_link_id == Link.id)
        .outerjoin(ContactOutcome, ContactOutcome.link_id == Link.id)
        .where(a.design_id == design_id)
        .group_by(a.id, a.stratum, a.draw_order, Unit.code, Unit.name, a.respondents, a.reserve)
    )


def commune_progress(design_id: int) -> list[CommuneProgress]:
    """Every drawn commune's progress, by stratum and draw order (one statement)."""
    query = _per_commune(design_id).order_by(SampleAssignment.stratum, SampleAssignment.draw_order)
    return [CommuneProgress(*row) for row in db.session.execute(query)]


SUMMED = ("respondents", "reserve", "codes", "completed", "in_progress", "refused", "noncontact",
          "ineligible", "replaced")  # fmt: skip


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
