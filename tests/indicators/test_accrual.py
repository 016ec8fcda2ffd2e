"""Indicator accrual (cumulative vs within the period), lead and contributing units.

Register rows are laid out by hand on both sides of 1 July 2026, so each figure reads
differently for 2026H2 whether it counts everything up to 31/12/2026 or only 1/7-31/12/2026.
"""

import csv
import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.indicators.definitions import (
    SEED_FILE,
    DefinitionError,
    check_definition,
    seed_indicators,
)
from app.indicators.figures import Figure
from app.indicators.models import ACCRUALS, Indicator
from app.indicators.periods import Window, accrual_window, parse_period
from app.indicators.queries import Filters, get_indicator_by_code
from app.indicators.services import compute, freeze_period, snapshot_consolidation
from app.registers.models import AwardEntry, Document, NetworkMember
from app.surveys.queries import get_survey_by_slug
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
SEED = json.loads(SEED_FILE.read_text("utf-8"))["indicators"]
UNITS_FILE = SEED_FILE.parent / "department_units.csv"
CUMULATIVE = {"PLAN_ISSUED", "NETWORK", "TASKS_COMMUNICATED", "COMMSTAFF_TRAINED"}


@pytest.fixture
def plan(db, seeded):
    seed_plan()
    db.session.commit()


def figure(code: str, period=H2, accrual: str | None = None):
    """The figure of ``code``, with its seeded accrual or the one given (set, not committed)."""
    indicator = get_indicator_by_code(code)
    if accrual:
        indicator.accrual = accrual
    return compute(indicator, period, Filters())


def unit(code: str):
    return get_unit_by_code(code)


# --- the definitions ---------------------------------------------------------------------------


def test_every_seed_definition_names_an_accrual_a_lead_unit_and_contributing_units():
    with UNITS_FILE.open(encoding="utf-8") as file:
        department = {row["code"] for row in csv.DictReader(file) if row["type"] != "province"}
    department.discard("SKHCN")  # the department itself is not one of its units

    assert len(SEED) == 17
    for item in SEED:
        assert item["accrual"] in ACCRUALS, item["code"]
        assert item["lead_unit_code"] in department, item["code"]
        assert item["contributing_unit_codes"], item["code"]
        assert set(item["contributing_unit_codes"]) <= department - {item["lead_unit_code"]}
        assert len(item["note"]) > 40, item["code"]  # the reason, from the plan
    assert {i["code"] for i in SEED if i["accrual"] == "cumulative"} == CUMULATIVE
    assert all(i["accrual"] == "period" for i in SEED if i["kind"] == "survey_proportion")


def test_the_seed_stores_the_accrual_and_units_of_every_indicator(plan, db):
    stored = {i.code: i for i in db.session.scalars(sa.select(Indicator))}

    for item in SEED:
        indicator = stored[item["code"]]
        assert indicator.accrual == item["accrual"]
        assert indicator.lead_unit_code == item["lead_unit_code"]
        assert indicator.contributing_unit_codes == item["contributing_unit_codes"]
        assert indicator.version == 1
    assert stored["TASKS_COMMUNICATED"].lead_unit_code == "QLKH_DMST"
    assert stored["MINORITY_MATERIALS"].contributing_unit_codes == ["BCVT_CDS"]


def test_seeding_an_existing_database_brings_the_plan_fields_in_step_and_bumps_the_version(
    plan, db
):
    # As the migration left an existing indicator: defaults, and a manager's target edit.
    tasks = get_indicator_by_code("TASKS_COMMUNICATED")
    tasks.accrual, tasks.lead_unit_code, tasks.contributing_unit_codes = "period", None, []
    tasks.version = 3
    outputs = get_indicator_by_code("OUTPUTS")
    outputs.lead_unit_code = None
    db.session.commit()

    created = seed_indicators()
    db.session.commit()
    again = seed_indicators()
    db.session.commit()

    assert created == again == []
    tasks, outputs = get_indicator_by_code("TASKS_COMMUNICATED"), get_indicator_by_code("OUTPUTS")
    assert (tasks.accrual, tasks.lead_unit_code, tasks.version) == ("cumulative", "QLKH_DMST", 4)
    assert tasks.contributing_unit_codes == ["TT_CDS_DMST", "BCVT_CDS"]
    assert (outputs.lead_unit_code, outputs.accrual, outputs.version) == (
        "TT_CDS_DMST",
        "period",
        2,
    )
    assert get_indicator_by_code("CITIZEN_ACCESS").version == 1  # nothing to change
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "indicators.edit").order_by(AuditEntry.id)
    ).all()
    assert [(e.details["code"], e.details["version"], e.actor_id) for e in entries] == [
        ("TASKS_COMMUNICATED", 4, None),
        ("OUTPUTS", 2, None),
    ]  # the second run wrote nothing
    assert entries[0].details["source"] == "seed"
    assert entries[0].details["before"] == {
        "accrual": "period",
        "lead_unit_code": None,
        "contributing_unit_codes": [],
    }
    assert entries[0].details["after"]["accrual"] == "cumulative"


