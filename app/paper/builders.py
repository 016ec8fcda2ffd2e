"""One builder per question type: the kind-specific fields of its printed Block (a registry,
as STYLE.md section 6 asks, instead of branches spread over the template)."""

import math
from collections.abc import Callable

from flask_babel import get_locale
from flask_babel import gettext as _

from app.paper import skips
from app.paper.blocks import Context, Option, Text, text_in
from app.responses.answers import OTHER

DEFAULT_INTEGER_DIGITS = 6
DEFAULT_DECIMALS = 2
MAX_DIGITS = 14  # answers are stored as NUMERIC(18, 4), at most 10^13
MAX_DECIMALS = 4
COMMUNE_CODE_DIGITS = 5  # statistical codes of communes


def _options(question: dict, context: Context) -> tuple[list[Option], list[Option]]:
    """Regular options, then "Khác (ghi rõ)", and the exclusive ones apart, numbered in order."""
    arrows = skips.option_arrows(question, context.governed.get(question["code"], []))
    regular, exclusive = [], []
    for option in question.get("options", []):
        target = exclusive if option.get("exclusive") else regular
        label = text_in(option.get("label"), context.language) or Text(option["code"], "vi")
        target.append((option["code"], label))
    if question.get("other"):
        # The interface's own words: in the locale of the form (Vietnamese for minority languages).
        regular.append((OTHER, Text(_("Khác (ghi rõ):"), str(get_locale()))))
    made = [
        Option(key=n, label=label, arrows=tuple(arrows.get(code, ())), write_in=code == OTHER)
        for n, (code, label) in enumerate([*regular, *exclusive], start=1)
    ]
    return made[: len(regular)], made[len(regular) :]


def _choices(question: dict, context: Context) -> dict:
    regular, exclusive = _options(question, context)
    if question["type"] == "multiple_choice":
        instruction = _multiple_instruction(
            question.get("min_choices"), question.get("max_choices")
        )
    else:
        instruction = _("(Chọn một)")
    kind = "scale" if question["type"] in {"yes_no", "likert5"} else "choices"
    return {"kind": kind, "options": tuple(regular), "exclusive": tuple(exclusive),
            "instructions": (instruction,)}  # fmt: skip


def _multiple_instruction(low: int | None, high: int | None) -> str:
    if low and high:
        if low == high:
            return _("(Chọn đúng %(n)s phương án)", n=low)
        return _("(Chọn từ %(min)s đến %(max)s phương án phù hợp)", min=low, max=high)
    if low and low > 1:
        return _("(Chọn ít nhất %(min)s phương án phù hợp)", min=low)
    if high:
        return _("(Chọn tối đa %(max)s phương án phù hợp)", max=high)
    return _("(Chọn tất cả phương án phù hợp)")


def _rating(_question: dict, context: Context) -> dict:
    options = tuple(Option(key=n, label=Text(str(n), context.language)) for n in range(11))
    return {"kind": "rating", "options": options,
            "instructions": (_("(Chọn một số từ 0 đến 10)"),)}  # fmt: skip


def _matrix(question: dict, context: Context) -> dict:
    regular, _exclusive = _options(question, context)
    items = tuple(
        text_in(item.get("label"), context.language) or Text(item["code"], "vi")
        for item in question.get("items", [])
    )
    return {"kind": "matrix", "options": tuple(regular), "items": items,
            "instructions": (_("(Mỗi dòng chọn một ô)"),)}  # fmt: skip


def _number(question: dict, _context: Context) -> dict:
    low, high = question.get("min"), question.get("max")
    decimal = question["type"] == "decimal"
    bounds = [abs(v) for v in (low, high) if v is not None]
    digits = len(str(math.floor(max(bounds)))) if high is not None else DEFAULT_INTEGER_DIGITS
    decimals = 0
    if decimal:
        places = [skips.decimal_places(v) for v in (low, high) if v is not None]
        decimals = min(max([DEFAULT_DECIMALS, *places]), MAX_DECIMALS)
    instructions = [_("(Viết mỗi chữ số vào một ô)")]
    if low is not None and low < 0:
        digits += 1  # a box for the minus sign
        instructions.append(_("(Số âm: viết dấu trừ vào ô đầu tiên)"))
    span = _range(low, high, skips.format_bound)
    if span:
        instructions.append(span)
    return {"kind": "number", "digits": min(digits, MAX_DIGITS), "decimals": decimals,
            "instructions": tuple(instructions)}  # fmt: skip


def _range(low, high, fmt: Callable) -> str | None:
    if low is not None and high is not None:
        return _("(Từ %(min)s đến %(max)s)", min=fmt(low), max=fmt(high))
    if low is not None:
        return _("(Từ %(min)s trở lên)", min=fmt(low))
    if high is not None:
        return _("(Từ %(max)s trở xuống)", max=fmt(high))
    return None


def _date(question: dict, _context: Context) -> dict:
    def day(iso: str) -> str:
        year, month, dd = iso.split("-")
        return f"{dd}/{month}/{year}"

    span = _range(question.get("min_date"), question.get("max_date"), day)
    instructions = (_("(Ngày/tháng/năm, ví dụ 27/03/2025)"), *([span] if span else []))
    return {"kind": "date", "instructions": instructions}


def _lines(question: dict, _context: Context) -> dict:
    limit = question.get("max_length", 200)
    if question["type"] == "short_text":
        lines = 1 if limit <= 60 else 2
    else:
        lines = 4 if limit < 1000 else 6
    privacy = _("Không ghi họ tên, số điện thoại hay thông tin cá nhân khác.")
    return {"kind": "text", "lines": lines, "instructions": (privacy,)}


def _commune(_question: dict, _context: Context) -> dict:
    return {"kind": "commune", "digits": COMMUNE_CODE_DIGITS}


def _plain(kind: str) -> Callable[[dict, Context], dict]:
    return lambda _question, _context: {"kind": kind}


BUILDERS: dict[str, Callable[[dict, Context], dict]] = {
    "single_choice": _choices,
    "multiple_choice": _choices,
    "yes_no": _choices,
    "likert5": _choices,
    "rating10": _rating,
    "likert_matrix": _matrix,
    "integer": _number,
    "decimal": _number,
    "short_text": _lines,
    "long_text": _lines,
    "date": _date,
    "commune": _commune,
    "note": _plain("note"),
    "consent": _plain("consent"),
}
