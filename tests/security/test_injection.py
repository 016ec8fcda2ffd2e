"""SQL injection strings, malformed UTF-8 and control characters in every query argument of the
listing and search pages and in the forms people type into: a page or a clear message, never a
500; the tables intact; nothing stored, or the text stored exactly as typed."""

import itertools
import json

import sqlalchemy as sa

from app.auth.models import User
from app.responses.models import Answer, Response
from app.surveys.models import Survey
from tests.security.conftest import SQL, nothing_stored, row_counts, sign_in

# Page -> the query arguments it reads.
LISTINGS = {
    "/admin/users": ("q", "role", "unit", "active", "page"),
    "/admin/units": ("q", "group", "page"),
    "/admin/audit": ("action", "page"),
    "/manage/surveys/": ("status", "audience", "page"),
    "/manage/surveys/{s}/responses": ("status", "mode", "stream", "link", "commune", "excluded",
                                      "flagged", "version", "unit", "from", "to", "page"),
    "/manage/surveys/{s}/activity": ("days",),
    "/manage/surveys/{s}/preview": ("lang", "page"),
    "/manage/surveys/{s}/paper": ("version", "language", "copies", "prefix", "start"),
    "/manage/surveys/{s}/entry": ("serial", "hai_lan"),
    "/manage/surveys/{s}/backchecks": ("trang_thai", "page"),
    "/manage/registers/tasks/": ("q", "year", "status", "page"),
    "/manage/registers/trainings/export.csv": ("q", "unit", "topic"),
    "/manage/indicators/": ("period", "unit", "commune", "former_province"),
    "/manage/indicators/export.json": ("period", "snapshot"),
    "/manage/reports/survey": ("survey", "period", "commune", "unit", "link", "version",
                               "stream", "with_text"),
    "/manage/bank/": ("instrument",),
    "/api/v1/indicators": ("period",),
    "/login": ("next",),
    "/s/{t}": ("lang",),
}  # fmt: skip
# Percent-encoded and raw bytes that are not UTF-8, NUL and other controls, a huge number.
MALFORMED = ["%C0%AF%FF%FE", "%ED%A0%80", "%00%1B%5B2J", "9" * 40]


def listing_urls(hostile) -> list[tuple[str, str]]:
    return [(path.format(s=hostile.survey.id, t=hostile.link.token), name)
            for path, names in LISTINGS.items() for name in names]  # fmt: skip


def get_all(client, requests: list[tuple[str, dict]]) -> dict[str, int]:
    """Send every request; the ones answered 5xx or other than 200/30x/400/404, by URL."""
    odd = {}
    for url, args in requests:
        with client.get(url, query_string=args or None) as response:
            response.get_data()
            if response.status_code not in {200, 302, 303, 400, 404}:
                odd[f"{url} {args}"] = response.status_code
    return odd


def test_sql_in_every_listing_argument_is_just_text(client, db, hostile):
    sign_in(client, hostile.admin)
    requests = [(url, {name: value}) for url, name in listing_urls(hostile) for value in SQL[:3]]
    with nothing_stored():
        assert get_all(client, requests) == {}
    assert len(requests) > 150


def test_every_argument_at_once_with_sql_and_malformed_bytes(client, db, hostile):
    sign_in(client, hostile.admin)
    requests = []
    for path, names in LISTINGS.items():
        url = path.format(s=hostile.survey.id, t=hostile.link.token)
        for value in SQL[3:] + MALFORMED:
            query = "&".join(f"{name}={value.replace(' ', '+')}" for name in names)
            requests.append((f"{url}?{query}", {}))
    with nothing_stored():
        assert get_all(client, requests) == {}


def test_a_search_with_a_tautology_finds_nothing(client, db, hostile):
    sign_in(client, hostile.admin)
    for value in SQL[:3]:
        html = client.get("/admin/users", query_string={"q": value}).get_data(as_text=True)
        assert hostile.staff.email not in html, value
        html = client.get("/admin/units", query_string={"q": value}).get_data(as_text=True)
        assert "XSS_UNIT" not in html, value


