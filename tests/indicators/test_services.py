"""Consolidated figures of every indicator kind, on small datasets computed by hand.

Wilson intervals are worked out in the comments with z = 1.959964 (z² = 3.841459):
centre = (p + z²/2n) / (1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.indicators.definitions import update_indicator
from app.indicators.models import Snapshot
from app.indicators.periods import parse_period
from app.indicators.queries import Filters, get_indicator_by_code
from app.indicators.services import compute, consolidate, freeze_period, snapshot_consolidation
from app.registers.models import AwardEntry, Document, NetworkMember
from app.responses.answers import PageAnswers
from app.responses.links import create_link
from app.responses.review import handle_deletion, request_deletion, set_excluded
from app.responses.services import save_page, start_response
from app.surveys.queries import get_survey_by_slug
from app.units.models import COMMUNE_KINDS, Unit
from app.units.queries import get_unit_by_code
from tests.factories import (
    make_channel,
    make_product,
    make_response,
    make_row,
    make_task,
    make_training,
    make_user,
    seed_plan,
)

H1 = parse_period("2026H1")
H2 = parse_period("2026H2")
AUGUST = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)  # 09:00 on 3 August 2026 in Vietnam: 2026H2
SLUGS = {"citizen": "nguoi-dan-nq57", "staff": "can-bo-nq57", "enterprise": "doanh-nghiep-nq57"}
# Communes of the seed file: two of former Quảng Ngãi, three of former Kon Tum.
TINH_KHE, TRUONG_QUANG_TRONG = "21211", "21172"  # xã, phường
KON_TUM, NGOK_BAY, IA_CHIM = "23293", "23317", "23326"  # phường, xã, xã
REGISTER_CODES = ["UNITS_CHANNEL", "TASKS_COMMUNICATED", "COMMSTAFF_TRAINED", "OUTPUTS",
                  "MINORITY_MATERIALS"]  # fmt: skip


@pytest.fixture
def plan(db, seeded):
    """Units, communes, the four built-in surveys (open) and the 17 indicators."""
    seed_plan()
    db.session.commit()


def survey(audience: str):
    return get_survey_by_slug(SLUGS[audience])


def unit(code: str) -> Unit:
    return get_unit_by_code(code)


def figure(code: str, period=H2, filters: Filters | None = None, breakdown: str | None = None):
    indicator = get_indicator_by_code(code)
    return compute(indicator, period, filters or Filters(), breakdown=breakdown)


def citizen(commune: str | None, heard="yes", channels=("loudspeaker",), at=AUGUST, link=None):
    """A citizen's response; the grassroots channels are asked only of those who heard."""
    answers = {"heard": heard}
    if commune is not None:
        answers["commune"] = commune
    if heard == "yes":
        answers["channels_grassroots"] = list(channels)
    return make_response(survey("citizen"), answers, submitted_at=at, link=link)


def enterprise(aware: str, commune: str | None = None, at=AUGUST):
    answers = {"aware_nq57": aware}
    if commune is not None:
        answers["commune"] = commune
    return make_response(survey("enterprise"), answers, submitted_at=at)


def staff_member(unit_code: str | None, informed: str, at=AUGUST):
    user = make_user(unit_id=unit(unit_code).id if unit_code else None)
    return make_response(survey("staff"), {"informed": informed}, user=user, submitted_at=at)


def set_people(**figures) -> None:
    """Headcounts per unit code: (staff, communication staff), None for "not recorded"."""
    for code, (staff, comm) in figures.items():
        u = unit(code)
        u.staff_headcount, u.comm_staff_headcount = staff, comm


def only_communes(db, populations: dict[str, int]) -> None:
    """Give these communes these populations and set every other commune inactive."""
    for code, population in populations.items():
        unit(code).population = population
    others = sa.update(Unit).where(
        Unit.kind.in_(COMMUNE_KINDS), Unit.code.not_in(list(populations))
    )
    db.session.execute(others.values(is_active=False))


# --- survey proportions over respondents ------------------------------------------------------


def test_enterprise_awareness_is_the_unweighted_share_of_submitted_responses(plan, db):
    for aware in ["yes", "yes", "yes", "no", "no"]:
        enterprise(aware)
    # A response saved but never submitted counts nowhere.
    draft = start_response(survey("enterprise"))
    questions = [q for p in survey("enterprise").latest_version.definition["pages"]
                 for q in p["questions"] if q["code"] == "aware_nq57"]  # fmt: skip
    save_page(draft, questions, PageAnswers(values={"aware_nq57": "yes"}))
    db.session.commit()

    f = figure("ENTERPRISE_AWARE")

    # 3 of 5. Wilson: z²/n = 0.768292, centre = (0.6 + 0.384146) / 1.768292 = 0.556551,
    # half = 1.959964·√(0.048 + 0.038415) / 1.768292 = 0.325828 -> [0.230724, 0.882379].
    assert (f.numerator, f.denominator, f.n, f.respondents) == (3, 5, 5, 5)
    assert f.value == pytest.approx(0.6)
    assert (f.n_eff, f.deff) == (5.0, 1.0)
    assert f.low == pytest.approx(0.230724, abs=1e-6)
    assert f.high == pytest.approx(0.882379, abs=1e-6)
    assert (f.weighting, f.is_sample, f.invalid, f.excluded) == ("none", True, 0, 0)
    assert f.non_probability is True  # open links only: no probability sample this period
    assert f.status == "no_target"
    assert f.provenance["versions"] == [
        {"survey": "doanh-nghiep-nq57", "wave": 1, "version": 1, "responses": 5}
    ]


