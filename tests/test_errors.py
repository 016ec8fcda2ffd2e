"""Error pages: right status, human words, the person's language, no database needed."""

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import InternalServerError

from app import create_app
from app.errors import handle_server_error
from config import TestingConfig


def test_not_found_page(client):
    response = client.get("/no-such-page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<title>Không tìm thấy trang – " in html
    assert '<h1 class="heading-l">Không tìm thấy trang</h1>' in html
    assert "404" not in html.split("<h1", 1)[1].split("</h1>", 1)[0]


def test_method_not_allowed_page(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert "Không thực hiện được thao tác này" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json == {"error": "Not Found", "status": 404}


def test_oversized_body_is_refused_with_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = client.post("/login", data={"email": "x" * 5000, "password": "y"})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 5 * 1024 * 1024
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.get_data(as_text=True)


def test_server_error_rolls_back_and_renders_without_database(app, db):
    from app.units.models import Unit

    db.session.add(Unit(code="HALF", name="Nửa chừng", short_name="N", kind="xa"))
    db.session.flush()
    with app.test_request_context("/manage/"):
        body, status = handle_server_error(InternalServerError())
    assert status == 500
    assert "Xin lỗi, hệ thống đang gặp sự cố" in body
    assert "Đăng xuất" not in body  # no signed-in navigation: it would need the database
    assert db.session.scalar(sa.select(sa.func.count(Unit.id))) == 0


@pytest.fixture
def failing_app(database_url):
    """A separate app with propagation off, as in production, and a route that raises."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        PROPAGATE_EXCEPTIONS = False

    app = create_app(Config)

    @app.route("/_boom")
    def boom():
        raise RuntimeError("boom")

    return app


def test_unexpected_exception_gives_calm_500_page(failing_app):
    response = failing_app.test_client().get("/_boom")
    assert response.status_code == 500
    assert "Xin lỗi, hệ thống đang gặp sự cố" in response.get_data(as_text=True)
