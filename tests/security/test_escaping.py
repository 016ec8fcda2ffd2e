"""Script, attribute break-outs, javascript: URLs and template syntax typed into survey texts,
answers, unit and people's names and imported files come out as text: in every page (no
markup, no evaluated template), in exports (no spreadsheet formula) and in PDFs (literally)."""

import csv
import io
import json
import re

import openpyxl
from pypdf import PdfReader

from app.responses.links import create_link
from tests.security.conftest import (
    EVALUATED,
    FORMULA,
    PAYLOAD,
    SCRIPT,
    SSTI,
    nothing_stored,
    page_text,
    sign_in,
    unsafe_markup,
)

# Manager and administrator pages that show the hostile survey, its answers, link, unit or people.
MANAGER_PAGES = [
    "/manage/surveys/", "/manage/surveys/{s}", "/manage/surveys/{s}/settings",
    "/manage/surveys/{s}/preview", "/manage/surveys/{s}/preview?lang=en&page=2",
    "/manage/surveys/{s}/translations/en", "/manage/surveys/{s}/pages/p1/edit",
    "/manage/surveys/{s}/questions/channel/edit", "/manage/surveys/{s}/responses",
    "/manage/surveys/{s}/responses/{r}", "/manage/surveys/{s}/activity",
    "/manage/surveys/{s}/links", "/manage/surveys/{s}/links/{l}/revoke",
    "/manage/surveys/{s}/enumerators", "/manage/surveys/{s}/backchecks",
    "/manage/surveys/{s}/entry", "/manage/surveys/{s}/paper", "/manage/surveys/{s}/clone",
    "/manage/surveys/{s}/close", "/manage/surveys/{s}/question/note/remove",
    "/manage/reports/survey", "/manage/indicators/", "/manage/sampling/new",
    "/manage/enterprises/invite/{s}", "/admin/units", "/admin/units/{u}/edit", "/admin/users",
    "/admin/users/{staff}/edit",
]  # fmt: skip
# Pages given the payload in their address; True where they echo it (into a field or message).
REFLECTED = {
    "/admin/users?q={p}": True, "/admin/units?q={p}": True, "/admin/audit?action={p}": False,
    "/manage/registers/tasks/?q={p}": True, "/manage/indicators/?period={p}": True,
    "/manage/reports/survey?survey={p}&period={p}": True,
    "/manage/surveys/{s}/paper?prefix={p}": True, "/manage/surveys/{s}/entry?serial={p}": True,
    "/manage/bank/?instrument={p}": False, "/manage/surveys/{s}/responses?from={p}&link={p}": True,
    "/manage/surveys/{s}/preview?lang={p}": True, "/manage/indicators/{p}": False,
    "/s/{p}": False,
}  # fmt: skip


def problems(response, *, shows_payload: bool = True) -> list[str]:
    """What is wrong with a page: an error status, injected markup, a payload evaluated or not
    shown as text."""
    if response.status_code >= 500:
        return [f"status {response.status_code}"]
    found = unsafe_markup(response.data)
    text = page_text(response.data)
    if shows_payload and not ("alert(1)" in text and SSTI in text):
        found.append("the payload is not shown as text")
    if EVALUATED in text.replace(response.request.url, ""):
        found.append("a template expression was evaluated")
    return found


def check_pages(client, urls: list[str], **kw) -> dict[str, list[str]]:
    failures = {}
    for url in urls:
        response = client.get(url)
        if found := problems(response, **kw):
            failures[url] = found
    return failures


def urls(templates: list[str], hostile, **extra) -> list[str]:
    ids = {"s": hostile.survey.id, "r": hostile.responses[0].id, "l": hostile.link.id,
           "u": hostile.unit.id, "staff": hostile.staff.id, **extra}  # fmt: skip
    return [t.format(**ids) for t in templates]


def test_the_checks_find_injected_markup():
    page = f"<!doctype html><title>x</title><p>{PAYLOAD}</p><a href=' JaVa\tscript:x'>"
    found = unsafe_markup(page.encode())
    assert "inline script: 'alert(1)'" in found
    assert "the payload's <img>" in found
    assert "<img onerror=…>" in found
    assert any(f.startswith("<a href=") for f in found)
    assert unsafe_markup(b'<!doctype html><script src="/static/js/a.js"></script>') == []


def test_manager_and_admin_pages_show_payloads_as_text(client, hostile):
    sign_in(client, hostile.admin)
    assert check_pages(client, urls(MANAGER_PAGES, hostile)) == {}


