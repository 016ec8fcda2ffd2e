"""The design arithmetic, checked against numbers worked out by hand.

z(95%) = 1.959964 (z² = 3.841459); n₀ = z² p (1 − p) / e²; n₁ = n₀ / (1 + (n₀ − 1) / N);
n = ⌈n₁ · deff / (1 − r)⌉.
"""

import math
import random

import pytest

from app.sampling.design import (
    AllocationError,
    DesignInputError,
    FrameUnit,
    allocate,
    draw_sample,
    frame_fingerprint,
    parameter_errors,
    pps_systematic,
    reserve_for,
    sample_size,
    split_respondents,
    steps,
    z_value,
)

Z95 = 1.959963984540054


def seeded(seed: int) -> random.Random:
    """The generator the designer uses: reproducible by seed, not for secrets."""
    return random.Random(seed)  # noqa: S311 - reproducible draws are the point


def plain(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


# --- sample size ---------------------------------------------------------------------------


def test_z_values_are_the_exact_normal_quantiles():
    assert z_value(95) == pytest.approx(Z95, abs=1e-12)
    assert z_value(90) == pytest.approx(1.6448536269514722, abs=1e-12)
    assert z_value(99) == pytest.approx(2.5758293035489004, abs=1e-12)


def test_five_points_at_95_percent_needs_385_at_half_and_246_at_eighty_percent():
    half = sample_size(0.5, 0.05, 95)
    eighty = sample_size(0.8, 0.05, 95)

    assert half.n0 == pytest.approx(Z95**2 * 0.25 / 0.0025) == pytest.approx(384.1459, abs=1e-4)
    assert (half.n_fpc, half.n_deff, half.n_gross) == (half.n0, half.n0, half.n0)
    assert half.n == 385
    assert eighty.n0 == pytest.approx(245.8534, abs=1e-4)
    assert eighty.n == 246


def test_a_population_of_100_needs_80():
    size = sample_size(0.5, 0.05, 95, population=100)

    assert size.n0 == pytest.approx(384.1459, abs=1e-4)
    assert size.n_fpc == pytest.approx(384.1459 / (1 + 383.1459 / 100), abs=1e-4)
    assert size.n_fpc == pytest.approx(79.5093, abs=1e-4)
    assert size.n == 80


def test_design_effect_and_nonresponse_multiply_before_the_one_rounding():
    size = sample_size(0.5, 0.05, 95, design_effect=1.5, nonresponse=0.2)

    assert size.n_deff == pytest.approx(576.2188, abs=1e-4)
    assert size.n_gross == pytest.approx(720.2735, abs=1e-4)
    assert size.n == 721  # ⌈384.15 × 1.5 / 0.8⌉; rounding 385 first would give 722
    assert sample_size(0.5, 0.05, 95, design_effect=2, nonresponse=0.1).n == 854  # 853.66
    assert sample_size(0.5, 0.05, 99).n == 664  # 2.5758² × 0.25 / 0.0025 = 663.49
    assert sample_size(0.5, 0.05, 90).n == 271  # 1.6449² × 0.25 / 0.0025 = 270.55


def test_the_province_frame_barely_changes_the_size():
    size = sample_size(0.5, 0.05, 95, population=2_175_008, design_effect=1.5, nonresponse=0.2)

    assert size.n_fpc == pytest.approx(384.0782, abs=1e-4)
    assert size.n_gross == pytest.approx(720.1467, abs=1e-4)
    assert size.n == 721


def test_the_arithmetic_reads_line_by_line():
    size = sample_size(0.5, 0.05, 95, population=2_175_008, design_effect=1.5, nonresponse=0.2)

    lines = [(s.key, " = ".join(p for p in (s.formula, s.numbers, s.result) if p))
             for s in steps(size, plain)]  # fmt: skip

    assert lines == [
        ("z", "z = Φ⁻¹(1 − (1 − 0.95) / 2) = 1.95996"),
        ("n0", "n₀ = z² × p × (1 − p) / e² = 1.95996² × 0.5 × 0.5 / 0.05² = 384.15"),
        ("fpc", "n₁ = n₀ / (1 + (n₀ − 1) / N) = 384.15 / (1 + (384.15 − 1) / 2175008) = 384.08"),
        ("deff", "n₂ = n₁ × deff = 384.08 × 1.5 = 576.12"),
        ("nonresponse", "n₃ = n₂ / (1 − r) = 576.12 / (1 − 0.2) = 720.15"),
        ("round", "n = ⌈n₃⌉ = ⌈720.15⌉ = 721"),
    ]


def test_without_a_population_the_correction_step_is_left_out():
    keys = [s.key for s in steps(sample_size(0.8, 0.05), plain)]

    assert keys == ["z", "n0", "deff", "nonresponse", "round"]


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"p": 0}, "proportion", "Tỷ lệ dự kiến phải lớn hơn 0% và nhỏ hơn 100%."),
    ({"p": 1}, "proportion", "Tỷ lệ dự kiến phải lớn hơn 0% và nhỏ hơn 100%."),
    ({"margin": 0}, "margin", "Sai số phải lớn hơn 0 và nhỏ hơn 50 điểm phần trăm."),
    ({"margin": 0.5}, "margin", "Sai số phải lớn hơn 0 và nhỏ hơn 50 điểm phần trăm."),
    ({"design_effect": 0.9}, "design_effect", "Hiệu ứng thiết kế phải từ 1 trở lên."),
    ({"nonresponse": -0.1}, "nonresponse",
     "Tỷ lệ không trả lời dự kiến phải từ 0% đến dưới 90%."),
    ({"nonresponse": 0.9}, "nonresponse", "Tỷ lệ không trả lời dự kiến phải từ 0% đến dưới 90%."),
    ({"population": 0}, "population", "Quy mô tổng thể phải từ 1 người trở lên."),
    ({"confidence": 80}, "confidence",
     "Chọn độ tin cậy trong danh sách: 90, 95 hoặc 99 phần trăm."),
])  # fmt: skip
def test_parameters_out_of_range_are_refused_with_a_vietnamese_message(kwargs, field, message):
    args = {"p": 0.5, "margin": 0.05, **kwargs}

    with pytest.raises(DesignInputError) as caught:
        sample_size(args.pop("p"), args.pop("margin"), **args)

    assert caught.value.field == field
    assert str(caught.value) == message