def test_sql_in_the_login_form_signs_nobody_in(app, db, hostile):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    client = app.test_client()
    try:
        for value in SQL[:3]:
            for data in ({"email": value, "password": value},
                         {"email": hostile.admin.email, "password": value},
                         {"email": f"{hostile.admin.email}' --", "password": "x"}):  # fmt: skip
                response = client.post("/login", data=data)
                assert response.status_code == 200, data
                html = response.get_data(as_text=True)
                assert "không đúng" in html or "không hợp lệ" in html, data
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "10 per minute;50 per hour"
    assert client.get("/me").status_code == 302


def test_sql_in_a_receipt_code_is_a_clear_message(app, db, hostile):
    with nothing_stored():
        for value in SQL:
            response = app.test_client().post("/xoa-phieu-tra-loi", data={"receipt_code": value})
            assert response.status_code == 200
            assert "Nhập mã biên nhận gồm 8 ký tự" in response.get_data(as_text=True), value


def test_sql_typed_as_answers_is_stored_as_typed(app, db, hostile):
    client = app.test_client()
    start = f"/s/{hostile.link.token}"
    first = client.post(start, data={"q_consent": "yes", "q_commune": "21211",
                                     "q_channel": "__other__",
                                     "q_channel_other": SQL[0]})  # fmt: skip
    assert first.status_code == 303
    done = client.post(first.headers["Location"], data={"q_note": SQL[1], "q_idea": SQL[2]})
    assert done.status_code == 303
    texts = db.session.scalars(
        sa.select(Answer.text).join(Response).where(Response.id > hostile.responses[-1].id)
    ).all()
    assert sorted(t for t in texts if t) == sorted(SQL[:3])
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 3  # the table is there


def test_sql_in_choices_and_codes_is_refused_and_stores_nothing(app, db, hostile):
    client = app.test_client()
    with nothing_stored():
        for value in SQL:
            response = client.post(f"/s/{hostile.link.token}", data={
                "q_consent": "yes", "q_commune": value, "q_channel": value,
                "q_topics": [value, "ai"]})  # fmt: skip
            html = response.get_data(as_text=True)
            assert response.status_code == 200
            assert "Chọn xã, phường trong danh sách" in html, value
            assert "Chọn một trong các phương án có sẵn" in html, value


def test_sql_in_a_managers_forms_is_refused_or_kept_as_text(client, db, hostile):
    sign_in(client, hostile.admin)
    with nothing_stored():
        bad_slug = client.post("/manage/surveys/new", data={
            "slug": SQL[0], "title": SQL[1], "audience": "citizen", "languages": "vi",
            "owner_unit_id": SQL[1]})  # fmt: skip
        bad_user = client.post("/admin/users/new", data={
            "email": SQL[0], "full_name": SQL[1], "role": SQL[2], "unit_id": SQL[1]})  # fmt: skip
    assert bad_slug.status_code == 200
    assert bad_user.status_code == 200
    created = client.post("/manage/surveys/new", data={
        "slug": "sql-title", "title": SQL[1], "audience": "citizen", "languages": "vi",
        "owner_unit_id": "0"})  # fmt: skip
    assert created.status_code == 303
    survey = db.session.scalar(sa.select(Survey).where(Survey.slug == "sql-title"))
    assert survey.draft["title"]["vi"] == SQL[1]
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 3


# --- bytes that are not text ---------------------------------------------------------------


def raw_post(client, url: str, body: bytes):
    return client.post(url, data=body, content_type="application/x-www-form-urlencoded")


def test_raw_bytes_that_are_not_utf8_are_a_400_and_store_nothing(app, db, hostile, csrf):
    """A body that is not UTF-8 would be read as an empty form (werkzeug) and answered as an
    expired page: it is refused as a bad request instead, and nothing is stored."""
    from tests.security.conftest import csrf_token

    client = app.test_client()
    start = f"/s/{hostile.link.token}"
    token = csrf_token(client, start)
    bodies = [
        b"q_consent=yes&q_commune=21211&q_channel=loa&q_note=a\xff\xfeb",
        b"q_consent=\xc0\xaf&csrf_token=" + token.encode(),
        b"csrf_token=" + token.encode() + b"&q_consent=yes&q_channel=\xed\xa0\x80",
    ]
    with nothing_stored():
        for body in bodies:
            response = raw_post(client, start, body)
            assert response.status_code == 400
            assert "Trang không xử lý được yêu cầu này" in response.get_data(as_text=True)
        login = raw_post(app.test_client(), "/login", b"email=\xff@x.vn&password=\xfe")
        deletion = raw_post(app.test_client(), "/xoa-phieu-tra-loi", b"receipt_code=\xff\xfe")
    assert login.status_code == 400
    assert deletion.status_code == 400


