"""A whole paper form on one page: its fields, reading them as the web form does, comparing
two passes and saying each answer in words.

The web form reads one page at a time with ``read_page``; here every page is read in turn,
in the survey's order, each seeing the answers of the pages before it, so a question hidden
by show-if is neither asked for nor kept, exactly as on the web.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.common.text import clean_text, format_number
from app.paper.layout import build_questionnaire
from app.responses.answers import OTHER, PageAnswers, read_page
from app.surveys.logic import condition_met, visible_questions

UNANSWERABLE = frozenset({"note"})


@dataclass(frozen=True)
class EntryQuestion:
    """A question as the clerk sees it: numbered as on paper, options with their printed
    numbers, and the show-if condition in words."""

    question: dict
    number: int | None
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class EntrySection:
    title: str
    questions: tuple[EntryQuestion, ...]


def entry_sections(definition: dict) -> list[EntrySection]:
    """Every page and question of the form, in the paper's order and numbering."""
    printed = build_questionnaire(definition, "vi")
    sections = []
    for page, section in zip(definition["pages"], printed.sections, strict=True):
        questions = tuple(
            EntryQuestion(
                _numbered(q, block.number, block.conditions), block.number, block.conditions
            )
            for q, block in zip(page["questions"], section.blocks, strict=True)
        )
        sections.append(EntrySection(section.title.value if section.title else "", questions))
    return sections


def _numbered(question: dict, number: int | None, conditions: tuple[str, ...]) -> dict:
    """A copy whose text starts with the printed number, whose options carry their keys, so
    the clerk matches the screen to the paper at a glance, and whose hint starts with the
    show-if condition in words (the clerk copies what the paper says, condition or not)."""
    copy = dict(question)
    hint = [*conditions, *([question["help"]["vi"]] if question.get("help", {}).get("vi") else [])]
    copy["help"] = {"vi": " ".join(hint)} if hint else None
    if number is not None:
        copy["text"] = {"vi": f"{number}. {question['text'].get('vi', '')}"}
    keys = option_keys(question)
    copy["options"] = [
        {**o, "label": {"vi": f"{keys[o['code']]}. {o['label'].get('vi', o['code'])}"}}
        for o in question.get("options", [])
    ]
    return copy


def option_keys(question: dict) -> dict[str, int]:
    """Option code -> its printed number: regular options, "Khác", then exclusive ones."""
    options = question.get("options", [])
    codes = [o["code"] for o in options if not o.get("exclusive")]
    if question.get("other"):
        codes.append(OTHER)
    codes += [o["code"] for o in options if o.get("exclusive")]
    return {code: n for n, code in enumerate(codes, start=1)}


def field_names(question: dict) -> list[str]:
    """The form fields that carry one question's answer (see responses/_questions.html)."""
    name = f"q_{question['code']}"
    if question["type"] == "date":
        return [f"{name}_{part}" for part in ("day", "month", "year")]
    if question["type"] == "likert_matrix":
        return [f"{name}__{item['code']}" for item in question.get("items", [])]
    return [name, f"{name}_other"] if question.get("other") else [name]


def all_questions(definition: dict) -> list[dict]:
    return [q for page in definition["pages"] for q in page["questions"]]


def posted_fields(definition: dict, form) -> dict[str, list[str]]:
    """The form's answer fields as stored with a pass: name -> values, empty ones left out.

    A commune is typed as its statistical code, so spaces around it are dropped here.
    """
    fields = {}
    for question in all_questions(definition):
        for name in field_names(question):
            values = form.getlist(name)
            if question["type"] == "commune":
                values = ["".join(v.split()) for v in values]
            values = [v for v in values if clean_text(v)]
            if values:
                fields[name] = values
    return fields


def read_entry(definition: dict, fields: dict, communes: set[str]) -> tuple[PageAnswers, list]:
    """The typed answers and errors of a whole form, and the questions that apply."""
    form = MultiDict([(name, v) for name, values in fields.items() for v in values])
    merged, asked, shown = PageAnswers(), [], {}
    for page in definition["pages"]:
        if not condition_met(page.get("show_if"), shown):
            continue
        questions = visible_questions(page, shown)
        result = read_page(questions, form, communes)
        merged.values.update(result.values)
        merged.other.update(result.other)
        merged.errors.update(result.errors)
        asked.extend(questions)
        shown.update(
            {q["code"]: result.values[q["code"]] for q in questions if q["code"] in result.values}
        )
    return merged, asked


@dataclass(frozen=True)
class Difference:
    """A question the two passes answered differently, each answer in words."""

    code: str
    number: int | None
    text: str
    first: str
    second: str


def differences(definition: dict, first: dict, second: dict, communes: dict[str, str]):
    """The questions, in order, whose answers differ between two passes (both valid)."""
    one, _asked = read_entry(definition, first, set(communes))
    two, _asked = read_entry(definition, second, set(communes))
    numbers = {
        q.question["code"]: q.number for s in entry_sections(definition) for q in s.questions
    }
    found = []
    for question in all_questions(definition):
        code = question["code"]
        if question["type"] in UNANSWERABLE or _answer(one, code) == _answer(two, code):
            continue
        found.append(
            Difference(
                code,
                numbers.get(code),
                question["text"].get("vi", code),
                say(question, one, communes),
                say(question, two, communes),
            )
        )
    return found


def _answer(answers: PageAnswers, code: str):
    value = answers.values.get(code)
    if isinstance(value, list):
        value = sorted(value)
    return value, answers.other.get(code)


def say(question: dict, answers: PageAnswers, communes: dict[str, str]) -> str:
    """One answer in words, as the clerk would read it off the paper."""
    code = question["code"]
    if code not in answers.values:
        return _("Không trả lời")
    value, other = answers.values[code], answers.other.get(code)
    kind = question["type"]
    if kind in {"single_choice", "yes_no", "likert5", "multiple_choice"}:
        chosen = value if isinstance(value, list) else [value]
        return "; ".join(_option(question, c, other) for c in chosen)
    if kind == "likert_matrix":
        items = {i["code"]: i["label"].get("vi", i["code"]) for i in question.get("items", [])}
        return "; ".join(
            f"{items.get(i, i)}: {_option(question, v, None)}" for i, v in value.items()
        )
    if kind in {"integer", "rating10", "decimal"}:
        places = max(0, -value.normalize().as_tuple().exponent) if kind == "decimal" else 0
        return format_number(value, places)
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind == "commune":
        return f"{value} – {communes[value]}" if value in communes else value
    if kind == "consent":
        return _("Đồng ý")
    return str(value)


def _option(question: dict, code: str, other: str | None) -> str:
    key = option_keys(question).get(code, "?")
    if code == OTHER:
        return f"{key}. " + _("Khác: %(text)s", text=other or "")
    labels = {o["code"]: o["label"].get("vi", o["code"]) for o in question.get("options", [])}
    return f"{key}. {labels.get(code, code)}"
