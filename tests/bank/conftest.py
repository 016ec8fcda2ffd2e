"""Draft surveys to add bank items to, and a signed-in manager."""

import pytest

from tests.factories import make_user

DRAFT = {
    "languages": ["vi"],
    "title": {"vi": "Khảo sát người dân thử"},
    "pages": [
        {"code": "p_about", "title": {"vi": "Về Ông/Bà"}, "questions": [
            {"code": "heard", "type": "yes_no", "text": {"vi": "Ông/Bà đã nghe chưa?"},
             "required": True, "options": [{"code": "yes", "label": {"vi": "Có"}},
                                           {"code": "no", "label": {"vi": "Không"}}]},
        ]},
        {"code": "p_channels", "title": {"vi": "Kênh thông tin"}, "questions": [
            {"code": "most_st_sources_other", "type": "short_text",
             "text": {"vi": "Một câu có mã trùng tên trường"}, "required": False,
             "max_length": 200},
        ]},
    ],
}  # fmt: skip


def make_draft(actor=None, *, slug: str = "nguoi-dan-thu", languages=("vi",), draft=None):
    """A draft citizen survey holding DRAFT (or ``draft``), flushed."""
    from app.surveys.services import create_survey, edit_draft

    survey = create_survey(slug=slug, audience="citizen", title="Khảo sát người dân thử",
                           languages=list(languages), is_anonymous=True, actor=actor)  # fmt: skip
    edit_draft(survey, {**(draft or DRAFT), "languages": ["vi", *languages[1:]]})
    return survey


@pytest.fixture
def manager(db, login):
    user = make_user("manager", full_name="Trần Thị Quản Lý")
    db.session.commit()
    assert login(user).status_code == 303
    return user


@pytest.fixture
def survey(db):
    survey = make_draft()
    db.session.commit()
    return survey
