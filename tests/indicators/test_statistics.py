"""Statistics for indicators, checked against values computed by hand (written out below).

z = 1.959963984540054, z² = 3.841458820694...
Wilson: centre = (p + z²/2n) / (1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
"""

import ast
import sys
from datetime import date
from pathlib import Path

import pytest

from app.indicators.statistics import (
    Z95,
    Estimate,
    Interval,
    Stratum,
    expected_on_trajectory,
    post_stratify,
    status,
    trajectory_status,
    unweighted,
    weighted_subset,
    wilson,
)

GROUP_XA = ("quang_ngai", "xa")
GROUP_KT = ("kon_tum", "xa")


# --- Wilson -------------------------------------------------------------------------------


def test_wilson_320_of_400():
    # p = 0.8, z²/n = 0.0096036, 1 + z²/n = 1.0096036
    # centre = (0.8 + 0.0048018) / 1.0096036 = 0.7971463
    # half = 1.96·√(0.16/400 + 3.8414588/640000) / 1.0096036
    #      = 1.96·√(0.0004 + 0.0000060) / 1.0096036 = 0.0391166
    # → [0.7580297, 0.8362630]
    interval = wilson(320, 400)
    assert round(interval.low, 3) == 0.758
    assert round(interval.high, 3) == 0.836
    assert interval.low == pytest.approx(0.758030, abs=1e-6)
    assert interval.high == pytest.approx(0.836263, abs=1e-6)


def test_wilson_10_of_10():
    # p = 1, z²/n = 0.3841459, 1 + z²/n = 1.3841459
    # centre = (1 + 0.1920729) / 1.3841459 = 0.8612336
    # half = 1.96·√(0 + 3.8414588/400) / 1.3841459 = 1.96·0.0979982 / 1.3841459 = 0.1387664
    # → [0.7224672, 1.0000000]
    interval = wilson(10, 10)
    assert round(interval.low, 3) == 0.722
    assert interval.high == pytest.approx(1.0, abs=1e-12)
    assert interval.high <= 1.0
    assert interval.low == pytest.approx(0.722467, abs=1e-6)


def test_wilson_zero_of_ten_is_clamped_at_zero():
    # mirror of 10/10: [0, 1 − 0.7224672] = [0, 0.2775328]
    interval = wilson(0, 10)
    assert interval.low == 0.0
    assert interval.high == pytest.approx(0.277533, abs=1e-6)


def test_wilson_fractional_n():
    # n = 800/19 = 42.1052632, k = n/2 → p = 0.5, symmetric around 0.5
    # z²/n = 0.0912346; half = 1.96·√(0.25/n + z²/4n²) / 1.0912346
    #      = 1.96·√(0.0059375 + 0.0005417) / 1.0912346 = 0.1445742 → [0.3554258, 0.6445742]
    n = 800 / 19
    interval = wilson(n / 2, n)
    assert interval.low == pytest.approx(0.3554258, abs=1e-6)
    assert interval.high == pytest.approx(0.6445742, abs=1e-6)


def test_wilson_none_without_sample():
    assert wilson(0, 0) is None
    assert wilson(0, -1) is None


def test_wilson_wider_with_larger_z():
    assert abs(Z95 - 1.96) < 1e-3
    narrow = wilson(320, 400)
    wide = wilson(320, 400, z=2.576)
    assert wide.low < narrow.low
    assert wide.high > narrow.high


# --- Post-stratification ----------------------------------------------------------------------

# Commune A: population 1000, n = 50, k = 40 → weight 1000/50 = 20
# Commune B: population 3000, n = 25, k = 10 → weight 3000/25 = 120
TWO_COMMUNES = [
    Stratum(key=1, group=GROUP_XA, population=1000, n=50, k=40),
    Stratum(key=2, group=GROUP_XA, population=3000, n=25, k=10),
]


