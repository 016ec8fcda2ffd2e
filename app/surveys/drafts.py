"""Editing a survey's draft definition: pages, questions, options and translations.

The draft is a plain JSON document that may be incomplete while a manager works on it; it
is checked in full (definition.parse_definition) when it is published. Every function here
returns a new document, because SQLAlchemy only notices a JSON column that is reassigned.
"""

import copy

from app.surveys.types import QUESTION_TYPES, default_options


class DraftError(Exception):
    """An edit that cannot be made; the message is for the manager."""


def empty_definition(title: str, languages: list[str]) -> dict:
    return {"languages": languages, "title": {"vi": title}, "pages": []}


def find_page(draft: dict, code: str) -> dict:
    for page in draft["pages"]:
        if page["code"] == code:
            return page
    raise DraftError(code)


def find_question(draft: dict, code: str) -> tuple[dict, dict]:
    """(page, question) for a question code."""
    for page in draft["pages"]:
        for question in page["questions"]:
            if question["code"] == code:
                return page, question
    raise DraftError(code)


def all_question_codes(draft: dict) -> list[str]:
    return [q["code"] for page in draft["pages"] for q in page["questions"]]


def all_questions(draft: dict) -> list[dict]:
    return [q for page in draft["pages"] for q in page["questions"]]


def earlier_questions(draft: dict, page_code: str) -> list[dict]:
    """Questions on the pages before ``page_code``: what a condition on it may refer to."""
    result = []
    for page in draft["pages"]:
        if page["code"] == page_code:
            break
        result.extend(page["questions"])
    return result


def merge_text(old: dict | None, vi: str) -> dict:
    """Replace the Vietnamese text, keeping translations."""
    merged = dict(old or {})
    if vi:
        merged["vi"] = vi
    else:
        merged.pop("vi", None)
    return merged


def save_page(draft: dict, *, code: str, title: str, show_if: dict | None,
              original: str | None = None) -> dict:  # fmt: skip
    """Add a page, or change one (``original`` is its code before the edit)."""
    draft = copy.deepcopy(draft)
    taken = {p["code"] for p in draft["pages"]} - {original}
    if code in taken:
        raise DraftError("page_code_taken")
    if original is None:
        page = {"code": code, "title": {"vi": title}, "questions": []}
        draft["pages"].append(page)
    else:
        page = find_page(draft, original)
        page["code"], page["title"] = code, merge_text(page.get("title"), title)
    _set_condition(page, show_if)
    return draft


def save_question(draft: dict, page_code: str, values: dict, original: str | None = None) -> dict:
    """Add a question to a page, or change one; ``values`` comes from the question form."""
    draft = copy.deepcopy(draft)
    taken = set(all_question_codes(draft)) - {original}
    if values["code"] in taken:
        raise DraftError("question_code_taken")
    if original is None:
        question = {}
        find_page(draft, page_code)["questions"].append(question)
    else:
        _page, question = find_question(draft, original)
    old = copy.deepcopy(question)
    question.clear()
    question.update(code=values["code"], type=values["type"])
    question["text"] = merge_text(old.get("text"), values["text"])
    help_text = merge_text(old.get("help"), values.get("help", ""))
    if help_text:
        question["help"] = help_text
    question["required"] = bool(values.get("required"))
    _set_options(question, values, old, draft["languages"])
    for key in ("other", "min_choices", "max_choices", "min", "max", "max_length", "min_date",
                "max_date"):  # fmt: skip
        value = values.get(key)
        # 0 is a real limit; only absent, empty and unticked values are left out.
        if (
            value is not None
            and value != ""
            and value is not False
            and key in _allowed(values["type"])
        ):
            question[key] = values[key]
    if values["type"] == "likert_matrix":
        question["items"] = _merge_labelled(values.get("items", []), old.get("items", []))
    _set_condition(question, values.get("show_if"))
    if old.get("bank"):
        question["bank"] = old["bank"]  # the form does not show the origin; keep it (app/bank)
    return draft