def test_citizen_access_is_post_stratified_to_commune_populations(plan, db, app, monkeypatch):
    # Every commune with a respondent is a weighting cell of its own.
    monkeypatch.setitem(app.config, "INDICATOR_COLLAPSE_MIN", 1)
    unit(TINH_KHE).population = 3000
    unit(TRUONG_QUANG_TRONG).population = 1000
    citizen(TINH_KHE, channels=["loudspeaker", "meeting"])  # yes
    citizen(TINH_KHE, channels=["notice_board"])  # yes
    citizen(TINH_KHE, channels=["dont_know"])  # invalid
    citizen(TRUONG_QUANG_TRONG, channels=["digital_team"])  # yes
    citizen(TRUONG_QUANG_TRONG, channels=["none"])  # no: heard, but through no grassroots channel
    citizen(TRUONG_QUANG_TRONG, heard="no")  # no
    citizen(TRUONG_QUANG_TRONG, heard="no")  # no
    citizen(TRUONG_QUANG_TRONG, heard="dont_know")  # invalid
    citizen(None)  # yes, but no commune: cannot be weighted
    db.session.commit()

    f = figure("CITIZEN_ACCESS")

    # Tịnh Khê: 2 valid (2 yes), weight 3000/2 = 1500. Trương Quang Trọng: 4 valid (1 yes),
    # weight 1000/4 = 250. Σw = 3000 + 1000 = 4000, Σwy = 3000 + 250 = 3250 -> 0.8125.
    # Σw² = 2·1500² + 4·250² = 4,750,000; n_eff = 4000² / 4,750,000 = 64/19 = 3.368421;
    # deff = 6 / 3.368421 = 1.78125. No trimming: the cap is 3.5 · 4000/6 = 2333 > 1500.
    # Wilson on n_eff with k = 0.8125·64/19: z²/n = 1.140433, centre = (0.8125 + 0.570217)
    # / 2.140433 = 0.645993, half = 1.959964·√(0.045228 + 0.084642) / 2.140433 = 0.329991
    # -> [0.316002, 0.975984].
    assert f.value == pytest.approx(0.8125)
    assert (f.n, f.numerator, f.denominator) == (6, 3, 6)
    assert f.n_eff == pytest.approx(64 / 19)
    assert f.deff == pytest.approx(1.78125)
    assert f.low == pytest.approx(0.316002, abs=1e-5)
    assert f.high == pytest.approx(0.975984, abs=1e-5)
    assert f.weighting == "commune_population"
    # Two "don't know" answers: out of the denominator, counted apart. 9 respondents in all.
    assert (f.invalid, f.respondents) == (2, 9)
    weighting = f.provenance["weighting"]
    assert (weighting["cells"], weighting["trimmed"]) == (2, 0)
    assert weighting["covered_population"] == 4000
    assert weighting["without_commune"] == 1
    assert f.status == "not_conclusive"  # 0.316 < 0.80 < 0.976


def test_dont_know_answers_leave_the_denominator_and_are_counted_as_invalid(plan, db):
    citizen(TINH_KHE, channels=["meeting"])  # yes
    citizen(TINH_KHE, channels=["none"])  # no
    citizen(TINH_KHE, heard="dont_know")  # invalid: "don't know" whether they heard
    citizen(TINH_KHE, channels=["dont_know"])  # invalid: heard, "don't know" the channel
    db.session.commit()

    f = figure("CITIZEN_ACCESS")

    # One commune, so every valid respondent weighs the same: 1 of 2 = 0.5, n_eff 2.
    assert (f.value, f.n, f.numerator, f.n_eff) == (0.5, 2, 1, 2.0)
    assert (f.invalid, f.respondents) == (2, 4)
    assert f.provenance["invalid"] == 2


# --- exact proportions: censuses and registers ------------------------------------------------


def test_staff_informed_counts_non_respondents_as_not_informed(plan, db):
    set_people(QLKH_DMST=(5, None), BCVT_CDS=(4, None), TT_CDS_DMST=(6, None), VP=(None, None))
    make_user(unit_id=unit("VP").id)
    make_user(unit_id=unit("VP").id)
    make_user(unit_id=unit("VP").id, is_active_account=False)  # not counted in the roster
    for informed in ["yes", "yes", "no"]:
        staff_member("QLKH_DMST", informed)
    staff_member("BCVT_CDS", "yes")
    staff_member("BCVT_CDS", "dont_remember")  # "don't remember" is not informed
    db.session.commit()

    f = figure("STAFF_INFORMED")

    # Headcount 5 + 4 + 6 + (VP has no figure: its 2 active accounts) = 17.
    # Informed: 3. Value 3/17; 5 answered, coverage 5/17. No interval: a census.
    assert (f.numerator, f.denominator, f.n, f.respondents) == (3, 17, 5, 5)
    assert f.value == pytest.approx(3 / 17)
    assert f.coverage == pytest.approx(5 / 17)
    assert f.provenance["headcount"] == 17
    assert (f.low, f.high, f.n_eff, f.is_sample) == (None, None, None, False)
    assert f.status == "not_met"  # exact: 0.176 < 1


