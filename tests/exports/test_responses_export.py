"""Response exports: CSV and XLSX equal to expected files, neutralised formulas, filters,
staff answers refused, audit entries, the web download and the CLI."""

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.exports.services import ExportError, csv_bytes, prepare_export, write_xlsx
from app.responses.filters import ResponseFilters
from app.surveys.models import Survey
from tests.exports.conftest import ATTACK
from tests.factories import make_user, seed_plan

EXPECTED = Path(__file__).parent / "expected"


def csv_of(survey, labels: str, filters: ResponseFilters | None = None) -> str:
    export = prepare_export(survey, filters or ResponseFilters(), "csv", labels)
    return b"".join(csv_bytes(export)).decode()


def xlsx_values(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: [
            [c.isoformat() if hasattr(c, "isoformat") else c for c in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in book
    }


def audits(db) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == "responses.export")
    query = query.order_by(AuditEntry.id)  # the order they were written in
    return db.session.scalars(query).all()


@pytest.mark.parametrize("labels", ["vi", "en", "codes"])
def test_csv_equals_the_expected_file(export_survey, labels):
    text = csv_of(export_survey, labels)
    assert text.startswith("\ufeff")  # the BOM Excel needs to read UTF-8
    expected = (EXPECTED / f"responses-{labels}.csv").read_bytes().decode()
    assert text == expected


def test_xlsx_equals_the_expected_cells(export_survey):
    target = io.BytesIO()
    rows = write_xlsx(prepare_export(export_survey, ResponseFilters(), "xlsx", "vi"), target)
    assert rows == 3
    expected = json.loads((EXPECTED / "responses-vi.xlsx.json").read_text(encoding="utf-8"))
    assert xlsx_values(target.getvalue()) == expected


def test_a_formula_in_an_answer_opens_as_text(export_survey):
    rows = list(csv.reader(io.StringIO(csv_of(export_survey, "codes").lstrip("\ufeff"))))
    header, second = rows[0], rows[2]
    assert second[header.index("note")] == "'" + ATTACK
    assert second[header.index("channel._other")] == "'+84 nhóm Facebook"
    assert second[header.index("topics._other")] == "'@mạng xã hội"
    target = io.BytesIO()
    write_xlsx(prepare_export(export_survey, ResponseFilters(), "xlsx", "codes"), target)
    sheet = openpyxl.load_workbook(io.BytesIO(target.getvalue())).worksheets[0]
    cell = sheet.cell(row=3, column=header.index("note") + 1)
    # A workbook types the cell as text, so the text stays as typed and never runs.
    assert (cell.data_type, cell.value) == ("s", ATTACK)
    other = sheet.cell(row=3, column=header.index("channel._other") + 1)
    assert (other.data_type, other.value) == ("s", "+84 nhóm Facebook")


def test_filters_narrow_the_rows(export_survey):
    from datetime import date

    from app.common.timezones import end_of_day, start_of_day

    august = ResponseFilters(since=start_of_day(date(2026, 8, 3)),
                             until=end_of_day(date(2026, 8, 31)))  # fmt: skip
    rows = list(csv.reader(io.StringIO(csv_of(export_survey, "codes", august))))
    assert [r[0] for r in rows[1:]] == ["2"]  # 00:05 on 3 August in Vietnam, not 1 August


def test_staff_answers_are_never_exported(db, seeded):
    seed_plan()
    staff = db.session.scalar(sa.select(Survey).where(Survey.audience == "staff"))
    with pytest.raises(ExportError, match="không được xuất ra"):
        prepare_export(staff, ResponseFilters(), "csv", "vi")


def test_a_manager_downloads_the_filtered_csv_and_it_is_audited(export_survey, client, db, login):
    login(make_user("manager"))
    db.session.commit()
    url = f"/manage/surveys/{export_survey.id}/responses/export"
    response = client.post(url, data={"format": "csv", "labels": "vi", "to": "2026-08-01",
                                      "excluded": "0"})  # fmt: skip
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert 'filename="phieu-tra-loi-xuat-du-lieu-' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 2
    assert rows[1][:3] == ["1", "2026-08-01 09:30", "Đã gửi"]
    (entry,) = audits(db)
    assert entry.target_id == str(export_survey.id)
    assert (entry.details["format"], entry.details["labels"]) == ("csv", "vi")
    assert entry.details["filters"] == {"excluded": False, "until": "2026-08-01T17:00:00+00:00"}
    assert response.headers["Cache-Control"] == "no-store"


def test_a_manager_downloads_xlsx(export_survey, client, db, login):
    login(make_user("manager"))
    db.session.commit()
    response = client.post(f"/manage/surveys/{export_survey.id}/responses/export",
                           data={"format": "xlsx"})  # fmt: skip
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheets = xlsx_values(response.get_data())
    response.close()  # the temporary file behind it
    assert list(sheets) == ["Dữ liệu", "Mã hóa"]
    assert len(sheets["Dữ liệu"]) == 4
    assert len(audits(db)) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [("format=pdf", "Chọn định dạng CSV hoặc XLSX."), ("labels=fr", "không có ngôn ngữ này")],
)
def test_a_bad_choice_gets_a_message_and_keeps_the_filters(
    export_survey, client, db, login, query, message
):
    login(make_user("manager"))
    db.session.commit()
    url = f"/manage/surveys/{export_survey.id}/responses/export"
    data = dict([query.split("=")], commune="5", status="complete", version="")
    response = client.post(url, data=data)
    assert response.status_code == 303
    assert response.location.endswith(
        f"/manage/surveys/{export_survey.id}/responses?commune=5&status=complete"
    )
    assert message in client.get(response.location).get_data(as_text=True)
    assert audits(db) == []


