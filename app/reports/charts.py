"""A horizontal bar chart of one question's answers, as server-rendered SVG for the PDFs.

Same conventions as `app.indicators.charts` (whose drawing helpers it shares): SVG 1.1 with
presentation attributes only, ``role="img"`` labelled by ``<title>`` and ``<desc>``, the font
family set on the ``<svg>``, every text escaped. Each bar is labelled directly with its count
and share, so nothing depends on colour; a suppressed cell has no bar, only its "< 10" text.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from app.indicators.charts import (
    GRID,
    MUTED,
    SERIES,
    _n,
    _open_svg,
    _sentence,
    _text,
    _text_width,
)

# A narrower box than the indicator charts: scaled to the text column, its text prints at
# about 9.5 pt, close to the 11 pt of the tables above it.
WIDTH = 560
LABEL_WIDTH = 205.0
BAR_X0, BAR_X1 = 215.0, 445.0  # 0% and 100%; the value text follows the bar
LINE = 15.0  # label line height
PADDING = 4.0
BAR_HEIGHT = 14.0
FONT_SIZE = 13.0
AXIS_HEIGHT = 18.0
TICKS = (0.0, 0.5, 1.0)


@dataclass(frozen=True)
class Bar:
    """One option: its label, its share of the base (None when suppressed) and its text."""

    label: str
    share: float | None
    text: str


def _wrap(label: str, width: float, size: float, lines: int = 2) -> list[str]:
    """Break a label into at most ``lines`` lines that fit ``width``; the last ends in "…"."""
    out: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}".strip()
        if current and _text_width(candidate, size) > width:
            out.append(current)
            current = word
        else:
            current = candidate
    out.append(current)
    if len(out) > lines:
        last = " ".join(out[lines - 1 :])
        while last and _text_width(last + "…", size) > width:
            last = last[:-1]
        out = [*out[: lines - 1], last.rstrip() + "…"]
    return out


def bar_chart_svg(*, bars: list[Bar], title: str, id_prefix: str) -> Markup:
    """Draw one bar per option on a 0–100% scale, labels on the left, 560 wide."""
    wrapped = [_wrap(b.label, LABEL_WIDTH, FONT_SIZE) for b in bars]
    heights = [max(len(lines) * LINE, BAR_HEIGHT) + 2 * PADDING for lines in wrapped]
    height = sum(heights) + AXIS_HEIGHT + 4
    desc = _sentence([f"{b.label}: {b.text}" for b in bars])
    out = _open_svg(WIDTH, round(height), id_prefix, title, desc)

    def x_of(share: float) -> float:
        return BAR_X0 + (BAR_X1 - BAR_X0) * max(0.0, min(1.0, share))

    chart_bottom = sum(heights)
    for tick in TICKS:
        x = x_of(tick)
        out.append(
            f'<line x1="{_n(x)}" y1="0" x2="{_n(x)}" y2="{_n(chart_bottom)}"'
            f' stroke="{GRID}" stroke-width="1"/>'
        )
        tick_text = f"{round(tick * 100)}%"
        out.append(_text(x, chart_bottom + 14, tick_text, size=11, anchor="middle", fill=MUTED))
    top = 0.0
    for bar, lines, row_height in zip(bars, wrapped, heights, strict=True):
        middle = top + row_height / 2
        first = middle - (len(lines) - 1) * LINE / 2 + FONT_SIZE * 0.35
        for i, line in enumerate(lines):
            out.append(_text(0, first + i * LINE, line, size=FONT_SIZE))
        end = BAR_X0
        if bar.share is not None:
            end = x_of(bar.share)
            out.append(
                f'<rect class="chart-bar" x="{_n(BAR_X0)}" y="{_n(middle - BAR_HEIGHT / 2)}"'
                f' width="{_n(end - BAR_X0)}" height="{_n(BAR_HEIGHT)}" fill="{SERIES}"/>'
            )
        colour = {} if bar.share is not None else {"fill": MUTED}
        out.append(_text(end + 6, middle + FONT_SIZE * 0.35, bar.text, size=FONT_SIZE, **colour))
        top += row_height
    out.append(
        f'<line x1="{_n(BAR_X0)}" y1="0" x2="{_n(BAR_X0)}" y2="{_n(chart_bottom)}"'
        f' stroke="{MUTED}" stroke-width="1"/>'
    )
    out.append("</svg>")
    # Safe: every text and attribute value above went through escape().
    return Markup("".join(out))  # noqa: S704
