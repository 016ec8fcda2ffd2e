"""The benchmark survey: one page of 12 questions, created through the app's own services.

Run as a script (by load_submit.py, with APP_ENV, SECRET_KEY and DATABASE_URL set) it creates
and publishes the survey, makes one public link, and prints {"token": …, "commune": …} as JSON.
``answer_form`` builds the answers a respondent posts; each of the 12 questions yields exactly
one stored answer row, so a complete response is 1 response row + 12 answer rows.
"""

import json
import random
import sys
from pathlib import Path

SLUG = "bench-nguoi-dan"
ANSWER_ROWS = 12


def _q(code, kind, vi, en, **extra):
    return {"code": code, "type": kind, "text": {"vi": vi, "en": en}, "required": True, **extra}


def _options(*labels: str) -> list[dict]:
    """Options from "code=Vietnamese label" strings."""
    return [{"code": c, "label": {"vi": label}} for c, label in (x.split("=") for x in labels)]


YES_NO = _options("yes=Có", "no=Không")
LIKERT5 = _options("1=Hoàn toàn không đồng ý", "2=Không đồng ý", "3=Bình thường", "4=Đồng ý",
                   "5=Hoàn toàn đồng ý")  # fmt: skip
AGES = _options("a18=18-29", "a30=30-44", "a45=45-59", "a60=Từ 60")
CHANNELS = _options("tv=Truyền hình", "radio=Loa phát thanh", "zalo=Zalo",
                    "portal=Cổng thông tin", "meeting=Họp dân", "paper=Báo in")  # fmt: skip

QUESTIONS = [
    _q("consent", "consent", "Tôi đã đọc thông tin về khảo sát.", "I have read about it."),
    _q("commune", "commune", "Ông/Bà đang sống ở xã, phường nào?", "Where do you live?"),
    _q("age_group", "single_choice", "Ông/Bà bao nhiêu tuổi?", "Age?", options=AGES, other=True),
    _q(
        "channels", "multiple_choice", "Nhận thông tin qua kênh nào?", "Channels?", options=CHANNELS
    ),
    _q("heard_nq57", "yes_no", "Ông/Bà đã nghe về Nghị quyết 57?", "Heard?", options=YES_NO),
    _q("used_online", "yes_no", "Đã dùng dịch vụ công trực tuyến?", "Used?", options=YES_NO),
    _q("info_useful", "likert5", "Thông tin hữu ích.", "Useful.", options=LIKERT5),
    _q("info_easy", "likert5", "Thông tin dễ hiểu.", "Easy to understand.", options=LIKERT5),
    _q("recommend", "rating10", "Ông/Bà chấm điểm từ 0 đến 10.", "Score from 0 to 10."),
    _q("household", "integer", "Hộ gia đình có mấy người?", "Household size?", min=1, max=30),
    _q("occupation", "short_text", "Nghề nghiệp của Ông/Bà?", "Your occupation?"),
    _q("suggestion", "long_text", "Góp ý của Ông/Bà?", "Your suggestions?"),
]
assert len(QUESTIONS) == ANSWER_ROWS

DOCUMENT = {
    "languages": ["vi", "en"],
    "title": {"vi": "Khảo sát đo hiệu năng", "en": "Benchmark survey"},
    "description": {"vi": "Một trang, 12 câu hỏi.", "en": "One page, 12 questions."},
    "pages": [{"code": "p_all", "title": {"vi": "Câu hỏi"}, "questions": QUESTIONS}],
}

OCCUPATIONS = ["Nông dân", "Giáo viên", "Công nhân", "Kinh doanh", "Sinh viên", "Cán bộ hưu trí"]
SUGGESTIONS = [
    "Nên phát thêm thông tin qua loa phát thanh của thôn.",
    "Cần hướng dẫn người lớn tuổi dùng dịch vụ công trực tuyến.",
    "Thông tin trên Zalo của xã rất hữu ích, mong được cập nhật thường xuyên hơn.",
]


def answer_form(commune: str, rng: random.Random) -> list[tuple[str, str]]:
    """Valid answers to every question as form fields, one stored row per question."""
    pick = rng.choice
    return [
        ("website", ""),  # the robots' trap field, left empty as browsers send it
        ("q_consent", "yes"),
        ("q_commune", commune),
        ("q_age_group", pick(["a18", "a30", "a45", "a60"])),
        ("q_age_group_other", ""),
        ("q_channels", pick(["tv", "radio", "zalo", "portal", "meeting", "paper"])),
        ("q_channels_other", ""),
        ("q_heard_nq57", pick(["yes", "no"])),
        ("q_used_online", pick(["yes", "no"])),
        ("q_info_useful", pick("12345")),
        ("q_info_easy", pick("12345")),
        ("q_recommend", str(rng.randint(0, 10))),
        ("q_household", str(rng.randint(1, 9))),
        ("q_occupation", pick(OCCUPATIONS)),
        ("q_suggestion", pick(SUGGESTIONS)),
    ]


def create() -> dict:
    """Create, publish and link the survey; the caller's environment names the database."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from app import create_app
    from app.extensions import db
    from app.responses.links import create_link
    from app.surveys.services import create_survey, edit_draft, publish_survey
    from app.units.queries import list_communes

    app = create_app()
    with app.app_context():
        survey = create_survey(slug=SLUG, audience="citizen", title=DOCUMENT["title"]["vi"],
                               languages=DOCUMENT["languages"], is_anonymous=True)  # fmt: skip
        edit_draft(survey, DOCUMENT)
        publish_survey(survey, actor=None)
        link = create_link(survey, kind="public", label="benchmark")
        db.session.commit()
        return {"token": link.token, "commune": list_communes()[0].code, "survey_id": survey.id}


if __name__ == "__main__":
    print(json.dumps(create()))
