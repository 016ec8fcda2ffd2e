"""The semi-annual report (báo cáo kết quả thực hiện) in the format of Decree 30/2020/NĐ-CP.

The figures are the dashboard's: the same `Consolidation`, live (a draft, marked "DỰ THẢO"
on every page) or read back from a frozen snapshot (final).
"""

import hashlib
from datetime import date

import sqlalchemy as sa
from flask import has_request_context, render_template, request
from flask_babel import force_locale

from app.audit.services import record
from app.extensions import db
from app.indicators import formatting, presenting
from app.indicators.periods import label
from app.indicators.services import consolidate, snapshot_consolidation
from app.reports.models import IssuedReport, ReportSettings
from app.reports.pdf import render_pdf
from app.reports.survey_summary import min_cell, survey_sections
from app.unit_reports.sections import report_sections

BLANK = "…"


def report_figures(period, snapshot=None):
    """The figures a report shows: frozen in the snapshot, else live with their breakdowns."""
    if snapshot is not None:
        return snapshot_consolidation(snapshot)
    return consolidate(period, with_breakdowns=True)


def get_settings() -> ReportSettings:
    """The one settings row, created with the department's defaults on first use (flushed)."""
    settings = db.session.scalar(sa.select(ReportSettings))
    if settings is None:
        settings = ReportSettings(id=1)
        db.session.add(settings)
        db.session.flush()
    return settings


def dated_line(place: str, day: date) -> str:
    """ "Quảng Ngãi, ngày 05 tháng 01 năm 2026": day below 10 and months 1-2 take a 0."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place or BLANK}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _row(index: int, figure) -> dict:
    return {
        "index": index,
        "code": figure.code,
        "name": figure.name_vi,
        "target": formatting.target_text(figure),
        "target_year": figure.target_year or "",
        "value": formatting.figure_value(figure),
        "interval": formatting.interval_text(figure.low, figure.high) or "Đếm đầy đủ",
        "n": figure.n,
        "status": formatting.status_text(figure.status),
        "non_probability": figure.non_probability and figure.value is not None,
        # The open stream beside a sample estimate: a footnote, never in the value column.
        "open_reference": formatting.open_reference_text(figure),
        "chart": presenting.progress_chart(figure),
    }


def _breakdowns(figures) -> list[dict]:
    """Section III: each indicator's published breakdowns; communes as response counts only."""
    from app.indicators.models import BREAKDOWNS

    tables = []
    for figure in figures:
        for dim, cells in (figure.breakdowns or {}).items():
            if not cells:
                continue
            rows = [
                {
                    "label": c.label or "–",
                    "n": c.n,
                    "suppressed": c.suppressed,
                    "value": formatting.value_text(c.value, percent=figure.percent),
                    "interval": formatting.interval_text(c.low, c.high),
                }
                for c in cells
            ]
            counts_only = dim == "commune"
            if counts_only:  # two communes to a row: 96 of them fit on a page
                rows = [rows[i : i + 2] for i in range(0, len(rows), 2)]
            tables.append(
                {
                    "name": figure.name_vi,
                    "by": str(BREAKDOWNS[dim]),
                    "rows": rows,
                    "counts_only": counts_only,
                    "sample": figure.is_sample,
                }
            )
    return tables


def semiannual_context(
    result,
    settings: ReportSettings,
    *,
    number: str,
    issued_on: date,
    difficulties: str = "",
    draft: bool,
) -> dict:
    """Plain, formatted values for the report template (no ORM objects)."""
    figures = result.figures
    plan = [f for f in figures if f.is_plan_target]
    counts = {
        s: sum(1 for f in plan if f.status == s)
        for s in ("met", "not_met", "not_conclusive", "no_data")
    }
    samples = [f for f in figures if f.is_sample and f.n]
    return {
        "draft": draft,
        "settings": {
            "parent_body": settings.parent_body or BLANK,
            "body": settings.body or BLANK,
            "place": settings.place or BLANK,
            "signer_authority": settings.signer_authority,
            "signer_title": settings.signer_title or BLANK,
            "signer_name": settings.signer_name or BLANK,
            "addressee": settings.addressee,
            "recipients": [
                r.strip(" -;") for r in (settings.recipients or "").splitlines() if r.strip(" -;")
            ],
            "archive": settings.archive or "VT",
        },
        "number": f"{number or BLANK}/{settings.number_suffix or BLANK}",
        "dated": dated_line(settings.place, issued_on),
        "period_label": label(result.period, "vi"),
        "period": result.period,
        "plan_rows": [_row(i, f) for i, f in enumerate(plan, 1)],
        "monitoring_rows": [
            _row(i, f)
            for i, f in enumerate([f for f in figures if not f.is_plan_target], len(plan) + 1)
        ],
        "counts": counts,
        "samples": [
            {
                "name": f.name_vi,
                "n": f.n,
                "n_eff": f.n_eff,
                "deff": f.deff,
                "invalid": f.invalid,
                "excluded": f.excluded,
                "weighted": f.weighting == "commune_population",
                "non_probability": f.non_probability,
            }
            for f in samples
        ],
        "breakdowns": _breakdowns(figures),
        # Responses received by the time the figures were computed (or frozen), so a report
        # from a snapshot does not grow with responses that arrive later.
        "surveys": survey_sections(result.period, until=result.computed_at),
        "min_cell": min_cell(),
        # Part I by plan task: the lead unit's text, or assembled now from the accepted unit
        # reports where it has stored none (the issued PDF keeps whichever text was used).
        "tasks": report_sections(result.period),
        "difficulties": [p.strip() for p in (difficulties or "").split("\n") if p.strip()],
        "snapshot_id": result.snapshot_id,
        "computed_at": result.computed_at,
    }


def semiannual_pdf(
    result,
    settings: ReportSettings,
    *,
    number: str,
    issued_on: date,
    difficulties: str = "",
    draft: bool,
) -> bytes:
    """The report as PDF bytes, always in Vietnamese (the official language of the record)."""
    context = semiannual_context(
        result, settings, number=number, issued_on=issued_on, difficulties=difficulties, draft=draft
    )
    with force_locale("vi"):
        html = render_template("reports/pdf/semiannual.html", **context)
    base = request.url_root if has_request_context() else "http://localhost/"
    return render_pdf(html, base_url=base)


class IssueError(Exception):
    """A report that cannot be issued; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def issue_semiannual(
    snapshot, settings: ReportSettings, *, number: str, issued_on: date, difficulties: str, actor
) -> IssuedReport:
    """Render the final report from a snapshot and store the PDF, so it never changes."""
    if not number:
        raise IssueError("number")
    pdf = semiannual_pdf(
        snapshot_consolidation(snapshot),
        settings,
        number=number,
        issued_on=issued_on,
        difficulties=difficulties,
        draft=False,
    )
    issued = IssuedReport(
        period=snapshot.period,
        snapshot_id=snapshot.id,
        number=f"{number}/{settings.number_suffix}",
        issued_on=issued_on,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        issued_by_id=getattr(actor, "id", None),
    )
    db.session.add(issued)
    db.session.flush()
    record(
        actor,
        "reports.issue",
        issued,
        period=snapshot.period,
        snapshot=snapshot.id,
        number=issued.number,
        sha256=issued.sha256,
    )
    return issued


def list_issued() -> list[IssuedReport]:
    """Issued reports, newest first, without their PDFs (deferred), with who issued them."""
    query = (
        sa.select(IssuedReport)
        .options(sa.orm.joinedload(IssuedReport.issued_by))
        .order_by(IssuedReport.issued_at.desc(), IssuedReport.id.desc())
    )
    return list(db.session.scalars(query))
