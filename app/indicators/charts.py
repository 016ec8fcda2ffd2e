"""Server-rendered SVG charts for indicators, the same on the web dashboard and in PDFs.

The output is plain SVG 1.1 with presentation attributes only: no CSS, no scripts, no external
resources, so it passes the pages' CSP, renders in WeasyPrint and reads the same everywhere.
Every chart has ``role="img"`` and is labelled by its ``<title>`` and ``<desc>`` (ids made from
``id_prefix``); the ``<desc>`` repeats the numbers as a sentence, and the status is written as a
word, so colour never carries meaning alone. All text is escaped: labels may hold user input.

The functions are pure: they take plain values and already translated words. Proportions are
fractions (0.805 is 80,5%); numbers are written the Vietnamese way (decimal comma).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup, escape

FONT_FAMILY = "Liberation Sans, Arial, sans-serif"
INK = "#0b0c0c"
MUTED = "#505a5f"
TRACK = "#f3f2f1"
GRID = "#d8dadc"
SERIES = "#1d70b8"
STATUS_COLOURS = {
    "met": "#1d6b3a",
    "not_met": "#b3261e",
    "not_conclusive": "#8a5a00",
    "no_data": MUTED,
    "no_target": MUTED,
}

# Progress chart geometry (viewBox units).
_P_WIDTH, _P_HEIGHT = 640, 110
_P_X0, _P_X1 = 24.0, 616.0
_P_BAR_TOP, _P_BAR_H = 30.0, 26.0
_P_HEADLINE_Y = 21.0
_P_TICK_LABEL_Y = 76.0
_P_LABEL_Y = 100.0

# Trend chart geometry (viewBox units).
_T_WIDTH, _T_HEIGHT = 640, 220
_T_X0, _T_X1 = 60.0, 624.0
_T_Y_TOP, _T_Y_BOTTOM = 22.0, 172.0
_T_XLABEL_Y = 193.0
_T_XLABEL_Y2 = 212.0

PERCENT_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


def status_colour(status: str) -> str:
    """Return the colour of a status; unknown statuses are grey."""
    return STATUS_COLOURS.get(status, MUTED)


def _round1(x: float) -> Decimal:
    """Round to one decimal place, halves away from zero (80,55 -> 80,6)."""
    return Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _decimal_text(x: float) -> str:
    """Write a number with one decimal at most, '.' grouping thousands and a decimal comma."""
    rounded = _round1(x)
    if rounded == 0:
        rounded = Decimal("0.0")  # no "-0"
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}".replace(",", ".")
    whole, _, tenth = f"{abs(rounded):,.1f}".partition(".")
    sign = "-" if rounded < 0 else ""
    return f"{sign}{whole.replace(',', '.')},{tenth}"


def _pct(x: float) -> str:
    """Write a proportion as a percentage with one decimal and a comma: 0.805 -> '80,5%'.

    Whole percentages have no decimals: 1.0 -> '100%', 0.8 -> '80%'.
    """
    return f"{_decimal_text(x * 100)}%"


def _num(x: float) -> str:
    """Write a count the Vietnamese way: 1234.5 -> '1.234,5'."""
    return _decimal_text(x)


def _fmt(x: float, percent: bool) -> str:
    return _pct(x) if percent else _num(x)


def _n(x: float) -> str:
    """Write a coordinate compactly for an attribute."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimate the width of a text in Liberation Sans (about 0.55 em a character)."""
    return len(text) * size * (0.6 if bold else 0.55)


def _scale(
    percent: bool, largest: float, fixed_max: float | None = None
) -> tuple[float, list[float]]:
    """Return the top of a scale starting at 0 and its tick values.

    Percentages: 0–100% with ticks every 25%. Counts: ticks every 1, 2 or 5 × a power of ten
    (at least 1), up to ``fixed_max`` if given, else up to the first tick at or above ``largest``.
    """
    if percent:
        return 1.0, list(PERCENT_TICKS)
    span = fixed_max if fixed_max is not None and fixed_max > 0 else largest
    if span <= 0 or not math.isfinite(span):
        span = 1.0
    raw = span / 4
    power = 10.0 ** math.floor(math.log10(raw))
    step = max(1.0, next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= raw))
    if fixed_max is not None and fixed_max > 0:
        top = float(fixed_max)
    else:
        top = math.ceil(span / step - 1e-9) * step
    ticks = [i * step for i in range(int(top / step + 1e-9) + 1)]
    return top, ticks


