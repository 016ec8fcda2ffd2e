"""Operations: request ids and log lines, the SQLite backup, the retention purge."""

import json
import logging
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from app.audit.models import AuditEntry
from app.db import utcnow
from app.indicators.models import IndicatorTally
from app.ops.purge import months_before, purge
from app.responses.models import Answer, Response
from app.responses.services import start_response
from tests.factories import make_response, seed_plan


def test_every_response_carries_a_request_id_and_one_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="nq57.requests")
    first = client.get("/healthz")
    given = client.get("/healthz", headers={"X-Request-ID": "lb-2026-abcdef01"})
    forged = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert len(first.headers["X-Request-ID"]) == 32
    assert given.headers["X-Request-ID"] == "lb-2026-abcdef01"
    assert forged.headers["X-Request-ID"] != "<script>"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "nq57.requests"]
    assert [line["request_id"] for line in lines][1] == "lb-2026-abcdef01"
    assert lines[0]["path"] == "/healthz"
    assert lines[0]["status"] == 200
    assert lines[0]["endpoint"] == "main.healthz"
    assert lines[0]["ms"] >= 0


def test_survey_tokens_and_query_strings_stay_out_of_the_log(client, caplog):
    caplog.set_level(logging.INFO, logger="nq57.requests")
    client.get("/s/secret-token-123/abc/p1?x=personal")
    client.get("/login?next=/manage/?q=nguyen")
    text = " ".join(r.getMessage() for r in caplog.records if r.name == "nq57.requests")
    assert "secret-token-123" not in text
    assert "nguyen" not in text
    assert '"/s/…"' in text


def test_backup_copies_the_sqlite_database(db, runner, tmp_path):
    if db.engine.dialect.name != "sqlite":
        result = runner.invoke(args=["backup", "-o", str(tmp_path / "x.db")])
        assert result.exit_code != 0
        assert "pg_dump" in result.output
        return
    seed_plan()
    db.session.commit()
    target = tmp_path / "copy.sqlite3"
    result = runner.invoke(args=["backup", "-o", str(target)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM indicators").fetchone()[0] == 17
    again = runner.invoke(args=["backup", "-o", str(target)])
    assert again.exit_code != 0
    assert "exists already" in again.output


@pytest.mark.parametrize(("moment", "months", "expected"), [
    (datetime(2026, 11, 26, 8, tzinfo=UTC), 24, datetime(2024, 11, 26, 8, tzinfo=UTC)),
    (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
    (datetime(2026, 1, 15, tzinfo=UTC), 13, datetime(2024, 12, 15, tzinfo=UTC)),
])  # fmt: skip
def test_months_before(moment, months, expected):
    assert months_before(moment, months) == expected


@pytest.fixture
def aged(db, seeded):
    """Three citizen responses: submitted 25 and 23 months ago, and a draft of 40 days."""
    seed_plan()
    from app.surveys.queries import get_survey_by_slug

    survey = get_survey_by_slug("nguoi-dan-nq57")
    now = utcnow()
    old = make_response(survey, {"heard": "yes", "commune": "23293"},
                        submitted_at=now - timedelta(days=25 * 31))  # fmt: skip
    kept = make_response(survey, {"heard": "no", "commune": "23293"},
                         submitted_at=now - timedelta(days=23 * 30))  # fmt: skip
    draft = start_response(survey)
    db.session.flush()
    draft.started_at = now - timedelta(days=40)
    db.session.commit()
    return survey, old.id, kept.id, draft.id


def test_a_dry_run_counts_and_deletes_nothing(db, runner, aged):
    result = runner.invoke(args=["purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Purge: 2 responses would be deleted" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 3


def test_the_purge_deletes_old_responses_keeps_the_aggregates_and_logs(db, runner, aged):
    survey, old, kept, draft = aged
    tallies = db.session.scalar(sa.select(sa.func.sum(IndicatorTally.n)))
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Purge: 2 responses deleted" in result.output
    db.session.expire_all()
    assert db.session.scalars(sa.select(Response.id)).all() == [kept]
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Answer.id)).where(Answer.response_id.in_([old, draft]))
        )
        == 0
    )
    assert db.session.scalar(sa.select(sa.func.sum(IndicatorTally.n))) == tallies
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "retention.purge"))
    assert entry.details["by_survey"] == {str(survey.id): 2}
    assert entry.details["months"] == 24


def test_a_purge_with_nothing_due_writes_no_audit_entry(db, runner, seeded):
    with freeze_time("2026-11-26"):
        assert purge(utcnow(), months=24, draft_days=30, dry_run=False).total == 0
    purges = sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "retention.purge")
    assert db.session.scalar(purges) == 0


def test_a_recount_after_a_purge_keeps_the_purged_days(db, runner, aged):
    """The tallies are what the policy keeps of purged responses: recounting them later (an
    indicator edit, `flask indicators rebuild`) must not empty the purged days."""
    from app.indicators.tallies import rebuild_all_tallies

    def total():
        return db.session.scalar(sa.select(sa.func.sum(IndicatorTally.n)))

    before = total()
    assert before
    assert runner.invoke(args=["purge"]).exit_code == 0
    db.session.expire_all()
    rebuild_all_tallies()
    db.session.commit()
    assert total() == before
