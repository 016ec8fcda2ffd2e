"""Oversized bodies, fields and files, and path traversal in file names and in every route that
takes a name: a clear page (413, 404 or the form with its message), never a 500, never a file
read or written outside the app, and nothing stored."""

import io
import os
import tempfile
import uuid
from pathlib import Path

import sqlalchemy as sa

from app.responses.models import Answer
from tests.security.conftest import nothing_stored, sign_in

TOO_LARGE = "Dữ liệu gửi lên quá lớn"


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart body built by hand (the test client would spool large parts to files)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())  # fmt: skip
    for name, (filename, data) in files.items():
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n')  # fmt: skip
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_multipart(client, url: str, fields=None, files=None):
    body, content_type = multipart(fields or {}, files or {})
    return client.post(url, data=body, content_type=content_type)


# --- sizes ---------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_a_413_page_everywhere(app, client, db, hostile):
    limit = app.config["MAX_CONTENT_LENGTH"]
    big = b"q_note=" + b"x" * limit
    sign_in(client, hostile.admin)
    anonymous = app.test_client()
    with nothing_stored():
        pages = {
            "form": anonymous.post(f"/s/{hostile.link.token}", data=big,
                                   content_type="application/x-www-form-urlencoded"),
            "login": anonymous.post("/login", data=big,
                                    content_type="application/x-www-form-urlencoded"),
            "deletion": anonymous.post("/xoa-phieu-tra-loi", data=big,
                                       content_type="application/x-www-form-urlencoded"),
            "units import": post_multipart(client, "/admin/units/import",
                                           files={"file": ("u.csv", b"x" * limit)}),
            "survey import": post_multipart(client, "/manage/surveys/import",
                                            files={"file": ("s.json", b"x" * limit)}),
        }  # fmt: skip
        sync = client.post("/interview/sync", data=b"[" * (limit + 1),
                           content_type="application/json")  # fmt: skip
    for name, response in pages.items():
        assert response.status_code == 413, name
        assert TOO_LARGE in response.get_data(as_text=True), name
    assert sync.status_code == 413
    assert sync.is_json


def test_a_form_field_over_the_form_memory_limit_is_a_413_page(app, db, hostile):
    field = "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1)
    with nothing_stored():
        response = post_multipart(app.test_client(), f"/s/{hostile.link.token}",
                                  fields={"q_consent": "yes", "q_note": field})  # fmt: skip
    assert response.status_code == 413
    assert TOO_LARGE in response.get_data(as_text=True)


def test_a_one_megabyte_answer_is_a_field_error_with_the_text_kept(app, db, hostile):
    client = app.test_client()
    first = client.post(f"/s/{hostile.link.token}", data={"q_consent": "yes",
                        "q_commune": "21211", "q_channel": "loa"})  # fmt: skip
    huge = "Ý kiến " + "x" * 1_000_000
    with nothing_stored():
        response = client.post(first.headers["Location"], data={"q_note": huge, "q_idea": huge})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Câu trả lời phải có tối đa 200 ký tự" in html
    assert "Câu trả lời phải có tối đa 2.000 ký tự" in html
    assert html.count(huge) == 2  # both kept on the page: nothing typed is lost
    assert db.session.scalar(sa.select(sa.func.count()).where(Answer.question_code == "note")) == 2


def test_oversized_fields_in_a_managers_forms_are_field_errors(client, db, hostile):
    sign_in(client, hostile.admin)
    huge = "x" * 1_000_000
    with nothing_stored():
        settings = client.post(f"/manage/surveys/{hostile.survey.id}/settings",
                               data={"title": huge, "owner_unit_id": "0"})  # fmt: skip
        unit = client.post(f"/admin/units/{hostile.unit.id}/edit",
                           data={"name": huge, "short_name": huge})  # fmt: skip
        search = client.get("/admin/users", query_string={"q": huge[:100_000]})
    assert "Phải có tối đa 200 ký tự" in settings.get_data(as_text=True)
    assert unit.status_code == 200
    assert "Phải có tối đa 200 ký tự" in unit.get_data(as_text=True)
    assert search.status_code == 200


