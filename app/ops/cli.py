"""`flask backup` and `flask purge`: each command owns its transaction."""

from pathlib import Path

import click
from flask import current_app

from app.common.cli import fail
from app.db import utcnow
from app.extensions import db
from app.ops.backup import BackupError, backup_sqlite
from app.ops.purge import purge


@click.command("backup")
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="The new file to write (SQLite only; PostgreSQL uses pg_dump).")  # fmt: skip
def backup_command(output: Path) -> None:
    """Copy the SQLite database to a new file while the service runs."""
    try:
        size = backup_sqlite(output)
    except BackupError as exc:
        fail(str(exc))
    click.echo(f"Backup: {size:,} bytes written to {output}.")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
@click.option(
    "--months",
    type=click.IntRange(1, 120),
    default=None,
    help="Keep submitted responses this many months (RESPONSE_RETENTION_MONTHS).",
)
@click.option("--draft-days", type=click.IntRange(1, 3650), default=None,
              help="Keep unfinished responses this many days (DRAFT_RETENTION_DAYS).")  # fmt: skip
def purge_command(dry_run: bool, months: int | None, draft_days: int | None) -> None:
    """Delete raw responses past the retention period; aggregates and reports are kept."""
    config = current_app.config
    result = purge(utcnow(), months=months or config["RESPONSE_RETENTION_MONTHS"],
                   draft_days=draft_days or config["DRAFT_RETENTION_DAYS"],
                   dry_run=dry_run)  # fmt: skip
    verb = "would be deleted" if dry_run else "deleted"
    click.echo(
        f"Purge: {result.total} responses {verb} (submitted before "
        f"{result.submitted_before:%Y-%m-%d}, or unfinished since before "
        f"{result.drafts_before:%Y-%m-%d})."
    )
    for survey_id, n in sorted(result.by_survey.items()):
        click.echo(f"  survey {survey_id}: {n}")
    if not dry_run:
        db.session.commit()
