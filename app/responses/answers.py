"""Reading a respondent's answers to one page from the posted form, type by type.

``read_page`` returns the typed answers and, for each question that is not right, one
message in the respondent's language naming the fix (UX.md 2.6). What was typed is never
changed here: the form is re-rendered from the raw values.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from app.common.text import clean_text, format_number, has_control_chars

OTHER = "__other__"
MAX_ANSWER_NUMBER = Decimal(10) ** 13
_GROUPED = re.compile(r"^-?\d{1,3}([ .\u00a0]\d{3})+(,\d+)?$")


@dataclass
class PageAnswers:
    """Typed answers by question code, the "other" texts, and errors by field key."""

    values: dict = field(default_factory=dict)
    other: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)


def read_page(questions: list[dict], form, communes: set[str] | None = None) -> PageAnswers:
    """Check the posted answers to ``questions`` (the visible ones of a page)."""
    result = PageAnswers()
    for question in questions:
        reader = READERS.get(question["type"])
        if reader is not None:
            reader(question, form, result, communes or set())
    return result


def _name(question: dict) -> str:
    return f"q_{question['code']}"


def _missing(question: dict, result: PageAnswers, message: str) -> None:
    if question.get("required"):
        result.errors[question["code"]] = message


def _choice(question, form, result, _communes) -> None:
    code, name = question["code"], _name(question)
    value = form.get(name, "")
    valid = {o["code"] for o in question.get("options", [])}
    if question.get("other"):
        valid.add(OTHER)
    other = clean_text(form.get(f"{name}_other", ""))
    if not value:
        if other and question.get("other"):
            result.errors[code] = _("Chọn 'Khác' nếu Ông/Bà ghi rõ câu trả lời khác")
        else:
            _missing(question, result, _("Chọn một phương án trả lời"))
        return
    if value not in valid:
        result.errors[code] = _("Chọn một trong các phương án có sẵn")
        return
    if not _other_ok(question, value == OTHER, other, result):
        return
    result.values[code] = value
    if value == OTHER:
        result.other[code] = other


def _other_ok(question, chose_other: bool, other: str, result: PageAnswers) -> bool:
    code = question["code"]
    if chose_other and not other:
        result.errors[f"{code}_other"] = _("Ghi rõ câu trả lời khác")
        result.errors.setdefault(code, _("Ghi rõ câu trả lời khác"))
        return False
    if not chose_other and other:
        result.errors[code] = _("Chọn 'Khác' nếu Ông/Bà ghi rõ câu trả lời khác")
        return False
    if len(other) > 200 or has_control_chars(other):
        result.errors[f"{code}_other"] = _("Câu trả lời phải có tối đa 200 ký tự")
        result.errors.setdefault(code, _("Câu trả lời phải có tối đa 200 ký tự"))
        return False
    return True


def _multiple(question, form, result, _communes) -> None:
    code, name = question["code"], _name(question)
    chosen = list(dict.fromkeys(form.getlist(name)))
    options = question.get("options", [])
    valid = {o["code"] for o in options} | ({OTHER} if question.get("other") else set())
    exclusive = {o["code"] for o in options if o.get("exclusive")}
    other = clean_text(form.get(f"{name}_other", ""))
    if not chosen:
        if other and question.get("other"):
            result.errors[code] = _("Chọn 'Khác' nếu Ông/Bà ghi rõ câu trả lời khác")
        else:
            _missing(question, result, _("Chọn ít nhất một phương án"))
        return
    if any(c not in valid for c in chosen):
        result.errors[code] = _("Chọn trong các phương án có sẵn")
        return
    if exclusive & set(chosen) and len(chosen) > 1:
        result.errors[code] = _("Phương án này không chọn cùng các phương án khác")
        return
    low, high = question.get("min_choices"), question.get("max_choices")
    if low and len(chosen) < low:
        result.errors[code] = _("Chọn ít nhất %(n)s phương án", n=low)
        return
    if high and len(chosen) > high:
        result.errors[code] = _("Chọn nhiều nhất %(n)s phương án", n=high)
        return
    if not _other_ok(question, OTHER in chosen, other, result):
        return
    result.values[code] = chosen
    if OTHER in chosen:
        result.other[code] = other


def parse_number(raw: str, *, whole: bool) -> Decimal | None:
    """A number as people type it: "1.234", "1 234", "2,5", "-3"; None if it is not one."""
    text = clean_text(raw).replace("\u00a0", " ")
    if _GROUPED.match(text):
        text = re.sub(r"[ .]", "", text)
    text = text.replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text) or len(text) > 20:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if whole and value != value.to_integral_value():
        return None
    if abs(value) >= MAX_ANSWER_NUMBER:  # what the answers table can hold
        return None
    return value


def _range_message(question) -> str:
    low, high = question.get("min"), question.get("max")
    if low is not None and high is not None:
        return _("Số phải từ %(low)s đến %(high)s", low=format_number(low, _digits(low)),
                 high=format_number(high, _digits(high)))  # fmt: skip
    if low is not None:
        return _("Số phải từ %(low)s trở lên", low=format_number(low, _digits(low)))
    return _("Số phải nhỏ hơn hoặc bằng %(high)s", high=format_number(high, _digits(high)))


def _digits(value) -> int:
    return 0 if float(value) == int(value) else 2


def _number(question, form, result, _communes) -> None:
    code = question["code"]
    raw = form.get(_name(question), "")
    if not clean_text(raw):
        _missing(question, result, _("Nhập một số"))
        return
    whole = question["type"] in {"integer", "rating10"}
    value = parse_number(raw, whole=whole)
    if value is None:
        result.errors[code] = (
            _("Nhập một số nguyên, ví dụ 12") if whole else _("Nhập một số, ví dụ 2,5")
        )
        return
    low = 0 if question["type"] == "rating10" else question.get("min")
    high = 10 if question["type"] == "rating10" else question.get("max")
    if (low is not None and value < Decimal(str(low))) or (
        high is not None and value > Decimal(str(high))
    ):
        result.errors[code] = _range_message({"min": low, "max": high})
        return
    result.values[code] = int(value) if whole else value


def _text(question, form, result, _communes) -> None:
    code = question["code"]
    value = clean_text(form.get(_name(question), ""))
    if not value:
        _missing(question, result, _("Nhập câu trả lời"))
        return
    limit = question.get("max_length", 2000)
    if len(value) > limit:
        result.errors[code] = _("Câu trả lời phải có tối đa %(n)s ký tự", n=format_number(limit))
        return
    if has_control_chars(value.replace("\n", "").replace("\r", "")):
        result.errors[code] = _("Câu trả lời có ký tự không hợp lệ")
        return
    result.values[code] = value


def _date(question, form, result, _communes) -> None:
    code, name = question["code"], _name(question)
    parts = {p: clean_text(form.get(f"{name}_{p}", "")) for p in ("day", "month", "year")}
    if not any(parts.values()):
        _missing(question, result, _("Nhập ngày, tháng và năm"))
        return
    labels = {"day": _("ngày"), "month": _("tháng"), "year": _("năm")}
    for part, text in parts.items():
        if not text:
            result.errors[code] = _("Ngày phải có %(part)s", part=labels[part])
            result.errors[f"{code}__field"] = f"{name}_{part}"
            return
    try:
        value = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        result.errors[code] = _("Ngày phải là ngày có thật")
        return
    low, high = question.get("min_date"), question.get("max_date")
    if (low and value.isoformat() < low) or (high and value.isoformat() > high):
        result.errors[code] = _("Ngày nằm ngoài khoảng cho phép")
        return
    result.values[code] = value


def _matrix(question, form, result, _communes) -> None:
    code = question["code"]
    valid = {o["code"] for o in question.get("options", [])}
    values, missing = {}, False
    for item in question.get("items", []):
        value = form.get(f"{_name(question)}__{item['code']}", "")
        if not value:
            missing = True
        elif value not in valid:
            result.errors[code] = _("Chọn trong các mức có sẵn")
            return
        else:
            values[item["code"]] = value
    if missing and question.get("required"):
        result.errors[code] = _("Chọn một mức cho mỗi nhận định")
        return
    if values:
        result.values[code] = values


def _commune(question, form, result, communes) -> None:
    code = question["code"]
    value = form.get(_name(question), "")
    if not value:
        _missing(question, result, _("Chọn xã, phường nơi Ông/Bà đang sống"))
        return
    if value not in communes:
        result.errors[code] = _("Chọn xã, phường trong danh sách")
        return
    result.values[code] = value


def _consent(question, form, result, _communes) -> None:
    if form.get(_name(question)) == "yes":
        result.values[question["code"]] = True
    else:
        result.errors[question["code"]] = _(
            "Đánh dấu vào ô 'Tôi đồng ý tham gia khảo sát' để bắt đầu"
        )


READERS: dict[str, Callable] = {
    "single_choice": _choice,
    "yes_no": _choice,
    "likert5": _choice,
    "multiple_choice": _multiple,
    "rating10": _number,
    "integer": _number,
    "decimal": _number,
    "short_text": _text,
    "long_text": _text,
    "date": _date,
    "likert_matrix": _matrix,
    "commune": _commune,
    "consent": _consent,
}
