"""The indicator values for re-keying (CSV and JSON): the dashboard's figures, audited.

A small 2026H2 dataset worked out by hand:
- TASKS_COMMUNICATED: 2 of 3 in-scope tasks communicated → 66,7% (target 100% by 2030);
- OUTPUTS: 3 products in H2 (one in H1 does not count) → 3 sản phẩm, no target;
- PLAN_ISSUED: the plan issued on 20/11/2025 → met (1), the milestone stays met;
- ENTERPRISE_AWARE: 2 of 3 enterprises aware, people who chose to answer → 66,7% with the
  Wilson interval for k = 2, n = 3 (z² = 3.841459): centre (2/3 + z²/6)/(1 + z²/3) = 0.57308,
  half-width z·√(2/27 + z²/36)/(1 + z²/3) = 0.36542 → [20,8; 93,9], and the label of a
  non-random sample.
"""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.indicators.periods import parse_period
from app.indicators.rekeying import COLUMNS, export_rows
from app.indicators.services import consolidate, freeze_period
from app.registers.models import Document
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code
from tests.factories import (
    make_channel,
    make_product,
    make_response,
    make_row,
    make_task,
    make_user,
    seed_plan,
)

H2 = parse_period("2026H2")
AUGUST = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)
NON_PROBABILITY = "kết quả tham khảo, mẫu không ngẫu nhiên"
JSON_URL = "/manage/indicators/export.json?period=2026H2"
CSV_URL = "/manage/indicators/export.csv?period=2026H2"


@pytest.fixture
def figures(db, seeded):
    seed_plan()
    qlkh = get_unit_by_code("QLKH_DMST")
    make_task(qlkh, 2026, communicated_on=date(2026, 8, 1))
    make_task(qlkh, 2025, communicated_on=date(2025, 10, 1))
    make_task(qlkh, 2026)
    channel = make_channel(get_unit_by_code("TT_CDS_DMST"), date(2025, 1, 1))
    for day in (date(2026, 3, 1), date(2026, 7, 2), date(2026, 9, 9), date(2026, 12, 31)):
        make_product(channel, day)
    make_row(Document, kind="plan", number="12/KH-SKHCN", title="Kế hoạch",
             issued_on=date(2025, 11, 20))  # fmt: skip
    survey = get_survey_by_slug("doanh-nghiep-nq57")
    for aware in ("yes", "yes", "no"):
        make_response(survey, {"aware_nq57": aware}, submitted_at=AUGUST)
    db.session.commit()


@pytest.fixture
def manager(db, login, figures):
    user = make_user("manager")
    db.session.commit()
    login(user)
    return user


def by_code(rows) -> dict[str, dict]:
    return {row["code"]: row for row in rows}


def exports(db) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == "indicators.export")
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


# --- JSON ---------------------------------------------------------------------------------------


def test_the_json_export_gives_the_dashboards_figures_as_numbers(client, manager, db):
    response = client.get(JSON_URL)

    assert response.status_code == 200
    assert response.content_type == "application/json; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="gia-tri-chi-tieu-2026H2.json"'
    )
    document = json.loads(response.get_data(as_text=True))
    assert document["format"] == "nq57-indicator-values/1"
    assert document["period"] == {"code": "2026H2", "label": "6 tháng cuối năm 2026",
                                  "start": "2026-07-01", "end": "2026-12-31"}  # fmt: skip
    assert document["snapshot"] is None
    rows = by_code(document["indicators"])
    assert len(rows) == 17
    assert rows["TASKS_COMMUNICATED"] == {
        "code": "TASKS_COMMUNICATED",
        "name": "Nhiệm vụ khoa học và công nghệ sử dụng ngân sách nhà nước (trừ nhiệm vụ thuộc "
        "bí mật nhà nước) được truyền thông",
        "period": "2026H2",
        "value": 66.7,
        "unit": "%",
        "target": 100.0,
        "target_year": 2030,
        "status": "Chưa đạt",
        "n": 3,
    }
    assert rows["OUTPUTS"]["value"] == 3
    assert isinstance(rows["OUTPUTS"]["value"], int)
    assert (rows["OUTPUTS"]["unit"], rows["OUTPUTS"]["target"]) == ("sản phẩm", None)
    assert rows["OUTPUTS"]["status"] == "Chỉ theo dõi"
    assert {"lower", "upper", "n", "note"}.isdisjoint(rows["OUTPUTS"])
    assert (rows["PLAN_ISSUED"]["value"], rows["PLAN_ISSUED"]["target"]) == (1, 1)
    assert rows["PLAN_ISSUED"]["status"] == "Đạt"
    assert rows["PLAN_ISSUED"]["unit"] == "mốc (1: đã đạt, 0: chưa đạt)"
    aware = rows["ENTERPRISE_AWARE"]
    assert (aware["value"], aware["lower"], aware["upper"], aware["n"]) == (66.7, 20.8, 93.9, 3)
    assert (aware["status"], aware["note"]) == ("Chỉ theo dõi", NON_PROBABILITY)
    assert rows["CITIZEN_ACCESS"]["value"] is None
    assert rows["CITIZEN_ACCESS"]["status"] == "Chưa có số liệu"


