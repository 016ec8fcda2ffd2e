"""A small survey with one question of every answered type, in Vietnamese and English."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.responses.answers import OTHER, PageAnswers
from app.responses.links import create_link
from app.responses.services import save_page, start_response, submit_response
from app.surveys.services import create_survey, edit_draft, publish_survey
from app.units.queries import get_unit_by_code
from tests.indicators.test_views import manager, plan  # noqa: F401 - fixtures for the table

ATTACK = "=cmd|' /C calc'!A0"


def _t(vi: str, en: str) -> dict:
    return {"vi": vi, "en": en}


def _options(*pairs) -> list[dict]:
    return [{"code": code, "label": _t(vi, en)} for code, vi, en in pairs]


DEFINITION = {
    "languages": ["vi", "en"],
    "title": _t("Khảo sát xuất dữ liệu", "Export survey"),
    "pages": [
        {
            "code": "p1",
            "title": _t("Trang một", "Page one"),
            "questions": [
                {"code": "consent", "type": "consent",
                 "text": _t("Thông báo dài về dữ liệu cá nhân…", "A long privacy notice…")},
                {"code": "commune", "type": "commune", "text": _t("Xã, phường?", "Commune?")},
                {"code": "channel", "type": "single_choice", "other": True,
                 "text": _t("Kênh chính?", "Main channel?"),
                 "options": _options(("loa", "Loa truyền thanh", "Loudspeaker"),
                                     ("zalo", "Zalo của xã", "Commune Zalo"))},
                {"code": "topics", "type": "multiple_choice", "other": True,
                 "text": _t("Chủ đề?", "Topics?"),
                 "options": _options(("ai", "Trí tuệ nhân tạo", "AI"),
                                     ("dvc", "Dịch vụ công", "Public services"))},
                {"code": "rate", "type": "likert_matrix", "text": _t("Đánh giá", "Rating"),
                 "options": _options(*[(str(n), f"Mức {n}", f"Level {n}") for n in range(1, 6)]),
                 "items": [{"code": "speed", "label": _t("Nhanh", "Fast")},
                           {"code": "clear", "label": _t("Dễ hiểu", "Clear")}]},
                {"code": "people", "type": "integer", "text": _t("Số người?", "People?")},
                {"code": "hours", "type": "decimal", "text": _t("Số giờ?", "Hours?")},
                {"code": "day", "type": "date", "text": _t("Ngày?", "Day?")},
                {"code": "note", "type": "short_text", "text": _t("Ý kiến khác", "Comments")},
            ],
        }
    ],
}  # fmt: skip

ANSWERS = [
    (
        {"consent": True, "commune": "21034", "channel": "loa", "topics": ["ai", "dvc"],
         "rate": {"speed": "5", "clear": "4"}, "people": 3, "hours": Decimal("2.5"),
         "day": date(2026, 5, 18), "note": "Cần bản tin \"tiếng Hrê\",\r\nở thôn Gò"},
        {},
        datetime(2026, 8, 1, 2, 30, tzinfo=UTC),
    ),
    (
        {"consent": True, "commune": "21034", "channel": OTHER, "topics": [OTHER],
         "note": ATTACK},
        {"channel": "+84 nhóm Facebook", "topics": "@mạng xã hội"},
        datetime(2026, 8, 2, 17, 5, tzinfo=UTC),  # 00:05 on 3 August in Vietnam
    ),
    (
        {"consent": True, "channel": "zalo", "people": 0, "hours": Decimal("-0.25")},
        {},
        datetime(2026, 9, 30, 10, 0, tzinfo=UTC),
    ),
]  # fmt: skip


@pytest.fixture
def export_survey(db, seeded):
    """The survey, published, with a poster link and three submitted responses (ids 1-3)."""
    from freezegun import freeze_time

    survey = create_survey(slug="xuat-du-lieu", audience="citizen", title="Khảo sát xuất dữ liệu",
                           languages=["vi", "en"], is_anonymous=True)  # fmt: skip
    edit_draft(survey, DEFINITION)
    publish_survey(survey, actor=None)
    link = create_link(survey, label="Bảng tin xã An Phú", commune=get_unit_by_code("21034"))
    questions = DEFINITION["pages"][0]["questions"]
    for values, other, when in ANSWERS:
        response = start_response(survey, link=link)
        asked = [q for q in questions if q["code"] in values]
        save_page(response, asked, PageAnswers(values=values, other=other))
        with freeze_time(when):
            submit_response(response)
    db.session.commit()
    return survey
