"""The built-in citizen survey, published as `flask seed` installs it, and PDF helpers."""

import io
import shutil
import subprocess
import unicodedata

import pytest
import zxingcpp
from PIL import Image

from app.surveys.queries import get_survey_by_slug

PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
requires_poppler = pytest.mark.skipif(
    PDFTOTEXT is None or PDFTOPPM is None,
    reason="pdftotext/pdftoppm not found: apt-get install poppler-utils",
)


@pytest.fixture
def citizen(db, seeded):
    """The citizen survey, version 1, in Vietnamese and English."""
    from tests.factories import seed_plan

    seed_plan()
    db.session.commit()
    return get_survey_by_slug("nguoi-dan-nq57")


def pdf_text(document: bytes, tmp_path, *, first: int | None = None, last: int | None = None):
    """The text of a PDF (or of pages first..last) in drawing order (pdftotext -raw keeps a
    question number with its text), whitespace collapsed, NFC."""
    path = tmp_path / "form.pdf"
    path.write_bytes(document)
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    out = subprocess.run([PDFTOTEXT, "-raw", *pages, "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, check=True).stdout.decode()  # fmt: skip
    return unicodedata.normalize("NFC", " ".join(out.split()))


def qr_codes(document: bytes, tmp_path, page: int) -> list[str]:
    """The QR codes a page of the PDF shows, decoded from a 200 dpi image."""
    path = tmp_path / "form.pdf"
    path.write_bytes(document)
    png = subprocess.run([PDFTOPPM, "-png", "-r", "200", "-f", str(page), "-l", str(page),
                          str(path)], capture_output=True, check=True).stdout  # fmt: skip
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
