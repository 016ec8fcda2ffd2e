"""`flask report semiannual …`: the semi-annual report as a PDF file."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from app.common.timezones import local_day
from app.db import utcnow
from app.extensions import db
from app.indicators.periods import half_year
from app.indicators.snapshots import get_snapshot
from app.reports.semiannual import get_settings, report_figures, semiannual_pdf

report_cli = AppGroup("report", help="Official reports as PDF files.")


@report_cli.command("semiannual")
@click.option("--year", type=click.IntRange(2000, 2100), required=True)
@click.option("--half", type=click.IntRange(1, 2), required=True)
@click.option("--snapshot", "snapshot_id", type=int, help="A frozen snapshot: the final report.")
@click.option("--number", default="", help="The document number, e.g. 05 in Số: 05/BC-SKHCN.")
@click.option("--date", "issued", type=click.DateTime(["%Y-%m-%d"]), help="Issue date (today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def semiannual_command(year, half, snapshot_id, number, issued, output) -> None:
    """Write the semi-annual report: a draft from live figures, or final from --snapshot."""
    period = half_year(year, half)
    snapshot = get_snapshot(snapshot_id) if snapshot_id is not None else None
    if snapshot_id is not None and (snapshot is None or snapshot.period != period.code):
        click.echo(f"No snapshot {snapshot_id} of {period.code}.", err=True)
        sys.exit(1)
    result = report_figures(period, snapshot)
    settings = get_settings()
    day = issued.date() if issued else local_day(utcnow())
    pdf = semiannual_pdf(result, settings, number=number, issued_on=day, draft=snapshot_id is None)
    db.session.commit()  # the settings row, when this was the first use
    output.write_bytes(pdf)
    kind = "final" if snapshot_id is not None else "draft"
    click.echo(f"Semi-annual report {period.code} ({kind}): {output} ({len(pdf):,} bytes).")
