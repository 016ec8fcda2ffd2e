"""Each question's answers as a block for the summary PDF, through one registry by type.

A block is plain data: ``kind`` ("choice", "commune", "matrix", "numbers" or "count") tells the
template which table to draw; cells carry already formatted texts. Counts below the minimum
cell size are shown as "< 10" with no share, in tables and charts alike.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.common.text import format_number
from app.indicators import formatting
from app.reports.charts import Bar, bar_chart_svg
from app.reports.distributions import NumberStats
from app.responses.answers import OTHER
from app.surveys.types import DEFAULT_OPTION_LABELS

TEXT_TYPES = frozenset({"short_text", "long_text"})


@dataclass(frozen=True)
class Cell:
    """One line of a table: a label, its count and share as texts, and the share for charts."""

    label: str
    count: str
    percent: str = ""
    share: float | None = None
    suppressed: bool = False


@dataclass
class Question:
    """A question as the newest version that has it words it, with every option ever offered."""

    code: str
    type: str
    text: str
    options: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)


@dataclass
class Tallies:
    """Everything counted for one summary, indexed by (question code, item code)."""

    options: dict = field(default_factory=lambda: defaultdict(dict))
    answered: dict = field(default_factory=dict)
    numbers: dict[str, NumberStats] = field(default_factory=dict)
    communes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """The minimum cell size, and whether to draw charts (the semi-annual report has none)."""

    minimum: int
    charts: bool = True


def vi(texts: dict | None) -> str:
    """The Vietnamese text of a survey text (the master language), else any."""
    texts = texts or {}
    return texts.get("vi") or next(iter(texts.values()), "")


def catalogue(definitions: list[dict]) -> list[Question]:
    """The questions of all versions (oldest first given), in the newest version's order.

    Labels come from the newest version that has the question or option; options that only
    older versions offered follow the newest ones, so their answers are still labelled.
    """
    found: dict[str, Question] = {}
    for definition in reversed(definitions):
        for page in definition["pages"]:
            for q in page["questions"]:
                question = found.setdefault(
                    q["code"], Question(q["code"], q["type"], vi(q.get("text")))
                )
                defaults = DEFAULT_OPTION_LABELS.get(q["type"], {})
                for option in q.get("options", []):
                    label = vi(option.get("label")) or vi(defaults.get(option["code"]))
                    question.options.setdefault(option["code"], label or option["code"])
                if q.get("other"):
                    question.options.setdefault(OTHER, _("Khác"))
                for item in q.get("items", []):
                    question.items.setdefault(item["code"], vi(item.get("label")))
    return list(found.values())


def count_cell(label: str, n: int, base: int | None, minimum: int) -> Cell:
    """A count, suppressed below ``minimum`` (1 suppresses nothing); with a base, its share."""
    if minimum > 1 and n < minimum:
        return Cell(label, f"< {minimum}", suppressed=True)
    share = n / base if base else None
    percent = formatting.value_text(share, percent=True) if share is not None else ""
    return Cell(label, format_number(n), percent, share)


def _cells(options: dict[str, str], counts: dict[str, int], base: int, minimum: int,
           *, exclusive: bool = True) -> list:  # fmt: skip
    labels = {**options, **{code: code for code in counts if code not in options}}
    values = [counts.get(code, 0) for code in labels]
    cells = [count_cell(label, n, base, minimum) for label, n in zip(labels.values(), values,
                                                                        strict=True)]  # fmt: skip
    return secondary(cells, values, minimum) if exclusive else cells


def secondary(cells: list[Cell], values: list[int], minimum: int) -> list[Cell]:
    """Cells that add up to a published total, with no hidden count left to subtraction.

    When a single cell is below the minimum, the total less the others would give it away;
    the smallest published non-zero cell is hidden too. (Several hidden cells show only
    their sum; hidden zeros show nothing about anyone.)
    """
    hidden = [i for i, c in enumerate(cells) if c.suppressed]
    if len(hidden) != 1 or values[hidden[0]] == 0:
        return cells
    shown = [i for i, c in enumerate(cells) if not c.suppressed and values[i] > 0]
    if not shown:
        return cells
    smallest = min(shown, key=lambda i: values[i])
    cells = list(cells)
    cells[smallest] = Cell(cells[smallest].label, f"< {minimum}" if values[smallest] < minimum
                           else "…", suppressed=True)  # fmt: skip
    return cells


def _chart(cells: list[Cell], title: str, id_prefix: str, settings: Settings):
    """The bar chart of the cells; none when every cell is suppressed (nothing to draw)."""
    if not settings.charts or all(c.share is None for c in cells):
        return ""
    bars = [
        Bar(c.label, c.share, f"{c.count} ({c.percent})" if c.percent else c.count) for c in cells
    ]
    return bar_chart_svg(bars=bars, title=title, id_prefix=id_prefix)


def _choice(question: Question, tallies: Tallies, settings: Settings) -> dict:
    base = tallies.answered.get((question.code, None), 0)
    counts = tallies.options.get((question.code, None), {})
    multiple = question.type == "multiple_choice"
    cells = (_cells(question.options, counts, base, settings.minimum, exclusive=not multiple)
             if base else [])  # fmt: skip
    return {
        "kind": "choice",
        "n": base,
        "multiple": multiple,
        "cells": cells,
        "chart": _chart(cells, question.text, f"q-{question.code}", settings),
    }


def _commune(question: Question, tallies: Tallies, settings: Settings) -> dict:
    """Only the communes named in answers, most answers first: 96 rows of nothing help no one."""
    base = tallies.answered.get((question.code, None), 0)
    counts = tallies.options.get((question.code, None), {})
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], tallies.communes.get(kv[0], kv[0])))
    cells = [
        count_cell(tallies.communes.get(code, code), n, base, settings.minimum)
        for code, n in ordered
    ]
    cells = secondary(cells, [n for _code, n in ordered], settings.minimum)
    return {"kind": "commune", "n": base, "cells": cells, "pairs": pairs(cells)}


def _matrix(question: Question, tallies: Tallies, settings: Settings) -> dict:
    items = []
    for number, (item, label) in enumerate(question.items.items(), 1):
        base = tallies.answered.get((question.code, item), 0)
        counts = tallies.options.get((question.code, item), {})
        cells = _cells(question.options, counts, base, settings.minimum) if base else []
        chart_title = f"{question.text} – {label}"
        chart = _chart(cells, chart_title, f"q-{question.code}-{number}", settings)
        items.append({"label": label, "n": base, "n_text": _n_text(base, settings),
                      "cells": cells, "chart": chart})  # fmt: skip
    return {"kind": "matrix", "items": items, "n": max((i["n"] for i in items), default=0)}


def _number_text(value: float) -> str:
    """At most two decimals, none when whole: 12.5 -> "12,5", 3.0 -> "3"."""
    return format_number(round(value, 2), 2).rstrip("0").rstrip(",.")


def _numbers(question: Question, tallies: Tallies, settings: Settings) -> dict:
    stats = tallies.numbers.get(question.code)
    n = stats.n if stats else 0
    rows = []
    if stats is not None and n >= settings.minimum:
        rows = [
            (_("Trung bình"), _number_text(stats.mean)),
            (_("Trung vị"), _number_text(stats.median)),
        ]  # no minimum or maximum: each is one respondent's own answer
    return {"kind": "numbers", "n": n, "rows": rows, "suppressed": bool(n) and not rows}


def _count(question: Question, tallies: Tallies, _settings: Settings) -> dict:
    """Text and date questions: how many answered, never what (that is the text appendix)."""
    n = tallies.answered.get((question.code, None), 0)
    return {"kind": "count", "n": n, "written": question.type in TEXT_TYPES}


def pairs(cells: list) -> list[list]:
    """Two cells to a table row, so long lists (communes, links) take half the pages."""
    return [cells[i : i + 2] for i in range(0, len(cells), 2)]


# Absent types are left out: notes ask nothing, and consent is the same "yes" on every response.
BUILDERS: dict[str, Callable[[Question, Tallies, Settings], dict]] = {
    "single_choice": _choice,
    "multiple_choice": _choice,
    "yes_no": _choice,
    "likert5": _choice,
    "commune": _commune,
    "likert_matrix": _matrix,
    "integer": _numbers,
    "decimal": _numbers,
    "rating10": _numbers,
    "short_text": _count,
    "long_text": _count,
    "date": _count,
}
# The blocks the semi-annual report shows: option tables, not a commune list of up to 96 rows.
CHOICE_KINDS = frozenset({"choice", "matrix"})


def _n_text(n: int, settings: Settings) -> str:
    """How many answered, suppressed like any cell: questions asked only after a given answer
    would otherwise give that answer's count away."""
    return count_cell("", n, None, settings.minimum).count


def blocks(questions: list[Question], tallies: Tallies, settings: Settings) -> list[dict]:
    """Every question that asks something, numbered in order, with its block."""
    out = []
    for question in questions:
        build = BUILDERS.get(question.type)
        if build is not None:
            block = build(question, tallies, settings)
            out.append({"number": len(out) + 1, "code": question.code, "text": question.text,
                        "n_text": _n_text(block["n"], settings), **block})  # fmt: skip
    return out
