"""Vietnam's local time in SQL, the same text from PostgreSQL and SQLite (UTC+7, no DST)."""

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

FORMATS = {
    "minute": ("YYYY-MM-DD HH24:MI", "%Y-%m-%d %H:%M"),
    "hour": ("YYYY-MM-DD HH24", "%Y-%m-%d %H"),
}


class _LocalTime(FunctionElement):
    type = sa.String()
    inherit_cache = True
    unit = "minute"


class local_minute(_LocalTime):  # noqa: N801 - a SQL function
    """A UTC timestamp as "2026-11-26 19:05" in Vietnam's time."""

    inherit_cache = True
    unit = "minute"


class local_hour(_LocalTime):  # noqa: N801 - a SQL function
    """A UTC timestamp's hour as "2026-11-26 19" in Vietnam's time (a bucket to count by)."""

    inherit_cache = True
    unit = "hour"


@compiles(_LocalTime, "postgresql")
def _local_pg(element, compiler, **kw):
    value = compiler.process(element.clauses, **kw)
    return f"to_char(({value}) AT TIME ZONE 'Asia/Ho_Chi_Minh', '{FORMATS[element.unit][0]}')"


@compiles(_LocalTime)
def _local_sqlite(element, compiler, **kw):
    value = compiler.process(element.clauses, **kw)
    return f"strftime('{FORMATS[element.unit][1]}', {value}, '+7 hours')"
