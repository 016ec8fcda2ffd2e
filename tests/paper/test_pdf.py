"""The questionnaire PDF of the built-in citizen survey: A4, one copy per serial, every copy
with its own serial, QR code and page numbers, the question texts exact."""

import io
import re
import unicodedata

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.audit.models import AuditEntry
from app.paper.serials import Copy, numbered_copies
from app.paper.services import print_questionnaire, questionnaire_pdf
from tests.paper.conftest import pdf_text, qr_codes, requires_poppler
from tests.paper.fixtures import GIA_RAI, every_type_definition

pytestmark = requires_poppler
A4 = (595.28, 841.89)  # points


def render(survey, language="vi", copies=None) -> bytes:
    version = survey.latest_version
    copies = copies or numbered_copies("P", 7, 3, slug=survey.slug, version=version.number)
    return questionnaire_pdf(version.definition, language=language, copies=copies,
                             slug=survey.slug, version=version.number)  # fmt: skip


def questions(survey) -> list[dict]:
    pages = survey.latest_version.definition["pages"]
    return [q for p in pages for q in p["questions"] if q["type"] not in {"note", "consent"}]


@pytest.fixture
def vietnamese(citizen) -> bytes:
    return render(citizen)


def test_every_page_is_a4_and_each_copy_has_the_same_pages(vietnamese):
    pages = PdfReader(io.BytesIO(vietnamese)).pages
    sizes = {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in pages}
    assert sizes == {A4}
    assert len(pages) % 3 == 0
    assert len(pages) >= 6


def test_each_copy_numbers_its_own_pages_under_its_serial(vietnamese, tmp_path):
    count = len(PdfReader(io.BytesIO(vietnamese)).pages)
    per_copy = count // 3
    footers = re.findall(r"Phiếu số (P-\d{6}) · Trang (\d+)/(\d+)", pdf_text(vietnamese, tmp_path))
    assert footers == [
        (serial, str(n), str(per_copy))
        for serial in ("P-000007", "P-000008", "P-000009")
        for n in range(1, per_copy + 1)
    ]
    first_of_second = pdf_text(vietnamese, tmp_path, first=per_copy + 1, last=per_copy + 1)
    assert first_of_second.count("P-000008") == 2  # the serial box and the footer
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NGÃI" in first_of_second


def test_the_qr_code_of_each_copy_holds_its_serial(vietnamese, tmp_path):
    per_copy = len(PdfReader(io.BytesIO(vietnamese)).pages) // 3
    assert qr_codes(vietnamese, tmp_path, 1) == ["NQ57:P-000007:nguoi-dan-nq57:v1"]
    assert qr_codes(vietnamese, tmp_path, per_copy + 1) == ["NQ57:P-000008:nguoi-dan-nq57:v1"]
    assert qr_codes(vietnamese, tmp_path, 2) == []


def test_question_texts_keep_their_vietnamese_letters_exactly(citizen, vietnamese, tmp_path):
    text = pdf_text(vietnamese, tmp_path)
    for n, question in enumerate(questions(citizen), start=1):
        wanted = unicodedata.normalize("NFC", " ".join(question["text"]["vi"].split()))
        assert f"{n}. {wanted}" in text
    assert "(Chỉ trả lời nếu câu 4 chọn “Có”)" in text
    assert "Nếu chọn phương án này, trả lời câu 5–7" in text
    assert "Tôi đồng ý tham gia khảo sát" in text


def test_an_english_form_prints_the_english_texts(citizen, tmp_path):
    text = pdf_text(render(citizen, "en"), tmp_path)
    for question in questions(citizen):
        assert " ".join(question["text"]["en"].split()) in text
    assert "Ông/Bà đang sống ở xã, phường nào?" not in text
    assert "Page 1 of " in text  # the interface's own English


def test_a_copy_without_a_qr_text_prints_an_empty_box(citizen, tmp_path):
    document = render(citizen, copies=[Copy("KT-000001")])
    assert qr_codes(document, tmp_path, 1) == []
    assert "Phiếu số KT-000001 · Trang 1/" in pdf_text(document, tmp_path)


def test_printing_records_the_serials_in_the_audit_log(db, citizen):
    version = citizen.latest_version
    copies = numbered_copies("P", 1, 2, slug=citizen.slug, version=1)
    document = print_questionnaire(citizen, version, language="vi", copies=copies, actor=None)
    assert document.startswith(b"%PDF")
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "paper.print"))
    assert entry.target_id == str(citizen.id)
    assert entry.details == {"version": 1, "language": "vi", "copies": 2,
                             "first": "P-000001", "last": "P-000002"}  # fmt: skip


def test_copies_share_one_layout_so_the_file_grows_only_by_their_stamps(citizen):
    one = render(citizen, copies=numbered_copies("P", 1, 1, slug=citizen.slug, version=1))
    twelve = render(citizen, copies=numbered_copies("P", 1, 12, slug=citizen.slug, version=1))
    assert len(PdfReader(io.BytesIO(twelve)).pages) == 12 * len(PdfReader(io.BytesIO(one)).pages)
    assert len(twelve) < 3 * len(one)


def test_gia_rai_combining_marks_survive(app, tmp_path):
    definition = every_type_definition()
    copies = [Copy("P-000001")]
    document = questionnaire_pdf(definition, language="jra", copies=copies, slug="thu", version=1)
    # pdftotext may put a space beside a GPOS-placed mark (see tests/reports/test_pdf.py), so
    # the letters and marks are compared without spaces.
    text = "".join(pdf_text(document, tmp_path).split())
    assert "".join(GIA_RAI.split()) in text
