"""Managers' page for printing a survey's questionnaire on paper."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.paper import bp
from app.paper.forms import PaperForm
from app.paper.serials import numbered_copies
from app.paper.services import print_questionnaire
from app.permissions import role_required
from app.surveys.queries import get_survey


@bp.route("/<int:survey_id>/paper")
@role_required("manager")
def form(survey_id: int):
    """Choose version, language, copies and serials; the PDF downloads, or the form comes
    back with its values and the problems named."""
    survey = get_survey(survey_id) or abort(404)
    if not survey.versions:
        flash(_("Khảo sát chưa có phiên bản công bố nên chưa in được phiếu giấy."), "error")
        return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
    versions = {v.number: v for v in reversed(survey.versions)}  # newest first
    form = PaperForm(formdata=request.args or None, version=survey.latest_version.number)
    form.set_choices({n: v.definition["languages"] for n, v in versions.items()})
    if request.args and form.validate():
        version = versions[form.version.data]
        copies = numbered_copies(form.serial_prefix, form.start.data, form.copies.data,
                                 slug=survey.slug, version=version.number)  # fmt: skip
        pdf = print_questionnaire(survey, version, language=form.language.data, copies=copies,
                                  actor=current_user)  # fmt: skip
        db.session.commit()  # the audit entry naming the serials printed
        name = f"phieu-giay-{survey.slug}-v{version.number}-{form.language.data}"
        disposition = f'attachment; filename="{name}-{copies[0].serial}-{copies[-1].serial}.pdf"'
        headers = {"Content-Disposition": disposition, "Cache-Control": "no-store"}
        return Response(pdf, mimetype="application/pdf", headers=headers)
    status = 400 if form.errors else 200
    return render_template("paper/form.html", form=form, survey=survey), status
