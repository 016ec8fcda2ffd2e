"""`flask links create …`: a link into a survey, printed as its URL."""

import click
from flask.cli import AppGroup

from app.common.cli import fail
from app.extensions import db
from app.responses.links import LinkError, create_link, public_url
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code

links_cli = AppGroup("links", help="Create links into surveys.")


@links_cli.command("create")
@click.argument("slug")
@click.option("--commune", help="Statistical code of the commune the link is for.")
@click.option("--unit", "unit_code", help="Code of the department unit the link is for.")
@click.option("--event", help="Event code, e.g. 18-5, 1-10, 10-10.")
@click.option("--enterprise", help="Tax code or name of the invited organisation.")
@click.option("--single-use", is_flag=True, help="An invitation: exactly one response.")
@click.option("--label", default="", help="A label managers see.")
def create_command(slug, commune, unit_code, event, enterprise, single_use, label) -> None:
    """Create a link into SLUG and print its URL."""
    survey = get_survey_by_slug(slug)
    if survey is None:
        fail(f"No survey with slug {slug!r}.")
    commune_unit = get_unit_by_code(commune) if commune else None
    if commune and (commune_unit is None or not commune_unit.is_commune):
        fail(f"No commune with code {commune!r}.")
    unit = get_unit_by_code(unit_code) if unit_code else None
    if unit_code and unit is None:
        fail(f"No unit with code {unit_code!r}.")
    registered = _enterprise(enterprise) if enterprise else None
    try:
        link = create_link(
            survey, kind="invitation" if single_use or enterprise else "public", label=label,
            commune=commune_unit or getattr(registered, "commune", None), unit=unit, event=event,
            organisation=registered.name if registered else enterprise,
        )  # fmt: skip
    except LinkError as exc:
        fail(str(exc))
    link.enterprise = registered
    db.session.commit()
    click.echo(public_url(link))


def _enterprise(tax_code: str):
    """The registered enterprise with this tax code, or None (the text is kept as its name)."""
    import sqlalchemy as sa

    from app.enterprises.models import Enterprise

    return db.session.scalar(sa.select(Enterprise).where(Enterprise.tax_code == tax_code))


@click.command("posters")
@click.argument("slug")
@click.option("--communes", "scope", default="all", show_default=True,
              help="all, quang_ngai, kon_tum, or comma-separated commune codes.")  # fmt: skip
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
def posters_command(slug: str, scope: str, output: str) -> None:
    """Create one poster link per commune and write their A4 posters as one PDF."""
    from pathlib import Path

    from app.reports.posters import poster_pdf
    from app.responses.links import create_commune_links
    from app.units.queries import list_communes

    survey = get_survey_by_slug(slug)
    if survey is None:
        fail(f"No survey with slug {slug!r}.")
    communes = list_communes()
    if scope in {"quang_ngai", "kon_tum"}:
        communes = [c for c in communes if c.former_province == scope]
    elif scope != "all":
        codes = [c.strip() for c in scope.split(",") if c.strip()]
        by_code = {c.code: c for c in communes}
        unknown = [c for c in codes if c not in by_code]
        if unknown:
            fail(f"No commune with code: {', '.join(unknown)}.")
        communes = [by_code[c] for c in codes]
    try:
        links = create_commune_links(survey, communes, channel="poster", actor=None)
    except LinkError as exc:
        fail(str(exc))
    Path(output).write_bytes(poster_pdf(survey, links))
    db.session.commit()  # the links exist once their posters are written
    click.echo(f"Wrote {len(links)} posters to {output}.")
