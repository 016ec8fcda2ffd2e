"""The SQL of a response export: one row per response, every cell formatted by the database.

Answers are read from each response's answer map (app.responses.answer_map), one key per
column, so an export is one scan of ``responses`` with a few small joins: no pivot of the
answer rows. Labels replace codes in SQL, so the database hands back finished cells.
"""

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.common.csv_export import neutralise
from app.common.local_time_sql import local_minute
from app.exports.columns import META, Column
from app.exports.sql import neutralised
from app.extensions import db
from app.responses.filters import ResponseFilters
from app.responses.models import Link, Response
from app.surveys.models import SurveyVersion
from app.units.models import COMMUNE_KINDS, Unit


def _labelled(value, labels: dict):
    """``value`` (a code) replaced by its label when ``labels`` has it."""
    if not labels:
        return value
    return sa.case(labels, value=value, else_=value)


def _answer_cell(column: Column, commune_names: dict):
    """The expression that reads one answer column from the response's answer map."""
    value = Response.answer_map[column.name].as_string()
    if column.kind in {"option", "item"}:
        return _labelled(value, column.labels)
    if column.kind == "chosen":
        answered = Response.answer_map[column.question].as_string()
        return sa.case((value.is_not(None), 1), (answered.is_not(None), 0))
    if column.kind == "commune":
        return _labelled(value, commune_names)
    if column.kind == "flag":
        return Response.answer_map[column.name].as_integer()
    if column.kind in {"other", "text"}:
        return neutralised(value)
    return value  # numbers and dates are stored as finished text


def export_select(
    survey_id: int, filters: ResponseFilters, columns: list[Column], *, labelled: bool
) -> sa.Select:
    """Rows in the order of ``columns`` for the survey's responses, oldest first."""
    commune = aliased(Unit)
    unit = aliased(Unit)
    names = {code: neutralise(name) for code, name in commune_names()} if labelled else {}
    link_name = sa.func.coalesce(sa.func.nullif(Link.label, ""), "#" + sa.cast(Link.id, sa.String))
    meta = {
        "id": Response.id,
        "submitted_at": local_minute(Response.submitted_at),
        "status": Response.status,
        "version": SurveyVersion.number,
        "language": Response.language,
        "mode": Response.mode,
        "stream": Response.stream,
        "collector": _collector_cell(survey_id),
        "link": neutralised(link_name),
        "commune": neutralised(commune.name) if labelled else commune.code,
        "unit": neutralised(unit.name) if labelled else unit.code,
        "excluded": sa.case((Response.is_excluded, "1"), else_="0"),
        "excluded_reason": neutralised(Response.excluded_reason),
    }
    cells = [
        _labelled(meta[c.name.removeprefix(f"{META}.")], c.labels)
        if c.kind == "meta"
        else _answer_cell(c, names)
        for c in columns
    ]
    query = (
        sa.select(*cells)
        .select_from(Response)
        .join(SurveyVersion, SurveyVersion.id == Response.version_id)
        .outerjoin(Link, Link.id == Response.link_id)
        .outerjoin(commune, commune.id == Response.commune_id)
        .outerjoin(unit, unit.id == Response.unit_id)
        .where(Response.survey_id == survey_id)
        .order_by(Response.id)
    )
    return filters.apply(query)


def _collector_cell(survey_id: int):
    """The collector's pseudonymous code, as a CASE over the survey's few collectors.

    The code is an HMAC under the secret key, which the database never sees: it is worked
    out here for each collector and handed to SQL as literals, so PostgreSQL's COPY still
    writes the rows. Only ids are read: no name or email of a user enters the query.
    """
    codes = collector_codes(survey_id)
    if not codes:
        return sa.null()
    return sa.case(codes, value=Response.collector_id, else_=sa.null())


def collector_codes(survey_id: int) -> dict[int, str]:
    """Collector id -> pseudonymous code, for every collector of the survey's responses."""
    # Imported here: loading app.fieldwork registers its views, which reach this package
    # through the answering flow (a cycle at import time, none at run time).
    from app.fieldwork.collectors import collector_code

    query = (
        sa.select(Response.collector_id)
        .where(Response.survey_id == survey_id, Response.collector_id.is_not(None))
        .distinct()
    )
    return {user_id: collector_code(user_id) for user_id in db.session.scalars(query)}


def commune_names() -> list[tuple[str, str]]:
    """(code, name) of every commune, to label the answers of commune questions."""
    query = sa.select(Unit.code, Unit.name).where(Unit.kind.in_(COMMUNE_KINDS))
    return [(code, name) for code, name in db.session.execute(query)]
