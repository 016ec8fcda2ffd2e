"""`flask export responses SLUG …`: a survey's responses as a CSV or XLSX file."""

from pathlib import Path

import click
from flask.cli import AppGroup

from app.common.cli import fail
from app.exports.services import (
    CODES,
    FORMATS,
    ExportError,
    csv_bytes,
    prepare_export,
    record_export,
    write_xlsx,
)
from app.extensions import db
from app.indicators.periods import PeriodError, parse_period, utc_bounds
from app.responses.filters import STATUSES, ResponseFilters
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code

export_cli = AppGroup("export", help="Exports of responses.")


@export_cli.command("responses")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--labels", default="vi", show_default=True,
              help=f"A language of the survey for labels, or '{CODES}'.")  # fmt: skip
@click.option("--period", help="Submitted in 2026H2, 2026, or 2026-01-01..2026-03-31.")
@click.option("--status", type=click.Choice(STATUSES), help="Only complete or draft responses.")
@click.option("--commune", help="Only responses from this commune (its code).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def responses_command(slug, fmt, labels, period, status, commune, output) -> None:
    """Write a survey's responses, one row per response; the export is audited."""
    survey = get_survey_by_slug(slug)
    if survey is None:
        fail(f"No survey {slug!r}.")
    since = until = None
    if period:
        try:
            since, until = utc_bounds(parse_period(period))
        except PeriodError as exc:
            fail(str(exc))
    commune_id = None
    if commune:
        unit = get_unit_by_code(commune)
        if unit is None or not unit.is_commune:
            fail(f"No commune {commune!r}.")
        commune_id = unit.id
    filters = ResponseFilters(status=status, commune_id=commune_id, since=since, until=until)
    try:
        export = prepare_export(survey, filters, fmt, labels)
    except ExportError as exc:
        fail(str(exc))
    record_export(export, None, via="cli")
    db.session.commit()
    if fmt == "csv":
        with output.open("wb") as file:
            for piece in csv_bytes(export):
                file.write(piece)
        rows = None
    else:
        rows = write_xlsx(export, output)
    db.session.rollback()
    count = f" ({rows:,} responses)" if rows is not None else ""
    click.echo(f"Responses of {slug} as {fmt.upper()}: {output}{count}.")
