"""Downloads of a survey's responses, with the filters of the response list."""

import tempfile
from itertools import chain

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.exports import bp
from app.exports.services import (
    ExportError,
    check_xlsx_size,
    csv_bytes,
    prepare_export,
    record_export,
    write_xlsx,
)
from app.exports.xlsx import XLSX
from app.extensions import db
from app.permissions import role_required
from app.responses.filters import FILTER_ARGS, filters_from_args
from app.surveys.queries import get_survey

try:  # the driver's errors, raised by PostgreSQL's COPY outside SQLAlchemy
    from psycopg import Error as DriverError
except ImportError:  # pragma: no cover - psycopg is a pinned requirement
    DriverError = sa.exc.SQLAlchemyError


@bp.route("/surveys/<int:survey_id>/responses/export", methods=["POST"])
@role_required("manager")
def responses(survey_id: int):
    """The filtered responses as CSV (streamed) or XLSX, labelled or coded; audited.

    A POST with the CSRF token, because every export is written to the audit log. The query
    runs before the first byte goes out, so a failure is a message, never a truncated file.
    """
    survey = get_survey(survey_id) or abort(404)
    form = request.form
    back = url_for("surveys.responses", survey_id=survey.id,
                   **{k: v for k, v in form.items() if k in FILTER_ARGS and v})  # fmt: skip
    try:
        export = prepare_export(survey, filters_from_args(form), form.get("format", "csv"),
                                form.get("labels", "vi"))  # fmt: skip
        if export.fmt == "xlsx":
            check_xlsx_size(export, current_app.config["EXPORT_XLSX_MAX_ROWS"])
    except ExportError as exc:
        flash(str(exc), "error")
        return redirect(back, code=303)
    record_export(export, current_user, via="web")
    db.session.commit()  # the audit entry stands even if the download is interrupted
    try:
        if export.fmt == "csv":
            pieces = csv_bytes(export)
            first = next(pieces)  # runs the query
            response = Response(stream_with_context(chain([first], pieces)),
                                content_type="text/csv; charset=utf-8")  # fmt: skip
            response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        else:
            response = _xlsx(export)
    except (sa.exc.SQLAlchemyError, DriverError):
        db.session.rollback()
        current_app.logger.exception("response export failed")
        flash(_("Không xuất được dữ liệu do lỗi cơ sở dữ liệu; hãy thử lại sau ít phút."),
              "error")  # fmt: skip
        return redirect(back, code=303)
    response.headers["Cache-Control"] = "no-store"  # people's answers: never kept by a cache
    return response


def _xlsx(export) -> Response:
    """The workbook through a temporary file on disk, so memory stays flat whatever the size."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by send_file, or below on failure
    try:
        write_xlsx(export, spool)
    except BaseException:
        spool.close()
        raise
    db.session.rollback()  # end the read-only transaction before the file goes out
    spool.seek(0)
    return send_file(spool, mimetype=XLSX, as_attachment=True, download_name=export.filename)
