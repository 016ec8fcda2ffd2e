"""Plain factory functions with sensible defaults; they flush, the test commits if needed."""

import itertools

from app.auth.models import User
from app.extensions import db
from app.units.models import Unit

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def make_unit(**kw) -> Unit:
    n = next(_seq)
    values = {"code": f"U{n}", "name": f"Phòng thử nghiệm {n}", "short_name": f"P{n}",
              "kind": "division"}  # fmt: skip
    values.update(kw)
    unit = Unit(**values)
    db.session.add(unit)
    db.session.flush()
    return unit


def make_user(role: str = "staff", **kw) -> User:
    n = next(_seq)
    password = kw.pop("password", PASSWORD)
    values = {"email": f"user{n}@skhcn.test", "full_name": f"Người dùng {n}", "role": role}
    values.update(kw)
    user = User(**values)
    user.set_password(password, "pbkdf2:sha256:1000")
    db.session.add(user)
    db.session.flush()
    return user


# --- indicators: the plan's surveys and definitions, responses, register rows ------------------


def seed_plan() -> None:
    """The built-in surveys (opened) and the plan's 17 indicators; units must be seeded first."""
    from app.indicators.definitions import seed_indicators
    from app.surveys.files import seed_builtin_surveys

    seed_builtin_surveys()
    seed_indicators()
    db.session.flush()


def make_response(survey, answers: dict, *, link=None, user=None, submitted_at=None):
    """A response given through the real services (start_response, save_page, then
    submit_response), submitted at ``submitted_at`` (an aware instant) or now.

    ``answers`` maps question codes to typed values: an option code, a list of option codes
    for a multiple choice, a commune's statistical code. Questions not named stay unanswered.
    """
    from freezegun import freeze_time

    from app.responses.answers import PageAnswers
    from app.responses.services import save_page, start_response, submit_response

    response = start_response(survey, link=link, user=user)
    pages = survey.latest_version.definition["pages"]
    questions = [q for page in pages for q in page["questions"] if q["code"] in answers]
    assert {q["code"] for q in questions} == set(answers), "unknown question code"
    save_page(response, questions, PageAnswers(values=dict(answers)))
    if submitted_at is None:
        submit_response(response)
    else:
        with freeze_time(submitted_at):
            submit_response(response)
    db.session.flush()
    return response


def _add(row):
    db.session.add(row)
    db.session.flush()
    return row


def make_task(unit, year: int, *, communicated_on=None, **kw):
    """A state-budget S&T task led by ``unit``; ``communicated_on`` adds a public record."""
    from app.registers.models import StTask, TaskCommunication

    n = next(_seq)
    values = {"code": f"NV{n}", "title": f"Nhiệm vụ {n}", "level": "province", "year": year,
              "unit_id": unit.id}  # fmt: skip
    task = _add(StTask(**{**values, **kw}))
    if communicated_on is not None:
        _add(TaskCommunication(task_id=task.id, outlet="Báo Quảng Ngãi",
                               outlet_kind="mass_media", published_on=communicated_on))  # fmt: skip
    return task


def make_channel(unit, opened_on, *, kind: str = "website_section", **kw):
    """A unit's column or content line, open from ``opened_on``."""
    from app.registers.models import CommChannel

    values = {"unit_id": unit.id, "kind": kind, "name": f"Chuyên mục {next(_seq)}",
              "opened_on": opened_on}  # fmt: skip
    return _add(CommChannel(**{**values, **kw}))


def make_product(channel, published_on, *, kind: str = "article", language: str = "vi"):
    """One product published on ``channel``."""
    from app.registers.models import CommProduct

    return _add(CommProduct(channel_id=channel.id, kind=kind, title=f"Tin bài {next(_seq)}",
                            published_on=published_on, language=language))  # fmt: skip


def make_training(unit, person: str, completed_on, *, hours: int = 40,
                  topic: str = "digital_comm"):  # fmt: skip
    """A course completed by ``person`` of ``unit``."""
    from app.registers.models import Training

    return _add(Training(person=person, unit_id=unit.id, course=f"Lớp {next(_seq)}", topic=topic,
                         completed_on=completed_on, hours=hours))  # fmt: skip


def make_row(model, **values):
    """Any other register row (NetworkMember, AwardEntry, Document) with the values given."""
    return _add(model(**values))
