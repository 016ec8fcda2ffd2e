"""Tests of the indicator charts: well-formed, accessible, escaped, drawn to scale, and in PDFs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markupsafe import Markup
from pypdf import PdfReader

from app.indicators.charts import STATUS_COLOURS, _num, _pct, progress_svg, trend_svg
from app.reports.pdf import render_pdf

SVG = "{http://www.w3.org/2000/svg}"
BASE_URL = "http://nq57.test/"
ATTACK = "<script>alert(1)</script>"


def _progress(**overrides) -> Markup:
    """A citizen-access chart: 80,5% [75,8%, 83,6%] against 80%, expected 70%."""
    values = {
        "value": 0.805,
        "low": 0.758,
        "high": 0.836,
        "target": 0.8,
        "expected": 0.7,
        "baseline": 0.5,
        "status": "not_conclusive",
        "status_text": "Chưa đủ căn cứ",
        "title": "Người dân tiếp cận thông tin qua hệ thống thông tin cơ sở",
        "value_text": "80,5%",
        "target_text": "Mục tiêu 2030: 80%",
        "expected_text": "Theo lộ trình: 70%",
        "id_prefix": "citizen",
    }
    values.update(overrides)
    return progress_svg(**values)


TREND_POINTS = [
    ("6/2025", 0.62, 0.57, 0.67),
    ("12/2025", 0.705, 0.66, 0.75),
    ("6/2026", None, None, None),
    ("12/2026", 0.78, 0.74, 0.82),
]


def _trend(**overrides) -> Markup:
    values = {
        "points": TREND_POINTS,
        "target": 0.8,
        "title": "Người dân tiếp cận thông tin theo kỳ",
        "id_prefix": "trend",
        "target_text": "Mục tiêu 2030: 80%",
    }
    values.update(overrides)
    return trend_svg(**values)


def _parse(markup: Markup) -> ET.Element:
    """Parse a chart, failing the test if it is not well-formed XML."""
    assert isinstance(markup, Markup)
    return ET.fromstring(str(markup))  # noqa: S314 - our own output, parsed to check it


def _by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def _one(root: ET.Element, name: str) -> ET.Element:
    found = _by_class(root, name)
    assert len(found) == 1, f"expected one .{name}, found {len(found)}"
    return found[0]


def _all_text(element: ET.Element) -> str:
    return "".join(element.itertext())


def _desc(root: ET.Element) -> str:
    return root.find(f"{SVG}desc").text


def _track(root: ET.Element) -> tuple[float, float]:
    """Left edge and width of the progress chart's plot (the bar track)."""
    track = _one(root, "chart-track")
    return float(track.get("x")), float(track.get("width"))


# ---- Number formatting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.805, "80,5%"),
        (1.0, "100%"),
        (0.8, "80%"),
        (0.0, "0%"),
        (0.758, "75,8%"),
        (0.8055, "80,6%"),  # halves round up, not to even
        (0.12345, "12,3%"),
    ],
)
def test_percentages_use_a_decimal_comma(value: float, expected: str) -> None:
    assert _pct(value) == expected


def test_counts_group_thousands_with_dots() -> None:
    assert _num(1234.5) == "1.234,5"
    assert _num(24) == "24"
    assert _num(-0.01) == "0"


# ---- Progress chart --------------------------------------------------------------------------


