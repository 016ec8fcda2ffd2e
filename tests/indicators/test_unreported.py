"""The units that have not yet reported for the dashboard's period, and per indicator.

The calendar and the reports are rows made here directly (ReportingPeriod, UnitReport), as
the unit report workflow would leave them.
"""

from datetime import date

import pytest

from app.indicators.periods import parse_period
from app.indicators.queries import list_indicators
from app.indicators.unreported import halves_of, indicator_gaps, unit_reporting
from app.unit_reports.models import ReportingPeriod, UnitReport
from app.units.queries import get_unit_by_code
from tests.factories import make_user, seed_plan

H1 = parse_period("2026H1")
UNITS = ["BCVT_CDS", "QLKH_DMST", "TT_CDS_DMST", "VP"]  # in Vietnamese order of their names


@pytest.fixture
def plan(db, seeded):
    seed_plan()
    db.session.commit()


def calendar(year: int, half: int) -> ReportingPeriod:
    """The convention 15/12-14/6 and 15/6-14/12; units due 10/6 and 15/12."""
    if half == 1:
        dates = (date(year - 1, 12, 15), date(year, 6, 14), date(year, 6, 10), date(year, 6, 20))
    else:
        dates = (date(year, 6, 15), date(year, 12, 14), date(year, 12, 15), date(year, 12, 20))
    row = ReportingPeriod(year=year, half=half, starts_on=dates[0], ends_on=dates[1],
                          unit_due_on=dates[2], department_due_on=dates[3])  # fmt: skip
    return _add(row)


def report(period: ReportingPeriod, code: str, status: str) -> UnitReport:
    unit = get_unit_by_code(code)
    return _add(UnitReport(period_id=period.id, unit_id=unit.id, status=status,
                           version=0 if status == "draft" else 1))  # fmt: skip


def _add(row):
    from app.extensions import db

    db.session.add(row)
    db.session.flush()
    return row


def missing(reporting) -> dict[str, list]:
    return {u.code: [(g.half.period.code, g.status) for g in u.gaps] for u in reporting.unreported}


# --- the service --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "halves"),
    [
        ("2026H1", [(2026, 1)]),
        ("2026H2", [(2026, 2)]),
        ("2026", [(2026, 1), (2026, 2)]),
        ("2025-12-15..2026-06-14", [(2025, 2), (2026, 1)]),
        ("2026-03-01..2026-03-31", [(2026, 1)]),
        ("2025-06-30..2026-07-01", [(2025, 1), (2025, 2), (2026, 1), (2026, 2)]),
    ],
)
def test_a_dashboard_period_maps_to_the_half_years_it_overlaps(period, halves):
    assert halves_of(parse_period(period)) == halves


def test_without_a_calendar_row_every_unit_is_listed_as_not_reported(plan):
    reporting = unit_reporting(H1)

    assert [h.period.code for h in reporting.calendar_missing] == ["2026H1"]
    assert [u.code for u in reporting.unreported] == UNITS
    assert all(g.status is None for u in reporting.unreported for g in u.gaps)


def test_only_an_accepted_report_counts_as_reported_and_the_list_follows_acceptance(plan, db):
    period = calendar(2026, 1)
    report(period, "QLKH_DMST", "accepted")
    submitted = report(period, "BCVT_CDS", "submitted")
    report(period, "TT_CDS_DMST", "returned")
    report(calendar(2025, 2), "VP", "accepted")  # another half-year: does not count for H1
    db.session.commit()

    before = unit_reporting(H1)
    submitted.status = "accepted"
    db.session.commit()
    after = unit_reporting(H1)

    assert missing(before) == {
        "BCVT_CDS": [("2026H1", "submitted")],
        "TT_CDS_DMST": [("2026H1", "returned")],
        "VP": [("2026H1", None)],
    }
    assert missing(after) == {"TT_CDS_DMST": [("2026H1", "returned")], "VP": [("2026H1", None)]}
    assert before.halves[0].unit_due_on == date(2026, 6, 10)
    assert before.calendar_missing == []


def test_a_year_lists_each_half_a_unit_has_not_reported(plan, db):
    first = calendar(2026, 1)
    for code in UNITS:
        report(first, code, "accepted")
    second = calendar(2026, 2)
    report(second, "QLKH_DMST", "accepted")
    report(second, "VP", "draft")
    db.session.commit()

    reporting = unit_reporting(parse_period("2026"))

    assert missing(reporting) == {
        "BCVT_CDS": [("2026H2", None)],
        "TT_CDS_DMST": [("2026H2", None)],
        "VP": [("2026H2", "draft")],
    }