def test_thousands_of_fields_and_values_are_refused_or_ignored(app, db, hostile):
    client = app.test_client()
    fields = "&".join(f"q_topics=ai{n}&junk{n}=1" for n in range(20_000))
    with nothing_stored():
        response = client.post(f"/s/{hostile.link.token}", data=f"q_consent=yes&{fields}",
                               content_type="application/x-www-form-urlencoded")  # fmt: skip
        parts = post_multipart(client, f"/s/{hostile.link.token}",
                               fields={f"f{n}": "1" for n in range(2_000)})  # fmt: skip
    assert response.status_code == 200
    assert "Chọn trong các phương án có sẵn" in response.get_data(as_text=True)
    assert parts.status_code == 413


def test_overlong_tokens_and_ids_in_paths_are_not_found(client, db, hostile):
    token = hostile.link.token
    for length in (33, 1_000, 10_000):
        long = "a" * length
        for path in (f"/s/{long}", f"/s/{token}/{long}/p1", f"/s/{token}/{long}/thanks",
                     f"/s/{token}/x/{long}"):  # fmt: skip
            assert client.get(path).status_code == 404, path[:60]


# --- path traversal -----------------------------------------------------------------------------

TRAVERSALS = [
    "../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fconfig.py",
    "..%5C..%5Cconfig.py", "....//....//etc/passwd", "%252e%252e%252fetc%252fpasswd",
    "..%c0%af..%c0%afetc%c0%afpasswd%00",
]  # fmt: skip
# Every route with a name in its path, with where the name goes.
NAMED_ROUTES = [
    "/static/{x}", "/static/css/{x}", "/language/{x}", "/api/v1/indicators/{x}",
    "/manage/indicators/{x}", "/manage/indicators/{x}/edit", "/manage/registers/{x}/",
    "/manage/registers/{x}/export.csv", "/manage/surveys/{s}/translations/{x}",
    "/manage/surveys/{s}/pages/{x}/edit", "/manage/surveys/{s}/questions/{x}/edit",
    "/manage/surveys/{s}/entry/{x}", "/manage/surveys/{s}/links/{l}/qr.{x}",
    "/reports/units/1/{x}", "/s/{x}", "/s/{t}/{x}/p1", "/s/{t}/{x}/thanks",
]  # fmt: skip
SECRETS = (b"root:x:0:0", b"SECRET_KEY", b"test-secret-key", b"class TestingConfig")


def test_traversal_in_every_named_route_reads_no_file(client, db, hostile):
    sign_in(client, hostile.admin)
    odd = {}
    for route in NAMED_ROUTES:
        for traversal in TRAVERSALS:
            url = route.format(x=traversal, s=hostile.survey.id, l=hostile.link.id,
                               t=hostile.link.token)  # fmt: skip
            with client.get(url) as response:
                body = response.get_data()
                location = response.headers.get("Location", "/")
                if (
                    response.status_code not in {200, 302, 303, 308, 404}
                    or any(secret in body for secret in SECRETS)
                    or not location.startswith(("/", "http://localhost/"))
                ):
                    odd[url] = response.status_code
    assert odd == {}


def test_control_characters_in_every_name_in_a_path_are_not_found(app, client, db, hostile):
    """An encoded NUL or escape in any name a route takes (a token, a code, a page) is a 404,
    never a query: PostgreSQL refuses NUL in text, which made these 500s there."""
    from tests.test_permissions import concrete

    sign_in(client, hostile.admin)
    odd, tried = [], 0
    with nothing_stored():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or "<" not in rule.rule.replace("<int:", ""):
                continue
            url = concrete(rule.rule, hostile.staff.id, hostile.unit.id, hostile.survey.id)
            url = url.replace("/999", "/1").replace("no-such-token", hostile.link.token)
            method = "GET" if "GET" in rule.methods else "POST"
            segments, names = url.split("/"), rule.rule.split("/")
            for i, name in enumerate(names):
                if "<" in name and "<int:" not in name:
                    for char in ("%00", "%1B"):
                        bad = "/".join([*segments[:i], f"{segments[i]}{char}x", *segments[i + 1 :]])
                        status = client.open(bad, method=method).status_code
                        tried += 1
                        if status != 404:
                            odd.append((method, bad, status))
    assert odd == []
    assert tried > 40


