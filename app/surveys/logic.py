"""Show-if conditions, evaluated on the server so a respondent without JavaScript gets the
right pages and questions."""


def condition_met(condition: dict | None, answers: dict) -> bool:
    """Whether a page's or question's condition holds for the answers given so far.

    ``answers`` maps question codes to stored values: an option code (single choice), a list
    of option codes (multiple choice), or a number. An unanswered question meets no condition.
    """
    if not condition:
        return True
    value = answers.get(condition["question"])
    if value is None or value == [] or value == "":
        return False
    if "any_of" in condition:
        chosen = set(value) if isinstance(value, list | tuple | set) else {value}
        return bool(chosen & set(condition["any_of"]))
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    low, high = condition.get("min"), condition.get("max")
    return (low is None or number >= low) and (high is None or number <= high)


def visible_questions(page: dict, answers: dict) -> list[dict]:
    """The page's questions whose conditions hold (all of them if the page itself is hidden)."""
    return [q for q in page["questions"] if condition_met(q.get("show_if"), answers)]


def visible_pages(definition: dict, answers: dict) -> list[dict]:
    """The pages a respondent with these answers sees, in order.

    A page is skipped when its own condition fails or when none of its questions would show.
    Conditions see only answers to questions that are themselves shown, so an answer left on
    a page that a later change of mind hides cannot keep its dependants visible.
    """
    return _walk(definition, answers)[0]


def shown_answers(definition: dict, answers: dict) -> dict:
    """The answers to questions on the respondent's path; conditions compare against these."""
    return _walk(definition, answers)[1]


def _walk(definition: dict, answers: dict) -> tuple[list[dict], dict]:
    shown: dict = {}
    pages = []
    for page in definition["pages"]:
        if not condition_met(page.get("show_if"), shown):
            continue
        questions = visible_questions(page, shown)
        if not questions:
            continue
        pages.append(page)
        for question in questions:
            if question["code"] in answers:
                shown[question["code"]] = answers[question["code"]]
    return pages, shown
