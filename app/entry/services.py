"""Keying paper forms: one pass or two, and a supervisor's resolution of their differences.

A response is created only when a form's answers are settled: at once for single entry, when
two passes by two clerks agree, or when a supervisor has chosen between them. It goes
through the responding services (start_response, save_page, submit_response) like any
other, with mode "paper"; through the respondent code's one-time link when the form carries
one (stream "sample"), else without a link (stream "open"). Who keyed what is written to
the audit log, never on the response, which stays anonymous.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.db import utcnow
from app.entry.answers import Difference, all_questions, differences, field_names, read_entry
from app.entry.models import PaperEntry, PaperForm
from app.entry.serials import Serial
from app.extensions import db
from app.responses.models import Response
from app.responses.services import (
    ResponseError,
    existing_response,
    save_page,
    start_response,
    submit_response,
)
from app.sampling.codes import format_code


class EntryError(Exception):
    """The form cannot be keyed or resolved now; ``message`` says why, in words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EntryInputError(Exception):
    """What was keyed does not pass the web form's checks: messages by question code."""

    def __init__(self, errors: dict):
        super().__init__("invalid answers")
        self.errors = errors


@dataclass(frozen=True)
class EntryOutcome:
    """What a saved pass led to."""

    paper_form: PaperForm
    pass_number: int
    differences: int = 0


