"""Respondent codes from the design page and the CLI, the enumerators' assignment sheets (PDF),
and the progress the design page shows."""

import io
import re
import shutil
import subprocess
from html import unescape

import pytest
import sqlalchemy as sa
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from app.audit.models import AuditEntry
from app.responses.links import token_url
from app.responses.models import Link
from app.sampling.codes import create_codes, format_code
from app.sampling.queries import count_codes, list_codes
from app.sampling.services import DesignParameters, create_design
from app.sampling.sheets import sheets_pdf
from app.surveys.queries import get_survey_by_slug
from tests.factories import make_response, make_user, seed_plan
from tests.sampling.conftest import SEED

# ±20 points in two strata (former provinces): n = 46 in five communes, 10 codes in reserve.
SMALL = DesignParameters(margin=0.2, stratification="province", min_communes=2)
COMMUNES = ["Phường Kon Tum", "Xã Kon Đào", "Xã Bình Sơn", "Xã Tư Nghĩa", "Phường Đức Phổ"]
CODES = 46 + 10

requires_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext, pdftoppm) not installed"
)


@pytest.fixture
def design(db, seeded):
    seed_plan()
    made = create_design(get_survey_by_slug("nguoi-dan-nq57"), SMALL, name="Mẫu nhỏ", actor=None,
                         seed=SEED)  # fmt: skip
    db.session.commit()
    return made


@pytest.fixture
def manager(db, login):
    user = make_user("manager")
    db.session.commit()
    login(user)
    return user


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def pdf_text(pdf: bytes, tmp_path, *pages: int) -> str:
    path = tmp_path / "sheets.pdf"
    path.write_bytes(pdf)
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", *span, "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip


@requires_poppler
def test_the_sheets_are_a4_a_commune_per_section_with_every_code(app, db, design, tmp_path):
    create_codes(design, actor=None)
    db.session.commit()
    codes = list_codes(design.id)

    with app.test_request_context():
        pdf = sheets_pdf(design)

    pages = PdfReader(io.BytesIO(pdf)).pages
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} == {
        (595, 842)}  # fmt: skip
    words = pdf_text(pdf, tmp_path)
    assert words.count("PHIẾU PHÂN CÔNG ĐIỀU TRA VIÊN") == 5
    for name in COMMUNES:
        assert name in words
    assert "Kon Tum (cũ) · xã, phường thứ 2 được chọn trong tầng" in words
    assert "Mã chính: 10 người cần phỏng vấn" in words
    assert "Chỉ dùng mã dự phòng khi một người được chọn từ chối trả lời hoặc không gặp" in words
    assert len(codes) == CODES
    for row in codes:
        assert format_code(row.code) in words
        assert f"{design.id:02d}-{row.commune_code}-{row.number:02d}" in words
    assert words.count("Hoàn thành") == CODES + 5  # a box per code, once in each instructions
    assert words.count("Thay thế bằng mã") == 46
    assert words.count("Thay cho mã") == 10
    # each commune starts a page: no page holds two sheet titles
    titled = [pdf_text(pdf, tmp_path, n).count("PHIẾU PHÂN CÔNG") for n in range(1, len(pages) + 1)]
    assert titled.count(1) == 5
    assert set(titled) == {0, 1}


@requires_poppler
def test_the_qr_codes_on_a_sheet_decode_to_their_own_codes(app, db, design, tmp_path):
    create_codes(design, actor=None)
    db.session.commit()
    with app.test_request_context():
        pdf = sheets_pdf(design)
        urls = {format_code(r.code): token_url(r.token) for r in list_codes(design.id)}
    (tmp_path / "sheets.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png",
                    str(tmp_path / "sheets.pdf"), str(tmp_path / "page")], check=True)  # fmt: skip

    (image,) = tmp_path.glob("page-*.png")
    decoded = sorted(r.text for r in zxingcpp.read_barcodes(Image.open(image)))

    on_page = re.findall(r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b", pdf_text(pdf, tmp_path, 1))
    assert len(on_page) >= 5  # the first commune's first rows
    assert decoded == sorted(urls[code] for code in on_page)


def test_staff_can_neither_make_codes_nor_print_sheets(client, db, login, design):
    url = f"/manage/sampling/{design.id}"
    assert client.post(f"{url}/codes").headers["Location"].startswith("/login?next=")
    assert client.get(f"{url}/sheets.pdf").headers["Location"].startswith("/login?next=")
    login(make_user("staff"))
    db.session.commit()

    assert client.post(f"{url}/codes").status_code == 403
    assert client.get(f"{url}/sheets.pdf").status_code == 403
    assert count_codes(design.id) == 0


def test_a_manager_makes_the_codes_once_from_the_design_page(client, db, manager, design):
    url = f"/manage/sampling/{design.id}"
    before = text(client.get(url))
    assert "Sẽ tạo 56 mã còn thiếu; mã đã có được giữ nguyên." in before
    assert f'<form method="post" action="{url}/codes"' in before
    assert "Tải phiếu phân công" not in before

    made = client.post(f"{url}/codes")
    again = client.post(f"{url}/codes")

    assert (made.status_code, made.headers["Location"]) == (303, f"{url}#codes")
    assert count_codes(design.id) == CODES
    after = text(client.get(url))
    assert "Mọi xã, phường của thiết kế đã có đủ mã người trả lời; không tạo thêm." in after
    assert "Đã có 56 trên 56 mã." in after
    assert f'href="{url}/sheets.pdf"' in after
    assert "Tạo mã người trả lời</button>" not in after
    assert again.status_code == 303
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "sampling.codes"))
    assert (entry.actor_id, entry.details["created"]) == (manager.id, CODES)


