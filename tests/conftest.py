"""Fixtures: one schema per run (built by the migrations), rows wiped after every test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL names a server;
there it creates a fresh database for the run and drops it at the end.
"""

import os
import uuid

import pytest
import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from app.extensions import db as _db
from app.extensions import limiter
from config import TestingConfig
from tests import factories

PASSWORD = factories.PASSWORD


def _create_postgres_database(url: sa.URL) -> sa.URL:
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"nq57_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    admin.dispose()
    return url.set(database=name)


def _drop_postgres_database(url: sa.URL) -> None:
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database for this run: a new PostgreSQL database, or an SQLite file."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given and given.startswith("postgresql"):
        url = _create_postgres_database(sa.make_url(given))
        yield url.render_as_string(hide_password=False)
        _drop_postgres_database(url)
    else:
        yield given or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


class IsolatedClient(FlaskClient):
    """A test client whose requests share neither ``g`` nor uncommitted work with the test.

    The tests hold an app context, and Flask reuses it for requests, so without this the
    signed-in user (Flask-Login) and the locale (Flask-Babel) cached in ``g`` by one request
    would leak into the next, even from another client. The rollback after each request
    throws away whatever a view flushed but did not commit, so a view that forgets its
    commit fails its tests; tests commit what they set up before making requests.
    """

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        try:
            return super().open(*args, **kwargs)
        finally:
            _db.session.rollback()


@pytest.fixture(scope="session")
def _app(database_url):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(Config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()  # the schema is only ever made by the migrations
        _db.session.remove()
    yield app
    with app.app_context():
        _db.engine.dispose()


# Every sequence of the test database back to 1, in one round trip.
_RESTART_SEQUENCES = """
DO $$ DECLARE s record; BEGIN
  FOR s IN SELECT sequence_schema, sequence_name FROM information_schema.sequences LOOP
    EXECUTE format('ALTER SEQUENCE %I.%I RESTART', s.sequence_schema, s.sequence_name);
  END LOOP;
END $$;
"""


def _wipe(engine) -> None:
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with engine.begin() as conn:
        # DELETE, not TRUNCATE: a test leaves a few rows in a few tables, and on PostgreSQL
        # TRUNCATE of every table costs more than the test itself. Ids start at 1 again, as
        # SQLite does once a table is empty, so no test depends on which ran before it.
        for table in tables:
            conn.execute(sa.text(f"DELETE FROM {table}"))  # noqa: S608 - names from metadata
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text(_RESTART_SEQUENCES))


@pytest.fixture
def app(_app):
    """The app with an app context; every row written by the test is removed afterwards."""
    with _app.app_context():
        yield _app
        _db.session.remove()
        _wipe(_db.engine)
    limiter.reset()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """Sign a user in through the real login form; returns the response."""

    def do_login(user, password=PASSWORD):
        return client.post("/login", data={"email": user.email, "password": password})

    return do_login


@pytest.fixture
def seeded(db):
    """The department's units and the 96 communes, as `flask seed` loads them."""
    from app.units.services import seed_units

    seed_units()
    db.session.commit()


@pytest.fixture
def count_queries(db):
    """Count the SQL statements run inside a ``with count_queries() as counter:`` block."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(_conn, _cursor, statement, *_args):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)

    return counting