def test_staff_outside_the_headcounted_units_are_reported_not_counted(plan, db):
    set_people(QLKH_DMST=(2, None), BCVT_CDS=(0, None), TT_CDS_DMST=(0, None), VP=(0, None))
    staff_member("QLKH_DMST", "yes")
    staff_member(None, "yes")  # an account with no unit
    staff_member("SKHCN", "yes")  # the department itself is not one of its units
    db.session.commit()

    f = figure("STAFF_INFORMED")

    # Headcount 2 (QLKH&ĐMST only); of those, 1 informed and 1 answered: 1/2, coverage 1/2.
    # The two others are outside the population the headcount describes.
    assert (f.numerator, f.denominator, f.n) == (1, 2, 1)
    assert (f.value, f.coverage) == (0.5, 0.5)
    assert f.provenance["outside_units"] == 2


def test_staff_informed_for_one_unit(plan, db):
    set_people(QLKH_DMST=(5, None), BCVT_CDS=(4, None))
    for informed in ["yes", "yes", "no"]:
        staff_member("QLKH_DMST", informed)
    staff_member("BCVT_CDS", "yes")
    db.session.commit()

    f = figure("STAFF_INFORMED", filters=Filters(unit_id=unit("QLKH_DMST").id))

    # QLKH&ĐMST only: 2 informed of a headcount of 5; 3 answered, nobody else counted.
    assert (f.numerator, f.denominator, f.n, f.respondents) == (2, 5, 3, 3)
    assert (f.value, f.coverage) == (0.4, 0.6)
    assert f.provenance["headcount"] == 5


def test_commstaff_trained_counts_distinct_people_with_a_qualifying_course(plan, db):
    set_people(QLKH_DMST=(None, 2), BCVT_CDS=(None, 3), TT_CDS_DMST=(None, 5), VP=(None, None))
    qlkh, bcvt, centre = unit("QLKH_DMST"), unit("BCVT_CDS"), unit("TT_CDS_DMST")
    make_training(qlkh, "CB001", date(2026, 9, 1), hours=40)  # yes: exactly the minimum
    make_training(qlkh, "cb001", date(2026, 10, 1), hours=60, topic="st_content")  # same person
    make_training(qlkh, "CB002", date(2026, 9, 1), hours=39)  # too short
    make_training(bcvt, "CB010", date(2026, 9, 1), hours=80, topic="other")  # other topic
    make_training(bcvt, "CB011", date(2027, 1, 1), hours=40, topic="both")  # after the end
    make_training(bcvt, "CB012", date(2026, 12, 31), hours=40, topic="both")  # yes: last day
    make_training(centre, "CB020", date(2025, 3, 1), hours=50)  # yes: trained before
    make_training(unit("SKHCN"), "CB030", date(2026, 9, 1), hours=50)  # not one of the units
    db.session.commit()

    f = figure("COMMSTAFF_TRAINED", breakdown="unit")

    # Trained: CB001, CB012, CB020 = 3. Communication staff 2 + 3 + 5 + 0 (VP: none recorded).
    assert (f.numerator, f.denominator, f.n) == (3, 10, 10)
    assert f.value == pytest.approx(0.3)
    assert f.status == "not_met"  # exact: 0.3 < 0.7
    assert (f.low, f.high) == (None, None)
    assert f.provenance["outside_units"] == 1
    cells = {c.key: (c.numerator, c.denominator) for c in f.details}
    assert cells == {
        str(qlkh.id): (1, 2),
        str(bcvt.id): (1, 3),
        str(centre.id): (1, 5),
        str(unit("VP").id): (0, 0),
    }


def test_commstaff_trained_never_counts_more_people_than_the_headcount(plan, db):
    set_people(QLKH_DMST=(None, 1), BCVT_CDS=(None, 0), TT_CDS_DMST=(None, 2), VP=(None, None))
    qlkh, bcvt = unit("QLKH_DMST"), unit("BCVT_CDS")
    make_training(qlkh, "CB001", date(2026, 9, 1), hours=40)
    make_training(qlkh, "CB002", date(2026, 9, 1), hours=40)  # a second person, headcount 1
    make_training(bcvt, "CB010", date(2026, 9, 1), hours=40)  # headcount 0
    db.session.commit()

    f = figure("COMMSTAFF_TRAINED", breakdown="unit")

    # Counted: 1 (QLKH capped at its headcount) + 0 (BCVT) + 0 (centre) of 1 + 0 + 2 = 3.
    assert (f.numerator, f.denominator) == (1, 3)
    assert f.provenance["over_headcount"] == 2
    cells = {c.key: (c.numerator, c.denominator) for c in f.details}
    assert cells[str(qlkh.id)] == (1, 1)
    assert cells[str(bcvt.id)] == (0, 0)


@pytest.mark.parametrize("code", ["PLAN_ISSUED", "NETWORK", "PRESS_AWARDS", "PORTAL_COLUMN"])
def test_milestones_are_not_applicable_under_a_filter(plan, db, code):
    f = figure(code, filters=Filters(unit_id=unit("QLKH_DMST").id))

    assert f.not_applicable
    assert f.status == "not_applicable"
    assert f.value is None


