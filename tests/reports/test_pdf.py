"""Tests of the PDF pipeline: Vietnamese text round trip, embedded fonts and the URL policy."""

from __future__ import annotations

import base64
import io
import logging
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from app.reports import fonts
from app.reports import pdf as pdf_module
from app.reports.pdf import render_pdf

BASE_URL = "http://nq57.test/"
STATIC_DIR = Path(pdf_module.__file__).resolve().parent.parent / "static"
PDFTOTEXT = shutil.which("pdftotext")

requires_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext not found: apt-get install poppler-utils"
)

VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
# No mark, huyền, sắc, hỏi, ngã, nặng.
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
SENTENCE = "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi — Nghị quyết 57-NQ/TW"
# Gia Rai: o-horn / u-horn + combining breve U+0306, which have no precomposed form.
GIA_RAI = "ơ\u0306 ư\u0306 Ơ\u0306 Ư\u0306"

FAMILIES = {
    # body class -> (BaseFont fragment, embedded family name, embedded PostScript names)
    "official": (
        "NQ57-Liberation-Serif",
        "Liberation Serif",
        {
            "LiberationSerif",
            "LiberationSerif-Bold",
            "LiberationSerif-Italic",
            "LiberationSerif-BoldItalic",
        },
    ),
    "sans": (
        "NQ57-Be-Vietnam-Pro",
        "Be Vietnam Pro",
        {
            "BeVietnamPro-Regular",
            "BeVietnamPro-Bold",
            "BeVietnamPro-Italic",
            "BeVietnamPro-BoldItalic",
        },
    ),
}


def _syllables(upper: bool) -> str:
    """Return every vowel with every tone, precomposed (NFC), in one case, comma-separated."""
    words = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
    # Commas, because pdftotext glues a line of evenly spaced one-letter words together.
    return ", ".join(w.upper() if upper else w for w in words)


VIETNAMESE = (
    _syllables(upper=False),
    _syllables(upper=True),
    "đ, Đ",
    SENTENCE,
)
STYLED = ("Đậm", "Nghiêng", "Đậm nghiêng")


def _html(body_class: str, paragraphs: tuple[str, ...]) -> str:
    """Return a page of paragraphs, then bold, italic and bold italic words."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    bold, italic, both = STYLED
    return f"""<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><link rel="stylesheet" href="/static/css/print.css"></head>
