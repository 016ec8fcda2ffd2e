"""Managers' official reports: the settings they carry, the semi-annual report, and the
summary of one survey's results."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.services import record
from app.common.text import vietnamese_sort_key
from app.common.timezones import local_day
from app.db import utcnow
from app.extensions import db
from app.indicators.periods import current_half, label, parse_period, recent
from app.indicators.snapshots import get_snapshot, list_snapshots
from app.permissions import role_required
from app.reports import bp
from app.reports.distributions import list_public_links
from app.reports.docx import MIMETYPE as DOCX_MIMETYPE
from app.reports.docx import semiannual_docx as semiannual_docx_bytes
from app.reports.forms import SemiannualForm, SettingsForm, SurveySummaryForm
from app.reports.models import IssuedReport
from app.reports.semiannual import (
    get_settings,
    issue_semiannual,
    list_issued,
    report_figures,
    semiannual_pdf,
)
from app.reports.survey_summary import export_survey_summary, min_cell, staff_limits, survey_title
from app.responses.queries import get_link
from app.surveys.queries import get_survey_by_slug, list_surveys
from app.units.queries import get_unit_by_code, list_communes, list_department_units

SETTINGS_FIELDS = (
    "parent_body",
    "body",
    "number_suffix",
    "place",
    "addressee",
    "signer_authority",
    "signer_title",
    "signer_name",
    "recipients",
    "archive",
)


@bp.route("/settings", methods=["GET", "POST"])
@role_required("manager")
def settings():
    """Who issues and signs the official reports, and who receives them."""
    current = get_settings()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        changed = {
            k: getattr(form, k).data or ""
            for k in SETTINGS_FIELDS
            if (getattr(form, k).data or "") != getattr(current, k)
        }
        for key, value in changed.items():
            setattr(current, key, value)
        if changed:
            record(current_user, "reports.settings", current, fields=sorted(changed))
        db.session.commit()
        flash(_("Đã lưu thiết lập báo cáo."), "success")
        return redirect(url_for("reports.settings"), code=303)
    db.session.commit()  # the settings row, when this was the first visit
    return render_template("reports/settings.html", form=form)


def _semiannual_form() -> tuple[SemiannualForm, list]:
    """The report's form with its periods (the current half-year first) and snapshots."""
    periods = list(reversed(recent(current_half(local_day(utcnow())), 6)))
    snapshots = list_snapshots()
    form = SemiannualForm()
    form.set_choices(
        [(p, label(p, "vi")) for p in periods],
        [
            (
                s,
                _(
                    "Bản chốt số %(id)s (%(period)s, %(time)s)",
                    id=s.id,
                    period=s.period,
                    time=s.frozen_at.strftime("%d/%m/%Y"),
                ),
            )
            for s in snapshots
        ],
    )
    return form, periods


@bp.route("/semiannual", methods=["GET", "POST"])
@role_required("manager")
def semiannual():
    """The semi-annual report: a draft from the live figures or final from a snapshot."""
    form, periods = _semiannual_form()
    if form.validate_on_submit():
        period = parse_period(form.period.data)
        snapshot = get_snapshot(int(form.snapshot.data)) if form.snapshot.data else None
        if snapshot is not None and snapshot.period != period.code:
            form.snapshot.errors.append(
                _("Bản chốt này thuộc kỳ khác; chọn bản chốt của kỳ báo cáo.")
            )
        elif form.issue.data:
            if snapshot is None:
                form.snapshot.errors.append(_("Chỉ ban hành được từ một bản chốt số liệu."))
            elif not form.number.data:
                form.number.errors.append(_("Nhập số văn bản trước khi ban hành."))
            else:
                issued = issue_semiannual(
                    snapshot,
                    get_settings(),
                    number=form.number.data,
                    issued_on=form.issued_on.data or local_day(utcnow()),
                    difficulties=form.difficulties.data or "",
                    actor=current_user,
                )
                db.session.commit()
                flash(_("Đã ban hành báo cáo số %(n)s.", n=issued.number), "success")
                return redirect(url_for("reports.issued"), code=303)
        else:
            result = report_figures(period, snapshot)
            pdf = semiannual_pdf(
                result,
                get_settings(),
                number=form.number.data or "",
                issued_on=form.issued_on.data or local_day(utcnow()),
                difficulties=form.difficulties.data or "",
                draft=snapshot is None,
            )
            db.session.commit()
            kind = f"chot-{snapshot.id}" if snapshot else "du-thao"
            disposition = f'attachment; filename="bao-cao-{period.code}-{kind}.pdf"'
            return Response(
                pdf, mimetype="application/pdf", headers={"Content-Disposition": disposition}
            )
    elif not form.is_submitted():
        form.period.data = periods[0].code  # the current half-year: reports fall due in it
    return render_template("reports/semiannual.html", form=form), (400 if form.errors else 200)


