"""The public pages parse as HTML without a single parse error (html5lib's strict parser:
the floor of HTML validation, since the Nu checker needs Java and a network-free jar)."""

import html5lib
import pytest

from app.responses.links import create_link
from app.units.queries import get_unit_by_code
from tests.entry.conftest import make_entry_survey


def parse_errors(body: bytes) -> list[str]:
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(body)
    return [f"{pos}: {code} {data}" for pos, code, data in parser.errors]


@pytest.fixture
def link(db, seeded):
    survey = make_entry_survey()
    made = create_link(survey, label="Bảng tin xã", commune=get_unit_by_code("21211"))
    db.session.commit()
    return made


def test_the_public_pages_parse_without_errors(client, link):
    pages = {
        "form": client.get(f"/s/{link.token}"),
        "form with errors": client.post(f"/s/{link.token}", data={"q_age": "abc"}),
        "login": client.get("/login"),
        "deletion request": client.get("/xoa-phieu-tra-loi"),
        "not found": client.get("/s/no-such-token"),
    }
    done = client.post(f"/s/{link.token}", data={"q_commune": "21211", "q_age": "40",
                                                  "q_heard": "no"})  # fmt: skip
    page = client.post(done.headers["Location"], data={"q_ideas": ""})
    pages["receipt"] = client.get(page.headers["Location"])
    assert "Mã biên nhận" in pages["receipt"].get_data(as_text=True)
    for name, response in pages.items():
        assert response.data.startswith(b"<!doctype html>"), name
        assert parse_errors(response.data) == [], name


def test_the_check_finds_broken_markup():
    assert parse_errors(b"<!doctype html><title>x</title><p><b>unclosed</p></i>")
