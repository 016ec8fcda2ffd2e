"""Managers' view of a survey's responses: filter, read one, exclude one from indicators."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from app.common.args import page_arg
from app.common.fields import no_control_chars
from app.extensions import db
from app.permissions import role_required
from app.responses.filters import FILTER_ARGS, filters_from_args
from app.responses.labels import MODE_LABELS, STREAM_LABELS
from app.responses.queries import get_survey_response, list_links, list_responses
from app.responses.review import ReviewError, set_excluded
from app.surveys import bp
from app.surveys.views.common import survey_or_404
from app.units.queries import list_communes, list_department_units

PER_PAGE = 50


class ExcludeForm(FlaskForm):
    reason = StringField(_l("Lý do"), validators=[Length(max=500), no_control_chars])
    submit = SubmitField()


@bp.route("/<int:survey_id>/responses")
@role_required("manager")
def responses(survey_id: int):
    """Responses with filters; a staff survey lists none individually."""
    survey = survey_or_404(survey_id)
    query = list_responses(survey.id, filters_from_args(request.args))
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template(
        "surveys/responses.html", survey=survey, page=page, links=list_links(survey.id),
        communes=list_communes(), individual=survey.audience != "staff",
        units=list_department_units(), filter_args=FILTER_ARGS, mode_labels=MODE_LABELS,
        stream_labels=STREAM_LABELS,
    )  # fmt: skip


@bp.route("/<int:survey_id>/responses/<int:response_id>", methods=["GET", "POST"])
@role_required("manager")
def response_detail(survey_id: int, response_id: int):
    """One anonymous response's answers, and excluding it from (or returning it to) indicators.

    A staff member's answers are never shown individually, so staff surveys have no page here.
    """
    survey = survey_or_404(survey_id)
    response = get_survey_response(survey.id, response_id)
    if response is None or survey.audience == "staff":
        abort(404)
    form = ExcludeForm()
    if form.validate_on_submit():
        try:
            set_excluded(response, excluded=not response.is_excluded, reason=form.reason.data or "",
                         actor=current_user)  # fmt: skip
        except ReviewError:
            form.reason.errors.append(_("Ghi lý do loại phiếu khỏi chỉ tiêu"))
        else:
            db.session.commit()
            flash(_("Đã loại phiếu khỏi chỉ tiêu.") if response.is_excluded
                  else _("Đã đưa phiếu trở lại chỉ tiêu."), "success")  # fmt: skip
            return redirect(url_for("surveys.response_detail", survey_id=survey.id,
                                    response_id=response.id), code=303)  # fmt: skip
    return render_template("surveys/response.html", survey=survey, response=response, form=form,
                           definition=response.version.definition)  # fmt: skip
