"""Odd and hostile input to the survey builder and files: clear errors, nothing lost."""

import io
import zipfile

import pytest

from app.surveys import compat
from app.surveys.definition import DefinitionInvalidError, parse_definition
from app.surveys.files import read_document
from app.surveys.xlsform import read_xlsform
from tests.factories import make_user
from tests.surveys.helpers import CHOICES, RAW, definition, new_survey, question


@pytest.fixture
def manager(db, login):
    user = make_user("manager")
    db.session.commit()
    login(user)
    return user


def canonical_survey(app, manager):
    """A draft survey as the builder stores it (canonical texts)."""
    with app.test_request_context():
        return new_survey(manager, raw=parse_definition(RAW))


def errors_of(raw) -> list[str]:
    with pytest.raises(DefinitionInvalidError) as caught:
        parse_definition(raw)
    return [str(e) for e in caught.value.errors]


def test_codes_whose_form_fields_would_clash_are_refused(app):
    raw = definition([question("a", "single_choice", options=CHOICES, other=True),
                      question("a_other"), question("d", "date"), question("d_day")])  # fmt: skip
    with app.test_request_context():
        assert errors_of(raw) == [
            "trang 1, câu hỏi `a_other`: mã `a_other` trùng tên trường với câu hỏi `a`; "
            "hãy đổi một trong hai mã",
            "trang 1, câu hỏi `d_day`: mã `d_day` trùng tên trường với câu hỏi `d`; "
            "hãy đổi một trong hai mã",
        ]


def test_dropping_a_published_other_please_specify_is_a_breaking_change(app):
    with app.test_request_context():
        old = parse_definition(definition([question("c", "single_choice", options=CHOICES,
                                                    other=True)]))  # fmt: skip
        new = parse_definition(definition([question("c", "single_choice", options=CHOICES)]))
        assert [e.question for e in compat.breaking_changes(old, new)] == ["c"]


@pytest.mark.parametrize(
    "data",
    [b"[" * 100_000, b'{"format": "nq57-survey/1", "n": 1' + b"9" * 5000 + b"}", b"\xff\xfe"],
)
def test_broken_json_files_are_a_clear_error(app, data):
    with app.test_request_context(), pytest.raises(DefinitionInvalidError) as caught:
        read_document(data)
    assert "Tệp không phải JSON hợp lệ" in str(caught.value.errors[0])


@pytest.mark.parametrize("value", [10**400, 1e300])
def test_huge_numbers_in_a_definition_are_located_errors(app, value):
    raw = definition([question("n", "integer", min=value)])
    with app.test_request_context():
        assert errors_of(raw) == [f"trang 1, câu hỏi `n`: `{value}` không phải là số"]


def test_an_xlsx_that_unpacks_to_hundreds_of_megabytes_is_refused(app):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"a" * (30 * 1024 * 1024))
    with app.test_request_context(), pytest.raises(DefinitionInvalidError) as caught:
        read_xlsform(buffer.getvalue())
    assert "quá lớn sau khi giải nén" in str(caught.value.errors[0])


@pytest.mark.parametrize("value", ["inf", "-inf", "1e400", "9" * 400, "nan"])
def test_number_fields_refuse_infinite_values(app, client, db, manager, value):
    survey = canonical_survey(app, manager)
    db.session.commit()
    response = client.post(f"/manage/surveys/{survey.id}/questions/channel/edit", data={
        "code": "channel", "type": "single_choice", "text": "Kênh?", "options": "a | A\nb | B",
        "min": value})  # fmt: skip
    assert response.status_code == 200
    assert "Nhập một số, ví dụ 10 hoặc 2,5" in response.get_data(as_text=True)


@pytest.mark.parametrize("day", ["31/12/9999", "01/01/0001"])
def test_days_far_from_now_are_a_field_error(app, client, db, manager, day):
    survey = canonical_survey(app, manager)
    db.session.commit()
    response = client.post(f"/manage/surveys/{survey.id}/settings", data={
        "title": "Khảo sát", "owner_unit_id": "0", "closes_on": day})  # fmt: skip
    assert response.status_code == 200
    assert "Năm phải từ 1900 đến 2100" in response.get_data(as_text=True)


@pytest.mark.parametrize("code", ["a/b", "có dấu", "a b", "..", "#x?y", "1abc"])
def test_page_codes_that_would_break_urls_are_refused(app, client, db, manager, code):
    survey = canonical_survey(app, manager)
    db.session.commit()
    response = client.post(f"/manage/surveys/{survey.id}/pages/new",
                           data={"code": code, "title": "Trang"})  # fmt: skip
    assert response.status_code == 200
    assert "Mã chỉ gồm chữ thường không dấu" in response.get_data(as_text=True)


def test_moving_without_a_direction_is_a_bad_request(app, client, db, manager):
    survey = canonical_survey(app, manager)
    db.session.commit()
    assert client.post(f"/manage/surveys/{survey.id}/page/p1/move").status_code == 400


def test_a_condition_on_a_question_no_longer_earlier_survives_an_edit(app, client, db, manager):
    survey = canonical_survey(app, manager)
    db.session.commit()
    client.post(f"/manage/surveys/{survey.id}/page/p2/move", data={"direction": "up"})
    html = client.get(f"/manage/surveys/{survey.id}/questions/why/edit").get_data(as_text=True)
    assert "channel (không ở trang trước)" in html
    client.post(f"/manage/surveys/{survey.id}/questions/why/edit", data={
        "code": "why", "type": "long_text", "text": "Vì sao?", "show_if_question": "channel",
        "show_if_options": "zalo"})  # fmt: skip
    db.session.expire_all()
    why = survey.draft["pages"][0]["questions"][0]
    assert why["show_if"] == {"question": "channel", "any_of": ["zalo"]}