def test_post_stratify_two_communes_untrimmed():
    # Σwk = 20·40 + 120·10 = 2000, Σwn = 20·50 + 120·25 = 4000 → estimate 0.5
    # Σw²n = 400·50 + 14400·25 = 20000 + 360000 = 380000
    # n_eff = 4000² / 380000 = 16e6 / 380000 = 42.1052632 (= 800/19)
    # deff = 75 / 42.1052632 = 1.78125
    # interval = Wilson(0.5·n_eff, n_eff) = [0.3554258, 0.6445742] (see test_wilson_fractional_n)
    result = post_stratify(TWO_COMMUNES, min_n=20, trim=None)
    assert isinstance(result, Estimate)
    assert result.n == 75
    assert result.k == 50
    assert result.estimate == pytest.approx(0.5, abs=1e-12)
    assert result.n_eff == pytest.approx(42.1053, abs=1e-4)
    assert result.deff == pytest.approx(1.78125, abs=1e-9)
    assert result.interval.low == pytest.approx(0.3554, abs=1e-4)
    assert result.interval.high == pytest.approx(0.6446, abs=1e-4)
    assert result.weights == {1: pytest.approx(20.0), 2: pytest.approx(120.0)}
    assert result.cells == 2
    assert result.collapsed == 0
    assert result.trimmed == 0
    assert result.covered_population == 4000
    assert result.population == 4000


def test_post_stratify_two_communes_trimmed():
    # mean weight before trimming = Σwn / n = 4000 / 75 = 53.3333; cap = 2.0 · 53.3333 = 320/3
    # = 106.6667, so B's 25 respondents are trimmed from 120 to 106.6667.
    # Σwn = 1000 + (320/3)·25 = 11000/3; Σwk = 800 + (320/3)·10 = 5600/3
    # estimate = 5600 / 11000 = 28/55 = 0.5090909
    # Σw²n = 400·50 + (320/3)²·25 = 20000 + 2560000/9 = 2740000/9
    # n_eff = (11000/3)² / (2740000/9) = 121e6 / 2.74e6 = 44.1605839
    # deff = 75 / 44.1605839 = 1.6983471
    # Wilson(p = 0.5090909, n = 44.1605839): z²/n = 0.0869884
    #   centre = (0.5090909 + 0.0434942) / 1.0869884 = 0.5083634
    #   half = 1.96·√(0.2499174/44.1605839 + 3.8414588/7800.59) / 1.0869884 = 0.1414237
    #   → [0.3669397, 0.6497871]
    result = post_stratify(TWO_COMMUNES, min_n=20, trim=2.0)
    assert result.trimmed == 25
    assert result.weights[1] == pytest.approx(20.0)
    assert result.weights[2] == pytest.approx(106.6667, abs=1e-4)
    assert result.estimate == pytest.approx(0.5091, abs=1e-4)
    assert result.n_eff == pytest.approx(44.1606, abs=1e-4)
    assert result.deff == pytest.approx(1.6983, abs=1e-4)
    assert result.interval.low == pytest.approx(0.3669, abs=1e-4)
    assert result.interval.high == pytest.approx(0.6498, abs=1e-4)


def test_default_trim_leaves_moderate_weights_alone():
    # cap = 3.5 · 53.3333 = 186.67 > 120: nothing trimmed, same as trim=None
    result = post_stratify(TWO_COMMUNES, min_n=20)
    assert result.trimmed == 0
    assert result.estimate == pytest.approx(0.5, abs=1e-12)
    assert result.n_eff == pytest.approx(42.1053, abs=1e-4)


def test_estimate_is_invariant_to_scaling_populations():
    scaled = [
        Stratum(key=s.key, group=s.group, population=s.population * 7, n=s.n, k=s.k)
        for s in TWO_COMMUNES
    ]
    a = post_stratify(TWO_COMMUNES, trim=None)
    b = post_stratify(scaled, trim=None)
    assert b.estimate == pytest.approx(a.estimate)
    assert b.n_eff == pytest.approx(a.n_eff)
    assert b.population == 28000


def test_single_commune_equals_unweighted():
    # one cell → every weight equal → estimate k/n, n_eff = n, deff = 1
    result = post_stratify([Stratum(key=1, group=GROUP_XA, population=5000, n=400, k=320)])
    assert result.estimate == pytest.approx(0.8)
    assert result.n_eff == pytest.approx(400.0)
    assert result.deff == pytest.approx(1.0)
    assert result.interval.low == pytest.approx(0.758030, abs=1e-6)
    assert result.interval.high == pytest.approx(0.836263, abs=1e-6)