UPLOADS = [
    ("/admin/units/import", "code,name,type\nX9,Phòng chín,division\n"),
    ("/admin/users/import", "email,full_name,unit_code,role\nx9@skhcn.test,X,XSS_UNIT,staff\n"),
    ("/manage/registers/trainings/import", "person,unit,course,topic,completed_on,hours\n"),
    ("/manage/enterprises/", "name,tax_code,type,commune,email\n"),
    ("/manage/surveys/import", '{"format": "nq57-survey/1"}'),
]


TEMP = tempfile.gettempdir().strip("/")


NAMES = [
    "../../../../{tmp}/{marker}.csv",
    "..\\..\\..\\{tmp}\\{marker}.csv",
    "/{tmp}/{marker}.csv",
    "%2e%2e%2f%2e%2e%2f{tmp}%2f{marker}.csv",
    "{marker}.csv",
]


def test_traversal_in_an_uploaded_file_name_writes_no_file(client, db, hostile):
    sign_in(client, hostile.admin)
    marker = f"nq57-traversal-{uuid.uuid4().hex}"
    base = [Path(tempfile.gettempdir()), Path.cwd(), Path.cwd() / "instance", Path.home()]
    places = set(base)
    for name in NAMES:
        filename = name.format(marker=marker, tmp=TEMP)
        places |= {Path(os.path.normpath(p / filename.replace("\\", "/"))).parent for p in base}
        for url, content in UPLOADS:
            response = post_multipart(client, url, fields={"slug": "x", "audience": "citizen"},
                                      files={"file": (filename, content.encode())})  # fmt: skip
            assert response.status_code in {200, 303}, (url, filename)
    assert [p for p in places if any(p.glob(f"{marker}*"))] == []


def test_downloads_are_named_by_the_app_not_by_input(client, db, hostile):
    sign_in(client, hostile.admin)
    names = [
        client.get(f"/manage/surveys/{hostile.survey.id}/export"),
        client.get(f"/manage/surveys/{hostile.survey.id}/links/{hostile.link.id}/qr.svg"),
        client.get("/manage/registers/tasks/export.csv", query_string={"q": "../../x"}),
        client.get("/manage/indicators/export.csv", query_string={"period": "2026H1"}),
    ]
    for response in names:
        disposition = response.headers.get("Content-Disposition", "")
        assert disposition.startswith("attachment; filename="), response.request.path
        assert "/" not in disposition, disposition
        assert ".." not in disposition, disposition
    buffer = io.BytesIO(names[1].data)
    assert buffer.read(5) in {b"<?xml", b"<svg "}


def xlsform_with(doctype: bytes, cell: bytes) -> bytes:
    """An XLSForm whose first sheet declares ``doctype`` and holds ``cell`` as a label."""
    import re
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    book.active.append(["text", "q1", "PLACEHOLDER"])
    plain = io.BytesIO()
    book.save(plain)
    source, out = zipfile.ZipFile(io.BytesIO(plain.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if b"PLACEHOLDER" in data:
                data = re.sub(rb"^<\?xml[^>]*\?>", b"", data).replace(b"PLACEHOLDER", cell)
                data = b'<?xml version="1.0" encoding="UTF-8"?>' + doctype + data
            target.writestr(item, data)
    return out.getvalue()


def test_an_xlsform_with_external_or_exploding_entities_is_refused(client, db, hostile):
    sign_in(client, hostile.admin)
    laughs = b"".join(
        b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10 if n else b"ha") for n in range(9)
    )
    files = {
        "external": xlsform_with(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', b"&e;"),
        "billion laughs": xlsform_with(b"<!DOCTYPE x [" + laughs + b"]>", b"&l8;"),
    }
    with nothing_stored():
        for name, data in files.items():
            response = post_multipart(client, "/manage/surveys/import",
                                      fields={"slug": "xxe", "audience": "citizen"},
                                      files={"file": ("form.xlsx", data)})  # fmt: skip
            html = response.get_data(as_text=True)
            assert response.status_code == 200, name
            assert "Tệp không phải bảng tính Excel (.xlsx) hợp lệ." in html, name
            assert "root:" not in html, name
