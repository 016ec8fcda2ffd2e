"""Per-type checks of a question, building its canonical form (used by definition.py)."""

import re

from flask_babel import gettext as _

from app.surveys.types import DEFAULT_MAX_LENGTH, OPTION_CODE_RE, QuestionType

MAX_OPTIONS = 60
MAX_ITEMS = 30
# A bank tag: {"instrument": "sipas-2023", "item": "sipas_info_channels"} (see app/bank).
INSTRUMENT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")
BANK_ITEM_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def check_question(checker, raw: dict, code: str, kind: str, spec: QuestionType, earlier) -> dict:
    """The canonical question; problems go to ``checker.fail``."""
    question = {"code": code, "type": kind, "text": checker.text(raw.get("text"), _("nội dung"))}
    help_text = checker.text(raw.get("help"), _("gợi ý"), required=False, limit=500)
    if help_text:
        question["help"] = help_text
    required = raw.get("required", False)
    if not isinstance(required, bool):
        checker.fail(_("required phải là true hoặc false"))
        required = False
    if kind == "consent":
        required = True  # consent is the condition for taking part
    if kind == "note" and required:
        checker.fail(_("đoạn thông tin không thể bắt buộc"))
        required = False
    question["required"] = required
    if spec.options != "none":
        question["options"] = _options(checker, raw.get("options"), spec)
    elif raw.get("options"):
        checker.fail(_("loại câu hỏi này không có phương án"))
    if raw.get("other"):
        if not spec.allows_other:
            checker.fail(_("loại câu hỏi này không có lựa chọn 'Khác, ghi rõ'"))
        elif raw["other"] is not True:
            checker.fail(_("other phải là true hoặc false"))
        else:
            question["other"] = True
    RULES.get(kind, _no_rules)(checker, raw, question)
    if raw.get("show_if") is not None:
        question["show_if"] = checker.show_if(raw["show_if"], earlier)
    if raw.get("bank") is not None:
        question["bank"] = _bank_tag(checker, raw["bank"])
    return question


def _bank_tag(checker, raw) -> dict:
    """The question's origin in the question bank; kept as given, so results stay comparable.

    Only its shape is checked: a file from another deployment may name an instrument this
    one's bank does not hold, and the tag must still survive import and publication.
    """
    if not isinstance(raw, dict):
        checker.fail(_('bank phải là đối tượng {"instrument": "…", "item": "…"}'))
        return {}
    checker.unknown_keys(raw, {"instrument", "item"})
    instrument, item = raw.get("instrument"), raw.get("item")
    if not isinstance(instrument, str) or not INSTRUMENT_RE.match(instrument):
        checker.fail(_("mã bộ công cụ `%(code)s` chỉ gồm a-z, 0-9 và dấu gạch ngang",
                       code=instrument))  # fmt: skip
    if not isinstance(item, str) or not BANK_ITEM_RE.match(item):
        checker.fail(_("mã câu hỏi trong ngân hàng `%(code)s` chỉ gồm a-z, 0-9 và _", code=item))
    return {"instrument": instrument, "item": item}


def _options(checker, raw, spec: QuestionType) -> list[dict]:
    if not isinstance(raw, list) or len(raw) < 2:
        checker.fail(_("cần ít nhất hai phương án"))
        return []
    if len(raw) > MAX_OPTIONS:
        checker.fail(_("tối đa %(n)s phương án", n=MAX_OPTIONS))
    options, seen = [], set()
    for item in raw:
        if not isinstance(item, dict):
            checker.fail(_("phương án phải là một đối tượng"))
            continue
        checker.unknown_keys(item, {"code", "label", "exclusive"})
        code = item.get("code")
        code = str(code) if isinstance(code, int) and not isinstance(code, bool) else code
        if not isinstance(code, str) or not OPTION_CODE_RE.match(code):
            checker.fail(_("mã phương án `%(code)s` chỉ gồm a-z, 0-9 và _", code=code))
            code = str(code)
        elif code in seen:
            checker.fail(_("mã phương án `%(code)s` bị lặp", code=code))
        seen.add(code)
        option = {
            "code": code,
            "label": checker.text(item.get("label"), _("nhãn phương án"), limit=300),
        }
        if item.get("exclusive"):
            option["exclusive"] = True
        options.append(option)
    if spec.options == "fixed" and [o["code"] for o in options] != list(spec.fixed_codes):
        codes = ", ".join(spec.fixed_codes)
        checker.fail(_("loại câu hỏi này phải có đúng các mã phương án: %(codes)s", codes=codes))
    return options


def _multiple(checker, raw: dict, question: dict) -> None:
    count = len(question["options"])
    low = checker.number(raw.get("min_choices"), whole=True)
    high = checker.number(raw.get("max_choices"), whole=True)
    if low is not None:
        if not 1 <= low <= count:
            checker.fail(_("min_choices phải từ 1 đến số phương án"))
        question["min_choices"] = low
    if high is not None:
        if not 1 <= high <= count:
            checker.fail(_("max_choices phải từ 1 đến số phương án"))
        question["max_choices"] = high
    if low is not None and high is not None and low > high:
        checker.fail(_("min_choices phải nhỏ hơn hoặc bằng max_choices"))


def _range(checker, raw: dict, question: dict) -> None:
    whole = question["type"] == "integer"
    low, high = (
        checker.number(raw.get("min"), whole=whole),
        checker.number(raw.get("max"), whole=whole),
    )
    if low is not None:
        question["min"] = low
    if high is not None:
        question["max"] = high
    if low is not None and high is not None and low > high:
        checker.fail(_("min phải nhỏ hơn hoặc bằng max"))


def _text(checker, raw: dict, question: dict) -> None:
    limit = checker.number(raw.get("max_length"), whole=True)
    if limit is None:
        limit = DEFAULT_MAX_LENGTH[question["type"]]
    elif not 1 <= limit <= 10_000:
        checker.fail(_("max_length phải từ 1 đến 10000"))
    question["max_length"] = limit


def _date(checker, raw: dict, question: dict) -> None:
    low, high = checker.iso_date(raw.get("min_date")), checker.iso_date(raw.get("max_date"))
    if low:
        question["min_date"] = low
    if high:
        question["max_date"] = high
    if low and high and low > high:
        checker.fail(_("min_date phải trước hoặc bằng max_date"))


def _matrix(checker, raw: dict, question: dict) -> None:
    items = raw.get("items")
    if not isinstance(items, list) or not items:
        checker.fail(_("bảng cần ít nhất một nhận định"))
        items = []
    if len(items) > MAX_ITEMS:
        checker.fail(_("tối đa %(n)s nhận định", n=MAX_ITEMS))
    result, seen = [], set()
    for item in items:
        if not isinstance(item, dict):
            checker.fail(_("nhận định phải là một đối tượng"))
            continue
        checker.unknown_keys(item, {"code", "label"})
        code = checker.code(item.get("code"))
        if code in seen:
            checker.fail(_("mã nhận định `%(code)s` bị lặp", code=code))
        seen.add(code)
        result.append(
            {"code": code, "label": checker.text(item.get("label"), _("nhận định"), limit=300)}
        )
    question["items"] = result


def _no_rules(_checker, _raw: dict, _question: dict) -> None:
    """Types with nothing beyond text, help and options."""


RULES = {
    "multiple_choice": _multiple,
    "integer": _range,
    "decimal": _range,
    "short_text": _text,
    "long_text": _text,
    "date": _date,
    "likert_matrix": _matrix,
}
