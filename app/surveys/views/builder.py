"""The survey builder: pages, questions, order, removal, translations and the preview."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.common.forms import ConfirmForm
from app.extensions import db
from app.permissions import role_required
from app.surveys import bp, drafts
from app.surveys.forms import (
    PageForm,
    QuestionForm,
    condition_from,
    fill_condition,
    fill_question_form,
    question_values,
)
from app.surveys.services import SurveyError, edit_draft
from app.surveys.views.common import question_choices, survey_or_404

DRAFT_MESSAGES = {
    "page_code_taken": _l("Mã trang này đã được dùng trong khảo sát."),
    "question_code_taken": _l("Mã câu hỏi này đã được dùng trong khảo sát."),
}


def _detail(survey, anchor: str | None = None):
    return redirect(url_for("surveys.detail", survey_id=survey.id, _anchor=anchor), code=303)


def _save(survey, new_draft, message: str, anchor: str | None = None):
    """Store an edited draft, commit, and go back to the overview."""
    edit_draft(survey, new_draft)
    db.session.commit()
    flash(message, "success")
    return _detail(survey, anchor)


@bp.route("/<int:survey_id>/pages/new", methods=["GET", "POST"], defaults={"code": None})
@bp.route("/<int:survey_id>/pages/<code>/edit", methods=["GET", "POST"])
@role_required("manager")
def page(survey_id: int, code: str | None):
    """Add a page, or edit one's code, title and condition."""
    survey = survey_or_404(survey_id)
    current = _page_or_404(survey, code) if code else None
    form = PageForm(code=code, title=current["title"].get("vi") if current else None)
    # A new page goes last, so every question so far comes before it.
    earlier = (
        drafts.earlier_questions(survey.draft, code) if code else drafts.all_questions(survey.draft)
    )
    form.show_if_question.choices = question_choices(earlier, _("(luôn hiện)"), current)
    if request.method == "GET" and current:
        fill_condition(form, current.get("show_if"))
    if form.validate_on_submit():
        try:
            new = drafts.save_page(survey.draft, code=form.code.data.strip(),
                                   title=form.title.data.strip(), show_if=condition_from(form),
                                   original=code)  # fmt: skip
            return _save(survey, new, _("Đã lưu trang."), f"page-{form.code.data.strip()}")
        except (drafts.DraftError, SurveyError) as exc:
            form.code.errors.append(str(DRAFT_MESSAGES.get(str(exc), exc)))
    return render_template("surveys/page_form.html", form=form, survey=survey, code=code)


@bp.route("/<int:survey_id>/pages/<page_code>/questions/new", methods=["GET", "POST"],
          defaults={"code": None})  # fmt: skip
@bp.route("/<int:survey_id>/questions/<code>/edit", methods=["GET", "POST"],
          defaults={"page_code": None})  # fmt: skip
@role_required("manager")
def question(survey_id: int, page_code: str | None, code: str | None):
    """Add a question to a page, or edit one."""
    survey = survey_or_404(survey_id)
    if code:
        try:
            page, current = drafts.find_question(survey.draft, code)
        except drafts.DraftError:
            abort(404)
        page_code = page["code"]
    else:
        _page_or_404(survey, page_code)
        current = None
    form = QuestionForm()
    form.show_if_question.choices = question_choices(
        drafts.earlier_questions(survey.draft, page_code), _("(luôn hỏi)"), current
    )
    if request.method == "GET" and current:
        fill_question_form(form, current)
    if form.validate_on_submit():
        try:
            values = question_values(form)
            new = drafts.save_question(survey.draft, page_code, values, original=code)
            return _save(survey, new, _("Đã lưu câu hỏi."), f"q-{values['code']}")
        except ValueError as exc:
            field = form.items if form.type.data == "likert_matrix" else form.options
            field.errors.append(str(exc))
        except (drafts.DraftError, SurveyError) as exc:
            form.code.errors.append(str(DRAFT_MESSAGES.get(str(exc), exc)))
    return render_template(
        "surveys/question_form.html", form=form, survey=survey, page_code=page_code, code=code
    )


@bp.route("/<int:survey_id>/<any(page, question):kind>/<code>/move", methods=["POST"])
@role_required("manager")
def move(survey_id: int, kind: str, code: str):
    """Move a page or question up or down one place."""
    survey = survey_or_404(survey_id)
    form = ConfirmForm()
    direction = request.form.get("direction")
    if not form.validate_on_submit() or direction not in {"up", "down"}:
        abort(400)
    step = -1 if direction == "up" else 1
    _exists_or_404(survey, kind, code)
    try:
        edit_draft(survey, drafts.move(survey.draft, kind, code, step))
    except SurveyError as exc:
        flash(str(exc), "error")
        return _detail(survey)
    db.session.commit()
    return _detail(survey, f"{'page' if kind == 'page' else 'q'}-{code}")


@bp.route("/<int:survey_id>/<any(page, question):kind>/<code>/remove", methods=["GET", "POST"])
@role_required("manager")
def remove(survey_id: int, kind: str, code: str):
    """Confirm, then remove a page (with its questions) or a question from the draft."""
    survey = survey_or_404(survey_id)
    _exists_or_404(survey, kind, code)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            return _save(
                survey, drafts.remove(survey.draft, kind, code), _("Đã xóa khỏi bản nháp.")
            )
        except SurveyError as exc:
            flash(str(exc), "error")
            return _detail(survey)
    return render_template("surveys/remove.html", form=form, survey=survey, kind=kind, code=code)


def _page_or_404(survey, code: str) -> dict:
    try:
        return drafts.find_page(survey.draft, code)
    except drafts.DraftError:
        abort(404)


def _exists_or_404(survey, kind: str, code: str) -> None:
    if kind == "page":
        _page_or_404(survey, code)
    else:
        try:
            drafts.find_question(survey.draft, code)
        except drafts.DraftError:
            abort(404)
