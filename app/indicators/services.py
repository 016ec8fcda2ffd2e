"""Consolidation: every indicator's figures for a period, from tallies and registers.

`consolidate` is the one computation behind the dashboard, the PDF report, the CLI and the
API; `freeze_period` stores its result as a snapshot that later data never changes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app

from app.audit.services import record
from app.db import utcnow
from app.extensions import db
from app.indicators import queries, statistics
from app.indicators.figures import Cell, Figure
from app.indicators.models import Indicator, Snapshot
from app.indicators.periods import Period, parse_period, previous
from app.indicators.queries import Filters


@dataclass
class Consolidation:
    """The figures of every indicator for a period and filter, and when they were computed."""

    period: Period
    filters: Filters
    computed_at: datetime
    figures: list[Figure] = field(default_factory=list)
    snapshot_id: int | None = None

    def figure(self, code: str) -> Figure | None:
        return next((f for f in self.figures if f.code == code), None)


def consolidate(
    period: Period, filters: Filters | None = None, *, codes=None, with_previous: bool = True
) -> Consolidation:
    """Compute every active indicator (or those in ``codes``) for a period."""
    filters = filters or Filters()
    indicators = [i for i in queries.list_indicators() if codes is None or i.code in codes]
    figures = [compute(i, period, filters) for i in indicators]
    if with_previous:
        before = previous(period)
        for indicator, figure in zip(indicators, figures, strict=True):
            figure.previous = compute(indicator, before, filters).value
            if figure.value is not None and figure.previous is not None:
                figure.change = figure.value - figure.previous
    return Consolidation(period, filters, utcnow(), figures)


def compute(
    indicator: Indicator, period: Period, filters: Filters, *, breakdown: str | None = None
) -> Figure:
    """One indicator's figures; with ``breakdown``, its cells by that dimension in details."""
    figure = _blank(indicator)
    _dispatch(indicator, figure, period, filters, breakdown)
    _judge(indicator, figure, period)
    return figure


def _blank(indicator: Indicator) -> Figure:
    as_float = lambda v: None if v is None else float(v)  # noqa: E731
    return Figure(
        code=indicator.code,
        name_vi=indicator.name_vi,
        name_en=indicator.name_en,
        kind=indicator.kind,
        percent=indicator.kind not in ("count", "milestone"),
        is_sample=indicator.is_sample,
        is_plan_target=indicator.is_plan_target,
        definition_version=indicator.version,
        target=as_float(indicator.target_value),
        comparison=indicator.comparison,
        target_year=indicator.target_year,
        baseline=as_float(indicator.baseline_value),
        baseline_on=indicator.baseline_on.isoformat() if indicator.baseline_on else None,
        weighting=indicator.weighting,
    )


def _judge(indicator: Indicator, figure: Figure, period: Period) -> None:
    """Status against the target and, before the target year, against the trajectory."""
    if figure.not_applicable:
        figure.status = "not_applicable"
        return
    if indicator.kind == "milestone":
        figure.status = (
            "no_data" if figure.value is None else ("met" if figure.value >= 1 else "not_met")
        )
        return
    interval = statistics.Interval(figure.low, figure.high) if figure.low is not None else None
    figure.status = statistics.status(
        value=figure.value, interval=interval, target=figure.target, comparison=figure.comparison
    )
    before_target = figure.target_year is not None and period.end.year < figure.target_year
    if before_target and figure.baseline is not None and figure.target is not None:
        figure.expected = statistics.expected_on_trajectory(
            baseline=figure.baseline,
            baseline_on=indicator.baseline_on or period.start,
            target=figure.target,
            target_year=figure.target_year,
            on=period.end,
        )
        figure.trajectory = statistics.trajectory_status(
            value=figure.value, expected=figure.expected, comparison=figure.comparison
        )


# -- survey indicators ------------------------------------------------------------------


def _outcome_counts(rows) -> tuple[dict, dict, bool]:
    """Per (commune, dimension): {yes, no, invalid, excluded}, from the stream that counts.

    The probability sample, when the period has one, is the only stream estimates use;
    otherwise every response counts and the figure is labelled non-probability.
    """
    sample = any(r.stream == "sample" and r.outcome in ("yes", "no") and r.n for r in rows)
    counts: dict = defaultdict(lambda: defaultdict(int))
    totals: dict = defaultdict(int)
    for row in rows:
        if sample and row.stream != "sample":
            continue
        counts[(row.commune_id, row.dim)][row.outcome] += row.n
        totals[row.outcome] += row.n
    return counts, totals, sample


