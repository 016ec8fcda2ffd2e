"""The plan with three citizen responses in August 2026 and report settings filled in, as the
semi-annual report's tests (PDF and DOCX) read them."""

from datetime import UTC, datetime

import pytest

from app.reports.semiannual import get_settings
from app.surveys.queries import get_survey_by_slug
from tests.factories import make_response, seed_plan

AUGUST = datetime(2026, 8, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def plan(db, seeded):
    """Two citizens heard of Resolution 57 (loudspeaker, meeting), one did not."""
    seed_plan()
    settings = get_settings()
    settings.signer_name = "Nguyễn Văn Bình"
    settings.recipients = "UBND tỉnh\n- Bộ Khoa học và Công nghệ;"
    citizen = get_survey_by_slug("nguoi-dan-nq57")
    for heard, channels in (("yes", ["loudspeaker"]), ("yes", ["meeting"]), ("no", None)):
        answers = {"consent": True, "commune": "21211", "age_band": "25_34", "heard": heard}
        if channels:
            answers["channels_grassroots"] = channels
        make_response(citizen, answers, submitted_at=AUGUST)
    db.session.commit()
    return settings
