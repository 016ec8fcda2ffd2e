"""The public indicators API: live or frozen figures, no small cells, cached per worker."""

from datetime import UTC, datetime

import pytest

from app.api import indicators as api
from app.indicators.definitions import update_indicator
from app.indicators.periods import parse_period
from app.indicators.queries import get_indicator_by_code, list_indicators
from app.indicators.services import freeze_period
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code
from tests.factories import make_response, make_user, seed_plan

AUGUST = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)  # 09:00 on 3 August 2026 in Vietnam: 2026H2
TINH_KHE, TRUONG_QUANG_TRONG = "21211", "21172"
PERIOD_ERROR = {"error": "period must look like 2026H1, 2026H2, 2026 or 2026-01-01..2026-03-31"}
URL = "/api/v1/indicators"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each worker keeps answers in a module-level dict: start and end every test without."""
    api._cache.clear()
    yield
    api._cache.clear()


@pytest.fixture
def plan(db, seeded):
    """The built-in surveys and the plan's indicators; CITIZEN_ACCESS left unweighted."""
    seed_plan()
    get_indicator_by_code("CITIZEN_ACCESS").weighting = "none"
    db.session.commit()


def citizen(commune: str, channels=("loudspeaker",)):
    answers = {"heard": "yes", "commune": commune, "channels_grassroots": list(channels)}
    return make_response(get_survey_by_slug("nguoi-dan-nq57"), answers, submitted_at=AUGUST)


def four_citizens(db) -> None:
    """Three of four in Tịnh Khê heard through a grassroots channel: 75%."""
    for channels in (["loudspeaker"], ["notice_board"], ["meeting"], ["none"]):
        citizen(TINH_KHE, channels)
    db.session.commit()


def by_code(body: dict) -> dict[str, dict]:
    return {item["code"]: item for item in body["indicators"]}


def test_every_active_indicator_with_its_value_status_and_interval(client, db, plan):
    four_citizens(db)
    get_indicator_by_code("OUTPUTS").is_active = False
    db.session.commit()

    response = client.get(f"{URL}?period=2026H2")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.json
    assert body["period"] == {
        "code": "2026H2",
        "start": "2026-07-01",
        "end": "2026-12-31",
        "label": "6 tháng cuối năm 2026",
    }
    assert (body["final"], body["snapshot"]) == (False, None)
    assert [i["code"] for i in body["indicators"]] == [i.code for i in list_indicators()]
    assert "OUTPUTS" not in by_code(body)
    for item in body["indicators"]:
        assert {
            "code",
            "name",
            "value",
            "display_value",
            "status",
            "status_label",
            "interval_95",
            "n",
            "n_eff",
            "target",
            "note",
            "change_from_previous_period",
        } <= set(item)

    # 3 of 4, Wilson [0.300642, 0.954413] around the 80% target: not conclusive.
    access = by_code(body)["CITIZEN_ACCESS"]
    assert access["value"] == pytest.approx(0.75)
    assert access["display_value"] == "75%"
    assert access["interval_95"]["low"] == pytest.approx(0.300642, abs=1e-6)
    assert access["interval_95"]["high"] == pytest.approx(0.954413, abs=1e-6)
    assert (access["n"], access["n_eff"]) == (4, 4.0)
    assert access["target"] == pytest.approx(0.8)
    assert (access["status"], access["status_label"]) == ("not_conclusive", "Chưa kết luận được")
    assert access["note"] == "kết quả tham khảo, mẫu không ngẫu nhiên"
    assert access["name"]["vi"].startswith("Người dân được tiếp cận")
    assert access["plan_target"] is True
    # Exact figures from the registers carry no interval and no note.
    units_channel = by_code(body)["UNITS_CHANNEL"]
    assert (units_channel["value"], units_channel["status"]) == (0.0, "not_met")
    assert (units_channel["interval_95"], units_channel["note"]) == (None, None)
    # Nothing yet to count: no value, no interval, "no data".
    tasks = by_code(body)["TASKS_COMMUNICATED"]
    assert (tasks["value"], tasks["interval_95"], tasks["status"]) == (None, None, "no_data")
    assert tasks["display_value"] == "–"
    assert by_code(body)["PLAN_ISSUED"]["status_label"] == "Chưa đạt"