def test_a_survey_indicator_cannot_be_cumulative(plan):
    indicator = get_indicator_by_code("CITIZEN_ACCESS")
    indicator.accrual = "cumulative"

    with pytest.raises(DefinitionError) as caught:
        check_definition(indicator)

    assert caught.value.errors == {"accrual": "survey_within_period"}


def test_the_accrual_window_of_a_period():
    assert accrual_window("cumulative", H2) == Window(None, date(2026, 12, 31), H2)
    assert accrual_window("period", H2) == Window(date(2026, 7, 1), date(2026, 12, 31), H2)
    with pytest.raises(ValueError, match="accrual"):
        accrual_window("monthly", H2)


# --- cumulative vs within the period, hand-computed ---------------------------------------------


def test_tasks_communicated_counts_every_communication_up_to_the_reporting_date(plan, db):
    qlkh = unit("QLKH_DMST")
    make_task(qlkh, 2025, communicated_on=date(2025, 11, 1))
    make_task(qlkh, 2026, communicated_on=date(2026, 3, 10))
    make_task(qlkh, 2026, communicated_on=date(2026, 8, 5))
    make_task(qlkh, 2026)  # not communicated yet
    make_task(qlkh, 2026, is_secret=True, communicated_on=date(2026, 8, 1))  # never in scope
    make_task(qlkh, 2027, communicated_on=date(2026, 12, 1))  # begins after 2026: not in scope

    cumulative, at_june = figure("TASKS_COMMUNICATED"), figure("TASKS_COMMUNICATED", H1)
    within = figure("TASKS_COMMUNICATED", H2, "period")  # the accrual switched last

    # Cumulative: 3 of the 4 in-scope tasks communicated by 31/12/2026.
    assert (cumulative.accrual, cumulative.numerator, cumulative.denominator) == (
        "cumulative",
        3,
        4,
    )
    assert cumulative.value == 0.75
    assert (at_june.numerator, at_june.denominator) == (2, 4)  # by 30/6/2026: A and B
    # Within H2 only the communication of 5/8/2026 counts.
    assert (within.accrual, within.numerator, within.denominator) == ("period", 1, 4)


def test_trained_staff_are_counted_up_to_the_reporting_date(plan, db):
    centre = unit("TT_CDS_DMST")
    centre.comm_staff_headcount = 4
    make_training(centre, "Nguyễn Văn A", date(2025, 5, 1))
    make_training(centre, "Trần Thị B", date(2026, 2, 1))
    make_training(centre, "Lê Văn C", date(2026, 9, 1))
    make_training(centre, "Lê Văn C", date(2026, 10, 1))  # the same person twice: one
    make_training(centre, "Phạm D", date(2026, 9, 1), hours=8)  # too short to count

    cumulative = figure("COMMSTAFF_TRAINED")
    within = figure("COMMSTAFF_TRAINED", H2, "period")

    assert (cumulative.numerator, cumulative.denominator, cumulative.value) == (3, 4, 0.75)
    assert (within.numerator, within.denominator, within.value) == (1, 4, 0.25)


def test_products_are_counted_within_the_period_unless_cumulative(plan, db):
    channel = make_channel(unit("TT_CDS_DMST"), date(2025, 1, 1))
    make_product(channel, date(2025, 12, 20))
    make_product(channel, date(2026, 3, 1))
    make_product(channel, date(2026, 7, 10))
    make_product(channel, date(2026, 8, 20), language="hre")

    assert figure("OUTPUTS").accrual == "period"
    assert (figure("OUTPUTS").value, figure("OUTPUTS", H1).value) == (2, 1)
    assert figure("MINORITY_MATERIALS").value == 1
    assert figure("OUTPUTS", H2, "cumulative").value == 4
    assert figure("OUTPUTS", H1, "cumulative").value == 2


def test_units_with_a_channel_count_the_products_of_the_period(plan, db):
    # Phòng QLKH&ĐMST published last in 2025; Trung tâm publishes in H2 2026.
    make_product(make_channel(unit("QLKH_DMST"), date(2025, 1, 1)), date(2025, 6, 1))
    make_product(make_channel(unit("TT_CDS_DMST"), date(2025, 1, 1)), date(2026, 9, 9))

    within, cumulative = figure("UNITS_CHANNEL"), figure("UNITS_CHANNEL", H2, "cumulative")

    assert (within.numerator, within.denominator) == (1, 3)  # three communication-tasked units
    assert (cumulative.numerator, cumulative.denominator) == (2, 3)


