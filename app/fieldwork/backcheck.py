"""Back-checks ("phúc tra"): a seeded draw of a share of a survey's assisted interviews, each
re-asked by a supervisor on a few closed questions, and the log of where answers differ.

The draw is stratified by enumerator, so that everyone's work is checked: each enumerator
gets ⌈share × their interviews⌉ checks, at least one when they have any. Interviews are taken
in id order and picked with ``random.Random(seed)``, so the same seed over the same
interviews gives the same draw, and the seed is stored with it. An interview is drawn once
at most (BackCheck.response_id is unique), however many draws overlap.
"""

import random
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.db import utcnow
from app.extensions import db
from app.fieldwork.errors import FieldworkError
from app.fieldwork.models import BackCheck, BackCheckDraw, BackCheckFinding
from app.responses.models import Response
from app.sampling.models import MAX_SEED
from app.surveys.models import Survey
from app.surveys.types import NUMBER_TYPES, QUESTION_TYPES

MAX_QUESTIONS = 5


# --- the draw ----------------------------------------------------------------------------------


def _population(survey_id: int) -> sa.Select:
    """Completed, not excluded, assisted interviews of the survey never drawn, by id."""
    drawn = sa.select(BackCheck.id).where(BackCheck.response_id == Response.id)
    return (
        sa.select(Response.id, Response.collector_id)
        .where(
            Response.survey_id == survey_id,
            Response.status == "complete",
            Response.is_excluded.is_(False),
            Response.mode == "assisted",
            ~drawn.exists(),
        )
        .order_by(Response.id)
    )


