"""Hostile input shared by the security suite: payloads, a survey and unit built from them,
CSRF switched on as in production, and row counts to prove that nothing was stored."""

import re
from contextlib import contextmanager
from datetime import UTC, datetime
from types import SimpleNamespace

import html5lib
import pytest
import sqlalchemy as sa

from app.extensions import db as _db
from tests.factories import make_unit, make_user

# Script in text, an attribute break-out, a javascript: URL, template injection (1337 if a
# template ever evaluates it) and a spreadsheet formula.
SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
SSTI = "{{7*191}}"
EVALUATED = "1337"
FORMULA = '=HYPERLINK("http://evil.example","x")'
PAYLOAD = f"{SCRIPT}{ATTR}{SSTI}"

# What a respondent or a manager may type; some of it ends up in a spreadsheet cell.
ANSWER = f"{FORMULA} {PAYLOAD}"
SQL = ["' OR '1'='1", "1; DROP TABLE responses--", "%' --", '1" OR "1"="1', "1 UNION SELECT 1"]
AUGUST = datetime(2026, 8, 10, 3, 0, tzinfo=UTC)


def _t(text: str) -> dict:
    return {"vi": text, "en": f"EN {text}"}


def _options(*codes: str) -> list[dict]:
    return [{"code": code, "label": _t(f"{code} {PAYLOAD}")} for code in codes]


DEFINITION = {
    "languages": ["vi", "en"],
    "title": _t(f"Khảo sát {PAYLOAD}"),
    "description": _t(f"Xem {JS_URL} {PAYLOAD}"),
    "pages": [
        {
            "code": "p1",
            "title": _t(f"Trang {ATTR}"),
            "questions": [
                {"code": "consent", "type": "consent", "text": _t(f"Đồng ý {PAYLOAD}")},
                {"code": "commune", "type": "commune", "text": _t(f"Xã {PAYLOAD}")},
                {"code": "channel", "type": "single_choice", "other": True, "required": True,
                 "text": _t(f"Kênh {PAYLOAD}"), "options": _options("loa", "zalo")},
                {"code": "topics", "type": "multiple_choice", "text": _t(f"Chủ đề {PAYLOAD}"),
                 "options": _options("ai", "dvc")},
            ],
        },
        {
            "code": "p2",
            "title": _t(f"Ý kiến {PAYLOAD}"),
            "questions": [
                {"code": "note", "type": "short_text", "text": _t(f"Ghi chú {PAYLOAD}")},
                {"code": "idea", "type": "long_text", "text": _t(f"Góp ý {PAYLOAD}")},
            ],
        },
    ],
}  # fmt: skip


def make_hostile_survey(slug: str, *, audience: str = "citizen", owner_unit=None):
    """A published survey whose every text carries the payloads."""
    from app.surveys.services import create_survey, edit_draft, publish_survey

    survey = create_survey(slug=slug, audience=audience, title=DEFINITION["title"]["vi"],
                           languages=["vi", "en"], is_anonymous=True,
                           owner_unit=owner_unit)  # fmt: skip
    edit_draft(survey, {**DEFINITION})
    publish_survey(survey, actor=None)
    return survey


def answer(survey, link, *, note: str = ANSWER, submitted_at=AUGUST):
    """A complete response through the services, its texts hostile."""
    from freezegun import freeze_time

    from app.responses.answers import OTHER, PageAnswers
    from app.responses.services import save_page, start_response, submit_response

    response = start_response(survey, link=link)
    questions = [q for p in DEFINITION["pages"] for q in p["questions"]]
    values = {"consent": True, "commune": "21211", "channel": OTHER, "topics": ["ai"],
              "note": note, "idea": f"{PAYLOAD}\n-2+3\n@SUM(A1)"}  # fmt: skip
    save_page(response, questions, PageAnswers(values=values, other={"channel": FORMULA}))
    with freeze_time(submitted_at):
        submit_response(response)
    return response


