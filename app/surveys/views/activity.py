"""A survey's submissions per hour, with surges flagged (fieldwork quality)."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from app.db import utcnow
from app.permissions import role_required
from app.responses.activity import SURGE_FACTOR, SURGE_MIN, survey_activity
from app.responses.activity_chart import hourly_svg
from app.surveys import bp
from app.surveys.views.common import survey_or_404

DAYS = (1, 3, 7)


@bp.route("/<int:survey_id>/activity")
@role_required("manager")
def activity(survey_id: int):
    """Complete responses per hour over the last days, overall and by link."""
    survey = survey_or_404(survey_id)
    days = request.args.get("days", 7, type=int)
    days = days if days in DAYS else 7
    result = survey_activity(survey.id, utcnow(), days, _("Không qua đường dẫn"))
    surges = [h.start.strftime("%d/%m %H:00") + f" ({h.n})" for h in result.surges]
    desc = ngettext("%(num)s phiếu trong %(days)s ngày.", "%(num)s phiếu trong %(days)s ngày.",
                    result.total, days=days)  # fmt: skip
    if surges:
        desc += " " + _("Giờ tăng đột biến: %(hours)s.", hours="; ".join(surges))
    chart = hourly_svg(result.hours, title=_("Phiếu trả lời gửi theo giờ"), desc=desc,
                       id_prefix="hourly")  # fmt: skip
    return render_template("surveys/activity.html", survey=survey, result=result, chart=chart,
                           days=days, choices=DAYS, surge_min=SURGE_MIN,
                           surge_factor=SURGE_FACTOR)  # fmt: skip
