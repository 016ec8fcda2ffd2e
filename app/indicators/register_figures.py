"""Register indicators' figures: exact proportions, milestones and counts.

Each filler counts the register rows of the indicator's window (`periods.accrual_window`):
everything up to the period's last day for a cumulative indicator, only the period's rows for a
within-period one. The accrual is the definition's, never a property of the register.
"""

from collections import defaultdict

from app.indicators import queries
from app.indicators.figures import Cell
from app.indicators.periods import accrual_window


def unit_level_only(figure, filters) -> bool:
    """Registers are kept per unit: a commune, channel or enterprise filter does not apply."""
    if filters.geographic or filters.channel or filters.enterprise_type:
        figure.not_applicable = True
        return True
    return False


def _tasks(indicator, figure, window, filters, breakdown):
    if unit_level_only(figure, filters):
        return
    rows = queries.tasks_communicated(window.start, window.end, filters.unit_id)
    _proportion(figure, [(r.unit_id, r.yes or 0, r.in_scope or 0) for r in rows], breakdown)
    figure.provenance = {
        "register": "st_tasks",
        "secret_excluded": sum(r.secret or 0 for r in rows),
    }


def _channels(indicator, figure, window, filters, breakdown):
    if unit_level_only(figure, filters):
        return
    rows = queries.units_with_channel(window.start, window.end, filters.unit_id)
    _proportion(figure, [(r.id, int(bool(r.channel and r.product)), 1) for r in rows], breakdown)
    figure.provenance = {
        "register": "comm_channels",
        "with_channel": sum(1 for r in rows if r.channel),
    }


def training_rule(indicator) -> tuple[int, list[str]]:
    """(minimum hours, topics) a course needs to count as in-depth training."""
    params = indicator.register_params or {}
    topics = params.get("topics") or ["digital_comm", "st_content", "both"]
    return int(params.get("min_hours", 40)), list(topics)


def _trained(indicator, figure, window, filters, breakdown):
    if unit_level_only(figure, filters):
        return
    min_hours, topics = training_rule(indicator)
    trained = dict(
        queries.trained_staff(
            window.start, window.end, min_hours=min_hours, topics=topics, unit_id=filters.unit_id
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


def _milestone_documents(indicator, figure, window, filters, breakdown):
    kind = (indicator.register_params or {}).get("kind", "plan")
    document = queries.first_document(kind, window.start, window.end)
    figure.value = 1.0 if document else 0.0
    if document:
        figure.evidence = f"{document.number} ({document.issued_on.isoformat()})"
    # The reports issued in the period itself, whatever the accrual: what the period did.
    reports = queries.documents_issued("report", window.period.start, window.period.end)
    figure.details = [Cell(key="report", label="", n=reports, numerator=reports)]
    figure.numerator = 1 if document else 0
    figure.provenance = {"register": "documents", "kind": kind}


def _milestone_portal(indicator, figure, window, filters, breakdown):
    params = indicator.register_params or {}
    channel_kind = params.get("channel_kind", "portal_column")
    items = sum(r[2] for r in queries.products(window.start, window.end, channel_kind=channel_kind))
    open_channels = queries.open_channels(channel_kind, window.end)
    figure.numerator = items
    figure.value = 1.0 if open_channels and items >= int(params.get("min_items", 1)) else 0.0
    figure.details = [Cell(key="items", label="", n=items, numerator=items)]
    figure.provenance = {
        "register": "comm_channels",
        "channel_kind": channel_kind,
        "open_channels": open_channels,
    }


def _milestone_network(indicator, figure, window, filters, breakdown):
    rows = queries.network_members(window.start, window.end)
    members = sum(r[1] for r in rows)
    figure.numerator = members
    figure.value = (
        1.0 if members >= int((indicator.register_params or {}).get("min_members", 10)) else 0.0
    )
    figure.details = [Cell(key=kind, label="", n=n, numerator=n) for kind, n in sorted(rows)]
    figure.provenance = {"register": "network_members"}


def _milestone_awards(indicator, figure, window, filters, breakdown):
    first_year = window.start.year if window.start else None
    rows = queries.award_entries(first_year, window.end.year)
    entries = sum(r[1] for r in rows)
    figure.numerator = entries
    figure.value = (
        1.0 if entries >= int((indicator.register_params or {}).get("min_entries", 1)) else 0.0
    )
    figure.details = [Cell(key=result, label="", n=n, numerator=n) for result, n in sorted(rows)]
    figure.provenance = {"register": "award_entries"}


def _count_products(indicator, figure, window, filters, breakdown):
    if unit_level_only(figure, filters):
        return
    params = indicator.register_params or {}
    rows = queries.products(
        window.start,
        window.end,
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


def fill_register(indicator, figure, period, filters, breakdown):
    """Fill a register indicator's figure (and its cells for ``breakdown``) from the rows of
    its accrual window."""
    window = accrual_window(indicator.accrual, period)
    if indicator.kind == "register_proportion":
        return _REGISTER_KINDS[indicator.register](indicator, figure, window, filters, breakdown)
    if indicator.kind == "milestone":
        if filters.any:
            figure.not_applicable = True  # a department-wide fact, with no unit or commune
            return None
        return _MILESTONES[indicator.register](indicator, figure, window, filters, breakdown)
    return _count_products(indicator, figure, window, filters, breakdown)
