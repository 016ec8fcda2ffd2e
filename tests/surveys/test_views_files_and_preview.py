"""Uploading and downloading survey files, the preview of the built-in surveys, and who may build.

Sessions run with CSRF protection on, as in production.
"""

import io
import json

import pytest
import sqlalchemy as sa
from markupsafe import escape

from app.surveys.files import FORMAT, export_document, seed_builtin_surveys
from app.surveys.models import Survey
from app.surveys.queries import get_survey_by_slug
from tests.factories import make_user
from tests.surveys.helpers import (
    audit_actions,
    csrf_enabled,
    definition,
    question,
    sign_in,
    submit,
    token,
)

BASE = "/manage/surveys"
SEEDED = ["can-bo-nq57", "doanh-nghiep-nq57", "nguoi-dan-nq57", "to-chuc-khcn-nq57"]


@pytest.fixture
def manager(app, db, seeded, client):
    user = make_user("manager")
    db.session.commit()
    with csrf_enabled(app):
        sign_in(client, user)
        yield user


def upload(client, data: bytes, name: str, slug: str = ""):
    files = {"file": (io.BytesIO(data), name), "audience": "citizen", "slug": slug}
    return submit(client, f"{BASE}/import", files, content_type="multipart/form-data")


def count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count(Survey.id)))


def test_importing_a_json_file_creates_a_draft(client, db, manager):
    raw = definition(
        [
            question(
                "heard",
                "yes_no",
                options=[{"code": "yes", "label": "Có"}, {"code": "no", "label": "Không"}],
            )
        ]
    )
    doc = {"format": FORMAT, "slug": "hoi-thao", "audience": "event", "anonymous": True,
           "definition": raw}  # fmt: skip

    response = upload(client, json.dumps(doc).encode(), "hoi-thao.json", slug="hoi-thao-2026")

    survey = get_survey_by_slug("hoi-thao-2026")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{BASE}/{survey.id}"
    assert (survey.status, survey.audience, survey.created_by_id) == ("draft", "event", manager.id)
    assert survey.draft["pages"][0]["questions"][0]["options"][0] == {
        "code": "yes", "label": {"vi": "Có"}}  # fmt: skip
    assert audit_actions(db, survey.id) == ["surveys.create", "surveys.import"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã nhập khảo sát ở dạng bản nháp." in page


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (b'{"format": "nq57-survey/1", "slug":', ["Tệp không phải JSON hợp lệ (UTF-8): "]),
        (json.dumps({"format": FORMAT, "slug": "x-y-z", "audience": "people", "anonymous": True,
                     "definition": definition([question("a"), question("a", "slider")])}).encode(),
         ["audience phải là một trong: staff, citizen, enterprise, research, event",
          "trang 1, câu hỏi `a`: mã câu hỏi `a` bị lặp",
          "trang 1, câu hỏi `a`: loại câu hỏi `slider` không được hỗ trợ"]),
    ],
    ids=["not-json", "bad-definition"],
)  # fmt: skip
def test_a_broken_file_lists_its_errors_and_creates_nothing(client, db, manager, data, errors):
    response = upload(client, data, "khao-sat.json")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Không nhập được tệp: có lỗi cần sửa" in html
    assert "Chưa có gì được nhập." in html
    for error in errors:
        assert f"<li>{escape(error)}" in html
    assert count(db) == 0
    assert [a for a in audit_actions(db) if a.startswith("surveys.")] == []


def test_the_upload_form_needs_a_json_or_xlsx_file(client, db, manager):
    response = upload(client, b"slug,audience", "khao-sat.csv")
    assert "Tệp phải có đuôi .json hoặc .xlsx" in response.get_data(as_text=True)
    assert count(db) == 0


def test_the_export_is_a_json_download(client, db, manager):
    seed_builtin_surveys()
    db.session.commit()
    survey = get_survey_by_slug("nguoi-dan-nq57")

    response = client.get(f"{BASE}/{survey.id}/export")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="nguoi-dan-nq57.json"'
    assert response.get_json() == export_document(survey)
    assert survey.draft["title"]["vi"] in response.get_data(as_text=True)  # not \u-escaped


@pytest.mark.parametrize("slug", SEEDED)
def test_every_page_of_a_builtin_survey_previews_in_vietnamese_and_english(client, db, manager,
                                                                           slug):  # fmt: skip
    seed_builtin_surveys()
    db.session.commit()
    survey = get_survey_by_slug(slug)

    for lang in ("vi", "en"):
        for number, page in enumerate(survey.draft["pages"], start=1):
            response = client.get(f"{BASE}/{survey.id}/preview?lang={lang}&page={number}")
            html = response.get_data(as_text=True)
            assert response.status_code == 200, (lang, number)
            assert f'<div class="phone-preview" lang="{lang}">' in html
            assert f'<h2 class="heading-m">{escape(page["title"][lang])}</h2>' in html
            for q in page["questions"]:
                assert str(escape(q["text"][lang])).split("\n")[0] in html, (lang, q["code"])


def test_a_preview_in_an_undeclared_language_falls_back_to_vietnamese(client, db, manager):
    seed_builtin_surveys()
    db.session.commit()
    survey = get_survey_by_slug("can-bo-nq57")
    html = client.get(f"{BASE}/{survey.id}/preview?lang=fr").get_data(as_text=True)
    assert '<div class="phone-preview" lang="vi">' in html
    assert escape(survey.draft["pages"][0]["title"]["vi"]) in html


@pytest.mark.parametrize(("role", "status"), [("staff", 403), ("manager", 200), ("admin", 200)])
def test_only_managers_and_admins_reach_the_builder(app, client, db, seeded, role, status):
    user = make_user(role)
    db.session.commit()
    with csrf_enabled(app):
        sign_in(client, user)
        pages = [client.get(f"{BASE}/"), client.get(f"{BASE}/new"), client.get(f"{BASE}/import")]
        assert [r.status_code for r in pages] == [status] * 3
        if role == "staff":  # even with a valid token, from the 403 page's sign-out form
            posted = client.post(f"{BASE}/new", data={
                "slug": "cam", "audience": "staff", "title": "Cấm", "owner_unit_id": "0",
                "csrf_token": token(pages[1].get_data(as_text=True))})  # fmt: skip
            assert posted.status_code == 403
            assert count(db) == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(f"{BASE}/new")
    assert response.status_code in {302, 303}
    assert "/login" in response.headers["Location"]
