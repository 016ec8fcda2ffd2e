"""Hostile request headers (Host, Accept-Language, cookies, ranges, Origin): a page or a 400 in
Vietnamese, never a 500. Requests go straight to the WSGI app, because the test client itself
decodes the Host header and would fail before the app is reached."""

from werkzeug.test import EnvironBuilder

from tests.security.conftest import nothing_stored, sign_in

BAD_REQUEST = "Yêu cầu không hợp lệ"
# Hosts werkzeug refuses (a DNS label over 63 characters) or cannot decode (broken punycode).
BAD_HOSTS = ["a" * 64, f"{'b' * 70}.example", "xn--zz", "xn--zz:8080", "a.xn--", "xn--a.xn--b",
             f"xn--{'c' * 70}"]  # fmt: skip
PATHS = ["/login", "/healthz", "/static/css/app.css", "/manage/", "/manage/surveys/", "/me",
         "/s/no-such-token", "/no-such-page", "/api/v1/", "/xoa-phieu-tra-loi"]  # fmt: skip


def call(app, path: str, headers: dict, method: str = "GET", cookie: str | None = None):
    """(status code, body) of one request made without the test client."""
    if cookie:
        headers = {**headers, "Cookie": f"nq57={cookie}"}
    environ = EnvironBuilder(path=path, method=method, headers=headers).get_environ()
    status = []
    answer = app.wsgi_app(environ, lambda s, _h, _e=None: status.append(s))
    try:
        body = b"".join(answer)
    finally:
        answer.close()
    return int(status[0].split()[0]), body.decode()


def test_hosts_that_cannot_be_read_are_a_400(app, db, hostile):
    client = app.test_client()
    sign_in(client, hostile.manager)
    cookie = client.get_cookie("nq57").value
    odd = []
    with nothing_stored():
        for host in BAD_HOSTS:
            for path in PATHS:
                for method, who in (("GET", None), ("GET", cookie), ("POST", cookie)):
                    status, body = call(app, path, {"Host": host}, method, who)
                    if status != 400 or (BAD_REQUEST not in body and '"status":400' not in body):
                        odd.append((host[:12], path, method, bool(who), status))
    assert odd == []


def test_other_hostile_headers_get_a_page(app, db, hostile):
    client = app.test_client()
    sign_in(client, hostile.manager)
    cookie = client.get_cookie("nq57").value
    headers = [
        {"Accept-Language": "';--"}, {"Accept-Language": "x" * 8000},
        {"Accept-Language": "*;q=abc, vi;q=-1, en;q=1e999"}, {"Host": "localhost:99999"},
        {"Host": "[::1"}, {"Host": "evil.example"}, {"Cookie": "nq57=" + "%" * 100},
        {"Cookie": "=;=;;nq57"}, {"Range": "bytes=999999-"}, {"Range": "bytes=abc"},
        {"If-Modified-Since": "garbage"}, {"If-None-Match": '"' * 100},
        {"X-Forwarded-For": "' OR 1=1"}, {"X-Forwarded-Host": "evil.example"},
        {"Origin": "http://[::1"}, {"Referer": "javascript:alert(1)"},
    ]  # fmt: skip
    odd = []
    with nothing_stored():
        for header in headers:
            for path in PATHS:
                for who in (None, cookie):
                    status, _body = call(app, path, header, "GET", who)
                    if status >= 500:
                        odd.append((header, path, status))
    assert odd == []


def test_a_forwarded_host_is_not_trusted_for_links(app, db, hostile):
    """Without PROXY_COUNT, X-Forwarded-Host is ignored: links stay on the real host."""
    client = app.test_client()
    sign_in(client, hostile.manager)
    page = client.get(f"/manage/surveys/{hostile.survey.id}/links",
                      headers={"X-Forwarded-Host": "evil.example"})  # fmt: skip
    html = page.get_data(as_text=True)
    assert f"http://localhost/s/{hostile.link.token}" in html
    assert "evil.example" not in html
