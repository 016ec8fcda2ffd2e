"""Plausible synthetic answers for the demo, given page by page through the real response
service (save_page, then submit_response), so they obey show-if conditions, required
questions, exclusive options and choice limits exactly as a respondent's answers would.

Option codes are never invented here: values are drawn from each question's own options.
The tables below only weigh the codes they name; an option they do not name weighs 1
(single choice) or has a 30 % chance (multiple choice), so an edited survey still works.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from app.db import utcnow
from app.responses.answers import OTHER, PageAnswers
from app.responses.models import Response
from app.responses.services import save_page, stored_answers, submit_response
from app.surveys.logic import visible_pages, visible_questions

# Per audience and question code: relative weights (single choice, likert, matrix levels) or
# the chance of ticking each option (multiple choice; for an exclusive option, the chance of
# answering with it alone). OTHER is the "other, please specify" answer.
PROFILES: dict[str, dict[str, dict]] = {
    "citizen": {
        "age_band": {"18_24": 12, "25_34": 20, "35_44": 23, "45_54": 20, "55_64": 15,
                     "65_plus": 10},
        "sex": {"male": 47, "female": 50, "no_answer": 3},
        "heard": {"yes": 72, "no": 21, "dont_know": 7},
        "channels_grassroots": {"loudspeaker": 0.55, "notice_board": 0.35, "meeting": 0.3,
                                "digital_team": 0.22, "commune_online": 0.16, "none": 0.04,
                                "dont_know": 0.03},
        "channels_other": {"social_network": 0.6, "television": 0.45, "family_friends": 0.3,
                           "radio": 0.14, "newspaper": 0.12, "website": 0.1, OTHER: 0.02,
                           "none": 0.05},
        "usefulness": {"1": 3, "2": 8, "3": 27, "4": 40, "5": 22},
        "topics": {"digital_services": 0.45, "cybersecurity": 0.4, "digital_skills": 0.35,
                   "st_production": 0.3, "ecommerce": 0.25, "innovation": 0.15, OTHER: 0.02,
                   "none": 0.07},
        "bdhvs_aware": {"yes": 45, "no": 55},
        "digital_team_help": {"yes": 36, "no": 30, "not_needed": 34},
        "fill_mode": {"self": 82, "assisted": 18},
    },
    "staff": {
        "informed": {"yes": 85, "no": 9, "dont_remember": 6},
        "informed_forms": {"conference": 0.7, "documents": 0.6, "thematic_meeting": 0.45,
                           "portal": 0.3, "social_network": 0.25, OTHER: 0.03},
        "know_1": {"dec_2024": 70, "dec_2023": 8, "oct_2025": 7, "dont_know": 15},
        "know_2": {"pct_100": 55, "pct_80": 20, "pct_50": 5, "dont_know": 20},
        "know_3": {"grassroots": 65, "libraries": 5, "schools": 8, "dont_know": 22},
        "know_4": {"dx_centre": 45, "posts_telecom": 25, "sci_mgmt": 8, "dont_know": 22},
        "know_5": {"oct_10": 75, "oct_1": 6, "may_18": 6, "dont_know": 13},
        "comm_role": {"yes": 30, "no": 70},
        "trained_digital_comm": {"yes": 40, "no": 60},
        "trained_st_content": {"yes": 35, "no": 65},
    },
    "enterprise": {
        "size_band": {"micro": 55, "small": 30, "medium": 11, "large": 4},
        "aware_nq57": {"yes": 62, "no": 38},
        "aware_policies": {"yes": 25, "partly": 45, "no": 30},
        "attended_training": {"yes": 30, "no": 70},
        "channels": {"social_network": 0.5, "official_docs": 0.45, "press": 0.35,
                     "dost_portal": 0.3, "events": 0.25, "association": 0.2, "partners": 0.2,
                     OTHER: 0.02, "none": 0.06},
        "dx_actions": {"e_invoice": 0.8, "digital_signature": 0.7, "cashless": 0.6,
                       "ecommerce": 0.3, "cloud_software": 0.3, "rnd": 0.08,
                       "tech_transfer": 0.05, OTHER: 0.02, "none": 0.04},
        "followup_consent": {"yes": 30, "no": 70},
    },
    "research": {
        "has_comm_plan": {"yes": 55, "no": 45},
        "channels": {"own_website": 0.6, "journals": 0.55, "events": 0.45, "press": 0.35,
                     "social_network": 0.35, "fairs": 0.25, "direct": 0.3, "grassroots": 0.1,
                     "none": 0.03},
    },
}  # fmt: skip
# Whole numbers as (low, high, most likely).
NUMBERS = {"events_held": (0, 15, 2), "results_published": (0, 40, 4)}
# Optional free texts: the chance of writing one, and what people write.
TEXTS = {
    "problems_for_scientists": (0.35, [
        "Cần giải pháp truy xuất nguồn gốc sản phẩm nông sản bằng mã QR.",
        "Cần công nghệ bảo quản thủy sản sau khai thác để giảm hao hụt.",
        "Mong được hỗ trợ chuyển đổi sang hóa đơn điện tử và phần mềm kế toán.",
        "Cần tư vấn đăng ký nhãn hiệu và sở hữu trí tuệ cho sản phẩm địa phương.",
        "Cần quy trình sấy dược liệu đạt chuẩn để xuất khẩu.",
        "Mong có chuyên gia hỗ trợ tự động hóa dây chuyền đóng gói.",
    ]),
    "support_needed": (0.6, [
        "Hỗ trợ kinh phí tổ chức hội thảo giới thiệu kết quả nghiên cứu.",
        "Tập huấn kỹ năng viết tin, bài và làm video ngắn về khoa học.",
        "Kết nối với doanh nghiệp có nhu cầu ứng dụng kết quả nghiên cứu.",
        "Được đăng kết quả nghiên cứu trên cổng thông tin của Sở.",
    ]),
}  # fmt: skip
# What people write after "other, please specify", by question code.
OTHER_TEXTS = {
    "channels_other": ["Hội Nông dân", "Hội Phụ nữ", "Nhà chùa, nhà thờ"],
    "topics": ["Giống cây trồng mới", "Phòng chống lừa đảo qua mạng"],
    "informed_forms": ["Sinh hoạt chi bộ", "Đồng nghiệp trao đổi"],
    "channels": ["Hiệp hội ngành hàng", "Ngân hàng giới thiệu"],
    "dx_actions": ["Phần mềm quản lý bán hàng", "Chấm công bằng vân tay"],
}
OPTIONAL_ANSWERED = 0.8  # the chance of answering an optional question that is not text


@dataclass
class Respondent:
    """One synthetic respondent: answers decided up front and per-person adjustments."""

    rng: random.Random
    audience: str
    # question code -> value, used when it is valid; "<code>__other" -> that "other" text
    fixed: dict = field(default_factory=dict)
    tweaks: dict = field(default_factory=dict)  # question code -> {option: weight}

    def table(self, code: str) -> dict:
        return {**PROFILES.get(self.audience, {}).get(code, {}), **self.tweaks.get(code, {})}


def _weighted(rng: random.Random, codes: list[str], table: dict) -> str:
    return rng.choices(codes, weights=[table.get(c, 1) for c in codes])[0]


def _other_text(question: dict, person: Respondent) -> str:
    code = question["code"]
    fixed = person.fixed.get(f"{code}__other")
    return fixed or person.rng.choice(OTHER_TEXTS.get(code, ["Khác"]))


def _multiple(question: dict, person: Respondent) -> list[str]:
    rng, table = person.rng, person.table(question["code"])
    options = question.get("options", [])
    exclusive = [o["code"] for o in options if o.get("exclusive")]
    plain = [o["code"] for o in options if not o.get("exclusive")]
    plain += [OTHER] if question.get("other") else []
    for code in exclusive:  # an exclusive answer is always given alone
        if rng.random() < table.get(code, 0.02):
            return [code]
    chosen = [c for c in plain if rng.random() < table.get(c, 0.0 if c == OTHER else 0.3)]
    low = max(question.get("min_choices") or 0, 1 if question.get("required") else 0)
    while len(chosen) < low and len(chosen) < len(plain):
        rest = [c for c in plain if c not in chosen and c != OTHER] or [OTHER]
        chosen.append(rng.choices(rest, weights=[table.get(c, 0.3) for c in rest])[0])
    if not chosen and low and exclusive:
        return [exclusive[0]]
    high = question.get("max_choices")
    if high and len(chosen) > high:
        chosen = rng.sample(chosen, high)
    return [c for c in plain if c in chosen]


def _number(question: dict, person: Respondent):
    if question["type"] == "rating10":
        return round(person.rng.triangular(0, 10, 8))
    least, most = question.get("min"), question.get("max")
    base = least or 0
    low, high, mode = NUMBERS.get(question["code"], (base, base + 20, base + 2))
    low = max(low, least) if least is not None else low
    high = min(high, most) if most is not None else high
    value = person.rng.triangular(low, high, min(max(mode, low), high))
    if question["type"] == "decimal":
        return min(max(Decimal(str(round(value, 1))), Decimal(str(low))), Decimal(str(high)))
    return min(max(round(value), math.ceil(low)), math.floor(high))


def _date(question: dict, person: Respondent) -> date:
    low = date.fromisoformat(question["min_date"]) if question.get("min_date") else None
    high = date.fromisoformat(question["max_date"]) if question.get("max_date") else utcnow().date()
    low = low or high - timedelta(days=365)
    return low + timedelta(days=person.rng.randint(0, max((high - low).days, 0)))


def _valid(question: dict, value) -> bool:
    """Whether a value decided up front is one of the question's own options."""
    valid = {o["code"] for o in question.get("options", [])}
    valid |= {OTHER} if question.get("other") else set()
    if question["type"] == "multiple_choice":
        return bool(value) and set(value) <= valid
    return value in valid if valid else True


