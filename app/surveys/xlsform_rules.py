"""What XLSForm's cells, columns, types and expressions mean in a survey (used by xlsform.py).

XLSForm's ``constraint`` and ``relevant`` columns hold XPath. Only the patterns that map onto a
question's min/max, max_length, min_choices/max_choices and onto ``show_if`` are read; anything
else gives None so the caller reports it, rather than importing a form whose logic was dropped.
"""

import re
from datetime import date, datetime

from app.common.text import clean_text

SIMPLE_TYPES = {
    "integer": "integer", "decimal": "decimal", "text": "short_text", "date": "date",
    "note": "note", "acknowledge": "consent", "trigger": "consent",
}  # fmt: skip
SELECT_TYPES = {"select_one": "single_choice", "select_multiple": "multiple_choice"}
# Filled in by the data collection app; they carry no question.
METADATA_TYPES = frozenset({"start", "end", "today", "deviceid", "imei", "username", "audit",
                            "phonenumber", "simserial", "subscriberid"})  # fmt: skip
TYPE_ALIASES = {"begin group": "begin_group", "end group": "end_group",
                "begin repeat": "begin_repeat", "end repeat": "end_repeat",
                "select one": "select_one", "select multiple": "select_multiple",
                "select all that apply": "select_multiple"}  # fmt: skip
# Columns whose content changes what is asked or stored; a survey here cannot express them.
UNSUPPORTED_COLUMNS = frozenset({
    "choice_filter", "default", "calculation", "read_only", "trigger", "repeat_count",
    "parameters", "image", "audio", "video", "big-image", "media", "bind", "body", "instance",
})  # fmt: skip

_LANGUAGE = re.compile(r"^.*\((?P<code>[^()]*)\)$")  # "Tiếng Việt (vi)"
_NUMBER = r"-?\d{1,15}(?:\.\d{1,6})?"  # bounded: no 400-digit numbers reach float()
_REF = r"\$\{\s*(?P<question>[^{}\s]+)\s*\}"
_QUOTED = r"(?P<quote>['\"])(?P<code>[^'\"]*)(?P=quote)"
_JOINER = re.compile(r"\s+(and|or)\s+")
_BOUND = re.compile(rf"^(?P<subject>[^<>=]+?)\s*(?P<op><=|>=)\s*(?P<value>{_NUMBER})$")
_EQUALS = re.compile(rf"^{_REF}\s*=\s*{_QUOTED}$")
_SELECTED = re.compile(rf"^selected\(\s*{_REF}\s*,\s*{_QUOTED}\s*\)$")
_COMPARE = re.compile(rf"^{_REF}\s*(?P<op><=|>=)\s*(?P<value>{_NUMBER})$")

# Question type -> (what the constraint bounds, the key for >=, the key for <=).
_CONSTRAINTS = {
    "integer": (".", "min", "max"),
    "decimal": (".", "min", "max"),
    "short_text": ("string-length(.)", None, "max_length"),
    "long_text": ("string-length(.)", None, "max_length"),
    "multiple_choice": ("count-selected(.)", "min_choices", "max_choices"),
}
_TRUE = {"yes", "true", "true()", "1"}
_FALSE = {"", "no", "false", "false()", "0"}


def cell_text(value: object) -> str:
    """A cell as text: Excel's TRUE as "true", 15.0 as "15", dates in ISO, text NFC."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return clean_text(str(value).replace("\r\n", "\n"))


class Columns:
    """A sheet's header: plain columns by name, texts by (name, language), unsupported ones."""

    def __init__(self, header: list[str]):
        self.header = header
        self.plain: dict[str, int] = {}
        self.texts: dict[tuple[str, str], int] = {}
        self.unsupported: list[tuple[int, str]] = []

    def get(self, cells: list[str], name: str) -> str:
        """The row's value in a plain column ("" when the column is absent)."""
        index = self.plain.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def text(self, cells: list[str], name: str, languages: list[str]) -> dict[str, str]:
        """The column's text in every language that has one, in the survey's order."""
        found = {}
        for lang in languages:
            index = self.texts.get((name, lang))
            if index is not None and index < len(cells) and cells[index]:
                found[lang] = cells[index]
        return found


def type_words(written: str) -> list[str]:
    """The words of a type, its keyword lower-cased and spelled the canonical way."""
    words = written.split()
    for alias, canonical in TYPE_ALIASES.items():
        size = alias.count(" ") + 1
        if [w.lower() for w in words[:size]] == alias.split(" "):
            return [canonical, *words[size:]]
    return [words[0].lower(), *words[1:]] if words else [""]


def language_code(written: str) -> str:
    """The code in "Tiếng Việt (vi)", or the text itself lower-cased ("vi")."""
    match = _LANGUAGE.match(written.strip())
    return (match["code"] if match else written).strip().lower()


def is_yes_no(options: list[dict]) -> bool:
    """Whether a choice list is exactly yes and no, which the yes_no type asks better."""
    return sorted(o["code"] for o in options) == ["no", "yes"]


def parse_flag(value: str) -> bool | None:
    """XLSForm's yes/no (``required``): True, False, or None when it is neither."""
    value = value.strip().lower()
    if value in _TRUE:
        return True
    return False if value in _FALSE else None


def _number(text: str) -> int | float:
    """A number as written, whole unless it has a decimal point."""
    return float(text) if "." in text else int(text)


def _terms(expression: str) -> tuple[list[str], set[str]]:
    """The terms of an expression joined by ``and``/``or``, and the joiners it used."""
    parts = _JOINER.split(expression.strip())
    return [p.strip() for p in parts[::2]], set(parts[1::2])


def parse_constraint(expression: str, question_type: str) -> dict | None:
    """The question settings a simple range constraint means, or None if it is not one."""
    if question_type not in _CONSTRAINTS:
        return None
    subject, low_key, high_key = _CONSTRAINTS[question_type]
    terms, joiners = _terms(expression)
    if joiners - {"and"} or len(terms) > 2:
        return None
    result: dict = {}
    for term in terms:
        match = _BOUND.match(term)
        if not match or re.sub(r"\s+", "", match["subject"]) != subject:
            return None
        key = low_key if match["op"] == ">=" else high_key
        if key is None or key in result:
            return None
        result[key] = _number(match["value"])
    return result


def parse_relevant(expression: str) -> dict | None:
    """The ``show_if`` a simple relevant means, or None if it is not one."""
    terms, joiners = _terms(expression)
    choices = [_EQUALS.match(t) or _SELECTED.match(t) for t in terms]
    if all(choices) and joiners <= {"or"}:
        return _same_question(choices, {"any_of": list(dict.fromkeys(m["code"] for m in choices))})
    ranges = [_COMPARE.match(t) for t in terms]
    if not all(ranges) or joiners - {"and"} or len(ranges) > 2:
        return None
    bounds = {("min" if m["op"] == ">=" else "max"): _number(m["value"]) for m in ranges}
    if len(bounds) != len(ranges):
        return None  # the same bound twice
    return _same_question(ranges, bounds)


def _same_question(matches: list[re.Match], condition: dict) -> dict | None:
    """The condition on the one question every term names; None if they name several."""
    names = {m["question"] for m in matches}
    if len(names) != 1:
        return None
    return {"question": names.pop(), **condition}