def test_collapsing_small_and_empty_communes():
    # min_n = 20.
    # commune 1: pop 1000, n 30, k 15 → own cell, weight 1000/30 = 33.3333
    # communes 2 (pop 600, n 5, k 5), 3 (pop 400, n 5, k 1), 4 (pop 1000, n 0) are small, same
    #   group → one cell: population 2000, n 10, k 6, weight 2000/10 = 200
    #   (commune 4 has no respondents; its population is carried by its group)
    # commune 5 (pop 500, n 0) is alone in another group → that cell has no respondents: uncovered
    # Σwk = 33.3333·15 + 200·6 = 500 + 1200 = 1700; Σwn = 1000 + 2000 = 3000
    # estimate = 1700/3000 = 0.5666667
    # Σw²n = (1000/30)²·30 + 200²·10 = 33333.33 + 400000 = 433333.33
    # n_eff = 9e6 / 433333.33 = 20.7692308; deff = 40 / 20.7692308 = 1.9259259
    strata = [
        Stratum(key=1, group=GROUP_XA, population=1000, n=30, k=15),
        Stratum(key=2, group=GROUP_XA, population=600, n=5, k=5),
        Stratum(key=3, group=GROUP_XA, population=400, n=5, k=1),
        Stratum(key=4, group=GROUP_XA, population=1000, n=0, k=0),
        Stratum(key=5, group=GROUP_KT, population=500, n=0, k=0),
    ]
    result = post_stratify(strata, min_n=20, trim=None)
    assert result.n == 40
    assert result.k == 21
    assert result.weights == {
        1: pytest.approx(33.3333, abs=1e-4),
        2: pytest.approx(200.0),
        3: pytest.approx(200.0),
    }
    assert 4 not in result.weights
    assert 5 not in result.weights
    assert result.estimate == pytest.approx(0.5667, abs=1e-4)
    assert result.n_eff == pytest.approx(20.7692, abs=1e-4)
    assert result.deff == pytest.approx(1.9259, abs=1e-4)
    assert result.cells == 2
    assert result.collapsed == 4
    assert result.covered_population == 3000
    assert result.population == 3500


def test_commune_at_min_n_keeps_its_own_cell():
    # n = 20 = min_n → own cell (weight 1000/20 = 50); n = 19 → merged with its group alone
    # (weight 3000/19 = 157.8947)
    strata = [
        Stratum(key=1, group=GROUP_XA, population=1000, n=20, k=10),
        Stratum(key=2, group=GROUP_KT, population=3000, n=19, k=19),
    ]
    result = post_stratify(strata, min_n=20, trim=None)
    assert result.collapsed == 1
    assert result.cells == 2
    assert result.weights[1] == pytest.approx(50.0)
    assert result.weights[2] == pytest.approx(157.8947, abs=1e-4)
    # estimate = (500 + 3000) / (1000 + 3000) = 0.875
    assert result.estimate == pytest.approx(0.875)


def test_empty_commune_is_merged_even_with_min_n_zero():
    # with min_n = 0 commune 1 keeps its cell; commune 2 has nobody, so its group cell is empty
    strata = [
        Stratum(key=1, group=GROUP_XA, population=1000, n=5, k=1),
        Stratum(key=2, group=GROUP_KT, population=700, n=0, k=0),
    ]
    result = post_stratify(strata, min_n=0)
    assert result.cells == 1
    assert result.collapsed == 1
    assert result.covered_population == 1000
    assert result.population == 1700
    assert result.estimate == pytest.approx(0.2)


def test_trimming_counts_respondents_of_every_capped_cell():
    # weights 10 (n 100), 100 (n 10), 100 (n 10): Σwn = 1000 + 1000 + 1000 = 3000, n = 120,
    # mean 25, trim 2 → cap 50: the two heavy cells (20 respondents) are trimmed
    strata = [
        Stratum(key=1, group=GROUP_XA, population=1000, n=100, k=50),
        Stratum(key=2, group=GROUP_XA, population=1000, n=10, k=10),
        Stratum(key=3, group=GROUP_KT, population=1000, n=10, k=0),
    ]
    result = post_stratify(strata, min_n=5, trim=2.0)
    assert result.trimmed == 20
    assert result.weights == {
        1: pytest.approx(10.0),
        2: pytest.approx(50.0),
        3: pytest.approx(50.0),
    }
    # estimate = (10·50 + 50·10 + 0) / (1000 + 500 + 500) = 1000 / 2000 = 0.5
    assert result.estimate == pytest.approx(0.5)


