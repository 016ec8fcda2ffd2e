"""Managers' fieldwork quality pages: contact outcomes of a design's respondent codes (for
coordinators who get the paper sheets back) and back-checks of a survey's assisted interviews.

Enumerators appear only as their pseudonymous code (app.fieldwork.collectors), never by name.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.common.args import page_arg
from app.common.text import clean_text
from app.extensions import db
from app.fieldwork.backcheck import check_questions, draw_backchecks, record_check
from app.fieldwork.backcheck_forms import NONE_CHOICE, CheckForm, DrawForm, OutcomeForm, check_form
from app.fieldwork.backcheck_queries import (
    collector_summary,
    get_check,
    list_checks,
    list_discrepancies,
    list_draws,
    status_counts,
)
from app.fieldwork.collectors import collector_code
from app.fieldwork.errors import FieldworkError
from app.fieldwork.models import BACKCHECK_STATUSES, CONTACT_OUTCOMES
from app.fieldwork.outcomes import (
    CODE_STATES,
    clear_outcome,
    get_design_link,
    list_commune_codes,
    list_design_communes,
    record_outcome,
)
from app.permissions import role_required
from app.sampling.codes import format_code
from app.sampling.presenting import percent
from app.sampling.progress import commune_progress
from app.sampling.queries import get_design
from app.surveys.queries import get_survey

bp = Blueprint("fieldwork_manage", __name__, url_prefix="/manage")
PER_PAGE = 50


# --- contact outcomes of a design's codes ------------------------------------------------------


@bp.route("/sampling/<int:design_id>/outcomes")
@role_required("manager")
def outcomes(design_id: int):
    """One drawn commune's codes (chosen by ``xa``, its statistical code) and their states."""
    design = get_design(design_id) or abort(404)
    return _outcomes_page(design, commune_code=request.args.get("xa"))


def _outcomes_page(design, *, commune_code=None, form=None, link_id=None):
    communes = list_design_communes(design.id)
    chosen = next(
        (c for c in communes if c.code == commune_code), communes[0] if communes else None
    )
    progress = [p for p in commune_progress(design.id) if chosen and p.code == chosen.code]
    return render_template(
        "fieldwork/outcomes.html", design=design, communes=communes, chosen=chosen,
        codes=list_commune_codes(chosen.assignment_id) if chosen else [],
        progress=progress[0] if progress else None, states=CODE_STATES,
        outcome_labels=CONTACT_OUTCOMES, form=form or OutcomeForm(formdata=None),
        error_link_id=link_id, percent=percent,
    ), (400 if link_id else 200)  # fmt: skip


def _back_to_commune(design_id: int, link):
    url = url_for(".outcomes", design_id=design_id, xa=link.commune.code if link.commune else None,
                  _anchor=f"ma-{link.id}")  # fmt: skip
    return redirect(url, code=303)


@bp.route("/sampling/<int:design_id>/outcomes/<int:link_id>", methods=["POST"])
@role_required("manager")
def record(design_id: int, link_id: int):
    """Record a code's contact outcome; errors are shown at the code's form."""
    design = get_design(design_id) or abort(404)
    link = get_design_link(design.id, link_id) or abort(404)
    form = OutcomeForm()
    if not form.validate_on_submit():
        commune = link.commune.code if link.commune else None
        return _outcomes_page(design, commune_code=commune, form=form, link_id=link.id)
    try:
        record_outcome(link, form.outcome.data, note=form.note.data, user=current_user)
    except FieldworkError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Đã ghi kết quả “%(outcome)s” cho mã %(code)s.",
                outcome=CONTACT_OUTCOMES[form.outcome.data], code=format_code(link.code)),
              "success")  # fmt: skip
    return _back_to_commune(design.id, link)


@bp.route("/sampling/<int:design_id>/outcomes/<int:link_id>/clear", methods=["POST"])
@role_required("manager")
def clear(design_id: int, link_id: int):
    """Remove an outcome recorded by mistake (only while the code has no response)."""
    design = get_design(design_id) or abort(404)
    link = get_design_link(design.id, link_id) or abort(404)
    try:
        clear_outcome(link, current_user)
    except FieldworkError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Đã xóa kết quả liên hệ của mã %(code)s.", code=format_code(link.code)), "success")
    return _back_to_commune(design.id, link)


# --- back-checks -------------------------------------------------------------------------------


