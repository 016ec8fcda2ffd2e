"""Managers' indicator dashboard, drill-down, definitions and sign-off."""

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.common.args import text_arg
from app.common.timezones import local_day
from app.db import utcnow
from app.exports.indicators import indicator_workbook
from app.exports.xlsx import XLSX
from app.extensions import db
from app.indicators import bp, formatting, presenting
from app.indicators.definitions import DefinitionError, update_indicator
from app.indicators.forms import (
    PARAMS,
    DefinitionForm,
    FreezeForm,
    codes,
    invalid_text,
    parse_invalid,
)
from app.indicators.labels import label_cells
from app.indicators.models import ACCRUALS, BREAKDOWNS, DENOMINATORS, KINDS
from app.indicators.periods import PeriodError, current_half, label, parse_period, recent
from app.indicators.queries import Filters, get_indicator_by_code, list_indicators, unit_names
from app.indicators.services import (
    breakdown_cells,
    compute,
    consolidate,
    freeze_period,
    snapshot_consolidation,
)
from app.indicators.snapshots import get_snapshot, list_snapshots
from app.indicators.unreported import indicator_gaps, unit_reporting
from app.permissions import role_required
from app.surveys.models import AUDIENCES
from app.unit_reports.models import REPORT_STATUSES
from app.units.models import FORMER_PROVINCE_LABELS
from app.units.queries import get_unit, get_unit_by_code, list_communes, list_department_units

TREND_PERIODS = 6


def _language() -> str:
    return str(get_locale() or "vi")


def _period_and_filters():
    """The period and filters asked for, with a message for each one that was not understood."""
    errors = {}
    text = text_arg("period")
    period = current_half(local_day(utcnow()))
    if text:
        try:
            period = parse_period(text)
        except PeriodError:
            errors["period"] = _(
                "Không hiểu kỳ “%(text)s”. Nhập dạng 2026H1, 2026H2, 2026 "
                "hoặc 2026-01-01..2026-03-31.",
                text=text,
            )
    filters = {}
    unit_code, commune_code = text_arg("unit"), text_arg("commune")
    province = text_arg("former_province")
    if unit_code:
        unit = get_unit_by_code(unit_code)
        if unit is None or unit.is_commune:
            errors["unit"] = _("Không có đơn vị mã “%(code)s”.", code=unit_code)
        else:
            filters["unit_id"] = unit.id
    if commune_code:
        commune = get_unit_by_code(commune_code)
        if commune is None or not commune.is_commune:
            errors["commune"] = _("Không có xã, phường mã “%(code)s”.", code=commune_code)
        else:
            filters["commune_id"] = commune.id
    if province:
        if province not in FORMER_PROVINCE_LABELS:
            errors["former_province"] = _("Chọn tỉnh cũ trong danh sách.")
        else:
            filters["former_province"] = province
    return period, Filters(**filters), errors


def _choices():
    return {
        "units": list_department_units(),
        "communes": list_communes(),
        "provinces": FORMER_PROVINCE_LABELS,
        "periods": list(reversed(recent(current_half(local_day(utcnow())), 6))),
    }


@bp.route("/")
@role_required("manager")
def index():
    """Every indicator against its target for a period, with status words and charts."""
    period, filters, errors = _period_and_filters()
    result = consolidate(period, filters)
    charts = {f.code: presenting.progress_chart(f) for f in result.figures}
    form = FreezeForm(period=period.code)
    reporting = unit_reporting(period)
    return render_template(
        "indicators/index.html",
        result=result,
        charts=charts,
        errors=errors,
        form=form,
        snapshots=list_snapshots(period.code),
        period_label=label(period, _language()),
        reporting=reporting,
        report_gaps=indicator_gaps(list_indicators(), reporting),
        report_statuses=REPORT_STATUSES,
        label=label,
        language=_language(),
        accruals=ACCRUALS,
        fmt=formatting,
        args=request.args,
        **_choices(),
    ), (400 if errors else 200)


@bp.route("/export.xlsx")
@role_required("manager")
def export():
    """The dashboard's table as an XLSX workbook: values as numbers, with the period and filters."""
    period, filters, errors = _period_and_filters()
    if errors:
        for message in errors.values():
            flash(message, "error")
        return redirect(url_for("indicators.index"), code=303)
    result = consolidate(period, filters)
    language = _language()
    book = indicator_workbook(result, language=language, period_label=label(period, language),
                              filters_text=_filters_text(filters))  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    name = f"chi-tieu-{period.code}.xlsx".replace("..", "-")
    return send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=name)


def _filters_text(filters: Filters) -> str:
    """The filters in words, for the workbook's information sheet."""
    parts = []
    for unit_id in (filters.unit_id, filters.commune_id):
        if unit_id:
            parts.append(get_unit(unit_id).name)
    if filters.former_province:
        parts.append(str(FORMER_PROVINCE_LABELS[filters.former_province]))
    return "; ".join(parts)


