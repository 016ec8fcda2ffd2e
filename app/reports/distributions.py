"""The counts behind a survey summary: one GROUP BY statement per measure, never a loop.

Every function counts the same responses: complete, not excluded from review, submitted in
the period (Vietnamese days) and, when ``until`` is given, no later than that instant (a
report drawn from a snapshot counts what had arrived when the snapshot was taken), narrowed
by the ``SummaryFilters``. Functions return plain rows and frozen dataclasses, not ORM rows.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.indicators.periods import Period, utc_bounds
from app.responses.models import Answer, Link, Response
from app.units.models import Unit


@dataclass(frozen=True)
class SummaryFilters:
    """What the summary is narrowed to; None means "all". ``stream`` is the stream counted
    ("open", "sample", "census"), already chosen: the default is decided in `streams.py`."""

    link_id: int | None = None
    commune_id: int | None = None
    unit_id: int | None = None
    version_id: int | None = None
    stream: str | None = None


@dataclass(frozen=True)
class Scope:
    """The responses a summary counts."""

    survey_id: int
    period: Period
    filters: SummaryFilters = SummaryFilters()
    until: datetime | None = None


@dataclass(frozen=True)
class GroupCount:
    """Responses in one group of a breakdown; ``kind`` tells "no link" from invitations."""

    key: int | None
    label: str | None
    n: int
    kind: str | None = None


@dataclass(frozen=True)
class StreamModeCount:
    """Responses of one stream given in one mode."""

    stream: str
    mode: str
    n: int


@dataclass(frozen=True)
class NumberStats:
    n: int
    mean: float
    median: float
    low: float
    high: float


def _counted(scope: Scope) -> list:
    """The WHERE clauses that pick the counted responses."""
    start, end = utc_bounds(scope.period)
    clauses = [
        Response.survey_id == scope.survey_id,
        Response.status == "complete",
        Response.is_excluded.is_(False),
        Response.submitted_at >= start,
        Response.submitted_at < end,
    ]
    if scope.until is not None:
        clauses.append(Response.submitted_at <= scope.until)
    filters = scope.filters
    for column, value in (
        (Response.link_id, filters.link_id),
        (Response.commune_id, filters.commune_id),
        (Response.unit_id, filters.unit_id),
        (Response.version_id, filters.version_id),
        (Response.stream, filters.stream),
    ):
        if value is not None:
            clauses.append(column == value)
    return clauses


def _answers(*columns) -> sa.Select:
    """SELECT ``columns`` over the answers of the counted responses (WHERE added by callers)."""
    return sa.select(*columns).join(Response, Response.id == Answer.response_id)


def responses_by_stream_mode(scope: Scope) -> list[StreamModeCount]:
    """Counted responses per stream and mode ("self", "assisted", "paper")."""
    query = (
        sa.select(Response.stream, Response.mode, sa.func.count(Response.id))
        .where(*_counted(scope))
        .group_by(Response.stream, Response.mode)
    )
    return [StreamModeCount(stream, mode, n) for stream, mode, n in db.session.execute(query)]


def responses_by_place(scope: Scope, column: str) -> list[GroupCount]:
    """Counted responses per unit or commune (``column``: "unit_id" or "commune_id")."""
    key = getattr(Response, column)
    query = (
        sa.select(key, Unit.name, sa.func.count(Response.id))
        .outerjoin(Unit, Unit.id == key)
        .where(*_counted(scope))
        .group_by(key, Unit.name)
    )
    return [GroupCount(k, name, n) for k, name, n in db.session.execute(query)]


def responses_by_link(scope: Scope) -> list[GroupCount]:
    """Counted responses per public link; invitations (one response each) form one group."""
    commune = sa.orm.aliased(Unit)
    # Labelled, and grouped by the label: PostgreSQL must see the same expression in both.
    public = sa.case((Link.kind == "invitation", sa.null()), else_=Response.link_id).label("link")
    label = sa.func.coalesce(sa.func.nullif(sa.func.max(Link.label), ""), sa.func.max(commune.name))
    query = (
        sa.select(public, Link.kind, label, sa.func.count(Response.id))
        .outerjoin(Link, Link.id == Response.link_id)
        .outerjoin(commune, commune.id == Link.commune_id)
        .where(*_counted(scope))
        .group_by(public, Link.kind)
    )
    return [GroupCount(k, name, n, kind) for k, kind, name, n in db.session.execute(query)]


def option_counts(scope: Scope) -> list[sa.Row]:
    """(question_code, item_code, option_code, n): responses that chose each option."""
    query = (
        _answers(
            Answer.question_code,
            Answer.item_code,
            Answer.option_code,
            sa.func.count(sa.distinct(Answer.response_id)),
        )
        .where(*_counted(scope), Answer.option_code.is_not(None))
        .group_by(Answer.question_code, Answer.item_code, Answer.option_code)
    )
    return list(db.session.execute(query))


def answered_counts(scope: Scope) -> list[sa.Row]:
    """(question_code, item_code, n): responses that answered each question (or item)."""
    query = (
        _answers(
            Answer.question_code, Answer.item_code, sa.func.count(sa.distinct(Answer.response_id))
        )
        .where(*_counted(scope))
        .group_by(Answer.question_code, Answer.item_code)
    )
    return list(db.session.execute(query))


def number_stats(scope: Scope) -> dict[str, NumberStats]:
    """Question code -> n, mean, median, min and max of its number answers (two statements)."""
    counted = [*_counted(scope), Answer.number.is_not(None)]
    totals = (
        _answers(
            Answer.question_code,
            sa.func.count(Answer.id),
            sa.func.avg(Answer.number),
            sa.func.min(Answer.number),
            sa.func.max(Answer.number),
        )
        .where(*counted)
        .group_by(Answer.question_code)
    )
    medians = _medians(counted)
    return {
        code: NumberStats(n, float(mean), medians[code], float(low), float(high))
        for code, n, mean, low, high in db.session.execute(totals)
    }


def _medians(counted: list) -> dict[str, float]:
    """The median per question: the middle value, or the mean of the two middle values."""
    by_question = {"partition_by": Answer.question_code}
    ranked = (
        _answers(
            Answer.question_code,
            Answer.number,
            sa.func.row_number().over(**by_question, order_by=Answer.number).label("rank"),
            sa.func.count(Answer.id).over(**by_question).label("size"),
        )
        .where(*counted)
        .subquery()
    )
    # Integer division (//) picks rank (n+1)/2 twice for odd n, ranks n/2 and n/2+1 for even n.
    middle = sa.or_(
        ranked.c.rank == (ranked.c.size + 1) // 2, ranked.c.rank == ranked.c.size // 2 + 1
    )
    query = (
        sa.select(ranked.c.question_code, sa.func.avg(ranked.c.number))
        .where(middle)
        .group_by(ranked.c.question_code)
    )
    return {code: float(value) for code, value in db.session.execute(query)}


def text_answers(scope: Scope) -> list[sa.Row]:
    """(question_code, option_code, text) of every written answer, "other" texts included.

    Ordered by question and text, not by response, so that the lists of two questions cannot
    be lined up into one person's answers.
    """
    query = (
        _answers(Answer.question_code, Answer.option_code, Answer.text)
        .where(*_counted(scope), Answer.text.is_not(None), Answer.text != "")
        .order_by(Answer.question_code, Answer.option_code, Answer.text)
    )
    return list(db.session.execute(query))


def surveys_with_responses(period: Period, until: datetime | None = None) -> list[sa.Row]:
    """(survey_id, stream, n) of every survey with counted responses in the period."""
    start, end = utc_bounds(period)
    query = (
        sa.select(Response.survey_id, Response.stream, sa.func.count(Response.id))
        .where(
            Response.status == "complete",
            Response.is_excluded.is_(False),
            Response.submitted_at >= start,
            Response.submitted_at < end,
        )
        .group_by(Response.survey_id, Response.stream)
    )
    if until is not None:
        query = query.where(Response.submitted_at <= until)
    return list(db.session.execute(query))


def unit_names(codes) -> dict[str, str]:
    """Statistical code -> name of the units named (the options of commune questions)."""
    query = sa.select(Unit.code, Unit.name).where(Unit.code.in_(list(codes)))
    return dict(db.session.execute(query).all())


def list_public_links() -> list[Link]:
    """Every survey's public links with their communes (joined: one query for a long list)."""
    query = (
        sa.select(Link)
        .where(Link.kind == "public")
        .options(sa.orm.joinedload(Link.commune))
        .order_by(Link.survey_id, Link.label, Link.id)
    )
    return list(db.session.scalars(query))
