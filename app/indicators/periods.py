"""Reporting periods: half-years, years and date ranges, in Vietnam's calendar days.

Pure module (no Flask, no database). Codes are canonical strings: "2026H1", "2026H2", "2026" and
"2026-01-01..2026-03-31"; dates are inclusive. Vietnam keeps UTC+7 all year (no daylight saving
time), so a fixed offset converts its days to UTC instants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_RANGE_YEARS = 5

_HALF = re.compile(r"(\d{4})H([12])")
_YEAR = re.compile(r"(\d{4})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})")


class PeriodError(ValueError):
    """A period that cannot be parsed; ``code`` is "format", "order" or "too_long"."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date
    kind: str  # "half" | "year" | "range"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def year(self) -> int:
        return self.end.year


def half_year(year: int, number: int) -> Period:
    """The first (1) or second (2) half of ``year``."""
    if number == 1:
        return Period(f"{year}H1", date(year, 1, 1), date(year, 6, 30), "half")
    if number == 2:
        return Period(f"{year}H2", date(year, 7, 1), date(year, 12, 31), "half")
    raise ValueError(f"a year has halves 1 and 2, not {number!r}")


def full_year(value: int) -> Period:
    return Period(str(value), date(value, 1, 1), date(value, 12, 31), "year")


def date_range(start: date, end: date) -> Period:
    if start > end:
        raise ValueError(f"range starts {start} after it ends {end}")
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end, "range")


def _check_year(value: int, text: str) -> None:
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise PeriodError(
            f"year {value} in period {text!r} is outside {MIN_YEAR}..{MAX_YEAR}", "format"
        )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return date(day.year + years, 3, 1)


def parse_period(text: str) -> Period:
    """Parse "2026H1", "2026h2", "2026" or "2026-01-01..2026-03-31" (surrounding spaces ignored).

    Raises PeriodError: code "format" for anything else (including an impossible date or a year
    outside 2000..2100), "order" for a range ending before it starts, "too_long" for a range
    longer than five years.
    """
    if not isinstance(text, str):
        raise PeriodError(f"period must be a string, got {type(text).__name__}", "format")
    cleaned = text.strip().upper()
    if match := _HALF.fullmatch(cleaned):
        value = int(match.group(1))
        _check_year(value, text)
        return half_year(value, int(match.group(2)))
    if match := _YEAR.fullmatch(cleaned):
        value = int(match.group(1))
        _check_year(value, text)
        return full_year(value)
    if match := _RANGE.fullmatch(cleaned):
        try:
            start = date.fromisoformat(match.group(1))
            end = date.fromisoformat(match.group(2))
        except ValueError as error:
            raise PeriodError(f"invalid date in period {text!r}: {error}", "format") from error
        _check_year(start.year, text)
        _check_year(end.year, text)
        if start > end:
            raise PeriodError(f"period {text!r} ends before it starts", "order")
        if end >= _add_years(start, MAX_RANGE_YEARS):
            raise PeriodError(f"period {text!r} is longer than {MAX_RANGE_YEARS} years", "too_long")
        return date_range(start, end)
    raise PeriodError(
        f"unrecognised period {text!r}; expected 2026H1, 2026H2, 2026 or 2026-01-01..2026-03-31",
        "format",
    )


@dataclass(frozen=True)
class Window:
    """The days an indicator's value counts for a period: from ``start`` (None: from the first
    record on file) to ``end``, the period's last day. ``period`` stays at hand for figures
    that describe the period itself (the reports issued in it)."""

    start: date | None
    end: date
    period: Period


def accrual_window(accrual: str, period: Period) -> Window:
    """The window of an indicator of this accrual: "cumulative" counts every record up to the
    period's last day (the value at the reporting date); "period" only those within it.

    A cumulative value has no lower bound, not even the baseline date: it is a state (tasks
    communicated, staff trained, members active) whose baseline value was measured the same
    way, so records older than the baseline still count.
    """
    if accrual == "cumulative":
        return Window(None, period.end, period)
    if accrual == "period":
        return Window(period.start, period.end, period)
    raise ValueError(f"unknown accrual {accrual!r}")


def previous(period: Period) -> Period:
    """The period just before: H1 -> previous year's H2, H2 -> H1, year -> previous year, a range
    -> the range of the same length ending the day before it starts."""
    if period.kind == "half":
        if period.start.month == 1:
            return half_year(period.start.year - 1, 2)
        return half_year(period.start.year, 1)
    if period.kind == "year":
        return full_year(period.start.year - 1)
    if period.kind == "range":
        end = period.start - timedelta(days=1)
        return date_range(end - (period.end - period.start), end)
    raise ValueError(f"unknown period kind {period.kind!r}")


def recent(period: Period, count: int) -> list[Period]:
    """``period`` and the ``count - 1`` periods before it, oldest first."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    periods = [period]
    for _ in range(count - 1):
        periods.append(previous(periods[-1]))
    return periods[::-1]


def current_half(today: date) -> Period:
    """The half-year containing ``today`` (a Vietnamese calendar day)."""
    return half_year(today.year, 1 if today.month <= 6 else 2)


def utc_bounds(period: Period) -> tuple[datetime, datetime]:
    """[00:00 of the first day, 00:00 of the day after the last) in Vietnam, as aware UTC."""
    start = datetime.combine(period.start, time(0), tzinfo=VIETNAM)
    end = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=VIETNAM)
    return start.astimezone(UTC), end.astimezone(UTC)


_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_LABELS = {
    "vi": {
        "H1": "6 tháng đầu năm {year}",
        "H2": "6 tháng cuối năm {year}",
        "year": "Năm {year}",
        "range": "Từ {start} đến {end}",
    },
    "en": {
        "H1": "First half of {year}",
        "H2": "Second half of {year}",
        "year": "Year {year}",
        "range": "{start} – {end}",
    },
}


def _format_day(day: date, language: str) -> str:
    if language == "en":
        return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def label(period: Period, language: str = "vi") -> str:
    """Human label in Vietnamese ("vi") or English ("en"); other languages fall back to
    Vietnamese."""
    if language not in _LABELS:
        language = "vi"
    labels = _LABELS[language]
    if period.kind == "half":
        key = "H1" if period.start.month == 1 else "H2"
        return labels[key].format(year=period.year)
    if period.kind == "year":
        return labels["year"].format(year=period.year)
    return labels["range"].format(
        start=_format_day(period.start, language), end=_format_day(period.end, language)
    )
