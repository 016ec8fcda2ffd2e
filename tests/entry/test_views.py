"""The data-entry screen: single entry, respondent codes, validation, QR codes, keyboard use."""

import re

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.entry.models import PaperEntry, PaperForm
from app.responses.models import Link, Response
from tests.entry.conftest import ANSWERS, make_entry_survey
from tests.factories import make_user


def url(survey, rest: str = "") -> str:
    return f"/manage/surveys/{survey.id}/entry{rest}"


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def text(response) -> str:
    return response.get_data(as_text=True)


def answers_of(response) -> set[tuple]:
    return {(a.question_code, a.option_code, a.number and int(a.number), a.text)
            for a in response.answers}  # fmt: skip


def test_single_entry_creates_one_complete_open_paper_response(client, db, survey, clerks, sign_in):
    sign_in(clerks[0])
    opened = client.get(url(survey, "?serial=P-000123"))
    assert opened.status_code == 302
    assert opened.location.endswith(url(survey, "/P-000123"))

    saved = client.post(url(survey, "/P-000123"), data=ANSWERS)

    assert saved.status_code == 303
    assert saved.location.endswith(url(survey))
    back = client.get(saved.location)
    assert "Đã lưu phiếu P-000123 (lần nhập 1)" in text(back)
    (response,) = db.session.scalars(sa.select(Response)).all()
    assert (response.status, response.mode, response.stream) == ("complete", "paper", "open")
    assert (response.link_id, response.user_id, response.receipt_code is not None) == (
        None, None, True)  # fmt: skip
    assert response.commune.code == "21211"
    assert answers_of(response) == {
        ("commune", "21211", None, None), ("age", None, 34, None), ("heard", "yes", None, None),
        ("channels", "loa", None, None), ("channels", "zalo", None, None),
        ("ideas", None, None, "Cần thêm tài liệu"),
    }  # fmt: skip
    assert response.answer_map == {
        "commune": "21211", "age": "34", "heard": "yes", "channels": 2, "channels.loa": 1,
        "channels.zalo": 1, "ideas": "Cần thêm tài liệu",
    }  # fmt: skip
    paper = db.session.scalar(sa.select(PaperForm))
    assert (paper.serial, paper.status, paper.response_id) == ("P-000123", "accepted", response.id)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "entry.save"))
    assert entry.actor_id == clerks[0].id
    assert entry.details["response_id"] == response.id


def test_a_scanned_qr_code_opens_its_form(client, db, survey, clerks, sign_in):
    sign_in(clerks[0])
    opened = client.get(url(survey, "?serial=NQ57:P-000042:phieu-giay-thu:v1"))
    assert opened.location.endswith(url(survey, "/P-000042"))
    typed = client.get(url(survey, "?serial=p 000042&hai_lan=y"))
    assert typed.location.endswith(url(survey, "/P-000042?hai_lan=1"))


def test_a_qr_code_of_another_survey_is_refused(client, db, survey, clerks, sign_in):
    sign_in(clerks[0])
    page = client.get(url(survey, "?serial=NQ57:P-000123:khao-sat-khac:v1"))
    assert page.status_code == 400
    assert "Mã QR này thuộc phiếu của khảo sát khác (khao-sat-khac)" in text(page)
    assert count(db, PaperForm) == 0


def test_nonsense_in_the_serial_field_is_explained(client, db, survey, clerks, sign_in):
    sign_in(clerks[0])
    page = client.get(url(survey, "?serial=abc"))
    assert page.status_code == 400
    assert "ví dụ P-000123" in text(page)
    assert "<title>Lỗi:" in text(page)


def test_hidden_questions_lose_their_answers(client, db, survey, clerks, sign_in):
    sign_in(clerks[0])
    client.post(url(survey, "/P-000001"), data={**ANSWERS, "q_heard": "no"})
    (response,) = db.session.scalars(sa.select(Response)).all()
    assert "channels" not in {a.question_code for a in response.answers}
    assert "channels" not in response.answer_map


def test_invalid_answers_keep_the_input_and_store_nothing(client, db, survey, clerks, sign_in):
    sign_in(clerks[0])
    page = client.post(url(survey, "/P-000123"),
                       data={**ANSWERS, "q_age": "ba mươi", "q_commune": ""})  # fmt: skip
    body = text(page)
    assert page.status_code == 400
    assert "Có lỗi cần sửa" in body
    assert '<a href="#q_commune">Câu 1: Chọn xã, phường nơi Ông/Bà đang sống</a>' in body
    assert '<a href="#q_age">Câu 2: Nhập một số nguyên, ví dụ 12</a>' in body
    assert 'value="ba mươi"' in body
    assert 'id="q_age-error"' in body
    assert 'value="loa" checked' in body
    assert (count(db, Response), count(db, PaperForm), count(db, PaperEntry)) == (0, 0, 0)


def test_an_accepted_form_cannot_be_keyed_again(client, db, survey, clerks, sign_in):
    sign_in(clerks[0])
    client.post(url(survey, "/P-000123"), data=ANSWERS)
    sign_in(clerks[1])
    again = client.get(url(survey, "?serial=P-000123"))
    assert again.status_code == 400
    assert "Phiếu P-000123 đã được nhập và tiếp nhận; không nhập lại." in text(again)
    posted = client.post(url(survey, "/P-000123"), data=ANSWERS)
    assert posted.status_code == 303
    assert "đã được nhập và tiếp nhận" in text(client.get(posted.location))
    assert (count(db, Response), count(db, PaperEntry)) == (1, 1)


@pytest.fixture
def code_link(db, survey):
    """A respondent code of a sample design drawn for the survey."""
    from app.sampling.codes import create_codes
    from app.sampling.services import DesignParameters, create_design

    design = create_design(
        survey,
        DesignParameters(margin=0.2, min_communes=1, respondents_per_commune=2),
        name="Mẫu",
        actor=None,
        seed=7,
    )
    links = create_codes(design, actor=None)
    db.session.commit()
    return links[0]