<body class="{body_class}">
{body}
<p><b>{bold}</b> <i>{italic}</i> <b><i>{both}</i></b></p>
</body>
</html>"""


def _is_mark(char: str) -> bool:
    """Tell whether a one-character string is a combining mark."""
    return bool(char) and unicodedata.category(char).startswith("M")


def _normalise(text: str) -> str:
    """Collapse whitespace, join combining marks to their base, and apply NFC."""
    text = " ".join(text.split())
    # pdftotext may put a space or line break between a GPOS-positioned mark and its base (see
    # GIA_RAI_LAYOUT_LIMIT); no word starts with a combining mark, so that is an artefact.
    text = "".join(
        c for i, c in enumerate(text) if not (c == " " and _is_mark(text[i + 1 : i + 2]))
    )
    return unicodedata.normalize("NFC", text)


def _render_per_family(paragraphs: tuple[str, ...]) -> dict[str, bytes]:
    """Render the paragraphs once per font family (body class)."""
    return {c: render_pdf(_html(c, paragraphs), base_url=BASE_URL) for c in FAMILIES}


def _pdftotext(document: bytes, tmp_path: Path, *options: str) -> str:
    """Extract the text of a PDF with poppler's pdftotext."""
    path = tmp_path / "sample.pdf"
    path.write_bytes(document)
    result = subprocess.run(
        [PDFTOTEXT, *options, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def vietnamese_pdfs() -> dict[str, bytes]:
    """PDFs of the Vietnamese sample, one per font family."""
    return _render_per_family(VIETNAMESE)


@pytest.fixture(scope="module")
def gia_rai_pdfs() -> dict[str, bytes]:
    """PDFs of the Gia Rai combining-breve sample, one per font family."""
    return _render_per_family((GIA_RAI,))


def _fonts(document: bytes) -> list[tuple[str, dict, TTFont | None]]:
    """Return (BaseFont, FontDescriptor, embedded TrueType program) for each font of a PDF."""
    found = []
    for page in PdfReader(io.BytesIO(document)).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile2")
            embedded = TTFont(io.BytesIO(program.get_object().get_data())) if program else None
            found.append((str(font.get_object()["/BaseFont"]), descriptor, embedded))
    return found


def test_sample_covers_precomposed_vietnamese() -> None:
    """Every tone on every vowel is one precomposed code point, and Gia Rai has none."""
    syllables = _syllables(upper=False).split(", ") + _syllables(upper=True).split(", ")
    assert len(syllables) == len(VOWELS) * len(TONES) * 2
    assert all(len(s) == 1 for s in syllables)
    assert unicodedata.normalize("NFC", "ơ\u0306") == "ơ\u0306"


@requires_pdftotext
@pytest.mark.parametrize("body_class", FAMILIES)
def test_vietnamese_text_round_trips_through_pdftotext(
    vietnamese_pdfs: dict[str, bytes], body_class: str, tmp_path: Path
) -> None:
    """pdftotext gives back exactly the rendered Vietnamese, up to NFC and whitespace."""
    text = _pdftotext(vietnamese_pdfs[body_class], tmp_path)
    assert _normalise(text) == _normalise(" ".join((*VIETNAMESE, *STYLED)))


# Be Vietnam Pro anchors the breve with GPOS (about -0.5 em over the horned vowel, plus a text
# rise over capitals), which WeasyPrint writes as TJ offsets and Ts. pdftotext's default layout
# analysis re-sorts such glyphs into words and lines of their own, out of reading order; the
# text itself is right, as the -raw (content stream order) and pypdf checks show.
GIA_RAI_LAYOUT_LIMIT = pytest.mark.xfail(
    strict=True, reason="pdftotext layout analysis re-sorts GPOS-offset marks"
)


@requires_pdftotext
@pytest.mark.parametrize(
    ("body_class", "options"),
    [
        pytest.param("official", (), id="official-layout"),
        pytest.param("official", ("-raw",), id="official-raw"),
        pytest.param("sans", (), id="sans-layout", marks=GIA_RAI_LAYOUT_LIMIT),
        pytest.param("sans", ("-raw",), id="sans-raw"),
    ],
)
def test_gia_rai_breve_round_trips_through_pdftotext(
    gia_rai_pdfs: dict[str, bytes], body_class: str, options: tuple[str, ...], tmp_path: Path
) -> None:
    """o-horn and u-horn with a combining breve come back canonically equivalent."""
    text = _pdftotext(gia_rai_pdfs[body_class], tmp_path, *options)
    assert _normalise(text) == _normalise(f"{GIA_RAI} {' '.join(STYLED)}")


@pytest.mark.parametrize("body_class", FAMILIES)
def test_text_layer_keeps_marks_after_their_base(
    gia_rai_pdfs: dict[str, bytes], body_class: str
) -> None:
    """In content order (pypdf), each Gia Rai breve directly follows its horned vowel."""
    page = PdfReader(io.BytesIO(gia_rai_pdfs[body_class])).pages[0]
    text = unicodedata.normalize("NFC", " ".join(page.extract_text().split()))
    assert text.startswith(GIA_RAI)


@pytest.mark.parametrize("body_class", FAMILIES)
def test_fonts_are_embedded_from_the_registry(
    vietnamese_pdfs: dict[str, bytes], body_class: str
) -> None:
    """Every font is an embedded subset of the expected family; nothing fell back."""
    base_font_part, family, postscript_names = FAMILIES[body_class]
    fonts = _fonts(vietnamese_pdfs[body_class])
    assert fonts
    for base_font, descriptor, embedded in fonts:
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, base_font
        assert re.fullmatch(rf"/[A-Z]{{6}}\+{base_font_part}(-[A-Za-z-]+)?", base_font), base_font
        assert embedded is not None
        assert embedded["name"].getDebugName(1) == family
    assert {embedded["name"].getDebugName(6) for _, _, embedded in fonts} == postscript_names


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.css",
        f"{BASE_URL}static/../../config.py",
        f"{BASE_URL}static/%2e%2e/%2e%2e/config.py",
        f"{BASE_URL}static/css/../../../config.py",
        f"{BASE_URL}config.py",
        f"{BASE_URL}static/",
        f"{BASE_URL}static/.hidden.css",
        "https://nq57.test/static/css/print.css",
        "ftp://nq57.test/static/css/print.css",
        f"{BASE_URL}_pdf-fonts/DejaVuSans.ttf",
        f"{BASE_URL}_pdf-fonts/../static/css/print.css",
        f"{BASE_URL}_pdf-fonts//usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ],
)
def test_fetcher_refuses(url: str) -> None:
    """Anything but the app's static files, PDF fonts and data: URLs is refused."""
    with pytest.raises(ValueError, match="refused"):
        pdf_module._make_fetcher(BASE_URL).fetch(url)


@pytest.mark.parametrize(
    ("url", "path", "content_type"),
    [
        (f"{BASE_URL}static/css/print.css", STATIC_DIR / "css/print.css", "text/css"),
        (f"{BASE_URL}static/css/print.css?v=2#x", STATIC_DIR / "css/print.css", "text/css"),
        (
            f"{BASE_URL}_pdf-fonts/LiberationSerif-Regular.ttf",
            Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
            "font/ttf",
        ),
    ],
)
def test_fetcher_serves_app_files(url: str, path: Path, content_type: str) -> None:
    """Static files and allowlisted fonts are served with their bytes and MIME type."""
    response = pdf_module._make_fetcher(BASE_URL).fetch(url)
    assert response.read() == path.read_bytes()
    assert response.content_type == content_type


def test_fetcher_serves_data_urls() -> None:
    """data: URLs are decoded locally."""
    response = pdf_module._make_fetcher(BASE_URL).fetch("data:text/css,p%7Bcolor:red%7D")
    assert response.read() == b"p{color:red}"


def test_fetcher_honours_an_app_root_below_the_host() -> None:
    """With the app mounted under a prefix, only URLs below that prefix are served."""
    fetcher = pdf_module._make_fetcher("http://nq57.test/khao-sat")
    assert fetcher.fetch("http://nq57.test/khao-sat/static/css/print.css").read()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch("http://nq57.test/static/css/print.css")


def test_fetcher_refuses_symlinks_leaving_static(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A symlink inside static/ that points outside it is refused; one inside is served."""
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "ok.css").write_text("p {}")
    (static / "alias.css").symlink_to(static / "css" / "ok.css")
    (tmp_path / "secret.css").write_text("secret")
    (static / "leak.css").symlink_to(tmp_path / "secret.css")
    monkeypatch.setattr(pdf_module, "_STATIC_ROOT", static)
    fetcher = pdf_module._make_fetcher(BASE_URL)

    assert fetcher.fetch(f"{BASE_URL}static/alias.css").read() == b"p {}"
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(f"{BASE_URL}static/leak.css")


def test_font_registry_allowlists_files() -> None:
    """Only allowlisted names resolve, and each to an installed file."""
    assert fonts.font_path("BeVietnamPro-Regular.ttf") == fonts.require_font(
        "BeVietnamPro-Regular.ttf"
    )
    assert fonts.font_path("DejaVuSans.ttf") is None
    assert fonts.font_path("../liberation2/LiberationSerif-Regular.ttf") is None
    with pytest.raises(ValueError, match="not an allowlisted"):
        fonts.require_font("DejaVuSans.ttf")
    fonts.check_fonts()


def test_missing_fonts_stop_rendering_with_install_hints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Missing font files fail loudly, naming the package to install, instead of falling back."""
    monkeypatch.setattr(fonts, "LIBERATION2_DIR", tmp_path)
    monkeypatch.setattr(fonts, "find_spec", lambda _name: None)

    with pytest.raises(fonts.FontNotFoundError, match="apt-get install fonts-liberation2"):
        fonts.require_font("LiberationSerif-Bold.ttf")
    with pytest.raises(fonts.FontNotFoundError, match="pip install fontpkg-be-vietnam-pro"):
        render_pdf("<p>x</p>", base_url=BASE_URL)


def test_render_pdf_requires_an_http_base_url() -> None:
    """A base_url that is not the app's http(s) root is a programming error."""
    with pytest.raises(ValueError, match="base_url"):
        render_pdf("<p>x</p>", base_url="file:///work/main/app/")


def test_refused_resources_are_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Local files are neither drawn nor attached, and rendering still succeeds."""
    png = tmp_path / "dot.png"
    Image.new("RGB", (4, 4), "red").save(png)
    data_png = "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode()
    html = f"""<!doctype html><html><head>
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="attachment" href="file:///etc/passwd"></head>
<body><p>Kiểm tra</p>
<img src="file:///etc/passwd"><img src="{png.as_uri()}"><img src="{data_png}">
<a rel="attachment" href="file:///etc/passwd">đính kèm</a></body></html>"""

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = PdfReader(io.BytesIO(render_pdf(html, base_url=BASE_URL)))

    xobjects = document.pages[0]["/Resources"].get("/XObject", {})
    images = [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1  # only the data: image, proving images do get embedded
    assert "/EmbeddedFiles" not in document.trailer["/Root"].get("/Names", {})
    assert not document.pages[0].get("/Annots")
    assert "refused 'file:///etc/passwd'" in caplog.text
    assert f"refused '{png.as_uri()}'" in caplog.text
