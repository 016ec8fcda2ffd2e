"""An online copy of an SQLite database (the sqlite3 backup API copies page by page while
the service keeps running); PostgreSQL is backed up with pg_dump (README)."""

import sqlite3
from pathlib import Path

from app.extensions import db


class BackupError(Exception):
    pass


def backup_sqlite(target: Path) -> int:
    """Copy the service's SQLite database to ``target``; returns its size in bytes."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        raise BackupError(
            "This database is PostgreSQL: back it up with pg_dump, e.g. "
            'pg_dump --format=custom --file=nq57.dump "$DATABASE_URL" (see README).'
        )
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = engine.raw_connection()
    try:
        copy = sqlite3.connect(target)
        try:
            source.driver_connection.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target.stat().st_size