def test_parameter_errors_reports_every_parameter_out_of_range_at_once():
    errors = parameter_errors(proportion=1.5, margin=0.05, design_effect=math.nan,
                              reserve_share=2, min_communes=0,
                              respondents_per_commune=None)  # fmt: skip

    assert errors == {
        "proportion": "Tỷ lệ dự kiến phải lớn hơn 0% và nhỏ hơn 100%.",
        "design_effect": "Hiệu ứng thiết kế phải từ 1 trở lên.",
        "reserve_share": "Tỷ lệ dự phòng phải từ 0% đến 100%.",
        "min_communes": "Số xã, phường tối thiểu mỗi tầng phải từ 1 trở lên.",
    }


def test_the_edges_of_the_ranges_are_allowed():
    assert sample_size(0.5, 0.05, design_effect=1, nonresponse=0, population=1).n == 1
    assert sample_size(0.5, 0.05, nonresponse=0.89).n == 3493  # 384.15 / 0.11 = 3492.2


# --- allocation ----------------------------------------------------------------------------

STRATA = {"kon_tum/phuong": 131_616, "kon_tum/xa": 508_779, "quang_ngai/phuong": 304_878,
          "quang_ngai/xa": 1_229_735}  # fmt: skip


def test_proportional_allocation_of_721_across_the_four_strata():
    # 721 × N_h / 2,175,008 = 43.63, 168.66, 101.07, 407.66: floors sum to 719, and the two
    # largest remainders (0.66 of quang_ngai/xa and kon_tum/xa) get one more each.
    result = allocate(721, STRATA, minimum=20)

    assert result == {"kon_tum/phuong": 43, "kon_tum/xa": 169, "quang_ngai/phuong": 101,
                      "quang_ngai/xa": 408}  # fmt: skip
    assert sum(result.values()) == 721


