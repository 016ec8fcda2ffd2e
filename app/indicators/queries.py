"""Every count behind the indicators: one GROUP BY statement per question asked.

Functions return plain rows (named tuples) that `indicators.services` turns into figures.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.auth.models import User
from app.enterprises.models import Enterprise
from app.extensions import db
from app.indicators.models import Indicator, IndicatorTally
from app.registers.models import (
    AwardEntry,
    CommChannel,
    CommProduct,
    Document,
    NetworkMember,
    StTask,
    TaskCommunication,
    Training,
)
from app.responses.models import Link
from app.surveys.models import Survey, SurveyVersion
from app.units.models import COMMUNE_KINDS, DEPARTMENT_UNIT_KINDS, Unit


@dataclass(frozen=True)
class Filters:
    """What a manager narrowed the figures to; None means "all"."""

    unit_id: int | None = None
    commune_id: int | None = None
    former_province: str | None = None
    channel: str | None = None
    enterprise_type: str | None = None

    @property
    def geographic(self) -> bool:
        return self.commune_id is not None or self.former_province is not None

    @property
    def any(self) -> bool:
        return any(v is not None for v in vars(self).values())


def list_indicators(*, active_only: bool = True) -> list[Indicator]:
    query = sa.select(Indicator).order_by(Indicator.position, Indicator.code)
    if active_only:
        query = query.where(Indicator.is_active)
    return list(db.session.scalars(query))


def get_indicator_by_code(code: str) -> Indicator | None:
    return db.session.scalar(sa.select(Indicator).where(Indicator.code == code))


def unit_names(codes) -> dict[str, str]:
    """Unit code -> full name, for the units named (an indicator's lead and contributors)."""
    query = sa.select(Unit.code, Unit.name).where(Unit.code.in_([c for c in codes if c]))
    # A Result has keys(), which dict() would take for a mapping's: hand it plain pairs.
    return dict(db.session.execute(query).all())


# -- survey tallies ---------------------------------------------------------------------

_commune = sa.orm.aliased(Unit, name="tally_commune")


def _dimension(by: str | None):
    return {
        None: sa.literal(None),
        "unit": IndicatorTally.unit_id,
        "commune": IndicatorTally.commune_id,
        "former_province": _commune.former_province,
        "commune_kind": sa.case((_commune.kind == "phuong", "phuong"), else_="xa"),
        "channel": Link.channel,
        "enterprise_type": Enterprise.kind,
    }[by]


def survey_outcomes(
    indicator_id: int, start: date | None, end: date, filters: Filters, by: str | None = None
) -> list[sa.Row]:
    """(commune_id, version_id, stream, outcome, dimension, n) summed over the window's
    tallies: one statement gives the figure, its cells and its provenance."""
    dim = _dimension(by).label("dim")
    query = (
        sa.select(
            IndicatorTally.commune_id,
            IndicatorTally.version_id,
            IndicatorTally.stream,
            IndicatorTally.outcome,
            dim,
            sa.func.sum(IndicatorTally.n).label("n"),
        )
        .where(
            IndicatorTally.indicator_id == indicator_id, *_within(IndicatorTally.day, start, end)
        )
        .group_by(
            IndicatorTally.commune_id,
            IndicatorTally.version_id,
            IndicatorTally.stream,
            IndicatorTally.outcome,
            dim,
        )
    )
    if by in ("former_province", "commune_kind") or filters.former_province:
        query = query.outerjoin(_commune, _commune.id == IndicatorTally.commune_id)
    if by in ("channel", "enterprise_type") or filters.channel or filters.enterprise_type:
        query = query.outerjoin(Link, Link.id == IndicatorTally.link_id)
    if by == "enterprise_type" or filters.enterprise_type:
        query = query.outerjoin(Enterprise, Enterprise.id == Link.enterprise_id)
    if filters.unit_id is not None:
        query = query.where(IndicatorTally.unit_id == filters.unit_id)
    if filters.commune_id is not None:
        query = query.where(IndicatorTally.commune_id == filters.commune_id)
    if filters.former_province:
        query = query.where(_commune.former_province == filters.former_province)
    if filters.channel:
        query = query.where(Link.channel == filters.channel)
    if filters.enterprise_type:
        query = query.where(Enterprise.kind == filters.enterprise_type)
    return list(db.session.execute(query))


def version_names(version_ids) -> dict[int, sa.Row]:
    """version id -> (slug, wave, number) of the survey versions named."""
    query = (
        sa.select(SurveyVersion.id, Survey.slug, Survey.wave, SurveyVersion.number)
        .join(Survey, Survey.id == SurveyVersion.survey_id)
        .where(SurveyVersion.id.in_(list(version_ids)))
    )
    return {row.id: row for row in db.session.execute(query)}


def commune_strata() -> list[sa.Row]:
    """(id, former_province, kind, population) of every active commune, for weighting."""
    query = sa.select(Unit.id, Unit.former_province, Unit.kind, Unit.population).where(
        Unit.kind.in_(COMMUNE_KINDS), Unit.is_active
    )
    return list(db.session.execute(query))


# -- headcounts -------------------------------------------------------------------------


def headcounts(column: str, unit_id: int | None = None) -> list[sa.Row]:
    """(unit_id, headcount) for the department's units: the unit's figure, or else the number
    of active accounts in the unit (the staff roster; enumerators are not staff)."""
    accounts = (
        sa.select(sa.func.count(User.id))
        .where(User.unit_id == Unit.id, User.is_active_account, User.role != "enumerator")
        .scalar_subquery()
    )
    figure = getattr(Unit, column)
    fallback = accounts if column == "staff_headcount" else sa.literal(0)
    query = sa.select(Unit.id, sa.func.coalesce(figure, fallback)).where(
        Unit.kind.in_(DEPARTMENT_UNIT_KINDS), Unit.is_active
    )
    if unit_id is not None:
        query = query.where(Unit.id == unit_id)
    return list(db.session.execute(query))


# -- registers --------------------------------------------------------------------------
# Every register query takes the indicator's window: ``start`` None counts every record up to
# ``end`` (a cumulative indicator), a date only those within the period.


def _within(column, start: date | None, end: date) -> list:
    """``column`` between start and end (inclusive); no lower bound when start is None."""
    return [column <= end] if start is None else [column >= start, column <= end]


def tasks_communicated(start: date | None, end: date, unit_id: int | None = None) -> list[sa.Row]:
    """(unit_id, in_scope, communicated, secret) per lead unit: tasks begun by the end of
    the window, those with a public communication in it; state-secret tasks are counted apart
    and never in scope."""
    communicated = sa.exists().where(
        TaskCommunication.task_id == StTask.id, *_within(TaskCommunication.published_on, start, end)
    )
    open_task = sa.and_(StTask.year <= end.year, sa.not_(StTask.is_secret))
    query = sa.select(
        StTask.unit_id,
        sa.func.sum(sa.case((open_task, 1), else_=0)).label("in_scope"),
        sa.func.sum(sa.case((sa.and_(open_task, communicated), 1), else_=0)).label("yes"),
        sa.func.sum(sa.case((StTask.is_secret, 1), else_=0)).label("secret"),
    ).group_by(StTask.unit_id)
    if unit_id is not None:
        query = query.where(StTask.unit_id == unit_id)
    return list(db.session.execute(query))


def units_with_channel(start: date | None, end: date, unit_id: int | None = None) -> list[sa.Row]:
    """(unit_id, has_channel, has_product) for every communication-tasked unit: a channel
    open at some time in the window, and a product published on it in the window."""
    open_channel = sa.and_(CommChannel.unit_id == Unit.id, CommChannel.opened_on <= end)
    if start is not None:
        open_channel = sa.and_(
            open_channel, sa.or_(CommChannel.closed_on.is_(None), CommChannel.closed_on >= start)
        )
    product = sa.exists().where(
        CommProduct.channel_id == CommChannel.id,
        *_within(CommProduct.published_on, start, end),
        open_channel,
    )
    query = sa.select(
        Unit.id, sa.exists().where(open_channel).label("channel"), product.label("product")
    ).where(Unit.has_comm_duty, Unit.is_active)
    if unit_id is not None:
        query = query.where(Unit.id == unit_id)
    return list(db.session.execute(query))


def trained_staff(
    start: date | None,
    end: date,
    *,
    min_hours: int,
    topics: list[str],
    unit_id: int | None = None,
) -> list[sa.Row]:
    """(unit_id, people) with at least one qualifying course completed in the window."""
    person = sa.func.lower(Training.person)
    query = (
        sa.select(Training.unit_id, sa.func.count(sa.distinct(person)).label("people"))
        .where(
            *_within(Training.completed_on, start, end),
            Training.hours >= min_hours,
            Training.topic.in_(topics),
        )
        .group_by(Training.unit_id)
    )
    if unit_id is not None:
        query = query.where(Training.unit_id == unit_id)
    return list(db.session.execute(query))


def network_members(start: date | None, end: date) -> list[sa.Row]:
    """(kind, members) who joined in the window and are still active at its end."""
    query = (
        sa.select(NetworkMember.kind, sa.func.count(NetworkMember.id))
        .where(
            *_within(NetworkMember.joined_on, start, end),
            sa.or_(NetworkMember.left_on.is_(None), NetworkMember.left_on > end),
        )
        .group_by(NetworkMember.kind)
    )
    return list(db.session.execute(query))


def award_entries(first_year: int | None, last_year: int) -> list[sa.Row]:
    """(result, entries) in the years of the window (entries are recorded by year only)."""
    query = (
        sa.select(AwardEntry.result, sa.func.count(AwardEntry.id))
        .where(*_within(AwardEntry.year, first_year, last_year))
        .group_by(AwardEntry.result)
    )
    return list(db.session.execute(query))


def first_document(kind: str, start: date | None, end: date) -> Document | None:
    """The earliest document of a kind issued in the window (the evidence)."""
    query = (
        sa.select(Document)
        .where(Document.kind == kind, *_within(Document.issued_on, start, end))
        .order_by(Document.issued_on, Document.id)
        .limit(1)
    )
    return db.session.scalar(query)


def documents_issued(kind: str, start: date, end: date) -> int:
    query = sa.select(sa.func.count(Document.id)).where(
        Document.kind == kind, Document.issued_on >= start, Document.issued_on <= end
    )
    return db.session.scalar(query)


def products(
    start: date | None,
    end: date,
    *,
    channel_kind: str | None = None,
    minority_languages: bool = False,
    unit_id: int | None = None,
) -> list[sa.Row]:
    """(unit_id, kind, products) published in the window."""
    query = (
        sa.select(CommChannel.unit_id, CommProduct.kind, sa.func.count(CommProduct.id))
        .join(CommChannel, CommChannel.id == CommProduct.channel_id)
        .where(*_within(CommProduct.published_on, start, end))
        .group_by(CommChannel.unit_id, CommProduct.kind)
    )
    if channel_kind:
        query = query.where(CommChannel.kind == channel_kind)
    if minority_languages:
        query = query.where(CommProduct.language != "vi")
    if unit_id is not None:
        query = query.where(CommChannel.unit_id == unit_id)
    return list(db.session.execute(query))


def open_channels(kind: str, end: date) -> int:
    """Channels of a kind opened by the end of the period and not closed before it."""
    query = sa.select(sa.func.count(CommChannel.id)).where(
        CommChannel.kind == kind,
        CommChannel.opened_on <= end,
        sa.or_(CommChannel.closed_on.is_(None), CommChannel.closed_on > end),
    )
    return db.session.scalar(query)