def test_units_channel_needs_an_open_channel_and_a_product_in_the_period(plan, db):
    qlkh, bcvt, centre, office = (unit(c) for c in ["QLKH_DMST", "BCVT_CDS", "TT_CDS_DMST", "VP"])
    office.has_comm_duty = True
    make_product(make_channel(qlkh, date(2026, 1, 1)), date(2026, 8, 1))  # yes
    make_product(make_channel(bcvt, date(2025, 1, 1)), date(2026, 5, 1))  # product in 2026H1
    make_product(make_channel(bcvt, date(2027, 1, 5)), date(2027, 1, 10))  # and in 2027
    make_channel(centre, date(2026, 1, 1))  # open, but nothing published on it
    closed = make_channel(centre, date(2025, 1, 1), closed_on=date(2026, 6, 30))
    make_product(closed, date(2026, 8, 1))  # published on a channel closed before the period
    make_product(make_channel(office, date(2027, 1, 5)), date(2026, 12, 1))  # opened after it
    make_product(make_channel(unit("SKHCN"), date(2026, 1, 1)), date(2026, 8, 1))  # no duty
    db.session.commit()

    f = figure("UNITS_CHANNEL", breakdown="unit")

    # Communication-tasked units: QLKH&ĐMST, BCVT&CĐS, the centre, the office = 4; only
    # QLKH&ĐMST has a channel open in 2026H2 with a product on it in 2026H2.
    assert (f.numerator, f.denominator) == (1, 4)
    assert f.value == pytest.approx(1 / 4)
    assert f.provenance["with_channel"] == 3  # all but the office have a channel open
    cells = {c.key: (c.numerator, c.denominator) for c in f.details}
    assert cells == {
        str(qlkh.id): (1, 1),
        str(bcvt.id): (0, 1),
        str(centre.id): (0, 1),
        str(office.id): (0, 1),
    }


def test_tasks_communicated_leaves_secret_tasks_out_and_counts_them(plan, db):
    qlkh, bcvt = unit("QLKH_DMST"), unit("BCVT_CDS")
    make_task(qlkh, 2025, communicated_on=date(2026, 3, 1))  # yes
    make_task(qlkh, 2026, communicated_on=date(2027, 1, 10))  # communicated after the end: no
    make_task(bcvt, 2026)  # no
    make_task(bcvt, 2026, is_secret=True, communicated_on=date(2026, 8, 1))  # out of scope
    make_task(bcvt, 2027)  # begins after the period: out of scope
    db.session.commit()

    f = figure("TASKS_COMMUNICATED", breakdown="unit")

    # In scope: 3 tasks (2025 and 2026, not secret); communicated by 31/12/2026: 1.
    assert (f.numerator, f.denominator) == (1, 3)
    assert f.value == pytest.approx(1 / 3)
    assert f.provenance["secret_excluded"] == 1
    cells = {c.key: (c.numerator, c.denominator) for c in f.details}
    assert cells == {str(qlkh.id): (1, 2), str(bcvt.id): (0, 1)}


# --- milestones and counts ---------------------------------------------------------------------


def test_plan_issued_is_met_from_the_first_plan_and_counts_reports(plan, db):
    make_row(Document, kind="plan", number="123/KH-SKHCN", title="Kế hoạch",
             issued_on=date(2025, 10, 20))  # fmt: skip
    make_row(Document, kind="plan", number="9/KH-SKHCN", title="Kế hoạch bổ sung",
             issued_on=date(2026, 2, 1))  # fmt: skip
    make_row(Document, kind="report", number="1/BC", title="Báo cáo", issued_on=date(2026, 6, 15))
    make_row(Document, kind="report", number="2/BC", title="Báo cáo", issued_on=date(2026, 12, 15))
    db.session.commit()

    now = figure("PLAN_ISSUED")
    before = figure("PLAN_ISSUED", period=parse_period("2025H1"))

    assert (now.value, now.status, now.numerator) == (1.0, "met", 1)
    assert now.evidence == "123/KH-SKHCN (2025-10-20)"  # the earliest plan is the evidence
    assert [(c.key, c.n) for c in now.details] == [("report", 1)]  # reports of 2026H2 only
    assert (before.value, before.status, before.evidence) == (0.0, "not_met", None)


def test_network_is_formed_with_enough_members_at_the_end_of_the_period(plan, db):
    for i in range(10):
        make_row(NetworkMember, kind="press" if i < 4 else "unit", name=f"Thành viên {i}",
                 joined_on=date(2026, 3, 1),
                 left_on=date(2026, 10, 1) if i == 0 else None)  # fmt: skip
    make_row(NetworkMember, kind="expert", name="Chuyên gia", joined_on=date(2027, 1, 15))
    db.session.commit()

    first = figure("NETWORK", period=H1)
    second = figure("NETWORK", period=H2)
    next_year = figure("NETWORK", period=parse_period("2027H1"))

    # min_members 10. 30/6/2026: 10 (4 press, 6 units). 31/12/2026: one press member left on
    # 1/10 -> 9. 30/6/2027: 9 + the expert who joined on 15/1/2027 = 10.
    assert (first.numerator, first.status) == (10, "met")
    assert [(c.key, c.n) for c in first.details] == [("press", 4), ("unit", 6)]
    assert (second.numerator, second.value, second.status) == (9, 0.0, "not_met")
    assert [(c.key, c.n) for c in second.details] == [("press", 3), ("unit", 6)]
    assert (next_year.numerator, next_year.status) == (10, "met")


