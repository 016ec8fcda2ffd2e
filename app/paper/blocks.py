"""What a printed questionnaire is made of: plain, frozen data (no ORM object, no markup),
so the template only draws it and the tests read it without rendering a PDF."""

from dataclasses import dataclass, field

from app.paper.skips import Governed


@dataclass(frozen=True)
class Text:
    """A text and the language it is really in (``vi`` when it fell back)."""

    value: str
    lang: str


@dataclass(frozen=True)
class Option:
    """A box to tick: ``key`` is its printed number (for data entry), ``arrows`` the skip
    instructions beside it; a write-in option has a line to write on."""

    key: int
    label: Text
    arrows: tuple[str, ...] = ()
    write_in: bool = False


@dataclass(frozen=True)
class Block:
    """One question (or note) as printed; ``kind`` names the template macro that draws it."""

    kind: str
    code: str
    number: int | None
    text: Text
    help: Text | None = None
    optional: bool = False
    conditions: tuple[str, ...] = ()  # "(Chỉ trả lời nếu …)", printed above the question
    instructions: tuple[str, ...] = ()  # "(Chọn một)", ranges, printed after the question
    options: tuple[Option, ...] = ()
    exclusive: tuple[Option, ...] = ()  # "none" and "don't know", after "hoặc"
    items: tuple[Text, ...] = ()  # rows of a matrix
    digits: int = 0  # boxes for the whole part of a number (or a commune code)
    decimals: int = 0  # boxes after the decimal comma
    lines: int = 0  # lines to write on
    splittable: bool = False  # too long to keep on one page: may break between options


@dataclass(frozen=True)
class Section:
    """A page of the survey: its title and its blocks."""

    title: Text
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Questionnaire:
    language: str
    title: Text
    description: Text | None
    sections: tuple[Section, ...]
    question_count: int


@dataclass
class Context:
    """What every block builder needs to know about the whole form."""

    language: str
    numbers: dict[str, int]
    labels: dict[str, dict[str, str]]  # question code -> option code -> label
    governed: dict[str, list[Governed]] = field(default_factory=dict)


def text_in(texts: dict | None, language: str) -> Text | None:
    """The text in ``language``, else the Vietnamese one (marked as such), else None."""
    texts = texts or {}
    if texts.get(language):
        return Text(texts[language], language)
    if texts.get("vi"):
        return Text(texts["vi"], "vi")
    return None
