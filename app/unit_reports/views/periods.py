"""The reporting calendar: the periods, where each unit's report stands, opening a period
and changing its dates."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.permissions import can_manage, role_required
from app.unit_reports.calendar import (
    PeriodDates,
    conventional_period,
    current_period,
    ensure_period,
    find_period,
    period_label,
    update_period,
    vietnam_today,
)
from app.unit_reports.forms import NewPeriodForm, PeriodForm
from app.unit_reports.queries import (
    count_reporting_units,
    get_period,
    is_reporting_unit,
    list_periods,
    period_counts,
    unit_history,
    unit_statuses,
)
from app.unit_reports.sections import can_edit_sections
from app.unit_reports.services import sees_all_reports
from app.unit_reports.views import bp
from app.unit_reports.views.common import STATUS_LABELS, STATUS_TAGS, deadline_words, lead_unit_id


@bp.route("/")
@role_required("staff")
def index():
    """The calendar, opened on the period being reported on now."""
    periods, today = list_periods(), vietnam_today()
    return _calendar(periods, current_period(periods, today))


@bp.route("/<int:period_id>/")
@role_required("staff")
def period(period_id: int):
    """The calendar, opened on one period."""
    chosen = get_period(period_id) or abort(404)
    return _calendar(list_periods(), chosen)


def _new_period_form() -> NewPeriodForm:
    year, half = conventional_period(vietnam_today())
    return NewPeriodForm(data={"year": year, "half": str(half)})


def _calendar(periods, chosen, form=None):
    """Managers and the lead unit see every unit; other staff see their own unit's reports."""
    today = vietnam_today()
    everyone = sees_all_reports(current_user, lead_unit_id())
    rows = unit_statuses(chosen, today) if everyone and chosen else []
    unit = current_user.unit if is_reporting_unit(current_user.unit) else None
    history = unit_history(unit.id, periods, today) if unit else {}
    if form is None and can_manage(current_user):
        form = _new_period_form()
    return render_template(
        "unit_reports/index.html", periods=periods, period=chosen, rows=rows, everyone=everyone,
        unit=unit, history=history, counts=period_counts(), units_total=count_reporting_units(),
        form=form, today=today, labels=STATUS_LABELS, tags=STATUS_TAGS, words=deadline_words,
        period_label=period_label, edits_sections=can_edit_sections(current_user),
    )  # fmt: skip


@bp.route("/periods", methods=["POST"])
@role_required("manager")
def create_period():
    """Open a period with the conventional dates, or go to it when it is open already."""
    form = NewPeriodForm()
    if not form.validate_on_submit():
        periods = list_periods()
        return _calendar(periods, current_period(periods, vietnam_today()), form)
    year, half = form.year.data, int(form.half.data)
    existing = find_period(year, half)
    opened = existing or ensure_period(year, half, actor=current_user)
    db.session.commit()
    label = period_label(year, half)
    if existing:
        flash(_("Kỳ báo cáo %(period)s đã mở từ trước.", period=label), "info")
    else:
        flash(_("Đã mở kỳ báo cáo %(period)s.", period=label), "success")
    return redirect(url_for(".period", period_id=opened.id), code=303)


@bp.route("/periods/<int:period_id>/edit", methods=["GET", "POST"])
@role_required("manager")
def edit_period(period_id: int):
    """Change a period's window and deadlines."""
    chosen = get_period(period_id) or abort(404)
    form = PeriodForm(obj=chosen)
    if form.validate_on_submit():
        dates = PeriodDates(*(form[name].data for name in PeriodDates.__dataclass_fields__))
        update_period(chosen, dates, actor=current_user)
        db.session.commit()
        flash(_("Đã lưu các ngày của kỳ báo cáo."), "success")
        return redirect(url_for(".period", period_id=chosen.id), code=303)
    label = period_label(chosen.year, chosen.half)
    return render_template("unit_reports/period_form.html", form=form, period=chosen, label=label)


@bp.route("/mine")
@role_required("staff")
def mine():
    """The signed-in person's unit's report for the period being reported on now."""
    unit = current_user.unit
    if not is_reporting_unit(unit):
        flash(_("Tài khoản chưa gắn với đơn vị nào của Sở nên không có báo cáo đơn vị."), "info")
        return redirect(url_for(".index"))
    chosen = current_period(list_periods(), vietnam_today())
    if chosen is None:
        flash(_("Chưa có kỳ báo cáo nào được mở."), "info")
        return redirect(url_for(".index"))
    return redirect(url_for(".report", period_id=chosen.id, unit_code=unit.code))