def test_reflected_query_values_come_back_as_text(app, client, hostile):
    from urllib.parse import quote

    payload = quote(PAYLOAD, safe="")
    login = app.test_client().get(f"/login?next={payload}")
    assert problems(login) == []  # kept in a hidden field, as text
    sign_in(client, hostile.admin)
    failures = {}
    for url, echoes in zip(urls(list(REFLECTED), hostile, p=payload), REFLECTED.values(),
                           strict=True):  # fmt: skip
        if found := problems(client.get(url), shows_payload=echoes):
            failures[url] = found
    assert failures == {}


def test_the_respondents_pages_show_payloads_as_text(app, client, db, hostile):
    start = f"/s/{hostile.link.token}"
    english = app.test_client().get(f"{start}?lang=en")
    pages = {"form": client.get(start), "form in English": english,
             "form with errors": client.post(start, data={"q_channel_other": PAYLOAD})}  # fmt: skip
    first = client.post(start, data={"q_consent": "yes", "q_commune": "21211",
                                     "q_channel": "__other__",
                                     "q_channel_other": PAYLOAD})  # fmt: skip
    assert first.status_code == 303
    pages["second page"] = client.get(first.headers["Location"])
    pages["second page with errors"] = client.post(first.headers["Location"],
                                                   data={"q_note": PAYLOAD * 10})  # fmt: skip
    done = client.post(first.headers["Location"], data={"q_note": PAYLOAD, "q_idea": PAYLOAD})
    assert done.status_code == 303
    receipt = client.get(done.headers["Location"])
    assert problems(receipt, shows_payload=False) == []
    assert "Mã biên nhận" in receipt.get_data(as_text=True)
    hostile.survey.status = "closed"
    db.session.commit()
    pages["closed"] = app.test_client().get(start)
    assert pages["closed"].status_code == 410
    failures = {name: found for name, r in pages.items() if (found := problems(r))}
    assert failures == {}
    assert "Lỗi: " in pages["second page with errors"].get_data(as_text=True)


def test_staff_pages_show_payloads_as_text(client, hostile):
    sign_in(client, hostile.staff)
    pages = ["/me", f"/me/surveys/{hostile.staff_survey.id}", "/reports/units/"]
    assert check_pages(client, pages) == {}


def test_a_unit_reports_typed_texts_are_shown_as_text(app, client, db, hostile):
    from datetime import date

    from app.unit_reports.calendar import ensure_period
    from tests.factories import make_channel

    period = ensure_period(2026, 1)
    channel = make_channel(hostile.unit, date(2025, 1, 1), name=f"Kênh {PAYLOAD}")
    db.session.commit()
    url = f"/reports/units/{period.id}/XSS_UNIT"
    sign_in(client, hostile.staff)
    saved = client.post(url, data={
        "summary_1": PAYLOAD, "products-0-task": "III.1", "products-0-channel_id": str(channel.id),
        "products-0-kind": "article", "products-0-title": PAYLOAD,
        "products-0-url": f'https://skhcn.example.vn/?q={SCRIPT}"><svg/onload=alert(1)>',
        "products-0-published_on": "02/03/2026", "products-0-language": "vi",
        "save": "Lưu dự thảo"})  # fmt: skip
    assert saved.status_code == 303
    assert check_pages(client, [url, f"/reports/units/{period.id}/"]) == {}
    reviewer = app.test_client()
    sign_in(reviewer, hostile.admin)
    assert check_pages(reviewer, ["/reports/units/", url]) == {}


# --- files in: imports whose contents carry the payloads -----------------------------------


