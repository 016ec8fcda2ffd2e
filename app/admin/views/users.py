"""Administrators manage accounts: create, edit, deactivate, reset passwords, import the roster."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from app.admin import bp
from app.admin.forms import RosterForm, UserForm
from app.auth import services
from app.auth.models import ROLES
from app.auth.queries import get_user, list_users
from app.auth.roster import import_roster
from app.common.args import id_arg, page_arg, text_arg
from app.common.csv_import import ImportFileError
from app.common.forms import ConfirmForm
from app.extensions import db
from app.permissions import role_required
from app.units.queries import get_unit, list_department_units

PER_PAGE = 50
NO_STORE = {"Cache-Control": "no-store"}


def _user_or_404(user_id: int):
    user = get_user(user_id)
    if user is None:
        abort(404)
    return user


def _user_form(user=None, **kwargs) -> UserForm:
    form = UserForm(**kwargs)
    units = list_department_units()
    # A user's current unit stays choosable even if it is inactive or not a department unit,
    # so saving a name change never drops the unit silently.
    if user is not None and user.unit is not None and user.unit not in units:
        units.append(user.unit)
    form.unit_id.choices = [SelectChoice(0, _("Chưa chọn đơn vị"))] + [
        SelectChoice(u.id, u.name) for u in units
    ]
    return form


@bp.route("/users")
@role_required("admin")
def users():
    """Accounts, filtered by role, unit, state or a search."""
    active = {"1": True, "0": False}.get(request.args.get("active", ""))
    role = request.args.get("role") if request.args.get("role") in ROLES else None
    query = list_users(role=role, unit_id=id_arg("unit"), active=active, q=text_arg("q"))
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, units=list_department_units())


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def create_user():
    """Create an account; its one-time password is shown once, never stored readable."""
    form = _user_form()
    if form.validate_on_submit():
        try:
            user, password = services.create_user(
                form.email.data, form.full_name.data, role=form.role.data,
                unit=get_unit(form.unit_id.data), actor=current_user,
            )  # fmt: skip
        except services.AccountError as exc:
            form[exc.field or "email"].errors.append(str(exc))
        else:
            db.session.commit()
            page = render_template("admin/password_once.html", user=user, password=password)
            return page, 201, NO_STORE
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int):
    """Change an account's name, role and unit."""
    user = _user_or_404(user_id)
    form = _user_form(user, obj=user, unit_id=user.unit_id or 0)
    form.email.render_kw = {**(form.email.render_kw or {}), "readonly": True}
    if request.method == "POST":
        form.email.data = user.email  # the e-mail is the sign-in name and does not change here
    if form.validate_on_submit():
        try:
            services.update_user(
                user, actor=current_user, full_name=form.full_name.data, role=form.role.data,
                unit=get_unit(form.unit_id.data),
            )  # fmt: skip
        except services.AccountError as exc:
            form.role.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã lưu tài khoản %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.users"), code=303)
    return render_template("admin/user_form.html", form=form, user=user)


USER_ACTIONS = {
    "deactivate": (services.deactivate_user, _l("Đã vô hiệu hóa tài khoản %(email)s.")),
    "reactivate": (services.reactivate_user, _l("Đã kích hoạt lại tài khoản %(email)s.")),
}


@bp.route("/users/<int:user_id>/<any(deactivate, reactivate, reset_password):action>",
          methods=["GET", "POST"])  # fmt: skip
@role_required("admin")
def user_action(user_id: int, action: str):
    """Confirm, then deactivate, reactivate or reset the password of an account."""
    user = _user_or_404(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            if action == "reset_password":
                password = services.reset_password(user, actor=current_user)
            else:
                USER_ACTIONS[action][0](user, actor=current_user)
        except services.AccountError as exc:
            flash(str(exc), "error")
            return redirect(url_for("admin.users"), code=303)
        db.session.commit()
        if action == "reset_password":
            page = render_template("admin/password_once.html", user=user, password=password)
            return page, 200, NO_STORE
        flash(str(USER_ACTIONS[action][1]) % {"email": user.email}, "success")
        return redirect(url_for("admin.users"), code=303)
    return render_template("admin/user_confirm.html", form=form, user=user, action=action)


@bp.route("/users/import", methods=["GET", "POST"])
@role_required("admin")
def import_users():
    """Import the staff roster; new accounts get one-time passwords shown once."""
    form = RosterForm()
    errors = []
    if form.validate_on_submit():
        try:
            result = import_roster(form.file.data.read(), actor=current_user)
        except ImportFileError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            return render_template("admin/roster_result.html", result=result), 200, NO_STORE
    return render_template("admin/roster_import.html", form=form, errors=errors)
