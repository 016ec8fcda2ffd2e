"""The database keeps designs sane and unchanged, on SQLite and on PostgreSQL alike."""

import pytest
import sqlalchemy as sa

from app.sampling.models import DesignImmutableError, SampleAssignment, SampleDesign
from app.sampling.services import DesignParameters, create_design
from app.units.queries import get_unit_by_code
from tests.sampling.conftest import SEED

GOOD = {"name": "Mẫu", "proportion": 0.5, "margin": 0.05, "confidence": 95,
        "design_effect": 1.5, "nonresponse": 0.2, "population": 1000,
        "allocation": "proportional", "stratification": "province_kind", "min_communes": 2,
        "respondents_per_commune": 10, "reserve_share": 0.2, "sample_size": 385, "seed": 1,
        "frame_hash": "0" * 64}  # fmt: skip


def insert_fails(db, row) -> str:
    """Flush ``row`` inside a savepoint and return the name of the constraint it broke."""
    savepoint = db.session.begin_nested()
    db.session.add(row)
    with pytest.raises(sa.exc.IntegrityError) as caught:
        db.session.flush()
    savepoint.rollback()
    return str(caught.value.orig).lower()


def unique_broken(message: str, *columns: str) -> bool:
    """PostgreSQL names the unique constraint; SQLite lists its columns."""
    name = "uq_sample_assignments_" + "_".join(columns)
    listed = ", ".join(f"sample_assignments.{c}" for c in columns)
    return name in message or listed in message


@pytest.mark.parametrize(("column", "value", "constraint"), [
    ("proportion", 0.0, "proportion"),
    ("proportion", 1.0, "proportion"),
    ("margin", 0.5, "margin"),
    ("confidence", 80, "confidence"),
    ("design_effect", 0.99, "design_effect"),
    ("nonresponse", 0.9, "nonresponse"),
    ("population", 0, "population"),
    ("allocation", "neyman", "allocation"),
    ("stratification", "district", "stratification"),
    ("min_communes", 0, "min_communes"),
    ("respondents_per_commune", 0, "respondents_per_commune"),
    ("reserve_share", 1.5, "reserve_share"),
    ("sample_size", 0, "sample_size"),
    ("seed", -1, "seed"),
])  # fmt: skip
def test_check_constraints_refuse_values_out_of_range(db, survey, column, value, constraint):
    row = SampleDesign(survey_id=survey.id, **{**GOOD, column: value})

    message = insert_fails(db, row)

    # SQLite names the constraint ("CHECK constraint failed: ck_…"), PostgreSQL too.
    assert f"ck_sample_designs_{constraint}" in message


def test_a_commune_is_drawn_once_per_design(db, survey):
    design = SampleDesign(survey_id=survey.id, **GOOD)
    db.session.add(design)
    db.session.flush()
    commune = get_unit_by_code("21211")

    def assignment(order: int, **kw) -> SampleAssignment:
        values = {"design_id": design.id, "commune_id": commune.id, "stratum": "quang_ngai/xa",
                  "draw_order": order, "population": 55_956, "inclusion_probability": 0.5,
                  "respondents": 10, "reserve": 2, **kw}  # fmt: skip
        return SampleAssignment(**values)

    db.session.add(assignment(1))
    db.session.flush()

    assert unique_broken(insert_fails(db, assignment(2)), "design_id", "commune_id")
    other = get_unit_by_code("21172")
    assert unique_broken(insert_fails(db, assignment(1, commune_id=other.id)),
                         "design_id", "stratum", "draw_order")  # fmt: skip
    for column, value in [("inclusion_probability", 0.0), ("inclusion_probability", 1.01),
                          ("respondents", 0), ("reserve", -1), ("draw_order", 0)]:  # fmt: skip
        assert "ck_sample_assignments_" in insert_fails(
            db, assignment(5, commune_id=other.id, **{column: value}))  # fmt: skip


def test_a_drawn_design_cannot_change(db, survey):
    design = create_design(survey, DesignParameters(), name="Mẫu", actor=None, seed=SEED)
    db.session.commit()

    design.seed = SEED + 1
    with pytest.raises(DesignImmutableError):
        db.session.flush()
    db.session.rollback()

    assignment = db.session.scalars(sa.select(SampleAssignment)).first()
    assignment.respondents += 1
    with pytest.raises(DesignImmutableError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(SampleDesign, design.id).seed == SEED
