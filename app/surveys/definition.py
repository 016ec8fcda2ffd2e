"""A survey's definition: a JSON document of pages, questions and options.

``parse_definition`` checks a document as a person or a file wrote it and returns its
canonical form (NFC text, defaults filled, keys in a fixed order), so the same survey always
has the same JSON and the same content hash. Every problem is reported with its place:
"trang 2, câu hỏi `aware_channels`: mã phương án `zalo` bị lặp".
"""

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from app.common.text import clean_text, has_control_chars
from app.surveys.question_rules import check_question
from app.surveys.types import CHOICE_TYPES, NUMBER_TYPES, QUESTION_TYPES

CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
TEXT_LIMIT = 2000
MAX_NUMBER = 10**13  # answers are stored as NUMERIC(18, 4)
# "bank" names the question bank item a question was taken from (app/bank): its origin.
QUESTION_KEYS = {"code", "type", "text", "help", "required", "options", "other", "show_if", "bank"}
PAGE_KEYS = {"code", "title", "show_if", "questions"}
TOP_KEYS = {"languages", "title", "description", "pages"}


@dataclass(frozen=True)
class DefinitionError:
    """A problem at a place in the definition (page number from 1, question code)."""

    page: int | None
    question: str | None
    message: str

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(_("trang %(n)s", n=self.page))
        if self.question:
            parts.append(_("câu hỏi `%(code)s`", code=self.question))
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


