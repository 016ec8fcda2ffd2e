"""A register's list, and adding, editing and deleting its rows."""

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.common.args import page_arg, text_arg
from app.common.forms import ConfirmForm
from app.extensions import db
from app.permissions import role_required
from app.registers import bp
from app.registers.models import TRAINING_TOPICS
from app.registers.queries import count_children, list_rows, list_unit_choices, register_counts
from app.registers.services import create_row, delete_row, update_row
from app.registers.specs import SPECS
from app.registers.views.common import (
    ANY,
    PER_PAGE,
    TOP,
    home_link,
    list_url,
    make_form,
    read_filters,
    row_or_404,
    save_form,
)


@bp.route("/")
@role_required("manager")
def index():
    """The registers and how many rows each holds."""
    return render_template("registers/index.html", specs=SPECS, counts=register_counts())


@bp.route(f"/{TOP}/")
@role_required("manager")
def rows(register: str):
    """A register's rows, searched and filtered, 100 to a page."""
    spec = SPECS[register]
    q, filters = text_arg("q"), read_filters(spec)
    query = list_rows(spec, q=q, filters=filters)
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    units = list_unit_choices() if "unit" in spec.filters else ([], [])
    return render_template("registers/rows.html", spec=spec, page=page, q=q, filters=filters,
                           units=units, child=SPECS.get(spec.child),
                           rule=_training_rule() if register == "trainings" else None)  # fmt: skip


def _training_rule():
    """The in-depth rule COMMSTAFF_TRAINED applies to courses, to show beside the register."""
    # Imported here: indicators build on registers.
    from app.indicators.queries import get_indicator_by_code
    from app.indicators.register_figures import training_rule

    indicator = get_indicator_by_code("COMMSTAFF_TRAINED")
    if indicator is None:
        return None
    hours, topics = training_rule(indicator)
    labels = ", ".join(str(TRAINING_TOPICS[t]) for t in topics if t in TRAINING_TOPICS)
    return {"hours": hours, "code": indicator.code, "topics": labels}


@bp.route(f"/{TOP}/new", methods=["GET", "POST"])
@role_required("manager")
def create(register: str):
    """Add a row to a register."""
    spec = SPECS[register]
    form = make_form(spec)
    saved = save_form(spec, form, lambda values: create_row(spec, values, actor=current_user),
                      _("Đã thêm %(noun)s.", noun=spec.noun))  # fmt: skip
    return saved or render_template("registers/form.html", spec=spec, form=form, row=None)


@bp.route(f"/{TOP}/<int:row_id>/edit", methods=["GET", "POST"])
@role_required("manager")
def edit(register: str, row_id: int):
    """Change a row of a register."""
    spec = SPECS[register]
    row = row_or_404(spec, row_id)
    form = make_form(spec, row)
    saved = save_form(spec, form, lambda values: update_row(spec, row, values, actor=current_user),
                      _("Đã lưu %(noun)s.", noun=spec.noun))  # fmt: skip
    return saved or render_template("registers/form.html", spec=spec, form=form, row=row)


@bp.route(f"/{ANY}/<int:row_id>/delete", methods=["GET", "POST"])
@role_required("manager")
def delete(register: str, row_id: int):
    """Confirm, then delete a row (a parent's child rows go with it)."""
    spec = SPECS[register]
    row = row_or_404(spec, row_id)
    back, back_label = home_link(spec, row)
    form = ConfirmForm()
    if form.validate_on_submit():
        delete_row(spec, row, actor=current_user)
        db.session.commit()
        flash(_("Đã xóa %(noun)s.", noun=spec.noun), "success")
        return redirect(back if spec.parent else list_url(spec), code=303)
    children = count_children(spec, row.id) if spec.child else 0
    return render_template("registers/delete.html", spec=spec, row=row, form=form, back=back,
                           back_label=back_label, children=children,
                           child=SPECS.get(spec.child))  # fmt: skip
