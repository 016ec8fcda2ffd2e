"""Text a spreadsheet shows rather than runs, in SQL, the same from PostgreSQL and SQLite.

The exports write what the database returns straight into the file, so cells are finished
there (local time comes from app.common.local_time_sql); an empty text is NULL, so
PostgreSQL's COPY and Python's csv module write it alike.
"""

import sqlalchemy as sa

from app.common.csv_export import FORMULA_START


def neutralised(text):
    """SQL for app.common.csv_export.neutralise: a quote before a leading = + - @ tab CR."""
    first = sa.func.substr(sa.func.ltrim(text, "'"), 1, 1)
    return sa.case(
        (first.in_(FORMULA_START), sa.literal("'") + text), else_=sa.func.nullif(text, "")
    )