def test_equal_allocation_gives_the_remainder_to_the_largest_population():
    result = allocate(721, STRATA, method="equal", minimum=20)

    assert result == {"kon_tum/phuong": 180, "kon_tum/xa": 180, "quang_ngai/phuong": 180,
                      "quang_ngai/xa": 181}  # fmt: skip


def test_the_minimum_lifts_small_strata_and_the_rest_stays_proportional():
    # Proportional: 90 and 10; the minimum 30 takes the small one to 30, the big one gets 70.
    assert allocate(100, {"big": 9000, "small": 1000}, minimum=30) == {"big": 70, "small": 30}
    # Three strata: 98.5, 0.98 and 0.49; the two small ones sit at the minimum, the big one
    # gets the rest.
    sizes = {"a": 10_000, "b": 100, "c": 50}
    assert allocate(100, sizes, minimum=20) == {"a": 60, "b": 20, "c": 20}


def test_no_stratum_gets_more_than_its_population():
    assert allocate(60, {"a": 100, "b": 20}, method="equal") == {"a": 40, "b": 20}
    assert allocate(120, {"a": 100, "b": 20}) == {"a": 100, "b": 20}


def test_without_bounds_each_share_is_within_one_of_the_exact_proportion():
    rng = seeded(7)
    for _ in range(200):
        sizes = {f"s{i}": rng.randint(1, 100_000) for i in range(rng.randint(1, 8))}
        total = rng.randint(1, 2000)
        result = allocate(total, sizes)
        whole = sum(sizes.values())
        assert sum(result.values()) == total
        assert all(abs(result[k] - total * v / whole) < 1 for k, v in sizes.items())


def test_random_allocations_sum_exactly_and_respect_minimum_and_populations():
    rng = seeded(2026)
    for _ in range(300):
        sizes = {f"s{i}": rng.randint(5, 500) for i in range(rng.randint(1, 8))}
        minimum = rng.randint(0, 5)
        total = rng.randint(minimum * len(sizes), sum(sizes.values()))
        for method in ("proportional", "equal"):
            result = allocate(total, sizes, method=method, minimum=minimum)
            assert sum(result.values()) == total
            assert all(minimum <= result[k] <= sizes[k] for k in sizes), (sizes, result)


def test_a_total_below_minimum_times_strata_is_refused():
    with pytest.raises(AllocationError) as caught:
        allocate(79, STRATA, minimum=20)

    assert caught.value.field == "minimum"
    assert str(caught.value) == (
        "Cỡ mẫu 79 nhỏ hơn mức tối thiểu 20 × 4 tầng = 80. "
        "Giảm mức tối thiểu mỗi tầng hoặc tăng cỡ mẫu."
    )
    assert sum(allocate(80, STRATA, minimum=20).values()) == 80


def test_impossible_allocations_say_why():
    with pytest.raises(AllocationError, match="chỉ có 10, ít hơn mức tối thiểu 20"):
        allocate(100, {"a": 1000, "b": 10}, minimum=20)
    with pytest.raises(AllocationError, match="lớn hơn dân số của các tầng"):
        allocate(121, {"a": 100, "b": 20})
    with pytest.raises(AllocationError, match="chưa có dân số"):
        allocate(10, {"a": 100, "b": 0})
    with pytest.raises(DesignInputError, match="Chọn một cách phân bổ"):
        allocate(10, {"a": 100}, method="neyman")


# --- PPS draws -------------------------------------------------------------------------------

SIZES = [5, 8, 10, 12, 15, 20, 25, 30, 35, 40]  # total 200
UNITS = [(f"u{i}", s) for i, s in enumerate(SIZES)]


