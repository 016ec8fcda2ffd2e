"""Indicator values for re-keying into another monitoring system (the Party's "Hệ thống 57"),
as CSV and JSON.

The rows are the dashboard's figures (`services.consolidate`, or a frozen snapshot read back
by `services.snapshot_consolidation`), in the units the dashboard shows: percentages as
percent points rounded to 0.1 as on the dashboard, counts as whole numbers, milestones as
1 (met) or 0. Keys: code, name, period, value, unit, target, target_year, status, and lower,
upper, n and note only where the figure has them.
"""

import csv
import io
import json

from flask_babel import gettext as _

from app.audit.services import record
from app.common.csv_export import neutralise
from app.indicators import formatting
from app.indicators.figures import Figure
from app.indicators.models import Snapshot
from app.indicators.periods import Period, label
from app.indicators.services import Consolidation, consolidate, snapshot_consolidation

FORMATS = ("csv", "json")
FORMAT_NAME = "nq57-indicator-values/1"
COLUMNS = ("code", "name", "period", "value", "unit", "target", "target_year", "status",
           "lower", "upper", "n", "note")  # fmt: skip


def export_figures(period: Period, snapshot: Snapshot | None = None) -> Consolidation:
    """The figures to export: a frozen snapshot's when one is given, else the live figures of
    the department-wide dashboard for the period (the same computation, so the same numbers)."""
    if snapshot is not None:
        return snapshot_consolidation(snapshot)
    return consolidate(period, with_previous=False)


def _number(figure: Figure, value: float | None) -> float | int | None:
    """A value in the unit the dashboard shows it in."""
    if value is None:
        return None
    if figure.percent:
        return round(value * 100, 1)
    if figure.kind == "milestone":
        return 1 if value >= 1 else 0
    return int(value) if float(value).is_integer() else round(value, 1)


def measure_unit(figure: Figure) -> str:
    """What the value counts, in words (the interface language)."""
    if figure.percent:
        return "%"
    if figure.kind == "milestone":
        return _("mốc (1: đã đạt, 0: chưa đạt)")
    return _("sản phẩm")


def _target(figure: Figure) -> float | int | None:
    if figure.kind == "milestone":
        return 1 if figure.target_year else None  # the milestone is to be reached
    return _number(figure, figure.target)


def export_rows(result: Consolidation, *, language: str) -> list[dict]:
    """One dict per indicator, numbers as numbers; keys absent where the figure has no value."""
    rows = []
    for figure in result.figures:
        row = {
            "code": figure.code,
            "name": figure.name(language),
            "period": result.period.code,
            "value": _number(figure, figure.value),
            "unit": measure_unit(figure),
            "target": _target(figure),
            "target_year": figure.target_year,
            "status": formatting.status_text(figure.status),
        }
        if figure.low is not None and figure.high is not None:
            row["lower"] = round(figure.low * 100, 1)
            row["upper"] = round(figure.high * 100, 1)
        if figure.n is not None:
            row["n"] = int(figure.n)
        if figure.non_probability and figure.value is not None:
            row["note"] = str(formatting.NON_PROBABILITY)
        rows.append(row)
    return rows


def json_text(result: Consolidation, *, language: str) -> str:
    """The JSON document: where the figures come from, then one object per indicator."""
    document = {
        "format": FORMAT_NAME,
        "period": {
            "code": result.period.code,
            "label": label(result.period, language),
            "start": result.period.start.isoformat(),
            "end": result.period.end.isoformat(),
        },
        "computed_at": result.computed_at.isoformat(),
        "snapshot": result.snapshot_id,
        "indicators": export_rows(result, language=language),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _cell(value) -> str:
    """A CSV cell: percent points always with one decimal and a full stop, whole numbers as
    they are, text guarded against spreadsheet formulas."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def csv_text(result: Consolidation, *, language: str) -> str:
    """The CSV file: UTF-8 with the BOM Excel needs, a header of the JSON keys, one row per
    indicator."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in export_rows(result, language=language):
        writer.writerow([_cell(row.get(column)) for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def file_name(result: Consolidation, fmt: str) -> str:
    frozen = f"-chot-{result.snapshot_id}" if result.snapshot_id else ""
    return f"gia-tri-chi-tieu-{result.period.code}{frozen}.{fmt}".replace("..", "-")


def record_export(result: Consolidation, actor, *, fmt: str, via: str) -> None:
    """The audit entry of every re-keying export: who, which period, live or which snapshot."""
    record(actor, "indicators.export", None, target_type="indicators", period=result.period.code,
           format=fmt, snapshot=result.snapshot_id, via=via,
           codes=[f.code for f in result.figures])  # fmt: skip
