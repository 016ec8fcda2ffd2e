"""Helpers shared by the command-line tasks."""

import sys

import click

from app.extensions import db


def fail(message: str) -> None:
    """Roll back, print the message in red on stderr, and exit with status 1."""
    db.session.rollback()
    click.secho(message, fg="red", err=True)
    sys.exit(1)
