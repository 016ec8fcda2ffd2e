"""Forged, truncated, altered and reused tokens: survey links, response ids, receipt codes, form
(CSRF) tokens and session cookies. A wrong token is a 404 (or the sign-in page), a spent one a
410 page saying why; never a 500, and nothing stored."""

import secrets
from datetime import timedelta

import sqlalchemy as sa

from app.db import utcnow
from app.responses.links import create_link
from app.responses.models import DeletionRequest, Response
from tests.security.conftest import csrf_token, nothing_stored, sign_in


def altered(token: str) -> list[str]:
    """Tokens one step from a real one: truncated, extended, case-flipped, padded, encoded."""
    flipped = token.swapcase() if token.swapcase() != token else token[::-1]
    tokens = [token[:-1], token[:8], token + "A", flipped, f"{token}%20", f"%20{token}",
              f"{token}%00", f"{token}.", f"{token}/", token.replace("-", "+").replace("_", "/"),
              secrets.token_urlsafe(16), "", "null", "undefined", "0"]  # fmt: skip
    return [t for t in tokens if t != token]


def test_forged_and_altered_link_tokens_are_not_found(app, db, hostile):
    client = app.test_client()
    with nothing_stored():
        for token in altered(hostile.link.token):
            for method in ("GET", "POST"):
                response = client.open(f"/s/{token}", method=method, data={"q_consent": "yes"})
                assert response.status_code == 404, (method, token)
                assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_a_response_id_only_opens_through_its_own_link(app, db, hostile):
    """Guessing or borrowing a response id: a draft, a receipt or a saved page of another link
    (or a made-up id) does not exist."""
    other = create_link(hostile.survey, label="Khác")
    invitation = create_link(hostile.survey, kind="invitation", organisation="Công ty A")
    db.session.commit()
    respondent = app.test_client()
    first = respondent.post(f"/s/{other.token}", data={"q_consent": "yes", "q_commune": "21211",
                                                       "q_channel": "loa"})  # fmt: skip
    draft_sid = first.headers["Location"].split("/")[3]
    saved = app.test_client().post(f"/s/{invitation.token}", data={"q_consent": "yes",
                                                                   "save_later": "1"})  # fmt: skip
    saved_sid = saved.headers["Location"].split("/")[3]
    done_sid = hostile.responses[0].submission_id
    stranger = app.test_client()
    token = hostile.link.token
    guesses = [
        f"/s/{token}/{draft_sid}/p2", f"/s/{token}/{draft_sid}/thanks",
        f"/s/{token}/{saved_sid}/saved", f"/s/{other.token}/{saved_sid}/saved",
        f"/s/{other.token}/{done_sid}/thanks", f"/s/{invitation.token}/{done_sid}/thanks",
        f"/s/{token}/{secrets.token_urlsafe(16)}/thanks", f"/s/{token}/{done_sid[:-1]}/thanks",
        f"/s/{token}/{done_sid.upper()}/thanks", f"/s/{token}/{done_sid}%00/thanks",
    ]  # fmt: skip
    with nothing_stored():
        for url in guesses:
            assert stranger.get(url).status_code == 404, url
            if not url.endswith(("/thanks", "/saved")):
                assert stranger.post(url, data={"q_note": "x"}).status_code == 404, url
    assert stranger.get(f"/s/{token}/{done_sid}/thanks").status_code == 200  # its own link


SPENT = {
    "revoked": "Đường dẫn khảo sát này đã bị thu hồi",
    "expired": "Đường dẫn khảo sát này đã hết hạn",
    "budget": "Khảo sát đã nhận đủ số phiếu trả lời",
    "closed": "Khảo sát đã đóng",
    "not_open": "Khảo sát chưa mở",
}


def spend(db, hostile, problem: str, undo: bool = False) -> None:
    """Make the hostile link unusable for ``problem`` (or usable again)."""
    link, survey = hostile.link, hostile.survey
    if problem == "revoked":
        link.revoked_at = None if undo else utcnow()
    elif problem == "expired":
        link.expires_at = None if undo else utcnow() - timedelta(minutes=1)
    elif problem == "budget":
        link.budget = None if undo else 2  # both hostile responses came through it
    elif problem == "closed":
        survey.status = "open" if undo else "closed"
    else:
        survey.opens_at = None if undo else utcnow() + timedelta(days=3)
    db.session.commit()


def test_a_spent_link_is_a_410_page_saying_why(app, db, hostile):
    token = hostile.link.token
    answers = {"q_consent": "yes", "q_commune": "21211", "q_channel": "loa"}
    with nothing_stored():
        for problem, title in SPENT.items():
            spend(db, hostile, problem)
            client = app.test_client()
            for response in (client.get(f"/s/{token}"), client.post(f"/s/{token}", data=answers)):
                assert response.status_code == 410, problem
                assert f'<h1 class="heading-l">{title}</h1>' in response.get_data(as_text=True)
            spend(db, hostile, problem, undo=True)
    assert app.test_client().get(f"/s/{token}").status_code == 200


