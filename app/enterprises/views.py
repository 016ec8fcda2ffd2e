"""Managers keep the enterprise register and invite enterprises to a survey."""

import csv
import io

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField

from app.common.args import page_arg
from app.common.csv_import import ImportFileError
from app.common.forms import ConfirmForm
from app.enterprises import bp
from app.enterprises.models import ENTERPRISE_KINDS
from app.enterprises.queries import list_enterprises
from app.enterprises.services import create_invitations, import_enterprises_csv
from app.extensions import db
from app.permissions import role_required
from app.responses.links import LinkError, public_url
from app.responses.queries import list_links
from app.surveys.views.common import survey_or_404


class RegisterForm(FlaskForm):
    file = FileField(
        _l("Tệp danh sách doanh nghiệp (CSV)"),
        validators=[
            FileRequired(_l("Chọn tệp CSV")),
            FileAllowed(["csv"], _l("Tệp phải có đuôi .csv")),
        ],
        description=_l("Các cột: name, tax_code, type, commune (mã xã, phường), email."),
    )
    submit = SubmitField(_l("Nhập danh sách"))


@bp.route("/", methods=["GET", "POST"])
@role_required("manager")
def index():
    """The register, and its CSV import (row-numbered errors, nothing written on error)."""
    form = RegisterForm()
    errors = []
    if form.validate_on_submit():
        try:
            result = import_enterprises_csv(form.file.data.read(), actor=current_user)
        except ImportFileError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Đã nhập: %(c)s mới, %(u)s cập nhật, %(n)s không đổi.", c=result.created,
                    u=result.updated, n=result.unchanged), "success")  # fmt: skip
            return redirect(url_for("enterprises.index"), code=303)
    page = db.paginate(list_enterprises(), page=page_arg(), per_page=100, error_out=False)
    return render_template("enterprises/index.html", form=form, errors=errors, page=page,
                           kinds=ENTERPRISE_KINDS)  # fmt: skip


@bp.route("/invite/<int:survey_id>", methods=["GET", "POST"])
@role_required("manager")
def invite(survey_id: int):
    """Confirm, then give every registered enterprise without one an invitation link."""
    survey = survey_or_404(survey_id)
    form = ConfirmForm()
    kind = request.values.get("kind") if request.values.get("kind") in ENTERPRISE_KINDS else None
    if form.validate_on_submit():
        enterprises = db.session.scalars(list_enterprises(kind)).unique().all()
        try:
            made = create_invitations(survey, enterprises, actor=current_user)
        except LinkError as exc:
            flash(str(exc), "error")
            return redirect(url_for("surveys.links", survey_id=survey.id), code=303)
        db.session.commit()
        flash(_("Đã tạo %(n)s thư mời.", n=len(made)), "success")
        return redirect(url_for("surveys.links", survey_id=survey.id), code=303)
    return render_template("enterprises/invite.html", form=form, survey=survey, kind=kind,
                           kinds=ENTERPRISE_KINDS)  # fmt: skip


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (=HYPERLINK(…) in a name)."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


@bp.route("/invitations/<int:survey_id>.csv")
@role_required("manager")
def invitations_csv(survey_id: int):
    """The survey's invitations for a mail merge: name, tax code, e-mail, link (UTF-8 with BOM)."""
    survey = survey_or_404(survey_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "tax_code", "email", "url", "answered"])
    for link in list_links(survey.id):
        if link.kind != "invitation":
            continue
        enterprise = link.enterprise
        writer.writerow([_cell(v) for v in (
            link.organisation or link.label, enterprise.tax_code if enterprise else "",
            enterprise.email or "" if enterprise else "", public_url(link),
            "yes" if link.completes else "no",
        )])  # fmt: skip
    disposition = f'attachment; filename="thu-moi-{survey.slug}.csv"'
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": disposition})  # fmt: skip
