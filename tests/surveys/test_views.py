"""The survey builder through the browser's eyes, with CSRF protection on as in production."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.surveys.definition import content_hash, parse_definition
from app.surveys.files import check_document, import_document
from app.surveys.models import Survey
from app.surveys.queries import get_survey_by_slug
from app.surveys.services import change_status, publish_survey
from tests.factories import make_user
from tests.surveys.helpers import (
    CHOICES,
    audit_actions,
    csrf_enabled,
    definition,
    form_values,
    question,
    sign_in,
    submit,
    token,
)

BASE = "/manage/surveys"
CHANNEL_LINES = "zalo | Zalo của xã\ntv | Truyền hình\nnone | Không qua kênh nào"


@pytest.fixture
def manager(app, db, seeded, client):
    user = make_user("manager")
    db.session.commit()
    with csrf_enabled(app):
        sign_in(client, user)
        yield user


def question_form(code: str, kind: str, text: str, **fields) -> dict:
    return {"code": code, "type": kind, "text": text, "help": "", "options": "", "exclusive": "",
            "min_choices": "", "max_choices": "", "min": "", "max": "", "max_length": "",
            "min_date": "", "max_date": "", "items": "", "show_if_question": "",
            "show_if_options": "", "show_if_min": "", "show_if_max": "", **fields}  # fmt: skip


def stored(db, slug: str) -> Survey:
    db.session.expire_all()
    return get_survey_by_slug(slug)


def shown(client, survey: Survey) -> str:
    return client.get(f"{BASE}/{survey.id}").get_data(as_text=True)


def test_building_a_survey_from_scratch_and_publishing_it(client, db, manager):
    created = submit(client, f"{BASE}/new", {"slug": "kenh-thong-tin", "audience": "staff",
                     "title": "Khảo sát kênh thông tin", "languages": "en",
                     "is_anonymous": "y", "owner_unit_id": "0"})  # fmt: skip
    survey = stored(db, "kenh-thong-tin")
    assert created.status_code == 303
    assert created.headers["Location"] == f"{BASE}/{survey.id}"
    base = f"{BASE}/{survey.id}"

    page = {"code": "p_kenh", "title": "Kênh thông tin", "show_if_question": ""}
    assert submit(client, f"{base}/pages/new", page).status_code == 303
    new_question = f"{base}/pages/p_kenh/questions/new"
    channel = question_form("channel", "single_choice", "Ông/Bà biết NQ57 qua kênh nào?",
                            options=CHANNEL_LINES, exclusive="none", other="y")  # fmt: skip
    assert submit(client, new_question, channel).status_code == 303
    assert stored(db, "kenh-thong-tin").draft["pages"][0]["questions"] == [{
        "code": "channel", "type": "single_choice",
        "text": {"vi": "Ông/Bà biết NQ57 qua kênh nào?"}, "required": False,
        "options": [{"code": "zalo", "label": {"vi": "Zalo của xã"}},
                    {"code": "tv", "label": {"vi": "Truyền hình"}},
                    {"code": "none", "label": {"vi": "Không qua kênh nào"}, "exclusive": True}],
        "other": True,
    }]  # fmt: skip

    edit = client.get(f"{base}/questions/channel/edit").get_data(as_text=True)
    assert f"{CHANNEL_LINES}</textarea>" in edit
    edited = {**channel, "text": "Kênh nào đưa tin NQ57 đến Ông/Bà?", "required": "y",
              "options": CHANNEL_LINES + "\nweb | Cổng thông tin"}  # fmt: skip
    assert submit(client, f"{base}/questions/channel/edit", edited).status_code == 303
    heard = question_form("heard", "yes_no", "Đã nghe về NQ57?")
    assert submit(client, new_question, heard).status_code == 303
    moved = submit(client, f"{base}/question/heard/move", {"direction": "up"}, page=base)
    assert moved.headers["Location"] == f"{base}#q-heard"

    second = {"code": "p_ly_do", "title": "Lý do", "show_if_question": "channel",
              "show_if_options": "zalo, web"}  # fmt: skip
    assert submit(client, f"{base}/pages/new", second).status_code == 303
    reason = question_form("reason", "long_text", "Vì sao Ông/Bà chọn kênh này?")
    assert submit(client, f"{base}/pages/p_ly_do/questions/new", reason).status_code == 303

    draft = stored(db, "kenh-thong-tin").draft
    assert [[q["code"] for q in p["questions"]] for p in draft["pages"]] == [
        ["heard", "channel"], ["reason"]]  # fmt: skip
    assert draft["pages"][1]["show_if"] == {"question": "channel", "any_of": ["zalo", "web"]}
    channel_q = draft["pages"][0]["questions"][1]
    assert (channel_q["text"], channel_q["required"]) == (
        {"vi": "Kênh nào đưa tin NQ57 đến Ông/Bà?"}, True)  # fmt: skip
    assert [o["code"] for o in channel_q["options"]] == ["zalo", "tv", "none", "web"]

    page = client.get(f"{base}/translations/en").get_data(as_text=True)
    assert form_values(page)["q.heard.options.yes.label"] == "Yes"  # a default label
    translated = client.post(f"{base}/translations/en", data={**form_values(page),
        "csrf_token": token(page), "title": "Information channels survey",
        "page.p_kenh.title": "Channels",
        "q.channel.text": "Which channel brought you news of Resolution 57?",
        "q.channel.options.tv.label": "Television",
    })  # fmt: skip
    assert translated.status_code == 303
    channel_q = stored(db, "kenh-thong-tin").draft["pages"][0]["questions"][1]
    assert channel_q["options"][1]["label"] == {"vi": "Truyền hình", "en": "Television"}

    english = client.get(f"{base}/preview?lang=en&page=1").get_data(as_text=True)
    assert "Which channel brought you news of Resolution 57?" in english
    assert "Television" in english
    assert '<span lang="vi">Zalo của xã</span>' in english
    assert '<span lang="vi">Đã nghe về NQ57?</span>' in english
    assert ">Continue</a>" in english
    assert ">Yes</label>" in english  # yes/no got its default labels in the survey's languages
    vietnamese = client.get(f"{base}/preview?lang=vi&page=2").get_data(as_text=True)
    assert "Vì sao Ông/Bà chọn kênh này?" in vietnamese
    assert "Trang 2/2" in vietnamese

    confirm = client.get(f"{base}/publish").get_data(as_text=True)
    assert "Công bố khảo sát?" in confirm
    published = submit(client, f"{base}/publish", {}, follow_redirects=True)
    assert "Đã công bố khảo sát. Khảo sát đang mở." in published.get_data(as_text=True)
    survey = stored(db, "kenh-thong-tin")
    assert survey.status == "open"
    (version,) = survey.versions
    assert version.content_hash == content_hash(parse_definition(survey.draft))
    assert audit_actions(db, survey.id) == ["surveys.create", "surveys.publish"]


@pytest.fixture
def published(db, manager):
    """An open survey with version 1 (made by the services; the flows above cover the forms)."""
    raw = definition([question("channel", "single_choice", options=CHOICES)], [question("why")])
    doc = {"format": "nq57-survey/1", "slug": "kenh", "audience": "citizen", "anonymous": True,
           "definition": raw}  # fmt: skip
    survey = import_document(check_document(doc), actor=manager)
    publish_survey(survey, actor=manager)
    db.session.commit()
    return survey


def test_published_codes_are_refused_with_their_place(client, db, published):
    base = f"{BASE}/{published.id}"
    assert "Câu hỏi đã công bố không thể xóa" in client.get(f"{base}/question/channel/remove").text

    removed = submit(client, f"{base}/question/channel/remove", {}, follow_redirects=True)
    assert (
        "trang 1, câu hỏi `channel`: câu hỏi đã công bố không thể xóa hoặc đổi mã (các chỉ "
        "tiêu và câu trả lời đã có dùng mã này)"
    ) in removed.get_data(as_text=True)
    retyped = submit(client, f"{base}/questions/channel/edit", question_form(
        "channel", "multiple_choice", "Kênh?", options="zalo | Zalo\ntv | TV"))  # fmt: skip
    assert retyped.status_code == 200
    assert (
        "trang 1, câu hỏi `channel`: không thể đổi loại câu hỏi đã công bố từ single_choice "
        "sang multiple_choice"
    ) in retyped.get_data(as_text=True)
    assert stored(db, "kenh").draft == published.versions[0].definition

    assert (
        submit(
            client,
            f"{base}/pages/new",
            {"code": "p_trong", "title": "Trống", "show_if_question": ""},
        ).status_code
        == 303
    )
    refused = submit(client, f"{base}/publish", {}, follow_redirects=True).get_data(as_text=True)
    assert "Chưa công bố được: hãy sửa các vấn đề được liệt kê." in refused
    assert "<li>trang 3: trang cần ít nhất một câu hỏi</li>" in refused
    assert [v.number for v in stored(db, "kenh").versions] == [1]


def test_close_reopen_clone_and_archive(client, db, published):
    base = f"{BASE}/{published.id}"
    for action, status, message in [
        ("close", "closed", "Đã đóng khảo sát. Khảo sát không nhận thêm phiếu trả lời."),
        ("reopen", "open", "Đã mở lại khảo sát."),
        ("close", "closed", "Đã đóng khảo sát."),
    ]:
        done = submit(client, f"{base}/{action}", {}, follow_redirects=True)
        assert message in done.get_data(as_text=True)
        assert stored(db, "kenh").status == status
    refused = submit(client, f"{base}/close", {}, follow_redirects=True).get_data(as_text=True)
    assert "Không thực hiện được thao tác này với trạng thái hiện tại của khảo sát." in refused

    cloned = submit(client, f"{base}/clone", {"slug": "kenh-dot-2", "opens_on": "01/03/2026",
                                              "closes_on": "31/03/2026"})  # fmt: skip
    wave = stored(db, "kenh-dot-2")
    assert cloned.headers["Location"] == f"{BASE}/{wave.id}"
    assert (wave.series, wave.wave, wave.status) == ("kenh", 2, "draft")
    assert wave.draft == published.versions[0].definition
    assert (wave.opens_at, wave.closes_at) == (datetime(2026, 2, 28, 17, tzinfo=UTC),
                                               datetime(2026, 3, 31, 17, tzinfo=UTC))  # fmt: skip
    assert "đợt 2" in shown(client, wave)

    archived = submit(client, f"{base}/archive", {}, follow_redirects=True).get_data(as_text=True)
    assert "Đã lưu trữ khảo sát." in archived
    assert "Thêm trang" not in archived
    assert "Cài đặt" not in archived
    assert audit_actions(db, published.id) == [
        "surveys.create", "surveys.import", "surveys.publish", "surveys.close", "surveys.reopen",
        "surveys.close", "surveys.archive",
    ]  # fmt: skip
    assert audit_actions(db, wave.id) == ["surveys.clone"]


@pytest.mark.parametrize(
    ("path", "data"),
    [("question/channel/move", {"direction": "down"}), ("translations/en", {"title": "Channels"})],
)
def test_editing_an_archived_survey_is_refused_politely(client, db, published, path, data):
    published.draft = {**published.draft, "languages": ["vi", "en"]}
    change_status(published, "close", actor=None)
    change_status(published, "archive", actor=None)
    db.session.commit()
    response = submit(client, f"{BASE}/{published.id}/{path}", data, page=f"{BASE}/{published.id}")
    assert response.status_code in {303, 400, 409}


def test_form_errors_keep_what_was_typed(client, db, published):
    base = f"{BASE}/{published.id}"
    typed = "zalo | Zalo của xã\nchỉ có nhãn"
    bad_lines = submit(
        client,
        f"{base}/pages/p2/questions/new",
        question_form("kenh_khac", "single_choice", "Kênh nào khác?", options=typed),
    )
    html = bad_lines.get_data(as_text=True)
    assert bad_lines.status_code == 200
    assert "Dòng 2: viết theo dạng mã | nhãn, ví dụ: zalo | Zalo của xã" in html
    assert f"{typed}</textarea>" in html
    assert "Kênh nào khác?</textarea>" in html

    taken = submit(client, f"{base}/pages/p2/questions/new",
                   question_form("channel", "short_text", "Trùng mã"))  # fmt: skip
    assert "Mã câu hỏi này đã được dùng trong khảo sát." in taken.get_data(as_text=True)
    assert stored(db, "kenh").draft == published.versions[0].definition

    bad_slug = submit(client, f"{BASE}/new", {"slug": "Sai Slug", "audience": "event",
                      "title": "Hội thảo", "owner_unit_id": "0"})  # fmt: skip
    html = bad_slug.get_data(as_text=True)
    assert "Đường dẫn rút gọn gồm 3-64 ký tự a-z, 0-9 và dấu gạch ngang" in html
    assert 'value="Sai Slug"' in html
    assert 'value="Hội thảo"' in html
    assert db.session.scalar(sa.select(sa.func.count(Survey.id))) == 1


def test_a_post_without_the_csrf_token_is_refused(client, db, published):
    base = f"{BASE}/{published.id}"
    refused = [
        client.post(f"{BASE}/new", data={"slug": "moi", "audience": "event", "title": "Mới",
                                         "owner_unit_id": "0"}),
        client.post(f"{base}/page/p1/move", data={"direction": "down"}),
        client.post(f"{base}/close"),
        client.post(f"{base}/pages/new", data={"code": "p9", "title": "Chín"}),
    ]  # fmt: skip

    assert [r.status_code for r in refused] == [400] * 4
    assert "Phiên làm việc đã hết hạn" in refused[0].get_data(as_text=True)
    survey = stored(db, "kenh")
    assert (survey.status, survey.draft) == ("open", survey.versions[0].definition)
    assert db.session.scalar(sa.select(sa.func.count(Survey.id))) == 1


def test_settings_store_vietnamese_days_as_utc_and_show_them_back(client, db, published):
    url = f"{BASE}/{published.id}/settings"
    saved = submit(client, url, {"title": "Kênh thông tin 2026", "description": "Giới thiệu",
                                 "languages": "en", "owner_unit_id": "0", "is_anonymous": "y",
                                 "opens_on": "01/03/2026", "closes_on": "31/03/2026"})  # fmt: skip

    assert saved.status_code == 303
    survey = stored(db, "kenh")
    assert survey.opens_at == datetime(2026, 2, 28, 17, tzinfo=UTC)
    assert survey.closes_at == datetime(2026, 3, 31, 17, tzinfo=UTC)
    assert survey.draft["languages"] == ["vi", "en"]
    assert survey.draft["title"] == {"vi": "Kênh thông tin 2026"}
    form = client.get(url).get_data(as_text=True)
    assert 'value="01/03/2026"' in form
    assert 'value="31/03/2026"' in form
    assert "<dd>01/03/2026 – hết ngày 31/03/2026</dd>" in shown(client, survey)