def test_percent_encoded_bytes_that_are_not_utf8_are_kept_as_typed(app, db, hostile):
    """Werkzeug keeps undecodable %XX sequences as they were sent: the answer is text."""
    client = app.test_client()
    first = client.post(f"/s/{hostile.link.token}", data={"q_consent": "yes",
                        "q_commune": "21211", "q_channel": "loa"})  # fmt: skip
    body = b"q_note=a%FF%FEb&q_idea=%C0%AF"
    assert raw_post(client, first.headers["Location"], body).status_code == 303
    texts = db.session.scalars(sa.select(Answer.text).where(Answer.question_code.in_(
        ["note", "idea"]), Answer.response_id > hostile.responses[-1].id)).all()  # fmt: skip
    assert sorted(texts) == ["%C0%AF", "a%FF%FEb"]


def test_control_characters_in_answers_are_a_field_error(app, db, hostile):
    client = app.test_client()
    first = client.post(f"/s/{hostile.link.token}", data={"q_consent": "yes",
                        "q_commune": "21211", "q_channel": "loa"})  # fmt: skip
    with nothing_stored():
        for char in ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f"]:
            response = client.post(first.headers["Location"],
                                   data={"q_note": f"a{char}b", "q_idea": f"b{char}c"})  # fmt: skip
            assert response.status_code == 200
            html = response.get_data(as_text=True)
            assert html.count("Câu trả lời có ký tự không hợp lệ") == 4, repr(char)  # 2 x 2
    draft = db.session.scalars(sa.select(Response).order_by(Response.id.desc())).first()
    assert draft.status == "draft"


# The survey builder's forms, each with one field holding the control character.
BUILDER_FORMS = [
    ("/manage/surveys/new", {"slug": "moi", "title": "Khảo sát{c}", "audience": "citizen"}),
    ("/manage/surveys/{s}/settings", {"title": "Khảo sát", "description": "Giới thiệu{c}"}),
    ("/manage/surveys/{s}/pages/new", {"code": "p9", "title": "Trang{c}"}),
    ("/manage/surveys/{s}/pages/p1/questions/new", {"code": "q9", "type": "short_text",
                                                    "text": "Câu{c}"}),
    ("/manage/surveys/{s}/pages/p1/questions/new", {"code": "q9", "type": "short_text",
                                                    "text": "Câu", "help": "Gợi ý{c}"}),
    ("/manage/surveys/{s}/pages/p1/questions/new", {"code": "q9", "type": "single_choice",
                                                    "text": "Câu", "options": "a | A{c}\nb | B"}),
    ("/manage/surveys/{s}/pages/p1/questions/new", {"code": "q9", "type": "likert_matrix",
                                                    "text": "Câu", "items": "a | Nhận định{c}"}),
    ("/manage/surveys/{s}/translations/en", {"title": "Survey{c}"}),
]  # fmt: skip


def test_control_characters_in_the_survey_builder_are_a_field_error(client, db, hostile):
    sign_in(client, hostile.admin)
    survey = hostile.survey
    draft = json.dumps(survey.draft, sort_keys=True)
    with nothing_stored():
        for (url, fields), char in itertools.product(BUILDER_FORMS, ["\x00", "\x1b", "\x9f"]):
            data = {"owner_unit_id": "0", "show_if_question": "", "languages": "en"}
            data.update({k: v.format(c=char) for k, v in fields.items()})
            response = client.post(url.format(s=survey.id), data=data)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            assert "ký tự không hợp lệ" in html or "không có ký tự điều khiển" in html, url
    db.session.expire_all()
    assert json.dumps(survey.draft, sort_keys=True) == draft


