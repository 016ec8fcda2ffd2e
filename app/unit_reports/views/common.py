"""What the unit reporting pages share: loading a period and a unit, the lead unit, and a
report's status and deadline said in words."""

from datetime import date

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.common.timezones import local_day
from app.unit_reports.models import REPORT_STATUSES
from app.unit_reports.queries import (
    NOT_STARTED,
    UnitStatus,
    get_lead_unit,
    get_period,
    get_reporting_unit,
)

STATUS_LABELS = {NOT_STARTED: _l("Chưa bắt đầu"), **REPORT_STATUSES}
# The tag's look per status (app.css): accepted is done, overdue stands out.
STATUS_TAGS = {"accepted": "tag--done", "submitted": "tag--no_data"}


def lead_unit_id() -> int | None:
    lead = get_lead_unit()
    return lead.id if lead else None


def load(period_id: int, unit_code: str):
    """The period and the reporting unit named in the URL, or 404."""
    period = get_period(period_id)
    unit = get_reporting_unit(unit_code) if period is not None else None
    if unit is None:
        abort(404)
    return period, unit


def _day(value) -> str:
    return value.strftime("%d/%m/%Y")


def deadline_words(row: UnitStatus, today: date) -> str:
    """Where a unit stands against its deadline, as a sentence fragment for the tables."""
    if row.status == "accepted":
        return _("Đã tiếp nhận ngày %(day)s", day=_day(local_day(row.accepted_at)))
    if row.status == "submitted":
        return _("Đã gửi ngày %(day)s, chờ xem xét", day=_day(local_day(row.submitted_at)))
    days = (row.due_on - today).days
    if days < 0:
        return ngettext("Quá hạn %(num)s ngày", "Quá hạn %(num)s ngày", -days)
    if days == 0:
        return _("Hạn gửi là hôm nay")
    return ngettext("Còn %(num)s ngày", "Còn %(num)s ngày", days)
