"""The SQL of a response export: one row per response, every cell formatted by the database.

Answers are stored long (one row per chosen option, item or value); the export pivots them
with one filtered aggregate per column, grouped by response, so the database does the work
and Python only writes the rows it streams back.
"""

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.common.csv_export import neutralise
from app.exports.columns import META, Column
from app.exports.sql import iso_date, local_minute, neutralised, number_text
from app.extensions import db
from app.responses.answers import OTHER
from app.responses.filters import ResponseFilters
from app.responses.models import Answer, Link, Response
from app.surveys.models import SurveyVersion
from app.units.models import COMMUNE_KINDS, Unit


def _labelled(value, labels: dict):
    """``value`` (a code) replaced by its label when ``labels`` has it."""
    if not labels:
        return value
    return sa.case(labels, value=value, else_=value)


def _answer_cell(column: Column, commune_names: dict, native: bool):
    """The aggregate that reads one answer column from the response's answer rows.

    ``native`` keeps numbers and dates typed (for XLSX cells) rather than as text.
    """
    asked = Answer.question_code == column.question
    if column.kind == "option":
        return sa.func.max(_labelled(Answer.option_code, column.labels)).filter(asked)
    if column.kind == "chosen":
        chosen = sa.case((Answer.option_code == column.option, 1), else_=0)
        return sa.func.max(chosen).filter(asked)
    if column.kind == "item":
        on_item = asked & (Answer.item_code == column.item)
        return sa.func.max(_labelled(Answer.option_code, column.labels)).filter(on_item)
    if column.kind == "other":
        typed = asked & (Answer.option_code == OTHER)
        return neutralised(sa.func.max(Answer.text).filter(typed))
    if column.kind == "number":
        number = sa.func.max(Answer.number).filter(asked)
        return number if native else number_text(number)
    if column.kind == "date":
        day = sa.func.max(Answer.date_value).filter(asked)
        return day if native else iso_date(day)
    if column.kind == "commune":
        return sa.func.max(_labelled(Answer.option_code, commune_names)).filter(asked)
    if column.kind == "flag":
        return sa.func.max(sa.case((Answer.option_code.is_not(None), 1))).filter(asked)
    return neutralised(sa.func.max(Answer.text).filter(asked))


def export_select(
    survey_id: int,
    filters: ResponseFilters,
    columns: list[Column],
    *,
    labelled: bool,
    native: bool = False,
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
        "link": neutralised(link_name),
        "commune": neutralised(commune.name) if labelled else commune.code,
        "unit": neutralised(unit.name) if labelled else unit.code,
        "excluded": sa.case((Response.is_excluded, "1"), else_="0"),
        "excluded_reason": neutralised(Response.excluded_reason),
    }
    cells = []
    for column in columns:
        if column.kind == "meta":
            value = meta[column.name.removeprefix(f"{META}.")]
            if column.labels:
                value = _labelled(value, column.labels)
            # Grouped by response: one value per group, max() says so to every database.
            cells.append(value if value is Response.id else sa.func.max(value))
        else:
            cells.append(_answer_cell(column, names, native))
    query = (
        sa.select(*cells)
        .select_from(Response)
        .join(SurveyVersion, SurveyVersion.id == Response.version_id)
        .outerjoin(Link, Link.id == Response.link_id)
        .outerjoin(commune, commune.id == Response.commune_id)
        .outerjoin(unit, unit.id == Response.unit_id)
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.survey_id == survey_id)
        .group_by(Response.id)
        .order_by(Response.id)
    )
    return filters.apply(query)


def commune_names() -> list[tuple[str, str]]:
    """(code, name) of every commune, to label the answers of commune questions."""
    query = sa.select(Unit.code, Unit.name).where(Unit.kind.in_(COMMUNE_KINDS))
    return [(code, name) for code, name in db.session.execute(query)]
