"""Survey outcomes per indicator, counted in SQL and kept as running tallies.

One SQL expression decides what a submitted response contributes to an indicator (yes, no,
invalid or excluded). The same statement fills the tallies from scratch (`rebuild_tallies`)
and adds or removes one response inside the submitting transaction (`tally_response`), so
the dashboard sums tally rows instead of reading every answer (at 1,000,000 responses: about
320,000 rows for a half-year against 13 million answers; docs/performance.md).
"""

import json
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from app.common.timezones import start_of_day
from app.extensions import db
from app.indicators.models import Indicator, IndicatorTally
from app.responses.models import Answer, Response
from app.surveys.models import Survey

KEY_COLUMNS = (
    "indicator_id",
    "day",
    "version_id",
    "stream",
    "commune_id",
    "unit_id",
    "link_id",
    "outcome",
)


class local_day(FunctionElement):  # noqa: N801 (a SQL function, named as SQL names them)
    """The calendar day in Vietnam (UTC+7, no daylight saving) of a UTC timestamp."""

    type = sa.Date()
    inherit_cache = True


@compiles(local_day, "postgresql")
def _local_day_pg(element, compiler, **kw):
    return f"CAST(timezone('Asia/Ho_Chi_Minh', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(local_day)
def _local_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+7 hours')"


def _answered(question: str, options) -> sa.Exists:
    return sa.exists().where(
        Answer.response_id == Response.id,
        Answer.question_code == question,
        Answer.option_code.in_(list(options)),
    )


def outcome_expression(indicator: Indicator) -> sa.ColumnElement:
    """'excluded', 'yes' (an option that counts), 'invalid' (e.g. "don't know") or 'no'."""
    whens = [(Response.is_excluded, "excluded")]
    if indicator.count_options:
        whens.append((_answered(indicator.question_code, indicator.count_options), "yes"))
    invalid = [_answered(q, opts) for q, opts in sorted(indicator.invalid_answers.items()) if opts]
    if invalid:
        whens.append((sa.or_(*invalid), "invalid"))
    return sa.case(*whens, else_="no")


def _outcomes(indicator: Indicator, sign: int, *where) -> sa.Select:
    outcome = outcome_expression(indicator)
    dims = (
        local_day(Response.submitted_at),
        Response.version_id,
        Response.stream,
        sa.func.coalesce(Response.commune_id, 0),
        sa.func.coalesce(Response.unit_id, 0),
        sa.func.coalesce(Response.link_id, 0),
        outcome,
    )
    return (
        sa.select(sa.literal(indicator.id), *dims, sa.func.count() * sign)
        .join(Survey, Survey.id == Response.survey_id)
        .where(Survey.audience == indicator.audience, Response.status == "complete", *where)
        .group_by(*dims)
    )


def _insert():
    dialect = db.session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(IndicatorTally)


def purged_before() -> date | None:
    """The first day whose responses the retention purge (app.ops.purge) has kept, if it has
    ever run: the tallies of earlier days are all that is left of those responses."""
    from app.audit.models import AuditEntry  # here: the audit log is below every feature

    entries = db.session.scalars(
        sa.select(AuditEntry.details).where(AuditEntry.action == "retention.purge")
    )
    days = [d.get("kept_from_day") for d in entries if d and d.get("kept_from_day")]
    return date.fromisoformat(max(days)) if days else None


def rebuild_tallies(indicator: Indicator) -> None:
    """Count every submitted response again for one indicator (after an edit, or at seed).

    Days before the latest retention purge keep their tallies: their responses are deleted,
    so recounting would empty them; they stay as counted under the definition of the time.
    """
    kept = purged_before()
    stale = sa.delete(IndicatorTally).where(IndicatorTally.indicator_id == indicator.id)
    if kept is not None:
        stale = stale.where(IndicatorTally.day >= kept)
    db.session.execute(stale)
    since = [] if kept is None else [Response.submitted_at >= start_of_day(kept)]
    if indicator.kind != "survey_proportion" or not indicator.is_active:
        return
    db.session.execute(
        _insert().from_select([*KEY_COLUMNS, "n"], _outcomes(indicator, 1, *since)),
        execution_options={"synchronize_session": False},
    )


def rebuild_all_tallies() -> None:
    """Count every response again for every survey indicator."""
    for indicator in db.session.scalars(sa.select(Indicator).order_by(Indicator.id)):
        rebuild_tallies(indicator)


def tally_response(response: Response, sign: int) -> None:
    """Add (sign=1) or remove (sign=-1) one submitted response from its indicators' tallies.

    Call with -1 before changing what counts (exclusion, deletion) and with 1 after; the
    response's row must be flushed, as the statement reads it from the database.
    """
    # PostgreSQL and SQLite check CHECK (n >= 0) on the proposed row before ON CONFLICT
    # applies, so a removal proposes n = 0 (one response is one row counting 1) and
    # subtracts in the update.
    indicators = db.session.execute(  # only what the statements need; flushes first
        sa.select(*_DEFINITION)
        .where(Indicator.kind == "survey_proportion", Indicator.is_active,
               Indicator.audience == response.survey.audience)
        .order_by(Indicator.id)  # one lock order for every transaction
    ).all()  # fmt: skip
    connection = db.session.connection()
    for indicator in indicators:
        connection.execute(_tally_statement(indicator, sign), {"response_id": response.id})


_DEFINITION = (Indicator.id, Indicator.audience, Indicator.question_code, Indicator.count_options,
               Indicator.invalid_answers)  # fmt: skip


def _tally_statement(indicator, sign: int) -> sa.Insert:
    """The statement adding or removing one response for ``indicator``, built once per
    definition: building it costs more than running it."""
    answers = json.dumps([indicator.count_options, indicator.invalid_answers], sort_keys=True)
    definition = (indicator.id, indicator.audience, indicator.question_code, sign, answers)
    statement = _STATEMENTS.get(definition)
    if statement is None:
        upsert = _TallyAdd if sign > 0 else _TallyRemove
        outcomes = _outcomes(indicator, max(sign, 0), Response.id == sa.bindparam("response_id"))
        statement = upsert(IndicatorTally).from_select([*KEY_COLUMNS, "n"], outcomes)
        if len(_STATEMENTS) > 256:  # definitions edited many times in one process
            _STATEMENTS.clear()
        _STATEMENTS[definition] = statement
    return statement


_STATEMENTS: dict[tuple, sa.Insert] = {}


class _TallyAdd(sa.Insert):
    """INSERT … SELECT that adds one to a tally row that exists (ON CONFLICT … DO UPDATE).

    The dialects' own upsert constructs are never cached by SQLAlchemy, which then compiles
    the statement anew on every submission (about 5 ms each, per indicator); this one is a
    plain INSERT for the cache, with the same clause PostgreSQL and SQLite both accept.
    """

    inherit_cache = True
    change = "+ 1"


class _TallyRemove(_TallyAdd):
    inherit_cache = True
    change = "- 1"


@compiles(_TallyAdd)
@compiles(_TallyRemove)
def _tally_upsert(element, compiler, **kw):
    keys = ", ".join(KEY_COLUMNS)
    table = IndicatorTally.__tablename__
    return (
        f"{compiler.visit_insert(element, **kw)} ON CONFLICT ({keys}) "
        f"DO UPDATE SET n = {table}.n {element.change}"
    )
