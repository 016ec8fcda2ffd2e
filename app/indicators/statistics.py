"""Proportions from samples and counts: Wilson intervals, post-stratified estimates, statuses.

Pure functions over plain numbers (no Flask, no database), following DOMAIN.md "Statistics":

- a Wilson score interval at 95%, on a possibly fractional (effective) sample size;
- post-stratification to commune populations: each respondent in commune h weighs N_h / n_h,
  communes with too few respondents are merged into their weighting group, weights may be
  trimmed, and the interval is Wilson on Kish's effective sample size;
- the status of a value against a target (exact counts versus sample estimates) and against the
  linear trajectory from a baseline to the target.

Weighted sums are computed cell by cell: every respondent of a weighting cell shares one weight, so
a cell contributes ``w * n`` to the sum of weights and ``w**2 * n`` to the sum of squared weights.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

Z95 = 1.959963984540054
EPSILON = 1e-9
COMPARISONS = (">=", "<=")


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson(k: float, n: float, z: float = Z95) -> Interval | None:
    """Wilson score interval for ``k`` successes out of ``n``, clamped to [0, 1].

    ``n`` may be fractional (an effective sample size, with ``k = p * n_eff``). None when n <= 0.
    """
    if n <= 0:
        return None
    p = min(max(k / n, 0.0), 1.0)
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return Interval(low=max(0.0, centre - half), high=min(1.0, centre + half))


@dataclass(frozen=True)
class Stratum:
    key: int  # commune id
    group: tuple  # weighting group used when communes are merged, e.g. ("quang_ngai", "xa")
    population: int  # N_h, the commune's population
    n: int  # valid respondents in the commune
    k: int  # of them, respondents counted in the numerator


@dataclass(frozen=True)
class Estimate:
    n: int
    k: int
    estimate: float | None  # weighted proportion, None when n == 0
    n_eff: float  # Kish effective sample size (sum w)^2 / sum w^2
    deff: float | None  # n / n_eff
    interval: Interval | None  # Wilson on n_eff with k_eff = estimate * n_eff
    # stratum key -> weight of each respondent in it (after trimming); strata with n == 0 absent
    weights: dict[int, float] = field(default_factory=dict)
    cells: int = 0  # number of weighting cells used
    collapsed: int = 0  # communes merged into group cells
    trimmed: int = 0  # respondents whose weight was trimmed
    covered_population: int = 0  # population represented (cells with respondents)
    population: int = 0  # total population of all strata given


@dataclass
class _Cell:
    strata: list[Stratum]
    population: int
    n: int
    k: int
    weight: float = 0.0


def _validate(strata: Iterable[Stratum]) -> None:
    seen: set[int] = set()
    for stratum in strata:
        if stratum.key in seen:
            raise ValueError(f"duplicate stratum key {stratum.key!r}")
        seen.add(stratum.key)
        if stratum.population < 0 or stratum.n < 0 or stratum.k < 0:
            raise ValueError(f"stratum {stratum.key!r} has a negative population, n or k")
        if stratum.k > stratum.n:
            raise ValueError(f"stratum {stratum.key!r} has k={stratum.k} > n={stratum.n}")


def _summarise(cells: list[tuple[float, int, int]]) -> tuple[float | None, float, float | None]:
    """Estimate, n_eff and deff from (weight, n, k) cells; a cell's respondents share its weight."""
    n = sum(cell_n for _, cell_n, _ in cells)
    sum_w = math.fsum(w * cell_n for w, cell_n, _ in cells)
    sum_w2 = math.fsum(w * w * cell_n for w, cell_n, _ in cells)
    if n == 0 or sum_w <= 0 or sum_w2 <= 0:
        return None, 0.0, None
    estimate = math.fsum(w * cell_k for w, _, cell_k in cells) / sum_w
    n_eff = sum_w * sum_w / sum_w2
    return estimate, n_eff, n / n_eff


def _interval(estimate: float | None, n_eff: float) -> Interval | None:
    if estimate is None:
        return None
    return wilson(estimate * n_eff, n_eff)


