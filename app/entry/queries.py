"""Reading paper forms: counts by status, one form, and the forms whose passes differ."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.entry.answers import Difference, differences
from app.entry.models import PaperEntry, PaperForm
from app.extensions import db
from app.units.queries import list_communes


def get_paper_form(survey_id: int, form_id: int) -> PaperForm | None:
    """A paper form, only within its own survey."""
    return db.session.scalar(
        sa.select(PaperForm).where(PaperForm.id == form_id, PaperForm.survey_id == survey_id)
    )


def status_counts(survey_id: int) -> dict[str, int]:
    """How many of the survey's paper forms are in each status."""
    query = (
        sa.select(PaperForm.status, sa.func.count(PaperForm.id))
        .where(PaperForm.survey_id == survey_id)
        .group_by(PaperForm.status)
    )
    return dict(db.session.execute(query).all())


def last_double_entry_choice(survey_id: int) -> bool:
    """Whether the survey's most recently started paper form was double entry: the start
    page offers the same again, so a team keeps one way of working without a setting."""
    query = (
        sa.select(PaperForm.is_double_entry)
        .where(PaperForm.survey_id == survey_id)
        .order_by(PaperForm.created_at.desc(), PaperForm.id.desc())
        .limit(1)
    )
    return bool(db.session.scalar(query))


def list_awaiting_second(survey_id: int, limit: int = 50) -> list[PaperForm]:
    """Double-entry forms keyed once, oldest first: the second clerk's work list."""
    query = (
        sa.select(PaperForm)
        .where(PaperForm.survey_id == survey_id, PaperForm.status == "awaiting_second")
        .order_by(PaperForm.created_at, PaperForm.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class FormDifferences:
    """A form whose two passes differ, with its passes and the differing questions."""

    paper_form: PaperForm
    entries: list[PaperEntry]
    differences: list[Difference]


def list_differences(survey) -> list[FormDifferences]:
    """The survey's forms waiting for a supervisor, oldest first, each compared again from
    its stored passes (comparing is cheap; storing the result could go stale)."""
    query = (
        sa.select(PaperForm)
        .where(PaperForm.survey_id == survey.id, PaperForm.status == "differences")
        .order_by(PaperForm.created_at, PaperForm.id)
        # every row shows both passes and their clerks: load them with the forms
        .options(selectinload(PaperForm.entries).joinedload(PaperEntry.clerk))
    )
    definition = survey.latest_version.definition
    names = commune_names(definition)
    return [
        FormDifferences(
            form,
            list(form.entries),
            differences(definition, *(e.answers for e in form.entries), names),
        )
        for form in db.session.scalars(query)
    ]


def form_differences(paper_form: PaperForm) -> list[Difference]:
    """The questions the two passes of one form answered differently."""
    definition = paper_form.survey.latest_version.definition
    first, second = (e.answers for e in paper_form.entries)
    return differences(definition, first, second, commune_names(definition))


def commune_names(definition: dict) -> dict[str, str]:
    """Commune code -> name, loaded only for a survey that asks for a commune."""
    asks = any(q["type"] == "commune" for p in definition["pages"] for q in p["questions"])
    return {u.code: u.name for u in list_communes()} if asks else {}
