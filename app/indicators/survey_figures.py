"""Survey indicators' figures: sample estimates over respondents, censuses over headcounts."""

from collections import defaultdict
from typing import NamedTuple

from flask import current_app

from app.indicators import queries, statistics
from app.indicators.figures import Cell
from app.indicators.periods import accrual_window
from app.indicators.register_figures import unit_level_only


class Outcomes(NamedTuple):
    """The tally rows of a period, summed for one figure."""

    counts: dict  # (commune, dimension) -> {yes, no, invalid, excluded}, of the counted stream
    totals: dict  # outcome -> responses, of the counted stream
    sample: bool  # the period has a probability sample: only that stream is counted
    versions: dict  # survey version -> responses, of every stream (provenance)
    open_stream: dict  # outcome -> responses of the open stream, set apart beside a sample


def _outcome_counts(rows) -> Outcomes:
    """Per (commune, dimension): {yes, no, invalid, excluded}, from the stream that counts.

    The probability sample, when the period has one, is the only stream estimates use;
    otherwise every response counts and the figure is labelled non-probability. Beside a
    sample, the open stream's outcomes are summed apart, to be shown for reference only.
    """
    sample = any(r.stream == "sample" and r.outcome in ("yes", "no") and r.n for r in rows)
    counts: dict = defaultdict(lambda: defaultdict(int))
    totals: dict = defaultdict(int)
    versions: dict = defaultdict(int)
    open_stream: dict = defaultdict(int)
    for row in rows:
        versions[row.version_id] += row.n
        if sample and row.stream != "sample":
            if row.stream == "open":
                open_stream[row.outcome] += row.n
            continue
        counts[(row.commune_id, row.dim)][row.outcome] += row.n
        totals[row.outcome] += row.n
    return Outcomes(counts, totals, sample, versions, open_stream)


def fill_survey(indicator, figure, period, filters, breakdown):
    """Fill a survey indicator's figure (and its cells for ``breakdown``) from the tallies of
    its accrual window (always the period: `definitions.check_definition` refuses a
    cumulative survey indicator, whose respondents would be counted in every wave)."""
    census = indicator.denominator != "respondents"
    if census and unit_level_only(figure, filters):
        return
    # A census is counted per unit whatever the breakdown: its denominator is per unit.
    by = "unit" if census else breakdown
    window = accrual_window(indicator.accrual, period)
    rows = queries.survey_outcomes(indicator.id, window.start, window.end, filters, by)
    counts, totals, sample, versions, open_stream = _outcome_counts(rows)
    figure.invalid, figure.excluded = totals["invalid"], totals["excluded"]
    figure.respondents = totals["yes"] + totals["no"] + totals["invalid"]
    figure.non_probability = indicator.is_sample and not sample
    figure.provenance = _survey_provenance(indicator, figure, versions)
    if indicator.denominator == "respondents":
        _sample_estimate(indicator, figure, filters, counts, breakdown)
        if sample:
            _open_reference(figure, open_stream)
    else:
        _census(indicator, figure, filters, counts, breakdown)


def _open_reference(figure, open_stream: dict) -> None:
    """The open stream's plain share beside a sample estimate: never weighted, no interval,
    and never part of the estimate, its status or its charts (DOMAIN.md)."""
    n = open_stream["yes"] + open_stream["no"]
    if n:
        figure.open_value, figure.open_n = open_stream["yes"] / n, n


def _survey_provenance(indicator, figure, versions: dict) -> dict:
    names = queries.version_names(versions) if versions else {}
    listed = sorted(
        (names[vid].slug, names[vid].wave, names[vid].number, n)
        for vid, n in versions.items()
        if vid in names and n
    )
    return {
        "audience": indicator.audience,
        "question": indicator.question_code,
        "options": list(indicator.count_options),
        "invalid_answers": dict(indicator.invalid_answers),
        "versions": [
            {"survey": slug, "wave": wave, "version": number, "responses": n}
            for slug, wave, number, n in listed
        ],
        "excluded": figure.excluded,
        "invalid": figure.invalid,
    }


_EVERY_CELL = object()  # not None: None is a breakdown key of its own (no channel, no commune)


def _strata(counts, communes, dim_filter=_EVERY_CELL) -> list[statistics.Stratum]:
    """Commune strata with valid respondents (yes + no) and their populations."""
    per_commune: dict = defaultdict(lambda: [0, 0])
    for (commune_id, dim), c in counts.items():
        if dim_filter is _EVERY_CELL or dim == dim_filter:
            per_commune[commune_id][0] += c["yes"] + c["no"]
            per_commune[commune_id][1] += c["yes"]
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
        communes = {row.id: row for row in queries.commune_strata()}
        strata = _strata(counts, communes)
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
            indicator, counts, breakdown, (estimate.weights, communes) if weighted else None
        )


def _sample_cells(indicator, counts, breakdown, weighting) -> list[Cell]:
    """Cells by the breakdown; ``weighting`` is (weights, communes) for weighted estimates."""
    weights, communes = weighting or (None, None)
    keys = sorted({dim for (_, dim) in counts}, key=lambda v: (v is None, str(v)))
    cells = []
    for key in keys:
        if weights is None:
            # Unweighted: every respondent of the cell counts, whether or not a commune is known.
            in_cell = [c for (_, dim), c in counts.items() if dim == key]
            n, k = sum(c["yes"] + c["no"] for c in in_cell), sum(c["yes"] for c in in_cell)
        else:
            strata = [s for s in _strata(counts, communes, key) if s.n]
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
