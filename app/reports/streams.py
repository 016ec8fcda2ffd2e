"""Which response stream a summary counts, the line that says so, and the stream × mode table.

Estimates come from the probability sample when there is one (DOMAIN.md). So when the
responses in scope include sample ones, a summary counts the sample only, unless the manager
chooses a stream or "all", and it says how many responses of other streams were left out.
Open-link responses (people who chose to answer) are never mixed in silently: mixing takes
the explicit choice "all", and the summary then says that the streams are mixed.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from app.common.text import format_number
from app.reports.distributions import StreamModeCount
from app.reports.question_blocks import Cell, count_cell, secondary
from app.responses.labels import MODE_LABELS, STREAM_LABELS

ALL = "all"  # the manager's explicit choice: every stream, mixed
SAMPLE = "sample"
OPEN = "open"


@dataclass(frozen=True)
class StreamChoice:
    """What a summary counts: ``counted`` is one stream, or None for every stream."""

    counted: str | None
    total: int
    note: str  # the line saying what is counted and what is left out; "" when nothing to say
    non_probability: bool  # open-link responses are among those counted


def stream_totals(rows: list[StreamModeCount]) -> dict[str, int]:
    """Responses per stream, from the stream × mode counts."""
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.stream] = totals.get(row.stream, 0) + row.n
    return totals


def _phrase(stream: str, n: int) -> str:
    """ "25 phiếu từ đường dẫn mở (ý kiến tự nguyện)": a stream's responses, in words."""
    count = format_number(n)
    if stream == OPEN:
        return _("%(n)s phiếu từ đường dẫn mở (ý kiến tự nguyện)", n=count)
    if stream == SAMPLE:
        return _("%(n)s phiếu thuộc mẫu xác suất", n=count)
    return _("%(n)s phiếu từ thư mời hoặc tài khoản cán bộ (toàn bộ đối tượng)", n=count)


def _phrases(streams: dict[str, int], skip: str | None = None) -> str:
    return ", ".join(_phrase(s, streams[s]) for s in STREAM_LABELS if streams.get(s) and s != skip)


def _note(streams: dict[str, int], chosen: str | None, counted: str | None) -> str:
    if counted is None:  # every stream: say so only when asked for and several are mixed
        if chosen != ALL or sum(1 for n in streams.values() if n) < 2:
            return ""
        mixed = _("Theo lựa chọn “Tất cả”, các bảng dưới đây gộp phiếu của nhiều nguồn: "
                  "%(streams)s.", streams=_phrases(streams))  # fmt: skip
        if not streams.get(SAMPLE):
            return mixed
        return " ".join((mixed, _("Số liệu gộp không phải ước lượng từ mẫu xác suất, "
                                  "chỉ dùng để tham khảo.")))  # fmt: skip
    left_out = _phrases(streams, skip=counted)
    if chosen is None:  # the default: the sample, because the scope has one
        if not left_out:
            return _("Chỉ tính các phiếu thuộc mẫu xác suất.")
        return _("Chỉ tính các phiếu thuộc mẫu xác suất; %(left_out)s không được tính vào các "
                 "bảng dưới đây.", left_out=left_out)  # fmt: skip
    name = str(STREAM_LABELS[counted])
    if not left_out:
        return _("Chỉ tính các phiếu nguồn “%(stream)s” (theo lựa chọn).", stream=name)
    return _("Chỉ tính các phiếu nguồn “%(stream)s” (theo lựa chọn); %(left_out)s không được "
             "tính vào các bảng dưới đây.", stream=name, left_out=left_out)  # fmt: skip


def choose(streams: dict[str, int], chosen: str | None, *, staff: bool = False) -> StreamChoice:
    """The stream to count for the responses in scope (``streams``: responses per stream).

    :param chosen: the manager's choice: a stream, ALL, or None for the default, which is the
        probability sample when the scope has any sample response, else every stream.
    """
    default = SAMPLE if streams.get(SAMPLE) else None
    counted = None if chosen == ALL else chosen or default
    total = streams.get(counted, 0) if counted else sum(streams.values())
    with_open = counted in (None, OPEN) and bool(streams.get(OPEN))
    return StreamChoice(counted, total, _note(streams, chosen, counted), not staff and with_open)


def chosen_text(chosen: str | None, counted: str | None) -> str:
    """The stream as the report's list of filters names it; "" for every stream by default."""
    if chosen == ALL:
        return _("Nguồn phiếu: tất cả (gộp các nguồn)")
    if counted is None:
        return ""
    return _("Nguồn phiếu: %(name)s", name=STREAM_LABELS[counted])


def _protect(cells: list[list[Cell]], values: list[list[int]], minimum: int) -> list[list[Cell]]:
    """Hide more cells until no row or column has a single hidden count left to subtraction.

    Rows add up to the published stream totals (the notes print them), columns to the mode
    totals (the last row), and the mode totals to the published grand total.
    """
    while True:
        before = sum(c.suppressed for row in cells for c in row)
        cells = [secondary(row, line, minimum) for row, line in zip(cells, values, strict=True)]
        inner = len(cells) - 1  # a stream's cells, without the totals row
        for j in range(len(cells[0])):
            column = secondary([row[j] for row in cells[:inner]],
                               [line[j] for line in values[:inner]], minimum)  # fmt: skip
            for i in range(inner):
                cells[i][j] = column[i]
        if sum(c.suppressed for row in cells for c in row) == before:
            return cells


def stream_mode_table(rows: list[StreamModeCount], counted: str | None, minimum: int) -> dict:
    """Responses by stream (rows) and mode (columns), with totals; small cells suppressed as
    in every other breakdown. Only the streams and modes that have responses appear; a row
    that the summary does not count is marked."""
    n = {(r.stream, r.mode): r.n for r in rows}
    streams = [s for s in STREAM_LABELS if any(r.stream == s and r.n for r in rows)]
    modes = [m for m in MODE_LABELS if any(r.mode == m and r.n for r in rows)]
    if not streams:
        return {}
    values = [[n.get((s, m), 0) for m in modes] for s in streams]
    values.append([sum(column) for column in zip(*values, strict=True)])  # per mode
    cells = [[count_cell("", v, None, minimum) for v in line] for line in values]
    cells = _protect(cells, values, minimum)
    return {
        "modes": [str(MODE_LABELS[m]) for m in modes],
        "rows": [
            {
                "label": str(STREAM_LABELS[s]),
                "counted": counted is None or s == counted,
                "cells": [c.count for c in cells[i]],
                "total": format_number(sum(values[i])),
            }
            for i, s in enumerate(streams)
        ],
        "totals": [c.count for c in cells[-1]],
        "total": format_number(sum(values[-1])),
    }
