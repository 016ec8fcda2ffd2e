"""Cochran's sample size with the finite-population correction, and its arithmetic in words."""

from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

from flask_babel import lazy_gettext as _l

from app.sampling.design.errors import DesignInputError, ceil_clean
from app.sampling.design.rules import check_parameters

CONFIDENCE_LEVELS = (90, 95, 99)


def z_value(confidence: int) -> float:
    """The two-sided normal quantile for a confidence level in percent: 95 → 1.959964."""
    if confidence not in CONFIDENCE_LEVELS:
        raise DesignInputError(
            "confidence", _l("Chọn độ tin cậy trong danh sách: 90, 95 hoặc 99 phần trăm.")
        )
    return NormalDist().inv_cdf(1 - (1 - confidence / 100) / 2)


@dataclass(frozen=True)
class SampleSize:
    """The sample size with every intermediate number, so a page can show the arithmetic."""

    proportion: float  # p
    margin: float  # e
    confidence: int  # percent
    z: float
    n0: float  # z² p (1 − p) / e²
    population: int | None  # N
    n_fpc: float  # after the finite-population correction (n0 when N is None)
    design_effect: float
    n_deff: float  # × deff
    nonresponse: float  # r
    n_gross: float  # ÷ (1 − r), before rounding
    n: int  # ⌈n_gross⌉


def sample_size(
    p: float,
    margin: float,
    confidence: int = 95,
    *,
    population: int | None = None,
    design_effect: float = 1.0,
    nonresponse: float = 0.0,
) -> SampleSize:
    """Cochran's sample size with the finite-population correction, the design effect and the
    expected non-response; rounded up once, at the end (see the module docstring)."""
    check_parameters(proportion=p, margin=margin, design_effect=design_effect,
                     nonresponse=nonresponse, population=population)  # fmt: skip
    z = z_value(confidence)
    n0 = z * z * p * (1 - p) / (margin * margin)
    n_fpc = n0 / (1 + (n0 - 1) / population) if population else n0
    n_deff = n_fpc * design_effect
    n_gross = n_deff / (1 - nonresponse)
    return SampleSize(p, margin, confidence, z, n0, population, n_fpc, design_effect, n_deff,
                      nonresponse, n_gross, ceil_clean(n_gross))  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One line of the arithmetic: what it computes, the formula, the numbers, the result."""

    key: str  # z, n0, fpc, deff, nonresponse, round
    formula: str
    numbers: str
    result: str


def digits_needed(value: float, most: int = 4) -> int:
    """The decimals a parameter needs: 0.5 → 1, 0.05 → 2, 1.5 → 1, 2 → 0."""
    for digits in range(most + 1):
        if abs(value - round(value, digits)) < 1e-12:
            return digits
    return most


def steps(size: SampleSize, number: Callable[[float, int], str]) -> list[Step]:
    """The arithmetic of ``size`` line by line; ``number(value, digits)`` writes a number in the
    reader's convention (Vietnamese: 1.234,5). Intermediate values show two decimals."""

    def given(value: float) -> str:
        return number(value, digits_needed(value))

    n0, n1, n2, n3 = (number(v, 2) for v in (size.n0, size.n_fpc, size.n_deff, size.n_gross))
    p, e = given(size.proportion), given(size.margin)
    lines = [
        Step("z", f"z = Φ⁻¹(1 − (1 − {given(size.confidence / 100)}) / 2)", "", number(size.z, 5)),
        Step(
            "n0",
            "n₀ = z² × p × (1 − p) / e²",
            f"{number(size.z, 5)}² × {p} × {given(1 - size.proportion)} / {e}²",
            n0,
        ),
    ]
    if size.population:
        numbers = f"{n0} / (1 + ({n0} − 1) / {number(size.population, 0)})"
        lines.append(Step("fpc", "n₁ = n₀ / (1 + (n₀ − 1) / N)", numbers, n1))
    lines += [
        Step("deff", "n₂ = n₁ × deff", f"{n1} × {given(size.design_effect)}", n2),
        Step("nonresponse", "n₃ = n₂ / (1 − r)", f"{n2} / (1 − {given(size.nonresponse)})", n3),
        Step("round", "n = ⌈n₃⌉", f"⌈{n3}⌉", number(size.n, 0)),
    ]
    return lines
