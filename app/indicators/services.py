"""Consolidation: every indicator's figures for a period, from tallies and registers.

`consolidate` is the one computation behind the dashboard, the PDF report, the CLI and the
API; `freeze_period` stores its result as a snapshot that later data never changes.
"""

from dataclasses import dataclass, field
from datetime import datetime

from app.audit.services import record
from app.db import utcnow
from app.extensions import db
from app.indicators import queries, statistics
from app.indicators.figures import Figure
from app.indicators.models import Indicator, Snapshot
from app.indicators.periods import Period, parse_period, previous
from app.indicators.queries import Filters
from app.indicators.register_figures import fill_register
from app.indicators.survey_figures import fill_survey


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
    period: Period,
    filters: Filters | None = None,
    *,
    codes=None,
    with_previous: bool = True,
    with_breakdowns: bool = False,
) -> Consolidation:
    """Compute every active indicator (or those in ``codes``) for a period; with
    ``with_breakdowns``, each figure also carries its cells by every breakdown it allows."""
    filters = filters or Filters()
    indicators = [i for i in queries.list_indicators() if codes is None or i.code in codes]
    figures = [compute(i, period, filters) for i in indicators]
    if with_breakdowns:
        for indicator, figure in zip(indicators, figures, strict=True):
            figure.breakdowns = breakdown_cells(indicator, period, filters)
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
    fill = fill_survey if indicator.kind == "survey_proportion" else fill_register
    fill(indicator, figure, period, filters, breakdown)
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
        accrual=indicator.accrual,
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


# -- snapshots --------------------------------------------------------------------------


def breakdown_cells(
    indicator: Indicator, period: Period, filters: Filters, *, language: str = "vi"
) -> dict:
    """Every breakdown the indicator allows, as cells labelled in ``language`` (snapshots
    and reports keep Vietnamese, the record's language)."""
    from flask_babel import force_locale

    from app.indicators.labels import label_cells

    cells = {}
    with force_locale(language):
        for dim in indicator.breakdowns or []:
            figure = compute(indicator, period, filters, breakdown=dim)
            label_cells(figure, dim)
            cells[dim] = figure.details
    return cells


def freeze_period(period: Period, *, actor, note: str = "") -> Snapshot:
    """Store the period's figures as they are now, with their breakdowns; reports can be
    issued from the snapshot."""
    result = consolidate(period, with_breakdowns=True)
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