def test_a_staff_survey_export_is_refused_with_a_message(client, db, seeded, login):
    seed_plan()
    login(make_user("manager"))
    db.session.commit()
    staff = db.session.scalar(sa.select(Survey).where(Survey.audience == "staff"))
    response = client.post(f"/manage/surveys/{staff.id}/responses/export", follow_redirects=True)
    assert "không được xuất ra" in response.get_data(as_text=True)
    assert audits(db) == []


def test_staff_members_cannot_export(export_survey, client, db, login):
    login(make_user("staff"))
    db.session.commit()
    assert client.post(f"/manage/surveys/{export_survey.id}/responses/export").status_code == 403
    assert audits(db) == []


def test_the_cli_writes_the_file_and_audits_it(export_survey, runner, db, tmp_path):
    target = tmp_path / "out.xlsx"
    result = runner.invoke(args=["export", "responses", "xuat-du-lieu", "--format", "xlsx",
                                 "--period", "2026H2", "-o", str(target)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(3 responses)" in result.output
    assert len(xlsx_values(target.read_bytes())["Dữ liệu"]) == 4
    (entry,) = audits(db)
    assert (entry.actor_id, entry.details["via"]) == (None, "cli")
    for commune, lines in (("21034", 4), ("21025", 1)):  # the poster's commune, and another
        csv_path = tmp_path / f"{commune}.csv"
        result = runner.invoke(args=["export", "responses", "xuat-du-lieu", "--labels", "codes",
                                     "--commune", commune, "-o", str(csv_path)])  # fmt: skip
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
        assert len(rows) == lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "No survey 'nope'."),
        (["xuat-du-lieu", "--period", "2026H3"], "2026H3"),
        (["xuat-du-lieu", "--commune", "99999"], "No commune '99999'."),
        (["xuat-du-lieu", "--labels", "fr"], "Khảo sát không có ngôn ngữ này."),
    ],
)
def test_the_cli_fails_clearly(export_survey, runner, tmp_path, args, message):
    result = runner.invoke(args=["export", "responses", *args, "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "x.csv").exists()


def test_the_response_list_offers_the_export_with_its_filters(export_survey, client, db, login):
    login(make_user("manager"))
    db.session.commit()
    page = client.get(f"/manage/surveys/{export_survey.id}/responses?status=complete&to=2026-08-31")
    html = page.get_data(as_text=True)
    assert f'method="post" action="/manage/surveys/{export_survey.id}/responses/export"' in html
    assert '<input type="hidden" name="status" value="complete">' in html
    assert '<input type="hidden" name="to" value="2026-08-31">' in html
    assert '<option value="en">Nhãn: English</option>' in html
    assert '<option value="codes">Mã phương án</option>' in html


def test_the_version_filter_narrows_the_export(export_survey, client, db, login):
    login(make_user("manager"))
    db.session.commit()
    url = f"/manage/surveys/{export_survey.id}/responses/export"
    for fmt in ("csv", "xlsx"):
        first = client.post(url, data={"format": fmt, "labels": "codes", "version": "1"})
        assert first.status_code == 200
        first.close()
    none = client.post(url, data={"format": "csv", "labels": "codes", "version": "2"})
    assert none.get_data(as_text=True).count("\n") == 1  # the header alone


def test_a_large_xlsx_is_sent_to_csv_or_the_command_line(export_survey, app, client, db, login,
                                                         monkeypatch):  # fmt: skip
    monkeypatch.setitem(app.config, "EXPORT_XLSX_MAX_ROWS", 2)
    login(make_user("manager"))
    db.session.commit()
    url = f"/manage/surveys/{export_survey.id}/responses/export"
    response = client.post(url, data={"format": "xlsx"}, follow_redirects=True)
    assert "Có hơn 2 phiếu: hãy tải CSV" in response.get_data(as_text=True)
    assert audits(db) == []
    drafts = client.post(url, data={"format": "xlsx", "status": "draft"})  # none: under 2
    assert drafts.status_code == 200
    drafts.close()


def test_a_database_failure_is_a_message_not_a_broken_file(export_survey, client, db, login,
                                                           monkeypatch):  # fmt: skip
    from app.exports import services

    def failing(_export):
        raise sa.exc.OperationalError("SELECT", {}, Exception("canceling statement"))

    monkeypatch.setattr(services, "_batches", failing)
    monkeypatch.setattr(services, "_copied", failing)
    login(make_user("manager"))
    db.session.commit()
    url = f"/manage/surveys/{export_survey.id}/responses/export"
    for fmt in ("csv", "xlsx"):
        response = client.post(url, data={"format": fmt}, follow_redirects=True)
        assert "Không xuất được dữ liệu do lỗi cơ sở dữ liệu" in response.get_data(as_text=True)


def test_a_failed_workbook_leaves_no_temporary_file(tmp_path, monkeypatch):
    import tempfile

    from app.exports.xlsx import write_workbook

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def batches():
        yield [("Câu trả lời",)] * 3
        raise sa.exc.OperationalError("SELECT", {}, Exception("connection lost"))

    with pytest.raises(sa.exc.OperationalError):
        write_workbook(io.BytesIO(), header=["a"], batches=batches(), codebook=[], language="vi",
                       typed={})  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_the_export_needs_the_csrf_token(export_survey, app, client, db, login, monkeypatch):
    login(make_user("manager"))
    db.session.commit()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(f"/manage/surveys/{export_survey.id}/responses/export")
    assert response.status_code == 400
    assert audits(db) == []


def test_stream_and_mode_filter_the_list_and_the_export(export_survey, client, db, login):
    from app.responses.models import Response

    db.session.execute(sa.update(Response).where(Response.id == 2)
                       .values(stream="sample", mode="assisted"))  # fmt: skip
    login(make_user("manager"))
    db.session.commit()
    listing = client.get(f"/manage/surveys/{export_survey.id}/responses?stream=sample")
    html = listing.get_data(as_text=True)
    assert "1 phiếu trả lời" in html
    assert '<option value="sample" selected>Mẫu xác suất</option>' in html
    assert '<input type="hidden" name="stream" value="sample">' in html  # the export keeps it
    url = f"/manage/surveys/{export_survey.id}/responses/export"
    for data, ids in (({"stream": "sample"}, ["2"]), ({"mode": "self"}, ["1", "3"]),
                      ({"stream": "nonsense"}, ["1", "2", "3"])):  # fmt: skip
        text = client.post(url, data={"labels": "codes", **data}).get_data(as_text=True)
        assert [row[0] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:] == ids
    assert audits(db)[0].details["filters"] == {"stream": "sample"}