def test_the_export_rows_equal_the_figures_the_dashboard_shows(client, manager):
    document = client.get(JSON_URL).get_json()
    dashboard = client.get("/manage/indicators/?period=2026H2").get_data(as_text=True)

    with client.application.test_request_context():
        expected = export_rows(consolidate(H2), language="vi")
    assert document["indicators"] == expected
    # The same numbers as the dashboard's text: 66,7% and its status word on the card.
    assert (
        '<td class="num">66,7%</td><td><span class="tag tag--not_met">Chưa đạt</span>' in dashboard
    )
    assert '<td class="num">3</td><td><span class="tag tag--no_target">Chỉ theo dõi</span>' in (
        dashboard
    )


# --- CSV ----------------------------------------------------------------------------------------


def test_the_csv_export_is_utf8_with_a_bom_and_formats_numbers_one_way(client, manager):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="gia-tri-chi-tieu-2026H2.csv"'
    )
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(header) == COLUMNS
    rows = by_code(dict(zip(header, row, strict=True)) for row in rows)
    assert len(rows) == 17
    tasks = rows["TASKS_COMMUNICATED"]
    assert (tasks["value"], tasks["unit"], tasks["target"], tasks["target_year"]) == (
        "66.7",
        "%",
        "100.0",
        "2030",
    )
    assert (tasks["status"], tasks["n"], tasks["lower"], tasks["note"]) == ("Chưa đạt", "3", "", "")
    assert (rows["OUTPUTS"]["value"], rows["OUTPUTS"]["target"]) == ("3", "")
    assert (rows["PLAN_ISSUED"]["value"], rows["PLAN_ISSUED"]["status"]) == ("1", "Đạt")
    aware = rows["ENTERPRISE_AWARE"]
    assert (aware["value"], aware["lower"], aware["upper"]) == ("66.7", "20.8", "93.9")
    assert aware["note"] == NON_PROBABILITY


def test_csv_and_json_carry_the_same_values(client, manager):
    document = client.get(JSON_URL).get_json()
    text = client.get(CSV_URL).get_data().decode("utf-8-sig")
    table = by_code(csv.DictReader(io.StringIO(text)))

    for code, row in by_code(document["indicators"]).items():
        for key in ("value", "target", "lower", "upper", "n"):
            number = row.get(key)
            shown = "" if number is None else (f"{number:.1f}" if isinstance(number, float)
                                               else str(number))  # fmt: skip
            assert table[code][key] == shown, (code, key)
        assert table[code]["status"] == row["status"]


# --- snapshots, errors, links, audit --------------------------------------------------------------


def test_a_snapshot_exports_its_frozen_figures_not_the_live_ones(client, manager, db):
    snapshot = freeze_period(H2, actor=None)
    make_product(make_channel(get_unit_by_code("BCVT_CDS"), date(2026, 1, 1)), date(2026, 10, 1))
    db.session.commit()

    live = by_code(client.get(JSON_URL).get_json()["indicators"])
    response = client.get(f"/manage/indicators/export.json?snapshot={snapshot.id}")
    frozen = response.get_json()

    assert (live["OUTPUTS"]["value"], by_code(frozen["indicators"])["OUTPUTS"]["value"]) == (4, 3)
    assert frozen["snapshot"] == snapshot.id
    assert (
        f'filename="gia-tri-chi-tieu-2026H2-chot-{snapshot.id}.json"'
        in (response.headers["Content-Disposition"])
    )
    page = client.get(f"/manage/indicators/snapshots/{snapshot.id}").get_data(as_text=True)
    assert f'href="/manage/indicators/export.csv?snapshot={snapshot.id}" download>CSV</a>' in page