def _survey(indicator, figure, period, filters, breakdown):
    census = indicator.denominator != "respondents"
    if census and _geographic_only(figure, filters):
        return
    # A census is counted per unit whatever the breakdown: its denominator is per unit.
    by = "unit" if census else breakdown
    rows = queries.survey_outcomes(indicator.id, period.start, period.end, filters, by)
    counts, totals, sample = _outcome_counts(rows)
    figure.invalid, figure.excluded = totals["invalid"], totals["excluded"]
    figure.respondents = totals["yes"] + totals["no"] + totals["invalid"]
    figure.non_probability = indicator.is_sample and not sample
    figure.provenance = _survey_provenance(indicator, period, figure)
    if indicator.denominator == "respondents":
        _sample_estimate(indicator, figure, filters, counts, breakdown)
    else:
        _census(indicator, figure, filters, counts, breakdown)


def _survey_provenance(indicator, period, figure) -> dict:
    versions = queries.survey_versions(indicator.id, period.start, period.end)
    return {
        "audience": indicator.audience,
        "question": indicator.question_code,
        "options": list(indicator.count_options),
        "invalid_answers": dict(indicator.invalid_answers),
        "versions": [
            {"survey": v.slug, "wave": v.wave, "version": v.number, "responses": v.n}
            for v in versions
        ],
        "excluded": figure.excluded,
        "invalid": figure.invalid,
    }


_EVERY_CELL = object()  # not None: None is a breakdown key of its own (no channel, no commune)


def _strata(counts, dim_filter=_EVERY_CELL) -> list[statistics.Stratum]:
    """Commune strata with valid respondents (yes + no) and their populations."""
    per_commune: dict = defaultdict(lambda: [0, 0])
    for (commune_id, dim), c in counts.items():
        if dim_filter is _EVERY_CELL or dim == dim_filter:
            per_commune[commune_id][0] += c["yes"] + c["no"]
            per_commune[commune_id][1] += c["yes"]
    communes = {row.id: row for row in queries.commune_strata()}
    strata = []
    for commune_id, row in communes.items():
        n, k = per_commune.get(commune_id, (0, 0))
        group = (row.former_province, "phuong" if row.kind == "phuong" else "xa")
        strata.append(statistics.Stratum(commune_id, group, row.population or 0, n, k))
    return strata


def _sample_estimate(indicator, figure, filters, counts, breakdown):
    n = sum(c["yes"] + c["no"] for c in counts.values())
    k = sum(c["yes"] for c in counts.values())
    weighted = indicator.weighting == "commune_population" and filters.commune_id is None
    if weighted:
        strata = _strata(counts)
        if filters.former_province:
            # The province's communes without respondents stay: merged cells carry their
            # population, as they do in the estimate for the whole province.
            strata = [s for s in strata if s.group[0] == filters.former_province or s.n]
        estimate = statistics.post_stratify(
            strata,
            min_n=current_app.config["INDICATOR_COLLAPSE_MIN"],
            trim=current_app.config["INDICATOR_WEIGHT_TRIM"],
        )
        figure.provenance["weighting"] = {
            "cells": estimate.cells,
            "collapsed": estimate.collapsed,
            "trimmed": estimate.trimmed,
            "covered_population": estimate.covered_population,
            "population": estimate.population,
            "without_commune": sum(c["yes"] + c["no"] for (cid, _), c in counts.items() if not cid),
        }
    else:
        estimate = statistics.unweighted(n, k)
    figure.weighting = "commune_population" if weighted else "none"
    figure.n, figure.numerator, figure.denominator = estimate.n, estimate.k, estimate.n
    figure.value, figure.n_eff, figure.deff = estimate.estimate, estimate.n_eff, estimate.deff
    if estimate.interval is not None:
        figure.low, figure.high = estimate.interval.low, estimate.interval.high
    if breakdown:
        figure.details = _sample_cells(
            indicator, counts, breakdown, estimate.weights if weighted else None
        )


def _sample_cells(indicator, counts, breakdown, weights) -> list[Cell]:
    keys = sorted({dim for (_, dim) in counts}, key=lambda v: (v is None, str(v)))
    cells = []
    for key in keys:
        if weights is None:
            # Unweighted: every respondent of the cell counts, whether or not a commune is known.
            in_cell = [c for (_, dim), c in counts.items() if dim == key]
            n, k = sum(c["yes"] + c["no"] for c in in_cell), sum(c["yes"] for c in in_cell)
        else:
            strata = [s for s in _strata(counts, key) if s.n]
            n, k = sum(s.n for s in strata), sum(s.k for s in strata)
        cell = Cell(key=str(key) if key is not None else "", label="", n=n)
        if n < indicator.min_cell_size:
            cell.suppressed = True
        else:
            use_weights = weights is not None and breakdown != "commune"
            est = (
                statistics.weighted_subset(weights, strata)
                if use_weights
                else statistics.unweighted(n, k)
            )
            cell.numerator, cell.denominator, cell.value = est.k, n, est.estimate
            if est.interval is not None:
                cell.low, cell.high = est.interval.low, est.interval.high
        cells.append(cell)
    return cells