def answer_for(question: dict, person: Respondent) -> tuple[object, str | None] | None:
    """(value, other text) for one shown question, or None to leave it unanswered."""
    code, kind, rng = question["code"], question["type"], person.rng
    options = [o["code"] for o in question.get("options", [])]
    fixed = person.fixed.get(code)
    if fixed is not None and _valid(question, fixed):
        chosen = fixed if kind == "multiple_choice" else [fixed]
        return fixed, (_other_text(question, person) if OTHER in chosen else None)
    if kind == "note":
        return None
    if kind in {"short_text", "long_text"}:
        chance, texts = TEXTS.get(code, (0.0, []))
        if texts and (question.get("required") or rng.random() < chance):
            return rng.choice(texts)[: question.get("max_length", 2000)], None
        return ("Không có ý kiến", None) if question.get("required") else None
    if not question.get("required") and kind != "consent" and rng.random() > OPTIONAL_ANSWERED:
        return None
    if kind == "consent":
        return True, None
    if kind in {"single_choice", "yes_no", "likert5"}:
        choices = options + ([OTHER] if question.get("other") and OTHER in person.table(code)
                             else [])  # fmt: skip
        value = _weighted(rng, choices, person.table(code))
        return value, (_other_text(question, person) if value == OTHER else None)
    if kind == "multiple_choice":
        value = _multiple(question, person)
        return (value, _other_text(question, person) if OTHER in value else None) if value else None
    if kind == "likert_matrix":
        table = person.table(code) or {c: i + 1 for i, c in enumerate(options)}
        return {i["code"]: _weighted(rng, options, table) for i in question["items"]}, None
    if kind in {"integer", "decimal", "rating10"}:
        return _number(question, person), None
    if kind == "date":
        return _date(question, person), None
    return None  # a commune question without a fixed commune, or a type this does not know


def answer_response(response: Response, person: Respondent, *, pages: int | None = None) -> None:
    """Answer the respondent's pages in order, as the form would post them, then submit.

    With ``pages``, stop after that many pages and leave the response a draft.
    """
    definition = response.version.definition
    done: list[str] = []
    while pages is None or len(done) < pages:
        answers = stored_answers(response)
        page = next((p for p in visible_pages(definition, answers) if p["code"] not in done),
                    None)  # fmt: skip
        if page is None:
            break
        questions = visible_questions(page, answers)
        result = PageAnswers()
        for question in questions:
            picked = answer_for(question, person)
            if picked is not None:
                result.values[question["code"]] = picked[0]
                if picked[1] is not None:
                    result.other[question["code"]] = picked[1]
        save_page(response, questions, result)
        done.append(page["code"])
    if pages is None:
        submit_response(response)