def checks_wanted(interviews: int, share_percent: int) -> int:
    """⌈share × interviews⌉, at least 1 when there are any; in integers, so 10% of 10 is 1."""
    if interviews <= 0:
        return 0
    return min(interviews, max(1, -(-interviews * share_percent // 100)))


def pick(population: list[tuple[int, int | None]], share_percent: int, seed: int) -> list[int]:
    """The response ids drawn from ``(response id, collector id)`` pairs in response id order:
    per collector (by id; interviews without one last), ``checks_wanted`` of theirs, sampled
    with one ``random.Random(seed)`` in that order. Sorted by id."""
    groups: dict[int | None, list[int]] = {}
    for response_id, collector_id in population:
        groups.setdefault(collector_id, []).append(response_id)
    # Not for security: a seeded generator is the point, so anyone can redo the draw.
    rng = random.Random(seed)  # noqa: S311
    picked: list[int] = []
    for collector_id in sorted(groups, key=lambda c: (c is None, c or 0)):
        ids = groups[collector_id]
        picked.extend(rng.sample(ids, checks_wanted(len(ids), share_percent)))
    return sorted(picked)


def _lock(survey: Survey) -> None:
    """Serialise draws per survey on PostgreSQL: a second draw waits for the first to commit,
    then sees its checks and leaves those interviews out. The unique response id backs it up
    (SQLite serialises writers by itself)."""
    db.session.execute(sa.select(Survey.id).where(Survey.id == survey.id).with_for_update())


def draw_backchecks(
    survey: Survey, *, share_percent: int, seed: int | None, actor
) -> BackCheckDraw:
    """Draw ``share_percent`` of the survey's assisted interviews not drawn before; audited.

    :param seed: 0 to 2,147,483,647; None draws a random one, stored with the draw.
    :raises FieldworkError: bad share or seed, or no interview left to draw.
    :raises sqlalchemy.exc.IntegrityError: a simultaneous draw took one of the interviews.
    """
    if not 1 <= share_percent <= 100:
        raise FieldworkError(_l("Tỷ lệ phúc tra phải từ 1 đến 100%."))
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise FieldworkError(_l("Số khởi tạo phải từ 0 đến 2.147.483.647."))
    _lock(survey)
    population = db.session.execute(_population(survey.id)).tuples().all()
    if not population:
        raise FieldworkError(
            _l("Không còn phỏng vấn có người hỗ trợ nào đã gửi mà chưa được chọn phúc tra.")
        )
    seed = secrets.randbelow(MAX_SEED + 1) if seed is None else seed
    picked = pick(population, share_percent, seed)
    draw = BackCheckDraw(survey_id=survey.id, share_percent=share_percent, seed=seed,
                         population=len(population), drawn=len(picked),
                         created_by_id=getattr(actor, "id", None))  # fmt: skip
    db.session.add(draw)
    db.session.flush()
    db.session.add_all(BackCheck(draw_id=draw.id, response_id=rid) for rid in picked)
    db.session.flush()
    record(actor, "fieldwork.backcheck_draw", draw, survey=survey.slug, share=share_percent,
           seed=seed, population=len(population), drawn=len(picked))  # fmt: skip
    return draw


# --- the questions re-asked --------------------------------------------------------------------

NO_ANSWER = ""  # what a finding stores for "not answered"


def number_text(value) -> str:
    """A number as findings store it, so 10, 10.0 and Decimal("10.0000") all read "10"."""
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return str(value)


def _kind(question: dict) -> str | None:
    spec = QUESTION_TYPES.get(question["type"])
    if spec is not None and spec.answer == "option":
        return "option"
    return "number" if question["type"] in NUMBER_TYPES else None


@dataclass(frozen=True)
class CheckQuestion:
    """A question re-asked in a back-check, with its options and the interview's answer."""

    code: str
    kind: str  # "option" or "number"
    text: str
    options: tuple[tuple[str, str], ...]  # (code, Vietnamese label)
    recorded: str  # the option code or number text; NO_ANSWER when not answered

    def label(self, value: str) -> str | None:
        """An option's label or the number as written; None for "not answered"."""
        if value == NO_ANSWER:
            return None
        return dict(self.options).get(value, value) if self.kind == "option" else value


def check_question(q: dict, recorded: str = NO_ANSWER) -> CheckQuestion:
    options = tuple(
        (o["code"], o.get("label", {}).get("vi", o["code"])) for o in q.get("options", [])
    )
    return CheckQuestion(
        q["code"], _kind(q), q.get("text", {}).get("vi", q["code"]), options, recorded
    )


def backcheck_questions(definition: dict) -> list[dict]:
    """Up to MAX_QUESTIONS single-answer choice or number questions, in the survey's order.

    Preferred: required single-choice questions asked of everyone (no condition on them or
    their page), which every interview answered; then other choice questions; then numbers.
    """
    ranked = []
    for page in definition.get("pages", []):
        for q in page.get("questions", []):
            kind = _kind(q)
            if kind is None:
                continue
            always = q.get("required") and not q.get("show_if") and not page.get("show_if")
            ranked.append(((kind != "option", not always), len(ranked), q))
    chosen = sorted(ranked, key=lambda r: (r[0], r[1]))[:MAX_QUESTIONS]
    return [q for _rank, _position, q in sorted(chosen, key=lambda r: r[1])]


def check_questions(response: Response) -> list[CheckQuestion]:
    """The questions to re-ask for this interview, each with the answer it recorded."""
    answers = {a.question_code: a for a in response.answers if a.item_code is None}
    questions = []
    for q in backcheck_questions(response.version.definition):
        answer = answers.get(q["code"])
        if answer is None:
            recorded = NO_ANSWER
        elif _kind(q) == "option":
            recorded = answer.option_code or NO_ANSWER
        else:
            recorded = NO_ANSWER if answer.number is None else number_text(answer.number)
        questions.append(check_question(q, recorded))
    return questions


# --- the check ---------------------------------------------------------------------------------


def record_check(check: BackCheck, found: dict[str, str] | None, *, note: str | None, user):
    """Store what the respondent said when re-asked, or that they could not be reached.

    Findings compare each re-asked question with the interview; the status becomes
    "discrepancy" when one differs, else "confirmed" ("unreachable" when ``found`` is None).
    A check may be saved again (a correction): its findings are replaced. Audited.

    :param found: question code -> option code or number text (NO_ANSWER: not answered).
    :raises FieldworkError: the checker made the interview, a question is missing, or an
        option is not one of the question's.
    """
    if user is not None and check.response.collector_id == user.id:
        raise FieldworkError(_l("Người đã phỏng vấn không phúc tra chính phỏng vấn đó."))
    questions = check_questions(check.response)
    if found is not None:
        for q in questions:
            value = found.get(q.code)
            allowed = value is not None and (
                q.kind != "option" or value == NO_ANSWER or value in dict(q.options)
            )
            if not allowed:
                raise FieldworkError(_l("Câu %(code)s chưa có câu trả lời hợp lệ.", code=q.code))
    again = check.status != "pending"
    check.findings.clear()
    db.session.flush()  # the old findings go before new ones with the same question codes
    if found is None:
        check.status = "unreachable"
    else:
        for q in questions:
            value = found[q.code]
            finding = BackCheckFinding(
                question_code=q.code, recorded=q.recorded, found=value, matches=q.recorded == value
            )
            check.findings.append(finding)
        check.status = "confirmed" if all(f.matches for f in check.findings) else "discrepancy"
    check.note = note or None
    check.checked_by_id, check.checked_at = getattr(user, "id", None), utcnow()
    db.session.flush()
    record(user, "fieldwork.backcheck", check, response=check.response_id, status=check.status,
           differences=sum(not f.matches for f in check.findings), again=again)  # fmt: skip
    return check
