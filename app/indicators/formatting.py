"""Indicator figures as people read them: one formatting for the dashboard, PDF, CLI and API."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.common.text import format_number

STATUS_LABELS = {
    "met": _l("Đạt"),
    "not_met": _l("Chưa đạt"),
    "not_conclusive": _l("Chưa kết luận được"),
    "no_data": _l("Chưa có số liệu"),
    "no_target": _l("Chỉ theo dõi"),
    "not_applicable": _l("Không áp dụng cho bộ lọc này"),
}
TRAJECTORY_LABELS = {
    "on_track": _l("Đúng lộ trình"),
    "off_track": _l("Chậm so với lộ trình"),
    "no_data": _l("Chưa có số liệu"),
}
# A label that must travel with every estimate from people who chose to answer.
NON_PROBABILITY = _l("kết quả tham khảo, mẫu không ngẫu nhiên")


def value_text(value: float | None, *, percent: bool) -> str:
    """0.805 -> "80,5%"; 1.0 -> "100%"; counts as whole numbers."""
    if value is None:
        return "–"
    if not percent:
        return format_number(value)
    pct = value * 100
    return f"{format_number(pct, 0 if abs(pct - round(pct)) < 0.05 else 1)}%"


def figure_value(figure) -> str:
    if figure.kind == "milestone":
        if figure.value is None:
            return "–"
        return str(_l("Đã đạt")) if figure.value >= 1 else str(_l("Chưa đạt"))
    return value_text(figure.value, percent=figure.percent)


def interval_text(low: float | None, high: float | None) -> str:
    """The 95% interval as "75,8% – 83,6%", or "" for exact figures."""
    if low is None or high is None:
        return ""
    return f"{value_text(low, percent=True)} – {value_text(high, percent=True)}"


def open_reference_text(figure) -> str:
    """The open stream's share beside a sample estimate, with its label, or "" if none:
    "Kênh mở (tham khảo): 71,4% · n = 350 — kết quả tham khảo, mẫu không ngẫu nhiên"."""
    if figure.open_value is None or not figure.open_n:
        return ""
    reference = _("Kênh mở (tham khảo): %(value)s · n = %(n)s",
                  value=value_text(figure.open_value, percent=figure.percent),
                  n=format_number(figure.open_n))  # fmt: skip
    return f"{reference} — {NON_PROBABILITY}"


def target_text(figure) -> str:
    if figure.kind == "milestone":
        return str(_l("Hoàn thành")) if figure.target_year else "–"
    if figure.target is None:
        return "–"
    sign = "≥ " if figure.comparison == ">=" else "≤ "
    return sign + value_text(figure.target, percent=figure.percent)


def change_text(change: float | None, *, percent: bool) -> str:
    """+2,1 điểm % / −3 (a signed difference against the previous period)."""
    if change is None:
        return "–"
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    if percent:
        return f"{sign}{format_number(abs(change) * 100, 1)} {_l('điểm %')}"
    return f"{sign}{format_number(abs(change))}"


def status_text(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))
