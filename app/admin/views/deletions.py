"""Administrators handle respondents' deletion requests."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.common.args import page_arg
from app.common.forms import ConfirmForm
from app.extensions import db
from app.permissions import role_required
from app.responses.models import DeletionRequest
from app.responses.queries import list_deletion_requests
from app.responses.review import ReviewError, handle_deletion


@bp.route("/deletions")
@role_required("admin")
def deletions():
    """Deletion requests, pending first."""
    page = db.paginate(list_deletion_requests(), page=page_arg(), per_page=50, error_out=False)
    return render_template("admin/deletions.html", page=page)


@bp.route("/deletions/<int:request_id>", methods=["GET", "POST"])
@role_required("admin")
def handle(request_id: int):
    """Confirm, then delete the response a request names (logged in the audit log)."""
    deletion = db.session.get(DeletionRequest, request_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            found = handle_deletion(deletion, actor=current_user)
        except ReviewError:
            flash(_("Yêu cầu này đã được xử lý."), "error")
            return redirect(url_for("admin.deletions"), code=303)
        db.session.commit()
        flash(_("Đã xóa phiếu trả lời.") if found
              else _("Không có phiếu trả lời nào có mã này."), "success")  # fmt: skip
        return redirect(url_for("admin.deletions"), code=303)
    return render_template("admin/deletion_confirm.html", form=form, deletion=deletion)