def find_paper_form(survey, serial: Serial, *, lock: bool = False) -> PaperForm | None:
    """The paper form of ``survey`` with this serial; ``lock`` holds its row (PostgreSQL)
    until the commit, so two clerks saving the same form at once take turns."""
    query = sa.select(PaperForm).where(
        PaperForm.survey_id == survey.id, PaperForm.serial == serial.value
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def entry_problem(survey, serial: Serial, form: PaperForm | None, clerk) -> str | None:
    """Why ``clerk`` cannot key this form now, or None when they can."""
    if form is not None and form.is_done:
        return _("Phiếu %(serial)s đã được nhập và tiếp nhận; không nhập lại.", serial=serial.label)
    if form is not None and form.status == "differences":
        return _(
            "Phiếu %(serial)s đã được nhập hai lần và đang chờ người giám sát đối chiếu.",
            serial=serial.label,
        )
    if form is not None and any(e.clerk_id == clerk.id for e in form.entries):
        return _(
            "Phiếu %(serial)s đã được tài khoản này nhập lần 1. Lần nhập 2 phải do một "
            "cán bộ nhập liệu khác thực hiện.",
            serial=serial.label,
        )
    if form is not None and len(form.entries) >= (2 if form.is_double_entry else 1):
        # two passes in, or one of a single entry, whose outcome another request is writing
        return _(
            "Phiếu %(serial)s vừa được một cán bộ khác nhập. Hãy nhập lại số phiếu để xem "
            "tình trạng của nó.",
            serial=serial.label,
        )
    if serial.link is not None and existing_response(survey, link=serial.link) is not None:
        return _(
            "Mã người trả lời %(code)s đã được dùng: khảo sát đã có phiếu trả lời của người này.",
            code=serial.label,
        )
    return None


def save_entry(
    survey, serial: Serial, fields: dict, *, clerk, double: bool, communes: dict[str, str]
) -> EntryOutcome:
    """Store one pass of a paper form and create its response when it is settled.

    :param fields: the answer fields as posted (app.entry.answers.posted_fields).
    :param double: double entry, for a form keyed the first time; a known form keeps its own.
    :param communes: commune code -> name, for checking and comparing commune answers.
    :raises EntryInputError: the answers fail the web form's checks; nothing is stored.
    :raises EntryError: the form cannot be keyed now (see entry_problem).
    """
    definition = survey.latest_version.definition
    answers, _asked = read_entry(definition, fields, set(communes))
    if answers.errors:
        raise EntryInputError(answers.errors)
    form = _paper_form(survey, serial, double)
    problem = entry_problem(survey, serial, form, clerk)
    if problem:
        raise EntryError(problem)
    entry = PaperEntry(pass_number=len(form.entries) + 1, clerk_id=clerk.id, answers=fields)
    form.entries.append(entry)
    _flush_or_refuse(serial)
    found: list[Difference] = []
    if not form.is_double_entry:
        _accept(survey, form, fields, communes)
    elif entry.pass_number == 2:
        found = differences(definition, form.entries[0].answers, fields, communes)
        if found:
            form.status = "differences"
        else:
            _accept(survey, form, fields, communes)
    record(
        clerk,
        "entry.save",
        form,
        survey=survey.slug,
        serial=serial.label,
        pass_number=entry.pass_number,
        status=form.status,
        differences=len(found),
        response_id=form.response_id,
    )
    return EntryOutcome(form, entry.pass_number, len(found))


def _paper_form(survey, serial: Serial, double: bool) -> PaperForm:
    """The form's row, locked; created on its first pass."""
    form = find_paper_form(survey, serial, lock=True)
    if form is None:
        form = PaperForm(
            survey_id=survey.id,
            serial=serial.value,
            link=serial.link,
            is_double_entry=double,
            status="awaiting_second",
        )
        db.session.add(form)
        _flush_or_refuse(serial)
    return form


def _flush_or_refuse(serial: Serial) -> None:
    """Write now, so that a clerk who lost a race to the unique (survey, serial) or (form,
    pass) pairs is told so. No savepoint: on SQLite a savepoint opening the transaction
    would commit on release, and the view rolls the whole request back anyway."""
    message = _(
        "Phiếu %(serial)s vừa được một cán bộ khác nhập. Hãy nhập lại số phiếu để xem "
        "tình trạng của nó.",
        serial=serial.label,
    )
    try:
        db.session.flush()
    except IntegrityError:
        raise EntryError(message) from None


def _accept(
    survey, form: PaperForm, fields: dict, communes: dict[str, str], status: str = "accepted"
) -> Response:
    """Create the form's response from settled fields and mark the form done."""
    answers, asked = read_entry(survey.latest_version.definition, fields, set(communes))
    if answers.errors:
        raise EntryInputError(answers.errors)
    # The clerk who keyed the first pass collected the answers into the service.
    first = min(form.entries, key=lambda e: e.pass_number, default=None)
    response = start_response(
        survey, link=form.link, mode="paper", collector=first.clerk if first else None
    )
    try:
        save_page(response, asked, answers)
    except ResponseError:  # the respondent code was used meanwhile
        raise EntryError(
            _(
                "Mã người trả lời %(code)s đã được dùng: khảo sát đã có phiếu trả "
                "lời của người này.",
                code=format_code(form.link.code),
            )
        ) from None
    submit_response(response)
    db.session.flush()
    form.response_id, form.status = response.id, status
    return response


def resolve_differences(
    form: PaperForm, picks: dict[str, str], typed, *, supervisor, communes: dict[str, str]
) -> Response:
    """A supervisor settles a form whose two passes differ: for each differing question the
    first pass ("1"), the second ("2"), or a value typed now ("typed", read from ``typed``).

    :raises EntryInputError: a difference without a choice, or a typed value that fails.
    :raises EntryError: the form is not waiting for resolution, or the supervisor keyed it.
    """
    survey = form.survey
    db.session.execute(  # hold the row: two supervisors resolving at once take turns
        sa.select(PaperForm.id).where(PaperForm.id == form.id).with_for_update()
    )
    db.session.refresh(form)
    if form.status != "differences":
        raise EntryError(_("Phiếu này không còn chờ đối chiếu."))
    if any(e.clerk_id == supervisor.id for e in form.entries):
        raise EntryError(
            _("Người đã nhập phiếu không đối chiếu chính phiếu đó; cần một người giám sát khác.")
        )
    definition = survey.latest_version.definition
    first, second = (e.answers for e in form.entries)
    found = differences(definition, first, second, communes)
    missing = {
        d.code: _("Chọn giá trị đúng cho câu %(n)s", n=d.number or d.code)
        for d in found
        if picks.get(d.code) not in {"1", "2", "typed"}
    }
    if missing:
        raise EntryInputError(missing)
    fields = merge_fields(definition, first, second, picks, typed)
    response = _accept(survey, form, fields, communes, status="resolved")
    form.resolved_by_id, form.resolved_at = supervisor.id, utcnow()
    record(
        supervisor,
        "entry.resolve",
        form,
        survey=survey.slug,
        serial=form.serial,
        choices={d.code: picks[d.code] for d in found},
        response_id=response.id,
    )
    return response


def merge_fields(definition: dict, first: dict, second: dict, picks: dict[str, str], typed):
    """The first pass's fields with each picked question's fields taken from the pass chosen,
    or from ``typed`` (the supervisor's fields, as posted_fields reads them) for "typed"."""
    merged = dict(first)
    for question in all_questions(definition):
        pick = picks.get(question["code"])
        if pick not in {"1", "2", "typed"}:
            continue
        for name in field_names(question):
            merged.pop(name, None)
            source = {"1": first, "2": second, "typed": typed}[pick]
            values = source.get(name, [])
            if values:
                merged[name] = values
    return merged


def forget_paper_forms(response_ids) -> None:
    """Delete the paper forms keyed for these responses, with the clerks' passes (they hold
    the same answers): for a respondent's deletion request and the retention purge.

    :param response_ids: a list of ids or a scalar subquery of them.
    """
    forms = sa.select(PaperForm.id).where(PaperForm.response_id.in_(response_ids))
    db.session.execute(sa.delete(PaperEntry).where(PaperEntry.paper_form_id.in_(forms)))
    db.session.execute(sa.delete(PaperForm).where(PaperForm.response_id.in_(response_ids)))
