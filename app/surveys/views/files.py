"""Survey files: download a survey as JSON, upload JSON or XLSForm."""

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.permissions import role_required
from app.surveys import bp
from app.surveys.definition import DefinitionInvalidError
from app.surveys.files import dump_document, export_document, import_document, read_document
from app.surveys.forms import ImportForm
from app.surveys.services import SurveyError
from app.surveys.views.common import survey_or_404
from app.surveys.xlsform import read_xlsform


@bp.route("/<int:survey_id>/export")
@role_required("manager")
def export(survey_id: int):
    """The survey as a readable JSON file, every language included."""
    survey = survey_or_404(survey_id)
    body = dump_document(export_document(survey))
    return Response(
        body, mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{survey.slug}.json"'},
    )  # fmt: skip


@bp.route("/import", methods=["GET", "POST"])
@role_required("manager")
def import_file():
    """Create a draft survey from a JSON file or an XLSForm; nothing is created on error."""
    form = ImportForm()
    errors = []
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        slug = (form.slug.data or "").strip() or None
        try:
            if upload.filename.lower().endswith(".xlsx"):
                document = read_xlsform(data, slug=slug, audience=form.audience.data)
            else:
                document = read_document(data)
                document["slug"] = slug or document["slug"]
            survey = import_document(document, actor=current_user)
        except DefinitionInvalidError as exc:
            db.session.rollback()
            errors = [str(e) for e in exc.errors]
        except SurveyError as exc:
            db.session.rollback()
            errors = [str(exc)]
        else:
            db.session.commit()
            flash(_("Đã nhập khảo sát ở dạng bản nháp."), "success")
            return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
    return render_template("surveys/import.html", form=form, errors=errors)
