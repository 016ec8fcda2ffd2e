"""The bank page and adding items through it, as a manager's browser does."""

import re
from html import unescape

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.surveys.queries import get_survey
from app.surveys.services import publish_survey
from tests.bank.conftest import make_draft
from tests.factories import make_user
from tests.surveys.helpers import csrf_enabled, token

INDEX, ADD = "/manage/bank/", "/manage/bank/add"


def words(response) -> str:
    """The page's text without tags, as a reader hears it."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def stored(db, survey):
    db.session.expire_all()
    return get_survey(survey.id)


def added_audits(db) -> int:
    query = sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "bank.add_items")
    return db.session.scalar(query)


def test_the_page_lists_items_by_instrument_in_vietnamese(client, manager, survey):
    response = client.get(INDEX)
    page = words(response)

    assert "Ngân hàng câu hỏi" in page
    assert "18 câu hỏi" in page
    assert (
        "Chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước" in page
    )
    assert "Quyết định số 666/QĐ-BKHCN ngày 10/4/2023 của Bộ Khoa học và Công nghệ" in page
    assert "Nếu chính quyền hỏi ý kiến, Ông/Bà muốn góp ý bằng cách nào?" in page
    assert "Điền phiếu giấy tại nhà (paper_home)" in page
    assert "cần đối chiếu lời câu hỏi và phương án trả lời với phụ lục của quyết định" in page
    assert page.count("Lời câu hỏi đã được soạn lại:") == 12  # the SIPAS and MOST items
    assert (
        f'<optgroup label="Khảo sát người dân thử (nguoi-dan-thu)"><option value="{survey.id}'
        ':p_about">1. Về Ông/Bà (p_about)</option>'
    ) in response.get_data(as_text=True)


def test_the_filter_shows_one_instrument_and_ignores_unknown_ones(client, manager, survey):
    sipas = words(client.get(INDEX, query_string={"instrument": "sipas-2023"}))
    assert "6 câu hỏi" in sipas
    assert "Lần gần đây nhất cần làm thủ tục hành chính" in sipas
    assert "Ông/Bà quan tâm đến thông tin về khoa học và công nghệ ở mức nào?" not in sipas
    assert "Bỏ lọc" in sipas

    everything = words(client.get(INDEX, query_string={"instrument": "<script>"}))
    assert "18 câu hỏi" in everything
    assert "Bỏ lọc" not in everything


def test_without_a_draft_survey_the_page_says_what_to_do(client, manager):
    response = client.get(INDEX)

    assert "Chưa có khảo sát nào ở trạng thái bản nháp có trang." in words(response)
    assert 'name="items"' not in response.get_data(as_text=True)


def test_adding_items_stores_them_and_tells_the_codes(app, client, db, manager, survey):
    with csrf_enabled(app):
        form = client.get(INDEX).get_data(as_text=True)
        response = client.post(ADD, data={
            "csrf_token": token(form), "items": ["nq57_citizen_heard", "sipas_views_given"],
            "target": f"{survey.id}:p_channels",
        })  # fmt: skip

    assert response.status_code == 303
    assert response.headers["Location"] == f"/manage/surveys/{survey.id}#q-heard_2"
    questions = stored(db, survey).draft["pages"][1]["questions"]
    assert [(q["code"], q.get("bank")) for q in questions] == [
        ("most_st_sources_other", None),
        ("heard_2", {"instrument": "nq57", "item": "nq57_citizen_heard"}),
        ("sipas_views_given", {"instrument": "sipas-2023", "item": "sipas_views_given"}),
    ]
    assert added_audits(db) == 1
    builder = words(client.get(response.headers["Location"]))
    assert ("Đã thêm 2 câu hỏi từ ngân hàng vào trang “Kênh thông tin”, mã: heard_2, "
            "sipas_views_given.") in builder  # fmt: skip
    assert "Câu nq57_citizen_heard dùng mã heard_2 vì mã heard đã có trong khảo sát." in builder
    assert "sipas_views_given · Có/Không · bắt buộc Nguồn: SIPAS 2023" in builder
    assert "heard_2 · Chọn một · bắt buộc Nguồn: NQ57" in builder


def test_a_published_survey_gets_a_clear_message_and_no_change(client, db, manager):
    survey = make_draft(slug="da-mo")
    publish_survey(survey, actor=None)
    db.session.commit()
    before = survey.draft

    response = client.post(ADD, data={"items": ["sipas_views_given"],
                                      "target": f"{survey.id}:p_about"})  # fmt: skip

    assert response.status_code == 200
    page = words(response)
    assert page.startswith("Lỗi: Ngân hàng câu hỏi")
    assert ("Khảo sát “Khảo sát người dân thử” đang ở trạng thái “Đang mở”: chỉ thêm được câu "
            "hỏi từ ngân hàng vào khảo sát ở trạng thái bản nháp.") in page  # fmt: skip
    assert 'value="sipas_views_given" id="item-sipas_views_given" checked' in (
        response.get_data(as_text=True)
    )
    assert stored(db, survey).draft == before
    assert added_audits(db) == 0


@pytest.mark.parametrize(("data", "message"), [
    ({"target": "{id}:p_about"}, "Chọn ít nhất một câu hỏi để thêm"),
    ({"items": ["no_such_item"], "target": "{id}:p_about"}, "Chọn một mục trong danh sách"),
    ({"items": ["sipas_views_given"], "target": ""}, "Chọn khảo sát và trang để thêm câu hỏi"),
    ({"items": ["sipas_views_given"], "target": "abc"}, "Chọn khảo sát và trang để thêm câu hỏi"),
    ({"items": ["sipas_views_given"], "target": "99999999999:p_about"},
     "Chọn khảo sát và trang để thêm câu hỏi"),
    ({"items": ["sipas_views_given"], "target": "999:p_about"},
     "Chọn khảo sát và trang để thêm câu hỏi"),
    ({"items": ["sipas_views_given"], "target": "{id}:p_gone"},
     "Trang này không còn trong bản nháp của khảo sát. Chọn lại trang."),
])  # fmt: skip
def test_bad_input_is_shown_next_to_the_field_never_a_500(client, db, manager, survey, data,
                                                           message):  # fmt: skip
    data = {k: v.format(id=survey.id) if isinstance(v, str) else v for k, v in data.items()}

    response = client.post(ADD, data=data)

    assert response.status_code == 200
    assert words(response).count(message) == 2  # in the summary and at the field
    assert len(stored(db, survey).draft["pages"][0]["questions"]) == 1


def test_a_post_without_the_csrf_token_is_refused(app, client, db, manager, survey):
    with csrf_enabled(app):
        response = client.post(ADD, data={"items": ["sipas_views_given"],
                                          "target": f"{survey.id}:p_about"})  # fmt: skip

    assert response.status_code == 400
    assert added_audits(db) == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_get_403_and_anonymous_visitors_the_login_page(client, db, login, survey, method):
    url = INDEX if method == "get" else ADD
    data = {"items": ["sipas_views_given"], "target": f"{survey.id}:p_about"}
    send = getattr(client, method)

    assert send(url, data=data).headers["Location"].startswith("/login?next=")
    login(make_user("staff"))
    db.session.commit()
    assert send(url, data=data).status_code == 403
    assert len(stored(db, survey).draft["pages"][0]["questions"]) == 1


def test_the_manage_index_links_to_the_bank(client, manager):
    page = client.get("/manage/").get_data(as_text=True)

    assert 'href="/manage/bank/"' in page
    assert "Mở ngân hàng câu hỏi" in page