def test_the_first_creation_is_announced_with_its_count(client, db, manager, design):
    client.post(f"/manage/sampling/{design.id}/codes")
    page = text(client.get(f"/manage/sampling/{design.id}"))
    assert "Đã tạo 56 mã người trả lời." in page


def test_the_design_page_shows_progress_per_stratum_and_commune(client, db, manager, design):
    create_codes(design, actor=None)
    db.session.commit()
    kon_tum = [r for r in list_codes(design.id) if r.commune_code == "23293"]
    links = {link.code: link for link in db.session.scalars(sa.select(Link))}
    for row in kon_tum[:2] + kon_tum[10:11]:  # two respondents and one reserve
        make_response(design.survey, {"heard": "yes"}, link=links[row.code])
    db.session.commit()

    page = text(client.get(f"/manage/sampling/{design.id}"))

    # Kon Tum (cũ): 2 communes, 20 respondents, 24 codes, 3 completed (15%), none in progress,
    # refused, not met or not eligible, 1 of 4 reserve codes used, response rate 3 / 3
    assert re.search(r'<th scope="row">Kon Tum \(cũ\)</th><td class="num">2</td> '
                     r'<td class="num">20</td><td class="num">24</td> <td class="num">3</td>'
                     r'<td class="num">15%</td> <td class="num">0</td><td class="num">0</td> '
                     r'<td class="num">0</td><td class="num">0</td> <td class="num">1 / 4</td>'
                     r'<td class="num">100%</td>', page)  # fmt: skip
    # Phường Kon Tum: 10 respondents, 12 codes, 3 completed, 7 missing, 1 of 2 reserve used
    assert re.search(r'Phường Kon Tum</a> <span class="hint nowrap" translate="no">23293</span>'
                     r'</th> '
                     r'<td class="num">10</td><td class="num">12</td> <td class="num">3</td>'
                     r'<td class="num">7</td> <td class="num">0</td><td class="num">0</td> '
                     r'<td class="num">0</td><td class="num">0</td> <td class="num">1 / 2</td>'
                     r'<td class="num">100%</td>', page)  # fmt: skip


def test_sheets_download_as_a_pdf_and_are_audited(client, db, manager, design):
    url = f"/manage/sampling/{design.id}/sheets.pdf"
    early = client.get(url)
    assert early.status_code == 303
    assert "Hãy tạo mã người trả lời trước khi in phiếu phân công." in text(
        client.get(early.headers["Location"]))  # fmt: skip
    create_codes(design, actor=None)
    db.session.commit()

    response = client.get(url)

    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="phieu-phan-cong-mau-{design.id}.pdf"')  # fmt: skip
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "sampling.sheets"))
    assert (entry.actor_id, entry.target_id) == (manager.id, str(design.id))


def test_a_missing_design_is_404(client, db, manager):
    assert client.post("/manage/sampling/999/codes").status_code == 404
    assert client.get("/manage/sampling/999/sheets.pdf").status_code == 404


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_making_codes_without_a_csrf_token_is_refused(client, db, manager, design, csrf_on):
    assert client.post(f"/manage/sampling/{design.id}/codes").status_code == 400
    assert count_codes(design.id) == 0


def test_the_cli_makes_codes_once_and_writes_the_sheets(runner, db, design, tmp_path):
    output = tmp_path / "phieu.pdf"
    early = runner.invoke(args=["sample", "sheets", str(design.id), "-o", str(output)])
    made = runner.invoke(args=["sample", "codes", str(design.id)])
    again = runner.invoke(args=["sample", "codes", str(design.id)])
    sheets = runner.invoke(args=["sample", "sheets", str(design.id), "-o", str(output)])
    missing = runner.invoke(args=["sample", "codes", "999"])

    assert early.exit_code == 1
    assert f"no respondent codes yet: flask sample codes {design.id}" in early.output
    assert made.output == f"56 codes created; design {design.id} has 56.\n"
    assert again.output == f"0 codes created; design {design.id} has 56.\n"
    assert sheets.exit_code == 0, sheets.output
    assert sheets.output.startswith(f"Wrote {output}: 56 codes, ")
    assert output.read_bytes().startswith(b"%PDF")
    assert (missing.exit_code, "No sample design 999." in missing.output) == (1, True)
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["sampling.codes", "sampling.sheets"]
