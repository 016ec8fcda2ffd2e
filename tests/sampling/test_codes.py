"""One-time respondent codes: one per respondent and reserve, never twice, the sample stream,
and fieldwork progress counted from the responses that came through them."""

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.responses.links import create_link
from app.responses.models import RECEIPT_ALPHABET, Link, Response
from app.responses.queries import list_links
from app.responses.services import existing_response, link_problem, start_response
from app.sampling.codes import create_codes, format_code, normalise_code, serial
from app.sampling.models import SampleAssignment
from app.sampling.progress import commune_progress, stratum_progress
from app.sampling.queries import count_codes, get_link_by_code, list_codes
from app.sampling.services import DesignParameters, SamplingError, create_design
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code
from tests.concurrency import at_once
from tests.factories import make_response, make_user, seed_plan
from tests.sampling.conftest import SEED

# The seed's draw of the built-in citizen survey: 721 respondents in 67 communes and
# ⌈20% × respondents⌉ in reserve per commune, 149 in all (the CLI prints both per stratum).
RESPONDENTS, RESERVE, COMMUNES = 721, 149, 67


@pytest.fixture
def design(db, seeded):
    seed_plan()
    survey = get_survey_by_slug("nguoi-dan-nq57")
    made = create_design(survey, DesignParameters(), name="Mẫu thử", actor=None, seed=SEED)
    db.session.commit()
    return made


def links_of(db, design) -> list[Link]:
    return db.session.scalars(
        sa.select(Link)
        .join(SampleAssignment, SampleAssignment.id == Link.sample_assignment_id)
        .where(SampleAssignment.design_id == design.id)
        .order_by(Link.id)
    ).all()


def assignment(db, design, code: str) -> SampleAssignment:
    return db.session.scalar(
        sa.select(SampleAssignment).where(
            SampleAssignment.design_id == design.id,
            SampleAssignment.commune_id == get_unit_by_code(code).id,
        )
    )


def codes_of(db, design, code: str) -> list[Link]:
    a = assignment(db, design, code)
    return db.session.scalars(
        sa.select(Link).where(Link.sample_assignment_id == a.id).order_by(Link.sample_number)
    ).all()


def test_every_respondent_and_reserve_gets_one_code(db, design):
    manager = make_user("manager")
    wanted = db.session.execute(
        sa.select(sa.func.sum(SampleAssignment.respondents), sa.func.sum(SampleAssignment.reserve))
        .where(SampleAssignment.design_id == design.id)
    ).one()  # fmt: skip
    assert tuple(wanted) == (RESPONDENTS, RESERVE)

    made = create_codes(design, actor=manager)
    db.session.commit()

    assert len(made) == count_codes(design.id) == RESPONDENTS + RESERVE == 870
    assert sum(link.is_reserve for link in made) == RESERVE
    per_commune = dict(db.session.execute(
        sa.select(Link.sample_assignment_id, sa.func.count(Link.id))
        .group_by(Link.sample_assignment_id)
    ).tuples().all())  # fmt: skip
    assignments = db.session.scalars(
        sa.select(SampleAssignment).where(SampleAssignment.design_id == design.id)
    ).all()
    assert len(per_commune) == COMMUNES
    assert all(per_commune[a.id] == a.respondents + a.reserve for a in assignments)
    assert all(link.kind == "invitation" and link.budget == 1 for link in made)
    assert len({link.code for link in made}) == 870
    assert all(len(link.code) == 8 and set(link.code) <= set(RECEIPT_ALPHABET) for link in made)


