"""The manager's page for printing paper questionnaires."""

import html
import re

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.surveys.models import Survey
from tests.factories import make_user

VALID = {"version": "1", "language": "vi", "copies": "2", "prefix": "kt", "start": "5"}


@pytest.fixture
def manager(db, login):
    user = make_user("manager")
    db.session.commit()
    login(user)
    return user


def url(survey) -> str:
    return f"/manage/surveys/{survey.id}/paper"


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def value_of(body: str, name: str) -> str:
    """The value an <input name=…> shows."""
    (tag,) = re.findall(rf'<input[^>]*name="{name}"[^>]*>', body)
    return re.search(r'value="([^"]*)"', tag).group(1)


def test_staff_cannot_print_forms(client, db, login, citizen):
    login(make_user("staff"))
    db.session.commit()
    assert client.get(url(citizen)).status_code == 403
    assert client.get(url(citizen), query_string=VALID).status_code == 403


def test_the_form_starts_with_the_newest_version_in_vietnamese_one_copy(client, citizen, manager):
    response = client.get(url(citizen))

    assert response.status_code == 200
    body = page(response)
    assert '<h1 class="heading-l">In phiếu giấy</h1>' in body
    assert '<option selected value="1">Phiên bản 1 (mới nhất)</option>' in body
    assert '<option selected value="vi">Tiếng Việt</option>' in body
    assert '<option value="en">English</option>' in body
    assert value_of(body, "copies") == "1"
    assert value_of(body, "prefix") == "P"
    assert value_of(body, "start") == "1"


def test_the_survey_page_links_to_the_paper_form(client, citizen, manager):
    assert f'href="{url(citizen)}"' in page(client.get(f"/manage/surveys/{citizen.id}"))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("copies", "0", "Số bản phải từ 1 đến 500"),
    ("copies", "501", "Số bản phải từ 1 đến 500"),
    ("copies", "hai", "Nhập một số nguyên từ 0 trở lên, ví dụ 1.234"),
    ("copies", "", "Nhập số bản cần in"),
    ("prefix", "P-1", "Tiền tố chỉ gồm chữ cái không dấu (A-Z) và chữ số, tối đa 8 ký tự"),
    ("prefix", "PHIẾU", "Tiền tố chỉ gồm chữ cái không dấu (A-Z) và chữ số, tối đa 8 ký tự"),
    ("start", "0", "Số phiếu bắt đầu phải từ 1 đến 999.999"),
    ("start", "999999", "Số phiếu cuối không được vượt quá 999.999; hãy giảm số phiếu bắt đầu "
                        "hoặc số bản"),
    ("language", "fr", "Chọn một mục trong danh sách"),
])  # fmt: skip
def test_a_wrong_value_comes_back_with_a_message_and_as_typed(client, citizen, manager, field,
                                                              value, message):  # fmt: skip
    response = client.get(url(citizen), query_string={**VALID, field: value})

    assert response.status_code == 400
    body = page(response)
    assert body.count(message) == 2  # in the summary and at the field
    assert "<title>Lỗi: " in body
    if field != "language":
        assert value_of(body, field) == value
    assert value_of(body, "prefix") == (value if field == "prefix" else "kt")


def test_a_manager_downloads_the_copies_and_the_serials_are_logged(client, db, citizen, manager):
    response = client.get(url(citizen), query_string=VALID)

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    name = "phieu-giay-nguoi-dan-nq57-v1-vi-KT-000005-KT-000006.pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "paper.print"))
    assert (entry.actor_id, entry.details["first"], entry.details["last"]) == (
        manager.id, "KT-000005", "KT-000006")  # fmt: skip


def test_a_survey_never_published_cannot_be_printed(client, db, manager):
    draft = {"languages": ["vi"], "title": {"vi": "Nháp"}, "pages": []}
    survey = Survey(slug="nhap-thu", series="nhap-thu", audience="citizen", draft=draft)
    db.session.add(survey)
    db.session.commit()

    response = client.get(url(survey), query_string=VALID)

    assert response.status_code == 303
    assert response.headers["Location"] == f"/manage/surveys/{survey.id}"
    assert "chưa có phiên bản công bố" in page(client.get(response.headers["Location"]))


def test_an_unknown_survey_is_not_found(client, manager):
    assert client.get("/manage/surveys/999/paper").status_code == 404
