"""CSV cells: formula neutralisation that an import undoes exactly, and day parsing."""

from datetime import date

import pytest

from app.common.csv_export import neutralise, unneutralise
from app.registers.csvfiles import parse_day


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+84 255 3822", "'+84 255 3822"),
        ("-Hướng dẫn", "'-Hướng dẫn"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'=already quoted", "''=already quoted"),
        ("Báo Quảng Ngãi", "Báo Quảng Ngãi"),
        ("'trích dẫn'", "'trích dẫn'"),
        ("", ""),
    ],
)
def test_a_neutralised_cell_reads_back_as_it_was(cell, written):
    assert neutralise(cell) == written
    assert unneutralise(written) == cell


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-27", date(2026, 3, 27)),
        ("27/03/2026", date(2026, 3, 27)),
        ("7/3/2026", date(2026, 3, 7)),
    ],
)
def test_days_are_read_iso_or_vietnamese(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize(
    "text", ["31/02/2026", "2026/03/27", "03-27-2026", "27/03/1800", "hôm qua"]
)
def test_other_days_are_refused(text):
    with pytest.raises(ValueError, match=text):
        parse_day(text)