def test_codes_are_numbered_labelled_and_tied_to_their_commune(db, design):
    create_codes(design, actor=None)
    db.session.commit()

    kon_tum = codes_of(db, design, "23293")  # Phường Kon Tum: 15 respondents, 3 in reserve
    assert [link.sample_number for link in kon_tum] == list(range(1, 19))
    assert [link.is_reserve for link in kon_tum] == [False] * 15 + [True] * 3
    assert {link.commune_id for link in kon_tum} == {get_unit_by_code("23293").id}
    assert kon_tum[6].label == f"Mẫu {design.id} – Phường Kon Tum – số 07"
    assert kon_tum[15].label == f"Mẫu {design.id} – Phường Kon Tum – số 16 (dự phòng)"
    assert serial(design.id, "23293", 7) == f"{design.id:02d}-23293-07"


def test_creating_the_codes_again_adds_nothing_and_fills_only_gaps(db, design):
    manager = make_user("manager")
    first = create_codes(design, actor=manager)
    db.session.commit()
    again = create_codes(design, actor=manager)
    db.session.commit()
    assert (len(first), again) == (870, [])
    gone = codes_of(db, design, "23293")[-2:]  # two of the commune's three reserve codes
    for link in gone:
        db.session.delete(link)
    db.session.commit()

    refilled = create_codes(design, actor=manager)
    db.session.commit()

    assert [(link.sample_number, link.is_reserve) for link in refilled] == [(17, True),
                                                                           (18, True)]  # fmt: skip
    assert count_codes(design.id) == 870
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "sampling.codes").order_by(AuditEntry.id)
    ).all()
    # the creation is audited with what it made; a creation that made nothing is not
    counts = [(e.details["created"], e.details["existing"], e.details["reserve"]) for e in entries]
    assert counts == [(870, 0, RESERVE), (2, 868, 2)]
    assert {(e.actor_id, e.target_id) for e in entries} == {(manager.id, str(design.id))}


def test_an_archived_survey_gets_no_codes(db, design):
    design.survey.status = "archived"
    with pytest.raises(SamplingError, match="Khảo sát đã lưu trữ"):
        create_codes(design, actor=None)
    assert count_codes(design.id) == 0


def test_a_typed_code_finds_its_link(db, design):
    create_codes(design, actor=None)
    link = codes_of(db, design, "21211")[0]

    typed = f" {format_code(link.code).lower()} "
    assert format_code(link.code) == f"{link.code[:4]}-{link.code[4:]}"
    assert get_link_by_code(normalise_code(typed)) == link
    assert normalise_code("KQ4M-9XD0") is None  # 0 is not in the alphabet
    assert normalise_code("KQ4M-9XD") is None


def test_a_response_through_a_code_is_in_the_sample_stream_and_the_code_takes_one(db, design):
    create_codes(design, actor=None)
    link = codes_of(db, design, "23293")[0]
    survey = design.survey

    response = make_response(survey, {"heard": "yes"}, link=link)
    db.session.commit()

    assert (response.stream, response.mode) == ("sample", "self")
    assert (response.invitation_link_id, response.link_id) == (link.id, link.id)
    assert response.commune_id == get_unit_by_code("23293").id
    db.session.refresh(link)
    assert link_problem(link) == "budget"  # an invitation's one response is taken
    assert existing_response(survey, link=link) == response
    assert start_response(survey, link=link) == response  # a second start gets the same one
    assert db.session.scalar(
        sa.select(sa.func.count(Response.id)).where(Response.invitation_link_id == link.id)
    ) == 1  # fmt: skip
    # public links stay open feedback, other invitations census
    public = make_response(survey, {"heard": "no"}, link=create_link(survey))
    invited = make_response(survey, {"heard": "no"}, link=create_link(survey, kind="invitation"))
    assert (public.stream, invited.stream) == ("open", "census")


def test_a_code_used_once_sends_a_second_visit_to_the_receipt(client, db, design):
    create_codes(design, actor=None)
    link = codes_of(db, design, "23293")[0]
    response = make_response(design.survey, {"heard": "yes"}, link=link)
    db.session.commit()

    again = client.get(f"/s/{link.token}")

    assert again.status_code == 302
    assert again.headers["Location"] == f"/s/{link.token}/{response.submission_id}/thanks"
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1


