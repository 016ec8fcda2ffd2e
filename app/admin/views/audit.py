"""Administrators read the audit log."""

from flask import render_template

from app.admin import bp
from app.audit.queries import list_actions, list_entries
from app.common.args import page_arg, text_arg
from app.extensions import db
from app.permissions import role_required

PER_PAGE = 50


@bp.route("/audit")
@role_required("admin")
def audit():
    """The audit log, newest first, filtered by action."""
    action = text_arg("action", limit=64)
    page = db.paginate(list_entries(action=action), page=page_arg(), per_page=PER_PAGE,
                       error_out=False)  # fmt: skip
    actions = db.session.scalars(list_actions()).all()
    return render_template("admin/audit.html", page=page, action=action, actions=actions)
