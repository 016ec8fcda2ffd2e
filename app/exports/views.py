"""Downloads of a survey's responses, with the filters of the response list."""

import tempfile

from flask import Response, abort, flash, redirect, request, send_file, stream_with_context, url_for
from flask_login import current_user

from app.exports import bp
from app.exports.services import ExportError, csv_bytes, prepare_export, record_export, write_xlsx
from app.exports.xlsx import XLSX
from app.extensions import db
from app.permissions import role_required
from app.responses.filters import FILTER_ARGS, filters_from_args
from app.surveys.queries import get_survey


@bp.route("/surveys/<int:survey_id>/responses/export")
@role_required("manager")
def responses(survey_id: int):
    """The filtered responses as CSV (streamed) or XLSX, labelled or coded; audited."""
    survey = get_survey(survey_id) or abort(404)
    filters = filters_from_args(request.args)
    try:
        export = prepare_export(survey, filters, request.args.get("format", "csv"),
                                request.args.get("labels", "vi"))  # fmt: skip
    except ExportError as exc:
        flash(str(exc), "error")
        kept = {k: v for k, v in request.args.items() if k in FILTER_ARGS}
        return redirect(url_for("surveys.responses", survey_id=survey.id, **kept), code=303)
    record_export(export, current_user, via="web")
    db.session.commit()  # the audit entry stands even if the download is interrupted
    if export.fmt == "csv":
        return Response(
            stream_with_context(csv_bytes(export)),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{export.filename}"'},
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it; on disk: memory stays flat whatever the size
    write_xlsx(export, spool)
    db.session.rollback()  # end the read-only transaction before the file goes out
    spool.seek(0)
    return send_file(spool, mimetype=XLSX, as_attachment=True, download_name=export.filename)