def test_post_stratify_without_respondents():
    strata = [Stratum(key=1, group=GROUP_XA, population=1000, n=0, k=0)]
    result = post_stratify(strata)
    assert result.n == 0
    assert result.estimate is None
    assert result.n_eff == 0.0
    assert result.deff is None
    assert result.interval is None
    assert result.weights == {}
    assert result.cells == 0
    assert result.covered_population == 0
    assert result.population == 1000
    assert post_stratify([]).estimate is None


@pytest.mark.parametrize(
    "strata",
    [
        [Stratum(key=1, group=GROUP_XA, population=10, n=5, k=6)],
        [Stratum(key=1, group=GROUP_XA, population=10, n=-1, k=0)],
        [
            Stratum(key=1, group=GROUP_XA, population=10, n=5, k=1),
            Stratum(key=1, group=GROUP_KT, population=10, n=5, k=1),
        ],
    ],
)
def test_post_stratify_rejects_bad_strata(strata):
    with pytest.raises(ValueError, match="stratum"):
        post_stratify(strata)


def test_post_stratify_rejects_non_positive_trim():
    with pytest.raises(ValueError, match="trim"):
        post_stratify(TWO_COMMUNES, trim=0)


# --- Unweighted and domain estimates ----------------------------------------------------------


def test_unweighted():
    result = unweighted(400, 320)
    assert result.estimate == pytest.approx(0.8)
    assert result.n_eff == 400.0
    assert result.deff == 1.0
    assert result.weights == {}
    assert result.interval.low == pytest.approx(0.758030, abs=1e-6)
    assert result.interval.high == pytest.approx(0.836263, abs=1e-6)


def test_unweighted_empty_and_invalid():
    empty = unweighted(0, 0)
    assert empty.estimate is None
    assert empty.interval is None
    assert empty.deff is None
    with pytest.raises(ValueError, match="k <= n"):
        unweighted(5, 6)


def test_weighted_subset_uses_given_weights():
    # weights from the two-commune example: A 20, B 120; a domain with A n 10 k 8, B n 5 k 1;
    # commune 3 has no weight and is ignored.
    # estimate = (20·8 + 120·1) / (20·10 + 120·5) = 280 / 800 = 0.35
    # n_eff = 800² / (400·10 + 14400·5) = 640000 / 76000 = 8.4210526
    # deff = 15 / 8.4210526 = 1.78125
    # Wilson(0.35, 8.4210526): z²/n = 0.4561732; centre = (0.35 + 0.2280866)/1.4561732 = 0.3969903
    #   half = 1.96·√(0.0270156 + 3.8414588/283.6565) / 1.4561732
    #        = 1.96·√(0.0270156 + 0.0135426) / 1.4561732 = 1.96·0.2013910 / 1.4561732 = 0.2710658
    #   → [0.1259245, 0.6680561]
    strata = [
        Stratum(key=1, group=GROUP_XA, population=1000, n=10, k=8),
        Stratum(key=2, group=GROUP_XA, population=3000, n=5, k=1),
        Stratum(key=3, group=GROUP_XA, population=900, n=7, k=7),
    ]
    result = weighted_subset({1: 20.0, 2: 120.0}, strata)
    assert result.n == 15
    assert result.k == 9
    assert result.estimate == pytest.approx(0.35)
    assert result.n_eff == pytest.approx(8.4211, abs=1e-4)
    assert result.deff == pytest.approx(1.78125)
    assert result.interval.low == pytest.approx(0.1259, abs=1e-4)
    assert result.interval.high == pytest.approx(0.6681, abs=1e-4)
    assert result.weights == {1: 20.0, 2: 120.0}
    assert result.covered_population == 4000
    assert result.population == 4900


def test_weighted_subset_of_whole_sample_matches_post_stratify():
    full = post_stratify(TWO_COMMUNES, trim=2.0)
    subset = weighted_subset(full.weights, TWO_COMMUNES)
    assert subset.estimate == pytest.approx(full.estimate)
    assert subset.n_eff == pytest.approx(full.n_eff)
    assert subset.interval == full.interval


def test_weighted_subset_without_respondents():
    result = weighted_subset({1: 20.0}, [Stratum(key=1, group=GROUP_XA, population=5, n=0, k=0)])
    assert result.estimate is None
    assert result.interval is None
    assert result.weights == {}


