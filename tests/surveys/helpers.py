"""Small builders shared by the survey tests: raw definitions as a person or a file writes them."""

import re
from contextlib import contextmanager
from html import unescape

import sqlalchemy as sa

from app.audit.models import AuditEntry
from tests.factories import PASSWORD

# One valid question of every type: (raw extras, canonical extras beyond code/type/text/required).
SCALE = [{"code": str(n), "label": f"Mức {n}"} for n in range(1, 6)]
CANON_SCALE = [{"code": str(n), "label": {"vi": f"Mức {n}"}} for n in range(1, 6)]
CHOICES = [{"code": "zalo", "label": "Zalo của xã"}, {"code": "tv", "label": "Truyền hình"}]
CANON_CHOICES = [
    {"code": "zalo", "label": {"vi": "Zalo của xã"}},
    {"code": "tv", "label": {"vi": "Truyền hình"}},
]
YES_NO = [{"code": "yes", "label": "Có"}, {"code": "no", "label": "Không"}]
CANON_YES_NO = [{"code": "yes", "label": {"vi": "Có"}}, {"code": "no", "label": {"vi": "Không"}}]
EXAMPLES = {
    "single_choice": ({"options": CHOICES}, {"options": CANON_CHOICES}),
    "multiple_choice": ({"options": CHOICES}, {"options": CANON_CHOICES}),
    "yes_no": ({"options": YES_NO}, {"options": CANON_YES_NO}),
    "likert5": ({"options": SCALE}, {"options": CANON_SCALE}),
    "rating10": ({}, {}),
    "likert_matrix": (
        {"options": SCALE, "items": [{"code": "speed", "label": "Nhanh"}]},
        {"options": CANON_SCALE, "items": [{"code": "speed", "label": {"vi": "Nhanh"}}]},
    ),
    "integer": ({}, {}),
    "decimal": ({}, {}),
    "short_text": ({}, {"max_length": 200}),
    "long_text": ({}, {"max_length": 2000}),
    "date": ({}, {}),
    "commune": ({}, {}),
    "note": ({}, {}),
    "consent": ({}, {"required": True}),
}


def question(code: str, kind: str = "short_text", **extra) -> dict:
    """A raw question with a Vietnamese text; options etc. come from ``extra``."""
    return {"code": code, "type": kind, "text": f"Câu hỏi {code}", **extra}


def example(kind: str, code: str | None = None) -> dict:
    """A raw valid question of ``kind``."""
    return question(code or f"q_{kind}", kind, **EXAMPLES[kind][0])


def definition(*pages: list[dict], **top) -> dict:
    """A raw definition with one page per list of questions (codes p1, p2, …)."""
    return {
        "title": top.pop("title", "Khảo sát thử"),
        "pages": [
            {"code": f"p{n}", "title": f"Trang {n}", "questions": list(questions)}
            for n, questions in enumerate(pages, start=1)
        ],
        **top,
    }


def audit_actions(db, target_id=None) -> list[str]:
    """The audit log's actions, oldest first (only those about survey ``target_id`` if given)."""
    query = sa.select(AuditEntry).order_by(AuditEntry.id)
    if target_id is not None:
        query = query.where(
            AuditEntry.target_type == "surveys", AuditEntry.target_id == str(target_id)
        )
    return [entry.action for entry in db.session.scalars(query)]


# --- the browser side: CSRF tokens as a page carries them ---------------------------------------

TOKEN_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')


def token(html: str) -> str:
    """The CSRF token of the page's first form, as a browser would send it."""
    return re.search(r'value="([^"]+)"', TOKEN_INPUT.search(html).group(0)).group(1)


@contextmanager
def csrf_enabled(app):
    """CSRF protection on, as in production (the test configuration turns it off)."""
    saved = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = saved


def sign_in(client, user) -> None:
    """Sign in through the login form, token included."""
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token(page)})  # fmt: skip
    assert response.status_code == 303


def submit(client, url: str, data: dict, *, page: str | None = None, **kw):
    """GET the page holding the form (``url`` unless given), then POST it with its token."""
    shown = client.get(page or url)
    assert shown.status_code == 200, (page or url, shown.status_code)
    return client.post(url, data={**data, "csrf_token": token(shown.get_data(as_text=True))}, **kw)


# --- surveys made through the services ----------------------------------------------------------

RAW = definition(
    [question("channel", "single_choice", options=CHOICES, required=True)],
    [question("why", "long_text", show_if={"question": "channel", "any_of": ["zalo"]})],
    languages=["vi", "en"],
)


def new_survey(actor, slug: str = "can-bo-2026", raw: dict = RAW):
    """A draft staff survey holding ``raw`` as its draft (flushed, not committed)."""
    from app.surveys.services import create_survey, edit_draft

    survey = create_survey(slug=slug, audience="staff", title="Khảo sát cán bộ",
                           languages=["en"], is_anonymous=True, actor=actor)  # fmt: skip
    edit_draft(survey, raw)
    return survey


def reloaded(db, survey):
    """The survey as committed: commit, forget what the session holds, read it again."""
    db.session.commit()
    db.session.expire_all()
    return db.session.get(type(survey), survey.id)


def settings(survey, actor, **changes) -> None:
    """update_settings with the survey's present values, except ``changes``."""
    from app.surveys.services import update_settings

    draft = survey.draft
    values = {
        "title": draft["title"]["vi"], "description": draft.get("description", {}).get("vi", ""),
        "languages": draft["languages"], "is_anonymous": survey.is_anonymous,
        "opens_at": survey.opens_at, "closes_at": survey.closes_at, "owner_unit": None,
    }  # fmt: skip
    update_settings(survey, actor=actor, **{**values, **changes})


def form_values(html: str) -> dict[str, str]:
    """What a browser sends for the page's text inputs and textareas, as they are filled."""
    values = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and "type=" not in tag:
            values[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[unescape(name)] = unescape(text.removeprefix("\r\n").removeprefix("\n"))
    return values
