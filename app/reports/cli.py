"""`flask report semiannual …` and `flask report survey …`: official reports as PDF files
(the semi-annual report also as DOCX)."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from app.common.cli import fail
from app.common.timezones import local_day
from app.db import utcnow
from app.extensions import db
from app.indicators.periods import PeriodError, current_half, half_year, parse_period
from app.indicators.snapshots import get_snapshot
from app.reports.docx import semiannual_docx
from app.reports.semiannual import get_settings, report_figures, semiannual_pdf
from app.reports.survey_summary import export_survey_summary, staff_limits
from app.responses.queries import get_link
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code

report_cli = AppGroup("report", help="Official reports as PDF (and DOCX) files.")


@report_cli.command("semiannual")
@click.option("--year", type=click.IntRange(2000, 2100), required=True)
@click.option("--half", type=click.IntRange(1, 2), required=True)
@click.option("--snapshot", "snapshot_id", type=int, help="A frozen snapshot: the final report.")
@click.option("--number", default="", help="The document number, e.g. 05 in Số: 05/BC-SKHCN.")
@click.option("--date", "issued", type=click.DateTime(["%Y-%m-%d"]), help="Issue date (today).")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["pdf", "docx"]),
    default="pdf",
    help="PDF (the archived copy) or DOCX (an editable Word file).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def semiannual_command(year, half, snapshot_id, number, issued, file_format, output) -> None:
    """Write the semi-annual report: a draft from live figures, or final from --snapshot."""
    period = half_year(year, half)
    snapshot = get_snapshot(snapshot_id) if snapshot_id is not None else None
    if snapshot_id is not None and (snapshot is None or snapshot.period != period.code):
        click.echo(f"No snapshot {snapshot_id} of {period.code}.", err=True)
        sys.exit(1)
    result = report_figures(period, snapshot)
    settings = get_settings()
    day = issued.date() if issued else local_day(utcnow())
    write = semiannual_docx if file_format == "docx" else semiannual_pdf
    data = write(result, settings, number=number, issued_on=day, draft=snapshot_id is None)
    db.session.commit()  # the settings row, when this was the first use
    output.write_bytes(data)
    kind = "final" if snapshot_id is not None else "draft"
    click.echo(f"Semi-annual report {period.code} ({kind}): {output} ({len(data):,} bytes).")


def _filters(survey, commune_code, unit_code, link_id, version_number) -> dict:
    """The filter objects named on the command line; exits with a message for a wrong one."""
    commune = get_unit_by_code(commune_code) if commune_code else None
    if commune_code and (commune is None or not commune.is_commune):
        fail(f"No commune with code {commune_code!r}.")
    unit = get_unit_by_code(unit_code) if unit_code else None
    if unit_code and (unit is None or unit.is_commune):
        fail(f"No unit with code {unit_code!r}.")
    link = get_link(survey.id, link_id) if link_id is not None else None
    if link_id is not None and link is None:
        fail(f"Survey {survey.slug} has no link {link_id}.")
    version = next((v for v in survey.versions if v.number == version_number), None)
    if version_number is not None and version is None:
        fail(f"Survey {survey.slug} has no version {version_number}.")
    return {"commune": commune, "unit": unit, "link": link, "version": version}


@report_cli.command("survey")
@click.argument("slug")
@click.option("--period", "period_text", help="2026H2, 2026 or 2026-01-01..2026-03-31 (this half).")
@click.option("--commune", "commune_code", help="Only responses from this commune (its code).")
@click.option("--unit", "unit_code", help="Only responses from this unit of the department.")
@click.option("--link", "link_id", type=int, help="Only responses through this link (its id).")
@click.option("--version", "version_number", type=int, help="Only answers to this version.")
@click.option(
    "--stream",
    type=click.Choice(["sample", "open", "census", "all"]),
    help="Count this stream only, or all mixed (default: the sample when there is one).",
)
@click.option("--with-text", is_flag=True, help="List written answers (never for staff surveys).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def survey_command(slug, period_text, commune_code, unit_code, link_id, version_number, stream,
                   with_text, output) -> None:  # fmt: skip
    """Write one survey's results for a period: counts, answers by question, charts."""
    survey = get_survey_by_slug(slug)
    if survey is None:
        fail(f"No survey with slug {slug!r}.")
    try:
        period = parse_period(period_text) if period_text else current_half(local_day(utcnow()))
    except PeriodError as error:
        fail(f"Bad period: {error}")
    filters = {**_filters(survey, commune_code, unit_code, link_id, version_number),
               "stream": stream}  # fmt: skip
    refused = staff_limits(survey, period, **filters)
    if refused:
        fail(" ".join(dict.fromkeys(refused.values())))
    pdf = export_survey_summary(survey, period, actor=None, with_text=with_text, **filters)
    db.session.commit()  # the audit entry, when written answers were listed
    output.write_bytes(pdf)
    click.echo(f"Survey summary {slug} {period.code}: {output} ({len(pdf):,} bytes).")
