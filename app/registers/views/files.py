"""Registers as CSV files: import (every line checked, all or nothing) and a streamed export."""

from flask import Response, flash, redirect, render_template, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user

from app.common.args import text_arg
from app.common.csv_export import csv_lines
from app.common.csv_import import ImportFileError
from app.extensions import db
from app.permissions import role_required
from app.registers import bp
from app.registers.csvfiles import write_cells
from app.registers.forms import RegisterImportForm
from app.registers.queries import iter_rows, list_rows
from app.registers.services import import_csv
from app.registers.specs import SPECS
from app.registers.views.common import ANY, list_url, read_filters


@bp.route(f"/{ANY}/import", methods=["GET", "POST"])
@role_required("manager")
def import_file(register: str):
    """Import a register's rows from CSV; a file with any wrong line writes nothing."""
    spec = SPECS[register]
    form = RegisterImportForm()
    errors = []
    if form.validate_on_submit():
        try:
            result = import_csv(spec, form.file.data.read(), actor=current_user)
        except ImportFileError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Đã nhập: %(c)s dòng mới, %(u)s dòng cập nhật, %(n)s dòng không đổi.",
                    c=result.created, u=result.updated, n=result.unchanged), "success")  # fmt: skip
            return redirect(list_url(spec), code=303)
    return render_template("registers/import.html", spec=spec, form=form, errors=errors,
                           home=SPECS[spec.parent or spec.name])  # fmt: skip


@bp.route(f"/{ANY}/export.csv")
@role_required("manager")
def export_file(register: str):
    """The register as CSV, in the import's columns and with the list's search and filters."""
    spec = SPECS[register]
    query = list_rows(spec, q=text_arg("q"), filters=read_filters(spec))

    def lines():
        rows = (write_cells(spec, row) for row in iter_rows(spec, query))
        yield from csv_lines([column.name for column in spec.columns], rows)

    disposition = f'attachment; filename="so-theo-doi-{spec.name}.csv"'
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": disposition})  # fmt: skip
