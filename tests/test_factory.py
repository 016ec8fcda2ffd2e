"""The factory, configuration and the security baseline every response carries."""

import pytest
import sqlalchemy as sa

from app import create_app
from config import DevelopmentConfig, ProductionConfig, TestingConfig
from tests.factories import PASSWORD, make_user


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_refuses_to_start_without_database_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app(ProductionConfig)


def test_production_sets_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_generates_a_secret_key_once(tmp_path, monkeypatch):
    monkeypatch.setattr("config.INSTANCE_DIR", tmp_path)

    class Dev(DevelopmentConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    first = create_app(Dev).config["SECRET_KEY"]
    second = create_app(Dev).config["SECRET_KEY"]
    assert len(first) >= 40
    assert first == second == (tmp_path / "secret_key").read_text().strip()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'x.sqlite3'}"

    app = create_app(Config)
    from app.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(sa.text("PRAGMA busy_timeout")).scalar() == 15000
    with app.app_context():
        db.engine.dispose()


def test_postgres_engine_pings_before_use():
    from config import engine_options

    assert engine_options("postgresql+psycopg://x@y/z")["pool_pre_ping"] is True
    assert "pool_pre_ping" not in engine_options("sqlite:///x")


@pytest.mark.parametrize("path", ["/login", "/healthz", "/nope", "/static/css/app.css"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    response.close()
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_frame_ancestors_is_configurable(database_url):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        FRAME_ANCESTORS = "https://skhcn.quangngai.gov.vn"

    response = create_app(Config).test_client().get("/login")
    assert (
        "frame-ancestors https://skhcn.quangngai.gov.vn"
        in response.headers["Content-Security-Policy"]
    )
    assert "X-Frame-Options" not in response.headers


def test_pages_have_no_inline_script_or_style(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<script" not in html
    assert "style=" not in html


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False


def test_post_without_csrf_token_is_refused(csrf_client, db):
    user = make_user()
    db.session.commit()
    response = csrf_client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)


def test_post_with_csrf_token_is_accepted(csrf_client, db):
    import re

    user = make_user()
    db.session.commit()
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = csrf_client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303


def test_cross_site_post_is_refused_by_origin_check(client, db):
    user = make_user()
    db.session.commit()
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 400


def test_same_origin_post_passes_origin_check(client, db):
    user = make_user()
    db.session.commit()
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 303


def test_session_cookie_is_httponly_and_lax(client, db, login):
    user = make_user()
    db.session.commit()
    response = login(user)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_static_files_are_cached_for_a_year_with_a_content_hash(client):
    import re

    html = client.get("/login").get_data(as_text=True)
    href = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', html).group(1)
    response = client.get(href)
    response.close()
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
