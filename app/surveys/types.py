"""The question types a survey may use, and what each one carries.

One registry, so the builder, the validator, the respondent form and (later) the answer
storage and indicators all agree on what a type is (STYLE.md section 6).
"""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class QuestionType:
    """What a question of this type has and how it is answered."""

    label: object  # lazy string for the builder
    options: str = "none"  # "none", "free" (the designer's), "fixed" (codes set by the type)
    fixed_codes: tuple[str, ...] = ()
    allows_other: bool = False
    answer: str = "value"  # "option", "options", "number", "text", "date", "items", "flag", "none"
    keys: frozenset = frozenset()  # type-specific settings allowed on the question


QUESTION_TYPES: dict[str, QuestionType] = {
    "single_choice": QuestionType(_l("Chọn một"), "free", allows_other=True, answer="option"),
    "multiple_choice": QuestionType(
        _l("Chọn nhiều"), "free", allows_other=True, answer="options",
        keys=frozenset({"min_choices", "max_choices"}),
    ),
    "yes_no": QuestionType(_l("Có/Không"), "fixed", ("yes", "no"), answer="option"),
    "likert5": QuestionType(_l("Thang 5 mức"), "fixed", ("1", "2", "3", "4", "5"), answer="option"),
    "rating10": QuestionType(_l("Điểm từ 0 đến 10"), answer="number"),
    "likert_matrix": QuestionType(
        _l("Bảng nhiều nhận định, thang 5 mức"), "fixed", ("1", "2", "3", "4", "5"),
        answer="items", keys=frozenset({"items"}),
    ),
    "integer": QuestionType(_l("Số nguyên"), answer="number", keys=frozenset({"min", "max"})),
    "decimal": QuestionType(_l("Số thập phân"), answer="number", keys=frozenset({"min", "max"})),
    "short_text": QuestionType(_l("Văn bản ngắn"), answer="text", keys=frozenset({"max_length"})),
    "long_text": QuestionType(_l("Văn bản dài"), answer="text", keys=frozenset({"max_length"})),
    "date": QuestionType(_l("Ngày tháng"), answer="date", keys=frozenset({"min_date", "max_date"})),
    # The commune-level unit where the respondent lives, chosen from the units register (a
    # native list of the 96 communes); weighting by commune population needs it as a code.
    "commune": QuestionType(_l("Xã, phường nơi sinh sống"), answer="unit"),
    "note": QuestionType(_l("Đoạn thông tin (không hỏi)"), answer="none"),
    "consent": QuestionType(_l("Đồng ý tham gia"), answer="flag"),
}  # fmt: skip

CODE_HINT = _l("Chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ; ví dụ aware_channels.")
OPTION_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_]{0,62}$")
CHOICE_TYPES = frozenset(t for t, spec in QUESTION_TYPES.items() if spec.options != "none")
NUMBER_TYPES = frozenset({"integer", "decimal", "rating10"})
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000}

# Labels for the fixed scales in Vietnamese and English; the designer may reword them.
DEFAULT_OPTION_LABELS = {
    "yes_no": {"yes": {"vi": "Có", "en": "Yes"}, "no": {"vi": "Không", "en": "No"}},
    "likert5": {
        "1": {"vi": "Hoàn toàn không đồng ý", "en": "Strongly disagree"},
        "2": {"vi": "Không đồng ý", "en": "Disagree"},
        "3": {"vi": "Bình thường", "en": "Neither agree nor disagree"},
        "4": {"vi": "Đồng ý", "en": "Agree"},
        "5": {"vi": "Hoàn toàn đồng ý", "en": "Strongly agree"},
    },
}
DEFAULT_OPTION_LABELS["likert_matrix"] = DEFAULT_OPTION_LABELS["likert5"]


def default_options(question_type: str, languages: list[str]) -> list[dict]:
    """The fixed options of a type with their default labels, in the survey's languages."""
    labels = DEFAULT_OPTION_LABELS.get(question_type, {})
    return [
        {"code": code, "label": {k: v for k, v in labels[code].items() if k in languages}}
        for code in QUESTION_TYPES[question_type].fixed_codes
    ]
