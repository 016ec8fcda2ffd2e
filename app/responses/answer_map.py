"""Each response's answers as one flat map, kept beside the long-form answer rows.

The answer rows are what SQL counts; the map is what exports read: one key per export column,
so a million responses come out of one scan of ``responses`` rather than a pivot of twelve
million answer rows. It is rebuilt from the rows whenever a page is saved and on submission
(app.responses.services), in the same transaction.

Keys and values, for a question ``q``:

* one answer (single choice, yes/no, scale, commune): ``q`` -> the option code;
* multiple choice: ``q`` -> how many options were chosen, ``q.<option>`` -> 1 for each;
* the text typed with "Khác": ``q._other`` -> the text;
* matrix: ``q.<item>`` -> the level's code;
* numbers: ``q`` -> the number as text without trailing zeros ("3", "2.5", "-0.25");
* dates: ``q`` -> "yyyy-mm-dd"; text: ``q`` -> the text (line breaks as LF); consent:
  ``q`` -> 1.
"""

from collections.abc import Iterable
from decimal import Decimal

from app.responses.answers import OTHER

OTHER_KEY = "_other"  # option codes start with a letter or digit, so this cannot clash
MULTIPLE = "multiple_choice"


def option_key(question: str, option: str) -> str:
    return f"{question}.{option}"


def other_key(question: str) -> str:
    return f"{question}.{OTHER_KEY}"


def number_text(value: Decimal) -> str:
    """3.0000 -> "3", 2.5000 -> "2.5", 100 -> "100" (never "1E+2")."""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def one_newline(text: str) -> str:
    """Browsers send a textarea's line breaks as CR LF; the map keeps LF alone."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def build_answer_map(types: dict[str, str], answers: Iterable) -> dict:
    """The map of a response's answers (objects with Answer's attributes); ``types`` gives
    each question's type by its code (a question no longer defined counts as one answer)."""
    result: dict = {}
    for answer in answers:
        code = answer.question_code
        if answer.option_code == OTHER and answer.text:
            result[other_key(code)] = one_newline(answer.text)
        if answer.item_code is not None:
            result[option_key(code, answer.item_code)] = answer.option_code
        elif types.get(code) == MULTIPLE:
            result[option_key(code, answer.option_code)] = 1
            result[code] = result.get(code, 0) + 1
        elif types.get(code) == "consent":
            result[code] = 1
        elif answer.option_code is not None:
            result[code] = answer.option_code
        elif answer.number is not None:
            result[code] = number_text(Decimal(answer.number))
        elif answer.date_value is not None:
            result[code] = answer.date_value.isoformat()
        elif answer.text is not None:
            result[code] = one_newline(answer.text)
    return result


def question_types(definition: dict) -> dict[str, str]:
    """Question code -> type, for build_answer_map."""
    return {q["code"]: q["type"] for page in definition["pages"] for q in page["questions"]}