@pytest.fixture
def hostile(db, seeded):
    """Everything a page, export or PDF could show, written with the payloads: a unit, people,
    a published citizen survey with a labelled link and two responses, and a staff survey."""
    from app.responses.links import create_link
    from app.units.queries import get_unit_by_code

    unit = make_unit(code="XSS_UNIT", name=f"Phòng {PAYLOAD}", short_name=f"P {ATTR}",
                     has_comm_duty=True)  # fmt: skip
    admin = make_user("admin", full_name=f"Quản trị {PAYLOAD}")
    manager = make_user("manager", full_name=f"Quản lý {PAYLOAD}", unit=unit)
    staff = make_user("staff", full_name=f"Cán bộ {PAYLOAD}", unit=unit)
    survey = make_hostile_survey("khao-sat-doc-hai", owner_unit=unit)
    link = create_link(survey, label=f"Áp phích {PAYLOAD}", commune=get_unit_by_code("21211"))
    responses = [answer(survey, link), answer(survey, link, note=f"+{PAYLOAD}")]
    staff_survey = make_hostile_survey("can-bo-doc-hai", audience="staff")
    db.session.commit()
    return SimpleNamespace(unit=unit, admin=admin, manager=manager, staff=staff, survey=survey,
                           link=link, responses=responses, staff_survey=staff_survey)  # fmt: skip


# --- proving that nothing was stored ------------------------------------------------------------

# Written by reading pages and downloading files, by design: the audit log of exports and
# downloads, the request log, and the visit counters of links.
LOGS = {"audit_log"}


def row_counts(skip=LOGS) -> dict[str, int]:
    """The number of rows of every table (one statement), except ``skip``."""
    tables = [t for t in _db.metadata.sorted_tables if t.name not in skip]
    counts = [sa.select(sa.func.count()).select_from(t).scalar_subquery() for t in tables]
    values = _db.session.execute(sa.select(*counts)).one()
    _db.session.rollback()
    return dict(zip([t.name for t in tables], values, strict=True))


@contextmanager
def nothing_stored(skip=LOGS):
    """Fail if any table (but ``skip``) gains or loses rows inside the block."""
    before = row_counts(skip)
    yield
    after = row_counts(skip)
    changed = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
    assert changed == {}, f"rows changed: {changed}"


# --- CSRF as in production --------------------------------------------------------------------

# The hidden token input, whichever order its attributes come in.
TOKEN = re.compile(
    r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"'
    r'|<input[^>]*value="([^"]+)"[^>]*name="csrf_token"'
)


@pytest.fixture
def csrf(app, monkeypatch):
    """CSRF protection on, as in production (the test configuration turns it off)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on ``url``, as a browser holding that page would send it."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    found = TOKEN.search(page.get_data(as_text=True))
    return found.group(1) or found.group(2)


def sign_in(client, user) -> None:
    """Sign in through the login form, with its token (works with CSRF on or off)."""
    found = TOKEN.search(client.get("/login").get_data(as_text=True))
    data = {"email": user.email, "password": "correct-horse-battery"}
    if found:
        data["csrf_token"] = found.group(1) or found.group(2)
    assert client.post("/login", data=data).status_code == 303


# --- reading pages as a browser would --------------------------------------------------------

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


def unsafe_markup(body: bytes) -> list[str]:
    """Markup a payload could have injected: a script that is not the app's own file, an
    event-handler attribute, a javascript: URL, the payload's <img>, an evaluated template."""
    tree = html5lib.parse(body, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "script" and (element.text or "").strip():
            found.append(f"inline script: {element.text[:60]!r}")
        if tag == "script" and not element.get("src", "").startswith("/static/"):
            found.append(f"script src={element.get('src')!r}")
        if tag == "img" and element.get("src") == "x":
            found.append("the payload's <img>")
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in URL_ATTRS and squeezed.startswith(("javascript:", "vbscript:", "data:text")):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def page_text(body: bytes) -> str:
    """The text a reader sees (entities decoded), attributes included."""
    tree = html5lib.parse(body, treebuilder="etree", namespaceHTMLElements=False)
    parts = []
    for element in tree.iter():
        parts.append(element.text or "")
        parts.append(element.tail or "")
        parts.extend(str(v) for v in element.attrib.values())
    return " ".join(parts)
