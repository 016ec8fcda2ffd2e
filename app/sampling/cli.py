"""`flask sample design | show | codes | sheets`: draw a sample design from a terminal, print
it, make its respondent codes and write the enumerators' assignment sheets."""

import click
from flask.cli import AppGroup

from app.audit.services import record
from app.common.cli import fail
from app.common.text import format_number
from app.extensions import db
from app.sampling import presenting
from app.sampling.codes import create_codes
from app.sampling.design import DesignInputError
from app.sampling.models import MAX_SEED, SampleDesign
from app.sampling.queries import count_codes, get_design, list_assignments, stratum_summary
from app.sampling.services import DesignParameters, SamplingError, create_design, size_of
from app.sampling.strata import stratum_label
from app.surveys.queries import get_survey_by_slug

sample_cli = AppGroup("sample", help="Sample designs: size, strata and the communes drawn.")


@sample_cli.command("design")
@click.argument("slug")
@click.option(
    "--p", "proportion", type=float, default=0.5, show_default=True, help="Expected proportion."
)
@click.option(
    "--margin",
    type=float,
    default=0.05,
    show_default=True,
    help="Margin of error (0.05 for ±5 points).",
)
@click.option(
    "--confidence",
    type=click.Choice(["90", "95", "99"]),
    default="95",
    show_default=True,
    help="Confidence level in percent.",
)
@click.option("--deff", type=float, default=1.5, show_default=True, help="Design effect.")
@click.option(
    "--nonresponse",
    type=float,
    default=0.2,
    show_default=True,
    help="Expected non-response (0.2 for 20%).",
)
@click.option(
    "--stratification",
    type=click.Choice(["province_kind", "province", "kind", "none"]),
    default="province_kind",
    show_default=True,
)
@click.option(
    "--allocation",
    type=click.Choice(["proportional", "equal"]),
    default="proportional",
    show_default=True,
)
@click.option(
    "--per-commune", type=int, default=10, show_default=True, help="Respondents per commune drawn."
)
@click.option(
    "--minimum", type=int, default=2, show_default=True, help="Communes drawn at least per stratum."
)
@click.option(
    "--reserve",
    type=float,
    default=0.2,
    show_default=True,
    help="Replacement reserve as a share of respondents.",
)
@click.option("--seed", type=click.IntRange(0, MAX_SEED), help="Seed (default: a new random one).")
@click.option("--name", help="Name of the design (default: from the survey).")
def design_command(
    slug,
    proportion,
    margin,
    confidence,
    deff,
    nonresponse,
    stratification,
    allocation,
    per_commune,
    minimum,
    reserve,
    seed,
    name,
) -> None:
    """Compute the sample size for the citizen survey SLUG, draw the communes, store and print."""
    survey = get_survey_by_slug(slug)
    if survey is None:
        fail(f"No survey {slug!r}.")
    params = DesignParameters(
        proportion=proportion,
        margin=margin,
        confidence=int(confidence),
        design_effect=deff,
        nonresponse=nonresponse,
        stratification=stratification,
        allocation=allocation,
        min_communes=minimum,
        respondents_per_commune=per_commune,
        reserve_share=reserve,
    )
    try:
        design = create_design(
            survey, params, name=name or f"Mẫu {survey.slug}", seed=seed, actor=None
        )
    except DesignInputError as exc:
        fail(f"{exc.field}: {exc}")
    except SamplingError as exc:
        fail(str(exc))
    db.session.commit()
    _print(design)


@sample_cli.command("show")
@click.argument("design_id", type=int)
def show_command(design_id) -> None:
    """Print a stored design: its arithmetic, strata and the communes drawn."""
    _print(_design_or_fail(design_id))


@sample_cli.command("codes")
@click.argument("design_id", type=int)
def codes_command(design_id) -> None:
    """Make the one-time respondent codes the design's communes still lack."""
    design = _design_or_fail(design_id)
    try:
        made = create_codes(design, actor=None)
    except SamplingError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"{len(made)} codes created; design {design.id} has {count_codes(design.id)}.")


@sample_cli.command("sheets")
@click.argument("design_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The PDF file to write.")  # fmt: skip
def sheets_command(design_id, output) -> None:
    """Write the enumerators' assignment sheets of a design (A4 PDF, a commune per section)."""
    from app.sampling.sheets import sheets_pdf

    design = _design_or_fail(design_id)
    codes = count_codes(design.id)
    if not codes:
        fail(f"Design {design.id} has no respondent codes yet: flask sample codes {design.id}")
    pdf = sheets_pdf(design)
    with open(output, "wb") as file:
        file.write(pdf)
    record(None, "sampling.sheets", design, survey=design.survey.slug)
    db.session.commit()
    click.echo(f"Wrote {output}: {codes} codes, {len(pdf):,} bytes.")


def _design_or_fail(design_id: int) -> SampleDesign:
    design = get_design(design_id)
    if design is None:
        fail(f"No sample design {design_id}.")
    return design


def _print(design: SampleDesign) -> None:
    n = format_number
    click.echo(f"Design {design.id}: {design.name} (survey {design.survey.slug})")
    click.echo(f"Seed {design.seed}; frame SHA-256 {design.frame_hash}")
    click.echo("Sample size:")
    for line in presenting.arithmetic(size_of(design)):
        click.echo(f"  {line.text}")
    click.echo("Strata (population, communes, allocated, drawn, respondents, reserve):")
    for s in stratum_summary(design.id):
        click.echo(
            f"  {stratum_label(s.code):<34} {n(s.population):>10} {s.communes:>4} "
            f"{s.allocated:>5} {s.drawn:>4} {s.respondents:>5} {s.reserve:>4}"
        )
    click.echo(
        "Communes (stratum, order, code, name, population, probability, respondents, reserve;"
        " * = taken with certainty):"
    )
    for a in list_assignments(design.id):
        certain = "*" if a.is_certain else " "
        click.echo(
            f"  {a.stratum:<18} {a.draw_order:>3} {a.code} {a.name:<30} "
            f"{n(a.population):>8} {presenting.probability(a.probability):>7}{certain} "
            f"{a.respondents:>4} {a.reserve:>3}"
        )
