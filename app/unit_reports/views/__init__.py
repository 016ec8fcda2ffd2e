"""The unit reporting pages: the calendar and periods (``periods``), and each unit's report
with its review (``reports``). The blueprint lives here, not in the package's ``__init__``, so
that other features may import the unit report services without the views."""

from flask import Blueprint

bp = Blueprint("unit_reports", __name__, url_prefix="/reports/units")

from app.unit_reports.views import periods, reports  # noqa: E402, F401 - registers the routes