def test_answers_are_public_and_cacheable(app, client, plan):
    response = client.get(f"{URL}?period=2026H2")

    assert response.headers["Cache-Control"] == f"public, max-age={app.config['API_CACHE_SECONDS']}"
    one = client.get(f"{URL}/CITIZEN_ACCESS?period=2026H2")
    assert one.headers["Cache-Control"] == f"public, max-age={app.config['API_CACHE_SECONDS']}"
    assert "Set-Cookie" not in response.headers


def test_the_current_half_year_by_default(client, db, plan, monkeypatch):
    four_citizens(db)
    monkeypatch.setattr(api, "utcnow", lambda: datetime(2026, 10, 1, 3, 0, tzinfo=UTC))

    body = client.get(URL).json

    assert body["period"]["code"] == "2026H2"
    assert by_code(body)["CITIZEN_ACCESS"]["value"] == pytest.approx(0.75)
    assert client.get(f"{URL}/CITIZEN_ACCESS").json["period"] == "2026H2"


def test_a_frozen_period_is_served_from_its_latest_snapshot(client, db, plan):
    four_citizens(db)
    assert client.get(f"{URL}?period=2026H2").json["final"] is False
    freeze_period(parse_period("2026H2"), actor=None, note="lần 1")
    db.session.commit()
    citizen(TINH_KHE, ["loudspeaker"])  # 4 of 5 now
    db.session.commit()
    latest = freeze_period(parse_period("2026H2"), actor=None, note="lần 2")
    db.session.commit()
    citizen(TINH_KHE, ["loudspeaker"])  # 5 of 6 after the last freeze
    db.session.commit()
    api._cache.clear()

    body = client.get(f"{URL}?period=2026H2").json

    assert (body["final"], body["snapshot"]) == (True, latest.id)
    assert body["computed_at"] == latest.figures["computed_at"]
    assert by_code(body)["CITIZEN_ACCESS"]["value"] == pytest.approx(0.8)
    assert by_code(body)["CITIZEN_ACCESS"]["n"] == 5
    # Another period has no snapshot: live figures.
    other = client.get(f"{URL}?period=2026H1").json
    assert (other["final"], other["snapshot"]) == (False, None)


def test_answers_are_kept_for_the_cache_time(app, client, db, plan, monkeypatch):
    four_citizens(db)
    first = client.get(f"{URL}?period=2026H2").json
    citizen(TINH_KHE, ["loudspeaker"])
    db.session.commit()

    cached = client.get(f"{URL}?period=2026H2").json
    monkeypatch.setitem(app.config, "API_CACHE_SECONDS", 0)
    fresh = client.get(f"{URL}?period=2026H2").json

    assert cached == first
    assert by_code(cached)["CITIZEN_ACCESS"]["value"] == pytest.approx(0.75)
    assert by_code(fresh)["CITIZEN_ACCESS"]["value"] == pytest.approx(0.8)


