"""Drawing communes: systematic PPS within each stratum, respondents and reserves."""

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from flask_babel import lazy_gettext as _l

from app.sampling.design.allocation import allocate
from app.sampling.design.errors import AllocationError, DesignInputError, ceil_clean
from app.sampling.design.rules import check_parameters


@dataclass(frozen=True)
class Drawn:
    """A unit drawn by PPS: its key, size, draw order (from 1) and inclusion probability."""

    key: object
    size: int
    order: int
    probability: float
    certain: bool


def pps_systematic(units: Sequence[tuple[object, int]], k: int, rng: random.Random) -> list[Drawn]:
    """Draw ``k`` of ``units`` (key, size) systematically with probability proportional to size.

    Units at least as large as the sampling interval are taken with certainty first (frame
    order); the others follow in the order of the systematic points. One ``rng.random()`` call
    is made when any unit is left to draw by chance, none otherwise.
    """
    if not 1 <= k <= len(units):
        raise DesignInputError(
            "min_communes", _l("Số xã, phường cần chọn phải từ 1 đến %(n)s.", n=len(units))
        )
    if any(size <= 0 for _key, size in units):
        raise DesignInputError(
            "stratification", _l("Mỗi xã, phường trong khung mẫu phải có dân số.")
        )
    certain: list[tuple[object, int]] = []
    rest = list(units)
    while len(certain) < k:
        interval = Fraction(sum(s for _k, s in rest), k - len(certain))
        large = [u for u in rest if u[1] >= interval]
        if not large:
            break
        certain += large
        rest = [u for u in rest if u[1] < interval]
    drawn = [Drawn(key, size, i, 1.0, True) for i, (key, size) in enumerate(certain, 1)]
    slots = k - len(certain)
    if slots == 0:
        return drawn
    total = sum(s for _k, s in rest)
    interval = Fraction(total, slots)
    start = Fraction(rng.random()) * interval
    points = iter(start + j * interval for j in range(slots))
    point, cumulated = next(points), 0
    for key, size in rest:
        cumulated += size
        if point < cumulated:  # the interval exceeds every size: one point per unit at most
            drawn.append(Drawn(key, size, len(drawn) + 1, slots * size / total, False))
            point = next(points, None)
            if point is None:
                break
    return drawn


def split_respondents(n: int, sizes: Sequence[int]) -> list[int]:
    """``n`` respondents across communes of ``sizes``: equal shares, the remainder one each to
    the largest communes (ties: the earlier one)."""
    base, remainder = divmod(n, len(sizes))
    largest = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))[:remainder]
    return [base + (1 if i in largest else 0) for i in range(len(sizes))]


def reserve_for(respondents: int, share: float) -> int:
    """Replacement respondents kept in reserve: ⌈share × respondents⌉ (20% of 12 → 3)."""
    return ceil_clean(share * respondents)


@dataclass(frozen=True)
class FrameUnit:
    """A commune of the sampling frame: an id, its statistical code, stratum and population."""

    key: int
    code: str
    stratum: str
    size: int


@dataclass(frozen=True)
class StratumPlan:
    """One stratum of a drawn design."""

    code: str
    population: int
    units: int  # communes in the frame
    allocated: int  # respondents n_h
    drawn: int  # communes drawn k_h


@dataclass(frozen=True)
class Assignment:
    """A drawn commune with its respondents and reserve."""

    key: int
    stratum: str
    order: int
    size: int
    probability: float
    certain: bool
    respondents: int
    reserve: int


@dataclass(frozen=True)
class DrawResult:
    strata: list[StratumPlan]
    assignments: list[Assignment]


def draw_sample(
    frame: Sequence[FrameUnit],
    total: int,
    *,
    method: str,
    min_units: int,
    per_unit: int,
    reserve_share: float,
    seed: int,
) -> DrawResult:
    """Allocate ``total`` respondents across the frame's strata and draw the communes.

    Strata are processed in the order of their codes and communes in frame order, all with one
    ``random.Random(seed)``. Each stratum gets at least ``min_units`` communes (all it has, if
    fewer) and so at least ``min_units × per_unit`` respondents; it draws ⌈n_h / per_unit⌉
    communes (at least the minimum, at most all of its communes).
    """
    check_parameters(min_communes=min_units, respondents_per_commune=per_unit,
                     reserve_share=reserve_share)  # fmt: skip
    strata: dict[str, list[FrameUnit]] = {}
    for unit in frame:
        strata.setdefault(unit.stratum, []).append(unit)
    strata = dict(sorted(strata.items()))
    needed = len(strata) * min_units * per_unit
    if total < needed:
        raise AllocationError("min_communes", _l(
            "Cỡ mẫu %(total)s người chưa đủ cho %(strata)s tầng × %(communes)s xã, phường × "
            "%(per)s người = %(needed)s người. Giảm số xã, phường tối thiểu mỗi tầng hoặc số "
            "người trả lời mỗi xã, phường.",
            total=total, strata=len(strata), communes=min_units, per=per_unit, needed=needed,
        ))  # fmt: skip
    sizes = {code: sum(u.size for u in units) for code, units in strata.items()}
    allocated = allocate(total, sizes, method=method, minimum=min_units * per_unit)
    rng = random.Random(seed)  # noqa: S311 - a reproducible draw, not a secret
    plans, assignments = [], []
    for code, units in strata.items():
        k = min(len(units), max(min_units, ceil_clean(allocated[code] / per_unit)))
        drawn = pps_systematic([(u.key, u.size) for u in units], k, rng)
        people = split_respondents(allocated[code], [d.size for d in drawn])
        plans.append(StratumPlan(code, sizes[code], len(units), allocated[code], k))
        assignments += [
            Assignment(d.key, code, d.order, d.size, d.probability, d.certain, n,
                       reserve_for(n, reserve_share))
            for d, n in zip(drawn, people, strict=True)
        ]  # fmt: skip
    return DrawResult(plans, assignments)


def frame_fingerprint(frame: Sequence[FrameUnit]) -> str:
    """SHA-256 of the frame as drawn (code, stratum, population per line, in frame order): with
    the seed, it lets anyone check that a draw is reproduced from the same frame."""
    text = "".join(f"{u.code}\t{u.stratum}\t{u.size}\n" for u in frame)
    return hashlib.sha256(text.encode()).hexdigest()
