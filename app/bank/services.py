"""Adding bank items to a draft survey: free codes, the origin tag, the audit entry."""

import copy
from dataclasses import dataclass

from flask_babel import gettext as _

from app.audit.services import record
from app.bank.catalogue import BankItem
from app.surveys import drafts
from app.surveys.definition import field_names
from app.surveys.models import STATUSES, Survey
from app.surveys.services import edit_draft


class BankAddError(Exception):
    """Items that cannot be added; ``field`` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "target"):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Placed:
    """An item added to the draft, and the question code it got."""

    item: BankItem
    code: str

    @property
    def renamed(self) -> bool:
        return self.code != self.item.question["code"]


@dataclass(frozen=True)
class Placement:
    """What an addition did: the items added, and those already in the survey (with the
    code of the question that holds them)."""

    added: list[Placed]
    skipped: list[Placed]


def add_bank_items(survey: Survey, page_code: str, items: list[BankItem], *, actor) -> Placement:
    """Add ``items`` at the end of a page of a draft survey, each tagged with its origin.

    Only drafts take bank items: a published survey's questions are what its respondents
    answer, and a new wave (a draft) is the place for new questions.
    """
    if survey.status != "draft":
        raise BankAddError(_(
            "Khảo sát “%(title)s” đang ở trạng thái “%(status)s”: chỉ thêm được câu hỏi từ "
            "ngân hàng vào khảo sát ở trạng thái bản nháp. Hãy tạo đợt mới của khảo sát rồi "
            "thêm câu hỏi vào bản nháp của đợt đó.",
            title=survey.title, status=STATUSES[survey.status],
        ))  # fmt: skip
    try:
        new_draft, placement = place_items(survey.draft, page_code, items)
    except drafts.DraftError:
        raise BankAddError(
            _("Trang này không còn trong bản nháp của khảo sát. Chọn lại trang.")
        ) from None
    if not placement.added:
        raise BankAddError(
            _("Các câu hỏi đã chọn đều đã có trong khảo sát này; không thêm câu nào."), "items"
        )
    edit_draft(survey, new_draft)  # the builder's own check: editable, published codes kept
    record(
        actor, "bank.add_items", survey, page=page_code,
        items=[{**p.item.tag, "code": p.code} for p in placement.added],
        skipped=[{**p.item.tag, "code": p.code} for p in placement.skipped],
    )  # fmt: skip
    return placement


def place_items(draft: dict, page_code: str, items: list[BankItem]) -> tuple[dict, Placement]:
    """A new draft with ``items`` appended to a page, and what was placed under which code.

    An item whose tag a question of the survey already carries is skipped: asking the same
    question twice would not make the results more comparable. Texts in languages the survey
    does not have are dropped, or the draft would not publish.
    """
    draft = copy.deepcopy(draft)
    page = drafts.find_page(draft, page_code)
    questions = drafts.all_questions(draft)
    codes = {q["code"] for q in questions}
    names = set().union(*(field_names(q) for q in questions))
    present = {_tag_key(q.get("bank")): q["code"] for q in questions if q.get("bank")}
    added, skipped = [], []
    for item in items:
        key = _tag_key(item.tag)
        if key in present:
            skipped.append(Placed(item, present[key]))
            continue
        question = _in_languages(item.question, draft["languages"])
        question["code"] = free_code(question, codes, names)
        question["bank"] = dict(item.tag)
        page["questions"].append(question)
        codes.add(question["code"])
        names |= field_names(question)
        present[key] = question["code"]
        added.append(Placed(item, question["code"]))
    return draft, Placement(added, skipped)


def free_code(question: dict, codes: set[str], names: set[str]) -> str:
    """The question's own code if the survey does not use it, else the code with the first
    free suffix (_2, _3, …); the form fields it needs must be free as well (see field_names)."""
    base = question["code"]
    candidate, n = base, 1
    while candidate in codes or field_names({**question, "code": candidate}) & names:
        n += 1
        suffix = f"_{n}"
        candidate = base[: 63 - len(suffix)] + suffix
    return candidate


def _in_languages(question: dict, languages: list[str]) -> dict:
    """A copy of the question with only the texts in ``languages`` (drafts.keep_languages
    knows where a question keeps its texts)."""
    holder = {"languages": languages, "title": {},
              "pages": [{"code": "bank", "title": {}, "questions": [question]}]}  # fmt: skip
    return drafts.keep_languages(holder, languages)["pages"][0]["questions"][0]


def _tag_key(tag: dict | None) -> tuple:
    tag = tag if isinstance(tag, dict) else {}
    return (tag.get("instrument"), tag.get("item"))
