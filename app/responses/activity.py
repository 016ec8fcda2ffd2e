"""Submissions per hour, and the hours that look like surges.

A surge is what made Hà Nội suspend its 2017 online poll: a link that gathers far more
responses in an hour than it usually does (a loudspeaker call, a group told to fill in, a
script). An hour is flagged when it has at least ``SURGE_MIN`` responses and at least
``SURGE_FACTOR`` times the average of the link's other hours with responses in the window (or
of 1 when there are none). Flags ask a manager to look; nothing is excluded by them.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.common.local_time_sql import local_hour
from app.common.timezones import LOCAL
from app.extensions import db
from app.responses.models import Link, Response

SURGE_MIN = 20
SURGE_FACTOR = 5
HOUR_FORMAT = "%Y-%m-%d %H"


@dataclass(frozen=True)
class Hour:
    start: datetime  # local (Vietnam) time, naive
    n: int
    surge: bool = False


@dataclass
class LinkActivity:
    link_id: int | None
    label: str
    total: int = 0
    peak: Hour | None = None
    surges: list[Hour] = field(default_factory=list)


@dataclass
class Activity:
    """A survey's submissions per hour over a window of local hours, overall and by link."""

    start: datetime  # local, the first hour
    hours: list[Hour]
    links: list[LinkActivity]

    @property
    def total(self) -> int:
        return sum(h.n for h in self.hours)

    @property
    def surges(self) -> list[Hour]:
        return [h for h in self.hours if h.surge]


def flag_surges(counts: list[int]) -> list[bool]:
    """Which hours are surges (see the module's docstring)."""
    active = [n for n in counts if n]
    total, hours = sum(active), len(active)
    flags = []
    for n in counts:
        others = hours - 1
        baseline = (total - n) / others if n and others > 0 else 1.0
        flags.append(n >= SURGE_MIN and n >= SURGE_FACTOR * max(baseline, 1.0))
    return flags


def window(now: datetime, days: int) -> tuple[datetime, int]:
    """The first local hour of the last ``days`` days up to ``now``'s hour, and the hours."""
    local = now.astimezone(LOCAL).replace(tzinfo=None, minute=0, second=0, microsecond=0)
    hours = days * 24
    return local - timedelta(hours=hours - 1), hours


def hourly_counts(survey_id: int, start_local: datetime, hours: int) -> list[sa.Row]:
    """(link id, local hour "yyyy-mm-dd HH", n) of complete responses in the window."""
    start = start_local.replace(tzinfo=LOCAL)
    end = start + timedelta(hours=hours)
    hour = local_hour(Response.submitted_at)
    query = (
        sa.select(Response.link_id, hour, sa.func.count(Response.id))
        .where(Response.survey_id == survey_id, Response.status == "complete")
        .where(Response.submitted_at >= start, Response.submitted_at < end)
        .group_by(Response.link_id, hour)
    )
    return list(db.session.execute(query))


def survey_activity(survey_id: int, now: datetime, days: int, no_link: str) -> Activity:
    """The activity of a survey over the last ``days`` days; ``no_link`` names responses
    that came through no link (staff)."""
    start, hours = window(now, days)
    index = {(start + timedelta(hours=i)).strftime(HOUR_FORMAT): i for i in range(hours)}
    overall = [0] * hours
    by_link: dict[int | None, list[int]] = {}
    for link_id, hour, n in hourly_counts(survey_id, start, hours):
        i = index.get(hour)
        if i is None:
            continue
        overall[i] += n
        by_link.setdefault(link_id, [0] * hours)[i] += n
    labels = _link_labels([k for k in by_link if k is not None])
    links = [_link(link_id, labels.get(link_id, no_link), counts, start)
             for link_id, counts in by_link.items()]  # fmt: skip
    links.sort(key=lambda a: (-len(a.surges), -a.total, a.label))
    return Activity(start, _hours(overall, start), links)


def _hours(counts: list[int], start: datetime) -> list[Hour]:
    flags = flag_surges(counts)
    return [Hour(start + timedelta(hours=i), n, flags[i]) for i, n in enumerate(counts)]


def _link(link_id, label: str, counts: list[int], start: datetime) -> LinkActivity:
    hours = _hours(counts, start)
    peak = max(hours, key=lambda h: h.n)
    return LinkActivity(link_id, label, sum(counts), peak, [h for h in hours if h.surge])


def _link_labels(ids: list[int]) -> dict[int, str]:
    from sqlalchemy.orm import joinedload

    if not ids:
        return {}
    query = sa.select(Link).where(Link.id.in_(ids)).options(joinedload(Link.commune))
    return {link.id: link.name or f"#{link.id}" for link in db.session.scalars(query)}
