"""Publishing, closing, reopening, archiving a survey, and cloning it as a new wave."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.common.forms import ConfirmForm
from app.common.timezones import end_of_day, start_of_day
from app.extensions import db
from app.permissions import role_required
from app.surveys import bp
from app.surveys.definition import DefinitionInvalidError
from app.surveys.forms import CloneForm
from app.surveys.models import SurveyStateError
from app.surveys.queries import next_wave_number
from app.surveys.services import SurveyError, change_status, clone_wave, publish_survey
from app.surveys.views.common import survey_or_404

DONE = {
    "publish": _l("Đã công bố khảo sát. Khảo sát đang mở."),
    "close": _l("Đã đóng khảo sát. Khảo sát không nhận thêm phiếu trả lời."),
    "reopen": _l("Đã mở lại khảo sát."),
    "archive": _l("Đã lưu trữ khảo sát."),
}


@bp.route("/<int:survey_id>/<any(publish, close, reopen, archive):action>",
          methods=["GET", "POST"])  # fmt: skip
@role_required("manager")
def change(survey_id: int, action: str):
    """A confirmation page stating the consequence, then the status change."""
    survey = survey_or_404(survey_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            if action == "publish":
                publish_survey(survey, actor=current_user)
            else:
                change_status(survey, action, actor=current_user)
        except DefinitionInvalidError:
            db.session.rollback()
            flash(_("Chưa công bố được: hãy sửa các vấn đề được liệt kê."), "error")
            return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
        except SurveyError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
        except SurveyStateError:
            db.session.rollback()
            flash(_("Không thực hiện được thao tác này với trạng thái hiện tại của khảo sát."),
                  "error")  # fmt: skip
            return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
        db.session.commit()
        flash(str(DONE[action]), "success")
        return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
    return render_template("surveys/confirm.html", form=form, survey=survey, action=action)


@bp.route("/<int:survey_id>/clone", methods=["GET", "POST"])
@role_required("manager")
def clone(survey_id: int):
    """Start a new wave: same questions and codes, new slug and dates."""
    survey = survey_or_404(survey_id)
    form = CloneForm(slug=f"{survey.series}-dot-{next_wave_number(survey.series)}")
    if form.validate_on_submit():
        try:
            wave = clone_wave(
                survey, slug=form.slug.data.strip(), opens_at=start_of_day(form.opens_on.data),
                closes_at=end_of_day(form.closes_on.data), actor=current_user,
            )  # fmt: skip
        except SurveyError as exc:
            form[exc.field or "slug"].errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã tạo đợt khảo sát mới ở dạng bản nháp."), "success")
            return redirect(url_for("surveys.detail", survey_id=wave.id), code=303)
    return render_template("surveys/clone.html", form=form, survey=survey)