def test_control_characters_in_other_managers_forms_are_a_field_error(client, db, hostile):
    sign_in(client, hostile.admin)
    char = "\x00"
    with nothing_stored():
        responses = [
            client.post(f"/admin/units/{hostile.unit.id}/edit", data={
                "name": f"Phòng{char}", "short_name": "P"}),
            client.post("/manage/registers/tasks/new", data={
                "code": "NV1", "title": f"Nhiệm vụ{char}", "level": "province", "year": "2025",
                "unit": str(hostile.unit.id), "status": "ongoing"}),
            client.post(f"/manage/surveys/{hostile.survey.id}/links", data={
                "one-label": f"Áp phích{char}", "one-submit": "1"}),
        ]  # fmt: skip
    for response in responses:
        assert response.status_code in {200, 400}, response.request.path
        assert "Nội dung có ký tự không hợp lệ" in response.get_data(as_text=True), (
            response.request.path
        )


def test_decomposed_vietnamese_is_stored_composed(app, db, hostile):
    """NFD input (macOS keyboards, some PDFs pasted) is normalised to NFC before it is kept."""
    client = app.test_client()
    first = client.post(f"/s/{hostile.link.token}", data={"q_consent": "yes",
                        "q_commune": "21211", "q_channel": "loa"})  # fmt: skip
    decomposed = "Nghe\u0302\u0300 no\u0302ng"  # "Nghề nông" in NFD
    assert client.post(first.headers["Location"], data={"q_note": decomposed}).status_code == 303
    stored = db.session.scalars(sa.select(Answer.text).where(Answer.question_code == "note")
                                .order_by(Answer.id.desc())).first()  # fmt: skip
    assert stored == "Nghề nông"


def post_forms(html: bytes) -> list[tuple[str | None, set[str]]]:
    """(action, field names) of each POST form of a page."""
    import html5lib

    tree = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    forms = []
    for form in tree.iter("form"):
        if (form.get("method") or "get").lower() == "post":
            names = {e.get("name") for e in form.iter() if e.get("name")}
            forms.append((form.get("action"), names - {"csrf_token"}))
    return forms


# Pages whose forms post elsewhere (to POST-only routes); the others post to themselves.
FORM_PAGES = ("/manage/surveys/<int:survey_id>", "/manage/surveys/<int:survey_id>/responses",
              "/manage/surveys/<int:survey_id>/backchecks", "/manage/indicators/",
              "/manage/bank/", "/reports/units/", "/reports/sections/<int:period_id>",
              "/manage/sampling/<int:design_id>", "/manage/registers/tasks/1")  # fmt: skip


def test_sql_in_every_field_of_every_managers_form_breaks_nothing(app, client, db, hostile):
    """Every POST form on the pages an administrator can open, each field holding SQL: a page
    or a redirect, the responses and accounts untouched, every table still there."""
    from tests.factories import make_task
    from tests.test_permissions import concrete

    make_task(hostile.unit, 2025)
    db.session.commit()
    sign_in(client, hostile.admin)
    kept = {t: n for t, n in row_counts().items() if t in {"responses", "answers", "users"}}
    rules = [r.rule for r in app.url_map.iter_rules() if {"GET", "POST"} <= r.methods]
    seen, posted = set(), 0
    for rule in [*rules, *FORM_PAGES]:
        url = concrete(rule, hostile.staff.id, hostile.unit.id, hostile.survey.id)
        url = url.replace("/999", "/1").replace("no-such-token", hostile.link.token)
        with client.get(url) as page:
            forms = post_forms(page.data) if page.mimetype == "text/html" else []
        for action, names in forms:
            target = action or url
            if target == "/logout" or (target, frozenset(names)) in seen:
                continue
            seen.add((target, frozenset(names)))
            value = SQL[len(seen) % 3]  # the three strings in turn, one post per form
            response = client.post(target.split("#")[0], data=dict.fromkeys(names, value))
            assert response.status_code in {200, 302, 303, 400, 404, 409, 422}, target
            posted += 1
    assert posted > 40
    counts = row_counts()
    assert {t: counts[t] for t in kept} == kept
