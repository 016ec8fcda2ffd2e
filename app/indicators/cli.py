"""`flask indicators …`: the dashboard's figures in a terminal, recounts and sign-off."""

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from app.common.cli import fail
from app.extensions import db
from app.indicators import formatting, rekeying
from app.indicators.periods import PeriodError, parse_period
from app.indicators.queries import Filters
from app.indicators.services import consolidate, freeze_period
from app.indicators.snapshots import get_snapshot
from app.indicators.tallies import rebuild_all_tallies
from app.units.queries import get_unit_by_code

indicators_cli = AppGroup("indicators", help="Indicator figures, recounts and sign-off.")


def _period(text: str):
    try:
        return parse_period(text)
    except PeriodError:
        fail(f"Not a period: {text!r}. Use 2026H1, 2026H2, 2026 or 2026-01-01..2026-03-31.")


def _filters(unit_code: str | None, commune_code: str | None) -> Filters:
    unit = get_unit_by_code(unit_code) if unit_code else None
    if unit_code and (unit is None or unit.is_commune):
        fail(f"No department unit with code {unit_code!r}.")
    commune = get_unit_by_code(commune_code) if commune_code else None
    if commune_code and (commune is None or not commune.is_commune):
        fail(f"No commune with code {commune_code!r}.")
    return Filters(unit_id=getattr(unit, "id", None), commune_id=getattr(commune, "id", None))


@indicators_cli.command("show")
@click.option("--period", "period_text", required=True, help="2026H1, 2026H2, 2026 or a range.")
@click.option("--unit", "unit_code", help="Only this department unit (its code).")
@click.option("--commune", "commune_code", help="Only this commune (its statistical code).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per indicator.")
def show_command(period_text, unit_code, commune_code, as_json) -> None:
    """Print every indicator's figures for a period, as the dashboard shows them."""
    if unit_code and commune_code:
        fail("Give --unit or --commune, not both.")
    result = consolidate(_period(period_text), _filters(unit_code, commune_code))
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in result.figures], ensure_ascii=False, indent=2))
        return
    click.echo(f"Period {result.period.code} ({result.period.start} – {result.period.end})")
    for f in result.figures:
        interval = formatting.interval_text(f.low, f.high)
        sample = f" n={f.n} n_eff={f.n_eff:.1f}" if f.is_sample and f.n_eff is not None else ""
        click.echo(
            f"{f.code:<24} {formatting.figure_value(f):>10} "
            f"{('[' + interval + ']') if interval else '':<19} "
            f"target {formatting.target_text(f):<8} {formatting.status_text(f.status)}{sample}"
        )


@indicators_cli.command("rebuild")
def rebuild_command() -> None:
    """Count every response again into the indicator tallies (after a bulk load or restore)."""
    rebuild_all_tallies()
    db.session.commit()
    click.echo("Indicator tallies rebuilt.")


@indicators_cli.command("freeze")
@click.option("--period", "period_text", required=True)
@click.option("--note", default="")
def freeze_command(period_text, note) -> None:
    """Freeze the period's figures ("chốt số liệu") and print the snapshot id."""
    snapshot = freeze_period(_period(period_text), actor=None, note=note)
    db.session.commit()
    click.echo(f"Snapshot {snapshot.id} of {snapshot.period} frozen.")


@indicators_cli.command("export")
@click.option("--period", "period_text", required=True, help="2026H1, 2026H2, 2026 or a range.")
@click.option(
    "--format", "fmt", type=click.Choice(rekeying.FORMATS), default="csv", show_default=True
)
@click.option("--snapshot", "snapshot_id", type=int, help="A frozen snapshot of the period.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_command(period_text, fmt, snapshot_id, output) -> None:
    """Write the indicator values of a period for re-keying (Vietnamese labels); audited."""
    period = _period(period_text)
    snapshot = get_snapshot(snapshot_id) if snapshot_id is not None else None
    if snapshot_id is not None and (snapshot is None or snapshot.period != period.code):
        fail(f"No snapshot {snapshot_id} of period {period.code}.")
    result = rekeying.export_figures(period, snapshot)
    with force_locale("vi"):
        write = rekeying.csv_text if fmt == "csv" else rekeying.json_text
        body = write(result, language="vi")
    rekeying.record_export(result, None, fmt=fmt, via="cli")
    db.session.commit()
    output.write_text(body, encoding="utf-8")
    source = f"snapshot {snapshot.id}" if snapshot else "live figures"
    click.echo(f"{len(result.figures)} indicators of {period.code} ({source}) as {fmt.upper()}: "
               f"{output}")  # fmt: skip
