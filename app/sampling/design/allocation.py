"""Sharing a total across strata: proportional or equal, with a minimum, in whole numbers."""

import math
from collections.abc import Mapping
from fractions import Fraction

from flask_babel import lazy_gettext as _l

from app.sampling.design.errors import AllocationError, DesignInputError

ALLOCATION_METHODS = ("proportional", "equal")


def allocate(
    total: int,
    sizes: Mapping[str, int],
    *,
    method: str = "proportional",
    minimum: int = 0,
    capacities: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Share ``total`` across strata: proportional to ``sizes`` or equal, each stratum at least
    ``minimum`` and at most its capacity (by default its size, i.e. its population).

    Returns whole numbers in the order of ``sizes`` that sum exactly to ``total``.
    :raises AllocationError: when no split satisfies the minimum and the capacities.
    """
    if method not in ALLOCATION_METHODS:
        raise DesignInputError("allocation", _l("Chọn một cách phân bổ trong danh sách."))
    if not sizes:
        raise AllocationError("stratification", _l("Không có tầng nào để phân bổ mẫu."))
    capacities = capacities if capacities is not None else sizes
    for key, size in sizes.items():
        if size <= 0:
            raise AllocationError(
                "stratification", _l("Tầng %(stratum)s chưa có dân số.", stratum=key)
            )
        if capacities[key] < minimum:
            raise AllocationError("minimum", _l(
                "Tầng %(stratum)s chỉ có %(capacity)s, ít hơn mức tối thiểu %(minimum)s mỗi tầng.",
                stratum=key, capacity=capacities[key], minimum=minimum,
            ))  # fmt: skip
    needed = minimum * len(sizes)
    if total < needed:
        raise AllocationError("minimum", _l(
            "Cỡ mẫu %(total)s nhỏ hơn mức tối thiểu %(minimum)s × %(strata)s tầng = %(needed)s. "
            "Giảm mức tối thiểu mỗi tầng hoặc tăng cỡ mẫu.",
            total=total, minimum=minimum, strata=len(sizes), needed=needed,
        ))  # fmt: skip
    if total > sum(capacities.values()):
        raise AllocationError(
            "stratification", _l("Cỡ mẫu %(total)s lớn hơn dân số của các tầng.", total=total)
        )
    weights = {k: Fraction(v if method == "proportional" else 1) for k, v in sizes.items()}
    shares = _water_fill(total, weights, minimum, capacities)
    return _largest_remainder(total, shares, sizes)


def _water_fill(
    total: int, weights: Mapping[str, Fraction], minimum: int, capacities: Mapping[str, int]
) -> dict[str, Fraction]:
    """Exact shares clamp(λ·w, minimum, capacity) summing to ``total``.

    The sum S(λ) is continuous, non-decreasing and linear between the points where a stratum
    reaches its minimum (λ = m / w) or its capacity (λ = c / w), so λ is found exactly by
    walking those points and interpolating on the segment that holds the total."""

    def shares(lam: Fraction) -> dict[str, Fraction]:
        return {
            k: min(max(lam * w, Fraction(minimum)), Fraction(capacities[k]))
            for k, w in weights.items()
        }

    points = sorted({Fraction(b) / w for k, w in weights.items() for b in (minimum, capacities[k])})
    low, s_low = Fraction(0), sum(shares(Fraction(0)).values())
    for point in points:
        s_point = sum(shares(point).values())
        if s_point >= total:
            if s_point == s_low:
                return shares(point)
            return shares(low + (total - s_low) * (point - low) / (s_point - s_low))
        low, s_low = point, s_point
    return shares(points[-1])  # unreachable: the caller checked total <= Σ capacities


def _largest_remainder(
    total: int, shares: Mapping[str, Fraction], sizes: Mapping[str, int]
) -> dict[str, int]:
    """Floors, then one more each to the largest remainders; ties go to the larger population,
    then to the earlier stratum.

    A share with a remainder lies strictly between two whole numbers inside [minimum,
    capacity], so neither the floor nor the floor plus one leaves that range."""
    result = {k: math.floor(s) for k, s in shares.items()}
    order = list(shares)
    extra = sorted(order, key=lambda k: (-(shares[k] - result[k]), -sizes[k], order.index(k)))
    for key in extra[: total - sum(result.values())]:
        result[key] += 1
    return result