@bp.route("/surveys/<int:survey_id>/backchecks")
@role_required("manager")
def backchecks(survey_id: int):
    """The draw form, the draws made and the interviews drawn, those to check first."""
    survey = get_survey(survey_id) or abort(404)
    return _backchecks_page(survey, DrawForm(formdata=None))


def _backchecks_page(survey, form, status: int = 200):
    chosen = request.args.get("trang_thai")
    chosen = chosen if chosen in BACKCHECK_STATUSES else None
    page = db.paginate(list_checks(survey.id, chosen), page=page_arg(), per_page=PER_PAGE,
                       error_out=False)  # fmt: skip
    return render_template(
        "fieldwork/backchecks.html", survey=survey, form=form, page=page, chosen=chosen,
        counts=status_counts(survey.id), draws=list_draws(survey.id),
        statuses=BACKCHECK_STATUSES, collector_code=collector_code,
    ), status  # fmt: skip


@bp.route("/surveys/<int:survey_id>/backchecks/draw", methods=["POST"])
@role_required("manager")
def draw(survey_id: int):
    """Draw a share of the assisted interviews not drawn before, per enumerator."""
    survey = get_survey(survey_id) or abort(404)
    form = DrawForm()
    if form.validate_on_submit():
        try:
            made = draw_backchecks(survey, share_percent=form.share_percent.data,
                                   seed=form.seed.data, actor=current_user)  # fmt: skip
            drawn, seed = made.drawn, made.seed
            db.session.commit()
        except FieldworkError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        except IntegrityError:
            db.session.rollback()  # another draw took some of these interviews at that moment
            form.form_errors.append(
                _("Một lần chọn khác vừa chọn cùng lúc một số phỏng vấn này. Hãy chọn lại.")
            )
        else:
            flash(ngettext("Đã chọn %(num)s phỏng vấn để phúc tra; số khởi tạo %(seed)s.",
                           "Đã chọn %(num)s phỏng vấn để phúc tra; số khởi tạo %(seed)s.",
                           drawn, seed=seed), "success")  # fmt: skip
            return redirect(url_for(".backchecks", survey_id=survey.id), code=303)
    return _backchecks_page(survey, form, 400)


def _stored(check, questions) -> dict:
    """A checked interview's saved answers as form data, to show and correct them: "no
    answer" is the radio choice for an option question, an empty box for a number."""
    kinds = {q.code: q.kind for q in questions}
    data = {"reached": "no" if check.status == "unreachable" else "yes", "note": check.note}
    for finding in check.findings:
        empty = NONE_CHOICE if kinds.get(finding.question_code) == "option" else None
        value = finding.found or empty
        if value is not None and kinds.get(finding.question_code) != "option":
            value = value.replace(".", ",")  # as Vietnamese is written, and read back
        data[f"q_{finding.question_code}"] = value
    return data


@bp.route("/surveys/<int:survey_id>/backchecks/<int:check_id>", methods=["GET", "POST"])
@role_required("manager")
def check(survey_id: int, check_id: int):
    """Re-ask a drawn interview's questions and save what the respondent said."""
    survey = get_survey(survey_id) or abort(404)
    found = get_check(survey.id, check_id) or abort(404)
    questions = check_questions(found.response)
    stored = (
        _stored(found, questions) if found.status != "pending" and request.method == "GET" else {}
    )
    form: CheckForm = check_form(questions, data=stored)
    if form.validate_on_submit():
        try:
            record_check(found, form.found(), note=clean_text(form.note.data), user=current_user)
        except FieldworkError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            status = BACKCHECK_STATUSES[found.status]
            db.session.commit()
            flash(_("Đã lưu kết quả phúc tra phiếu số %(id)s: %(status)s.", id=found.response_id,
                    status=status), "success")  # fmt: skip
            return redirect(url_for(".backchecks", survey_id=survey.id), code=303)
    return render_template(
        "fieldwork/backcheck_form.html", survey=survey, check=found, form=form,
        questions=questions, statuses=BACKCHECK_STATUSES, collector_code=collector_code,
    ), (400 if form.errors or form.form_errors else 200)  # fmt: skip


@bp.route("/surveys/<int:survey_id>/backchecks/discrepancies")
@role_required("manager")
def discrepancies(survey_id: int):
    """The discrepancy log, and per enumerator: drawn, checked, discrepancy rate."""
    survey = get_survey(survey_id) or abort(404)
    return render_template(
        "fieldwork/backcheck_discrepancies.html", survey=survey,
        rows=list_discrepancies(survey.id), summary=collector_summary(survey.id),
        collector_code=collector_code, percent=percent,
    )  # fmt: skip
