"""Command-line tasks: seed, demo, users and units. Each command owns its transaction."""

import os
import sys

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from app.auth import services as accounts
from app.common.cli import fail
from app.common.csv_import import ImportFileError
from app.extensions import db
from app.units.queries import get_unit_by_code
from app.units.services import import_units_csv, seed_units

users_cli = AppGroup("users", help="Manage staff accounts.")
units_cli = AppGroup("units", help="Manage organisational units.")


def _read_password(generate: bool) -> tuple[str, bool]:
    """A new password from stdin (piped), an interactive prompt, or generated."""
    if generate:
        return accounts.generate_password(), True
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n"), False
    return click.prompt("Password", hide_input=True, confirmation_prompt=True), False


@click.command("seed")
def seed_command() -> None:
    """Load reference data (units, communes, built-in surveys); safe to run again: it never
    overwrites edits."""
    from app.indicators.definitions import seed_indicators
    from app.surveys.definition import DefinitionInvalidError
    from app.surveys.files import seed_builtin_surveys

    try:
        results = seed_units()
        surveys = seed_builtin_surveys()
        indicators = seed_indicators()
    except (ImportFileError, DefinitionInvalidError) as exc:
        fail("Seed data is invalid:\n" + "\n".join(str(e) for e in exc.errors))
    db.session.commit()
    created = sum(r.created for r in results)
    click.echo(
        f"Seed: {created} units created, {sum(r.unchanged for r in results)} already present."
    )
    installed = f" ({', '.join(surveys)})" if surveys else ""
    click.echo(f"Seed: {len(surveys)} built-in surveys installed and opened{installed}.")
    click.echo(f"Seed: {len(indicators)} indicators created.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when demo accounts already exist.")
def demo_command(if_empty: bool) -> None:
    """Add demo accounts (and headcounts where missing) so a newcomer sees a living service."""
    from app.demo import DEMO_PASSWORD_ENV, add_demo_data, has_demo_data

    if current_app.config["ENV_NAME"] == "production":
        fail("flask demo refuses to run in production.")
    if if_empty and has_demo_data():
        click.echo("Demo data already present.")
        return
    summary = add_demo_data(os.environ.get(DEMO_PASSWORD_ENV))
    db.session.commit()
    click.echo(summary)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["staff", "manager", "admin"]), default="staff")
@click.option("--unit", "unit_code", help="Code of the unit, e.g. QLKH_DMST.")
@click.option("--name", "full_name", help="Full name (default: the e-mail's local part).")
@click.option("--generate", is_flag=True, help="Generate a one-time password and print it.")
def create_user_command(email, role, unit_code, full_name, generate) -> None:
    """Create an account. The password is read from a prompt or stdin, never an argument."""
    unit = get_unit_by_code(unit_code) if unit_code else None
    if unit_code and unit is None:
        fail(f"No unit with code {unit_code!r}.")
    password, generated = _read_password(generate)
    try:
        user, _ = accounts.create_user(
            email, full_name or email.split("@")[0], role=role, unit=unit, password=password
        )
    except accounts.AccountError as exc:
        fail(str(exc))
    user.must_change_password = generated
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).")
    if generated:
        click.echo(f"One-time password (must be changed at first sign-in): {password}")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--generate", is_flag=True, help="Generate a one-time password and print it.")
def set_password_command(email, generate) -> None:
    """Set an account's password (prompt or stdin)."""
    user = accounts.get_user_by_email(email)
    if user is None:
        fail(f"No account {email!r}.")
    password, generated = _read_password(generate)
    try:
        accounts.set_password(user, password, actor=None)
    except accounts.AccountError as exc:
        fail(str(exc))
    user.must_change_password = generated
    db.session.commit()
    click.echo(
        f"Password set for {user.email}." + (f" One-time password: {password}" if generated else "")
    )


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email) -> None:
    """Deactivate an account; its sessions end at once."""
    user = accounts.get_user_by_email(email)
    if user is None:
        fail(f"No account {email!r}.")
    try:
        accounts.deactivate_user(user, actor=None)
    except accounts.AccountError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"Deactivated {user.email}.")


@users_cli.command("ensure-admin")
def ensure_admin_command() -> None:
    """Create the first administrator if there is none (ADMIN_EMAIL, ADMIN_PASSWORD)."""
    email = os.environ.get("ADMIN_EMAIL", "admin@nq57.local")
    password = os.environ.get("ADMIN_PASSWORD") or None
    try:
        created = accounts.ensure_admin(email, password)
    except accounts.AccountError as exc:
        fail(str(exc))
    if created is None:
        click.echo("An administrator exists already.")
        return
    db.session.commit()
    user, generated = created
    click.echo(f"First administrator: {user.email}")
    if generated:
        click.secho(f"Password (shown once; change it at first sign-in): {generated}", bold=True)


@units_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_units_command(path) -> None:
    """Validate a units CSV and create or update every row (nothing is written on error)."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        result = import_units_csv(data)
    except ImportFileError as exc:
        fail("Nothing imported:\n" + "\n".join(str(e) for e in exc.errors))
    db.session.commit()
    click.echo(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged.")


@units_cli.command("list")
def list_units_command() -> None:
    """Print units as code, kind and name."""
    from app.units.models import Unit

    for unit in db.session.scalars(sa.select(Unit).order_by(Unit.kind, Unit.code)):
        click.echo(f"{unit.code}\t{unit.kind}\t{unit.name}")


def register(app: Flask) -> None:
    from app.exports.cli import export_cli
    from app.indicators.cli import indicators_cli
    from app.ops.cli import backup_command, purge_command
    from app.paper.cli import paper_cli
    from app.reports.cli import report_cli
    from app.responses.cli import links_cli, posters_command
    from app.sampling.cli import sample_cli
    from app.surveys.cli import surveys_cli

    commands = (seed_command, demo_command, users_cli, units_cli, surveys_cli, links_cli,
                posters_command, indicators_cli, report_cli, export_cli, sample_cli,
                paper_cli, backup_command, purge_command)  # fmt: skip
    for command in commands:
        app.cli.add_command(command)
