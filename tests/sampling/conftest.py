"""A citizen survey over the 96 seeded communes, and the design most tests draw from it."""

import pytest

from app.surveys.models import Survey
from app.units.queries import get_unit_by_code

SEED = 20260601


def make_survey(db, *, slug: str = "nguoi-dan-thu", audience: str = "citizen") -> Survey:
    draft = {"languages": ["vi"], "title": {"vi": "Khảo sát người dân thử"}, "pages": []}
    survey = Survey(slug=slug, series=slug, audience=audience, draft=draft)
    db.session.add(survey)
    db.session.flush()
    return survey


@pytest.fixture
def survey(db, seeded):
    """A citizen survey; the units fixture has loaded the 96 communes and their populations."""
    made = make_survey(db)
    db.session.commit()
    return made


def commune(code: str):
    return get_unit_by_code(code)
