"""Link counters added at the commit, and the empty form kept per published version."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.responses.links import create_link
from app.responses.models import Link
from app.responses.services import count
from app.surveys.files import seed_builtin_surveys
from app.surveys.queries import get_survey_by_slug
from app.surveys.services import create_survey, edit_draft, publish_survey
from tests.factories import make_user


def _visits(db, link) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(Link.visits).where(Link.id == link.id))


def test_a_count_survives_a_failed_savepoint_after_it(db, citizen_link):
    link = citizen_link
    taken = link.token
    count(link, "visits")
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Link(survey_id=link.survey_id, token=taken))  # the token is unique
    db.session.commit()
    assert _visits(db, link) == 1


def test_a_count_inside_a_failed_savepoint_is_undone_with_it(db, citizen_link):
    link = citizen_link

    def counted_then_failed():
        with db.session.begin_nested():
            count(link, "visits")
            db.session.add(Link(survey_id=link.survey_id, token=link.token))

    with pytest.raises(IntegrityError):
        counted_then_failed()
    count(link, "visits")
    db.session.commit()
    assert _visits(db, link) == 1


def test_a_rolled_back_count_is_forgotten(db, citizen_link):
    link = citizen_link
    count(link, "visits")
    db.session.rollback()
    db.session.commit()
    assert _visits(db, link) == 0


def _one_question_survey(text: str):
    survey = create_survey(slug="mot-trang", audience="citizen", title="Một trang",
                           languages=["vi"], is_anonymous=True)  # fmt: skip
    question = {"code": "n", "type": "integer", "text": {"vi": text}, "required": True}
    edit_draft(survey, {"languages": ["vi"], "title": {"vi": "Một trang"},
                        "pages": [{"code": "p1", "title": {"vi": "Trang"},
                                   "questions": [question]}]})  # fmt: skip
    publish_survey(survey, actor=None)
    return survey


@pytest.mark.parametrize("text", ["Câu hỏi thứ nhất", "Câu hỏi thứ hai"])
def test_each_published_version_shows_its_own_questions(client, db, seeded, text):
    # The tables are emptied between tests and ids start again, so both runs publish a
    # version with the same id: the kept form must still be this version's.
    link = create_link(_one_question_survey(text), label="x")
    db.session.commit()
    html = client.get(f"/s/{link.token}").get_data(as_text=True)
    assert f'<h1 class="label__heading">{text}</h1>' in html


def test_staff_surveys_follow_the_interface_language_chosen_later(client, db, seeded, login):
    seed_builtin_surveys()
    login(make_user())
    survey = get_survey_by_slug("can-bo-nq57")
    titles = survey.latest_version.definition["title"]
    url = f"/me/surveys/{survey.id}"
    assert titles["en"] not in client.get(url).get_data(as_text=True)
    client.get("/language/en")
    assert titles["en"] in client.get(url).get_data(as_text=True)
    client.get("/language/vi")
    page = client.get(url).get_data(as_text=True)
    assert titles["vi"] in page
    assert '<html lang="vi"' in page
