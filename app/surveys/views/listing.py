"""The survey list, creating a survey, its overview and its settings."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.common.timezones import end_of_day, local_day, start_of_day
from app.extensions import db
from app.permissions import role_required
from app.surveys import bp
from app.surveys.forms import SurveyForm, parse_languages
from app.surveys.models import AUDIENCES, STATUSES
from app.surveys.queries import list_surveys
from app.surveys.services import SurveyError, create_survey, publish_problems, update_settings
from app.surveys.views.common import survey_or_404, unit_choices
from app.units.queries import get_unit


@bp.route("/")
@role_required("manager")
def index():
    """All surveys, filtered by status and audience."""
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    audience = request.args.get("audience") if request.args.get("audience") in AUDIENCES else None
    surveys = db.session.scalars(list_surveys(status=status, audience=audience)).all()
    return render_template("surveys/index.html", surveys=surveys, status=status, audience=audience)


@bp.route("/new", methods=["GET", "POST"])
@role_required("manager")
def create():
    """Create a draft survey."""
    form = SurveyForm()
    form.owner_unit_id.choices = unit_choices(_("Chưa chọn"))
    for name in ("description", "opens_on", "closes_on"):
        delattr(form, name)
    if form.validate_on_submit():
        try:
            survey = create_survey(
                slug=form.slug.data.strip(), audience=form.audience.data, title=form.title.data,
                languages=parse_languages(form.languages.data or ""),
                is_anonymous=form.is_anonymous.data, owner_unit=get_unit(form.owner_unit_id.data),
                actor=current_user,
            )  # fmt: skip
        except SurveyError as exc:
            form[exc.field or "slug"].errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã tạo khảo sát. Thêm trang và câu hỏi để bắt đầu."), "success")
            return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
    return render_template("surveys/form.html", form=form, survey=None)


@bp.route("/<int:survey_id>")
@role_required("manager")
def detail(survey_id: int):
    """A survey's overview: settings, pages and questions, problems to fix, versions."""
    survey = survey_or_404(survey_id)
    return render_template("surveys/detail.html", survey=survey, problems=publish_problems(survey))


@bp.route("/<int:survey_id>/settings", methods=["GET", "POST"])
@role_required("manager")
def settings(survey_id: int):
    """Change a survey's title, description, languages, anonymity, unit and dates."""
    survey = survey_or_404(survey_id)
    if not survey.is_editable:
        flash(_("Khảo sát đã lưu trữ không thể sửa."), "error")
        return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
    draft = survey.draft
    form = SurveyForm(
        obj=survey, title=draft["title"].get("vi"), owner_unit_id=survey.owner_unit_id or 0,
        description=draft.get("description", {}).get("vi", ""),
        languages=", ".join(draft["languages"][1:]), opens_on=local_day(survey.opens_at),
        closes_on=local_day(survey.closes_at, exclusive_end=True),
    )  # fmt: skip
    form.owner_unit_id.choices = unit_choices(_("Chưa chọn"))
    del form.slug, form.audience
    if form.validate_on_submit():
        try:
            update_settings(
                survey, actor=current_user, title=form.title.data,
                description=form.description.data or "",
                languages=parse_languages(form.languages.data or ""),
                is_anonymous=form.is_anonymous.data, owner_unit=get_unit(form.owner_unit_id.data),
                opens_at=start_of_day(form.opens_on.data),
                closes_at=end_of_day(form.closes_on.data),
            )  # fmt: skip
        except SurveyError as exc:
            form[exc.field or "title"].errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã lưu cài đặt khảo sát."), "success")
            return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
    return render_template("surveys/form.html", form=form, survey=survey)
