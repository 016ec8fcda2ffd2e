"""The lead unit's pages for the department report's sections, one per plan task: edit the
text assembled from the accepted unit reports, or assemble it again."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.common.fields import no_control_chars
from app.extensions import db
from app.indicators.periods import half_year, label
from app.permissions import role_required
from app.unit_reports.models import PLAN_TASKS
from app.unit_reports.queries import get_period
from app.unit_reports.sections import (
    assemble,
    can_edit_sections,
    regenerate_section,
    save_section,
    sections_overview,
)

bp = Blueprint("report_sections", __name__, url_prefix="/reports/sections")
TASK = f"<any({', '.join(PLAN_TASKS)}):task>"
BODY_LIMIT = 100_000


class SectionForm(FlaskForm):
    body = TextAreaField(
        _l("Nội dung"),
        description=_l(
            "Mỗi dòng là một đoạn của báo cáo; dòng liệt kê bắt đầu bằng “- ”. "
            "Tối đa 100.000 ký tự."
        ),
        validators=[
            DataRequired(_l("Nhập nội dung phần này, hoặc ghi “Không có.”")),
            Length(max=BODY_LIMIT, message=_l("Nội dung phải có tối đa 100.000 ký tự")),
            no_control_chars,
        ],
    )
    submit = SubmitField(_l("Lưu phần này"))


class RegenerateForm(FlaskForm):
    submit = SubmitField(_l("Tổng hợp lại và thay nội dung"))


def _editable_period(period_id: int):
    """The period, for the lead unit and administrators only (403 before 404: others learn
    nothing about which periods exist)."""
    if not can_edit_sections(current_user):
        abort(403)
    period = get_period(period_id) or abort(404)
    return period, label(half_year(period.year, period.half), str(get_locale()))


def _number(task: str) -> int:
    return list(PLAN_TASKS).index(task) + 1


def _render(period, period_label, failed=None):
    """The page; ``failed`` is the (task, form) whose save was refused, values kept."""
    units, sections = sections_overview(period)
    forms = {
        s.task: SectionForm(prefix=f"t{s.number}", formdata=None, data={"body": s.body})
        for s in sections
    }
    if failed:
        forms[failed[0]] = failed[1]
    return render_template(
        "unit_reports/sections.html", period=period, period_label=period_label, units=units,
        sections=sections, forms=forms, has_errors=bool(failed),
    ), (400 if failed else 200)  # fmt: skip


@bp.route("/<int:period_id>")
@role_required("staff")
def edit(period_id: int):
    """The four sections of the period's report, each with its text to edit."""
    period, period_label = _editable_period(period_id)
    return _render(period, period_label)


@bp.route(f"/<int:period_id>/{TASK}", methods=["POST"])
@role_required("staff")
def save(period_id: int, task: str):
    """Store one section's text as the lead unit wrote it."""
    period, period_label = _editable_period(period_id)
    form = SectionForm(prefix=f"t{_number(task)}")
    if not form.validate_on_submit():
        return _render(period, period_label, failed=(task, form))
    save_section(period, task, form.body.data, actor=current_user)
    db.session.commit()
    flash(_("Đã lưu phần %(n)s. %(title)s.", n=_number(task), title=PLAN_TASKS[task]), "success")
    return redirect(url_for(".edit", period_id=period.id, _anchor=f"task-{_number(task)}"), 303)


@bp.route(f"/<int:period_id>/{TASK}/regenerate", methods=["GET", "POST"])
@role_required("staff")
def regenerate(period_id: int, task: str):
    """Confirm, then replace one section's text with a new assembly from the unit reports."""
    period, period_label = _editable_period(period_id)
    form = RegenerateForm()
    if form.validate_on_submit():
        regenerate_section(period, task, actor=current_user)
        db.session.commit()
        flash(_("Đã tổng hợp lại phần %(n)s từ báo cáo đơn vị.", n=_number(task)), "success")
        return redirect(url_for(".edit", period_id=period.id, _anchor=f"task-{_number(task)}"), 303)
    return render_template(
        "unit_reports/sections_regenerate.html", period=period, period_label=period_label,
        task=task, number=_number(task), title=PLAN_TASKS[task], form=form,
        preview=assemble(period)[task].splitlines(),
    )  # fmt: skip
