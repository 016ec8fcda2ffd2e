"""Days in Vietnam's time zone and the UTC instants stored for them."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def start_of_day(day: date | None) -> datetime | None:
    """00:00 in Vietnam on ``day``, as UTC."""
    if day is None:
        return None
    return datetime.combine(day, time(0), tzinfo=LOCAL).astimezone(UTC)


def end_of_day(day: date | None) -> datetime | None:
    """The instant ``day`` ends in Vietnam (00:00 of the next day), as UTC; an exclusive bound."""
    if day is None:
        return None
    return start_of_day(day + timedelta(days=1))


def local_day(instant: datetime | None, *, exclusive_end: bool = False) -> date | None:
    """The Vietnamese calendar day of a UTC instant; for an exclusive end, the day before."""
    if instant is None:
        return None
    if exclusive_end:
        instant = instant - timedelta(microseconds=1)
    return instant.astimezone(LOCAL).date()
