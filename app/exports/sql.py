"""SQL text functions the exports need, the same output from PostgreSQL and SQLite.

The exports write what the database returns straight into the file, so every cell is
formatted here: local time, numbers without trailing zeros, ISO dates, and text that a
spreadsheet shows rather than runs.
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


class number_text(FunctionElement):  # noqa: N801 - a SQL function
    """A stored answer number as text without trailing zeros: 3, 2.5, -0.25."""

    type = sa.String()
    inherit_cache = True


@compiles(number_text, "postgresql")
def _number_text_pg(element, compiler, **kw):
    return f"CAST(trim_scale({compiler.process(element.clauses, **kw)}) AS TEXT)"


@compiles(number_text)
def _number_text_sqlite(element, compiler, **kw):
    # SQLite keeps NUMERIC values as INTEGER when whole and REAL otherwise: 3 and 2.5.
    return f"CAST({compiler.process(element.clauses, **kw)} AS TEXT)"


class iso_date(FunctionElement):  # noqa: N801 - a SQL function
    """A date as yyyy-mm-dd whatever the server's date style."""

    type = sa.String()
    inherit_cache = True


@compiles(iso_date, "postgresql")
def _iso_date_pg(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


@compiles(iso_date)
def _iso_date_sqlite(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS TEXT)"


def neutralised(text):
    """SQL for app.common.csv_export.neutralise: a quote before a leading = + - @ tab CR."""
    first = sa.func.substr(sa.func.ltrim(text, "'"), 1, 1)
    return sa.case((first.in_(FORMULA_START), sa.literal("'") + text), else_=text)
