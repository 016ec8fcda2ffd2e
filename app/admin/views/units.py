"""Administrators manage organisational units: list, edit, import from CSV."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import UnitForm, UnitsImportForm
from app.common.args import page_arg, text_arg
from app.common.csv_import import ImportFileError
from app.extensions import db
from app.permissions import role_required
from app.units.queries import get_unit, list_units
from app.units.services import import_units_csv, update_unit

PER_PAGE = 100
# Communes carry a population; the department's units carry headcounts.
COMMUNE_FIELDS = ("name", "short_name", "population", "population_status", "is_active")
OTHER_FIELDS = (
    "name", "short_name", "staff_headcount", "comm_staff_headcount", "has_comm_duty", "is_active",
)  # fmt: skip


@bp.route("/units")
@role_required("admin")
def units():
    """Units of the department and the communes, with a search."""
    group = (
        request.args.get("group")
        if request.args.get("group") in {"department", "communes"}
        else None
    )
    q = text_arg("q")
    page = db.paginate(list_units(group=group, q=q), page=page_arg(), per_page=PER_PAGE,
                       error_out=False)  # fmt: skip
    return render_template("admin/units.html", page=page, group=group, q=q)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_unit(unit_id: int):
    """Edit a unit's names, headcounts, population and state."""
    unit = get_unit(unit_id)
    if unit is None:
        abort(404)
    form = UnitForm(obj=unit, population_status=unit.population_status or "")
    editable = COMMUNE_FIELDS if unit.is_commune else OTHER_FIELDS
    for name in {f.name for f in form} - {*editable, "submit", "csrf_token"}:
        delattr(form, name)
    if form.validate_on_submit():
        values = {name: form[name].data for name in editable}
        if "population_status" in values:
            values["population_status"] = values["population_status"] or None
        update_unit(unit, actor=current_user, **values)
        db.session.commit()
        flash(_("Đã lưu đơn vị %(name)s.", name=unit.name), "success")
        return redirect(
            url_for("admin.units", group="communes" if unit.is_commune else "department"), code=303
        )
    return render_template("admin/unit_form.html", form=form, unit=unit)


@bp.route("/units/import", methods=["GET", "POST"])
@role_required("admin")
def import_units():
    """Import or update units from CSV: every row is checked, and nothing is written on error."""
    form = UnitsImportForm()
    errors = []
    if form.validate_on_submit():
        try:
            result = import_units_csv(form.file.data.read(), actor=current_user)
        except ImportFileError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(
                _("Đã nhập: %(c)s đơn vị mới, %(u)s đơn vị cập nhật, %(n)s không đổi.",
                  c=result.created, u=result.updated, n=result.unchanged),
                "success",
            )  # fmt: skip
            return redirect(url_for("admin.units"), code=303)
    return render_template("admin/units_import.html", form=form, errors=errors)