def test_progress_counts_completed_started_and_reserve_codes_in_sql(db, design, count_queries):
    create_codes(design, actor=None)
    survey = design.survey
    kon_tum, dak_cam = codes_of(db, design, "23293"), codes_of(db, design, "23284")
    for link in kon_tum[:3] + kon_tum[15:16]:  # three respondents and one replacement
        make_response(survey, {"heard": "yes"}, link=link)
    start_response(survey, link=kon_tum[3])  # started, not sent
    make_response(survey, {"heard": "no"}, link=dak_cam[0])
    make_response(survey, {"heard": "no"}, link=dak_cam[1]).is_excluded = True  # fails review
    make_response(survey, {"heard": "yes"}, link=create_link(survey, commune=kon_tum[0].commune))
    db.session.commit()
    design_id = design.id  # read before counting: the commit expired it

    with count_queries() as statements:
        communes = {c.code: c for c in commune_progress(design_id)}
        strata = {s.stratum: s for s in stratum_progress(design_id)}

    assert len(statements) == 2  # one GROUP BY per table
    assert len(communes) == COMMUNES
    a, b = communes["23293"], communes["23284"]
    assert (a.respondents, a.reserve, a.codes, a.completed, a.in_progress, a.replaced) == (
        15, 3, 18, 4, 1, 1)  # fmt: skip
    assert a.missing == 11
    assert (b.respondents, b.codes, b.completed, b.in_progress, b.replaced, b.missing) == (
        14, 17, 1, 0, 0, 13)  # fmt: skip
    phuong = strata["kon_tum/phuong"]  # the two communes and Phường Đăk Bla
    assert (phuong.communes, phuong.respondents, phuong.reserve, phuong.codes) == (3, 43, 9, 52)
    assert (phuong.completed, phuong.in_progress, phuong.replaced) == (5, 1, 1)
    assert phuong.share == pytest.approx(5 / 43)
    assert sum(s.completed for s in strata.values()) == 5
    assert sum(s.codes for s in strata.values()) == 870


def test_progress_before_any_code_lists_every_commune_at_zero(db, design):
    rows = commune_progress(design.id)
    assert len(rows) == COMMUNES
    assert {(r.codes, r.completed, r.replaced) for r in rows} == {(0, 0, 0)}
    assert sum(s.respondents for s in stratum_progress(design.id)) == RESPONDENTS
    assert list_codes(design.id) == []


def test_two_managers_creating_codes_at_once_make_each_code_once(app, db, design):
    email, url = make_user("manager").email, f"/manage/sampling/{design.id}/codes"
    db.session.commit()
    statuses = at_once(app, email, [lambda c: c.post(url)] * 2)

    assert statuses == [303, 303]
    db.session.expire_all()
    assert count_codes(design.id) == 870
    duplicates = db.session.execute(
        sa.select(Link.sample_assignment_id, Link.sample_number)
        .where(Link.sample_assignment_id.is_not(None))
        .group_by(Link.sample_assignment_id, Link.sample_number)
        .having(sa.func.count() > 1)
    ).all()
    assert duplicates == []


def test_the_survey_links_page_leaves_the_codes_to_their_design(client, db, design, login):
    create_codes(design, actor=None)
    poster = create_link(design.survey, label="Bảng tin xã")
    login(make_user("manager"))
    db.session.commit()

    assert list_links(design.survey_id) == [poster]
    page = client.get(f"/manage/surveys/{design.survey_id}/links").get_data(as_text=True)
    assert "Bảng tin xã" in page
    assert "Phường Kon Tum – số 01" not in page


def test_the_enumerator_hook_records_the_mode_and_keeps_the_stream(db, design):
    create_codes(design, actor=None)
    link = codes_of(db, design, "23284")[0]

    response = start_response(design.survey, link=link, mode="assisted")

    assert (response.mode, response.stream, response.invitation_link_id) == (
        "assisted", "sample", link.id)  # fmt: skip