def test_progress_root_is_an_accessible_scalable_svg() -> None:
    root = _parse(_progress())

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("height") is None  # the viewBox's ratio gives the height
    assert root.get("viewBox") == "0 0 640 110"
    assert root.get("preserveAspectRatio")
    assert root.get("font-family") == "Liberation Sans, Arial, sans-serif"
    ids = {e.get("id"): e.tag for e in root.iter() if e.get("id")}
    labelled_by = root.get("aria-labelledby").split()
    assert [ids[i] for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    assert all(i.startswith("citizen-") for i in labelled_by)
    assert (
        root.find(f"{SVG}title").text == "Người dân tiếp cận thông tin qua hệ thống thông tin cơ sở"
    )


def test_progress_has_no_script_style_or_external_reference() -> None:
    markup = str(_progress()) + str(_trend())

    for forbidden in ("<script", "<style", "style=", "href", "var(--", "@import", "url("):
        assert forbidden not in markup


def test_two_charts_on_one_page_have_distinct_ids() -> None:
    first, second = _parse(_progress(id_prefix="a")), _parse(_progress(id_prefix="b"))

    ids_first = {e.get("id") for e in first.iter() if e.get("id")}
    ids_second = {e.get("id") for e in second.iter() if e.get("id")}
    assert ids_first
    assert not ids_first & ids_second


@pytest.mark.parametrize("value", [0.0, 0.25, 0.5, 0.805, 1.0])
def test_value_bar_is_drawn_to_scale(value: float) -> None:
    root = _parse(_progress(value=value, low=None, high=None))

    x0, width = _track(root)
    bar = _one(root, "chart-value")
    assert float(bar.get("x")) == x0
    assert float(bar.get("width")) == pytest.approx(width * value, abs=0.01)


def test_half_is_half_the_plot_width() -> None:
    root = _parse(_progress(value=0.5))

    _, width = _track(root)
    assert float(_one(root, "chart-value").get("width")) == pytest.approx(width / 2, abs=0.01)


def test_target_is_a_dashed_vertical_line_at_its_value() -> None:
    root = _parse(_progress(target=0.8))

    x0, width = _track(root)
    line = _one(root, "chart-target")
    assert float(line.get("x1")) == pytest.approx(x0 + 0.8 * width, abs=0.01)
    assert line.get("x1") == line.get("x2")
    assert line.get("stroke-dasharray")
    assert _all_text(_one(root, "target-label")) == "Mục tiêu 2030: 80%"


def test_interval_whisker_spans_low_to_high() -> None:
    root = _parse(_progress())

    x0, width = _track(root)
    whisker = _one(root, "chart-interval").find(f"{SVG}path")
    xs = [float(n) for n in re.findall(r"M([\d.]+)", whisker.get("d"))]
    assert min(xs) == pytest.approx(x0 + 0.758 * width, abs=0.01)
    assert max(xs) == pytest.approx(x0 + 0.836 * width, abs=0.01)


def test_expected_marker_sits_on_the_trajectory_value() -> None:
    root = _parse(_progress(expected=0.7))

    x0, width = _track(root)
    marker = _one(root, "chart-expected")
    top_x = float(re.match(r"M([\d.]+)", marker.get("d")).group(1))
    assert top_x == pytest.approx(x0 + 0.7 * width, abs=0.01)
    assert _all_text(_one(root, "expected-label")) == "Theo lộ trình: 70%"


def test_percent_ticks_every_quarter() -> None:
    # Target 0.9 crosses no tick label, so all five are shown.
    root = _parse(_progress(target=0.9))

    ticks = [e.text for e in root.iter(f"{SVG}text") if e.text and e.text.endswith("%")]
    assert ticks[:5] == ["0%", "25%", "50%", "75%", "100%"]


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        ("met", "#1d6b3a"),
        ("not_met", "#b3261e"),
        ("not_conclusive", "#8a5a00"),
        ("no_data", "#505a5f"),
        ("no_target", "#505a5f"),
        ("something_else", "#505a5f"),
    ],
)
def test_status_colours_the_bar_and_is_written_as_a_word(status: str, colour: str) -> None:
    root = _parse(_progress(status=status, status_text=f"chữ {status}"))

    assert _one(root, "chart-value").get("fill") == colour
    word = _one(root, "chart-status")
    assert word.text == f"chữ {status}"
    assert word.get("fill") == colour
    assert STATUS_COLOURS.get(status, "#505a5f") == colour


