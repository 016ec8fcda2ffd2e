"""Reporting periods: parsing, neighbours, UTC bounds (Vietnam is UTC+7 all year) and labels."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.indicators.periods import (
    Period,
    PeriodError,
    current_half,
    label,
    parse_period,
    previous,
    recent,
    utc_bounds,
)

# --- Parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "start", "end", "kind"),
    [
        ("2026H1", "2026H1", date(2026, 1, 1), date(2026, 6, 30), "half"),
        ("2026H2", "2026H2", date(2026, 7, 1), date(2026, 12, 31), "half"),
        ("  2026h2 ", "2026H2", date(2026, 7, 1), date(2026, 12, 31), "half"),
        ("2026", "2026", date(2026, 1, 1), date(2026, 12, 31), "year"),
        ("2000", "2000", date(2000, 1, 1), date(2000, 12, 31), "year"),
        ("2100h1", "2100H1", date(2100, 1, 1), date(2100, 6, 30), "half"),
        (
            "2026-01-01..2026-03-31",
            "2026-01-01..2026-03-31",
            date(2026, 1, 1),
            date(2026, 3, 31),
            "range",
        ),
        (
            " 2026-01-01 .. 2026-03-31 ",
            "2026-01-01..2026-03-31",
            date(2026, 1, 1),
            date(2026, 3, 31),
            "range",
        ),
        (
            "2026-05-18..2026-05-18",
            "2026-05-18..2026-05-18",
            date(2026, 5, 18),
            date(2026, 5, 18),
            "range",
        ),
        # exactly five years is allowed
        (
            "2026-01-01..2030-12-31",
            "2026-01-01..2030-12-31",
            date(2026, 1, 1),
            date(2030, 12, 31),
            "range",
        ),
    ],
)
def test_parse(text, code, start, end, kind):
    period = parse_period(text)
    assert period == Period(code=code, start=start, end=end, kind=kind)


def test_parsed_code_parses_back_to_the_same_period():
    for text in ["2026h1", "2027", "2024-02-29..2024-03-31"]:
        period = parse_period(text)
        assert parse_period(period.code) == period


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2026H3",
        "2026H0",
        "2026 H1",
        "H1 2026",
        "26H1",
        "1999",
        "2101",
        "1999H2",
        "2101H1",
        "20260",
        "2026-13-01..2026-12-31",
        "2026-02-29..2026-03-31",  # 2026 is not a leap year
        "2026-1-1..2026-3-31",
        "2026-01-01...2026-03-31",
        "2026-01-01..",
        "1999-12-01..2000-01-31",
        "2100-12-01..2101-01-31",
        "2026-01-01/2026-03-31",
    ],
)
def test_parse_rejects_bad_format(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.code == "format"
    assert isinstance(caught.value, ValueError)


def test_parse_rejects_range_out_of_order():
    with pytest.raises(PeriodError) as caught:
        parse_period("2026-03-01..2026-02-28")
    assert caught.value.code == "order"
    assert "2026-03-01..2026-02-28" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "2026-01-01..2031-01-01",  # five years and a day
        "2024-02-29..2029-03-01",  # from 29 February: five years end on 28 February 2029
        "2000-01-01..2100-12-31",
    ],
)
def test_parse_rejects_range_over_five_years(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.code == "too_long"


def test_range_of_five_years_from_29_february():
    period = parse_period("2024-02-29..2029-02-28")
    assert period.kind == "range"
    assert period.end == date(2029, 2, 28)


def test_parse_rejects_non_strings():
    with pytest.raises(PeriodError) as caught:
        parse_period(2026)
    assert caught.value.code == "format"


# --- Period -----------------------------------------------------------------------------------


def test_contains_is_inclusive():
    period = parse_period("2026H1")
    assert period.contains(date(2026, 1, 1))
    assert period.contains(date(2026, 6, 30))
    assert not period.contains(date(2025, 12, 31))
    assert not period.contains(date(2026, 7, 1))


def test_year_is_the_year_of_the_end():
    assert parse_period("2026H2").year == 2026
    assert parse_period("2025").year == 2025
    assert parse_period("2025-12-01..2026-01-31").year == 2026


# --- Neighbours -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2026H1", "2025H2"),
        ("2026H2", "2026H1"),
        ("2026", "2025"),
        # 90 days (1 Jan – 31 Mar 2026) → the 90 days ending 31 Dec 2025: 3 Oct – 31 Dec
        ("2026-01-01..2026-03-31", "2025-10-03..2025-12-31"),
        # 31 days of March 2024 → 30 Jan – 29 Feb 2024 (leap year)
        ("2024-03-01..2024-03-31", "2024-01-30..2024-02-29"),
        ("2026-05-18..2026-05-18", "2026-05-17..2026-05-17"),
    ],
)
def test_previous(code, expected):
    assert previous(parse_period(code)) == parse_period(expected)


def test_previous_range_keeps_its_length():
    period = parse_period("2025-11-15..2026-02-14")
    before = previous(period)
    assert before.end == date(2025, 11, 14)
    assert (before.end - before.start) == (period.end - period.start)
    assert before.kind == "range"


def test_recent_halves_across_years():
    periods = recent(parse_period("2026H1"), 4)
    assert [p.code for p in periods] == ["2024H2", "2025H1", "2025H2", "2026H1"]


def test_recent_years_and_ranges():
    assert [p.code for p in recent(parse_period("2026"), 3)] == ["2024", "2025", "2026"]
    ranges = recent(parse_period("2026-01-01..2026-01-10"), 2)
    assert [p.code for p in ranges] == ["2025-12-22..2025-12-31", "2026-01-01..2026-01-10"]


def test_recent_of_one_and_invalid_count():
    period = parse_period("2026H2")
    assert recent(period, 1) == [period]
    with pytest.raises(ValueError, match="count"):
        recent(period, 0)


@pytest.mark.parametrize(
    ("today", "code"),
    [
        (date(2026, 1, 1), "2026H1"),
        (date(2026, 6, 30), "2026H1"),
        (date(2026, 7, 1), "2026H2"),
        (date(2026, 12, 31), "2026H2"),
    ],
)
def test_current_half(today, code):
    assert current_half(today).code == code


# --- UTC bounds -------------------------------------------------------------------------------


def test_utc_bounds_of_a_half():
    # 00:00 on 1 Jan 2026 in Vietnam = 17:00 on 31 Dec 2025 UTC;
    # 00:00 on 1 Jul 2026 in Vietnam = 17:00 on 30 Jun 2026 UTC (exclusive end)
    start, end = utc_bounds(parse_period("2026H1"))
    assert start == datetime(2025, 12, 31, 17, 0, tzinfo=UTC)
    assert end == datetime(2026, 6, 30, 17, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)
    assert end.utcoffset() == timedelta(0)
    assert start.isoformat() == "2025-12-31T17:00:00+00:00"


def test_utc_bounds_of_a_single_day_span_24_hours():
    start, end = utc_bounds(parse_period("2026-05-18..2026-05-18"))
    assert start == datetime(2026, 5, 17, 17, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=24)


def test_utc_bounds_of_consecutive_periods_meet():
    _, end_h1 = utc_bounds(parse_period("2026H1"))
    start_h2, end_h2 = utc_bounds(parse_period("2026H2"))
    assert end_h1 == start_h2
    assert end_h2 == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)


# --- Labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2026H1", "6 tháng đầu năm 2026", "First half of 2026"),
        ("2026H2", "6 tháng cuối năm 2026", "Second half of 2026"),
        ("2026", "Năm 2026", "Year 2026"),
        (
            "2026-01-01..2026-03-31",
            "Từ 01/01/2026 đến 31/03/2026",
            "1 Jan 2026 – 31 Mar 2026",
        ),
        (
            "2025-10-03..2025-12-31",
            "Từ 03/10/2025 đến 31/12/2025",
            "3 Oct 2025 – 31 Dec 2025",
        ),
    ],
)
def test_label(code, vi, en):
    period = parse_period(code)
    assert label(period) == vi
    assert label(period, "vi") == vi
    assert label(period, "en") == en


def test_label_falls_back_to_vietnamese():
    assert label(parse_period("2026H1"), "hre") == "6 tháng đầu năm 2026"