@pytest.mark.parametrize(
    "period",
    [
        "abc",
        "2026H3",
        "1999",
        "2026-02-30..2026-03-31",
        "2026-12-31..2026-01-01",
        "2020-01-01..2026-12-31",
        "2026H2" + "x" * 100,
        "%00",
    ],
)
def test_a_malformed_period_is_a_400_in_json(client, plan, period):
    for url in (f"{URL}?period={period}", f"{URL}/CITIZEN_ACCESS?period={period}"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json == PERIOD_ERROR
        assert "public" not in response.headers.get("Cache-Control", "")


def test_one_indicator_with_its_published_breakdowns(client, db, plan):
    four_citizens(db)  # Tịnh Khê, a xã: 4 respondents, fewer than 10
    for channels in [["loudspeaker"]] * 5 + [["none"]] * 5:  # Trương Quang Trọng, a phường
        citizen(TRUONG_QUANG_TRONG, channels)
    db.session.commit()

    response = client.get(f"{URL}/CITIZEN_ACCESS?period=2026H2")

    assert response.status_code == 200
    body = response.json
    assert (body["code"], body["period"]) == ("CITIZEN_ACCESS", "2026H2")
    assert body["value"] == pytest.approx(8 / 14)
    assert set(body["breakdowns"]) == {"former_province", "commune_kind", "commune", "channel"}
    minimum = get_indicator_by_code("CITIZEN_ACCESS").min_cell_size
    for cells in body["breakdowns"].values():
        assert all(cell["n"] >= minimum for cell in cells)
    [commune] = body["breakdowns"]["commune"]  # Tịnh Khê's 4 are left out
    phuong = get_unit_by_code(TRUONG_QUANG_TRONG)
    assert (commune["key"], commune["label"], commune["n"]) == (
        str(phuong.id),
        "Phường Trương Quang Trọng",
        10,
    )
    assert commune["value"] == pytest.approx(0.5)
    assert commune["interval_95"]["low"] == pytest.approx(0.236593, abs=1e-6)
    assert commune["interval_95"]["high"] == pytest.approx(0.763407, abs=1e-6)
    assert [c["key"] for c in body["breakdowns"]["commune_kind"]] == ["phuong"]
    [province] = body["breakdowns"]["former_province"]
    assert (province["key"], province["n"]) == ("quang_ngai", 14)
    assert province["value"] == pytest.approx(8 / 14)
    assert body["breakdowns"]["channel"] == [
        {
            "key": "",
            "label": "Không xác định",
            "n": 14,
            "value": pytest.approx(8 / 14),
            "interval_95": {
                "low": pytest.approx(0.326, abs=1e-3),
                "high": pytest.approx(0.786, abs=1e-3),
            },
        }
    ]


def test_a_new_definition_is_not_held_back_by_the_cache(client, db, plan):
    four_citizens(db)
    before = client.get(f"{URL}/CITIZEN_ACCESS?period=2026H2").json
    update_indicator(get_indicator_by_code("CITIZEN_ACCESS"), {"min_cell_size": 4}, actor=None)
    db.session.commit()

    after = client.get(f"{URL}/CITIZEN_ACCESS?period=2026H2").json

    assert before["breakdowns"]["commune"] == []
    [commune] = after["breakdowns"]["commune"]
    assert (commune["label"], commune["n"]) == ("Xã Tịnh Khê", 4)
    assert commune["value"] == pytest.approx(0.75)


def test_staff_answers_by_unit_are_not_published(client, db, plan):
    office = get_unit_by_code("VP")
    for _ in range(12):
        user = make_user(unit_id=office.id)
        make_response(
            get_survey_by_slug("can-bo-nq57"), {"informed": "yes"}, user=user, submitted_at=AUGUST
        )
    db.session.commit()

    staff = client.get(f"{URL}/STAFF_INFORMED?period=2026H2").json
    register = client.get(f"{URL}/UNITS_CHANNEL?period=2026H2").json

    assert get_indicator_by_code("STAFF_INFORMED").breakdowns == ["unit"]
    assert staff["breakdowns"] == {}
    assert staff["n"] == 12
    assert staff["interval_95"] is None  # a census, not a sample
    # Registers are about units, not people: their unit breakdown is published.
    assert "unit" in register["breakdowns"]


@pytest.mark.parametrize("code", ["NO_SUCH_CODE", "citizen_access", "X" * 300, "OUTPUTS"])
def test_an_unknown_or_retired_indicator_is_404_in_json(client, db, plan, code):
    get_indicator_by_code("OUTPUTS").is_active = False
    db.session.commit()

    response = client.get(f"{URL}/{code}?period=2026H2")

    assert response.status_code == 404
    assert response.json == {"error": "no such indicator"}


def test_the_api_needs_no_sign_in_and_writes_nothing(client, db, plan):
    four_citizens(db)

    assert client.get(f"{URL}?period=2026H2").status_code == 200
    assert client.post(f"{URL}?period=2026H2").status_code == 405
    assert client.get("/api/v1/").json["resources"]["indicators"].endswith("/api/v1/indicators")
