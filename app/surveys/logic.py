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
    """
    return [
        page
        for page in definition["pages"]
        if condition_met(page.get("show_if"), answers) and visible_questions(page, answers)
    ]