@bp.route("/<code>")
@role_required("manager")
def detail(code: str):
    """One indicator: its breakdowns, its trend over periods, its definition and provenance."""
    indicator = get_indicator_by_code(code) or abort(404)
    period, filters, errors = _period_and_filters()
    figure = compute(indicator, period, filters)
    cells = breakdown_cells(indicator, period, filters, language=_language())
    breakdowns = [(dim, BREAKDOWNS[dim], details) for dim, details in cells.items()]
    if indicator.kind in ("milestone", "count"):
        label_cells(figure, None)
    earlier = recent(period, TREND_PERIODS)[:-1]
    history = [(p, compute(indicator, p, filters)) for p in earlier] + [(period, figure)]
    # "So với kỳ trước", as on the dashboard (compute alone leaves the change empty).
    figure.previous = history[-2][1].value
    if figure.value is not None and figure.previous is not None:
        figure.change = figure.value - figure.previous
    return render_template(
        "indicators/detail.html",
        indicator=indicator,
        figure=figure,
        period=period,
        period_label=label(period, _language()),
        breakdowns=breakdowns,
        history=history,
        chart=presenting.progress_chart(figure),
        errors=errors,
        fmt=formatting,
        trend=presenting.trend_chart(figure, history, _language()),
        args=request.args,
        short_label=presenting.short_label,
        language=_language(),
        kinds=KINDS,
        accruals=ACCRUALS,
        unit_names=unit_names(
            [indicator.lead_unit_code, *(indicator.contributing_unit_codes or [])]
        ),
        audiences=AUDIENCES,
        denominators=DENOMINATORS,
        invalid_text=invalid_text(indicator.invalid_answers),
        **_choices(),
    ), (400 if errors else 200)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@role_required("manager")
def edit(code: str):
    """Change an indicator's definition; every change is checked, versioned and audited."""
    indicator = get_indicator_by_code(code) or abort(404)
    percent = indicator.kind in ("survey_proportion", "register_proportion")
    form = DefinitionForm(obj=indicator if request.method == "GET" else None)
    if indicator.kind != "survey_proportion":
        del form.weighting  # not on the page: a required select nobody can fill would block
    param = PARAMS.get((indicator.kind, indicator.register))
    if request.method == "GET":
        _fill(form, indicator, percent, param)
    problems = {}
    if form.validate_on_submit():
        changes = form.changes(percent=percent, register=indicator.register)
        # The page lists breakdowns in a fixed order: keep the stored order of those still
        # chosen, so saving an unchanged form is no change (and no new version).
        kept = [b for b in indicator.breakdowns or [] if b in changes["breakdowns"]]
        changes["breakdowns"] = kept + [b for b in changes["breakdowns"] if b not in kept]
        if indicator.kind == "survey_proportion":
            changes.update(
                question_code=(form.question_code.data or "").strip(),
                count_options=codes(form.count_options.data),
                invalid_answers=parse_invalid(form.invalid_answers.data),
            )
        elif param and form.param.data is not None:
            changes["register_params"] = {
                **(indicator.register_params or {}),
                param[0]: form.param.data,
            }
        try:
            changed = update_indicator(indicator, changes, actor=current_user)
        except DefinitionError as exc:
            db.session.rollback()
            problems = exc.errors
        else:
            db.session.commit()
            if changed:
                flash(
                    _(
                        "Đã lưu chỉ tiêu %(code)s (phiên bản %(v)s).",
                        code=indicator.code,
                        v=indicator.version,
                    ),
                    "success",
                )
            else:
                flash(_("Không có thay đổi nào."), "info")
            return redirect(url_for("indicators.detail", code=indicator.code), code=303)
    return render_template(
        "indicators/edit.html",
        indicator=indicator,
        form=form,
        problems=problems,
        param=param,
        percent=percent,
    )


def _fill(form, indicator, percent, param) -> None:
    scale = 100 if percent else 1
    for field, value in (
        ("target_value", indicator.target_value),
        ("baseline_value", indicator.baseline_value),
    ):
        if value is not None:
            number = float(value) * scale
            getattr(form, field).data = int(number) if number == int(number) else round(number, 4)
    form.count_options.data = ", ".join(indicator.count_options or [])
    form.invalid_answers.data = invalid_text(indicator.invalid_answers)
    if param:
        form.param.data = (indicator.register_params or {}).get(param[0])


@bp.route("/freeze", methods=["POST"])
@role_required("manager")
def freeze():
    """Freeze the figures of a period ("chốt số liệu"); later data changes never alter them."""
    form = FreezeForm()
    try:
        period = parse_period(form.period.data or "")
    except PeriodError:
        abort(400)
    if not form.validate_on_submit():
        flash(
            _("Không chốt được số liệu: ghi chú quá dài hoặc phiên làm việc đã hết hạn."), "error"
        )
        return redirect(url_for("indicators.index", period=period.code), code=303)
    snapshot = freeze_period(period, actor=current_user, note=form.note.data or "")
    db.session.commit()
    flash(
        _(
            "Đã chốt số liệu %(period)s, mã bản chốt %(id)s.",
            period=label(period, _language()),
            id=snapshot.id,
        ),
        "success",
    )
    return redirect(url_for("indicators.snapshot", snapshot_id=snapshot.id), code=303)


@bp.route("/snapshots")
@role_required("manager")
def snapshots():
    """Every frozen snapshot, newest first."""
    return render_template(
        "indicators/snapshots.html",
        snapshots=list_snapshots(),
        label=label,
        language=_language(),
        parse_period=parse_period,
    )


@bp.route("/snapshots/<int:snapshot_id>")
@role_required("manager")
def snapshot(snapshot_id: int):
    """The figures of a period as they were frozen."""
    frozen = get_snapshot(snapshot_id) or abort(404)
    result = snapshot_consolidation(frozen)
    charts = {f.code: presenting.progress_chart(f) for f in result.figures}
    return render_template(
        "indicators/snapshot.html",
        snapshot=frozen,
        accruals=ACCRUALS,
        result=result,
        charts=charts,
        fmt=formatting,
        period_label=label(result.period, _language()),
    )