def test_inactive_units_are_not_expected_to_report(plan, db):
    get_unit_by_code("VP").is_active = False
    db.session.commit()

    assert [u.code for u in unit_reporting(H1).units] == UNITS[:3]


def test_each_indicator_lists_its_lead_and_contributing_units_not_reported(plan, db):
    period = calendar(2026, 1)
    report(period, "BCVT_CDS", "accepted")
    report(period, "QLKH_DMST", "submitted")
    db.session.commit()

    gaps = indicator_gaps(list_indicators(), unit_reporting(H1))

    def named(code):
        return [(unit.code, is_lead) for unit, is_lead in gaps[code]]

    # OUTPUTS: lead Trung tâm, then BCVT_CDS (reported) and QLKH_DMST.
    assert named("OUTPUTS") == [("TT_CDS_DMST", True), ("QLKH_DMST", False)]
    # MINORITY_MATERIALS: lead Trung tâm, contributing BCVT_CDS (reported).
    assert named("MINORITY_MATERIALS") == [("TT_CDS_DMST", True)]
    assert named("PLAN_ISSUED") == [("QLKH_DMST", True), ("TT_CDS_DMST", False), ("VP", False)]
    assert named("ENTERPRISE_DX") == [("QLKH_DMST", False), ("TT_CDS_DMST", False)]


# --- the dashboard ------------------------------------------------------------------------------


@pytest.fixture
def manager(db, login, plan):
    user = make_user("manager")
    db.session.commit()
    login(user)
    return user


def cards(html: str) -> dict[str, str]:
    import re

    found = {}
    for card in html.split('<li class="card indicator')[1:]:
        code = re.search(r'<span translate="no">([A-Z_]+)</span>', card).group(1)
        found[code] = card.split("</li>")[0]
    return found


def test_the_dashboard_lists_the_units_not_yet_reported(client, manager, db):
    period = calendar(2026, 1)
    report(period, "QLKH_DMST", "accepted")
    report(period, "BCVT_CDS", "submitted")
    db.session.commit()

    html = client.get("/manage/indicators/?period=2026H1").get_data(as_text=True)

    assert '<h2 class="heading-m">Báo cáo của các đơn vị</h2>' in html
    assert "Hạn các đơn vị gửi báo cáo 6 tháng đầu năm 2026: 10/06/2026." in html
    assert "3 trên 4 đơn vị chưa có báo cáo được tiếp nhận:" in html
    listed = html.split('id="unreported-units"')[1].split("</ul>")[0]
    assert "Phòng Bưu chính - Viễn thông và Chuyển đổi số" in listed
    assert '<strong class="tag tag--submitted">Đã gửi</strong>' in listed
    assert "Văn phòng Sở</span>" in listed
    assert '<strong class="tag tag--no_data">Chưa có báo cáo</strong>' in listed
    assert "Phòng Quản lý khoa học" not in listed
    outputs = cards(html)["OUTPUTS"]
    assert (
        "Đơn vị chưa báo cáo: Trung tâm CĐS&amp;ĐMST (chủ trì), Phòng BCVT&amp;CĐS</p>" in outputs
    )


def test_the_dashboard_says_when_every_unit_has_reported(client, manager, db):
    period = calendar(2026, 1)
    for code in UNITS:
        report(period, code, "accepted")
    db.session.commit()

    html = client.get("/manage/indicators/?period=2026H1").get_data(as_text=True)

    assert "Tất cả đơn vị đã có báo cáo được tiếp nhận." in html
    assert "Đơn vị chưa báo cáo" not in html
    assert 'id="unreported-units"' not in html


def test_the_dashboard_says_when_the_calendar_has_no_such_period(client, manager):
    html = client.get("/manage/indicators/?period=2026").get_data(as_text=True)

    assert (
        "Lịch báo cáo chưa có kỳ 6 tháng cuối năm 2026, nên chưa đơn vị nào báo cáo được cho "
        "kỳ này."
    ) in html
    listed = html.split('id="unreported-units"')[1].split("</ul>")[0]
    assert listed.count("6 tháng đầu năm 2026: ") == 4  # a year lists each half