def test_desc_is_a_sentence_with_every_number() -> None:
    desc = _desc(_parse(_progress()))

    assert desc.startswith("Người dân tiếp cận thông tin qua hệ thống thông tin cơ sở: 80,5%")
    for part in ("75,8%", "83,6%", "Chưa đủ căn cứ", "Mục tiêu 2030: 80%", "Theo lộ trình: 70%"):
        assert part in desc
    assert desc.endswith(".")


def test_user_text_is_escaped_everywhere() -> None:
    markup = _progress(
        title=f"Tiêu đề {ATTACK}",
        value_text=ATTACK,
        status_text=ATTACK,
        target_text=ATTACK,
        expected_text=ATTACK,
        id_prefix='x"><script>alert(1)</script>',
    )

    assert "<script" not in str(markup)
    root = _parse(markup)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert root.find(f"{SVG}title").text == f"Tiêu đề {ATTACK}"  # shown as text, not run
    assert _one(root, "chart-status").text == ATTACK
    assert ATTACK in _desc(root)


def test_no_value_draws_the_axis_target_and_status_only() -> None:
    root = _parse(
        _progress(
            value=None,
            low=None,
            high=None,
            status="no_data",
            status_text="Chưa có số liệu",
            value_text="",
        )
    )

    assert not _by_class(root, "chart-value")
    assert not _by_class(root, "chart-interval")
    assert not _by_class(root, "chart-expected")
    assert _one(root, "chart-track") is not None
    assert _one(root, "chart-target") is not None
    assert _one(root, "chart-status").text == "Chưa có số liệu"
    assert "Chưa có số liệu" in _desc(root)


def test_no_target_draws_no_target_line() -> None:
    root = _parse(
        _progress(target=None, expected=None, status="no_target", status_text="Chưa đặt mục tiêu")
    )

    assert not _by_class(root, "chart-target")
    assert _one(root, "chart-status").text == "Chưa đặt mục tiêu"


def test_counts_use_the_given_scale() -> None:
    root = _parse(
        _progress(
            value=10,
            low=None,
            high=None,
            target=30,
            expected=None,
            percent=False,
            scale_max=40,
            value_text="10 bài",
            target_text="Mục tiêu: 30 bài",
        )
    )

    x0, width = _track(root)
    assert float(_one(root, "chart-value").get("width")) == pytest.approx(width / 4, abs=0.01)
    assert float(_one(root, "chart-target").get("x1")) == pytest.approx(x0 + width * 0.75)


def test_counts_default_scale_leaves_room_above_value_and_target() -> None:
    root = _parse(
        _progress(
            value=14,
            low=None,
            high=None,
            target=24,
            expected=None,
            percent=False,
            value_text="14 bài",
            target_text="Mục tiêu: 24 bài",
        )
    )

    x0, width = _track(root)
    target_share = (float(_one(root, "chart-target").get("x1")) - x0) / width
    assert 0 < target_share <= 1 / 1.2  # the scale reaches at least 1,2 × the target
    ticks = [e.text for e in root.iter(f"{SVG}text") if e.text and e.text.isdigit()]
    assert ticks[0] == "0"


# ---- Trend chart -----------------------------------------------------------------------------


def test_trend_root_is_an_accessible_svg() -> None:
    root = _parse(_trend())

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 640 220"
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert set(root.get("aria-labelledby").split()) == {"trend-title", "trend-desc"}
    assert {"trend-title", "trend-desc"} <= ids


def test_trend_line_breaks_at_a_missing_value() -> None:
    root = _parse(_trend())

    path = _one(root, "chart-line").get("d")
    assert path.count("M") == 2  # 6/2025 – 12/2025, then 12/2026 alone
    assert len(_by_class(root, "chart-point")) == 3
    assert len(_by_class(root, "chart-interval")) == 3
    periods = [e.text for e in _by_class(root, "period")]
    assert periods == ["6/2025", "12/2025", "6/2026", "12/2026"]