def test_press_awards_counts_the_entries_of_the_periods_years(plan, db):
    for year, result in [(2026, "submitted"), (2026, "awarded"), (2025, "submitted")]:
        make_row(AwardEntry, year=year, award="Giải báo chí", entry="Loạt bài", result=result)
    db.session.commit()

    this_year = figure("PRESS_AWARDS")
    without = figure("PRESS_AWARDS", period=parse_period("2027H1"))

    assert (this_year.numerator, this_year.status) == (2, "met")
    assert [(c.key, c.n) for c in this_year.details] == [("awarded", 1), ("submitted", 1)]
    assert (without.numerator, without.value, without.status) == (0, 0.0, "not_met")


def test_portal_column_is_met_when_open_with_items_in_the_period(plan, db):
    column = make_channel(unit("QLKH_DMST"), date(2025, 10, 1), kind="portal_column")
    make_product(column, date(2026, 7, 15))
    make_product(column, date(2026, 9, 1), kind="infographic")
    make_product(make_channel(unit("BCVT_CDS"), date(2025, 1, 1), kind="social_page"),
                 date(2026, 8, 1))  # fmt: skip
    db.session.commit()

    with_items = figure("PORTAL_COLUMN")
    without = figure("PORTAL_COLUMN", period=parse_period("2027H1"))

    # Two items on the portal column in 2026H2; the social page's post is not one of them.
    assert (with_items.numerator, with_items.value, with_items.status) == (2, 1.0, "met")
    assert [(c.key, c.n) for c in with_items.details] == [("items", 2)]
    assert with_items.provenance["open_channels"] == 1
    assert (without.numerator, without.value, without.status) == (0, 0.0, "not_met")


def test_outputs_and_minority_materials_count_the_periods_products(plan, db):
    qlkh, bcvt = unit("QLKH_DMST"), unit("BCVT_CDS")
    own, other = make_channel(qlkh, date(2025, 1, 1)), make_channel(bcvt, date(2025, 1, 1))
    make_product(own, date(2026, 7, 15))
    make_product(own, date(2026, 8, 1), kind="video")
    make_product(own, date(2026, 9, 1), kind="infographic", language="hre")  # Hrê
    make_product(other, date(2026, 10, 1), language="sed")  # Xơ Đăng
    make_product(other, date(2026, 6, 30), language="sed")  # 2026H1
    db.session.commit()

    outputs = figure("OUTPUTS")
    by_unit = figure("OUTPUTS", breakdown="unit")
    minority = figure("MINORITY_MATERIALS")
    one_unit = figure("MINORITY_MATERIALS", filters=Filters(unit_id=qlkh.id))

    assert (outputs.value, outputs.status, outputs.percent) == (4.0, "no_target", False)
    assert [(c.key, c.n) for c in outputs.details] == [
        ("article", 2),
        ("infographic", 1),
        ("video", 1),
    ]
    assert [(c.key, c.n) for c in by_unit.details] == [(str(qlkh.id), 3), (str(bcvt.id), 1)]
    assert minority.value == 2.0  # hre and sed, in the period
    assert one_unit.value == 1.0


# --- status against the target ---------------------------------------------------------------


def test_an_exact_figure_at_100_percent_is_met(plan, db):
    make_task(unit("QLKH_DMST"), 2026, communicated_on=date(2026, 7, 1))
    make_task(unit("BCVT_CDS"), 2025, communicated_on=date(2026, 12, 31))
    db.session.commit()

    f = figure("TASKS_COMMUNICATED")

    assert (f.value, f.target, f.low, f.status) == (1.0, 1.0, None, "met")


@pytest.mark.parametrize(
    ("yes", "target", "status"),
    [
        (8, None, "not_conclusive"),  # 0.8 in [0.490, 0.943]: straddles 0.80
        (0, None, "not_met"),  # 0.0 in [0, 0.278]: entirely below 0.80
        (8, Decimal("0.4"), "met"),  # [0.490, 0.943] entirely above 0.40
    ],
)
def test_a_sample_figure_is_judged_on_its_interval(plan, db, yes, target, status):
    if target is not None:
        update_indicator(get_indicator_by_code("CITIZEN_ACCESS"), {"target_value": target},
                         actor=None)  # fmt: skip
    for i in range(10):
        citizen(TINH_KHE, channels=["loudspeaker"] if i < yes else ["none"])
    db.session.commit()

    f = figure("CITIZEN_ACCESS")

    # One commune: equal weights, n_eff = n = 10. 8 of 10: z²/n = 0.384146, centre =
    # (0.8 + 0.192073) / 1.384146 = 0.716739, half = 1.959964·√(0.016 + 0.009604) / 1.384146
    # = 0.226578 -> [0.490162, 0.943318]. 0 of 10: high = 2·0.192073 / 1.384146 = 0.277533.
    assert f.value == pytest.approx(yes / 10)
    assert f.n_eff == pytest.approx(10)
    expected = {8: (0.490162, 0.943318), 0: (0.0, 0.277533)}[yes]
    assert (f.low, f.high) == pytest.approx(expected, abs=1e-6)
    assert f.status == status