def _clamp(x: float, low: float, high: float) -> float:
    return max(low, min(high, x))


def _label_x(centre: float, width: float, left: float, right: float) -> float:
    """Centre a label on a point, shifted to stay inside [left, right]."""
    half = width / 2
    return _clamp(centre, left + half, right - half)


def _text(x: float, y: float, content: str, *, size: float, anchor: str = "start", **attrs) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}"{extra}>'
        f"{escape(content)}</text>"
    )


def _open_svg(width: int, height: int, id_prefix: str, title: str, desc: str) -> list[str]:
    prefix = escape(id_prefix)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {width} {height}"'
        f' width="100%" preserveAspectRatio="xMinYMin meet" role="img"'
        f' aria-labelledby="{prefix}-title {prefix}-desc"'
        f' font-family="{FONT_FAMILY}" fill="{INK}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>',
    ]


def _sentence(parts: list[str]) -> str:
    """Join non-empty parts with semicolons into one sentence ending in a full stop."""
    text = "; ".join(p.strip().rstrip(".;") for p in parts if p and p.strip())
    return f"{text}." if text else ""


def progress_svg(
    *,
    value: float | None,
    low: float | None,
    high: float | None,
    target: float | None,
    expected: float | None,
    baseline: float | None,
    status: str,
    status_text: str,
    title: str,
    value_text: str,
    target_text: str,
    expected_text: str | None,
    percent: bool = True,
    scale_max: float | None = None,
    id_prefix: str,
) -> Markup:
    """Draw one indicator as a horizontal bar against its target, about 640×110.

    ``value``, ``low``, ``high``, ``target`` and ``expected`` are fractions when ``percent``
    (scale 0–100%), else counts on a 0–``scale_max`` scale (default: a round number at least
    1,2 × the larger of value and target). The bar takes the status colour and the status word
    is written beside the value; ``[low, high]`` is drawn as a 95% interval whisker, ``target``
    as a labelled dashed line and ``expected`` (the trajectory point between ``baseline`` and
    the target) as a labelled diamond. Without a value only the axis, the target and the status
    word are drawn. ``baseline`` is not drawn (``expected`` already carries the trajectory).
    """
    del baseline  # part of the call for symmetry with the indicator data; expected suffices
    largest = max((v for v in (value, target, high) if v is not None), default=0) * 1.2
    top, ticks = _scale(percent, largest, scale_max)

    def x_of(v: float) -> float:
        return _P_X0 + (_P_X1 - _P_X0) * _clamp(v / top, 0.0, 1.0)

    has_value = value is not None
    colour = status_colour(status)
    interval = has_value and low is not None and high is not None

    # The sentence read by screen readers: every number the picture shows.
    headline = value_text
    if interval:
        headline = f"{value_text} ({_fmt(low, percent)} – {_fmt(high, percent)})"
    desc = _sentence(
        [
            f"{title}: {headline}" if has_value else title,
            status_text,
            target_text if target is not None else "",
            expected_text if has_value and expected is not None and expected_text else "",
        ]
    )

    out = _open_svg(_P_WIDTH, _P_HEIGHT, id_prefix, title, desc)

    # Headline: value then status word, in one text so they never overlap.
    status_span = (
        f'<tspan class="chart-status" fill="{colour}" font-weight="bold">'
        f"{escape(status_text)}</tspan>"
    )
    if has_value:
        out.append(
            f'<text x="{_n(_P_X0)}" y="{_n(_P_HEADLINE_Y)}" font-size="18">'
            f'<tspan class="chart-value-text" font-weight="bold">{escape(value_text)}</tspan>'
            f"<tspan> · </tspan>{status_span}</text>"
        )
    else:
        out.append(
            f'<text x="{_n(_P_X0)}" y="{_n(_P_HEADLINE_Y)}" font-size="18">{status_span}</text>'
        )

    bar_bottom = _P_BAR_TOP + _P_BAR_H
    bar_mid = _P_BAR_TOP + _P_BAR_H / 2
    out.append(
        f'<rect class="chart-track" x="{_n(_P_X0)}" y="{_n(_P_BAR_TOP)}"'
        f' width="{_n(_P_X1 - _P_X0)}" height="{_n(_P_BAR_H)}" fill="{TRACK}"'
        f' stroke="{MUTED}" stroke-width="1"/>'
    )
    if has_value:
        out.append(
            f'<rect class="chart-value" x="{_n(_P_X0)}" y="{_n(_P_BAR_TOP)}"'
            f' width="{_n(x_of(value) - _P_X0)}" height="{_n(_P_BAR_H)}" fill="{colour}"/>'
        )

    # Labels below the axis: target, then expected, kept apart from each other.
    label_size = 14.0
    taken: list[tuple[float, float]] = []
    target_x = x_of(target) if target is not None else None
    if target_x is not None:
        width = _text_width(target_text, label_size)
        cx = _label_x(target_x, width, 2, _P_WIDTH - 2)
        taken.append((cx - width / 2, cx + width / 2))
        target_label = _text(
            cx, _P_LABEL_Y, target_text, size=label_size, anchor="middle", class_="target-label"
        )
    else:
        target_label = ""

    # Axis ticks, leaving out tick labels the target line would cross.
    for tick in ticks:
        tx = x_of(tick)
        out.append(
            f'<line x1="{_n(tx)}" y1="{_n(bar_bottom)}" x2="{_n(tx)}" y2="{_n(bar_bottom + 5)}"'
            f' stroke="{MUTED}" stroke-width="1"/>'
        )
        tick_text = _fmt(tick, percent)
        half = _text_width(tick_text, 13) / 2 + 3
        if target_x is not None and abs(target_x - tx) < half:
            continue
        lx = _label_x(tx, half * 2 - 6, 0, _P_WIDTH)
        out.append(_text(lx, _P_TICK_LABEL_Y, tick_text, size=13, anchor="middle", fill=MUTED))

    if interval:
        lx, hx = x_of(low), x_of(high)
        whisker = (
            f"M{_n(lx)} {_n(bar_mid - 7)}V{_n(bar_mid + 7)}"
            f"M{_n(lx)} {_n(bar_mid)}H{_n(hx)}"
            f"M{_n(hx)} {_n(bar_mid - 7)}V{_n(bar_mid + 7)}"
        )
        # A white halo keeps the black whisker visible on any bar colour.
        out.append(
            f'<g class="chart-interval" fill="none">'
            f'<path d="{whisker}" stroke="#ffffff" stroke-width="5"/>'
            f'<path d="{whisker}" stroke="{INK}" stroke-width="2"/></g>'
        )

    if target_x is not None:
        y1, y2 = _P_BAR_TOP - 4, _P_LABEL_Y - 16
        out.append(
            f'<line x1="{_n(target_x)}" y1="{_n(y1)}" x2="{_n(target_x)}" y2="{_n(y2)}"'
            f' stroke="#ffffff" stroke-width="4"/>'
            f'<line class="chart-target" x1="{_n(target_x)}" y1="{_n(y1)}" x2="{_n(target_x)}"'
            f' y2="{_n(y2)}" stroke="{INK}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        out.append(target_label)

    if has_value and expected is not None:
        ex = x_of(expected)
        out.append(
            f'<path class="chart-expected" d="{_diamond(ex, _P_BAR_TOP, 7)}" fill="#ffffff"'
            f' stroke="{INK}" stroke-width="2"/>'
        )
        if expected_text:
            # A diamond before the label ties it to the marker; keep clear of the target label.
            width = _text_width(expected_text, label_size) + 16
            cx = _label_x(ex, width, 2, _P_WIDTH - 2)
            for left, right in taken:
                if cx - width / 2 < right + 8 and cx + width / 2 > left - 8:
                    if ex <= (left + right) / 2 and left - 8 - width >= 2:
                        cx = left - 8 - width / 2
                    elif right + 8 + width <= _P_WIDTH - 2:
                        cx = right + 8 + width / 2
                    else:
                        cx = left - 8 - width / 2
            start = cx - width / 2
            out.append(
                f'<path d="{_diamond(start + 6, _P_LABEL_Y - 5, 5)}" fill="#ffffff"'
                f' stroke="{INK}" stroke-width="1.5"/>'
            )
            out.append(
                _text(
                    start + 16,
                    _P_LABEL_Y,
                    expected_text,
                    size=label_size,
                    class_="expected-label",
                )
            )

    out.append("</svg>")
    # Safe: every text and attribute value above went through escape().
    return Markup("".join(out))  # noqa: S704


def _diamond(cx: float, cy: float, r: float) -> str:
    """Path of a diamond (a square on its corner) centred on (cx, cy)."""
    return (
        f"M{_n(cx)} {_n(cy - r)}L{_n(cx + r)} {_n(cy)}L{_n(cx)} {_n(cy + r)}L{_n(cx - r)} {_n(cy)}Z"
    )


def trend_svg(
    *,
    points: list[tuple[str, float | None, float | None, float | None]],
    target: float | None,
    title: str,
    percent: bool = True,
    id_prefix: str,
    target_text: str | None = None,
) -> Markup:
    """Draw an indicator over periods, about 640×220.

    ``points`` are ``(period label, value, low, high)``; a value of None leaves a gap in the
    line. Intervals are drawn as whiskers, the target as a dashed line labelled ``target_text``
    (default: the target's number). The y axis runs 0–100% (``percent``) or from 0 to a round
    number above the largest count.
    """
    seen = [v for _, value, _, high in points for v in (value, high) if v is not None]
    if target is not None:
        seen.append(target)
    top, ticks = _scale(percent, max(seen, default=0) * 1.1)

    def y_of(v: float) -> float:
        return _T_Y_BOTTOM - (_T_Y_BOTTOM - _T_Y_TOP) * _clamp(v / top, 0.0, 1.0)

    count = len(points)
    step = (_T_X1 - _T_X0) / max(count, 1)

    def x_of(i: int) -> float:
        return _T_X0 + step * (i + 0.5)

    target_label = target_text or (_fmt(target, percent) if target is not None else "")

    described = []
    for label, value, low, high in points:
        if value is None:
            described.append(f"{label}: –")
        elif low is not None and high is not None:
            described.append(
                f"{label}: {_fmt(value, percent)} ({_fmt(low, percent)} – {_fmt(high, percent)})"
            )
        else:
            described.append(f"{label}: {_fmt(value, percent)}")
    desc = _sentence([f"{title}: {described[0]}" if described else title, *described[1:]])
    if target is not None:
        desc = _sentence([desc, target_label])

    out = _open_svg(_T_WIDTH, _T_HEIGHT, id_prefix, title, desc)

    # Grid and y labels.
    for tick in ticks:
        y = y_of(tick)
        stroke = MUTED if tick == 0 else GRID
        out.append(
            f'<line x1="{_n(_T_X0)}" y1="{_n(y)}" x2="{_n(_T_X1)}" y2="{_n(y)}"'
            f' stroke="{stroke}" stroke-width="1"/>'
        )
        out.append(
            _text(
                _T_X0 - 6,
                y + 4.5,
                _fmt(tick, percent),
                size=13,
                anchor="end",
                fill=MUTED,
                class_="tick",
            )
        )

    # X labels: one row if they fit, else staggered on two rows, else every k-th.
    widest = max((_text_width(p[0], 13) for p in points), default=0)
    rows = 1 if widest <= step - 6 else 2
    every = 1 if widest <= step * rows - 6 else math.ceil((widest + 6) / (step * 2)) * 2
    for i, (label, *_rest) in enumerate(points):
        if i % every and i != count - 1:
            continue
        y = _T_XLABEL_Y if rows == 1 or (i // every) % 2 == 0 else _T_XLABEL_Y2
        x = _label_x(x_of(i), _text_width(label, 13), 0, _T_WIDTH)
        out.append(_text(x, y, label, size=13, anchor="middle", class_="period"))

    # Value labels: above the dot and its whisker, or below them if the target line is there;
    # the target label then goes where no value label is.
    target_y = y_of(target) if target is not None else None
    value_boxes: list[tuple[float, float, float, float]] = []
    value_labels: list[str] = []
    for i, (_label, value, low, high) in enumerate(points):
        if value is None:
            continue
        text = _fmt(value, percent)
        width = _text_width(text, 13, bold=True)
        if width > step - 4:
            continue  # no room: the <desc> still gives every number
        upper = y_of(high) if high is not None else y_of(value)
        lower = y_of(low) if low is not None else y_of(value)
        y = max(min(y_of(value), upper) - 9, _T_Y_TOP - 8)
        if target_y is not None and y - 13 < target_y < y + 3:
            below = max(y_of(value), lower) + 20
            if below + 2 <= _T_Y_BOTTOM - 2 and not below - 13 < target_y < below + 3:
                y = below
        x = x_of(i)
        value_boxes.append((x - width / 2, x + width / 2, y - 12, y + 2))
        value_labels.append(
            f'<rect x="{_n(x - width / 2 - 2)}" y="{_n(y - 12)}" width="{_n(width + 4)}"'
            f' height="15" fill="#ffffff" fill-opacity="0.85"/>'
        )
        value_labels.append(
            _text(x, y, text, size=13, anchor="middle", font_weight="bold", class_="value-label")
        )

    # Intervals.
    for i, (_label, value, low, high) in enumerate(points):
        if value is None or low is None or high is None:
            continue
        x, yl, yh = x_of(i), y_of(low), y_of(high)
        out.append(
            f'<path class="chart-interval" d="M{_n(x - 5)} {_n(yh)}H{_n(x + 5)}'
            f'M{_n(x)} {_n(yh)}V{_n(yl)}M{_n(x - 5)} {_n(yl)}H{_n(x + 5)}"'
            f' fill="none" stroke="{INK}" stroke-width="1.5"/>'
        )

    # Target line and its label.
    if target is not None:
        ty = y_of(target)
        out.append(
            f'<line class="chart-target" x1="{_n(_T_X0)}" y1="{_n(ty)}" x2="{_n(_T_X1)}"'
            f' y2="{_n(ty)}" stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        # Right end above the line, then below, then the left end: the first place clear of
        # the value labels, dots and whiskers.
        width = _text_width(target_label, 13)
        marks = list(value_boxes)
        for i, (_label, value, low, high) in enumerate(points):
            if value is not None:
                upper = min(y_of(value), y_of(high) if high is not None else y_of(value))
                lower = max(y_of(value), y_of(low) if low is not None else y_of(value))
                marks.append((x_of(i) - 7, x_of(i) + 7, upper - 7, lower + 7))
        places = [
            (left, y)
            for left in (_T_X1 - width, _T_X0 + 4)
            for y in (ty - 6, ty + 16)
            if y - 12 >= _T_Y_TOP - 10 and y + 3 <= _T_Y_BOTTOM + 1
        ] or [(_T_X1 - width, ty - 6)]
        left, y = next(
            (
                (lx, ly)
                for lx, ly in places
                if not any(
                    lx < b[1] and lx + width > b[0] and ly - 12 < b[3] and ly + 3 > b[2]
                    for b in marks
                )
            ),
            places[0],
        )
        out.append(
            f'<rect x="{_n(left - 2)}" y="{_n(y - 12)}" width="{_n(width + 4)}" height="16"'
            f' fill="#ffffff" fill-opacity="0.85"/>'
        )
        out.append(_text(left, y, target_label, size=13, class_="target-label"))

    # The line, broken where a value is missing.
    segments: list[str] = []
    previous = False
    for i, (_label, value, _low, _high) in enumerate(points):
        if value is None:
            previous = False
            continue
        segments.append(f"{'L' if previous else 'M'}{_n(x_of(i))} {_n(y_of(value))}")
        previous = True
    if segments:
        out.append(
            f'<path class="chart-line" d="{"".join(segments)}" fill="none" stroke="{SERIES}"'
            f' stroke-width="3" stroke-linejoin="round"/>'
        )
    for i, (_label, value, _low, _high) in enumerate(points):
        if value is not None:
            out.append(
                f'<circle class="chart-point" cx="{_n(x_of(i))}" cy="{_n(y_of(value))}" r="5"'
                f' fill="{SERIES}" stroke="#ffffff" stroke-width="1.5"/>'
            )
    out.extend(value_labels)

    out.append("</svg>")
    # Safe: every text and attribute value above went through escape().
    return Markup("".join(out))  # noqa: S704
