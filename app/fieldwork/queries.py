"""What an enumerator is given: assigned surveys and communes, and their unused codes."""

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.fieldwork.models import ContactOutcome, EnumeratorAssignment
from app.responses.models import Link, Response
from app.surveys.models import Survey
from app.units.models import Unit


@dataclass(frozen=True)
class AssignmentRow:
    """One assigned survey in one commune, with its codes counted."""

    survey_id: int
    survey_title: str
    survey_status: str
    commune_id: int
    commune_name: str
    codes: int
    interviewed: int
    not_interviewed: int

    @property
    def open_codes(self) -> int:
        return self.codes - self.interviewed - self.not_interviewed


def _code_counts():
    """Per (survey, commune): codes, codes with a response, codes with a contact outcome."""
    return (
        sa.select(
            Link.survey_id,
            Link.commune_id,
            sa.func.count(Link.id).label("codes"),
            sa.func.count(Response.id).label("interviewed"),
            sa.func.count(ContactOutcome.id).label("not_interviewed"),
        )
        .outerjoin(Response, Response.invitation_link_id == Link.id)
        .outerjoin(ContactOutcome, ContactOutcome.link_id == Link.id)
        .where(Link.sample_assignment_id.is_not(None), Link.revoked_at.is_(None))
        .group_by(Link.survey_id, Link.commune_id)
        .subquery()
    )


def list_assignments(user_id: int | None = None, survey_id: int | None = None):
    """Assignments of one enumerator or of one survey, with their codes counted in SQL."""
    a, counts = EnumeratorAssignment, _code_counts()
    query = (
        sa.select(
            a.id,
            a.user_id,
            User.full_name.label("enumerator_name"),
            a.survey_id,
            Survey,
            a.commune_id,
            Unit.name.label("commune_name"),
            sa.func.coalesce(counts.c.codes, 0).label("codes"),
            sa.func.coalesce(counts.c.interviewed, 0).label("interviewed"),
            sa.func.coalesce(counts.c.not_interviewed, 0).label("not_interviewed"),
        )
        .join(User, User.id == a.user_id)
        .join(Survey, Survey.id == a.survey_id)
        .join(Unit, Unit.id == a.commune_id)
        .outerjoin(
            counts, sa.and_(counts.c.survey_id == a.survey_id, counts.c.commune_id == a.commune_id)
        )
        .order_by(Survey.slug, Unit.name, a.id)
    )
    if user_id is not None:
        query = query.where(a.user_id == user_id)
    if survey_id is not None:
        query = query.where(a.survey_id == survey_id)
    return db.session.execute(query).all()


def enumerator_assignments(user_id: int) -> list[AssignmentRow]:
    return [
        AssignmentRow(
            r.survey_id,
            r.Survey.title,
            r.Survey.status,
            r.commune_id,
            r.commune_name,
            r.codes,
            r.interviewed,
            r.not_interviewed,
        )
        for r in list_assignments(user_id=user_id)
    ]


def open_code(survey_id: int, commune_id: int, code: str | None) -> Link | None:
    """One of the commune's open codes (see open_codes), by its stored form."""
    if not code:
        return None
    return next((c for c in _open_codes(survey_id, commune_id, Link.code == code)), None)


def open_codes(survey_id: int, commune_id: int) -> list[Link]:
    """The commune's respondent codes with neither a response nor a contact outcome:
    the respondents' own codes first, then the reserve, each in number order."""
    return _open_codes(survey_id, commune_id)


def _open_codes(survey_id: int, commune_id: int, *where) -> list[Link]:
    return list(
        db.session.scalars(
            sa.select(Link)
            .outerjoin(Response, Response.invitation_link_id == Link.id)
            .outerjoin(ContactOutcome, ContactOutcome.link_id == Link.id)
            .where(
                Link.survey_id == survey_id,
                Link.commune_id == commune_id,
                Link.sample_assignment_id.is_not(None),
                Link.revoked_at.is_(None),
                Response.id.is_(None),
                ContactOutcome.id.is_(None),
                *where,
            )
            .order_by(Link.is_reserve, Link.sample_assignment_id, Link.sample_number)
        )
    )


def list_enumerators() -> list[User]:
    """Active enumerator accounts, by name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.role == "enumerator", User.is_active_account.is_(True))
            .order_by(User.full_name, User.id)
        )
    )


def sample_communes(survey_id: int) -> list[Unit]:
    """Communes that have respondent codes for this survey (drawn by one of its designs)."""
    return list(
        db.session.scalars(
            sa.select(Unit)
            .where(
                Unit.id.in_(
                    sa.select(Link.commune_id).where(
                        Link.survey_id == survey_id, Link.sample_assignment_id.is_not(None)
                    )
                )
            )
            .order_by(Unit.name)
        )
    )
