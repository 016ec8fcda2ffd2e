"""Reading query-string arguments defensively: bad values become defaults, never errors."""

from flask import request

from app.common.text import clean_text, has_control_chars

MAX_PAGE = 100_000
MAX_ID = 2_147_483_647  # the largest PostgreSQL integer


def text_arg(name: str, limit: int = 100) -> str | None:
    """A short search or filter text; None when absent, too long or holding control chars."""
    value = clean_text(request.args.get(name, ""))[:limit]
    return value if value and not has_control_chars(value) else None


def id_arg(name: str) -> int | None:
    """A positive database id, or None."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def page_arg() -> int:
    """The page number of a listing, from 1 to MAX_PAGE."""
    value = request.args.get("page", 1, type=int)
    return min(max(value, 1), MAX_PAGE)