def test_a_respondent_code_enters_through_its_link_once(client, db, survey, clerks, sign_in,
                                                        code_link):  # fmt: skip
    from app.sampling.codes import format_code

    sign_in(clerks[0])
    typed = format_code(code_link.code).lower()
    opened = client.get(url(survey, f"?serial={typed}"))
    assert opened.location.endswith(url(survey, f"/{code_link.code}"))
    saved = client.post(opened.location, data=ANSWERS)
    assert f"Đã lưu phiếu {format_code(code_link.code)} (lần nhập 1)" in text(
        client.get(saved.location))  # fmt: skip
    (response,) = db.session.scalars(sa.select(Response)).all()
    assert (response.stream, response.mode) == ("sample", "paper")
    assert (response.link_id, response.invitation_link_id) == (code_link.id, code_link.id)
    assert db.session.scalar(sa.select(Link.completes).where(Link.id == code_link.id)) == 1

    sign_in(clerks[1])
    other_serial = client.get(url(survey, f"?serial={typed}"))
    assert other_serial.status_code == 400
    assert "đã được nhập và tiếp nhận" in text(other_serial)
    assert count(db, Response) == 1


def test_a_code_already_answered_online_is_refused(client, db, survey, clerks, sign_in, code_link):
    from tests.factories import make_response

    make_response(survey, {"age": 40}, link=code_link)
    db.session.commit()
    sign_in(clerks[0])
    page = client.get(url(survey, f"?serial={code_link.code}"))
    assert page.status_code == 400
    assert "đã được dùng" in text(page)


def test_a_code_of_another_survey_is_refused(client, db, survey, clerks, sign_in, code_link):
    other = make_entry_survey("khao-sat-khac")
    db.session.commit()
    sign_in(clerks[0])
    page = client.get(f"/manage/surveys/{other.id}/entry?serial={code_link.code}")
    assert page.status_code == 400
    assert "thuộc khảo sát khác" in text(page)


def test_the_pages_can_be_used_with_the_keyboard_alone(client, db, survey, clerks, sign_in):
    sign_in(clerks[0])
    start = text(client.get(url(survey)))
    (serial_input,) = re.findall(r'<input[^>]*id="serial"[^>]*>', start)
    assert " autofocus" in serial_input
    assert '<label class="label label--m" for="serial">' in start
    page = text(client.get(url(survey, "/P-000001")))
    assert not re.search(r'tabindex="[1-9]', start + page)
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", page)
    visible = [f for f in fields if 'type="hidden"' not in f and "trap" not in f]
    ids = [re.search(r'id="([^"]+)"', f)[1] for f in visible]
    assert len(ids) >= 9
    for field_id in ids:
        assert f'for="{field_id}"' in page, field_id
    assert 'id="q_age" name="q_age" inputmode="numeric"' in page
    assert 'id="q_commune" name="q_commune" inputmode="numeric"' in page
    # the numbering and the skip instruction of the paper form
    assert "4. Qua kênh nào?" in page
    assert "(Chỉ trả lời nếu câu 3 chọn “Có”)" in page
    # Enter in a field does not save a half-keyed form: the default button is disabled
    first_button = re.search(r"<button[^>]*>", page.split("<form", 2)[-1])[0]
    assert "disabled" in first_button


@pytest.mark.parametrize("rest", ["", "/P-000001", "/differences", "/differences/1"])
def test_staff_get_403_and_visitors_the_login_page(client, db, survey, sign_in, rest):
    assert client.get(url(survey, rest)).status_code == 302
    staff = make_user("staff")
    db.session.commit()
    sign_in(staff)
    assert client.get(url(survey, rest)).status_code == 403
    assert client.post(url(survey, rest), data=ANSWERS).status_code in {403, 405}


def test_a_survey_without_a_published_version_sends_the_manager_back(client, db, clerks, sign_in):
    from app.surveys.services import create_survey

    draft = create_survey(slug="nhap", audience="citizen", title="Nháp", languages=["vi"],
                          is_anonymous=True)  # fmt: skip
    db.session.commit()
    sign_in(clerks[0])
    page = client.get(f"/manage/surveys/{draft.id}/entry")
    assert page.status_code == 303
    assert page.location.endswith(f"/manage/surveys/{draft.id}")


def test_a_post_without_a_csrf_token_stores_nothing(app, client, db, survey, clerks, sign_in,
                                                    monkeypatch):  # fmt: skip
    sign_in(clerks[0])
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(url(survey, "/P-000001"), data=ANSWERS).status_code == 400
    assert count(db, PaperForm) == 0


def test_every_built_in_survey_can_be_keyed_with_its_consent_box(client, db, seeded, clerks,
                                                                 sign_in):  # fmt: skip
    """The consent question is a tick box on paper: the clerk copies it, and a form keyed
    without it is refused like the web form would be."""
    from app.surveys.models import Survey
    from tests.factories import seed_plan

    seed_plan()
    db.session.commit()
    sign_in(clerks[0])
    surveys = db.session.scalars(sa.select(Survey).order_by(Survey.id)).all()
    assert surveys
    for survey in surveys:
        page = client.get(url(survey, "/P-000001"))
        assert page.status_code == 200, survey.slug
        consent = any(q["type"] == "consent" for p in survey.latest_version.definition["pages"]
                      for q in p["questions"])  # fmt: skip
        assert ("Phiếu có đánh dấu vào ô" in text(page)) is consent, survey.slug
    assert any("Phiếu có đánh dấu vào ô" in text(client.get(url(s, "/P-000001"))) for s in surveys)
