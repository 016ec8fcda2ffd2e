"""Open redirects: a `next` address (sign-in, language choice) that leads off the site is
dropped for the user's home page; only paths on this site are followed."""

import pytest

from tests.factories import PASSWORD, make_user
from tests.security.conftest import sign_in

OFF_SITE = [
    "//evil.example", "https://evil.example", "http://evil.example/manage/", "/\\evil.example",
    "\\\\evil.example", "/\\/evil.example", "javascript:alert(1)", "JavaScript:alert(1)",
    "%2F%2Fevil.example", "/%2F%2Fevil.example", "///evil.example", "////evil.example",
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", " //evil.example",
    "https:evil.example", "http:/evil.example", "data:text/html,<script>alert(1)</script>",
    "//evil.example@localhost", "/@evil.example", "https://localhost@evil.example",
    "\u3002evil.example", "/%09/evil.example", "/.//evil.example", "/%5Cevil.example",
]  # fmt: skip


def lands_on_site(location: str) -> bool:
    """A Location a browser resolves to this site: a path, not //host or a scheme."""
    from urllib.parse import urljoin, urlsplit

    resolved = urlsplit(urljoin("http://localhost/login", location.replace("\\", "/")))
    stripped = location.lstrip()
    return (
        resolved.netloc == "localhost"
        and resolved.scheme == "http"
        and stripped.startswith("/")
        and not stripped.startswith(("//", "/\\"))
    )


def test_the_check_spots_off_site_locations():
    assert not lands_on_site("//evil.example")
    assert not lands_on_site("https://evil.example/x")
    assert not lands_on_site("/\\evil.example")
    assert lands_on_site("/manage/surveys/")


@pytest.fixture
def people(db):
    staff, manager = make_user("staff"), make_user("manager")
    db.session.commit()
    return staff, manager


def test_sign_in_never_sends_off_site(app, db, people):
    for target in OFF_SITE:
        client = app.test_client()
        page = client.get("/login", query_string={"next": target})
        assert page.status_code == 200
        response = client.post("/login", data={"email": people[0].email, "password": PASSWORD,
                                               "next": target})  # fmt: skip
        assert response.status_code == 303, target
        assert lands_on_site(response.headers["Location"]), (target, response.headers["Location"])


def test_the_language_switch_never_sends_off_site(client, db):
    for target in OFF_SITE:
        response = client.get("/language/en", query_string={"next": target})
        assert response.status_code == 302, target
        assert lands_on_site(response.headers["Location"]), (target, response.headers["Location"])


def test_a_path_on_the_site_is_followed(app, client, db, people):
    assert client.get("/language/en?next=/login%3Fx%3D1").headers["Location"] == "/login?x=1"
    response = app.test_client().post("/login", data={
        "email": people[1].email, "password": PASSWORD,
        "next": "/manage/surveys/?status=open"})  # fmt: skip
    assert response.headers["Location"] == "/manage/surveys/?status=open"


def test_a_page_needing_sign_in_sends_its_own_path_as_next(app, db, people):
    client = app.test_client()
    response = client.get("//evil.example/manage/")
    assert response.status_code in {302, 308, 404}
    location = response.headers.get("Location", "/")
    assert lands_on_site(location) or location.startswith("http://localhost/"), location
    response = client.get("/manage/surveys/?next=//evil.example")
    assert response.headers["Location"].startswith("/login?next=")
    sign_in(client, people[1])
    assert client.get("/manage/surveys/").status_code == 200
