"""Submissions per hour as a server-rendered SVG bar chart (conventions of app.indicators.charts).

One bar per hour; a surge hour is drawn in red with a triangle above it and named in the
``<desc>``, so colour never carries the flag alone. Days are marked at local midnight.
"""

from markupsafe import Markup

from app.indicators.charts import GRID, MUTED, SERIES, STATUS_COLOURS, _n, _open_svg, _text
from app.responses.activity import Hour

WIDTH, HEIGHT = 720, 220
X0, X1 = 52.0, 712.0
Y_TOP, Y_BOTTOM = 18.0, 176.0
SURGE = STATUS_COLOURS["not_met"]


def hourly_svg(hours: list[Hour], *, title: str, desc: str, id_prefix: str) -> Markup:
    """The chart of ``hours`` (local hours, oldest first)."""
    top = max([h.n for h in hours] + [1])
    step = (X1 - X0) / max(len(hours), 1)
    out = _open_svg(WIDTH, HEIGHT, id_prefix, title, desc)

    def y(value: float) -> float:
        return Y_BOTTOM - (Y_BOTTOM - Y_TOP) * value / top

    for value in (0, top):
        out.append(f'<line x1="{_n(X0)}" x2="{_n(X1)}" y1="{_n(y(value))}" y2="{_n(y(value))}"'
                   f' stroke="{GRID}" stroke-width="1"/>')  # fmt: skip
        out.append(_text(X0 - 6, y(value) + 4, str(value), size=16, anchor="end", fill=MUTED))
    for i, hour in enumerate(hours):
        x = X0 + i * step
        if hour.start.hour == 0:
            out.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(Y_TOP)}" y2="{_n(Y_BOTTOM + 4)}"'
                       f' stroke="{GRID}" stroke-width="1"/>')  # fmt: skip
            out.append(_text(x + 2, Y_BOTTOM + 18, hour.start.strftime("%d/%m"), size=16,
                             fill=MUTED))  # fmt: skip
        if not hour.n:
            continue
        colour = SURGE if hour.surge else SERIES
        width = max(step - 1, 1)
        out.append(f'<rect x="{_n(x)}" y="{_n(y(hour.n))}" width="{_n(width)}"'
                   f' height="{_n(Y_BOTTOM - y(hour.n))}" fill="{colour}"/>')  # fmt: skip
        if hour.surge:
            cx, tip = x + width / 2, y(hour.n) - 3
            out.append(f'<path d="M{_n(cx)} {_n(tip)} L{_n(cx - 5)} {_n(tip - 8)}'
                       f' L{_n(cx + 5)} {_n(tip - 8)} Z" fill="{SURGE}"/>')  # fmt: skip
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 - every text went through _text (escaped)
