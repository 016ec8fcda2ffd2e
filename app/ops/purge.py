"""The retention policy (DOMAIN.md): raw responses are kept for a configurable time and then
deleted; aggregates (indicator tallies, snapshots) and issued reports stay as records.

A response is purged when it was submitted before the Vietnam day that began
RESPONSE_RETENTION_MONTHS ago (whole days, so a day's tallies are never half purged), or was
left unfinished more than DRAFT_RETENTION_DAYS ago. Its answers, back-checks and the paper
form keyed for it (with the clerks' passes, which hold the same answers) go with it. The
indicator tallies are left as they are: they are the aggregates the policy keeps, so the
figures of past periods do not change. Recounting the tallies later (an indicator edit,
`flask indicators rebuild`) keeps the days before the latest purge as they were counted: their
responses are gone (app.indicators.tallies.purged_before).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.audit.services import record
from app.common.timezones import local_day, start_of_day
from app.entry.services import forget_paper_forms
from app.extensions import db
from app.fieldwork.models import BackCheck
from app.responses.models import Answer, Response


@dataclass
class PurgeResult:
    submitted_before: datetime
    drafts_before: datetime
    by_survey: dict = field(default_factory=dict)  # survey id -> responses purged

    @property
    def total(self) -> int:
        return sum(self.by_survey.values())


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` earlier (the month's last day when it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def _due(result: PurgeResult):
    return sa.or_(
        sa.and_(Response.status == "complete", Response.submitted_at < result.submitted_before),
        sa.and_(Response.status == "draft", Response.started_at < result.drafts_before),
    )


def purge(now: datetime, *, months: int, draft_days: int, dry_run: bool, actor=None):
    """Delete (or with ``dry_run`` only count) the responses the policy no longer keeps."""
    kept_from = local_day(months_before(now, months))
    result = PurgeResult(start_of_day(kept_from), now - timedelta(days=draft_days))
    due = _due(result)
    counts = db.session.execute(
        sa.select(Response.survey_id, sa.func.count(Response.id)).where(due)
        .group_by(Response.survey_id)
    )  # fmt: skip
    result.by_survey = dict(counts.tuples().all())
    if dry_run or not result.total:
        return result
    ids = sa.select(Response.id).where(due).scalar_subquery()
    forget_paper_forms(ids)
    db.session.execute(sa.delete(BackCheck).where(BackCheck.response_id.in_(ids)))
    db.session.execute(sa.delete(Answer).where(Answer.response_id.in_(ids)))
    db.session.execute(sa.delete(Response).where(due))
    record(actor, "retention.purge", None, target_type="responses", months=months,
           draft_days=draft_days, submitted_before=result.submitted_before.isoformat(),
           drafts_before=result.drafts_before.isoformat(), kept_from_day=kept_from.isoformat(),
           by_survey={str(k): v for k, v in result.by_survey.items()})  # fmt: skip
    return result
