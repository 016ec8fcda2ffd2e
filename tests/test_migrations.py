"""The schema comes only from the migrations, and the migrations match the models."""

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_database(database_url, tmp_path):
    """A database with no tables, on the same engine the suite runs on."""
    url = sa.make_url(database_url)
    if url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"nq57_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def flask(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {"FLASK_APP": "wsgi", "DATABASE_URL": database_url, "APP_ENV": "development",
           "SECRET_KEY": "migration-test", "PATH": "/usr/bin:/bin"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip


def test_migrations_have_a_single_head():
    config = AlembicConfig(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, heads


def test_revision_files_are_date_prefixed():
    names = [p.name for p in (ROOT / "migrations" / "versions").glob("*.py")]
    assert names
    assert all(name[:8].isdigit() and name[8] == "_" for name in names), names


def test_upgrade_on_empty_database_leaves_nothing_for_autogenerate(empty_database):
    upgraded = flask("db", "upgrade", database_url=empty_database)
    assert upgraded.returncode == 0, upgraded.stderr
    checked = flask("db", "check", database_url=empty_database)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No new upgrade operations detected" in checked.stdout + checked.stderr


def test_seed_twice_after_upgrade_leaves_96_communes_and_no_duplicates(empty_database):
    assert flask("db", "upgrade", database_url=empty_database).returncode == 0
    for _ in range(2):
        seeded = flask("seed", database_url=empty_database)
        assert seeded.returncode == 0, seeded.stderr
    assert "0 units created, 102 already present" in seeded.stdout
    engine = sa.create_engine(empty_database)
    with engine.connect() as conn:
        kinds = dict(conn.execute(sa.text("SELECT kind, COUNT(*) FROM units GROUP BY kind")).all())
        duplicates = conn.execute(
            sa.text("SELECT code FROM units GROUP BY code HAVING COUNT(*) > 1")
        ).all()
    engine.dispose()
    assert kinds["xa"] + kinds["phuong"] + kinds["dac_khu"] == 96
    assert kinds == {"province": 1, "department": 1, "division": 2, "centre": 1, "office": 1,
                     "xa": 86, "phuong": 9, "dac_khu": 1}  # fmt: skip
    assert duplicates == []


def test_downgrade_to_base_and_back(empty_database):
    assert flask("db", "upgrade", database_url=empty_database).returncode == 0
    down = flask("db", "downgrade", "base", database_url=empty_database)
    assert down.returncode == 0, down.stderr
    assert flask("db", "upgrade", database_url=empty_database).returncode == 0