def keys(drawn) -> list:
    return [d.key for d in drawn]


def test_a_seeded_draw_reproduces_exactly_and_another_seed_draws_differently():
    communes = [(f"c{i:02}", 1000 + 137 * i) for i in range(40)]

    first = pps_systematic(communes, 6, seeded(20260601))
    again = pps_systematic(communes, 6, seeded(20260601))
    others = [keys(pps_systematic(communes, 6, seeded(seed))) for seed in range(1, 21)]

    assert first == again
    assert len(first) == len(set(keys(first))) == 6
    assert keys(pps_systematic(communes, 6, seeded(1))) != keys(first)
    assert len({tuple(k) for k in others}) >= 10  # systematic: about 40 possible samples


def test_inclusion_probabilities_are_k_times_size_over_total():
    drawn = pps_systematic(UNITS, 3, seeded(1))

    assert [d.order for d in drawn] == [1, 2, 3]
    for d in drawn:
        assert d.probability == pytest.approx(3 * d.size / 200)
        assert d.certain is False


def test_units_at_least_as_large_as_the_interval_are_taken_with_certainty():
    units = [("big", 1000), *((f"s{i}", 10) for i in range(5))]  # interval 1050 / 2 = 525

    drawn = pps_systematic(units, 2, seeded(3))

    assert (drawn[0].key, drawn[0].probability, drawn[0].certain, drawn[0].order) == (
        "big", 1.0, True, 1)  # fmt: skip
    assert drawn[1].probability == pytest.approx(10 / 50)  # one slot left over 50 people
    assert drawn[1].certain is False


def test_certainty_is_worked_out_again_for_the_units_left():
    # Interval 1000 / 3 = 333: 500 is certain; then 500 / 2 = 250: 300 is certain too; then
    # one slot over 200 people: 100 has probability 0.5, each 50 has 0.25.
    units = [("a", 500), ("b", 300), ("c", 100), ("d", 50), ("e", 50)]

    drawn = pps_systematic(units, 3, seeded(11))

    assert keys(drawn[:2]) == ["a", "b"]
    assert all(d.probability == 1 for d in drawn[:2])
    expected = {"c": 0.5, "d": 0.25, "e": 0.25}
    assert drawn[2].probability == pytest.approx(expected[drawn[2].key])


def test_drawing_every_unit_takes_all_with_certainty():
    drawn = pps_systematic(UNITS, len(UNITS), seeded(5))

    assert sorted(keys(drawn)) == sorted(k for k, _ in UNITS)
    assert all(d.certain and d.probability == 1 for d in drawn)


def test_over_4000_draws_each_unit_is_selected_in_proportion_to_its_size():
    rng = seeded(57)
    counts = dict.fromkeys((k for k, _ in UNITS), 0)
    draws = 4000
    for _ in range(draws):
        drawn = pps_systematic(UNITS, 3, rng)
        assert len({d.key for d in drawn}) == 3
        for d in drawn:
            counts[d.key] += 1

    for key, size in UNITS:
        # π = 3 · size / 200, from 0.075 to 0.6; the standard error is at most 0.008.
        assert counts[key] / draws == pytest.approx(3 * size / 200, abs=0.025), key


def test_a_draw_of_nothing_or_of_too_many_is_refused():
    with pytest.raises(DesignInputError, match="từ 1 đến 10"):
        pps_systematic(UNITS, 0, seeded(1))
    with pytest.raises(DesignInputError, match="từ 1 đến 10"):
        pps_systematic(UNITS, 11, seeded(1))
    with pytest.raises(DesignInputError, match="phải có dân số"):
        pps_systematic([("a", 10), ("b", 0)], 1, seeded(1))


# --- respondents and the whole draw -----------------------------------------------------------