def _census(indicator, figure, filters, counts, breakdown):
    """Staff indicators: the denominator is the headcount, so non-respondents count as no."""
    heads = dict(queries.headcounts(indicator.denominator, filters.unit_id))
    yes_by_unit: dict = defaultdict(int)
    answered_by_unit: dict = defaultdict(int)
    for (_, unit_id), c in counts.items():
        yes_by_unit[unit_id] += c["yes"]
        answered_by_unit[unit_id] += c["yes"] + c["no"] + c["invalid"]
    headcount = sum(heads.values())
    # Respondents outside the units the headcount covers (no unit, the department itself)
    # are reported, never counted: the numerator must stay within the denominator.
    answered = sum(answered_by_unit.get(uid, 0) for uid in heads)
    figure.numerator = sum(yes_by_unit.get(uid, 0) for uid in heads)
    figure.denominator, figure.n = headcount, answered
    if headcount:
        figure.value = figure.numerator / headcount
        figure.coverage = answered / headcount
    figure.provenance["headcount"] = headcount
    figure.provenance["outside_units"] = sum(answered_by_unit.values()) - answered
    if breakdown == "unit":
        figure.details = [
            _unit_cell(
                uid,
                yes_by_unit.get(uid, 0),
                head,
                answered_by_unit.get(uid, 0),
                indicator.min_cell_size,
            )
            for uid, head in heads.items()
        ]


def _unit_cell(unit_id, yes, head, answered, min_size) -> Cell:
    cell = Cell(key=str(unit_id), label="", n=answered, denominator=head)
    if answered < min_size:
        cell.suppressed = True
    else:
        cell.numerator = yes
        cell.value = yes / head if head else None
    return cell


# -- register indicators ----------------------------------------------------------------


def _geographic_only(figure, filters) -> bool:
    """Registers are kept per unit: a commune, channel or enterprise filter does not apply."""
    if filters.geographic or filters.channel or filters.enterprise_type:
        figure.not_applicable = True
        return True
    return False


def _tasks(indicator, figure, period, filters, breakdown):
    if _geographic_only(figure, filters):
        return
    rows = queries.tasks_communicated(period.end, filters.unit_id)
    _proportion(figure, [(r.unit_id, r.yes or 0, r.in_scope or 0) for r in rows], breakdown)
    figure.provenance = {
        "register": "st_tasks",
        "secret_excluded": sum(r.secret or 0 for r in rows),
    }


def _channels(indicator, figure, period, filters, breakdown):
    if _geographic_only(figure, filters):
        return
    rows = queries.units_with_channel(period.start, period.end, filters.unit_id)
    _proportion(figure, [(r.id, int(bool(r.channel and r.product)), 1) for r in rows], breakdown)
    figure.provenance = {
        "register": "comm_channels",
        "with_channel": sum(1 for r in rows if r.channel),
    }


def _trained(indicator, figure, period, filters, breakdown):
    if _geographic_only(figure, filters):
        return
    params = indicator.register_params or {}
    min_hours = int(params.get("min_hours", 40))
    topics = list(params.get("topics") or ["digital_comm", "st_content", "both"])
    trained = dict(
        queries.trained_staff(
            period.end, min_hours=min_hours, topics=topics, unit_id=filters.unit_id
        )
    )
    heads = dict(queries.headcounts("comm_staff_headcount", filters.unit_id))
    # A unit cannot have more trained people than its communication headcount: the excess
    # (a headcount not yet updated) is reported, never counted.
    rows = [(uid, min(trained.get(uid, 0), head), head) for uid, head in heads.items()]
    _proportion(figure, rows, breakdown)
    figure.provenance = {
        "register": "trainings",
        "min_hours": min_hours,
        "topics": topics,
        "outside_units": sum(v for u, v in trained.items() if u not in heads),
        "over_headcount": sum(max(0, trained.get(uid, 0) - head) for uid, head in heads.items()),
    }


def _proportion(figure, rows, breakdown) -> None:
    """Exact proportion from (unit id, numerator, denominator) rows."""
    figure.numerator = sum(r[1] for r in rows)
    figure.denominator = sum(r[2] for r in rows)
    figure.n = figure.denominator
    if figure.denominator:
        figure.value = figure.numerator / figure.denominator
    if breakdown == "unit":
        figure.details = [
            Cell(
                key=str(uid) if uid else "",
                label="",
                n=den,
                numerator=num,
                denominator=den,
                value=num / den if den else None,
            )
            for uid, num, den in rows
        ]


