"""The managers' indicator pages: dashboard, drill-down, definitions, sign-off, permissions.

Small datasets whose figures are worked out by hand; Wilson intervals with z = 1.959964
(z² = 3.841459): centre = (p + z²/2n) / (1 + z²/n), half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from html import unescape

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.indicators import views
from app.indicators.models import Indicator, Snapshot
from app.indicators.queries import get_indicator_by_code, list_indicators
from app.registers.models import Document
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code, list_department_units
from tests.factories import make_response, make_row, make_task, make_user, seed_plan

AUGUST = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)  # 09:00 on 3 August 2026 in Vietnam: 2026H2
MARCH = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 2026H1
TINH_KHE, TRUONG_QUANG_TRONG = "21211", "21172"  # a xã and a phường of former Quảng Ngãi
NON_PROBABILITY = "kết quả tham khảo, mẫu không ngẫu nhiên"
BAD_PERIOD = "Không hiểu kỳ “abc”. Nhập dạng 2026H1, 2026H2, 2026 hoặc 2026-01-01..2026-03-31."
INDEX = "/manage/indicators/"


@pytest.fixture
def plan(db, seeded):
    """Units, communes, the built-in surveys (open) and the plan's indicators.

    CITIZEN_ACCESS is left unweighted, so its value is the plain share of respondents.
    """
    seed_plan()
    get_indicator_by_code("CITIZEN_ACCESS").weighting = "none"
    db.session.commit()


@pytest.fixture
def manager(db, login, plan):
    user = make_user("manager", full_name="Trần Thị Quản Lý")
    db.session.commit()
    assert login(user).status_code == 303
    return user


def citizen(commune: str | None, channels=("loudspeaker",), at=AUGUST):
    """A citizen who heard of the orientation, through these grassroots channels."""
    answers = {"heard": "yes", "channels_grassroots": list(channels)}
    if commune is not None:
        answers["commune"] = commune
    return make_response(get_survey_by_slug("nguoi-dan-nq57"), answers, submitted_at=at)


def four_citizens(db) -> None:
    """Three of four heard through a grassroots channel: 75%."""
    citizen(TINH_KHE, ["loudspeaker"])
    citizen(TINH_KHE, ["notice_board", "loudspeaker"])
    citizen(TINH_KHE, ["meeting"])
    citizen(TINH_KHE, ["none"])  # heard, but through no grassroots channel
    db.session.commit()


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def cards(html: str) -> dict[str, str]:
    """Each indicator card of the dashboard (or a snapshot page), by code."""
    found = {}
    for card in html.split('<li class="card indicator')[1:]:
        code = re.search(r'<span translate="no">([A-Z_]+)</span>', card).group(1)
        found[code] = card.split("</li>")[0]
    return found


def row(html: str, label: str) -> str:
    """The table row whose first cell is ``label``."""
    match = re.search(rf"<tr><td>{re.escape(label)}</td>.*?</tr>", html, re.S)
    assert match, f"no row {label!r}"
    return match.group(0)


def page_form(html: str) -> dict[str, list[str]]:
    """The fields a browser would submit from the page's form, as the page filled them."""
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or ('type="checkbox"' in tag and " checked" not in tag):
            continue
        data.setdefault(name.group(1), []).append(unescape(value.group(1)) if value else "")
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option selected value="([^"]*)"', options)
        if selected:
            data[name] = [unescape(selected.group(1))]
    return data


def edit_form(client, code: str, **changes) -> dict:
    data = page_form(client.get(f"/manage/indicators/{code}/edit").get_data(as_text=True))
    data.pop("csrf_token", None)
    data.update({k: v if isinstance(v, list) else [v] for k, v in changes.items()})
    return data


def audit(db, action: str) -> list[AuditEntry]:
    db.session.rollback()
    query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def stored(db, code: str) -> Indicator:
    """The indicator as committed (anything a request left uncommitted is dropped)."""
    db.session.rollback()
    return get_indicator_by_code(code)


def snapshots(db) -> list[Snapshot]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(Snapshot).order_by(Snapshot.id)))


