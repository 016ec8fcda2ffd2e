"""Accessibility: axe-core (pinned in package-lock.json, installed by `make setup` from the npm
registry) run in Chromium on the pages people meet first. No serious or critical violation
of WCAG 2.1 A/AA is allowed."""

import json
import os
from pathlib import Path

import pytest

from app.responses.links import create_link
from app.units.queries import get_unit_by_code
from tests.entry.conftest import make_entry_survey
from tests.factories import PASSWORD, make_user
from tests.fieldwork.test_interviews import field  # noqa: F401 - the fixture

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = "axe-core is not installed (make setup runs npm ci)"
        if os.environ.get("CI"):
            pytest.fail(f"ACCESSIBILITY CHECKS CANNOT RUN IN CI: {message}")
        pytest.skip(f"ACCESSIBILITY CHECKS SKIPPED: {message}")
    return AXE.read_text(encoding="utf-8")


def serious(page, axe_source) -> list[str]:
    """The serious and critical violations on the page, one line each."""
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + json.dumps([n["target"] for n in v["nodes"]][:3], ensure_ascii=False)
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def public_link(db, seeded):
    survey = make_entry_survey()
    link = create_link(survey, label="Bảng tin xã", commune=get_unit_by_code("21211"))
    db.session.commit()
    return link


def test_the_citizen_form_and_its_receipt(phone, live_server, public_link, axe_source):
    url = live_server.url
    phone.goto(f"{url}/s/{public_link.token}")
    assert serious(phone, axe_source) == []
    phone.click("button.button:has-text('Tiếp tục')")  # nothing answered: errors shown
    phone.wait_for_selector(".error-summary")
    assert serious(phone, axe_source) == []
    phone.select_option("#q_commune", "21211")
    phone.fill("#q_age", "40")
    phone.check("#q_heard-2")  # "Không": the channels page is skipped
    phone.click("button.button:has-text('Tiếp tục')")
    phone.wait_for_selector("#q_ideas")
    phone.click("button.button:has-text('Gửi câu trả lời')")
    phone.wait_for_url("**/thanks")
    assert serious(phone, axe_source) == []


def test_the_login_page_and_the_dashboard(phone, live_server, db, seeded, axe_source):
    manager = make_user("manager")
    db.session.commit()
    url = live_server.url
    phone.goto(f"{url}/login")
    assert serious(phone, axe_source) == []
    # The check itself finds what it should: an unlabelled field is a critical violation.
    phone.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert any(line.startswith("label (critical)") for line in serious(phone, axe_source))
    phone.reload()
    phone.fill("#email", manager.email)
    phone.fill("#password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{url}/manage/")
    assert serious(phone, axe_source) == []
    phone.goto(f"{url}/manage/indicators/")
    assert serious(phone, axe_source) == []


def test_the_enumerators_interview_page(phone, live_server, field, axe_source):  # noqa: F811
    survey, commune, _other, enumerator, _manager = field
    url = live_server.url
    phone.goto(f"{url}/login")
    phone.fill("#email", enumerator.email)
    phone.fill("#password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{url}/interview/")
    assert serious(phone, axe_source) == []
    phone.goto(f"{url}/interview/{survey.id}/{commune.id}")
    phone.wait_for_selector("html[data-offline-ready='1']")
    assert serious(phone, axe_source) == []