@pytest.mark.parametrize(("trained", "trajectory"), [(3, "on_track"), (2, "off_track")])
def test_before_the_target_year_the_value_is_held_to_the_trajectory(plan, db, trained,
                                                                   trajectory):  # fmt: skip
    set_people(QLKH_DMST=(None, 5))
    indicator = get_indicator_by_code("COMMSTAFF_TRAINED")
    update_indicator(indicator, {"baseline_value": Decimal("0.5"),
                                 "baseline_on": date(2025, 12, 31)}, actor=None)  # fmt: skip
    for i in range(trained):
        make_training(unit("QLKH_DMST"), f"CB{i}", date(2026, 9, 1))
    db.session.commit()

    f = figure("COMMSTAFF_TRAINED")
    in_target_year = figure("COMMSTAFF_TRAINED", period=parse_period("2030H2"))

    # From 0.5 on 31/12/2025 to 0.7 on 31/12/2030 (1826 days, 2028 is a leap year): on
    # 31/12/2026, 365 days on, 0.5 + 0.2·365/1826 = 0.539978. 3/5 = 0.6 is on it, 2/5 below.
    assert f.value == pytest.approx(trained / 5)
    assert f.expected == pytest.approx(0.539978, abs=1e-6)
    assert f.trajectory == trajectory
    assert f.status == "not_met"
    assert (in_target_year.expected, in_target_year.trajectory) == (None, None)


# --- exclusions and deletions -----------------------------------------------------------------


def test_excluding_a_response_takes_it_out_and_including_it_brings_it_back(plan, db):
    manager = make_user("manager")
    test_reply, *_ = [enterprise(a) for a in ["yes", "yes", "no"]]
    db.session.commit()
    assert figure("ENTERPRISE_AWARE").value == pytest.approx(2 / 3)

    set_excluded(test_reply, excluded=True, reason="Phiếu thử của cán bộ", actor=manager)
    db.session.commit()
    excluded = figure("ENTERPRISE_AWARE")
    set_excluded(test_reply, excluded=False, reason="", actor=manager)
    db.session.commit()
    included = figure("ENTERPRISE_AWARE")

    assert (excluded.value, excluded.n, excluded.excluded, excluded.respondents) == (0.5, 2, 1, 2)
    assert included.value == pytest.approx(2 / 3)
    assert (included.n, included.excluded) == (3, 0)


def test_deleting_a_response_on_request_takes_it_out(plan, db):
    gone, *_ = [enterprise(a) for a in ["yes", "yes", "no"]]
    deletion = request_deletion(gone.receipt_code)
    db.session.commit()

    assert handle_deletion(deletion, actor=make_user("admin")) is True
    db.session.commit()
    f = figure("ENTERPRISE_AWARE")

    assert (f.value, f.n, f.excluded) == (0.5, 2, 0)


# --- filters -----------------------------------------------------------------------------------


def test_a_commune_filter_gives_that_communes_unweighted_share(plan, db):
    citizen(TINH_KHE)  # yes
    citizen(TINH_KHE, channels=["dont_know"])  # invalid
    citizen(TINH_KHE, heard="no")  # no
    citizen(TRUONG_QUANG_TRONG, heard="no")
    db.session.commit()

    f = figure("CITIZEN_ACCESS", filters=Filters(commune_id=unit(TINH_KHE).id))

    # Tịnh Khê only: 1 of 2 valid, 1 invalid; a single commune is not weighted.
    assert (f.value, f.n, f.invalid, f.weighting) == (0.5, 2, 1, "none")


def test_a_former_province_filter_weights_its_communes_as_the_whole_province_does(plan, db):
    # Four active communes, every one in a group of its own but Kon Tum's two xã:
    only_communes(db, {TINH_KHE: 3000, KON_TUM: 2000, NGOK_BAY: 1000, IA_CHIM: 3000})
    update_indicator(get_indicator_by_code("CITIZEN_ACCESS"), {"min_cell_size": 2}, actor=None)
    citizen(TINH_KHE)  # yes
    citizen(TINH_KHE, heard="no")
    citizen(KON_TUM)  # yes
    citizen(KON_TUM)  # yes
    citizen(NGOK_BAY, heard="no")
    citizen(NGOK_BAY, heard="no")  # Ia Chim: no respondent
    db.session.commit()

    kon_tum = figure("CITIZEN_ACCESS", filters=Filters(former_province="kon_tum"))
    whole = figure("CITIZEN_ACCESS", breakdown="former_province")

    # Every commune has fewer than 20 respondents, so cells are the groups (province, kind):
    # Quảng Ngãi xã 3000/2 = 1500; Kon Tum phường 2000/2 = 1000; Kon Tum xã (Ngọk Bay and
    # Ia Chim) 4000/2 = 2000. Kon Tum: Σw = 2000 + 4000 = 6000, Σwy = 2000 -> 1/3;
    # n_eff = 6000² / (2·1000² + 2·2000²) = 3.6. The whole: (1500 + 2000) / 9000 = 0.388889.
    assert kon_tum.value == pytest.approx(1 / 3)
    assert kon_tum.n == 4
    assert kon_tum.n_eff == pytest.approx(3.6)
    assert kon_tum.provenance["weighting"]["population"] == 6000
    assert whole.value == pytest.approx(3500 / 9000)
    cell = next(c for c in whole.details if c.key == "kon_tum")
    assert cell.value == pytest.approx(kon_tum.value)


