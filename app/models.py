"""Every model, imported in one place for Alembic's autogenerate and `flask shell`."""

from app.audit.models import AuditEntry
from app.auth.models import User
from app.enterprises.models import Enterprise
from app.entry.models import PaperEntry, PaperForm
from app.fieldwork.models import (
    BackCheck,
    BackCheckDraw,
    BackCheckFinding,
    ContactOutcome,
    EnumeratorAssignment,
)
from app.indicators.models import Indicator, IndicatorTally, Snapshot
from app.registers.models import (
    AwardEntry,
    CommChannel,
    CommProduct,
    Document,
    NetworkMember,
    StTask,
    TaskCommunication,
    Training,
)
from app.reports.models import IssuedReport, ReportSettings
from app.responses.models import Answer, DeletionRequest, Link, Response
from app.sampling.models import SampleAssignment, SampleDesign, SampleStratum
from app.surveys.models import Survey, SurveyVersion
from app.unit_reports.models import ReportingPeriod, ReportSection, UnitReport, UnitReportVersion
from app.units.models import Unit

__all__ = [
    "Answer",
    "AuditEntry",
    "AwardEntry",
    "BackCheck",
    "BackCheckDraw",
    "BackCheckFinding",
    "CommChannel",
    "CommProduct",
    "ContactOutcome",
    "DeletionRequest",
    "Document",
    "Enterprise",
    "EnumeratorAssignment",
    "Indicator",
    "IndicatorTally",
    "IssuedReport",
    "Link",
    "NetworkMember",
    "PaperEntry",
    "PaperForm",
    "ReportSection",
    "ReportSettings",
    "ReportingPeriod",
    "Response",
    "SampleAssignment",
    "SampleDesign",
    "SampleStratum",
    "Snapshot",
    "StTask",
    "Survey",
    "SurveyVersion",
    "TaskCommunication",
    "Training",
    "Unit",
    "UnitReport",
    "UnitReportVersion",
    "User",
]
