"""Indicator definitions: the plan's seed, and managers' checked, versioned, recounted edits."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.indicators.definitions import (
    SEED_FILE,
    DefinitionError,
    check_definition,
    seed_indicators,
    update_indicator,
)
from app.indicators.models import Indicator
from app.indicators.periods import parse_period
from app.indicators.queries import Filters, get_indicator_by_code
from app.indicators.services import compute
from app.surveys.files import seed_builtin_surveys
from app.surveys.queries import get_survey_by_slug
from tests.factories import make_response, make_user, seed_plan

H2 = parse_period("2026H2")
AUGUST = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)
SEED_CODES = [item["code"] for item in json.loads(SEED_FILE.read_text("utf-8"))["indicators"]]


@pytest.fixture
def plan(db, seeded):
    seed_plan()
    db.session.commit()


def audit(db, action: str) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def codes(db) -> list[str]:
    return list(db.session.scalars(sa.select(Indicator.code).order_by(Indicator.position)))


def policy_answers(*answers: str) -> None:
    survey = get_survey_by_slug("doanh-nghiep-nq57")
    for answer in answers:
        make_response(survey, {"aware_policies": answer}, submitted_at=AUGUST)


def value(code: str):
    return compute(get_indicator_by_code(code), H2, Filters())


# --- the seed ----------------------------------------------------------------------------------


def test_the_seed_creates_the_plans_17_indicators_once(db, seeded):
    seed_builtin_surveys()

    first = seed_indicators()
    second = seed_indicators()
    db.session.commit()

    assert len(SEED_CODES) == 17
    assert first == SEED_CODES
    assert second == []
    assert codes(db) == SEED_CODES
    (entry,) = audit(db, "indicators.seed")  # the second run wrote nothing
    assert entry.details["codes"] == SEED_CODES
    assert all(i.version == 1 and i.is_active for i in db.session.scalars(sa.select(Indicator)))


def test_the_seed_never_overwrites_a_managers_edit_and_restores_only_what_is_missing(plan, db):
    edited = get_indicator_by_code("CITIZEN_ACCESS")
    update_indicator(edited, {"target_value": Decimal("0.85"), "name_vi": "Người dân tiếp cận"},
                     actor=make_user("manager"))  # fmt: skip
    db.session.delete(get_indicator_by_code("OUTPUTS"))
    db.session.commit()

    created = seed_indicators()
    db.session.commit()
    db.session.expire_all()

    assert created == ["OUTPUTS"]
    citizen_access = get_indicator_by_code("CITIZEN_ACCESS")
    assert citizen_access.target_value == Decimal("0.85")
    assert (citizen_access.name_vi, citizen_access.version) == ("Người dân tiếp cận", 2)
    assert codes(db) == SEED_CODES


def test_the_seed_counts_responses_given_before_it(db, seeded):
    seed_builtin_surveys()
    db.session.flush()
    for aware in ["yes", "no", "yes"]:
        make_response(get_survey_by_slug("doanh-nghiep-nq57"), {"aware_nq57": aware},
                      submitted_at=AUGUST)  # fmt: skip
    seed_indicators()
    db.session.commit()

    f = value("ENTERPRISE_AWARE")

    assert (f.numerator, f.n) == (2, 3)


@pytest.mark.parametrize("code", SEED_CODES)
def test_every_seed_definition_passes_its_own_check(plan, code):
    check_definition(get_indicator_by_code(code))


# --- edits -------------------------------------------------------------------------------------


def test_an_edit_bumps_the_version_and_is_audited(plan, db):
    manager = make_user("manager")
    indicator = get_indicator_by_code("COMMSTAFF_TRAINED")

    changed = update_indicator(indicator, {"target_value": Decimal("0.75"), "min_cell_size": 10,
                                           "name_en": "Trained staff"}, actor=manager)  # fmt: skip
    unchanged = update_indicator(indicator, {"target_value": Decimal("0.75")}, actor=manager)
    db.session.commit()

    assert changed == ["name_en", "target_value"]  # min_cell_size was 10 already
    assert unchanged == []
    assert indicator.version == 2
    (entry,) = audit(db, "indicators.edit")
    assert entry.actor_id == manager.id
    assert entry.details["version"] == 2
    assert entry.details["before"]["target_value"] == 0.7
    assert entry.details["after"] == {"name_en": "Trained staff", "target_value": 0.75}


def test_changing_the_options_recounts_every_response(plan, db):
    policy_answers("yes", "partly", "partly", "no")
    db.session.commit()
    indicator = get_indicator_by_code("ENTERPRISE_POLICY_AWARE")
    before = value("ENTERPRISE_POLICY_AWARE")

    update_indicator(indicator, {"count_options": ["yes", "partly"]}, actor=None)
    widened = value("ENTERPRISE_POLICY_AWARE")
    update_indicator(indicator, {"count_options": ["yes"],
                                 "invalid_answers": {"aware_policies": ["partly"]}},
                     actor=None)  # fmt: skip
    db.session.commit()
    partly_invalid = value("ENTERPRISE_POLICY_AWARE")

    # yes, partly, partly, no: "yes" counts 1/4; "yes" or "partly" 3/4; "partly" invalid 1/2.
    assert (before.numerator, before.n, before.value) == (1, 4, 0.25)
    assert (widened.numerator, widened.n, widened.value) == (3, 4, 0.75)
    assert (partly_invalid.numerator, partly_invalid.n, partly_invalid.invalid) == (1, 2, 2)
    assert partly_invalid.value == 0.5
    assert (indicator.version, partly_invalid.definition_version) == (3, 3)


def test_a_rejected_edit_is_neither_versioned_nor_audited(plan, db):
    indicator = get_indicator_by_code("ENTERPRISE_AWARE")

    with pytest.raises(DefinitionError) as error:
        update_indicator(indicator, {"question_code": "nope"}, actor=None)

    assert error.value.errors == {"question_code": "unknown_question"}
    assert indicator.version == 1
    assert audit(db, "indicators.edit") == []
    db.session.rollback()  # what the edit page does with a rejected edit
    assert indicator.question_code == "aware_nq57"


# --- the checks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "changes", "errors"),
    [
        (
            "ENTERPRISE_AWARE",
            {"question_code": "aware_nq99"},
            {"question_code": "unknown_question"},
        ),
        ("ENTERPRISE_AWARE", {"count_options": ["maybe"]}, {"count_options": "unknown_option"}),
        ("ENTERPRISE_AWARE", {"count_options": []}, {"count_options": "unknown_option"}),
        (
            "CITIZEN_ACCESS",
            {"invalid_answers": {"heard": ["perhaps"]}},
            {"invalid_answers": "unknown_option"},
        ),
        (
            "CITIZEN_ACCESS",
            {"invalid_answers": {"channels_grassroots": ["meeting", "dont_know"]}},
            {"invalid_answers": "overlap"},
        ),
        ("STAFF_INFORMED", {"target_value": Decimal("1.5")}, {"target_value": "proportion"}),
        ("UNITS_CHANNEL", {"target_value": Decimal("-0.1")}, {"target_value": "proportion"}),
        ("PLAN_ISSUED", {"register": "minutes"}, {"register": "unknown_register"}),
        ("OUTPUTS", {"breakdowns": ["unit", "age"]}, {"breakdowns": "unknown_breakdown"}),
    ],
)
def test_check_definition_rejects_what_cannot_be_computed(plan, code, changes, errors):
    indicator = get_indicator_by_code(code)
    for key, new in changes.items():
        setattr(indicator, key, new)

    with pytest.raises(DefinitionError) as error:
        check_definition(indicator)

    assert error.value.errors == errors


def test_a_count_may_have_a_target_above_one(plan):
    indicator = get_indicator_by_code("OUTPUTS")
    indicator.target_value = Decimal(120)

    check_definition(indicator)
