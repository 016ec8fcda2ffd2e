"""Downloads of the indicator values for re-keying into another system (CSV, JSON)."""

from flask import Response, abort, redirect, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.common.args import MAX_ID, text_arg
from app.common.timezones import local_day
from app.db import utcnow
from app.extensions import db
from app.indicators import bp, rekeying
from app.indicators.periods import PeriodError, current_half, parse_period
from app.indicators.snapshots import get_snapshot
from app.permissions import role_required

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


@bp.route("/export.csv", defaults={"fmt": "csv"})
@bp.route("/export.json", defaults={"fmt": "json"})
@role_required("manager")
def export_values(fmt: str):
    """The dashboard's values for a period, or a snapshot's (?snapshot=ID), as CSV or JSON.

    A GET, since nothing but the audit entry is written: the link sits beside the dashboard's
    figures and bookmarks with its period.
    """
    snapshot = None
    if wanted := text_arg("snapshot"):
        number = int(wanted) if wanted.isascii() and wanted.isdigit() else 0
        snapshot = get_snapshot(number) if 0 < number <= MAX_ID else None
        if snapshot is None:
            abort(404)
    text = text_arg("period")
    try:
        period = parse_period(text) if text else current_half(local_day(utcnow()))
    except PeriodError:
        # The dashboard shows what was not understood, next to the period field.
        return redirect(url_for("indicators.index", period=text), code=303)
    result = rekeying.export_figures(period, snapshot)
    language = str(get_locale() or "vi")
    write = rekeying.csv_text if fmt == "csv" else rekeying.json_text
    body = write(result, language=language)
    rekeying.record_export(result, current_user, fmt=fmt, via="web")
    db.session.commit()
    response = Response(body.encode("utf-8"), content_type=CONTENT_TYPES[fmt])
    name = rekeying.file_name(result, fmt)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
