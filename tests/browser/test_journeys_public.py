"""A citizen's journey from a QR code on a 360×740 phone, with and without JavaScript: the
language switch, consent, one wrong answer shown in both languages with every other answer
kept, the correction, the receipt, and exactly one stored response."""

import re

import pytest
import sqlalchemy as sa

from app.responses.links import create_link
from app.responses.models import Link, Response
from app.surveys.services import create_survey, edit_draft, publish_survey
from app.units.queries import get_unit_by_code
from tests.browser.conftest import PHONE


def _both(vi: str, en: str) -> dict:
    return {"vi": vi, "en": en}


DEFINITION = {
    "languages": ["vi", "en"],
    "title": _both("Người dân và thông tin khoa học", "Residents and science news"),
    "pages": [
        {
            "code": "p_consent",
            "title": _both("Thông tin về khảo sát", "About this survey"),
            "questions": [
                {"code": "consent", "type": "consent", "required": True,
                 "text": _both("Sở Khoa học và Công nghệ thực hiện khảo sát này. "
                               "Tham gia là tự nguyện.",
                               "The Department of Science and Technology carries out this "
                               "survey. Taking part is voluntary.")},
            ],
        },
        {
            "code": "p_about",
            "title": _both("Về Ông/Bà", "About you"),
            "questions": [
                {"code": "commune", "type": "commune", "required": True,
                 "text": _both("Ông/Bà đang sống ở xã, phường nào?",
                               "Which commune or ward do you live in?")},
                {"code": "age", "type": "integer", "min": 18, "max": 120, "required": True,
                 "text": _both("Ông/Bà bao nhiêu tuổi?", "How old are you?")},
                {"code": "heard", "type": "single_choice", "required": True,
                 "text": _both("Ông/Bà có nghe về Nghị quyết 57 không?",
                               "Have you heard of Resolution 57?"),
                 "options": [{"code": "yes", "label": _both("Có", "Yes")},
                             {"code": "no", "label": _both("Không", "No")}]},
                {"code": "ideas", "type": "short_text",
                 "text": _both("Ý kiến khác", "Other comments")},
            ],
        },
    ],
}  # fmt: skip

IDEAS = "Cần thêm tài liệu về chuyển đổi số"
# Words the English page may keep in Vietnamese: the province's name.
PROPER_NAMES = re.compile(r"Quảng Ngãi")
VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE
)
# The page's own words as a reader or a screen reader meets them, leaving out what is meant
# to stay Vietnamese (marked lang="vi", such as the language buttons) and the commune list.
PAGE_WORDS = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[lang]:not([lang=en]), select, script, style').forEach(e => e.remove());
  return body.textContent + ' ' + document.title;
}"""


@pytest.fixture
def qr_link(db, seeded):
    """A published bilingual citizen survey and its poster link for Tịnh Khê."""
    survey = create_survey(slug="nguoi-dan-thu", audience="citizen", title="Người dân thử",
                           languages=["vi", "en"], is_anonymous=True)  # fmt: skip
    edit_draft(survey, DEFINITION)
    publish_survey(survey, actor=None)
    link = create_link(survey, label="Bảng tin xã Tịnh Khê", commune=get_unit_by_code("21211"))
    db.session.commit()
    return link


def _stored(db) -> list[dict]:
    """Every stored response as plain values, with its answers by question code."""
    rows = [
        {"status": r.status, "receipt": r.receipt_code, "link_id": r.link_id,
         "commune_id": r.commune_id,
         "answers": {a.question_code: a.option_code or a.text or a.number for a in r.answers}}
        for r in db.session.scalars(sa.select(Response))
    ]  # fmt: skip
    db.session.rollback()  # no read lock held while the server writes (SQLite)
    return rows


def _fits_the_phone(page) -> None:
    """Nothing wider than the 360 px screen: no sideways scrolling on a phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _untranslated(page) -> list[str]:
    """Vietnamese words left on a page shown in English."""
    text = PROPER_NAMES.sub("", page.evaluate(PAGE_WORDS))
    return sorted({w for w in text.split() if VIETNAMESE_LETTERS.search(w)})


def _answers_kept(page) -> None:
    assert page.input_value("#q_commune") == "21211"
    assert page.input_value("#q_age") == "200"
    assert page.is_checked("#q_heard-1")
    assert page.input_value("#q_ideas") == IDEAS


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_citizen_answers_from_a_qr_code_on_a_phone(request, javascript, live_server, open_page,
                                                      qr_link, db, csrf):  # fmt: skip
    if javascript:
        page = request.getfixturevalue("phone")
        page.set_default_timeout(10000)
    else:
        page = open_page(viewport=PHONE, is_mobile=True, has_touch=True,
                         java_script_enabled=False)  # fmt: skip
    url = live_server.url
    page.goto(f"{url}/s/{qr_link.token}")
    assert page.get_attribute("html", "lang") == "vi"
    page.get_by_text("Tham gia là tự nguyện.").wait_for()
    _fits_the_phone(page)

    # vi → en: the notice, the consent box and the page's own words change language.
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert "Taking part is voluntary." in page.inner_text("main")
    assert page.is_visible("label:has-text('I agree to take part in the survey')")
    assert page.title().startswith("About this survey")
    assert _untranslated(page) == []
    page.check("#q_consent")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/p_about")

    # One wrong answer (an age out of range) among four.
    assert page.get_attribute("html", "lang") == "en"
    assert page.is_visible("text=How old are you?")
    page.select_option("#q_commune", "21211")
    page.fill("#q_age", "200")
    page.check("#q_heard-1")
    page.fill("#q_ideas", IDEAS)
    page.get_by_role("button", name="Submit your answers").click()
    page.wait_for_selector(".error-summary")
    assert page.inner_text(".error-summary h2") == "There is a problem"
    assert page.locator(".error-summary li").all_inner_texts() == [
        "The number must be between 18 and 120"
    ]
    assert "The number must be between 18 and 120" in page.inner_text("#q_age-error")
    assert page.title().startswith("Error:")
    _answers_kept(page)
    _fits_the_phone(page)
    assert _untranslated(page) == []

    # en → vi with the answers still typed in; the same mistake, now in Vietnamese.
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_selector("html[lang=vi]")
    assert page.is_visible("text=Ông/Bà bao nhiêu tuổi?")
    _answers_kept(page)
    page.get_by_role("button", name="Gửi câu trả lời").click()
    page.wait_for_selector(".error-summary")
    assert page.inner_text(".error-summary h2") == "Có lỗi cần sửa"
    assert page.locator(".error-summary li").all_inner_texts() == ["Số phải từ 18 đến 120"]
    _answers_kept(page)
    assert [r["status"] for r in _stored(db)] == ["draft"]  # consent saved, nothing submitted

    page.fill("#q_age", "40")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    page.wait_for_url("**/thanks")
    assert page.inner_text("h1") == "Đã gửi câu trả lời"
    assert "Mã biên nhận của Ông/Bà" in page.inner_text("main")
    receipt = page.inner_text(".code").strip()
    _fits_the_phone(page)
    page.reload()  # reloading the receipt sends nothing again

    tinh_khe = get_unit_by_code("21211").id
    assert _stored(db) == [
        {"status": "complete", "receipt": receipt, "link_id": qr_link.id, "commune_id": tinh_khe,
         "answers": {"consent": "yes", "commune": "21211", "age": 40, "heard": "yes",
                     "ideas": IDEAS}},
    ]  # fmt: skip
    counts = tuple(db.session.execute(sa.select(Link.starts, Link.completes)).one())
    db.session.rollback()
    assert counts == (1, 1)