@bp.route("/semiannual.docx", methods=["POST"])
@role_required("manager")
def semiannual_docx():
    """The same report as an editable Word file; the PDF stays the archived copy."""
    form, _periods = _semiannual_form()
    if form.validate_on_submit():
        period = parse_period(form.period.data)
        snapshot = get_snapshot(int(form.snapshot.data)) if form.snapshot.data else None
        if snapshot is None or snapshot.period == period.code:
            docx = semiannual_docx_bytes(
                report_figures(period, snapshot),
                get_settings(),
                number=form.number.data or "",
                issued_on=form.issued_on.data or local_day(utcnow()),
                difficulties=form.difficulties.data or "",
                draft=snapshot is None,
            )
            kind = f"chot-{snapshot.id}" if snapshot else "du-thao"
            record(current_user, "reports.download_docx", None, target_type="semiannual",
                   period=period.code, snapshot=getattr(snapshot, "id", None),
                   number=form.number.data or "")  # fmt: skip
            db.session.commit()
            disposition = f'attachment; filename="bao-cao-{period.code}-{kind}.docx"'
            headers = {"Content-Disposition": disposition}
            return Response(docx, mimetype=DOCX_MIMETYPE, headers=headers)
        form.snapshot.errors.append(_("Bản chốt này thuộc kỳ khác; chọn bản chốt của kỳ báo cáo."))
    return render_template("reports/semiannual.html", form=form), 400


@bp.route("/")
@role_required("manager")
def issued():
    """Reports issued, with who issued them and when; each downloads as it was issued."""
    return render_template("reports/issued.html", reports=list_issued())


@bp.route("/issued/<int:report_id>.pdf")
@role_required("manager")
def download(report_id: int):
    """The stored PDF of an issued report, byte for byte; every download is logged."""
    report = db.session.get(IssuedReport, report_id) or abort(404)
    record(current_user, "reports.download", report, number=report.number)
    db.session.commit()
    disposition = f'attachment; filename="bao-cao-{report.period}-so-{report.id}.pdf"'
    return Response(
        report.pdf, mimetype="application/pdf", headers={"Content-Disposition": disposition}
    )


def _survey_label(survey) -> str:
    title = survey_title(survey)
    return title if survey.wave == 1 else _("%(title)s (đợt %(n)s)", title=title, n=survey.wave)


def _link_label(link) -> str:
    return link.name or _("Không nhãn")


def _set_summary_choices(form: SurveySummaryForm) -> None:
    """Surveys with a published version, communes, units, and public links by survey."""
    surveys = [s for s in db.session.scalars(list_surveys()) if s.versions]
    titles = {s.id: _survey_label(s) for s in surveys}
    order = {s.id: i for i, s in enumerate(surveys)}
    links = sorted(
        (link for link in list_public_links() if link.survey_id in titles),
        key=lambda link: (order[link.survey_id], vietnamese_sort_key(_link_label(link))),
    )
    form.set_choices(
        [(s.slug, titles[s.id]) for s in surveys],
        list_communes(),
        list_department_units(),
        [(link.id, _link_label(link), titles[link.survey_id]) for link in links],
    )


def _summary_filters(form: SurveySummaryForm):
    """The survey and the filter objects the form names, checked against the survey (a message
    on each field that fails), so every mistake is reported at once; None without a survey."""
    survey = get_survey_by_slug(form.survey.data) if not form.survey.errors else None
    if survey is None:
        return None, {}
    link = None
    if form.link.data and not form.link.errors:
        link = get_link(survey.id, int(form.link.data))
        if link is None:
            form.link.errors.append(_("Đường dẫn này không thuộc khảo sát đã chọn."))
    version = next((v for v in survey.versions if v.number == form.version.data), None)
    if form.version.data is not None and version is None:
        form.version.errors.append(_("Khảo sát này không có phiên bản %(n)s.", n=form.version.data))
    commune = get_unit_by_code(form.commune.data) if form.commune.data else None
    unit = get_unit_by_code(form.unit.data) if form.unit.data else None
    stream = form.stream.data if form.stream.data and not form.stream.errors else None
    filters = {"commune": commune, "unit": unit, "link": link, "version": version}
    return survey, {**filters, "stream": stream}


@bp.route("/survey")
@role_required("manager")
def survey_summary():
    """One survey's results for a period as a PDF; the form again, values kept, if wrong."""
    form = SurveySummaryForm(formdata=request.args or None)
    _set_summary_choices(form)
    if not request.args:
        form.period.data = current_half(local_day(utcnow())).code
    else:
        form.validate()
        survey, filters = _summary_filters(form)
        if survey is not None and not form.period.errors:
            for name, message in staff_limits(survey, form.parsed_period, **filters).items():
                getattr(form, name).errors.append(message)
        if not form.errors:
            period, with_text = form.parsed_period, form.with_text.data
            pdf = export_survey_summary(
                survey, period, actor=current_user, with_text=with_text, **filters
            )
            db.session.commit()  # the audit entry, when written answers were listed
            disposition = f'attachment; filename="tom-tat-{survey.slug}-{period.code}.pdf"'
            headers = {"Content-Disposition": disposition, "Cache-Control": "no-store"}
            return Response(pdf, mimetype="application/pdf", headers=headers)
    status = 400 if form.errors else 200
    return render_template("reports/survey.html", form=form, minimum=min_cell()), status