def _allowed(kind: str) -> set[str]:
    spec = QUESTION_TYPES[kind]
    return set(spec.keys) | ({"other"} if spec.allows_other else set())


def _set_options(question: dict, values: dict, old: dict, languages: list[str]) -> None:
    spec = QUESTION_TYPES[values["type"]]
    if spec.options == "none":
        return
    given = values.get("options") or []
    if not given and spec.options == "fixed":
        question["options"] = default_options(values["type"], languages)
        return
    merged = _merge_labelled(given, old.get("options", []))
    exclusive = set(values.get("exclusive") or [])
    for option in merged:
        if option["code"] in exclusive:
            option["exclusive"] = True
    question["options"] = merged


def _merge_labelled(given: list[tuple[str, str]], old: list[dict]) -> list[dict]:
    """[(code, Vietnamese label)] as option/item dicts, keeping translations of kept codes."""
    old_labels = {item["code"]: item.get("label", {}) for item in old}
    return [
        {"code": code, "label": merge_text(old_labels.get(code), label)} for code, label in given
    ]


def _set_condition(target: dict, show_if: dict | None) -> None:
    if show_if:
        target["show_if"] = show_if
    else:
        target.pop("show_if", None)


def move(draft: dict, kind: str, code: str, step: int) -> dict:
    """Move a page, or a question within its page, one place up (-1) or down (+1)."""
    draft = copy.deepcopy(draft)
    items = draft["pages"] if kind == "page" else find_question(draft, code)[0]["questions"]
    index = next(i for i, item in enumerate(items) if item["code"] == code)
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    return draft


def remove(draft: dict, kind: str, code: str) -> dict:
    """Remove a page (with its questions) or a question."""
    draft = copy.deepcopy(draft)
    if kind == "page":
        draft["pages"] = [p for p in draft["pages"] if p["code"] != code]
    else:
        page, _question = find_question(draft, code)
        page["questions"] = [q for q in page["questions"] if q["code"] != code]
    return draft


def keep_languages(draft: dict, languages: list[str]) -> dict:
    """The draft with every text in a language outside ``languages`` removed."""
    draft = copy.deepcopy(draft)
    for key, _what, texts in translatable_strings(draft):
        for lang in set(texts) - set(languages):
            set_translations_in_place(draft, lang, {key: ""})
    return draft


def translatable_strings(draft: dict) -> list[tuple[str, str, dict]]:
    """(key, what it is, texts) for every text of the survey, in reading order.

    Keys name codes, not positions ("q.heard.options.yes.label"), so a form opened before a
    page or question was moved still saves each translation where it belongs. The texts
    are the draft's own dictionaries, so changing one changes the draft.
    """
    rows = [("title", "title", draft.setdefault("title", {}))]
    if draft.get("description"):
        rows.append(("description", "description", draft["description"]))
    for page in draft["pages"]:
        rows.append((f"page.{page['code']}.title", "page", page.setdefault("title", {})))
        for question in page["questions"]:
            base = f"q.{question['code']}"
            rows.append((f"{base}.text", "question", question.setdefault("text", {})))
            if question.get("help"):
                rows.append((f"{base}.help", "help", question["help"]))
            for kind in ("options", "items"):
                for item in question.get(kind, []):
                    label = item.setdefault("label", {})
                    rows.append((f"{base}.{kind}.{item['code']}.label", "option", label))
    return rows


def set_translations(draft: dict, language: str, texts: dict[str, str]) -> dict:
    """Set one language's text for keys of translatable_strings(); an empty text removes it.

    Keys that are not in ``texts`` are left as they are; unknown keys are ignored.
    """
    draft = copy.deepcopy(draft)
    set_translations_in_place(draft, language, texts)
    return draft


def set_translations_in_place(draft: dict, language: str, texts: dict[str, str]) -> None:
    """set_translations on ``draft`` itself."""
    targets = {key: strings for key, _what, strings in translatable_strings(draft)}
    for key, value in texts.items():
        strings = targets.get(key)
        if strings is None:
            continue
        if value:
            strings[language] = value
        else:
            strings.pop(language, None)