class DefinitionInvalidError(Exception):
    """The definition has problems; ``errors`` lists each with its place."""

    def __init__(self, errors: list[DefinitionError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def content_hash(definition: dict) -> str:
    """SHA-256 of the canonical JSON: equal definitions, equal hashes."""
    return hashlib.sha256(canonical_json(definition).encode()).hexdigest()


def canonical_json(definition: dict) -> str:
    return json.dumps(definition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def parse_definition(raw) -> dict:
    """The canonical form of ``raw``, or DefinitionInvalidError listing every problem."""
    checker = _Checker()
    definition = checker.definition(raw)
    if checker.errors:
        raise DefinitionInvalidError(checker.errors)
    return definition


def field_names(question: dict) -> set[str]:
    """The names of the form fields a question is answered with (see _questions.html)."""
    base = f"q_{question.get('code', '')}"
    names = {base}
    if question.get("other"):
        names.add(f"{base}_other")
    if question.get("type") == "date":
        names |= {f"{base}_day", f"{base}_month", f"{base}_year"}
    names |= {f"{base}__{item.get('code')}" for item in question.get("items", [])}
    return names


def question_index(definition: dict) -> dict[str, tuple[int, dict]]:
    """Question code -> (page number from 1, question)."""
    return {
        q["code"]: (n, q)
        for n, page in enumerate(definition["pages"], start=1)
        for q in page["questions"]
    }


class _Checker:
    """Walks a raw definition, collecting errors and building the canonical form."""

    def __init__(self):
        self.errors: list[DefinitionError] = []
        self.languages: list[str] = ["vi"]
        self.page: int | None = None
        self.question: str | None = None
        self.seen: dict[str, tuple[int, dict]] = {}  # questions on earlier pages
        self.page_codes: set[str] = set()  # question codes on the page being read

    def fail(self, message: str) -> None:
        self.errors.append(DefinitionError(self.page, self.question, message))

    def definition(self, raw) -> dict:
        if not isinstance(raw, dict):
            self.fail(_("định nghĩa phải là một đối tượng JSON"))
            return {}
        self.unknown_keys(raw, TOP_KEYS)
        self.languages = self.language_list(raw.get("languages", ["vi"]))
        result = {"languages": self.languages, "title": self.text(raw.get("title"), _("tiêu đề"))}
        description = self.text(raw.get("description"), _("lời giới thiệu"), required=False)
        if description:
            result["description"] = description
        pages = raw.get("pages")
        if not isinstance(pages, list) or not pages:
            self.fail(_("khảo sát cần ít nhất một trang"))
            pages = []
        page_codes: set[str] = set()
        result["pages"] = [self.page_of(n, p, page_codes) for n, p in enumerate(pages, start=1)]
        self.field_name_clashes(result["pages"])
        self.page = self.question = None
        return result

    def field_name_clashes(self, pages: list[dict]) -> None:
        """Two questions whose form fields would share a name (`a` with "other" and `a_other`)."""
        owners: dict[str, str] = {}
        for number, page in enumerate(pages, start=1):
            for question in page["questions"]:
                for name in field_names(question):
                    owner = owners.setdefault(name, question["code"])
                    if owner != question["code"]:
                        self.page, self.question = number, question["code"]
                        self.fail(_("mã `%(code)s` trùng tên trường với câu hỏi `%(other)s`; "
                                    "hãy đổi một trong hai mã", code=question["code"],
                                    other=owner))  # fmt: skip

    def language_list(self, raw) -> list[str]:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            self.fail(_("danh sách ngôn ngữ không hợp lệ"))
            return ["vi"]
        codes = [clean_text(x).lower() for x in raw]
        for code in codes:
            if not LANGUAGE_RE.match(code):
                self.fail(_("mã ngôn ngữ `%(code)s` không hợp lệ", code=code))
        if len(set(codes)) != len(codes):
            self.fail(_("mã ngôn ngữ bị lặp"))
        rest = [c for c in dict.fromkeys(codes) if c != "vi"]
        return ["vi", *rest]

    def unknown_keys(self, raw: dict, allowed: set[str]) -> None:
        unknown = sorted(set(raw) - allowed)
        if unknown:
            self.fail(_("trường không được hỗ trợ: %(keys)s", keys=", ".join(unknown)))

    def text(self, raw, what: str, *, required: bool = True, limit: int = TEXT_LIMIT) -> dict:
        """A text in several languages: {"vi": "...", "en": "..."}; Vietnamese is required."""
        if raw is None:
            raw = {}
        if isinstance(raw, str):
            raw = {"vi": raw}
        if not isinstance(raw, dict):
            self.fail(_('%(what)s phải là chuỗi văn bản hoặc đối tượng {"vi": "…"}', what=what))
            return {}
        result = {}
        for lang, value in raw.items():
            if lang not in self.languages:
                self.fail(_("%(what)s có ngôn ngữ `%(lang)s` chưa khai báo", what=what, lang=lang))
                continue
            value = clean_text(value) if isinstance(value, str) else ""
            if has_control_chars(value.replace("\n", "")):
                self.fail(_("%(what)s có ký tự điều khiển", what=what))
            if len(value) > limit:
                self.fail(_("%(what)s dài quá %(n)s ký tự", what=what, n=limit))
            if value:
                result[lang] = value
        if required and "vi" not in result:
            self.fail(_("thiếu %(what)s tiếng Việt", what=what))
        return {lang: result[lang] for lang in self.languages if lang in result}

    def code(self, raw, pattern=CODE_RE) -> str:
        value = clean_text(raw) if isinstance(raw, str) else ""
        if not pattern.match(value):
            self.fail(_("mã `%(code)s` phải bắt đầu bằng chữ thường, chỉ gồm a-z, 0-9 và _",
                        code=value))  # fmt: skip
        return value

    def page_of(self, number: int, raw, page_codes: set[str]) -> dict:
        self.page, self.question = number, None
        if not isinstance(raw, dict):
            self.fail(_("trang phải là một đối tượng"))
            return {"code": "", "title": {}, "questions": []}
        self.unknown_keys(raw, PAGE_KEYS)
        code = self.code(raw.get("code"))
        if code in page_codes:
            self.fail(_("mã trang `%(code)s` bị lặp", code=code))
        page_codes.add(code)
        page = {"code": code, "title": self.text(raw.get("title"), _("tên trang"))}
        earlier = dict(self.seen)  # a page may only depend on questions before it
        self.page_codes = set()
        if raw.get("show_if") is not None:
            page["show_if"] = self.show_if(raw["show_if"], earlier)
        questions = raw.get("questions")
        if not isinstance(questions, list) or not questions:
            self.fail(_("trang cần ít nhất một câu hỏi"))
            questions = []
        page["questions"] = [self.question_of(q, earlier) for q in questions]
        self.question = None
        for q in page["questions"]:
            self.seen.setdefault(q["code"], (number, q))
        return page

    def question_of(self, raw, earlier: dict) -> dict:
        self.question = None
        if not isinstance(raw, dict):
            self.fail(_("câu hỏi phải là một đối tượng"))
            return {"code": "", "type": "note", "text": {}}
        code = self.code(raw.get("code"))
        self.question = code or None
        if code in self.seen or code in self.page_codes:
            self.fail(_("mã câu hỏi `%(code)s` bị lặp", code=code))
        self.page_codes.add(code)
        kind = raw.get("type")
        spec = QUESTION_TYPES.get(kind) if isinstance(kind, str) else None
        if spec is None:
            self.fail(_("loại câu hỏi `%(type)s` không được hỗ trợ", type=kind))
            return {"code": code, "type": "note", "text": {}}
        self.unknown_keys(raw, QUESTION_KEYS | spec.keys)
        return check_question(self, raw, code, kind, spec, earlier)

    def show_if(self, raw, earlier: dict) -> dict:
        """A condition on an answer given on an earlier page."""
        if not isinstance(raw, dict):
            self.fail(_("điều kiện hiển thị không hợp lệ"))
            return {}
        self.unknown_keys(raw, {"question", "any_of", "min", "max"})
        target = clean_text(raw.get("question")) if isinstance(raw.get("question"), str) else ""
        if target not in earlier:
            if target in self.page_codes or target in self.seen:
                self.fail(_("điều kiện hiển thị phải dựa vào câu hỏi ở trang trước: `%(code)s`",
                            code=target))  # fmt: skip
            else:
                self.fail(_("điều kiện hiển thị dựa vào câu hỏi không có hoặc ở sau: `%(code)s`",
                            code=target))  # fmt: skip
            return {"question": target}
        _page, question = earlier[target]
        if "any_of" in raw:
            return self._show_if_options(raw, target, question)
        return self._show_if_range(raw, target, question)

    def _show_if_options(self, raw, target: str, question: dict) -> dict:
        codes = raw.get("any_of")
        valid = {o["code"] for o in question.get("options", [])}
        if question["type"] not in CHOICE_TYPES or question["type"] == "likert_matrix":
            self.fail(_("câu hỏi `%(code)s` không có phương án để so sánh", code=target))
        elif not isinstance(codes, list) or not codes:
            self.fail(_("điều kiện hiển thị cần ít nhất một phương án"))
            codes = []
        else:
            for c in codes:
                if not isinstance(c, str) or c not in valid:
                    self.fail(_("câu hỏi `%(q)s` không có phương án `%(code)s`", q=target, code=c))
        return {"question": target, "any_of": [c for c in codes if isinstance(c, str)]}

    def _show_if_range(self, raw, target: str, question: dict) -> dict:
        if question["type"] not in NUMBER_TYPES:
            self.fail(
                _("điều kiện theo khoảng số chỉ dùng cho câu hỏi số: `%(code)s`", code=target)
            )
        low, high = self.number(raw.get("min")), self.number(raw.get("max"))
        if low is None and high is None:
            self.fail(_("điều kiện hiển thị cần any_of, hoặc min/max"))
        if low is not None and high is not None and low > high:
            self.fail(_("min phải nhỏ hơn hoặc bằng max"))
        condition = {"question": target}
        if low is not None:
            condition["min"] = low
        if high is not None:
            condition["max"] = high
        return condition

    def number(self, raw, *, whole: bool = False):
        if raw is None:
            return None
        if (
            isinstance(raw, bool)
            or not isinstance(raw, int | float)
            or abs(raw) > MAX_NUMBER  # also keeps huge integers away from float arithmetic
            or not math.isfinite(raw)
        ):
            self.fail(_("`%(value)s` không phải là số", value=raw))
            return None
        if whole and raw != int(raw):
            self.fail(_("`%(value)s` phải là số nguyên", value=raw))
        return int(raw) if raw == int(raw) else raw

    def iso_date(self, raw) -> str | None:
        if raw is None:
            return None
        try:
            return date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            self.fail(_("`%(value)s` không phải là ngày dạng YYYY-MM-DD", value=raw))
            return None


__all__ = [
    "DefinitionError",
    "DefinitionInvalidError",
    "canonical_json",
    "content_hash",
    "parse_definition",
    "question_index",
]