def post_stratify(strata: list[Stratum], *, min_n: int = 20, trim: float | None = 3.5) -> Estimate:
    """Proportion post-stratified to commune populations.

    Communes with at least ``min_n`` respondents form their own cell, weight N_h / n_h. The others
    (including communes without respondents, whose population they carry) are merged per ``group``
    into one cell weighing (sum of populations) / (sum of n); a merged cell without respondents is
    uncovered, its population left out of ``covered_population``. With ``trim``, weights above
    ``trim`` times the mean respondent weight (before trimming) are capped there, without
    redistribution (the estimate is a ratio, invariant to scaling the weights).

    ``cells`` counts the cells with respondents; ``collapsed`` the communes put in group cells;
    ``trimmed`` the respondents whose weight was capped.
    """
    _validate(strata)
    if trim is not None and trim <= 0:
        raise ValueError(f"trim must be positive, got {trim!r}")

    cells: list[_Cell] = []
    groups: dict[tuple, _Cell] = {}
    collapsed = 0
    for stratum in strata:
        if stratum.n >= min_n and stratum.n > 0:
            cells.append(_Cell([stratum], stratum.population, stratum.n, stratum.k))
            continue
        collapsed += 1
        cell = groups.get(stratum.group)
        if cell is None:
            cell = groups[stratum.group] = _Cell([], 0, 0, 0)
            cells.append(cell)
        cell.strata.append(stratum)
        cell.population += stratum.population
        cell.n += stratum.n
        cell.k += stratum.k

    covered = [cell for cell in cells if cell.n > 0]
    for cell in covered:
        cell.weight = cell.population / cell.n

    trimmed = 0
    n = sum(cell.n for cell in covered)
    if trim is not None and n > 0:
        cap = trim * math.fsum(cell.weight * cell.n for cell in covered) / n
        for cell in covered:
            if cell.weight > cap:
                cell.weight = cap
                trimmed += cell.n

    estimate, n_eff, deff = _summarise([(cell.weight, cell.n, cell.k) for cell in covered])
    return Estimate(
        n=n,
        k=sum(cell.k for cell in covered),
        estimate=estimate,
        n_eff=n_eff,
        deff=deff,
        interval=_interval(estimate, n_eff),
        weights={s.key: cell.weight for cell in covered for s in cell.strata if s.n > 0},
        cells=len(covered),
        collapsed=collapsed,
        trimmed=trimmed,
        covered_population=sum(cell.population for cell in covered),
        population=sum(s.population for s in strata),
    )


def unweighted(n: int, k: int) -> Estimate:
    """Plain proportion k / n (a census or an unweighted sample): n_eff = n, deff 1, no cells."""
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return Estimate(n=0, k=0, estimate=None, n_eff=0.0, deff=None, interval=None)
    return Estimate(n=n, k=k, estimate=k / n, n_eff=float(n), deff=1.0, interval=wilson(k, n))


def weighted_subset(weights: dict[int, float], strata: list[Stratum]) -> Estimate:
    """Domain estimate (a breakdown) with weights already computed over the whole population.

    ``strata`` hold the domain's respondents per commune; those whose key has no weight are
    ignored. ``cells`` counts the strata contributing respondents; ``covered_population`` sums the
    populations of the strata that have a weight; nothing is collapsed or trimmed here.
    """
    _validate(strata)
    used = [s for s in strata if s.key in weights]
    respondents = [s for s in used if s.n > 0]
    estimate, n_eff, deff = _summarise([(weights[s.key], s.n, s.k) for s in respondents])
    return Estimate(
        n=sum(s.n for s in used),
        k=sum(s.k for s in used),
        estimate=estimate,
        n_eff=n_eff,
        deff=deff,
        interval=_interval(estimate, n_eff),
        weights={s.key: weights[s.key] for s in respondents},
        cells=len(respondents),
        covered_population=sum(s.population for s in used),
        population=sum(s.population for s in strata),
    )


def _check_comparison(comparison: str) -> None:
    if comparison not in COMPARISONS:
        raise ValueError(f"comparison must be one of {COMPARISONS}, got {comparison!r}")


def status(
    *,
    value: float | None,
    interval: Interval | None,
    target: float | None,
    comparison: str = ">=",
) -> str:
    """'no_data', 'no_target', 'met', 'not_met' or 'not_conclusive'.

    Exact values (no interval) are met when value >= target (<= for comparison '<='). Sample
    estimates are met when the whole interval satisfies the target, not met when none of it does,
    otherwise not conclusive.
    """
    _check_comparison(comparison)
    if value is None:
        return "no_data"
    if target is None:
        return "no_target"
    if interval is None:
        if comparison == ">=":
            return "met" if value >= target - EPSILON else "not_met"
        return "met" if value <= target + EPSILON else "not_met"
    if comparison == ">=":
        if interval.low >= target - EPSILON:
            return "met"
        if interval.high < target - EPSILON:
            return "not_met"
        return "not_conclusive"
    if interval.high <= target + EPSILON:
        return "met"
    if interval.low > target + EPSILON:
        return "not_met"
    return "not_conclusive"


def expected_on_trajectory(
    *, baseline: float, baseline_on: date, target: float, target_year: int, on: date
) -> float:
    """Value expected on ``on`` on the straight line from the baseline to the target.

    The line runs from (baseline_on, baseline) to (31 December of target_year, target); before
    baseline_on it is the baseline, from the target date on it is the target.
    """
    target_on = date(target_year, 12, 31)
    if on < baseline_on:
        return baseline
    if on >= target_on:
        return target
    fraction = (on - baseline_on).days / (target_on - baseline_on).days
    return baseline + (target - baseline) * fraction


def trajectory_status(
    *, value: float | None, expected: float | None, comparison: str = ">="
) -> str:
    """'on_track' when the value is at or beyond the expected value, 'off_track', or 'no_data'."""
    _check_comparison(comparison)
    if value is None or expected is None:
        return "no_data"
    if comparison == ">=":
        return "on_track" if value >= expected - EPSILON else "off_track"
    return "on_track" if value <= expected + EPSILON else "off_track"