def test_trend_points_and_target_are_drawn_to_scale() -> None:
    root = _parse(_trend())

    grid = {e.text: float(e.get("y")) for e in _by_class(root, "tick")}
    assert list(grid) == ["0%", "25%", "50%", "75%", "100%"]
    points = _by_class(root, "chart-point")
    zero = float(root.find(f"{SVG}line").get("y1"))  # the first grid line is 0%
    hundred = zero - (grid["0%"] - grid["100%"])
    y_of = lambda v: zero + (hundred - zero) * v  # noqa: E731 - a one-line scale
    assert float(points[0].get("cy")) == pytest.approx(y_of(0.62), abs=0.01)
    assert float(points[1].get("cy")) == pytest.approx(y_of(0.705), abs=0.01)
    target = _one(root, "chart-target")
    assert float(target.get("y1")) == pytest.approx(y_of(0.8), abs=0.01)
    assert target.get("y1") == target.get("y2")
    assert target.get("stroke-dasharray")
    assert _all_text(_one(root, "target-label")) == "Mục tiêu 2030: 80%"
    assert [e.text for e in _by_class(root, "value-label")] == ["62%", "70,5%", "78%"]


def test_trend_desc_gives_every_period() -> None:
    desc = _desc(_parse(_trend()))

    assert desc.startswith("Người dân tiếp cận thông tin theo kỳ: 6/2025: 62% (57% – 67%)")
    assert "12/2025: 70,5% (66% – 75%)" in desc
    assert "6/2026: –" in desc
    assert "Mục tiêu 2030: 80%" in desc
    assert desc.endswith(".")


def test_trend_escapes_period_labels_and_title() -> None:
    markup = _trend(
        points=[(ATTACK, 0.5, None, None), ("12/2025", 0.6, None, None)],
        title=ATTACK,
        target_text=ATTACK,
    )

    assert "<script" not in str(markup)
    root = _parse(markup)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert _by_class(root, "period")[0].text == ATTACK


def test_trend_without_values_or_target_still_renders() -> None:
    root = _parse(
        _trend(points=[("6/2025", None, None, None), ("12/2025", None, None, None)], target=None)
    )

    assert not _by_class(root, "chart-line")
    assert not _by_class(root, "chart-point")
    assert not _by_class(root, "chart-target")
    assert [e.text for e in _by_class(root, "period")] == ["6/2025", "12/2025"]
    assert _parse(_trend(points=[], target=None)).tag == f"{SVG}svg"


def test_trend_of_counts_labels_the_target_with_its_number() -> None:
    root = _parse(
        _trend(
            points=[("Quý 1", 3, None, None), ("Quý 2", 12, None, None)],
            target=24,
            percent=False,
            target_text=None,
        )
    )

    ticks = [e.text for e in _by_class(root, "tick")]
    assert ticks[0] == "0"
    assert int(ticks[-1]) >= 24
    assert _all_text(_one(root, "target-label")) == "24"
    assert [e.text for e in _by_class(root, "value-label")] == ["3", "12"]


# ---- In a PDF --------------------------------------------------------------------------------


def _pdf_text(document: bytes, tmp_path: Path) -> str:
    """The text of a PDF, by pdftotext when installed, else by pypdf; whitespace collapsed."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        path = tmp_path / "charts.pdf"
        path.write_bytes(document)
        result = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
        text = result.stdout.decode()
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)
    return " ".join(text.split())


def test_charts_render_with_their_text_in_a_pdf(tmp_path: Path) -> None:
    html = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/css/print.css"></head><body class="official">
<h1>Biểu đồ</h1>{_progress()}{_trend()}</body></html>"""

    document = render_pdf(html, base_url=BASE_URL)

    text = _pdf_text(document, tmp_path)
    assert "Chưa đủ căn cứ" in text  # the status word, drawn by the SVG
    assert "80,5%" in text
    assert "Mục tiêu 2030: 80%" in text
    assert "12/2025" in text  # a trend period label
    assert "70,5%" in text  # a trend value label
    # <title> and <desc> are for assistive technology, not drawn on the page.
    assert "hệ thống thông tin cơ sở:" not in text