def test_a_spent_invitation_shows_its_receipt_and_takes_no_second_response(app, db, hostile):
    invitation = create_link(hostile.survey, kind="invitation", organisation="Công ty B")
    db.session.commit()
    first = app.test_client()
    page = first.post(f"/s/{invitation.token}", data={"q_consent": "yes", "q_commune": "21211",
                                                      "q_channel": "loa"})  # fmt: skip
    assert first.post(page.headers["Location"], data={}).status_code == 303
    again = app.test_client()
    with nothing_stored():
        shown = again.get(f"/s/{invitation.token}")
        posted = again.post(f"/s/{invitation.token}", data={"q_consent": "yes"})
    assert shown.status_code in {302, 303}
    assert shown.headers["Location"].endswith("/thanks")
    assert posted.status_code in {302, 303}
    assert db.session.scalar(sa.select(sa.func.count(Response.id))
                             .where(Response.invitation_link_id == invitation.id)) == 1  # fmt: skip


def test_receipt_codes_forged_truncated_and_reused(app, client, db, hostile):
    code = hostile.responses[0].receipt_code
    anonymous = app.test_client()
    with nothing_stored():
        for bad in (code[:-1], code[:4], code + "Z", "0000-0000", "IIII-OOOO", "%", "' OR 1=1"):
            html = anonymous.post("/xoa-phieu-tra-loi", data={"receipt_code": bad}).get_data(
                as_text=True
            )
            assert "Nhập mã biên nhận gồm 8 ký tự" in html, bad
    for attempt in (code, code.lower().replace("-", " ")):  # the same code, twice
        assert anonymous.post("/xoa-phieu-tra-loi",
                              data={"receipt_code": attempt}).status_code == 303  # fmt: skip
    requests = db.session.scalars(sa.select(DeletionRequest).order_by(DeletionRequest.id)).all()
    assert [r.receipt_code for r in requests] == [code, code]
    sign_in(client, hostile.admin)
    handled = [client.post(f"/admin/deletions/{r.id}", data={}) for r in requests]
    again = client.post(f"/admin/deletions/{requests[0].id}", data={})
    assert [r.status_code for r in handled] == [303, 303]
    assert again.status_code == 303
    assert "Yêu cầu này đã được xử lý." in client.get(again.headers["Location"]).get_data(
        as_text=True
    )
    assert [r.status for r in requests] == ["done", "not_found"]
    assert client.post("/admin/deletions/999999", data={}).status_code == 404


def test_forged_truncated_and_borrowed_form_tokens_are_refused(app, db, hostile, csrf):
    manager = app.test_client()
    sign_in(manager, hostile.manager)
    url = f"/manage/surveys/{hostile.survey.id}/settings"
    token = csrf_token(manager, url)
    other = app.test_client()
    sign_in(other, hostile.admin)
    borrowed = csrf_token(other, "/me")
    data = {"title": "Đổi tên", "owner_unit_id": "0"}
    with nothing_stored():
        for bad in (None, "", "x", token[:-1], token[:20], token + "x", borrowed,
                    token.replace(".", "-", 1), secrets.token_urlsafe(40)):  # fmt: skip
            sent = data if bad is None else {**data, "csrf_token": bad}
            response = manager.post(url, data=sent)
            assert response.status_code == 400, bad
            assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    db.session.refresh(hostile.survey)
    assert hostile.survey.draft["title"]["vi"] != "Đổi tên"
    assert manager.post(url, data={**data, "csrf_token": token}).status_code == 303


def test_a_public_form_with_a_foreign_token_is_shown_again_and_stores_nothing(app, db, hostile,
                                                                              csrf):  # fmt: skip
    start = f"/s/{hostile.link.token}"
    someone = app.test_client()
    theirs = csrf_token(someone, start)
    client = app.test_client()
    mine = csrf_token(client, start)
    answers = {"q_consent": "yes", "q_commune": "21211", "q_channel": "loa"}
    with nothing_stored():
        for bad in (theirs, mine[:-2], "forged", ""):
            response = client.post(start, data={**answers, "csrf_token": bad})
            html = response.get_data(as_text=True)
            assert response.status_code == 200, bad
            assert "Trang đã mở khá lâu" in html
            assert 'value="loa" checked' in html  # the answers are kept
    assert client.post(start, data={**answers, "csrf_token": mine}).status_code == 303


def test_forged_session_cookies_sign_nobody_in(app, db):
    from tests.factories import make_user

    admin = make_user("admin")
    db.session.commit()
    signed_in = app.test_client()
    sign_in(signed_in, admin)
    real = signed_in.get_cookie("nq57").value
    forged = ["", "x", ".eJw", "eyJfdXNlcl9pZCI6IjEifQ.forged.sig", "a" * 4000, "%FF%FE", "\u00ff"]
    for value in [*forged, real[:-3], real[: len(real) // 2], real.replace(".", ".x", 1)]:
        client = app.test_client()
        client.set_cookie("nq57", value)
        response = client.get("/admin/users")
        assert response.status_code == 302, value[:40]
        assert response.headers["Location"].startswith("/login")
