"""Skip instructions in words, made from the show-if conditions.

Paper cannot hide a question, so a condition becomes a sentence on each question it governs,
"(Chỉ trả lời nếu câu 4 chọn “Có”)", and arrows beside the options of the question that
controls it: "Nếu chọn phương án này, trả lời câu 5–7" / "…, bỏ qua câu 5–7". A page's
condition governs every question on the page. Call these inside the locale of the form.
"""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from app.common.text import format_number
from app.responses.answers import OTHER

# Types whose options take one answer, so that every option not leading to a question skips it.
SINGLE_ANSWER_TYPES = frozenset({"single_choice", "yes_no", "likert5"})


@dataclass(frozen=True)
class Governed:
    """A numbered question shown only when ``condition`` holds."""

    number: int
    condition: dict


def conditions_of(page: dict, question: dict) -> list[dict]:
    """The page's condition and the question's own, each once."""
    found = []
    for condition in (page.get("show_if"), question.get("show_if")):
        if condition and condition not in found:
            found.append(condition)
    return found


def number_list(numbers) -> str:
    """Question numbers as a reader scans them: 5–7, 9 (runs of three or more joined)."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(n) for n in run)
    return ", ".join(parts)


def format_bound(value) -> str:
    """A bound of a condition or a range as the form's language writes it (1.000 or 2,5)."""
    if value == int(value):
        return format_number(int(value))
    return format_number(value, decimal_places(value))


def decimal_places(value) -> int:
    """Digits after the decimal point of a number as written in the definition (2.25 -> 2)."""
    return max(0, -Decimal(str(value)).normalize().as_tuple().exponent)


def quoted_choices(labels: list[str]) -> str:
    """“A”, “B” hoặc “C”."""
    quoted = [f"“{label}”" for label in labels]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(options)s hoặc %(last)s", options=", ".join(quoted[:-1]), last=quoted[-1])


def condition_sentence(condition: dict, number: int, labels: dict[str, str]) -> str:
    """The sentence on a governed question; ``number`` is the controlling question's number and
    ``labels`` its option labels by code, in the form's language."""
    if "any_of" in condition:
        chosen = [label for code, label in labels.items() if code in condition["any_of"]]
        return _("(Chỉ trả lời nếu câu %(n)s chọn %(options)s)", n=number,
                 options=quoted_choices(chosen))  # fmt: skip
    low, high = condition.get("min"), condition.get("max")
    if low is not None and high is not None:
        return _("(Chỉ trả lời nếu câu %(n)s từ %(min)s đến %(max)s)", n=number,
                 min=format_bound(low), max=format_bound(high))  # fmt: skip
    if low is not None:
        return _("(Chỉ trả lời nếu câu %(n)s từ %(min)s trở lên)", n=number, min=format_bound(low))
    return _("(Chỉ trả lời nếu câu %(n)s từ %(max)s trở xuống)", n=number, max=format_bound(high))


def governed_by(definition: dict, numbers: dict[str, int]) -> dict[str, list[Governed]]:
    """Controlling question code -> the numbered questions its answer decides, in order."""
    governed: dict[str, list[Governed]] = {}
    for page in definition["pages"]:
        for question in page["questions"]:
            if question["code"] not in numbers:
                continue
            for condition in conditions_of(page, question):
                entry = Governed(numbers[question["code"]], condition)
                governed.setdefault(condition["question"], []).append(entry)
    return governed


def option_arrows(question: dict, governed: list[Governed]) -> dict[str, list[str]]:
    """Option code -> the instructions printed beside it (the "other" option as OTHER)."""
    codes = [o["code"] for o in question.get("options", [])]
    if question.get("other"):
        codes.append(OTHER)
    # A question may hang on this one twice (its page's condition and its own): both must hold.
    wanted: dict[int, list[set]] = {}
    for g in governed:
        if "any_of" in g.condition:
            wanted.setdefault(g.number, []).append(set(g.condition["any_of"]))
    arrows: dict[str, list[str]] = {}
    for code in codes:
        answer = {n for n, sets in wanted.items() if all(code in s for s in sets)}
        skip = set(wanted) - answer
        sentences = []
        if answer:
            sentences.append(_("Nếu chọn phương án này, trả lời câu %(numbers)s",
                               numbers=number_list(answer)))  # fmt: skip
        if skip and question["type"] in SINGLE_ANSWER_TYPES:
            sentences.append(_("Nếu chọn phương án này, bỏ qua câu %(numbers)s",
                               numbers=number_list(skip)))  # fmt: skip
        if sentences:
            arrows[code] = sentences
    return arrows
