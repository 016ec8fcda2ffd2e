"""The indicators' public summary for the department portal: no small cells, cached."""

import time

from flask import current_app, jsonify, request

from app.api import bp
from app.common.timezones import local_day
from app.db import utcnow
from app.indicators import formatting
from app.indicators.periods import PeriodError, current_half, label, parse_period
from app.indicators.queries import Filters, get_indicator_by_code
from app.indicators.services import breakdown_cells, compute, consolidate, snapshot_consolidation
from app.indicators.snapshots import list_snapshots

_cache: dict[tuple, tuple[float, dict]] = {}


def _cached(key: tuple, build):
    """The answer for key, rebuilt at most once every API_CACHE_SECONDS per worker."""
    ttl = current_app.config["API_CACHE_SECONDS"]
    now = time.monotonic()
    hit = _cache.get(key)
    if hit and now - hit[0] < ttl:
        return hit[1]
    body = build()
    if len(_cache) > 500:
        _cache.clear()
    _cache[key] = (now, body)
    return body


def _respond(body: dict, status: int = 200):
    response = jsonify(body)
    response.status_code = status
    if status == 200:
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["API_CACHE_SECONDS"]
    return response


def _period():
    text = (request.args.get("period") or "").strip()
    if not text:
        return current_half(local_day(utcnow()))
    return parse_period(text[:40])


def _public(figure) -> dict:
    """What the portal may show of a figure."""
    return {
        "code": figure.code,
        "name": {"vi": figure.name_vi, "en": figure.name_en},
        "kind": figure.kind,
        "plan_target": figure.is_plan_target,
        "value": figure.value,
        "display_value": formatting.figure_value(figure),
        "interval_95": None if figure.low is None else {"low": figure.low, "high": figure.high},
        "n": figure.n,
        "n_eff": None if figure.n_eff is None else round(figure.n_eff, 1),
        "target": figure.target,
        "comparison": figure.comparison,
        "target_year": figure.target_year,
        "status": figure.status,
        "status_label": formatting.status_text(figure.status),
        "note": str(formatting.NON_PROBABILITY) if figure.non_probability else None,
        "change_from_previous_period": figure.change,
    }


def _summary(period) -> dict:
    """The latest frozen snapshot of the period when there is one, else live figures."""
    frozen = list_snapshots(period.code)
    result = snapshot_consolidation(frozen[0]) if frozen else consolidate(period)
    return {
        "period": {
            "code": period.code,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": label(period, "vi"),
        },
        "final": bool(frozen),
        "snapshot": result.snapshot_id,
        "computed_at": result.computed_at.isoformat(),
        "indicators": [_public(f) for f in result.figures],
    }


@bp.route("/indicators")
def indicators():
    """Every indicator for a period (?period=2026H2; the current half-year by default)."""
    try:
        period = _period()
    except PeriodError:
        return _respond(
            {"error": "period must look like 2026H1, 2026H2, 2026 or 2026-01-01..2026-03-31"}, 400
        )
    return _respond(_cached(("all", period.code), lambda: _summary(period)))


@bp.route("/indicators/<code>")
def indicator(code: str):
    """One indicator for a period, with its published breakdowns (cells below the minimum
    size are left out)."""
    found = get_indicator_by_code(code[:40])
    if found is None or not found.is_active:
        return _respond({"error": "no such indicator"}, 404)
    try:
        period = _period()
    except PeriodError:
        return _respond(
            {"error": "period must look like 2026H1, 2026H2, 2026 or 2026-01-01..2026-03-31"}, 400
        )

    def build():
        body = _public(compute(found, period, Filters()))
        body["period"] = period.code
        body["breakdowns"] = {}
        cells = breakdown_cells(found, period, Filters(), language="vi")
        for dim, details in cells.items():
            if dim == "unit" and found.kind == "survey_proportion":
                continue  # staff answers by unit stay inside the department
            body["breakdowns"][dim] = [
                {
                    "key": c.key,
                    "label": c.label,
                    "n": c.n,
                    "value": c.value,
                    "interval_95": None if c.low is None else {"low": c.low, "high": c.high},
                }
                for c in details
                if not c.suppressed and (c.n or 0) >= found.min_cell_size
            ]
        return body

    return _respond(_cached((found.code, found.version, period.code), build))
