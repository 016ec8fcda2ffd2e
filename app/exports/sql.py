"""SQL text functions the exports need, the same output from PostgreSQL and SQLite.

The exports write what the database returns straight into the file, so every cell is
formatted here: local time, and text that a spreadsheet shows rather than runs (an empty
text is NULL, so PostgreSQL's COPY and Python's csv module write it alike).
"""

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.common.csv_export import FORMULA_START


class local_minute(FunctionElement):  # noqa: N801 - a SQL function
    """A UTC timestamp as "2026-11-26 19:05" in Vietnam's time (UTC+7, no daylight saving)."""

    type = sa.String()
    inherit_cache = True


@compiles(local_minute, "postgresql")
def _local_minute_pg(element, compiler, **kw):
    value = compiler.process(element.clauses, **kw)
    return f"to_char(({value}) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI')"


@compiles(local_minute)
def _local_minute_sqlite(element, compiler, **kw):
    value = compiler.process(element.clauses, **kw)
    return f"strftime('%Y-%m-%d %H:%M', {value}, '+7 hours')"


def neutralised(text):
    """SQL for app.common.csv_export.neutralise: a quote before a leading = + - @ tab CR."""
    first = sa.func.substr(sa.func.ltrim(text, "'"), 1, 1)
    return sa.case(
        (first.in_(FORMULA_START), sa.literal("'") + text), else_=sa.func.nullif(text, "")
    )
