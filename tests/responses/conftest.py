"""Fixtures shared by the tests of responding."""

import pytest

from app.responses.links import create_link
from app.surveys.files import seed_builtin_surveys
from app.surveys.queries import get_survey_by_slug


@pytest.fixture
def citizen_link(db, seeded):
    """A poster link of the built-in citizen survey."""
    seed_builtin_surveys()
    link = create_link(get_survey_by_slug("nguoi-dan-nq57"), label="Poster Tịnh Khê")
    db.session.commit()
    return link
