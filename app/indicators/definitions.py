"""Indicator definitions as data: the plan's seed, and managers' checked edits."""

import json
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from app.audit.services import record
from app.extensions import db
from app.indicators.models import ACCRUALS, BREAKDOWNS, Indicator
from app.indicators.tallies import rebuild_tallies
from app.surveys.models import Survey

SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "indicators.json"
REGISTER_SOURCES = {
    "register_proportion": ("st_tasks", "comm_channels", "trainings"),
    "milestone": ("documents", "comm_channels", "network_members", "award_entries"),
    "count": ("comm_products",),
}
EDITABLE = (
    "name_vi",
    "name_en",
    "question_code",
    "count_options",
    "invalid_answers",
    "register_params",
    "target_value",
    "comparison",
    "target_year",
    "baseline_value",
    "baseline_on",
    "weighting",
    "breakdowns",
    "min_cell_size",
    "is_active",
)
# The plan's own facts (section V), which the seed keeps in step with the file: how a value
# accrues, and the lead and contributing units. Managers do not edit them.
PLAN_FIELDS = ("accrual", "lead_unit_code", "contributing_unit_codes")
# Keys of the seed file that document a definition and are not stored.
SEED_ONLY = ("note",)


class DefinitionError(Exception):
    """An indicator definition that cannot be computed; ``errors`` maps field -> problem code."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def question_options(audience: str) -> dict[str, list[str]]:
    """Question code -> option codes, over the latest published version of every survey of
    the audience: what a definition may refer to."""
    surveys = db.session.scalars(sa.select(Survey).where(Survey.audience == audience))
    found: dict[str, list[str]] = {}
    for survey in surveys:
        version = survey.latest_version
        for page in version.definition["pages"] if version else []:
            for question in page["questions"]:
                codes = [o["code"] for o in question.get("options", [])]
                if codes:
                    found.setdefault(question["code"], [])
                    found[question["code"]] += [
                        c for c in codes if c not in found[question["code"]]
                    ]
    return found


def check_definition(indicator: Indicator) -> None:
    """Raise DefinitionError when a definition names questions, options or registers that do
    not exist, or breakdowns and targets that make no sense."""
    errors = {}
    if indicator.kind == "survey_proportion":
        questions = question_options(indicator.audience or "")
        options = questions.get(indicator.question_code or "")
        if options is None:
            errors["question_code"] = "unknown_question"
        elif not indicator.count_options or set(indicator.count_options) - set(options):
            errors["count_options"] = "unknown_option"
        for question, codes in (indicator.invalid_answers or {}).items():
            if question not in questions or set(codes) - set(questions[question]):
                errors["invalid_answers"] = "unknown_option"
        if set(indicator.count_options or ()) & set(
            (indicator.invalid_answers or {}).get(indicator.question_code, ())
        ):
            errors["invalid_answers"] = "overlap"
    elif indicator.register not in REGISTER_SOURCES.get(indicator.kind, ()):
        errors["register"] = "unknown_register"
    if indicator.accrual not in ACCRUALS:
        errors["accrual"] = "unknown_accrual"
    elif indicator.kind == "survey_proportion" and indicator.accrual != "period":
        # Summing tallies over every wave would count a person once per wave answered.
        errors["accrual"] = "survey_within_period"
    if set(indicator.breakdowns or ()) - set(BREAKDOWNS):
        errors["breakdowns"] = "unknown_breakdown"
    target = indicator.target_value
    if target is not None and indicator.kind != "count" and not 0 <= target <= 1:
        errors["target_value"] = "proportion"
    if errors:
        raise DefinitionError(errors)


def seed_indicators() -> list[str]:
    """Create the plan's indicators that do not exist yet and bring the plan's fields of the
    others in step with the file; never overwrite a manager's edits. Returns the created codes.
    """
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    existing = {i.code: i for i in db.session.scalars(sa.select(Indicator))}
    created = []
    for item in data["indicators"]:
        if item["code"] in existing:
            sync_plan_fields(existing[item["code"]], item)
            continue
        values = {k: v for k, v in item.items() if k not in SEED_ONLY}
        for key in ("target_value", "baseline_value"):
            if values.get(key) is not None:
                values[key] = Decimal(str(values[key]))
        indicator = Indicator(**values)
        db.session.add(indicator)
        db.session.flush()
        rebuild_tallies(indicator)
        created.append(indicator.code)
    if created:
        record(None, "indicators.seed", None, target_type="indicators", codes=created)
    return created


def sync_plan_fields(indicator: Indicator, item: dict) -> list[str]:
    """Set the plan's fields (accrual, lead and contributing units) of an existing indicator
    from its seed entry. A change is a new definition version, audited like a manager's edit,
    so snapshots frozen before it say which rules they were computed with."""
    changed = [k for k in PLAN_FIELDS if k in item and getattr(indicator, k) != item[k]]
    if not changed:
        return []
    before = {k: _plain(getattr(indicator, k)) for k in changed}
    for key in changed:
        setattr(indicator, key, item[key])
    # No check_definition here: it would also judge a manager's fields, which the seed must
    # not fail on; the file itself is checked by the tests.
    indicator.version += 1
    db.session.flush()
    record(
        None,
        "indicators.edit",
        indicator,
        code=indicator.code,
        version=indicator.version,
        before=before,
        after={k: _plain(getattr(indicator, k)) for k in changed},
        source="seed",
    )
    return changed


def update_indicator(indicator: Indicator, changes: dict, *, actor) -> list[str]:
    """Apply a manager's edit, check it, bump the version and recount; returns changed fields."""
    changed = [k for k in EDITABLE if k in changes and getattr(indicator, k) != changes[k]]
    if not changed:
        return []
    before = {k: _plain(getattr(indicator, k)) for k in changed}
    for key in changed:
        setattr(indicator, key, changes[key])
    check_definition(indicator)
    indicator.version += 1
    db.session.flush()
    if {"question_code", "count_options", "invalid_answers", "is_active"} & set(changed):
        rebuild_tallies(indicator)
    record(
        actor,
        "indicators.edit",
        indicator,
        code=indicator.code,
        version=indicator.version,
        before=before,
        after={k: _plain(getattr(indicator, k)) for k in changed},
    )
    return changed


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
