"""Reading back-checks: the checks of a survey, its draws, the discrepancy log and the summary
per enumerator, counted in SQL. Enumerators are given by id here; pages show their
pseudonymous code (app.fieldwork.collectors), never their name."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.fieldwork.backcheck import CheckQuestion, check_question
from app.fieldwork.models import BACKCHECK_STATUSES, BackCheck, BackCheckDraw, BackCheckFinding
from app.responses.models import Response
from app.surveys.models import SurveyVersion
from app.units.models import Unit


def get_check(survey_id: int, check_id: int) -> BackCheck | None:
    """Check ``check_id`` if it was drawn for survey ``survey_id``."""
    query = (
        sa.select(BackCheck)
        .join(BackCheckDraw, BackCheckDraw.id == BackCheck.draw_id)
        .where(BackCheck.id == check_id, BackCheckDraw.survey_id == survey_id)
    )
    return db.session.scalar(query)


def list_checks(survey_id: int, status: str | None = None) -> sa.Select:
    """The survey's checks, those still to do first, for a paginated list."""
    query = (
        sa.select(BackCheck)
        .join(BackCheckDraw, BackCheckDraw.id == BackCheck.draw_id)
        .where(BackCheckDraw.survey_id == survey_id)
        # each line shows its interview's commune and date: load them with the checks
        .options(joinedload(BackCheck.response).joinedload(Response.commune))
        .order_by(sa.case((BackCheck.status == "pending", 0), else_=1), BackCheck.id)
    )
    if status in BACKCHECK_STATUSES:
        query = query.where(BackCheck.status == status)
    return query


def status_counts(survey_id: int) -> dict[str, int]:
    """How many of the survey's checks are in each status (every status named, maybe 0)."""
    query = (
        sa.select(BackCheck.status, sa.func.count(BackCheck.id))
        .join(BackCheckDraw, BackCheckDraw.id == BackCheck.draw_id)
        .where(BackCheckDraw.survey_id == survey_id)
        .group_by(BackCheck.status)
    )
    return dict.fromkeys(BACKCHECK_STATUSES, 0) | dict(db.session.execute(query).all())


def list_draws(survey_id: int) -> list[BackCheckDraw]:
    """The survey's draws, newest first, with who drew them (loaded with the draws)."""
    query = (
        sa.select(BackCheckDraw)
        .where(BackCheckDraw.survey_id == survey_id)
        .options(joinedload(BackCheckDraw.created_by))
        .order_by(BackCheckDraw.id.desc())
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class CollectorSummary:
    """One enumerator's assisted interviews and how their back-checks came out."""

    collector_id: int | None
    interviews: int  # completed and not excluded
    drawn: int
    checked: int  # confirmed, discrepancy or unreachable
    unreachable: int
    discrepancies: int  # checks with at least one differing answer

    @property
    def reached(self) -> int:
        return self.checked - self.unreachable

    @property
    def discrepancy_rate(self) -> float | None:
        """Checks with a discrepancy among the checks where the respondent was reached."""
        return self.discrepancies / self.reached if self.reached else None


def collector_summary(survey_id: int) -> list[CollectorSummary]:
    """Per enumerator of the survey's assisted interviews: drawn, checked, discrepancies (one
    GROUP BY); interviews without an enumerator last."""
    r, b = Response, BackCheck
    checked = b.status.in_(("confirmed", "discrepancy", "unreachable"))
    query = (
        sa.select(
            r.collector_id,
            sa.func.count(sa.case((r.is_excluded.is_(False), r.id))),
            sa.func.count(b.id),
            sa.func.count(sa.case((checked, b.id))),
            sa.func.count(sa.case((b.status == "unreachable", b.id))),
            sa.func.count(sa.case((b.status == "discrepancy", b.id))),
        )
        .outerjoin(b, b.response_id == r.id)
        .where(r.survey_id == survey_id, r.mode == "assisted", r.status == "complete")
        .group_by(r.collector_id)
        .order_by(r.collector_id.is_(None), r.collector_id)
    )
    return [CollectorSummary(*row) for row in db.session.execute(query)]


@dataclass(frozen=True)
class Discrepancy:
    """A re-asked question whose answer differed from the interview's."""

    check_id: int
    response_id: int
    collector_id: int | None
    commune: str | None
    submitted_at: datetime | None
    checked_at: datetime | None
    question: CheckQuestion
    recorded: str
    found: str


def list_discrepancies(survey_id: int) -> list[Discrepancy]:
    """Every differing finding of the survey's checks, by check, with the question's text and
    options read from the version the interview answered (two queries)."""
    b, f, r = BackCheck, BackCheckFinding, Response
    query = (
        sa.select(
            b.id.label("check_id"),
            r.id.label("response_id"),
            r.collector_id,
            Unit.name.label("commune"),
            r.submitted_at,
            b.checked_at,
            r.version_id,
            f.question_code,
            f.recorded,
            f.found,
        )
        .join(b, b.id == f.backcheck_id)
        .join(r, r.id == b.response_id)
        .outerjoin(Unit, Unit.id == r.commune_id)
        .where(r.survey_id == survey_id, f.matches.is_(False))
        .order_by(b.checked_at.desc(), b.id, f.id)
    )
    rows = db.session.execute(query).all()
    versions = db.session.execute(
        sa.select(SurveyVersion.id, SurveyVersion.definition).where(
            SurveyVersion.survey_id == survey_id
        )
    )
    questions = {
        (version_id, q["code"]): q
        for version_id, definition in versions
        for page in definition.get("pages", [])
        for q in page.get("questions", [])
    }

    # a question removed from every version since (cannot happen to a published one) keeps its code
    def gone(row) -> dict:
        return {"code": row.question_code, "type": "?"}

    return [
        Discrepancy(
            row.check_id,
            row.response_id,
            row.collector_id,
            row.commune,
            row.submitted_at,
            row.checked_at,
            check_question(questions.get((row.version_id, row.question_code), gone(row))),
            row.recorded,
            row.found,
        )
        for row in rows
    ]
