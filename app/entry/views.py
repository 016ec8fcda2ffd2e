"""The clerks' data-entry screen for paper forms, and the supervisor's differences pages."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.entry import bp
from app.entry.answers import entry_sections, posted_fields
from app.entry.forms import EntryStartForm
from app.entry.queries import (
    commune_names,
    form_differences,
    get_paper_form,
    last_double_entry_choice,
    list_awaiting_second,
    list_differences,
    status_counts,
)
from app.entry.serials import SerialError, read_serial
from app.entry.services import (
    EntryError,
    EntryInputError,
    entry_problem,
    find_paper_form,
    resolve_differences,
    save_entry,
)
from app.extensions import db
from app.permissions import role_required
from app.surveys.queries import get_survey

# Who keys paper forms. There is no clerk role yet, so managers do; a "clerk" role added to
# app.permissions.ROLE_RANK would take its place here, in this one line.
clerk_required = role_required("manager")
# Who resolves differences: a manager, and never one who keyed the form (see services).
supervisor_required = role_required("manager")


def _survey(survey_id: int):
    """The survey, if it has a published version to key answers against."""
    survey = get_survey(survey_id) or abort(404)
    if survey.latest_version is None or survey.status == "archived":
        flash(_("Khảo sát chưa công bố hoặc đã lưu trữ nên không nhập phiếu giấy được."), "error")
        abort(redirect(url_for("surveys.detail", survey_id=survey.id), code=303))
    return survey


def _start_url(survey, double: bool) -> str:
    return url_for("entry.start", survey_id=survey.id, hai_lan="1" if double else None)


@bp.route("/<int:survey_id>/entry")
@clerk_required
def start(survey_id: int):
    """Type or scan a serial; a known, keyable form opens the entry page."""
    survey = _survey(survey_id)
    form = EntryStartForm(request.args or None)
    if not request.args:
        form.hai_lan.data = last_double_entry_choice(survey.id)
    elif request.args.get("serial") is not None:
        try:
            serial = read_serial(form.serial.data or "", survey)
            problem = entry_problem(survey, serial, find_paper_form(survey, serial), current_user)
        except SerialError as error:
            problem = error.message
        if problem is None:
            return redirect(
                url_for(
                    "entry.key",
                    survey_id=survey.id,
                    serial=serial.value,
                    hai_lan="1" if form.hai_lan.data else None,
                )
            )
        form.serial.errors = [problem]
    return render_template(
        "entry/start.html",
        survey=survey,
        form=form,
        counts=status_counts(survey.id),
        awaiting=list_awaiting_second(survey.id),
    ), (400 if form.serial.errors else 200)


@bp.route("/<int:survey_id>/entry/<serial>", methods=["GET", "POST"])
@clerk_required
def key(survey_id: int, serial: str):
    """Every question of the form on one page; saving returns to the start form."""
    survey = _survey(survey_id)
    double = request.args.get("hai_lan") == "1"
    try:
        serial = read_serial(serial, survey)
    except SerialError as error:
        flash(error.message, "error")
        return redirect(_start_url(survey, double), code=303)
    definition = survey.latest_version.definition
    errors = {}
    if request.method == "POST":
        fields = posted_fields(definition, request.form)
        try:
            outcome = save_entry(
                survey,
                serial,
                fields,
                clerk=current_user,
                double=double,
                communes=commune_names(definition),
            )
        except EntryInputError as error:
            db.session.rollback()
            errors = error.errors
        except EntryError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(_start_url(survey, double), code=303)
        else:
            db.session.commit()
            flash(_saved_message(serial.label, outcome), "success")
            return redirect(_start_url(survey, double), code=303)
    paper_form = find_paper_form(survey, serial)
    problem = entry_problem(survey, serial, paper_form, current_user) if not errors else None
    if problem:
        flash(problem, "error")
        return redirect(_start_url(survey, double), code=303)
    return render_template(
        "entry/key.html",
        survey=survey,
        serial=serial,
        paper_form=paper_form,
        double=double,
        sections=entry_sections(definition),
        values=request.form,
        errors=errors,
    ), (400 if errors else 200)


def _saved_message(label: str, outcome) -> str:
    saved = _("Đã lưu phiếu %(serial)s (lần nhập %(n)s)", serial=label, n=outcome.pass_number)
    if outcome.paper_form.is_double_entry and outcome.pass_number == 1:
        return saved + ". " + _("Phiếu chờ một cán bộ khác nhập lần 2.")
    if outcome.differences:
        return (
            saved
            + ". "
            + _(
                "Hai lần nhập khác nhau ở %(n)s câu; phiếu chờ người giám sát đối chiếu.",
                n=outcome.differences,
            )
        )
    if outcome.paper_form.is_double_entry:
        return saved + ". " + _("Hai lần nhập khớp nhau; phiếu đã được tiếp nhận.")
    return saved + ". " + _("Phiếu đã được tiếp nhận.")


@bp.route("/<int:survey_id>/entry/differences")
@supervisor_required
def differences(survey_id: int):
    """Forms whose two passes differ, each differing question with both values."""
    survey = _survey(survey_id)
    return render_template("entry/differences.html", survey=survey, forms=list_differences(survey))


@bp.route("/<int:survey_id>/entry/differences/<int:form_id>", methods=["GET", "POST"])
@supervisor_required
def resolve(survey_id: int, form_id: int):
    """A supervisor chooses the right value of each difference; the response is created."""
    survey = _survey(survey_id)
    paper_form = get_paper_form(survey.id, form_id) or abort(404)
    back = url_for("entry.differences", survey_id=survey.id)
    if paper_form.status != "differences":
        flash(_("Phiếu %(serial)s không còn chờ đối chiếu.", serial=paper_form.label), "error")
        return redirect(back, code=303)
    found, errors = form_differences(paper_form), {}
    if request.method == "POST":
        definition = survey.latest_version.definition
        picks = {d.code: request.form.get(f"pick_{d.code}", "") for d in found}
        try:
            resolve_differences(
                paper_form,
                picks,
                posted_fields(definition, request.form),
                supervisor=current_user,
                communes=commune_names(definition),
            )
        except EntryInputError as error:
            db.session.rollback()
            errors = error.errors
        except EntryError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(back, code=303)
        else:
            label = paper_form.label
            db.session.commit()
            flash(
                _("Đã đối chiếu phiếu %(serial)s; phiếu trả lời đã được tạo.", serial=label),
                "success",
            )
            return redirect(back, code=303)
    questions = {
        q.question["code"]: q
        for s in entry_sections(survey.latest_version.definition)
        for q in s.questions
    }
    keyed = any(e.clerk_id == current_user.id for e in paper_form.entries)
    return render_template(
        "entry/resolve.html",
        survey=survey,
        paper_form=paper_form,
        found=found,
        errors=errors,
        values=request.form,
        questions=questions,
        keyed=keyed,
    ), (400 if errors else 200)