def test_milestones_read_the_state_at_the_reporting_date_when_cumulative(plan, db):
    make_row(Document, kind="plan", number="12/KH-SKHCN", title="Kế hoạch",
             issued_on=date(2025, 11, 20))  # fmt: skip
    make_row(NetworkMember, kind="press", name="Báo A", joined_on=date(2025, 1, 1))
    make_row(NetworkMember, kind="press", name="Báo B", joined_on=date(2025, 2, 1),
             left_on=date(2026, 5, 1))  # fmt: skip
    make_row(NetworkMember, kind="press", name="Đài C", joined_on=date(2026, 7, 1))
    make_row(AwardEntry, year=2025, award="Giải báo chí", entry="Bài 1")
    make_row(AwardEntry, year=2026, award="Giải báo chí", entry="Bài 2")

    plan_issued = figure("PLAN_ISSUED")
    assert (plan_issued.value, plan_issued.status) == (1.0, "met")  # issued in 2025, still met
    assert plan_issued.evidence == "12/KH-SKHCN (2025-11-20)"
    assert figure("PLAN_ISSUED", H2, "period").value == 0.0  # nothing issued in H2 2026
    assert figure("NETWORK").numerator == 2  # A and C are members on 31/12/2026
    assert figure("NETWORK", H2, "period").numerator == 1  # only C joined in H2
    assert figure("PRESS_AWARDS").numerator == 1  # entries of 2026
    assert figure("PRESS_AWARDS", H2, "cumulative").numerator == 2


def test_survey_indicators_count_the_period_only(plan, db):
    survey = get_survey_by_slug("doanh-nghiep-nq57")
    make_response(survey, {"aware_nq57": "yes"}, submitted_at=datetime(2026, 3, 3, tzinfo=UTC))
    make_response(survey, {"aware_nq57": "no"}, submitted_at=datetime(2026, 8, 3, tzinfo=UTC))

    assert (figure("ENTERPRISE_AWARE").numerator, figure("ENTERPRISE_AWARE").n) == (0, 1)
    assert (figure("ENTERPRISE_AWARE", H1).numerator, figure("ENTERPRISE_AWARE", H1).n) == (1, 1)


def test_snapshots_keep_the_accrual_and_old_ones_still_load(plan, db):
    snapshot = freeze_period(H2, actor=None)
    db.session.commit()

    frozen = snapshot_consolidation(snapshot)
    assert frozen.figure("NETWORK").accrual == "cumulative"
    assert frozen.figure("OUTPUTS").accrual == "period"
    old = frozen.figure("NETWORK").to_dict()
    del old["accrual"]  # frozen before accruals existed
    assert Figure.from_dict(old).accrual is None


# --- the pages ----------------------------------------------------------------------------------


@pytest.fixture
def manager(db, login, plan):
    user = make_user("manager")
    db.session.commit()
    login(user)
    return user


def test_the_detail_page_says_how_the_value_accrues_and_who_reports_it(client, manager):
    page = client.get("/manage/indicators/TASKS_COMMUNICATED?period=2026H2")
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert "<dt>Cách tính theo thời gian</dt><dd>Lũy kế đến ngày báo cáo" in html
    assert "Tính mọi số liệu đã ghi nhận đến hết ngày 31/12/2026." in html
    assert "<dt>Đơn vị chủ trì</dt><dd>Phòng Quản lý khoa học và Đổi mới sáng tạo</dd>" in html
    assert (
        "<dt>Đơn vị phối hợp</dt><dd>Trung tâm Chuyển đổi số và Đổi mới sáng tạo; "
        "Phòng Bưu chính - Viễn thông và Chuyển đổi số</dd>"
    ) in html

    outputs = client.get("/manage/indicators/OUTPUTS?period=2026H1").get_data(as_text=True)
    assert "<dt>Cách tính theo thời gian</dt><dd>Trong kỳ" in outputs
    assert "Chỉ tính số liệu từ ngày 01/01/2026 đến hết ngày 30/06/2026." in outputs


def test_the_dashboard_cards_name_the_accrual(client, manager):
    html = client.get("/manage/indicators/?period=2026H2").get_data(as_text=True)

    assert (
        '<span translate="no">NETWORK</span> · Chỉ tiêu của Kế hoạch · Lũy kế đến ngày báo cáo'
        in html
    )
    assert '<span translate="no">OUTPUTS</span> · Chỉ số theo dõi · Trong kỳ' in html
