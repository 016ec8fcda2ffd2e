"""The question bank: ready-made questions tagged with the instrument they follow.

Items come from ``app/data/question_bank.json``. Each item's question is written exactly as a
question of a survey definition, and is checked by the survey definition validator when the
bank is loaded, so an item that is added to a survey is one the builder could have made. The
stored question is the validator's canonical form.

Items that follow a national instrument (SIPAS 2023, the 2023 S&T public-awareness survey) are
reworded after the instrument's published structure: we hold no copy of the decisions'
annexes, so ``wording`` says "adapted" until someone checks them against the annex.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.surveys.definition import DefinitionInvalidError, parse_definition
from app.surveys.question_rules import BANK_ITEM_RE, INSTRUMENT_RE

BANK_FILE = Path(__file__).resolve().parent.parent / "data" / "question_bank.json"
FORMAT = "nq57-question-bank/1"
LANGUAGES = ["vi", "en"]  # every text of the bank exists in both
WORDINGS = {"adapted", "verbatim"}
ITEM_KEYS = {"code", "instrument", "topic", "wording", "source", "question"}


class BankFileError(Exception):
    """The bank file is broken; ``errors`` lists every problem (a fault of the file, not of a
    user, so the messages are for the developer and stay in English)."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class Instrument:
    """A questionnaire the bank's items follow, and what its results compare with."""

    code: str
    badge: dict  # short label by language: "SIPAS 2023"
    name: dict
    reference: dict  # the decision that issued it
    national_baseline: bool


@dataclass(frozen=True)
class BankItem:
    """One ready-made question and where it comes from."""

    code: str
    instrument: str
    topic: str
    wording: str  # "adapted" (reworded after the instrument) or "verbatim"
    source: dict
    question: dict  # canonical, as in a survey definition, without the bank tag

    @property
    def tag(self) -> dict:
        """The origin a question added from this item carries in the survey definition."""
        return {"instrument": self.instrument, "item": self.code}


@dataclass(frozen=True)
class Bank:
    """The whole bank: instruments and topics by code, and the items."""

    instruments: dict[str, Instrument]
    topics: dict[str, dict]  # topic code -> label by language
    items: dict[str, BankItem]  # in the file's order

    def grouped(self, instrument: str | None = None) -> list[tuple[Instrument, list[BankItem]]]:
        """(instrument, its items) in the file's order, only ``instrument`` when given."""
        return [
            (spec, [i for i in self.items.values() if i.instrument == code])
            for code, spec in self.instruments.items()
            if instrument in (None, code)
        ]


def read_bank(raw) -> Bank:
    """The bank described by ``raw`` (the parsed JSON file), or BankFileError."""
    errors: list[str] = []
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BankFileError([f'the bank file needs "format": "{FORMAT}"'])
    instruments = {}
    for entry in raw.get("instruments", []):
        code = entry.get("code", "")
        if not INSTRUMENT_RE.match(code) or code in instruments:
            errors.append(f"instrument code {code!r} is malformed or repeated")
        texts = {key: entry.get(key) for key in ("badge", "name", "reference")}
        if not all(isinstance(t, dict) and "vi" in t for t in texts.values()):
            errors.append(f"instrument {code!r} needs a badge, name and reference in Vietnamese")
            continue
        instruments[code] = Instrument(
            code=code, **texts, national_baseline=bool(entry.get("national_baseline"))
        )
    topics = {t["code"]: t["label"] for t in raw.get("topics", [])}
    items: dict[str, BankItem] = {}
    for entry in raw.get("items", []):
        item = _item(entry, instruments, topics, errors)
        if item is not None:
            if item.code in items:
                errors.append(f"item code {item.code!r} is repeated")
            items[item.code] = item
    if errors:
        raise BankFileError(errors)
    return Bank(instruments, topics, items)


def _item(entry, instruments: dict, topics: dict, errors: list[str]) -> BankItem | None:
    if not isinstance(entry, dict) or set(entry) != ITEM_KEYS:
        errors.append(f"an item needs exactly the keys {sorted(ITEM_KEYS)}: {entry!r:.80}")
        return None
    code = entry["code"]
    problems = []
    if not isinstance(code, str) or not BANK_ITEM_RE.match(code):
        problems.append("malformed code")
    if entry["instrument"] not in instruments:
        problems.append(f"unknown instrument {entry['instrument']!r}")
    if entry["topic"] not in topics:
        problems.append(f"unknown topic {entry['topic']!r}")
    if entry["wording"] not in WORDINGS:
        problems.append(f"wording must be one of {sorted(WORDINGS)}")
    if not isinstance(entry["source"], dict) or set(entry["source"]) != set(LANGUAGES):
        problems.append(f"source needs a note in each of {LANGUAGES}")
    question = entry["question"]
    if isinstance(question, dict) and "bank" in question:
        problems.append("the question carries no bank tag; adding it to a survey sets one")
    try:
        question = validated_question(question)
    except DefinitionInvalidError as exc:
        problems.extend(str(e) for e in exc.errors)
    if problems:
        errors.extend(f"item {code!r}: {p}" for p in problems)
        return None
    return BankItem(code, entry["instrument"], entry["topic"], entry["wording"],
                    entry["source"], question)  # fmt: skip


def validated_question(question) -> dict:
    """The canonical form of ``question``, checked as the only question of a survey.

    Alone on its page it may not depend on another question (``show_if``), which is right for
    an item that can be added to any survey.
    """
    definition = parse_definition({
        "languages": LANGUAGES, "title": {"vi": "Ngân hàng câu hỏi"},
        "pages": [{"code": "bank", "title": {"vi": "Ngân hàng câu hỏi"}, "questions": [question]}],
    })  # fmt: skip
    return definition["pages"][0]["questions"][0]


def load_bank(path: Path = BANK_FILE) -> Bank:
    """Read and check the bank file."""
    return read_bank(json.loads(path.read_text(encoding="utf-8")))


@cache
def get_bank() -> Bank:
    """The bank, read once per process (it changes with a deploy, not at run time)."""
    return load_bank()


def badge(tag: dict | None, language: str) -> str:
    """The short label of a question's origin ("SIPAS 2023"); an instrument this bank does not
    hold (a survey imported from elsewhere) shows its code."""
    code = (tag or {}).get("instrument") or ""
    instrument = get_bank().instruments.get(code)
    if instrument is None:
        return code
    return instrument.badge.get(language) or instrument.badge["vi"]
