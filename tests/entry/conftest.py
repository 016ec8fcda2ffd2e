"""A small published citizen survey for keying paper forms, and signed-in clerks."""

import pytest

from app.surveys.services import create_survey, edit_draft, publish_survey
from tests.factories import make_user


def _options(*pairs):
    return [{"code": code, "label": {"vi": label}} for code, label in pairs]


DEFINITION = {
    "languages": ["vi"],
    "title": {"vi": "Phiếu giấy thử"},
    "pages": [
        {
            "code": "p1",
            "title": {"vi": "Về Ông/Bà"},
            "questions": [
                {"code": "commune", "type": "commune", "required": True,
                 "text": {"vi": "Ông/Bà sống ở xã, phường nào?"}},
                {"code": "age", "type": "integer", "min": 15, "max": 120, "required": True,
                 "text": {"vi": "Ông/Bà bao nhiêu tuổi?"}},
                {"code": "heard", "type": "single_choice", "required": True,
                 "text": {"vi": "Ông/Bà có nghe về Nghị quyết 57 không?"},
                 "options": _options(("yes", "Có"), ("no", "Không")), "other": True},
            ],
        },
        {
            "code": "p2",
            "title": {"vi": "Kênh thông tin"},
            "show_if": {"question": "heard", "any_of": ["yes"]},
            "questions": [
                {"code": "channels", "type": "multiple_choice", "required": True,
                 "text": {"vi": "Qua kênh nào?"},
                 "options": _options(("loa", "Loa truyền thanh"), ("zalo", "Zalo của xã"),
                                     ("tv", "Truyền hình"))},
            ],
        },
        {
            "code": "p3",
            "title": {"vi": "Ý kiến"},
            "questions": [
                {"code": "ideas", "type": "short_text", "text": {"vi": "Ý kiến khác"}},
            ],
        },
    ],
}  # fmt: skip


def make_entry_survey(slug: str = "phieu-giay-thu"):
    survey = create_survey(slug=slug, audience="citizen", title="Phiếu giấy thử",
                           languages=["vi"], is_anonymous=True)  # fmt: skip
    edit_draft(survey, {**DEFINITION})
    publish_survey(survey, actor=None)
    return survey


@pytest.fixture
def survey(db, seeded):
    made = make_entry_survey()
    db.session.commit()
    return made


@pytest.fixture
def clerks(db):
    """Two managers who key forms, and a third who supervises."""
    made = [make_user("manager", full_name=f"Cán bộ {n}") for n in (1, 2, 3)]
    db.session.commit()
    return made


# A complete, valid paper form: Tịnh Khê, 34 years, heard of it, loudspeakers and Zalo.
ANSWERS = {"q_commune": "21211", "q_age": "34", "q_heard": "yes", "q_channels": ["loa", "zalo"],
           "q_ideas": "Cần thêm tài liệu"}  # fmt: skip


@pytest.fixture
def sign_in(client, login):
    """Sign ``user`` in on the test client, signing out whoever was signed in before."""

    def do_sign_in(user):
        client.post("/logout")
        assert login(user).status_code in {302, 303}

    return do_sign_in
