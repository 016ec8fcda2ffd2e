"""A design as people read it: the arithmetic in words and numbers, probabilities as percents.

One rendering for the design page and `flask sample show`, in the interface language.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.common.text import format_number
from app.sampling.design import SampleSize, Step, steps
from app.sampling.design.size import digits_needed

STEP_LABELS = {
    "z": _l("Giá trị z ứng với độ tin cậy"),
    "n0": _l("Cỡ mẫu cơ bản theo công thức Cochran"),
    "fpc": _l("Hiệu chỉnh theo quy mô tổng thể N (dân số khung mẫu)"),
    "deff": _l("Nhân với hiệu ứng thiết kế do chọn theo cụm xã, phường"),
    "nonresponse": _l("Chia cho tỷ lệ trả lời dự kiến để bù người không trả lời"),
    "round": _l("Làm tròn lên"),
}


@dataclass(frozen=True)
class Line:
    """A step of the arithmetic with its label and its one-line text."""

    label: str
    step: Step

    @property
    def text(self) -> str:
        """The line, e.g. "n₀ = z² × p × (1 − p) / e² = 1,95996² × 0,5 × 0,5 / 0,05² = 384,15"."""
        parts = [self.step.formula, self.step.numbers, self.step.result]
        return " = ".join(p for p in parts if p)


def arithmetic(size: SampleSize) -> list[Line]:
    """The sample size's arithmetic, line by line, with numbers in the interface's format."""
    return [Line(str(STEP_LABELS[s.key]), s) for s in steps(size, format_number)]


def decimal(value: float) -> str:
    """A parameter with the decimals it has: 1.5 → "1,5", 2.0 → "2"."""
    return format_number(value, digits_needed(value))


def percent(value: float | None, digits: int = 1) -> str:
    """0.2 → "20%"; 0.1234 → "12,3%"."""
    if value is None:
        return "–"
    pct = value * 100
    return f"{format_number(pct, 0 if abs(pct - round(pct)) < 1e-9 else digits)}%"


def probability(value: float) -> str:
    """An inclusion probability as a percent with two decimals: 0.12345 → "12,35%"."""
    return percent(value, 2) if value < 1 else "100%"