def _milestone_documents(indicator, figure, period, filters, breakdown):
    kind = (indicator.register_params or {}).get("kind", "plan")
    document = queries.first_document(kind, period.end)
    figure.value = 1.0 if document else 0.0
    if document:
        figure.evidence = f"{document.number} ({document.issued_on.isoformat()})"
    reports = queries.documents_issued("report", period.start, period.end)
    figure.details = [Cell(key="report", label="", n=reports, numerator=reports)]
    figure.numerator = 1 if document else 0
    figure.provenance = {"register": "documents", "kind": kind}


def _milestone_portal(indicator, figure, period, filters, breakdown):
    params = indicator.register_params or {}
    channel_kind = params.get("channel_kind", "portal_column")
    items = sum(r[2] for r in queries.products(period.start, period.end, channel_kind=channel_kind))
    open_channels = queries.open_channels(channel_kind, period.end)
    figure.numerator = items
    figure.value = 1.0 if open_channels and items >= int(params.get("min_items", 1)) else 0.0
    figure.details = [Cell(key="items", label="", n=items, numerator=items)]
    figure.provenance = {
        "register": "comm_channels",
        "channel_kind": channel_kind,
        "open_channels": open_channels,
    }


def _milestone_network(indicator, figure, period, filters, breakdown):
    rows = queries.network_members(period.end)
    members = sum(r[1] for r in rows)
    figure.numerator = members
    figure.value = (
        1.0 if members >= int((indicator.register_params or {}).get("min_members", 10)) else 0.0
    )
    figure.details = [Cell(key=kind, label="", n=n, numerator=n) for kind, n in sorted(rows)]
    figure.provenance = {"register": "network_members"}


def _milestone_awards(indicator, figure, period, filters, breakdown):
    rows = queries.award_entries(period.start.year, period.end.year)
    entries = sum(r[1] for r in rows)
    figure.numerator = entries
    figure.value = (
        1.0 if entries >= int((indicator.register_params or {}).get("min_entries", 1)) else 0.0
    )
    figure.details = [Cell(key=result, label="", n=n, numerator=n) for result, n in sorted(rows)]
    figure.provenance = {"register": "award_entries"}


def _count_products(indicator, figure, period, filters, breakdown):
    if _geographic_only(figure, filters):
        return
    params = indicator.register_params or {}
    rows = queries.products(
        period.start,
        period.end,
        unit_id=filters.unit_id,
        minority_languages=bool(params.get("minority_languages")),
    )
    figure.value = figure.numerator = float(sum(r[2] for r in rows))
    by_kind: dict = defaultdict(int)
    by_unit: dict = defaultdict(int)
    for unit_id, kind, n in rows:
        by_kind[kind] += n
        by_unit[unit_id] += n
    source = by_unit if breakdown == "unit" else by_kind
    figure.details = [
        Cell(key=str(k), label="", n=n, numerator=n, value=float(n))
        for k, n in sorted(source.items())
    ]
    figure.provenance = {"register": "comm_products", **params}


_REGISTER_KINDS = {
    "st_tasks": _tasks,
    "comm_channels": _channels,
    "trainings": _trained,
}
_MILESTONES = {
    "documents": _milestone_documents,
    "comm_channels": _milestone_portal,
    "network_members": _milestone_network,
    "award_entries": _milestone_awards,
}


def _dispatch(indicator, figure, period, filters, breakdown):
    if indicator.kind == "survey_proportion":
        return _survey(indicator, figure, period, filters, breakdown)
    if indicator.kind == "register_proportion":
        return _REGISTER_KINDS[indicator.register](indicator, figure, period, filters, breakdown)
    if indicator.kind == "milestone":
        if filters.any:
            figure.not_applicable = True  # a department-wide fact, with no unit or commune
            return None
        return _MILESTONES[indicator.register](indicator, figure, period, filters, breakdown)
    return _count_products(indicator, figure, period, filters, breakdown)


# -- snapshots --------------------------------------------------------------------------


def freeze_period(period: Period, *, actor, note: str = "") -> Snapshot:
    """Store the period's figures as they are now; reports can be issued from the snapshot."""
    result = consolidate(period)
    snapshot = Snapshot(
        period=period.code,
        frozen_by_id=getattr(actor, "id", None),
        note=note,
        figures={
            "period": period.code,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "computed_at": result.computed_at.isoformat(),
            "figures": [f.to_dict() for f in result.figures],
        },
    )
    db.session.add(snapshot)
    db.session.flush()
    record(
        actor,
        "indicators.freeze",
        snapshot,
        period=period.code,
        definitions={f.code: f.definition_version for f in result.figures},
    )
    return snapshot


def snapshot_consolidation(snapshot: Snapshot) -> Consolidation:
    """A frozen snapshot read back as the same structure the live computation returns."""
    data = snapshot.figures
    return Consolidation(
        period=parse_period(data["period"]),
        filters=Filters(),
        computed_at=datetime.fromisoformat(data["computed_at"]),
        figures=[Figure.from_dict(f) for f in data["figures"]],
        snapshot_id=snapshot.id,
    )
