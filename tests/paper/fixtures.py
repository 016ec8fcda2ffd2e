"""A definition with every question type and every kind of show-if condition."""

from app.surveys.definition import parse_definition

GIA_RAI = "Ơ\u0306 ư\u0306 hơ\u0306k"  # o-horn and u-horn with a combining breve


def _options(*pairs):
    return [{"code": code, "label": {"vi": vi, "en": en}} for code, vi, en in pairs]


RAW = {
    "languages": ["vi", "en", "jra"],
    "title": {"vi": "Khảo sát thử mọi loại câu hỏi", "en": "Every question type", "jra": GIA_RAI},
    "description": {"vi": "Phiếu thử.", "en": "A test form."},
    "pages": [
        {
            "code": "p1",
            "title": {"vi": "Bắt đầu", "en": "Start"},
            "questions": [
                {
                    "code": "consent",
                    "type": "consent",
                    "text": {
                        "vi": "Thông báo về dữ liệu.\nTham gia là tự nguyện.",
                        "en": "About your data.\nTaking part is voluntary.",
                    },
                },
                {"code": "intro", "type": "note", "text": {"vi": "Xin chào.", "en": "Hello."}},
                {
                    "code": "commune",
                    "type": "commune",
                    "required": True,
                    "text": {"vi": "Ông/Bà sống ở xã, phường nào?", "en": "Where do you live?"},
                },
                {
                    "code": "heard",
                    "type": "single_choice",
                    "required": True,
                    "text": {"vi": "Ông/Bà có nghe thông tin không?", "en": "Did you hear?"},
                    "options": _options(
                        ("yes", "Có", "Yes"),
                        ("no", "Không", "No"),
                        ("dont_know", "Không biết", "Don't know"),
                    ),
                    "other": True,
                },
                {
                    "code": "age",
                    "type": "integer",
                    "min": 15,
                    "max": 120,
                    "required": True,
                    "text": {"vi": "Ông/Bà bao nhiêu tuổi?", "en": "How old are you?"},
                },
            ],
        },
        {
            "code": "p2",
            "title": {"vi": "Kênh thông tin", "en": "Channels"},
            "show_if": {"question": "heard", "any_of": ["yes"]},
            "questions": [
                {
                    "code": "channels",
                    "type": "multiple_choice",
                    "min_choices": 1,
                    "max_choices": 3,
                    "text": {"vi": "Qua kênh nào?", "en": "Through which channels?"},
                    "help": {"vi": "Chọn tất cả các mục phù hợp.", "en": "Select all that apply."},
                    "options": _options(
                        ("loa", "Loa truyền thanh", "Loudspeakers"),
                        ("zalo", "Zalo của xã", "Commune Zalo"),
                        ("none", "Không kênh nào", "No channel"),
                    ),
                    "other": True,
                },
                {
                    "code": "useful",
                    "type": "likert5",
                    "required": True,
                    "text": {"vi": "Thông tin có hữu ích không?", "en": "Was it useful?"},
                    "options": _options(
                        ("1", "Rất không hữu ích", "Not at all"),
                        ("2", "Không hữu ích", "Not useful"),
                        ("3", "Bình thường", "Neutral"),
                        ("4", "Hữu ích", "Useful"),
                        ("5", "Rất hữu ích", "Very useful"),
                    ),
                },
            ],
        },
        {
            "code": "p3",
            "title": {"vi": "Ý kiến", "en": "Views"},
            "questions": [
                {
                    "code": "adult",
                    "type": "yes_no",
                    "text": {"vi": "Ông/Bà có đi làm không?", "en": "Do you work?"},
                    "options": _options(("yes", "Có", "Yes"), ("no", "Không", "No")),
                    "show_if": {"question": "age", "min": 18},
                },
                {
                    "code": "score",
                    "type": "rating10",
                    "text": {"vi": "Chấm điểm từ 0 đến 10", "en": "Score from 0 to 10"},
                    "show_if": {"question": "age", "min": 18, "max": 65},
                },
                {
                    "code": "matrix",
                    "type": "likert_matrix",
                    "text": {"vi": "Mức đồng ý", "en": "How far do you agree"},
                    "items": [
                        {"code": "a", "label": {"vi": "Dễ hiểu", "en": "Clear"}},
                        {"code": "b", "label": {"vi": "Kịp thời"}},
                    ],
                    "options": _options(
                        ("1", "Rất không đồng ý", "Strongly disagree"),
                        ("2", "Không đồng ý", "Disagree"),
                        ("3", "Bình thường", "Neutral"),
                        ("4", "Đồng ý", "Agree"),
                        ("5", "Rất đồng ý", "Strongly agree"),
                    ),
                },
                {
                    "code": "income",
                    "type": "decimal",
                    "min": 0,
                    "max": 999.5,
                    "text": {"vi": "Thu nhập (triệu đồng/tháng)", "en": "Income (million VND)"},
                    "show_if": {"question": "age", "max": 60},
                },
                {
                    "code": "staff",
                    "type": "integer",
                    "text": {"vi": "Số lao động (người)", "en": "Employees (people)"},
                    "show_if": {"question": "heard", "any_of": ["no", "dont_know"]},
                },
                {
                    "code": "trained_on",
                    "type": "date",
                    "text": {"vi": "Ngày tập huấn", "en": "Training date"},
                },
                {
                    "code": "name_it",
                    "type": "short_text",
                    "text": {"vi": "Tên chương trình", "en": "Programme name"},
                },
                {
                    "code": "ideas",
                    "type": "long_text",
                    "text": {"vi": "Ý kiến khác", "en": "Other comments"},
                },
            ],
        },
    ],
}


def every_type_definition() -> dict:
    return parse_definition(RAW)
