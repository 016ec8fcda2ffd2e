"""The collector column of response exports: a pseudonymous code, never a name or an email.

Runs on SQLite (Python's csv module) and PostgreSQL (COPY): the expected cells are the same.
"""

import csv
import io

import openpyxl
import pytest

from app.exports.services import csv_bytes, prepare_export, write_xlsx
from app.fieldwork.collectors import collector_code
from app.responses.answers import PageAnswers
from app.responses.filters import ResponseFilters
from app.responses.services import save_page, start_response, submit_response
from tests.exports.conftest import DEFINITION
from tests.factories import make_user

COLUMN = "response.collector"
ENUMERATOR = {"full_name": "Nguyễn Thị Điều Tra", "email": "dieutra.vien@skhcn.test"}
CLERK = {"full_name": "Phạm Văn Nhập Liệu", "email": "nhap.lieu@skhcn.test"}


@pytest.fixture
def collected(export_survey, db):
    """Two more responses: an enumerator's interview (4) and a clerk's paper form (5)."""
    enumerator = make_user("enumerator", **ENUMERATOR)
    clerk = make_user("staff", **CLERK)
    questions = [q for q in DEFINITION["pages"][0]["questions"] if q["code"] == "channel"]
    for mode, user in (("assisted", enumerator), ("paper", clerk)):
        response = start_response(export_survey, mode=mode, collector=user)
        save_page(response, questions, PageAnswers(values={"channel": "loa"}))
        submit_response(response)
    db.session.commit()
    return enumerator, clerk


def rows_of(survey, labels: str) -> list[list[str]]:
    export = prepare_export(survey, ResponseFilters(), "csv", labels)
    data = b"".join(csv_bytes(export)).decode()
    return list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))


def test_the_code_is_stable_and_without_look_alikes(app):
    from app.responses.models import RECEIPT_ALPHABET

    code = collector_code(7)
    assert code == collector_code(7) != collector_code(8)
    assert code.startswith("ĐTV-")
    assert set(code.removeprefix("ĐTV-")) <= set(RECEIPT_ALPHABET)


@pytest.mark.parametrize(("labels", "header"), [("vi", "Mã người thu thập"),
                                                 ("codes", COLUMN)])  # fmt: skip
def test_assisted_and_paper_responses_carry_their_collectors_code(
    export_survey, collected, labels, header
):
    enumerator, clerk = collected
    header_row, *rows = rows_of(export_survey, labels)
    index = header_row.index(header)
    assert header_row[index - 1] == ("Nguồn phiếu" if labels == "vi" else "response.stream")
    assert [(r[0], r[index]) for r in rows] == [
        ("1", ""), ("2", ""), ("3", ""),  # self-completed: nobody recorded them
        ("4", collector_code(enumerator.id)),
        ("5", collector_code(clerk.id)),
    ]  # fmt: skip
    assert rows[3][index] != rows[4][index]


def test_no_export_holds_a_collectors_name_or_email(export_survey, collected):
    personal = [v for person in (ENUMERATOR, CLERK) for v in person.values()]
    for labels in ("vi", "en", "codes"):
        export = prepare_export(export_survey, ResponseFilters(), "csv", labels)
        text = b"".join(csv_bytes(export)).decode()
        assert not [s for s in personal if s in text], labels
        target = io.BytesIO()
        write_xlsx(prepare_export(export_survey, ResponseFilters(), "xlsx", labels), target)
        book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
        cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True)
                 for c in row if c is not None]  # fmt: skip
        assert not [s for s in personal if any(s in c for c in cells)], labels


def test_the_workbook_holds_the_codes_and_explains_them(export_survey, collected):
    enumerator, _clerk = collected
    target = io.BytesIO()
    write_xlsx(prepare_export(export_survey, ResponseFilters(), "xlsx", "vi"), target)
    book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    data, codebook = (list(s.iter_rows(values_only=True)) for s in book)
    index = data[0].index("Mã người thu thập")
    assert data[4][index] == collector_code(enumerator.id)
    (entry,) = [r for r in codebook if r[0] == COLUMN]
    assert entry[1] == "Mã người thu thập"
    assert entry[5].startswith("Mã bí danh của điều tra viên (phỏng vấn có hỗ trợ) hoặc cán bộ "
                               "nhập liệu (phiếu giấy)")  # fmt: skip


def test_the_web_download_carries_the_codes(export_survey, collected, client, db, login):
    _enumerator, clerk = collected
    login(make_user("manager"))
    db.session.commit()
    url = f"/manage/surveys/{export_survey.id}/responses/export"
    response = client.post(url, data={"format": "csv", "labels": "codes", "mode": "paper"})
    header, *rows = csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    assert [r[header.index(COLUMN)] for r in rows] == [collector_code(clerk.id)]
    assert CLERK["full_name"] not in response.get_data(as_text=True)
