"""A parent row's page: a task with its communications, a channel with its products."""

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.common.args import page_arg
from app.extensions import db
from app.permissions import role_required
from app.registers import bp
from app.registers.queries import list_children
from app.registers.services import add_child
from app.registers.specs import SPECS
from app.registers.views.common import PARENT, PER_PAGE, make_form, row_or_404, save_form


@bp.route(f"/{PARENT}/<int:row_id>", methods=["GET", "POST"])
@role_required("manager")
def detail(register: str, row_id: int):
    """A parent row and its child rows; the form below the list adds one."""
    spec = SPECS[register]
    row = row_or_404(spec, row_id)
    child = SPECS[spec.child]
    form = make_form(child)
    saved = save_form(child, form, lambda values: add_child(spec, row, values, actor=current_user),
                      _("Đã thêm %(noun)s.", noun=child.noun))  # fmt: skip
    if saved:
        return saved
    page = db.paginate(list_children(child, row.id), page=page_arg(), per_page=PER_PAGE,
                       error_out=False)  # fmt: skip
    return render_template("registers/detail.html", spec=spec, child=child, row=row, form=form,
                           page=page)  # fmt: skip
