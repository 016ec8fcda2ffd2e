"""What a new version may not change: codes that stored answers and indicators rely on."""

from flask_babel import gettext as _

from app.surveys.definition import DefinitionError, question_index


def breaking_changes(published: dict, draft: dict) -> list[DefinitionError]:
    """Problems that would orphan or reinterpret answers given to ``published``.

    A question code or option code that was published must stay, with the same type; texts,
    order, help, conditions and new questions or options may change freely.
    """
    old, new = question_index(published), question_index(draft)
    problems = []
    for code, (page, question) in old.items():
        if code not in new:
            message = _("câu hỏi đã công bố không thể xóa hoặc đổi mã (các chỉ tiêu và câu "
                        "trả lời đã có dùng mã này)")  # fmt: skip
            problems.append(DefinitionError(page, code, message))
            continue
        new_page, replacement = new[code]
        if replacement["type"] != question["type"]:
            message = _("không thể đổi loại câu hỏi đã công bố từ %(old)s sang %(new)s",
                        old=question["type"], new=replacement["type"])  # fmt: skip
            problems.append(DefinitionError(new_page, code, message))
        if question.get("other") and not replacement.get("other"):
            message = _(
                'không thể bỏ lựa chọn "Khác, ghi rõ" đã công bố (đã có câu trả lời dùng nó)'
            )
            problems.append(DefinitionError(new_page, code, message))
        for kind in ("options", "items"):
            kept = {item["code"] for item in replacement.get(kind, [])}
            for item in question.get(kind, []):
                if item["code"] not in kept:
                    message = _("mã `%(option)s` đã công bố không thể xóa hoặc đổi",
                                option=item["code"])  # fmt: skip
                    problems.append(DefinitionError(new_page, code, message))
    return problems
