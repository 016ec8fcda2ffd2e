"""A unit's report for a period: the unit writes and sends it, a reviewer returns or accepts
it, and everyone allowed reads its versions."""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.permissions import role_required
from app.unit_reports.calendar import period_label, vietnam_today
from app.unit_reports.content import (
    ITEM_LISTS,
    LISTS_BY_NAME,
    SECTION_LISTS,
    describe,
    error_items,
    form_data,
    read_content,
    summary_field,
)
from app.unit_reports.forms import AcceptForm, ReturnForm, UnitReportForm, prepare
from app.unit_reports.models import PLAN_TASKS
from app.unit_reports.queries import get_report, list_versions, unit_channels, unit_history
from app.unit_reports.services import (
    EDITABLE,
    UnitReportError,
    accept,
    can_edit_report,
    can_review_report,
    can_view_report,
    return_report,
    save_draft,
    submit,
)
from app.unit_reports.views import bp
from app.unit_reports.views.common import (
    STATUS_LABELS,
    STATUS_TAGS,
    deadline_words,
    lead_unit_id,
    load,
)


@dataclass(frozen=True)
class Access:
    view: bool
    edit: bool
    review: bool


def _access(unit) -> Access:
    lead = lead_unit_id()
    return Access(can_view_report(current_user, unit, lead), can_edit_report(current_user, unit),
                  can_review_report(current_user, unit, lead))  # fmt: skip


def _url(period, unit) -> str:
    return url_for(".report", period_id=period.id, unit_code=unit.code)


@bp.route("/<int:period_id>/<unit_code>", methods=["GET", "POST"])
@role_required("staff")
def report(period_id: int, unit_code: str):
    """The report page: the form while the unit may edit, else the version sent."""
    period, unit = load(period_id, unit_code)
    access = _access(unit)
    if not access.view:
        abort(403)
    stored = get_report(period.id, unit.id)
    editable = access.edit and (stored is None or stored.status in EDITABLE)
    if request.method == "POST" and not editable:
        if not access.edit:
            abort(403)
        flash(_("Báo cáo đã gửi nên không sửa được nữa."), "error")
        return redirect(_url(period, unit), code=303)
    if request.method == "POST":
        return _save(period, unit, stored, access)
    form = None
    if editable:
        form = UnitReportForm(data=form_data(stored.content if stored else None))
        prepare(form, unit_channels(unit.id), spare=1)
    return _page(period, unit, stored, access, form=form)


def _save(period, unit, stored, access):
    """Save the draft, or save and send it; "Thêm dòng" only shows more empty rows."""
    form = UnitReportForm()
    add = request.form.get("add_row")
    prepare(form, unit_channels(unit.id), add=add if add in LISTS_BY_NAME else None)
    if add:
        return _page(period, unit, stored, access, form=form, added=add)
    valid = form.validate()
    content = read_content(form, (period.starts_on, period.ends_on))
    if not valid or content is None:
        return _page(period, unit, stored, access, form=form), 400
    try:
        if form.send.data:
            submit(period, unit, content, actor=current_user)
        else:
            save_draft(period, unit, content, actor=current_user)
    except UnitReportError as error:
        db.session.rollback()
        return _page(period, unit, get_report(period.id, unit.id), access, form=form,
                     problem=str(error))  # fmt: skip
    db.session.commit()
    sent = form.send.data
    flash(_("Đã gửi báo cáo. Phòng QLKH&ĐMST sẽ xem xét và tiếp nhận.") if sent
          else _("Đã lưu dự thảo báo cáo."), "success")  # fmt: skip
    return redirect(_url(period, unit), code=303)


@bp.route("/<int:period_id>/<unit_code>/return", methods=["POST"])
@role_required("staff")
def return_to_unit(period_id: int, unit_code: str):
    """Send the submitted version back to the unit, with the reason."""
    period, unit, stored, access = _reviewed(period_id, unit_code)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _page(period, unit, stored, access, return_form=form), 400
    try:
        return_report(stored, form.reason.data, actor=current_user,
                      seen=_seen(form))  # fmt: skip
    except UnitReportError as error:
        return _refused(period, unit, error)
    db.session.commit()
    flash(_("Đã trả lại báo cáo cho %(unit)s.", unit=unit.name), "success")
    return redirect(_url(period, unit), code=303)


@bp.route("/<int:period_id>/<unit_code>/accept", methods=["GET", "POST"])
@role_required("staff")
def accept_report(period_id: int, unit_code: str):
    """Confirm, then accept the submitted version and write its figures to the registers."""
    period, unit, stored, _allowed = _reviewed(period_id, unit_code)
    if stored.status != "submitted":
        return _refused(period, unit, _("Báo cáo không còn chờ xem xét."))
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            accept(stored, actor=current_user, seen=_seen(form))
        except UnitReportError as error:
            return _refused(period, unit, error)
        db.session.commit()
        flash(_("Đã tiếp nhận báo cáo; sản phẩm và nhiệm vụ đã truyền thông đã được ghi vào sổ "
                "theo dõi."), "success")  # fmt: skip
        return redirect(_url(period, unit), code=303)
    latest = list_versions(stored.id)[-1]
    return render_template("unit_reports/accept.html", form=form, period=period, unit=unit,
                           label=period_label(period.year, period.half), version=latest,
                           back=_url(period, unit))  # fmt: skip


def _seen(form) -> int:
    """The version number the reviewer's page showed; -1 (matching none) when missing."""
    value = form.version.data or ""
    return int(value) if value.isdigit() and len(value) < 9 else -1


def _reviewed(period_id: int, unit_code: str):
    """The period, unit and report a reviewer acts on: 403 for others, 404 if not started."""
    period, unit = load(period_id, unit_code)
    access = _access(unit)
    if not access.review:
        abort(403)
    stored = get_report(period.id, unit.id)
    if stored is None:
        abort(404)
    return period, unit, stored, access


def _refused(period, unit, error):
    db.session.rollback()  # a step refused after its first write leaves nothing behind
    flash(str(error), "error")
    return redirect(_url(period, unit), code=303)


def _page(period, unit, stored, access, *, form=None, return_form=None, problem=None,
          added=None):  # fmt: skip
    today = vietnam_today()
    versions = list_versions(stored.id) if stored else []
    channels = unit_channels(unit.id)
    if return_form is None and access.review and stored and stored.status == "submitted":
        return_form = ReturnForm()
    errors = error_items(form) if form is not None and not added else []
    errors += error_items(return_form) if return_form is not None else []
    return render_template(
        "unit_reports/report.html", period=period, unit=unit, report=stored, access=access,
        label=period_label(period.year, period.half), form=form, return_form=return_form,
        errors=errors, problem=problem, added=added, today=today,
        status=unit_history(unit.id, [period], today).get(period.id),
        history=[(v, describe(v.content, channels)) for v in versions],
        labels=STATUS_LABELS, tags=STATUS_TAGS, words=deadline_words, tasks=PLAN_TASKS,
        sections=SECTION_LISTS, lists={s.name: s for s in ITEM_LISTS}, summary_field=summary_field,
        has_channels=bool(channels),
    )  # fmt: skip