@pytest.mark.parametrize("snapshot", ["999", "abc", "-1", "99999999999", "１"])
def test_an_unknown_snapshot_is_not_found(client, manager, snapshot):
    assert client.get(f"/manage/indicators/export.csv?snapshot={snapshot}").status_code == 404


def test_a_period_it_cannot_read_goes_back_to_the_dashboard_with_the_message(client, manager, db):
    response = client.get("/manage/indicators/export.json?period=abc")

    assert response.status_code == 303
    assert response.headers["Location"] == "/manage/indicators/?period=abc"
    page = client.get(response.headers["Location"])
    assert page.status_code == 400
    assert "Không hiểu kỳ “abc”." in page.get_data(as_text=True)
    assert exports(db) == []


def test_the_dashboard_links_to_the_exports_of_its_period_and_latest_snapshot(client, manager, db):
    html = client.get("/manage/indicators/?period=2026H2").get_data(as_text=True)
    assert 'href="/manage/indicators/export.csv?period=2026H2" download>CSV</a>' in html
    assert 'href="/manage/indicators/export.json?period=2026H2" download>JSON</a>' in html
    assert "export.json?snapshot=" not in html

    snapshot = freeze_period(H2, actor=None)
    db.session.commit()
    html = client.get("/manage/indicators/?period=2026H2").get_data(as_text=True)
    assert f"số liệu đã chốt (bản chốt số {snapshot.id})" in html
    assert f'href="/manage/indicators/export.json?snapshot={snapshot.id}" download>JSON</a>' in html


def test_every_export_is_audited(client, manager, db):
    client.get(CSV_URL)
    client.get("/manage/indicators/export.json?period=2026")

    csv_entry, json_entry = exports(db)
    assert csv_entry.actor_id == manager.id
    assert (csv_entry.details["period"], csv_entry.details["format"]) == ("2026H2", "csv")
    assert (csv_entry.details["via"], csv_entry.details["snapshot"]) == ("web", None)
    assert len(csv_entry.details["codes"]) == 17
    assert (json_entry.details["period"], json_entry.details["format"]) == ("2026", "json")


def test_staff_cannot_export(client, db, login, figures):
    login(make_user("staff"))
    assert client.get(CSV_URL).status_code == 403
    assert exports(db) == []


# --- the command --------------------------------------------------------------------------------


def test_the_command_writes_the_same_file_as_the_web_and_is_audited(
    runner, client, manager, tmp_path, db
):
    target = tmp_path / "values.json"

    result = runner.invoke(args=["indicators", "export", "--period", "2026H2", "--format", "json",
                                 "-o", str(target)])  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "17 indicators of 2026H2 (live figures) as JSON" in result.output
    written = json.loads(target.read_text("utf-8"))
    assert written["indicators"] == client.get(JSON_URL).get_json()["indicators"]
    rows = by_code(written["indicators"])
    assert (rows["TASKS_COMMUNICATED"]["value"], rows["TASKS_COMMUNICATED"]["status"]) == (
        66.7,
        "Chưa đạt",
    )
    cli_entry, _web_entry = exports(db)
    assert (cli_entry.actor_id, cli_entry.details["via"]) == (None, "cli")
    assert cli_entry.details["format"] == "json"


def test_the_command_writes_csv_and_a_snapshot(runner, figures, tmp_path, db):
    snapshot = freeze_period(H2, actor=None)
    db.session.commit()
    target = tmp_path / "values.csv"

    result = runner.invoke(args=["indicators", "export", "--period", "2026H2", "--snapshot",
                                 str(snapshot.id), "-o", str(target)])  # fmt: skip

    assert result.exit_code == 0, result.output
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffcode,name,period,value,unit,target")
    rows = by_code(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows["OUTPUTS"]["value"] == "3"
    assert exports(db)[0].details["snapshot"] == snapshot.id


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--period", "abc"], "Not a period"),
        (["--period", "2026H1", "--snapshot", "999"], "No snapshot 999 of period 2026H1"),
    ],
)
def test_the_command_refuses_what_it_cannot_read(runner, figures, tmp_path, db, options, message):
    result = runner.invoke(args=["indicators", "export", *options, "-o", str(tmp_path / "x")])

    assert result.exit_code != 0
    assert message in result.output
    assert exports(db) == []
