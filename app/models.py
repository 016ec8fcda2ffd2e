"""Every model, imported in one place for Alembic's autogenerate and `flask shell`."""

from app.audit.models import AuditEntry
from app.auth.models import User
from app.enterprises.models import Enterprise
from app.responses.models import Answer, DeletionRequest, Link, Response
from app.surveys.models import Survey, SurveyVersion
from app.units.models import Unit

__all__ = [
    "Answer",
    "AuditEntry",
    "DeletionRequest",
    "Enterprise",
    "Link",
    "Response",
    "Survey",
    "SurveyVersion",
    "Unit",
    "User",
]
