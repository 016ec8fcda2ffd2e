"""A survey definition as printable blocks: plain data the paper template only has to draw.

``build_questionnaire`` numbers the questions across pages (notes and consent take no
number), picks each text in the form's language (Vietnamese where a translation is missing,
as the web form does) and turns each question into a block through a registry keyed by
question type. Call it inside the locale of the form (see app.i18n.interface_locale): the
instructions it writes are translated sentences.
"""

import unicodedata

from app.paper import skips
from app.paper.blocks import Block, Context, Questionnaire, Section, Text, text_in
from app.paper.builders import BUILDERS

UNNUMBERED = frozenset({"note", "consent"})
# A question with more rows than this may break between its options rather than leave most
# of a page empty before it (about half a page of options).
SPLIT_ROWS = 20
# Help texts that only repeat what the printed instruction says ("Chọn tất cả các mục phù
# hợp."): printed twice they would be noise. Compared casefolded, without punctuation.
REDUNDANT_HELP = frozenset({"chọn tất cả các mục phù hợp", "select all that apply", "chọn một"})


def number_questions(definition: dict) -> dict[str, int]:
    """Question code -> its printed number, from 1 across all pages; notes and consent skipped."""
    codes = [q["code"] for p in definition["pages"] for q in p["questions"]
             if q["type"] not in UNNUMBERED]  # fmt: skip
    return {code: n for n, code in enumerate(codes, start=1)}


def build_questionnaire(definition: dict, language: str) -> Questionnaire:
    """The printable form of a (canonical) definition in one of its languages."""
    numbers = number_questions(definition)
    context = Context(
        language=language,
        numbers=numbers,
        labels={
            q["code"]: {o["code"]: _label(o, language) for o in q.get("options", [])}
            for p in definition["pages"]
            for q in p["questions"]
        },
        governed=skips.governed_by(definition, numbers),
    )
    sections = tuple(
        Section(
            title=text_in(page["title"], language),
            blocks=tuple(_block(page, q, context) for q in page["questions"]),
        )
        for page in definition["pages"]
    )
    return Questionnaire(
        language=language,
        title=text_in(definition["title"], language),
        description=text_in(definition.get("description"), language),
        sections=sections,
        question_count=len(numbers),
    )


def _label(option: dict, language: str) -> str:
    found = text_in(option.get("label"), language)
    return found.value if found else option["code"]


def _block(page: dict, question: dict, context: Context) -> Block:
    conditions = tuple(
        skips.condition_sentence(c, context.numbers[c["question"]], context.labels[c["question"]])
        for c in skips.conditions_of(page, question)
        if c.get("question") in context.numbers
    )
    extra = BUILDERS[question["type"]](question, context)
    instructions = extra.get("instructions", ())
    help_text = text_in(question.get("help"), context.language)
    if help_text and _is_redundant(help_text.value, instructions):
        help_text = None
    return Block(
        splittable=_rows(extra) > SPLIT_ROWS,
        code=question["code"],
        number=context.numbers.get(question["code"]),
        text=text_in(question["text"], context.language) or Text("", "vi"),
        help=help_text,
        optional=not question.get("required") and question["type"] not in UNNUMBERED,
        conditions=conditions,
        **extra,
    )


def _rows(extra: dict) -> int:
    """The lines a block's boxes take: one per option of a list, one per matrix statement."""
    if extra["kind"] == "choices":
        return len(extra["options"]) + len(extra["exclusive"])
    return len(extra.get("items", ()))


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join("".join(c for c in text if c.isalnum() or c.isspace()).split())


def _is_redundant(help_text: str, instructions: tuple[str, ...]) -> bool:
    said = {_normal(i) for i in instructions} | REDUNDANT_HELP
    return _normal(help_text) in said