def test_enterprise_share_by_former_province_filter(plan, db):
    enterprise("yes", TINH_KHE)
    enterprise("no", TINH_KHE)
    enterprise("yes", KON_TUM)
    db.session.commit()

    quang_ngai = figure("ENTERPRISE_AWARE", filters=Filters(former_province="quang_ngai"))
    kon_tum = figure("ENTERPRISE_AWARE", filters=Filters(former_province="kon_tum"))

    assert (quang_ngai.value, quang_ngai.n) == (0.5, 2)
    assert (kon_tum.value, kon_tum.n) == (1.0, 1)


@pytest.mark.parametrize("code", [*REGISTER_CODES, "STAFF_INFORMED"])
def test_unit_based_indicators_do_not_apply_under_a_commune_filter(plan, db, code):
    set_people(QLKH_DMST=(3, 2))
    make_task(unit("QLKH_DMST"), 2026, communicated_on=date(2026, 8, 1))
    make_product(make_channel(unit("QLKH_DMST"), date(2026, 1, 1)), date(2026, 8, 1),
                 language="hre")  # fmt: skip
    make_training(unit("QLKH_DMST"), "CB1", date(2026, 8, 1))
    staff_member("QLKH_DMST", "yes")
    db.session.commit()
    assert figure(code).value  # there is something to show without the filter

    for filters in [Filters(commune_id=unit(TINH_KHE).id), Filters(former_province="kon_tum")]:
        f = figure(code, filters=filters)
        assert (f.status, f.not_applicable, f.value) == ("not_applicable", True, None)


# --- breakdowns --------------------------------------------------------------------------------


def test_breakdown_cells_below_the_minimum_size_are_suppressed(plan, db):
    indicator = get_indicator_by_code("ENTERPRISE_AWARE")
    update_indicator(indicator, {"min_cell_size": 3}, actor=None)
    for aware in ["yes", "yes", "no"]:
        enterprise(aware, TINH_KHE)
    for aware in ["yes", "no"]:
        enterprise(aware, KON_TUM)
    db.session.commit()

    f = figure("ENTERPRISE_AWARE", breakdown="former_province")

    cells = {c.key: c for c in f.details}
    assert set(cells) == {"quang_ngai", "kon_tum"}
    shown, hidden = cells["quang_ngai"], cells["kon_tum"]
    # n = 3 = the minimum: shown, 2/3 with Wilson [0.207660, 0.938508].
    assert (shown.suppressed, shown.n, shown.numerator, shown.denominator) == (False, 3, 2, 3)
    assert shown.value == pytest.approx(2 / 3)
    assert (shown.low, shown.high) == pytest.approx((0.207660, 0.938508), abs=1e-6)
    # n = 2 < 3: only the label and n, no figure that could single anyone out.
    assert (hidden.suppressed, hidden.n) == (True, 2)
    assert (hidden.value, hidden.numerator, hidden.low, hidden.high) == (None, None, None, None)


def test_unweighted_breakdown_cells_add_up_to_the_whole(plan, db):
    update_indicator(get_indicator_by_code("ENTERPRISE_AWARE"), {"min_cell_size": 1}, actor=None)
    enterprise("yes", TINH_KHE)
    enterprise("no", TINH_KHE)
    enterprise("yes", KON_TUM)
    enterprise("yes")  # no commune given: a cell of its own, not lost
    enterprise("no")
    db.session.commit()

    f = figure("ENTERPRISE_AWARE", breakdown="former_province")

    cells = {c.key: (c.n, c.numerator, c.value) for c in f.details}
    assert cells == {"quang_ngai": (2, 1, 0.5), "kon_tum": (1, 1, 1.0), "": (2, 1, 0.5)}
    assert sum(c.n for c in f.details) == f.n == 5


def test_weighted_breakdown_cells_use_the_whole_provinces_weights(plan, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "INDICATOR_COLLAPSE_MIN", 1)
    update_indicator(get_indicator_by_code("CITIZEN_ACCESS"), {"min_cell_size": 2}, actor=None)
    unit(TINH_KHE).population = 3000
    unit(TRUONG_QUANG_TRONG).population = 1000
    citizen(TINH_KHE)  # yes, weight 3000/1
    citizen(TRUONG_QUANG_TRONG)  # yes, weight 1000/3
    citizen(TRUONG_QUANG_TRONG, heard="no")
    citizen(TRUONG_QUANG_TRONG, heard="no")
    db.session.commit()

    f = figure("CITIZEN_ACCESS", breakdown="commune_kind")

    cells = {c.key: c for c in f.details}
    # xã: Tịnh Khê, n = 1 < 2: suppressed. phường: 3 respondents of equal weight: 1/3.
    assert (cells["xa"].suppressed, cells["xa"].value) == (True, None)
    assert (cells["phuong"].suppressed, cells["phuong"].n) == (False, 3)
    assert cells["phuong"].value == pytest.approx(1 / 3)


