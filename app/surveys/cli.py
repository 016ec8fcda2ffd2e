"""`flask surveys …`: list, export and import surveys."""

from pathlib import Path

import click
from flask.cli import AppGroup

from app.common.cli import fail
from app.extensions import db
from app.surveys.definition import DefinitionInvalidError
from app.surveys.files import dump_document, export_document, import_document, read_document
from app.surveys.models import Survey
from app.surveys.queries import get_survey_by_slug, list_surveys
from app.surveys.services import SurveyError

surveys_cli = AppGroup("surveys", help="List, export and import surveys.")


@surveys_cli.command("list")
def list_command() -> None:
    """One line per survey: slug, audience, status, version, responses."""
    for survey in db.session.scalars(list_surveys().order_by(None).order_by(Survey.slug)):
        version = survey.latest_version.number if survey.latest_version else "-"
        # Responses arrive with the responding feature; until then there are none to count.
        click.echo(f"{survey.slug}\t{survey.audience}\t{survey.status}\tv{version}\t0")


@surveys_cli.command("export")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")  # fmt: skip
def export_command(slug: str, output: str | None) -> None:
    """Write a survey as a readable JSON document, every language included."""
    survey = get_survey_by_slug(slug)
    if survey is None:
        fail(f"No survey with slug {slug!r}.")
    text = dump_document(export_document(survey))
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.")
    else:
        click.echo(text, nl=False)


@surveys_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--slug", help="Slug for the new survey (default: the file's).")
@click.option(
    "--audience",
    type=click.Choice(["staff", "citizen", "enterprise", "research", "event"]),
    help="Audience, for an XLSForm (default: its settings, else citizen).",
)
def import_command(path: str, slug: str | None, audience: str | None) -> None:
    """Create a draft survey from a JSON document or an XLSForm (.xlsx)."""
    from app.surveys.xlsform import read_xlsform

    data = Path(path).read_bytes()
    try:
        if path.lower().endswith(".xlsx"):
            document = read_xlsform(data, slug=slug, audience=audience)
        else:
            document = read_document(data)
            document["slug"] = slug or document["slug"]
        survey = import_document(document, actor=None)
    except DefinitionInvalidError as exc:
        fail("Nothing imported:\n" + "\n".join(str(e) for e in exc.errors))
    except SurveyError as exc:
        fail(f"Nothing imported: {exc}")
    db.session.commit()
    click.echo(f"Imported {survey.slug} as a draft ({len(survey.draft['pages'])} pages).")
