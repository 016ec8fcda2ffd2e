"""Helpers shared by the register views: URL rules, loading, forms, filters, redirects."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from app.common.args import id_arg
from app.extensions import db
from app.registers.forms import form_class, form_values, row_data
from app.registers.queries import get_row, list_unit_choices
from app.registers.services import RegisterError
from app.registers.specs import PARENTS, SPECS, TOP_LEVEL, RegisterSpec

PER_PAGE = 100
# URL parts naming a register: those with a list page, those with a detail page, all of them.
TOP = f"<any({', '.join(TOP_LEVEL)}):register>"
PARENT = f"<any({', '.join(PARENTS)}):register>"
ANY = f"<any({', '.join(SPECS)}):register>"


def row_or_404(spec: RegisterSpec, row_id: int):
    row = get_row(spec, row_id)
    if row is None:
        abort(404)
    return row


def make_form(spec: RegisterSpec, row=None):
    """The register's form, filled from ``row`` when editing, with the units to choose from."""
    cls = form_class(spec)
    form = cls(data=row_data(spec, row)) if row is not None else cls()
    for column in spec.form_columns:
        if column.kind == "unit":
            current = getattr(row, "unit", None)
            none = _("Chọn đơn vị") if column.required else _("Không chọn")
            form[column.name].choices = unit_choices(none, current)
    return form


def unit_choices(none_label, current=None) -> list[SelectChoice]:
    """Units grouped as the department's and the communes; a row's inactive unit stays."""
    department, communes = list_unit_choices()
    choices = [SelectChoice(0, none_label)]
    for group, units in ((_("Sở và các đơn vị thuộc Sở"), department),
                         (_("Xã, phường, đặc khu"), communes)):  # fmt: skip
        choices += [SelectChoice(u.id, u.name, optgroup=group) for u in units]
    if current is not None and current.id not in {c.value for c in choices}:
        choices.append(SelectChoice(current.id, current.name))
    return choices


def read_filters(spec: RegisterSpec) -> dict:
    """The list filters in the query string; values that do not fit are ignored."""
    filters = {}
    for name in spec.filters:
        column = spec.column(name)
        if column.kind == "unit":
            value = id_arg(name)
        elif column.kind == "year":
            value = request.args.get(name, type=int)
            value = value if value is not None and column.low <= value <= column.high else None
        else:
            value = request.args.get(name)
            value = value if value in column.choices else None
        if value is not None:
            filters[name] = value
    return filters


def list_url(spec: RegisterSpec) -> str:
    """The list page showing a register's rows (a child's are on its parent's pages)."""
    return url_for("registers.rows", register=spec.parent or spec.name)


def home_link(spec: RegisterSpec, row) -> tuple[str, str]:
    """Where a row is shown, and that page's name for a "Quay lại …" link: a parent's detail
    page (a task, a channel), or the register's list."""
    if spec.parent:
        parent = SPECS[spec.parent]
        owner = getattr(row, spec.parent_attr.removesuffix("_id"))
        url = url_for("registers.detail", register=parent.name, row_id=owner.id)
        return url, getattr(owner, parent.heading)
    if spec.child:
        url = url_for("registers.detail", register=spec.name, row_id=row.id)
        return url, getattr(row, spec.heading)
    return list_url(spec), str(spec.title)


def save_form(spec: RegisterSpec, form, save, message: str):
    """Save a valid form with ``save(values)``: commit, flash, redirect (303); else None.

    Problems the services find go on their fields, or above the form.
    """
    if not form.validate_on_submit():
        return None
    try:
        row = save(form_values(spec, form))
    except RegisterError as exc:
        for name, problem in exc.problems.items():
            (form[name].errors if name in form else form.form_errors).append(problem)
        return None
    db.session.commit()
    flash(message, "success")
    return redirect(home_link(spec, row)[0], code=303)
