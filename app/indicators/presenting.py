"""Figures dressed for a page: formatted texts and the SVG chart, for the dashboard and PDF."""

from flask_babel import gettext as _

from app.indicators import charts, formatting
from app.indicators.figures import Figure
from app.indicators.periods import label as period_label


def target_caption(figure: Figure) -> str:
    if figure.target_year:
        return _(
            "Mục tiêu %(year)s: %(target)s",
            year=figure.target_year,
            target=formatting.target_text(figure),
        )
    return _("Mục tiêu: %(target)s", target=formatting.target_text(figure))


def progress_chart(figure: Figure) -> str:
    """The indicator's bar against its target, or "" for milestones (a yes/no has no bar)."""
    if figure.kind == "milestone" or figure.not_applicable:
        return ""
    expected = None
    if figure.expected is not None:
        expected = _(
            "Theo lộ trình: %(v)s", v=formatting.value_text(figure.expected, percent=figure.percent)
        )
    return charts.progress_svg(
        value=figure.value,
        low=figure.low,
        high=figure.high,
        target=figure.target,
        expected=figure.expected,
        baseline=figure.baseline,
        status=figure.status,
        status_text=formatting.status_text(figure.status),
        title=figure.name_vi,
        value_text=formatting.figure_value(figure),
        target_text=target_caption(figure),
        expected_text=expected,
        percent=figure.percent,
        id_prefix=f"chart-{figure.code.lower()}",
    )


def short_label(period, language: str) -> str:
    """A period in a few characters, for chart axes: "6T đầu 2026", "2026"."""
    if period.kind == "half":
        if period.start.month == 1:
            return _("6T đầu %(year)s", year=period.year)
        return _("6T cuối %(year)s", year=period.year)
    if period.kind == "year":
        return str(period.year)
    return period_label(period, language)


def trend_chart(figure: Figure, history: list[tuple], language: str) -> str:
    """Values of the indicator over recent periods: (period, figure) pairs, oldest first."""
    points = [(short_label(p, language), f.value, f.low, f.high) for p, f in history]
    return charts.trend_svg(
        points=points,
        target=figure.target,
        title=figure.name(language),
        percent=figure.percent,
        id_prefix=f"trend-{figure.code.lower()}",
        target_text=target_caption(figure),
    )
