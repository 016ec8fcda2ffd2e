"""The review workflow of a unit report: draft -> submitted -> returned (with a reason) ->
submitted again -> accepted, every submission kept as a frozen version, every step audited.

Who does what: staff of the unit write and send their own report; a reviewer (a manager or
administrator of the lead unit, or any administrator) returns or accepts it, but never a
member of the report's own unit, so the lead unit's own report is accepted from outside it.
A submitted report is frozen until a reviewer returns it; an accepted report is final: it
has fed the registers, and changing it would leave them out of step, so a correction goes
through the registers themselves.

Each step changes the status with a conditional UPDATE (``... WHERE status = 'submitted'``)
and looks at the row count: of two reviewers pressing "accept" at once, the second waits for
the first's row lock (PostgreSQL) or write lock (SQLite), then matches no row and is told so,
and the register rows are made once.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.db import utcnow
from app.extensions import db
from app.permissions import has_role
from app.registers.models import OUTLET_KINDS, PRODUCT_KINDS, CommProduct, TaskCommunication
from app.unit_reports.content import is_empty
from app.unit_reports.models import ReportingPeriod, UnitReport, UnitReportVersion
from app.unit_reports.queries import find_tasks, get_lead_unit, get_report, unit_channels
from app.units.models import Unit

EDITABLE = ("draft", "returned")


class UnitReportError(Exception):
    """A workflow step that cannot be taken; the message is for the person who tried."""


def is_member(user, unit: Unit) -> bool:
    """Staff (or more) of ``unit``: they write its report. Enumerators write none."""
    return has_role(user, "staff") and user.unit_id == unit.id


def sees_all_reports(user, lead_unit_id: int | None) -> bool:
    """Managers and the lead unit's staff, who gather the reports, see every unit's."""
    return has_role(user, "manager") or (
        has_role(user, "staff") and lead_unit_id is not None and user.unit_id == lead_unit_id
    )


def can_view_report(user, unit: Unit, lead_unit_id: int | None) -> bool:
    return is_member(user, unit) or sees_all_reports(user, lead_unit_id)


def can_edit_report(user, unit: Unit) -> bool:
    return is_member(user, unit) and unit.is_active


def can_review_report(user, unit: Unit, lead_unit_id: int | None) -> bool:
    """A manager or administrator of the lead unit, a manager of the department itself (its
    leaders, to whom the plan has the units report), or an administrator; never a member of
    the report's own unit (a unit cannot accept its own report)."""
    if not has_role(user, "manager") or user.unit_id == unit.id:
        return False
    leaders = user.unit is not None and user.unit.kind == "department"
    lead = lead_unit_id is not None and user.unit_id == lead_unit_id
    return user.role == "admin" or lead or leaders


def open_report(period: ReportingPeriod, unit: Unit, *, actor) -> UnitReport:
    """The unit's report for the period, created as an empty draft on first save. Two first
    saves at once make one row: the unique (period, unit) pair refuses the second insert."""
    report = get_report(period.id, unit.id)
    if report is not None:
        return report
    try:
        with db.session.begin_nested():
            report = UnitReport(period_id=period.id, unit_id=unit.id, status="draft",
                                content={}, version=0, created_by_id=actor.id)  # fmt: skip
            db.session.add(report)
    except IntegrityError:
        report = get_report(period.id, unit.id)
    return report