def test_respondents_are_split_evenly_with_the_remainder_to_the_largest():
    assert split_respondents(44, [50_000, 40_000, 41_616]) == [15, 14, 15]
    assert split_respondents(40, [1, 2, 3, 4]) == [10, 10, 10, 10]
    assert split_respondents(7, [5, 5, 5]) == [3, 2, 2]  # a tie: the earlier one


def test_the_reserve_is_rounded_up():
    assert reserve_for(10, 0.2) == 2  # 0.2 × 10 = 2.0000000000000004 in floating point
    assert reserve_for(12, 0.2) == 3
    assert reserve_for(7, 0.1) == 1
    assert reserve_for(10, 0) == 0


def frame() -> list[FrameUnit]:
    """Two strata: five large xã in A (one certain), four phường in B."""
    a = [FrameUnit(i, f"A{i}", "a", size) for i, size in enumerate([90, 20, 20, 15, 15], 1)]
    b = [FrameUnit(10 + i, f"B{i}", "b", 10) for i in range(1, 5)]
    return a + b


def test_draw_sample_allocates_draws_and_assigns_respondents():
    # 60 respondents: proportional 48 / 12, but b needs 2 communes × 10 = 20, so a gets 40;
    # a draws ⌈40 / 10⌉ = 4 of its 5 communes (90 ≥ 160 / 4 is certain), b 2 of 4.
    result = draw_sample(frame(), 60, method="proportional", min_units=2, per_unit=10,
                         reserve_share=0.2, seed=99)  # fmt: skip

    assert [(s.code, s.population, s.units, s.allocated, s.drawn) for s in result.strata] == [
        ("a", 160, 5, 40, 4), ("b", 40, 4, 20, 2)]  # fmt: skip
    by_stratum = {"a": [], "b": []}
    for a in result.assignments:
        by_stratum[a.stratum].append(a)
    assert [a.respondents for a in by_stratum["a"]] == [10, 10, 10, 10]
    assert [a.respondents for a in by_stratum["b"]] == [10, 10]
    assert [a.reserve for a in result.assignments] == [2] * 6
    assert (by_stratum["a"][0].key, by_stratum["a"][0].probability) == (1, 1.0)
    assert [a.probability for a in by_stratum["a"][1:]] == [
        pytest.approx(3 * a.size / 70) for a in by_stratum["a"][1:]]  # fmt: skip
    assert [a.probability for a in by_stratum["b"]] == [0.5, 0.5]
    again = draw_sample(frame(), 60, method="proportional", min_units=2, per_unit=10,
                        reserve_share=0.2, seed=99)  # fmt: skip
    assert again == result


def test_draw_sample_refuses_a_total_too_small_for_the_minimum():
    with pytest.raises(AllocationError) as caught:
        draw_sample(frame(), 39, method="proportional", min_units=2, per_unit=10,
                    reserve_share=0.2, seed=1)  # fmt: skip

    assert caught.value.field == "min_communes"
    assert str(caught.value).startswith(
        "Cỡ mẫu 39 người chưa đủ cho 2 tầng × 2 xã, phường × 10 người = 40 người.")  # fmt: skip


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"min_units": 0}, "min_communes"),
    ({"per_unit": 0}, "respondents_per_commune"),
    ({"reserve_share": 1.5}, "reserve_share"),
    ({"method": "neyman"}, "allocation"),
])  # fmt: skip
def test_draw_sample_refuses_bad_settings(kwargs, field):
    settings = {"method": "proportional", "min_units": 2, "per_unit": 10, "reserve_share": 0.2,
                "seed": 1, **kwargs}  # fmt: skip

    with pytest.raises(DesignInputError) as caught:
        draw_sample(frame(), 60, **settings)

    assert caught.value.field == field


def test_the_frame_fingerprint_changes_with_any_population():
    changed = [*frame()[:-1], FrameUnit(14, "B4", "b", 11)]

    assert frame_fingerprint(frame()) == frame_fingerprint(frame())
    assert len(frame_fingerprint(frame())) == 64
    assert frame_fingerprint(changed) != frame_fingerprint(frame())