def test_a_weighted_cell_without_a_channel_holds_only_its_own_respondents(plan, db):
    update_indicator(get_indicator_by_code("CITIZEN_ACCESS"), {"min_cell_size": 2}, actor=None)
    zalo = create_link(survey("citizen"), channel="zalo")
    citizen(TINH_KHE, link=zalo)  # yes
    citizen(TINH_KHE, link=zalo)  # yes
    citizen(TINH_KHE, heard="no")  # no link, so no channel
    citizen(TINH_KHE, heard="no")
    db.session.commit()

    f = figure("CITIZEN_ACCESS", breakdown="channel")

    # One commune, equal weights: zalo 2 of 2; without a channel 0 of 2; the whole 2 of 4.
    cells = {c.key: (c.n, c.value) for c in f.details}
    assert cells == {"zalo": (2, 1.0), "": (2, 0.0)}
    assert f.value == 0.5


def test_staff_cells_by_unit_are_suppressed_below_the_minimum(plan, db):
    set_people(QLKH_DMST=(5, None), BCVT_CDS=(4, None), TT_CDS_DMST=(6, None), VP=(2, None))
    update_indicator(get_indicator_by_code("STAFF_INFORMED"), {"min_cell_size": 3}, actor=None)
    for informed in ["yes", "yes", "no"]:
        staff_member("QLKH_DMST", informed)
    staff_member("BCVT_CDS", "yes")
    db.session.commit()

    f = figure("STAFF_INFORMED", breakdown="unit")

    cells = {c.key: c for c in f.details}
    qlkh, bcvt = cells[str(unit("QLKH_DMST").id)], cells[str(unit("BCVT_CDS").id)]
    assert (qlkh.suppressed, qlkh.numerator, qlkh.denominator, qlkh.value) == (False, 2, 5, 0.4)
    assert (bcvt.suppressed, bcvt.n, bcvt.value, bcvt.numerator) == (True, 1, None, None)
    assert cells[str(unit("VP").id)].suppressed is True  # nobody answered


# --- periods -----------------------------------------------------------------------------------


def test_a_response_belongs_to_its_day_in_vietnam(plan, db):
    enterprise("yes", at=datetime(2026, 6, 30, 16, 59, tzinfo=UTC))  # 23:59 on 30/6: 2026H1
    enterprise("no", at=datetime(2026, 6, 30, 18, 0, tzinfo=UTC))  # 01:00 on 1/7: 2026H2
    db.session.commit()

    first, second = figure("ENTERPRISE_AWARE", period=H1), figure("ENTERPRISE_AWARE")

    assert (first.n, first.value) == (1, 1.0)
    assert (second.n, second.value) == (1, 0.0)


def test_the_previous_period_and_the_change_are_filled(plan, db):
    for aware in ["yes", "no"]:
        enterprise(aware, at=datetime(2026, 3, 2, tzinfo=UTC))
    for aware in ["yes", "yes", "yes", "no"]:
        enterprise(aware)
    db.session.commit()

    result = consolidate(H2)
    f = result.figure("ENTERPRISE_AWARE")

    # 2026H1: 1 of 2 = 0.5; 2026H2: 3 of 4 = 0.75; change +0.25.
    assert (f.value, f.previous, f.change) == (0.75, 0.5, 0.25)
    assert len(result.figures) == 17
    untouched = result.figure("CITIZEN_BDHVS")  # no citizen answered
    assert (untouched.value, untouched.previous, untouched.change) == (None, None, None)


# --- snapshots ---------------------------------------------------------------------------------


def test_a_frozen_snapshot_keeps_its_figures_while_live_ones_move(plan, db):
    manager = make_user("manager")
    for aware in ["yes", "no"]:
        enterprise(aware)
    make_task(unit("QLKH_DMST"), 2026)
    db.session.commit()
    snapshot = freeze_period(H2, actor=manager, note="Báo cáo 6 tháng cuối năm")
    db.session.commit()
    snapshot_id = snapshot.id

    for aware in ["yes", "yes"]:
        enterprise(aware)
    make_task(unit("QLKH_DMST"), 2026, communicated_on=date(2026, 9, 1))
    db.session.commit()
    db.session.expire_all()
    frozen = snapshot_consolidation(db.session.get(Snapshot, snapshot_id))
    live = consolidate(H2)

    assert (frozen.snapshot_id, frozen.period) == (snapshot_id, H2)
    assert frozen.figure("ENTERPRISE_AWARE").value == 0.5  # 1 of 2 when frozen
    assert live.figure("ENTERPRISE_AWARE").value == 0.75  # 3 of 4 now
    assert frozen.figure("TASKS_COMMUNICATED").value == 0.0  # 0 of 1 when frozen
    assert live.figure("TASKS_COMMUNICATED").value == 0.5  # 1 of 2 now
    assert len(frozen.figures) == 17
    (entry,) = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "indicators.freeze")
    ).all()
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        manager.id,
        "indicator_snapshots",
        str(snapshot_id),
    )
    assert entry.details["period"] == "2026H2"
    assert entry.details["definitions"]["ENTERPRISE_AWARE"] == 1