def _move(report: UnitReport, states: tuple[str, ...], seen: int | None = None, **values) -> None:
    """Update the report only while its status is one of ``states`` (and, for a review,
    while its latest version is still the ``seen`` one the reviewer was shown); raise
    otherwise."""
    same = UnitReport.version == seen if seen is not None else sa.true()
    won = db.session.execute(
        sa.update(UnitReport)
        .where(UnitReport.id == report.id, UnitReport.status.in_(states), same)
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(report)
    if not won:
        current = db.session.get(UnitReport, report.id)
        if current.status == "accepted":
            raise UnitReportError(_("Báo cáo đã được tiếp nhận; không thay đổi được nữa."))
        if current.status in states:
            raise UnitReportError(_("Đơn vị vừa gửi phiên bản mới của báo cáo. Hãy xem phiên "
                                    "bản mới trước khi quyết định."))  # fmt: skip
        raise UnitReportError(_("Báo cáo vừa được người khác thay đổi trạng thái. Xem lại "
                                "trạng thái hiện tại của báo cáo."))  # fmt: skip


def save_draft(period: ReportingPeriod, unit: Unit, content: dict, *, actor) -> UnitReport:
    """Keep the unit's working copy; only a draft or a returned report can be changed."""
    report = open_report(period, unit, actor=actor)
    _move(report, EDITABLE, content=content)
    record(actor, "unit_reports.save_draft", report, period=_period_code(period), unit=unit.code)
    return report


def submit(period: ReportingPeriod, unit: Unit, content: dict, *, actor) -> UnitReportVersion:
    """Save ``content`` and send it: it is frozen as the next version, to be reviewed.

    :raises UnitReportError: the report is empty, already sent or accepted.
    """
    if is_empty(content):
        raise UnitReportError(_("Báo cáo chưa có nội dung. Ghi kết quả thực hiện, hoặc nêu khó "
                                "khăn, đề xuất, trước khi gửi."))  # fmt: skip
    report = open_report(period, unit, actor=actor)
    now = utcnow()
    _move(report, EDITABLE, content=content, status="submitted",
          version=UnitReport.version + 1, submitted_at=now)  # fmt: skip
    version = UnitReportVersion(report_id=report.id, number=report.version, content=content,
                                submitted_by_id=actor.id, submitted_at=now)  # fmt: skip
    db.session.add(version)
    db.session.flush()
    record(actor, "unit_reports.submit", report, version=version.number,
           period=_period_code(period), unit=unit.code)  # fmt: skip
    return version


def _check_reviewer(report: UnitReport, actor) -> None:
    lead = get_lead_unit()
    if not can_review_report(actor, report.unit, lead.id if lead else None):
        if actor.unit_id == report.unit_id:
            raise UnitReportError(_("Đơn vị không tự xem xét, tiếp nhận báo cáo của mình."))
        raise UnitReportError(_("Ông/Bà không có quyền xem xét báo cáo này."))


def _latest(report: UnitReport) -> UnitReportVersion:
    return db.session.scalar(
        sa.select(UnitReportVersion).where(
            UnitReportVersion.report_id == report.id, UnitReportVersion.number == report.version
        )
    )


def _decide(version: UnitReportVersion, outcome: str, actor, reason: str | None = None) -> None:
    version.outcome, version.reason = outcome, reason
    version.decided_by_id, version.decided_at = actor.id, utcnow()


def return_report(
    report: UnitReport, reason: str, *, actor, seen: int | None = None
) -> UnitReportVersion:
    """Send the submitted version back to the unit with a reason; the unit edits and sends a
    new version, and this one keeps its reason in the history."""
    _check_reviewer(report, actor)
    if not reason:
        raise UnitReportError(_("Ghi lý do trả lại để đơn vị biết cần sửa gì"))
    _move(report, ("submitted",), seen, status="returned")
    version = _latest(report)
    _decide(version, "returned", actor, reason)
    db.session.flush()
    record(actor, "unit_reports.return", report, version=version.number, reason=reason)
    return version


def accept(report: UnitReport, *, actor, seen: int | None = None) -> UnitReportVersion:
    """Accept the submitted version: it becomes final, and its products and task
    communications are written to the registers, marked with the report they came from.

    :raises UnitReportError: not a reviewer, not waiting for review, or an item points at a
        channel or task no longer in the registers (nothing is written then).
    """
    _check_reviewer(report, actor)
    _move(report, ("submitted",), seen, status="accepted", accepted_at=utcnow())
    version = _latest(report)
    rows = register_rows(report, version.content)
    _decide(version, "accepted", actor)
    db.session.add_all(rows)
    db.session.flush()
    products = sum(isinstance(r, CommProduct) for r in rows)
    record(actor, "unit_reports.accept", report, version=version.number, products=products,
           task_communications=len(rows) - products)  # fmt: skip
    return version


def _product(report_id: int, item: dict, channels: dict) -> CommProduct | None:
    """The product row of an item, or None when its channel or values cannot be written."""
    if item.get("channel_id") not in channels or item.get("kind") not in PRODUCT_KINDS:
        return None
    try:
        published_on = date.fromisoformat(item["published_on"])
        return CommProduct(
            unit_report_id=report_id,
            channel_id=item["channel_id"],
            kind=item["kind"],
            title=item["title"],
            url=item.get("url"),
            published_on=published_on,
            language=item.get("language") or "vi",
        )
    except (KeyError, TypeError, ValueError):
        return None


def _communication(report_id: int, item: dict, tasks: dict) -> TaskCommunication | None:
    """The communication row of an item, or None when its task is unknown or secret."""
    task = tasks.get(item.get("task_code"))
    if task is None or task[1] or item.get("outlet_kind") not in OUTLET_KINDS:
        return None
    try:
        published_on = date.fromisoformat(item["published_on"])
        return TaskCommunication(
            unit_report_id=report_id,
            task_id=task[0],
            outlet=item["outlet"],
            outlet_kind=item["outlet_kind"],
            url=item.get("url"),
            published_on=published_on,
        )
    except (KeyError, TypeError, ValueError):
        return None


def register_rows(report: UnitReport, content: dict) -> list:
    """The register rows an accepted version makes: a CommProduct per product and a
    TaskCommunication per task communication.

    The channels and tasks are checked again here: the registers may have changed since the
    unit wrote its report.

    :raises UnitReportError: naming each item that cannot be written.
    """
    channels = unit_channels(report.unit_id)
    communications = content.get("task_communications") or []
    tasks = find_tasks({c.get("task_code") for c in communications if c.get("task_code")})
    rows, problems = [], []
    for n, item in enumerate(content.get("products") or [], start=1):
        row = _product(report.id, item, channels)
        if row is None:
            problems.append(_("sản phẩm %(n)s: kênh không còn trong sổ theo dõi", n=n))
        rows.append(row)
    for n, item in enumerate(communications, start=1):
        row = _communication(report.id, item, tasks)
        if row is None:
            problems.append(_("lần truyền thông %(n)s: nhiệm vụ không còn trong sổ theo dõi "
                              "hoặc thuộc bí mật nhà nước", n=n))  # fmt: skip
        rows.append(row)
    if problems:
        raise UnitReportError(_("Chưa tiếp nhận được báo cáo vì %(problems)s. Trả lại báo cáo "
                                "để đơn vị sửa.", problems="; ".join(problems)))  # fmt: skip
    return rows


def _period_code(period: ReportingPeriod) -> str:
    return f"{period.year}H{period.half}"
