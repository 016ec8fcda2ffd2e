"""flask paper form: a survey's printable questionnaire as a PDF file."""

from pathlib import Path

import click
from flask.cli import AppGroup

from app.common.cli import fail
from app.extensions import db
from app.paper.serials import MAX_COPIES, MAX_SERIAL, PREFIX_RE, numbered_copies
from app.paper.services import print_questionnaire
from app.surveys.queries import get_survey_by_slug

paper_cli = AppGroup("paper", help="Printable paper questionnaires.")


@paper_cli.command("form")
@click.argument("slug")
@click.option("--language", default="vi", show_default=True, help="A language of the survey.")
@click.option("--version", "number", type=int, help="Published version (default: the newest).")
@click.option("--copies", type=click.IntRange(1, MAX_COPIES), default=1, show_default=True)
@click.option("--prefix", default="P", show_default=True, help="Serial prefix: P-000001.")
@click.option("--start", type=click.IntRange(1, MAX_SERIAL), default=1, show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
def form_command(slug, language, number, copies, prefix, start, output) -> None:
    """Write COPIES numbered copies of the survey's questionnaire to one PDF."""
    survey = get_survey_by_slug(slug)
    if survey is None:
        fail(f"No survey with slug {slug!r}.")
    version = next((v for v in survey.versions if v.number == number), None)
    version = survey.latest_version if number is None else version
    if version is None:
        fail(f"Survey {slug} has no published version {number or ''}".rstrip() + ".")
    if language not in version.definition["languages"]:
        fail(f"Version {version.number} of {slug} has no language {language!r} "
             f"(it has {', '.join(version.definition['languages'])}).")  # fmt: skip
    if not PREFIX_RE.match(prefix.upper()):
        fail("The prefix must be 1-8 letters A-Z or digits.")
    if start + copies - 1 > MAX_SERIAL:
        fail(f"The last serial would pass {MAX_SERIAL}; lower --start or --copies.")
    numbered = numbered_copies(prefix, start, copies, slug=slug, version=version.number)
    pdf = print_questionnaire(survey, version, language=language, copies=numbered, actor=None)
    Path(output).write_bytes(pdf)
    db.session.commit()  # the audit entry, once the file is written
    click.echo(f"Wrote {copies} copies ({numbered[0].serial} to {numbered[-1].serial}) of "
               f"{slug} version {version.number} in {language} to {output}.")  # fmt: skip