# --- Status against a target ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "comparison", "expected"),
    [
        (0.8, 0.8, ">=", "met"),
        (0.79999, 0.8, ">=", "not_met"),
        (sum([0.1] * 10), 1.0, ">=", "met"),  # 0.9999999999999999 counts as 100%
        (1.0, 1.0, ">=", "met"),
        (0.2, 0.2, "<=", "met"),
        (0.20001, 0.2, "<=", "not_met"),
        (0.1, 0.2, "<=", "met"),
    ],
)
def test_status_exact(value, target, comparison, expected):
    assert status(value=value, interval=None, target=target, comparison=comparison) == expected


@pytest.mark.parametrize(
    ("low", "high", "comparison", "expected"),
    [
        (0.80, 0.86, ">=", "met"),  # low bound on the target
        (0.79, 0.86, ">=", "not_conclusive"),
        (0.74, 0.80, ">=", "not_conclusive"),  # high bound on the target is not below it
        (0.74, 0.7999, ">=", "not_met"),
        (0.70, 0.80, "<=", "met"),  # high bound on the target
        (0.75, 0.81, "<=", "not_conclusive"),
        (0.80, 0.86, "<=", "not_conclusive"),  # low bound on the target is not above it
        (0.8001, 0.86, "<=", "not_met"),
    ],
)
def test_status_sample(low, high, comparison, expected):
    result = status(
        value=(low + high) / 2,
        interval=Interval(low=low, high=high),
        target=0.8,
        comparison=comparison,
    )
    assert result == expected


def test_status_sample_uses_interval_not_value():
    # the estimate 0.82 is above 0.80 but the interval straddles it
    assert status(value=0.82, interval=Interval(0.78, 0.86), target=0.8) == "not_conclusive"
    assert status(value=0.82, interval=None, target=0.8) == "met"


def test_status_missing():
    assert status(value=None, interval=None, target=0.8) == "no_data"
    assert status(value=None, interval=None, target=None) == "no_data"
    assert status(value=0.5, interval=Interval(0.4, 0.6), target=None) == "no_target"


def test_status_rejects_unknown_comparison():
    with pytest.raises(ValueError, match="comparison"):
        status(value=0.5, interval=None, target=0.5, comparison=">")


# --- Trajectory -------------------------------------------------------------------------------


def _expected(on):
    # from 0.4 on 1 Jan 2026 to 0.8 on 31 Dec 2026: 364 days
    return expected_on_trajectory(
        baseline=0.4, baseline_on=date(2026, 1, 1), target=0.8, target_year=2026, on=on
    )


def test_trajectory_linear():
    # 2 Jul 2026 is 182 days after 1 Jan: 0.4 + 0.4·182/364 = 0.6
    assert _expected(date(2026, 7, 2)) == pytest.approx(0.6)
    # 1 Apr 2026 is 90 days after: 0.4 + 0.4·90/364 = 0.4989011
    assert _expected(date(2026, 4, 1)) == pytest.approx(0.4989011, abs=1e-7)


def test_trajectory_ends():
    assert _expected(date(2026, 1, 1)) == 0.4
    assert _expected(date(2025, 6, 1)) == 0.4
    assert _expected(date(2026, 12, 31)) == 0.8
    assert _expected(date(2031, 1, 1)) == 0.8


def test_trajectory_over_years_and_decreasing():
    # from 0.5 on 31 Dec 2025 to 0.1 on 31 Dec 2030 (1826 days, 2028 is a leap year);
    # 31 Dec 2027 is 730 days in: 0.5 − 0.4·730/1826 = 0.3400876
    value = expected_on_trajectory(
        baseline=0.5,
        baseline_on=date(2025, 12, 31),
        target=0.1,
        target_year=2030,
        on=date(2027, 12, 31),
    )
    assert value == pytest.approx(0.3400876, abs=1e-7)


def test_trajectory_status():
    assert trajectory_status(value=0.6, expected=0.6) == "on_track"
    assert trajectory_status(value=0.5999, expected=0.6) == "off_track"
    assert trajectory_status(value=0.3, expected=0.34, comparison="<=") == "on_track"
    assert trajectory_status(value=0.35, expected=0.34, comparison="<=") == "off_track"
    assert trajectory_status(value=None, expected=0.6) == "no_data"
    assert trajectory_status(value=0.5, expected=None) == "no_data"


# --- Purity -----------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["statistics.py", "periods.py"])
def test_modules_import_only_the_standard_library(module):
    path = Path(__file__).resolve().parents[2] / "app" / "indicators" / module
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    assert roots
    assert roots <= set(sys.stdlib_module_names)