def upload(client, url: str, data: bytes, name: str, **fields):
    return client.post(url, data={"file": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data")  # fmt: skip


def test_an_exported_survey_imports_back_with_its_payloads_as_text(client, hostile):
    sign_in(client, hostile.admin)
    exported = client.get(f"/manage/surveys/{hostile.survey.id}/export")
    assert exported.mimetype == "application/json"
    document = json.loads(exported.data)
    assert document["definition"]["title"]["vi"] == f"Khảo sát {PAYLOAD}"
    imported = upload(client, "/manage/surveys/import", exported.data, "x.json",
                      slug="nhap-lai", audience="citizen")  # fmt: skip
    assert imported.status_code == 303
    draft = imported.headers["Location"]
    assert check_pages(client, [draft, f"{draft}/preview", f"{draft}/preview?page=2"]) == {}


def test_import_errors_quote_the_file_as_text(client, db, hostile):
    sign_in(client, hostile.admin)
    document = json.loads(client.get(f"/manage/surveys/{hostile.survey.id}/export").data)
    document["definition"]["pages"][0]["questions"][0]["code"] = PAYLOAD
    document["definition"]["pages"][0]["code"] = SCRIPT
    body = json.dumps(document).encode()
    with nothing_stored():
        response = upload(
            client, "/manage/surveys/import", body, "x.json", slug="x", audience="citizen"
        )
        units = upload(client, "/admin/units/import",
                       f"code,name,type\n{PAYLOAD},A,{SCRIPT}\n".encode(), "u.csv")  # fmt: skip
    assert problems(response, shows_payload=False) == []
    assert f"trang 1: mã `{PAYLOAD}` phải bắt đầu" in page_text(response.data)  # quoted as text
    assert problems(units, shows_payload=False) == []
    assert "dòng 2" in units.get_data(as_text=True)


def test_an_imported_unit_name_is_shown_as_text(client, db, hostile):
    sign_in(client, hostile.admin)
    data = f"code,name,type\nX_IMPORT,Phòng nhập {PAYLOAD},division\n".encode()
    assert upload(client, "/admin/units/import", data, "u.csv").status_code == 303
    assert check_pages(client, ["/admin/units?q=nhập", "/admin/units"]) == {}


# --- files out: exports and PDFs ---------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def formula_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run: starting with = + - @, a tab or a carriage return."""
    return [cell for row in rows for cell in row if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]


def test_the_response_csv_neutralises_formulas_and_keeps_text(client, hostile):
    sign_in(client, hostile.admin)
    url = f"/manage/surveys/{hostile.survey.id}/responses/export"
    for labels in ("vi", "en", "codes"):
        rows = csv_rows(client.post(url, data={"format": "csv", "labels": labels}))
        assert formula_cells(rows) == [], labels
        cells = {cell for row in rows for cell in row}
        assert "'" + FORMULA in cells, labels  # the "other" answer, shown as typed after a quote
        assert f"'+{PAYLOAD}" in cells, labels


def test_the_response_workbook_types_every_answer_as_text(client, hostile):
    sign_in(client, hostile.admin)
    url = f"/manage/surveys/{hostile.survey.id}/responses/export"
    with client.post(url, data={"format": "xlsx", "labels": "vi"}) as response:
        data = response.data
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert FORMULA in values  # as typed, and a string: a workbook never runs it
    assert f"+{PAYLOAD}" in values


def test_register_and_invitation_files_neutralise_formulas(client, db, hostile):
    from tests.factories import make_task

    make_task(hostile.unit, 2025, title=FORMULA, code="-1+1")
    create_link(hostile.survey, kind="invitation", organisation=f"@{PAYLOAD}")
    db.session.commit()
    sign_in(client, hostile.admin)
    for url in ("/manage/registers/tasks/export.csv",
                f"/manage/enterprises/invitations/{hostile.survey.id}.csv"):  # fmt: skip
        rows = csv_rows(client.get(url))
        assert len(rows) == 2, url
        assert formula_cells(rows) == [], url


def test_indicator_names_are_text_in_the_dashboard_and_its_files(client, db, hostile):
    from app.indicators.queries import get_indicator_by_code
    from tests.factories import seed_plan

    seed_plan()
    get_indicator_by_code("CITIZEN_ACCESS").name_vi = f"{FORMULA} {PAYLOAD}"
    db.session.commit()
    sign_in(client, hostile.admin)
    assert check_pages(client, ["/manage/indicators/", "/manage/indicators/CITIZEN_ACCESS"]) == {}
    assert formula_cells(csv_rows(client.get("/manage/indicators/export.csv"))) == []
    exported = client.get("/manage/indicators/export.json")
    assert exported.mimetype == "application/json"
    names = [i.get("name") for i in json.loads(exported.data)["indicators"]]
    assert f"{FORMULA} {PAYLOAD}" in names
    book = openpyxl.load_workbook(io.BytesIO(client.get("/manage/indicators/export.xlsx").data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert f"{FORMULA} {PAYLOAD}" in {c.value for c in cells}


def pdf_text(response) -> str:
    assert response.mimetype == "application/pdf", response.status_code
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    return re.sub(r"\s+", "", text)


PDFS = [
    "/manage/surveys/{s}/posters.pdf",
    "/manage/surveys/{s}/paper?version=1&language=vi&copies=1&prefix=P&start=1",
    "/manage/reports/survey?survey=khao-sat-doc-hai&period=2026H2&with_text=y",
]


def test_pdfs_print_payloads_literally(client, hostile):
    """Posters, the paper form and the survey summary (with the written answers)."""
    sign_in(client, hostile.admin)
    for url in PDFS:
        text = pdf_text(client.get(url.format(s=hostile.survey.id)))
        assert re.sub(r"\s+", "", PAYLOAD) in text, url  # printed as typed, not as markup
        assert EVALUATED not in text, url