@pytest.fixture
def csrf_on(app, monkeypatch):
    """CSRF protection on, as in production (the test configuration turns it off)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


# --- the dashboard -----------------------------------------------------------------------------


def test_dashboard_shows_every_active_indicator_with_status_words_and_values(client, db, manager):
    four_citizens(db)
    make_row(
        Document,
        kind="plan",
        number="15/KH-SKHCN",
        title="Kế hoạch thực hiện NQ57",
        issued_on=date(2025, 4, 1),
    )
    get_indicator_by_code("MINORITY_MATERIALS").is_active = False
    db.session.commit()

    response = client.get(f"{INDEX}?period=2026H2")

    html = text(response)
    assert response.status_code == 200
    assert "Chỉ tiêu của Kế hoạch: 6 tháng cuối năm 2026" in html
    assert "Từ 01/07/2026 đến 31/12/2026" in html
    by_code = cards(html)
    active = list_indicators()
    assert list(by_code) == [i.code for i in active]  # in the plan's order
    assert "MINORITY_MATERIALS" not in by_code
    assert "Sản phẩm truyền thông bằng tiếng dân tộc thiểu số" not in html
    for indicator in active:
        assert indicator.name_vi in by_code[indicator.code]

    # 3 of 4: z²/n = 0.960365, centre = (0.75 + 0.480182) / 1.960365 = 0.627527,
    # half = 1.959964·√(0.046875 + 0.060023) / 1.960365 = 0.326886 -> [30,1%; 95,4%], which
    # holds the 80% target: not conclusive.
    access = by_code["CITIZEN_ACCESS"]
    assert '<strong class="tag tag--not_conclusive">Chưa kết luận được</strong>' in access
    assert "<strong>75%</strong>" in access
    assert "khoảng tin cậy 95%: 30,1% – 95,4%" in access
    assert '<dd class="num">3 / 4</dd>' in access
    assert "≥ 80% (năm 2030)" in access
    assert f"Lưu ý: {NON_PROBABILITY}" in access
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="chart-citizen_access-title', access)

    plan_issued = by_code["PLAN_ISSUED"]  # a plan document issued in 2025: the milestone is met
    assert '<strong class="tag tag--met">Đạt</strong>' in plan_issued
    assert "<strong>Đã đạt</strong>" in plan_issued
    # No unit has a column yet: an exact 0% against a 100% target.
    units_channel = by_code["UNITS_CHANNEL"]
    assert '<strong class="tag tag--not_met">Chưa đạt</strong>' in units_channel
    assert "<strong>0%</strong>" in units_channel
    assert "khoảng tin cậy" not in units_channel  # exact figures carry no interval
    # No S&T task in the register: nothing to divide by.
    tasks = by_code["TASKS_COMMUNICATED"]
    assert '<strong class="tag tag--no_data">Chưa có số liệu</strong>' in tasks
    assert "<strong>–</strong>" in tasks
    # No enterprise answered: no data, and no non-probability label on an empty figure.
    assert "Chưa có số liệu" in by_code["ENTERPRISE_AWARE"]
    assert NON_PROBABILITY not in by_code["ENTERPRISE_AWARE"]
    # The label travels with open-link sample estimates only, never with exact figures.
    for code in ("UNITS_CHANNEL", "PLAN_ISSUED", "STAFF_INFORMED"):
        assert NON_PROBABILITY not in by_code[code]
    # Every bar is an inline, labelled SVG; milestones (a yes/no) have none.
    assert re.search(r'<svg[^>]*role="img"', units_channel)
    assert "<svg" not in plan_issued


def test_dashboard_reads_the_current_half_year_by_default(client, db, manager, monkeypatch):
    four_citizens(db)
    monkeypatch.setattr(views, "utcnow", lambda: datetime(2026, 9, 15, 3, 0, tzinfo=UTC))

    response = client.get(INDEX)

    html = text(response)
    assert response.status_code == 200
    assert "Chỉ tiêu của Kế hoạch: 6 tháng cuối năm 2026" in html
    assert "<strong>75%</strong>" in cards(html)["CITIZEN_ACCESS"]


def test_dashboard_compares_with_the_previous_period(client, db, manager):
    four_citizens(db)
    citizen(TINH_KHE, ["none"], at=MARCH)  # 0 of 1 in 2026H1
    db.session.commit()

    access = cards(text(client.get(f"{INDEX}?period=2026H2")))["CITIZEN_ACCESS"]

    assert "+75,0 điểm %" in access
    assert "(kỳ trước: 0%)" in access


def test_dashboard_filters_by_commune_and_former_province(client, db, manager):
    four_citizens(db)

    in_commune = text(client.get(f"{INDEX}?period=2026H2&commune={TINH_KHE}"))
    in_kon_tum = text(client.get(f"{INDEX}?period=2026H2&former_province=kon_tum"))

    assert "<strong>75%</strong>" in cards(in_commune)["CITIZEN_ACCESS"]
    assert "Đang xem theo bộ lọc" in in_commune
    # Registers are kept per unit: a commune filter does not apply to them.
    assert "Không áp dụng cho bộ lọc này" in cards(in_commune)["UNITS_CHANNEL"]
    # Nobody answered in former Kon Tum.
    assert "Chưa có số liệu" in cards(in_kon_tum)["CITIZEN_ACCESS"]
    # A filtered view cannot be frozen: the sign-off form is only offered unfiltered.
    assert 'action="/manage/indicators/freeze"' not in in_commune
    assert 'action="/manage/indicators/freeze"' in text(client.get(f"{INDEX}?period=2026H2"))


@pytest.mark.parametrize("path", [INDEX, "/manage/indicators/CITIZEN_ACCESS"])
def test_a_bad_period_is_a_400_that_still_renders_the_page(client, db, manager, path):
    four_citizens(db)

    response = client.get(f"{path}?period=abc")

    html = text(response)
    assert response.status_code == 400
    assert BAD_PERIOD in html
    assert 'class="error-summary"' in html
    assert 'value="abc"' in html  # what was typed stays in the box
    # The page falls back to the current half-year rather than failing.
    assert "Người dân được tiếp cận định hướng của Đảng" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("unit=NOPE", "Không có đơn vị mã “NOPE”."),
        (f"unit={TINH_KHE}", f"Không có đơn vị mã “{TINH_KHE}”."),  # a commune is not a unit
        ("commune=NOPE", "Không có xã, phường mã “NOPE”."),
        ("commune=SKHCN", "Không có xã, phường mã “SKHCN”."),  # the department is no commune
        ("former_province=binh_dinh", "Chọn tỉnh cũ trong danh sách."),
        ("period=2026H3", "Không hiểu kỳ “2026H3”"),
        ("period=1999", "Không hiểu kỳ “1999”"),
        ("period=2026-02-30..2026-03-31", "Không hiểu kỳ “2026-02-30..2026-03-31”"),
        ("period=2026-06-30..2026-01-01", "Không hiểu kỳ"),  # ends before it starts
        ("period=2020-01-01..2026-12-31", "Không hiểu kỳ"),  # longer than five years
    ],
)
@pytest.mark.parametrize("path", [INDEX, "/manage/indicators/CITIZEN_ACCESS"])
def test_filters_that_are_not_understood_are_400_with_their_message(
    client, manager, path, query, message
):
    response = client.get(f"{path}?{query}")

    assert response.status_code == 400
    assert message in text(response)


@pytest.mark.parametrize(
    "query",
    [
        "period=" + "9" * 500,
        "period=%00",
        "period=<script>alert(1)</script>",
        "unit=" + "X" * 500,
        "commune=%E2%80%8B",
        "period=2026H2&period=abc",
        "period=2026-01-01..2026-01-01",
        "period=2000",
        "period=2100H2",
    ],
)
def test_hostile_query_strings_never_fail(client, db, manager, query):
    four_citizens(db)
    for code in ("", "CITIZEN_ACCESS", "STAFF_INFORMED", "UNITS_CHANNEL", "PLAN_ISSUED", "OUTPUTS"):
        response = client.get(f"{INDEX}{code}?{query}")
        assert response.status_code in (200, 400), (code, query)
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


# --- one indicator -----------------------------------------------------------------------------


def test_detail_shows_breakdowns_with_small_cells_suppressed(client, db, manager):
    four_citizens(db)  # Tịnh Khê, a xã: 3 of 4
    for channels in [["loudspeaker"]] * 5 + [["none"]] * 5:  # Trương Quang Trọng, a phường
        citizen(TRUONG_QUANG_TRONG, channels)
    db.session.commit()

    response = client.get("/manage/indicators/CITIZEN_ACCESS?period=2026H2")

    html = text(response)
    assert response.status_code == 200
    assert "<strong>57,1%</strong>" in html  # 8 of 14
    # Tịnh Khê's 4 respondents are fewer than 10: the count is shown, the figures are not.
    small = row(html, "Xã Tịnh Khê")
    assert '<td class="num">4</td>' in small
    assert "Ẩn: dưới 10 người trả lời" in small
    assert "3 / 4" not in small
    assert "75%" not in small
    # 5 of 10: z²/n = 0.384146, centre 0.5, half = 1.959964·√(0.025 + 0.009604) / 1.384146
    # = 0.263407 -> [23,7%; 76,3%].
    large = row(html, "Phường Trương Quang Trọng")
    assert '<td class="num">10</td>' in large
    assert "5 / 10" in large
    assert "50%" in large
    assert "23,7% – 76,3%" in large
    assert "Ẩn" not in large
    # By kind of commune: the xã's 4 are hidden, the phường's 10 shown.
    assert "Ẩn: dưới 10 người trả lời" in row(html, "Xã, đặc khu")
    assert "5 / 10" in row(html, "Phường")
    # By former province: all 14 in former Quảng Ngãi.
    assert "8 / 14" in row(html, "Quảng Ngãi (cũ)")
    assert "Theo tỉnh cũ" in html
    assert "Theo xã, phường, đặc khu" in html


def test_detail_shows_the_trend_and_where_the_figures_come_from(client, db, manager):
    four_citizens(db)
    citizen(TINH_KHE, ["loudspeaker"], at=MARCH)  # 1 of 1 in 2026H1
    db.session.commit()

    html = text(client.get("/manage/indicators/CITIZEN_ACCESS?period=2026H2"))

    assert "Diễn biến qua các kỳ" in html
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="trend-citizen_access-title', html)
    trend = html[html.index('id="trend-caption"') :]
    assert "<td>6T đầu 2024</td>" in trend  # six half-years, oldest first
    assert row(trend, "6T đầu 2026").count("100%") == 1
    assert "75%" in row(trend, "6T cuối 2026")
    assert "Chưa kết luận được" in row(trend, "6T cuối 2026")
    assert "Chưa có số liệu" in row(trend, "6T cuối 2025")
    assert "−25,0 điểm %" in html
    # Provenance: the survey, its wave and version, and what the definition counts.
    assert "Định nghĩa và nguồn số liệu" in html
    assert "nguoi-dan-nq57 (đợt 1, phiên bản 1): 4" in html
    assert "<code>channels_grassroots</code>" in html
    assert "<code>channels_grassroots: dont_know; heard: dont_know</code>" in html
    assert "Người trả lời hợp lệ" in html
    assert f"Lưu ý: {NON_PROBABILITY}" in html
    assert 'href="/manage/indicators/CITIZEN_ACCESS/edit"' in html


def test_detail_of_a_register_indicator_shows_units_and_secret_tasks(client, db, manager):
    lead = list_department_units()[0]
    make_task(lead, 2026, communicated_on=date(2026, 8, 1))
    make_task(lead, 2025)
    make_task(lead, 2026, is_secret=True)
    db.session.commit()

    response = client.get("/manage/indicators/TASKS_COMMUNICATED?period=2026H2")

    html = text(response)
    assert response.status_code == 200
    assert '<strong class="tag tag--not_met">Chưa đạt</strong>' in html
    assert "<strong>50%</strong>" in html
    assert "1 / 2" in row(html, lead.name)
    assert "<code>st_tasks</code>" in html
    assert "Nhiệm vụ thuộc bí mật nhà nước, không tính" in html


def test_detail_of_an_unknown_indicator_is_404(client, manager):
    assert client.get("/manage/indicators/NO_SUCH_CODE").status_code == 404
    assert client.get("/manage/indicators/NO_SUCH_CODE/edit").status_code == 404


# --- editing a definition ----------------------------------------------------------------------


def test_the_edit_form_shows_the_definition_with_percentages(client, manager):
    html = client.get("/manage/indicators/CITIZEN_ACCESS/edit").get_data(as_text=True)

    form = page_form(html)
    assert form["target_value"] == ["80"]  # stored 0.8, typed as a percentage
    assert form["count_options"] == [
        "notice_board, loudspeaker, digital_team, commune_online, meeting"
    ]
    assert form["invalid_answers"] == ["channels_grassroots: dont_know; heard: dont_know"]
    assert form["question_code"] == ["channels_grassroots"]
    assert form["weighting"] == ["none"]
    assert form["min_cell_size"] == ["10"]
    assert sorted(form["breakdowns"]) == ["channel", "commune", "commune_kind", "former_province"]


def test_a_valid_edit_is_stored_versioned_audited_and_recounted(client, db, manager):
    four_citizens(db)

    response = client.post(
        "/manage/indicators/CITIZEN_ACCESS/edit",
        data=edit_form(
            client,
            "CITIZEN_ACCESS",
            target_value="85,5",
            min_cell_size="5",
            count_options="notice_board, loudspeaker",
        ),
    )

    assert response.status_code == 303
    assert response.headers["Location"] == "/manage/indicators/CITIZEN_ACCESS"
    indicator = stored(db, "CITIZEN_ACCESS")
    assert indicator.version == 2
    assert indicator.target_value == Decimal("0.855")
    assert indicator.min_cell_size == 5
    assert indicator.count_options == ["notice_board", "loudspeaker"]
    assert indicator.invalid_answers == {
        "channels_grassroots": ["dont_know"],
        "heard": ["dont_know"],
    }
    [entry] = audit(db, "indicators.edit")
    assert entry.actor_id == manager.id
    assert (entry.target_type, entry.target_id) == ("indicators", str(indicator.id))
    assert entry.details["version"] == 2
    assert entry.details["before"]["target_value"] == 0.8
    assert entry.details["after"]["target_value"] == 0.855
    assert set(entry.details["before"]) == {"target_value", "min_cell_size", "count_options"}
    # The tallies were recounted: the "meeting" answer no longer counts, 2 of 4.
    page = text(client.get("/manage/indicators/CITIZEN_ACCESS?period=2026H2"))
    assert "Đã lưu chỉ tiêu CITIZEN_ACCESS (phiên bản 2)." in page
    assert "<strong>50%</strong>" in page
    assert "≥ 85,5% (năm 2030)" in page


def test_an_edit_that_changes_nothing_keeps_the_version(client, db, manager):
    response = client.post(
        "/manage/indicators/CITIZEN_ACCESS/edit", data=edit_form(client, "CITIZEN_ACCESS")
    )

    assert response.status_code == 303
    assert stored(db, "CITIZEN_ACCESS").version == 1
    assert audit(db, "indicators.edit") == []
    assert "Không có thay đổi nào." in text(client.get(response.headers["Location"]))


def test_an_impossible_definition_is_shown_again_and_nothing_is_stored(client, db, manager):
    data = edit_form(
        client,
        "CITIZEN_ACCESS",
        target_value="180",
        name_vi="Tên đã sửa",
        count_options="notice_board, carrier_pigeon",
    )

    response = client.post("/manage/indicators/CITIZEN_ACCESS/edit", data=data)

    html = text(response)
    assert response.status_code == 200
    assert "Có lỗi cần sửa" in html
    assert "Có mã lựa chọn không thuộc câu hỏi." in html
    assert "Chỉ tiêu tỷ lệ phải từ 0 đến 100%." in html
    form = page_form(html)  # what was typed is kept
    assert form["target_value"] == ["180"]
    assert form["count_options"] == ["notice_board, carrier_pigeon"]
    assert form["name_vi"] == ["Tên đã sửa"]
    indicator = stored(db, "CITIZEN_ACCESS")
    assert indicator.version == 1
    assert indicator.target_value == Decimal("0.8")
    assert indicator.name_vi.startswith("Người dân được tiếp cận")
    assert "carrier_pigeon" not in indicator.count_options
    assert audit(db, "indicators.edit") == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name_vi": ""}, "Nhập tên chỉ tiêu"),
        ({"min_cell_size": "0"}, "Ít nhất là 1"),
        ({"min_cell_size": "mười"}, "Nhập một số nguyên từ 0 trở lên"),
        ({"target_value": "tám mươi"}, "Nhập một số, ví dụ 10 hoặc 2,5"),
        ({"count_options": "Notice Board"}, "Chỉ dùng mã lựa chọn"),
        ({"invalid_answers": "heard dont_know"}, "Viết theo dạng câu_hỏi: lựa_chọn"),
        ({"invalid_answers": "heard: notice_board"}, "Có mã lựa chọn không thuộc câu hỏi."),
        (
            {"invalid_answers": "channels_grassroots: meeting"},
            "Một lựa chọn không thể vừa được tính vừa bị coi là không hợp lệ.",
        ),
        ({"question_code": "no_such_question"}, "Không có câu hỏi này"),
        ({"weighting": "by_magic"}, "Chọn một mục trong danh sách"),
        ({"comparison": "=="}, "Chọn một mục trong danh sách"),
        ({"breakdowns": ["commune", "star_sign"]}, "Chọn một mục trong danh sách"),
        ({"baseline_on": "31/02/2026"}, "Nhập ngày dạng ngày/tháng/năm"),
        ({"target_year": "3000"}, "Số phải nhỏ hơn hoặc bằng 2.100"),
    ],
)
def test_each_invalid_field_gets_its_message(client, db, manager, changes, message):
    response = client.post(
        "/manage/indicators/CITIZEN_ACCESS/edit",
        data=edit_form(client, "CITIZEN_ACCESS", **changes),
    )

    assert response.status_code == 200
    assert message in text(response)
    assert stored(db, "CITIZEN_ACCESS").version == 1


def test_a_register_indicator_is_edited_with_its_parameter(client, db, manager):
    html = client.get("/manage/indicators/COMMSTAFF_TRAINED/edit").get_data(as_text=True)
    assert "Số giờ tối thiểu của khóa đào tạo chuyên sâu" in html
    assert 'name="weighting"' not in html  # survey-only fields are not offered
    assert 'name="question_code"' not in html

    response = client.post(
        "/manage/indicators/COMMSTAFF_TRAINED/edit",
        data=edit_form(client, "COMMSTAFF_TRAINED", param="24", target_value="75"),
    )

    assert response.status_code == 303
    indicator = stored(db, "COMMSTAFF_TRAINED")
    assert indicator.version == 2
    assert indicator.register_params == {
        "min_hours": 24,
        "topics": ["digital_comm", "st_content", "both"],
    }
    assert indicator.target_value == Decimal("0.75")
    assert indicator.weighting == "none"


@pytest.mark.parametrize("code", ["PLAN_ISSUED", "UNITS_CHANNEL", "OUTPUTS", "STAFF_INFORMED"])
def test_every_kind_of_indicator_can_be_renamed(client, db, manager, code):
    response = client.post(
        f"/manage/indicators/{code}/edit", data=edit_form(client, code, name_vi="Tên mới")
    )

    assert response.status_code == 303
    indicator = stored(db, code)
    assert (indicator.name_vi, indicator.version) == ("Tên mới", 2)


def test_a_parameter_the_computation_does_not_read_is_not_offered(client, manager):
    # UNITS_CHANNEL counts units with a channel and a product; "min_items" is the portal's.
    units_channel = client.get("/manage/indicators/UNITS_CHANNEL/edit").get_data(as_text=True)
    portal = client.get("/manage/indicators/PORTAL_COLUMN/edit").get_data(as_text=True)

    assert "Số tin, bài tối thiểu trong kỳ" not in units_channel
    assert 'name="param"' not in units_channel
    assert "Số tin, bài tối thiểu trong kỳ" in portal


def test_an_edit_without_a_form_token_is_refused(client, db, manager, csrf_on):
    data = edit_form(client, "CITIZEN_ACCESS", target_value="90")

    refused = client.post("/manage/indicators/CITIZEN_ACCESS/edit", data=data)

    assert refused.status_code == 400
    assert "Phiên làm việc đã hết hạn" in text(refused)
    assert stored(db, "CITIZEN_ACCESS").version == 1
    # The same edit with the page's token goes through.
    page = client.get("/manage/indicators/CITIZEN_ACCESS/edit").get_data(as_text=True)
    data["csrf_token"] = page_form(page)["csrf_token"]
    assert client.post("/manage/indicators/CITIZEN_ACCESS/edit", data=data).status_code == 303
    assert stored(db, "CITIZEN_ACCESS").target_value == Decimal("0.9")


# --- freezing a period -------------------------------------------------------------------------


def test_freezing_keeps_the_figures_while_the_dashboard_moves_on(client, db, manager):
    four_citizens(db)

    response = client.post(
        "/manage/indicators/freeze", data={"period": "2026H2", "note": "Báo cáo 6 tháng cuối năm"}
    )

    [snapshot] = snapshots(db)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/manage/indicators/snapshots/{snapshot.id}"
    assert (snapshot.period, snapshot.frozen_by_id) == ("2026H2", manager.id)
    assert snapshot.note == "Báo cáo 6 tháng cuối năm"
    frozen = {f["code"]: f for f in snapshot.figures["figures"]}
    assert set(frozen) == {i.code for i in list_indicators()}
    assert frozen["CITIZEN_ACCESS"]["value"] == pytest.approx(0.75)
    assert (frozen["CITIZEN_ACCESS"]["numerator"], frozen["CITIZEN_ACCESS"]["n"]) == (3, 4)
    assert frozen["CITIZEN_ACCESS"]["definition_version"] == 1
    [entry] = audit(db, "indicators.freeze")
    assert entry.details["period"] == "2026H2"
    assert entry.details["definitions"]["CITIZEN_ACCESS"] == 1

    page = text(client.get(response.headers["Location"]))
    assert f"Đã chốt số liệu 6 tháng cuối năm 2026, mã bản chốt {snapshot.id}." in page
    assert f"Bản chốt số {snapshot.id}: 6 tháng cuối năm 2026" in page
    assert "Trần Thị Quản Lý" in page
    assert "Báo cáo 6 tháng cuối năm" in page
    assert "<strong>75%</strong>" in cards(page)["CITIZEN_ACCESS"]

    # Two more people answer, both through a grassroots channel: 5 of 6 now.
    citizen(TINH_KHE, ["loudspeaker"])
    citizen(TINH_KHE, ["digital_team"])
    db.session.commit()
    live = text(client.get(f"{INDEX}?period=2026H2"))
    again = text(client.get(f"/manage/indicators/snapshots/{snapshot.id}"))
    assert "<strong>83,3%</strong>" in cards(live)["CITIZEN_ACCESS"]
    assert "<strong>75%</strong>" in cards(again)["CITIZEN_ACCESS"]
    assert "83,3%" not in again
    assert f'href="/manage/indicators/snapshots/{snapshot.id}"' in live
    assert "Kỳ này đã chốt 1 lần" in live
    listing = text(client.get("/manage/indicators/snapshots"))
    assert "6 tháng cuối năm 2026" in listing
    assert "Báo cáo 6 tháng cuối năm" in listing


def test_a_snapshot_keeps_the_definition_it_was_frozen_with(client, db, manager):
    four_citizens(db)
    client.post("/manage/indicators/freeze", data={"period": "2026H2"})
    [snapshot] = snapshots(db)

    client.post(
        "/manage/indicators/CITIZEN_ACCESS/edit",
        data=edit_form(client, "CITIZEN_ACCESS", count_options="meeting"),
    )

    assert stored(db, "CITIZEN_ACCESS").version == 2
    live = cards(text(client.get(f"{INDEX}?period=2026H2")))["CITIZEN_ACCESS"]
    frozen = cards(text(client.get(f"/manage/indicators/snapshots/{snapshot.id}")))
    assert "<strong>25%</strong>" in live
    assert "<strong>75%</strong>" in frozen["CITIZEN_ACCESS"]
    assert "phiên bản định nghĩa 1" in frozen["CITIZEN_ACCESS"]


def test_freezing_an_unreadable_period_is_a_400(client, db, manager):
    for period in ("abc", "", "2026H3"):
        response = client.post("/manage/indicators/freeze", data={"period": period})
        assert response.status_code == 400, period
    assert snapshots(db) == []


def test_freezing_with_an_overlong_note_is_sent_back_with_a_message(client, db, manager):
    response = client.post(
        "/manage/indicators/freeze", data={"period": "2026H2", "note": "x" * 501}
    )

    assert response.status_code == 303
    assert response.headers["Location"] == "/manage/indicators/?period=2026H2"
    assert snapshots(db) == []
    assert "Không chốt được số liệu" in text(client.get(response.headers["Location"]))


def test_freezing_without_a_form_token_is_refused(client, db, manager, csrf_on):
    response = client.post("/manage/indicators/freeze", data={"period": "2026H2"})

    assert response.status_code == 400
    assert snapshots(db) == []


def test_an_unknown_snapshot_is_404(client, manager):
    assert client.get("/manage/indicators/snapshots/999").status_code == 404
    assert "Chưa có bản chốt nào." in text(client.get("/manage/indicators/snapshots"))


# --- who may see them ---------------------------------------------------------------------------

PAGES = [
    ("get", INDEX),
    ("get", f"{INDEX}?period=2026H2"),
    ("get", "/manage/indicators/CITIZEN_ACCESS"),
    ("get", "/manage/indicators/CITIZEN_ACCESS/edit"),
    ("post", "/manage/indicators/CITIZEN_ACCESS/edit"),
    ("post", "/manage/indicators/freeze"),
    ("get", "/manage/indicators/snapshots"),
    ("get", "/manage/indicators/snapshots/{snapshot}"),
]
FORMS = {
    "/manage/indicators/CITIZEN_ACCESS/edit": {
        "name_vi": "Bị sửa",
        "min_cell_size": "1",
        "weighting": "none",
        "comparison": ">=",
    },
    "/manage/indicators/freeze": {"period": "2026H2"},
}


@pytest.fixture
def frozen(db, plan):
    from app.indicators.periods import parse_period
    from app.indicators.services import freeze_period

    snapshot = freeze_period(parse_period("2026H2"), actor=None)
    db.session.commit()
    return snapshot


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_staff_are_forbidden_every_indicator_page(client, db, login, frozen, method, url):
    staff = make_user("staff", unit_id=get_unit_by_code("VP").id)
    db.session.commit()
    login(staff)

    url = url.format(snapshot=frozen.id)
    response = getattr(client, method)(url, data=FORMS.get(url))

    assert response.status_code == 403
    assert len(snapshots(db)) == 1
    assert stored(db, "CITIZEN_ACCESS").version == 1


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, frozen, method, url):
    url = url.format(snapshot=frozen.id)
    response = getattr(client, method)(url, data=FORMS.get(url))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert len(snapshots(db)) == 1
    assert stored(db, "CITIZEN_ACCESS").version == 1


@pytest.mark.parametrize(("method", "url"), [p for p in PAGES if p[0] == "get"])
def test_administrators_see_every_indicator_page(client, db, login, frozen, method, url):
    admin = make_user("admin")
    db.session.commit()
    login(admin)

    assert client.get(url.format(snapshot=frozen.id)).status_code == 200
