"""Running tallies: kept in the submitting transaction, always equal to a count from scratch."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.indicators.definitions import update_indicator
from app.indicators.models import Indicator, IndicatorTally
from app.indicators.queries import get_indicator_by_code
from app.indicators.tallies import KEY_COLUMNS, rebuild_all_tallies, rebuild_tallies
from app.responses.answers import PageAnswers
from app.responses.links import create_link
from app.responses.review import handle_deletion, request_deletion, set_excluded
from app.responses.services import save_page, start_response, submit_response
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code
from tests.factories import make_response, make_user, seed_plan

AUGUST = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)
CITIZENS, STAFF, ENTERPRISES = "nguoi-dan-nq57", "can-bo-nq57", "doanh-nghiep-nq57"


@pytest.fixture
def plan(db, seeded):
    seed_plan()
    db.session.commit()


def tallies(db) -> dict[tuple, int]:
    """Every non-zero tally, summed by its key (indicator code instead of id, for reading)."""
    key = [getattr(IndicatorTally, c) for c in KEY_COLUMNS if c != "indicator_id"]
    query = (
        sa.select(Indicator.code, *key, sa.func.sum(IndicatorTally.n))
        .join(Indicator, Indicator.id == IndicatorTally.indicator_id)
        .group_by(Indicator.code, *key)
    )
    return {tuple(row[:-1]): row[-1] for row in db.session.execute(query) if row[-1]}


def outcomes(db) -> dict[str, dict[str, int]]:
    """Indicator code -> outcome -> n."""
    found: dict = {}
    for (code, *_rest, outcome), n in tallies(db).items():
        found.setdefault(code, {}).setdefault(outcome, 0)
        found[code][outcome] += n
    return found


def citizen(answers: dict, **kw):
    return make_response(get_survey_by_slug(CITIZENS), answers, **kw)


def test_tallies_equal_a_fresh_count_after_submissions_exclusions_and_deletions(plan, db):
    manager, admin = make_user("manager"), make_user("admin")
    citizens, enterprises = get_survey_by_slug(CITIZENS), get_survey_by_slug(ENTERPRISES)
    poster = create_link(citizens, commune=get_unit_by_code("21211"), channel="poster")
    zalo = create_link(citizens, channel="zalo")
    invitation = create_link(enterprises, kind="invitation", organisation="Công ty A")
    answers = [
        {"heard": "yes", "channels_grassroots": ["loudspeaker"], "bdhvs_aware": "yes"},
        {"heard": "yes", "channels_grassroots": ["dont_know"], "digital_team_help": "yes"},
        {"heard": "no", "bdhvs_aware": "no", "digital_team_help": "not_needed"},
        {"heard": "dont_know", "commune": "23293"},
    ]
    given = []
    for i, values in enumerate(answers * 3):
        link = poster if i % 2 else zalo
        day = datetime(2026, 6, 30, 14, tzinfo=UTC) + timedelta(hours=i)  # past midnight in VN
        given.append(citizen(values, link=link, submitted_at=day))
    for unit_code, informed in [("QLKH_DMST", "yes"), ("BCVT_CDS", "no"), ("VP", "yes")]:
        user = make_user(unit_id=get_unit_by_code(unit_code).id)
        given.append(make_response(get_survey_by_slug(STAFF), {"informed": informed}, user=user))
    given.append(make_response(enterprises, {"aware_nq57": "yes", "aware_policies": "partly"},
                               link=invitation, submitted_at=AUGUST))  # fmt: skip
    draft = start_response(citizens, link=zalo)  # never submitted: never counted
    save_page(draft, [], PageAnswers())
    db.session.commit()

    set_excluded(given[0], excluded=True, reason="Phiếu thử", actor=manager)
    set_excluded(given[1], excluded=True, reason="Trùng lặp", actor=manager)
    set_excluded(given[1], excluded=False, reason="", actor=manager)
    set_excluded(given[2], excluded=True, reason="Phiếu thử", actor=manager)
    for response in (given[2], given[3], given[-1]):  # an excluded one among them
        handle_deletion(request_deletion(response.receipt_code), actor=admin)
    db.session.commit()

    kept = tallies(db)
    rebuild_all_tallies()
    db.session.commit()
    counted = tallies(db)

    assert kept == counted
    assert {o for (*_k, o) in counted} == {"yes", "no", "invalid", "excluded"}
    # 12 citizens - 2 deleted = 10 per citizen indicator, staff 3, enterprises 0.
    assert sum(outcomes(db)["CITIZEN_ACCESS"].values()) == 10
    assert outcomes(db)["CITIZEN_ACCESS"]["excluded"] == 1
    assert sum(outcomes(db)["STAFF_INFORMED"].values()) == 3
    assert "ENTERPRISE_AWARE" not in outcomes(db)


def test_each_submission_adds_one_outcome_to_every_indicator_of_its_audience(plan, db):
    citizen({"commune": "21211", "heard": "yes", "channels_grassroots": ["meeting", "none"],
             "bdhvs_aware": "no", "digital_team_help": "not_needed"},
            submitted_at=AUGUST)  # fmt: skip
    db.session.commit()

    assert outcomes(db) == {
        "CITIZEN_ACCESS": {"yes": 1},  # a grassroots channel named
        "CITIZEN_BDHVS": {"no": 1},
        "CITIZEN_DIGITAL_TEAM": {"invalid": 1},  # "not needed" is out of its denominator
    }
    ((key, n),) = [(k, n) for k, n in tallies(db).items() if k[0] == "CITIZEN_ACCESS"]
    version = get_survey_by_slug(CITIZENS).latest_version.id
    commune = get_unit_by_code("21211").id
    assert key == ("CITIZEN_ACCESS", date(2026, 8, 3), version, "open", commune, 0, 0, "yes")
    assert n == 1


def test_a_tally_is_dated_on_the_day_in_vietnam(plan, db):
    citizen({"heard": "no"}, submitted_at=datetime(2026, 6, 30, 16, 59, tzinfo=UTC))
    citizen({"heard": "no"}, submitted_at=datetime(2026, 6, 30, 17, 0, tzinfo=UTC))
    db.session.commit()
    expected = {date(2026, 6, 30): 1, date(2026, 7, 1): 1}  # 23:59 and 00:00 in Vietnam

    def days():
        found: dict = {}
        for key, n in tallies(db).items():
            if key[0] == "CITIZEN_ACCESS":
                found[key[1]] = found.get(key[1], 0) + n
        return found

    assert days() == expected
    rebuild_tallies(get_indicator_by_code("CITIZEN_ACCESS"))
    assert days() == expected


def test_a_draft_counts_nowhere_and_a_second_submission_counts_once(plan, db):
    survey = get_survey_by_slug(ENTERPRISES)
    questions = [q for p in survey.latest_version.definition["pages"] for q in p["questions"]
                 if q["code"] == "aware_nq57"]  # fmt: skip
    response = start_response(survey)
    save_page(response, questions, PageAnswers(values={"aware_nq57": "yes"}))
    db.session.commit()
    assert tallies(db) == {}

    receipt = submit_response(response)
    assert submit_response(response) == receipt  # a double tap
    db.session.commit()

    assert outcomes(db)["ENTERPRISE_AWARE"] == {"yes": 1}


def test_an_inactive_indicator_keeps_no_tallies_until_it_is_active_again(plan, db):
    indicator = get_indicator_by_code("CITIZEN_BDHVS")
    citizen({"heard": "no", "bdhvs_aware": "yes"}, submitted_at=AUGUST)
    update_indicator(indicator, {"is_active": False}, actor=None)
    citizen({"heard": "no", "bdhvs_aware": "no"}, submitted_at=AUGUST)
    db.session.commit()
    assert "CITIZEN_BDHVS" not in outcomes(db)
    assert outcomes(db)["CITIZEN_ACCESS"] == {"no": 2}

    update_indicator(indicator, {"is_active": True}, actor=None)
    db.session.commit()

    assert outcomes(db)["CITIZEN_BDHVS"] == {"yes": 1, "no": 1}


def test_excluding_moves_a_response_to_the_excluded_outcome_and_back(plan, db):
    manager = make_user("manager")
    response = citizen({"heard": "yes", "channels_grassroots": ["loudspeaker"]},
                       submitted_at=AUGUST)  # fmt: skip
    db.session.commit()

    set_excluded(response, excluded=True, reason="Phiếu thử", actor=manager)
    db.session.commit()
    excluded = outcomes(db)["CITIZEN_ACCESS"]
    set_excluded(response, excluded=False, reason="", actor=manager)
    db.session.commit()

    assert excluded == {"excluded": 1}
    assert outcomes(db)["CITIZEN_ACCESS"] == {"yes": 1}
