"""The filters of a survey's response list, shared by the list, its exports and the CLI."""

from dataclasses import asdict, dataclass
from datetime import date, datetime

import sqlalchemy as sa

from app.responses.models import MODES, STREAMS, Response

STATUSES = ("draft", "complete")


@dataclass(frozen=True)
class ResponseFilters:
    """What narrows a survey's responses; None (or False) leaves a filter off."""

    status: str | None = None
    mode: str | None = None  # self, assisted, paper
    stream: str | None = None  # open, sample, census
    link_id: int | None = None
    commune_id: int | None = None
    flagged: bool = False
    excluded: bool | None = None
    version: int | None = None
    unit_id: int | None = None
    since: datetime | None = None  # submitted at or after (UTC)
    until: datetime | None = None  # submitted before (UTC), exclusive

    def apply(self, query: sa.Select) -> sa.Select:
        """``query`` (which selects from responses) narrowed by these filters."""
        if self.status:
            query = query.where(Response.status == self.status)
        if self.mode:
            query = query.where(Response.mode == self.mode)
        if self.stream:
            query = query.where(Response.stream == self.stream)
        if self.link_id:
            query = query.where(Response.link_id == self.link_id)
        if self.commune_id:
            query = query.where(Response.commune_id == self.commune_id)
        if self.flagged:
            query = query.where(sa.cast(Response.flags, sa.String) != "{}")
        if self.excluded is not None:
            query = query.where(Response.is_excluded == self.excluded)
        if self.version:
            from app.surveys.models import SurveyVersion

            # Correlated to responses only: a query that joins survey_versions itself (the
            # exports do) must not swallow the subquery's own FROM.
            number = (
                sa.select(SurveyVersion.id)
                .where(SurveyVersion.survey_id == Response.survey_id)
                .where(SurveyVersion.number == self.version)
                .correlate(Response)
            )
            query = query.where(Response.version_id.in_(number.scalar_subquery()))
        if self.unit_id:
            query = query.where(Response.unit_id == self.unit_id)
        if self.since is not None:
            query = query.where(Response.submitted_at >= self.since)
        if self.until is not None:
            query = query.where(Response.submitted_at < self.until)
        return query

    def described(self) -> dict:
        """The filters that are on, JSON-ready, for the audit log."""
        return {
            key: (value.isoformat() if isinstance(value, datetime | date) else value)
            for key, value in asdict(self).items()
            if value is not None and not (key == "flagged" and value is False)
        }


def filters_from_args(args) -> ResponseFilters:
    """The filters in a query string (the list's GET form); bad values are simply left off."""
    from app.common.timezones import end_of_day, start_of_day

    return ResponseFilters(
        status=args.get("status") if args.get("status") in STATUSES else None,
        mode=args.get("mode") if args.get("mode") in MODES else None,
        stream=args.get("stream") if args.get("stream") in STREAMS else None,
        link_id=_id(args, "link"),
        commune_id=_id(args, "commune"),
        flagged=args.get("flagged") == "1",
        excluded={"1": True, "0": False}.get(args.get("excluded", "")),
        version=_id(args, "version"),
        unit_id=_id(args, "unit"),
        since=start_of_day(_day(args, "from")),
        until=end_of_day(_day(args, "to")),
    )


FILTER_ARGS = (
    "status",
    "mode",
    "stream",
    "link",
    "commune",
    "excluded",
    "flagged",
    "version",
    "unit",
    "from",
    "to",
)


def _id(args, name: str) -> int | None:
    """A positive database id, or None."""
    from app.common.args import MAX_ID

    value = args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def _day(args, name: str) -> date | None:
    """A yyyy-mm-dd day (a date input's value), or None."""
    try:
        day = date.fromisoformat(args.get(name, ""))
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2100 else None
