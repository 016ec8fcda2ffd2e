"""Every POST the public and the staff can make, with the CSRF token missing or wrong, as in
production: refused with a page that says what to do (the public form is shown again with its
answers), and nothing stored. Routes are read from the app, so a new POST route is covered."""

import json

from tests.security.conftest import csrf_token, nothing_stored, sign_in
from tests.test_permissions import concrete

EXPIRED = "Phiên làm việc đã hết hạn"
# The public blueprint checks its own token, gently: the page again (or its message).
PUBLIC = {
    "/s/<token>": "Trang đã mở khá lâu",
    "/s/<token>/<sid>/<page_code>": "Trang đã mở khá lâu",
    "/xoa-phieu-tra-loi": "Trang đã mở khá lâu. Hãy gửi lại yêu cầu.",
    "/me/surveys/<int:survey_id>": "Trang đã mở khá lâu",
    "/me/surveys/<int:survey_id>/<page_code>": "Trang đã mở khá lâu",
}


def post_rules(app) -> list[str]:
    return sorted(r.rule for r in app.url_map.iter_rules() if "POST" in r.methods)


def url_for_rule(rule: str, hostile, sid: str) -> str:
    survey = hostile.staff_survey if rule.startswith("/me/") else hostile.survey
    url = concrete(rule, hostile.staff.id, hostile.unit.id, survey.id)
    return (
        url.replace("/999", "/1")
        .replace("no-such-token", hostile.link.token)
        .replace("no-such-response", sid)
        .replace("/p1", "/p2")
    )


def test_every_post_without_a_valid_token_is_refused_and_stores_nothing(app, db, hostile, csrf):
    client, staff = app.test_client(), app.test_client()
    sign_in(client, hostile.admin)
    sign_in(staff, hostile.staff)
    respondent = app.test_client()
    first = respondent.post(f"/s/{hostile.link.token}", data={
        "q_consent": "yes", "q_commune": "21211", "q_channel": "loa",
        "csrf_token": csrf_token(respondent, f"/s/{hostile.link.token}")})  # fmt: skip
    sid = first.headers["Location"].split("/")[3]
    rules = post_rules(app)
    assert len(rules) > 40
    foreign = csrf_token(app.test_client(), "/login")  # valid, but another browser's
    wrong = []
    with nothing_stored():
        for rule in rules:
            if rule in {"/interview/sync", "/logout"}:
                continue
            url = url_for_rule(rule, hostile, sid)
            who = {
                "/s/<token>": app.test_client(),
                "/s/<token>/<sid>/<page_code>": respondent,
                "/xoa-phieu-tra-loi": respondent,
            }.get(rule, staff if rule in PUBLIC else client)
            for token in (None, "forged", foreign):
                data = {"q_note": "x", "title": "x", "name": "x", "reason": "x"}
                if token is not None:
                    data["csrf_token"] = token
                response = who.post(url, data=data)
                html = response.get_data(as_text=True)
                expected = PUBLIC.get(rule, EXPIRED)
                if response.status_code not in {200, 400} or expected not in html:
                    wrong.append((url, token, response.status_code))
    assert wrong == [], "\n".join(map(str, wrong))
    assert client.get("/admin/").status_code == 200  # still signed in: /logout was not posted


def test_logout_without_a_token_keeps_the_session(app, db, hostile, csrf):
    client = app.test_client()
    sign_in(client, hostile.staff)
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post("/logout", data=data)
        assert response.status_code == 400
        assert EXPIRED in response.get_data(as_text=True)
    assert client.get("/me").status_code == 200
    token = csrf_token(client, "/me")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/me").status_code == 302


def test_the_offline_sync_takes_json_only_and_from_this_site(app, db, hostile, csrf):
    """The sync has no form token (it would expire offline): a form post or a post from another
    site is refused, because only a same-origin script can send JSON."""
    client = app.test_client()
    sign_in(client, hostile.staff)
    body = {"submission_id": "a" * 32, "user_id": str(hostile.staff.id),
            "survey_id": hostile.survey.id, "commune_id": 1, "code": "", "fields": {}}  # fmt: skip
    with nothing_stored():
        as_form = client.post("/interview/sync", data={"payload": json.dumps(body)})
        as_text = client.post("/interview/sync", data=json.dumps(body), content_type="text/plain")
        foreign = client.post("/interview/sync", data=json.dumps(body),
                              content_type="application/json",
                              headers={"Origin": "https://evil.example"})  # fmt: skip
    assert as_form.status_code == 415
    assert as_text.status_code == 415
    assert foreign.status_code == 400


def test_a_post_from_another_site_is_refused_even_with_a_token(app, db, hostile, csrf):
    client = app.test_client()
    sign_in(client, hostile.admin)
    url = f"/manage/surveys/{hostile.survey.id}/settings"
    token = csrf_token(client, url)
    with nothing_stored():
        for origin in (
            "https://evil.example",
            "http://localhost.evil.example",
            "null",
            "http://localhost:8080",
            "http://[",
            "http://evil.example/localhost",
        ):
            response = client.post(url, data={"title": "x", "owner_unit_id": "0",
                                              "csrf_token": token},
                                   headers={"Origin": origin})  # fmt: skip
            assert response.status_code == 400, origin
    db.session.refresh(hostile.survey)
    assert hostile.survey.draft["title"]["vi"] != "x"
