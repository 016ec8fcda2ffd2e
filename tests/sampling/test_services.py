"""Creating a design: the size from the frame, strata, communes, audit; reproducible by seed.

The seeded frame is the 96 communes (provisional populations, 2,175,008 people):
kon_tum/phuong 3 communes 131,616; kon_tum/xa 37 / 508,779; quang_ngai/phuong 6 / 304,878;
quang_ngai/xa 50 (with Lý Sơn) / 1,229,735. The defaults (p 0.5, ±5%, 95%, deff 1.5,
non-response 20%) give n = ⌈720.15⌉ = 721, allocated 43 / 169 / 101 / 408.
"""

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.sampling.design import DesignInputError
from app.sampling.models import SampleAssignment, SampleDesign
from app.sampling.queries import (
    list_assignments,
    list_designs,
    sampling_frame,
    stratum_summary,
)
from app.sampling.services import DesignParameters, SamplingError, create_design, size_of
from tests.factories import make_user
from tests.sampling.conftest import SEED, make_survey


def drawn(design) -> list[tuple]:
    return [(a.stratum, a.draw_order, a.code, a.probability, a.respondents, a.reserve)
            for a in list_assignments(design.id)]  # fmt: skip


def test_the_frame_is_the_96_communes_in_code_order(survey):
    frame = sampling_frame("province_kind")

    assert len(frame) == 96
    assert [u.code for u in frame] == sorted(u.code for u in frame)
    assert sum(u.size for u in frame) == 2_175_008
    assert {u.stratum for u in frame} == {"kon_tum/phuong", "kon_tum/xa", "quang_ngai/phuong",
                                          "quang_ngai/xa"}  # fmt: skip
    assert {u.stratum for u in sampling_frame("none")} == {"all"}
    assert {u.stratum for u in sampling_frame("kind")} == {"phuong", "xa"}


def test_create_design_stores_the_size_the_strata_and_the_communes(db, survey):
    manager = make_user("manager")

    design = create_design(survey, DesignParameters(), name="Mẫu thử", actor=manager, seed=SEED)
    db.session.commit()

    assert (design.sample_size, design.population, design.seed) == (721, 2_175_008, SEED)
    assert size_of(design).n_gross == pytest.approx(720.1467, abs=1e-4)
    strata = stratum_summary(design.id)
    assert [(s.code, s.population, s.communes, s.allocated, s.drawn, s.respondents)
            for s in strata] == [
        ("kon_tum/phuong", 131_616, 3, 43, 3, 43),  # ⌈43 / 10⌉ = 5, but only 3 phường
        ("kon_tum/xa", 508_779, 37, 169, 17, 169),
        ("quang_ngai/phuong", 304_878, 6, 101, 6, 101),
        ("quang_ngai/xa", 1_229_735, 50, 408, 41, 408),
    ]  # fmt: skip
    rows = list_assignments(design.id)
    assert len(rows) == 3 + 17 + 6 + 41 == 67
    assert sum(r.respondents for r in rows) == 721
    assert all(r.reserve == -(-r.respondents * 2 // 10) for r in rows)  # ⌈20% × respondents⌉
    assert sum(s.reserve for s in strata) == sum(r.reserve for r in rows)
    kt_phuong = [r for r in rows if r.stratum == "kon_tum/phuong"]
    assert sorted(r.respondents for r in kt_phuong) == [14, 14, 15]
    assert all(r.is_certain and r.probability == 1 for r in kt_phuong)
    assert all(0 < r.probability <= 1 and r.name for r in rows)


def test_probabilities_follow_the_populations_within_a_stratum(db, survey):
    design = create_design(survey, DesignParameters(), name="Mẫu", actor=None, seed=SEED)
    strata = {s.code: s for s in stratum_summary(design.id)}
    rows = [r for r in list_assignments(design.id) if r.stratum == "kon_tum/xa"]
    chance = [r for r in rows if not r.is_certain]
    certain = [r for r in rows if r.is_certain]

    # π = k' · size / T' over the communes not taken with certainty
    rest_total = strata["kon_tum/xa"].population - sum(r.population for r in certain)
    k_rest = strata["kon_tum/xa"].drawn - len(certain)
    for r in chance:
        assert r.probability == pytest.approx(k_rest * r.population / rest_total)


def test_every_draw_is_audited_with_its_seed(db, survey):
    manager = make_user("manager")

    design = create_design(survey, DesignParameters(), name="Mẫu", actor=manager, seed=SEED)

    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "sampling.draw"))
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        manager.id, "sample_designs", str(design.id))  # fmt: skip
    assert entry.details["seed"] == SEED
    assert entry.details["sample_size"] == 721
    assert entry.details["communes"] == 67
    assert entry.details["frame_sha256"] == design.frame_hash
    assert entry.details["parameters"]["design_effect"] == 1.5


def test_the_same_seed_draws_the_same_communes_and_another_seed_others(db, survey):
    first = create_design(survey, DesignParameters(), name="A", actor=None, seed=SEED)
    again = create_design(survey, DesignParameters(), name="B", actor=None, seed=SEED)
    other = create_design(survey, DesignParameters(), name="C", actor=None, seed=SEED + 1)

    assert drawn(first) == drawn(again)
    assert first.frame_hash == again.frame_hash
    assert drawn(other) != drawn(first)


def test_without_a_seed_a_random_one_is_generated_and_stored(db, survey):
    one = create_design(survey, DesignParameters(), name="A", actor=None)
    two = create_design(survey, DesignParameters(), name="B", actor=None)

    assert 1 <= one.seed <= 2_147_483_647
    assert one.seed != two.seed


def test_equal_allocation_without_strata_and_other_parameters(db, survey):
    params = DesignParameters(proportion=0.8, design_effect=1, nonresponse=0,
                              stratification="province", allocation="equal",
                              respondents_per_commune=20, reserve_share=0.1)  # fmt: skip

    design = create_design(survey, params, name="Đều", actor=None, seed=1)

    assert design.sample_size == 246
    assert [(s.code, s.allocated, s.drawn) for s in stratum_summary(design.id)] == [
        ("kon_tum", 123, 7), ("quang_ngai", 123, 7)]  # fmt: skip
    assert all(r.reserve == -(-r.respondents // 10) for r in list_assignments(design.id))


@pytest.mark.parametrize(("params", "seed", "field"), [
    (DesignParameters(proportion=1.2), None, "proportion"),
    (DesignParameters(stratification="district"), None, "stratification"),
    (DesignParameters(allocation="neyman"), None, "allocation"),
    (DesignParameters(margin=0.3, min_communes=5), None, "min_communes"),  # n = 27 < 4 × 50
    (DesignParameters(), 2_147_483_648, "seed"),
])  # fmt: skip
def test_a_bad_parameter_adds_nothing(db, survey, params, seed, field):
    with pytest.raises(DesignInputError) as caught:
        create_design(survey, params, name="Sai", actor=None, seed=seed)

    assert caught.value.field == field
    assert db.session.scalar(sa.select(sa.func.count(SampleDesign.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(SampleAssignment.id))) == 0


def test_only_citizen_surveys_get_a_design(db, survey):
    staff_survey = make_survey(db, slug="can-bo-thu", audience="staff")

    with pytest.raises(SamplingError, match="khảo sát người dân"):
        create_design(staff_survey, DesignParameters(), name="Sai", actor=None)


def test_no_frame_no_design(db):
    survey = make_survey(db)

    with pytest.raises(SamplingError, match="Chưa có xã, phường nào có dân số"):
        create_design(survey, DesignParameters(), name="Sai", actor=None)


def test_list_designs_counts_communes_and_respondents_in_sql(db, survey, count_queries):
    create_design(survey, DesignParameters(), name="A", actor=make_user("manager"), seed=1)
    create_design(survey, DesignParameters(respondents_per_commune=20), name="B", actor=None,
                  seed=2)  # fmt: skip
    db.session.commit()
    db.session.expire_all()

    with count_queries() as statements:
        rows = list_designs()
        names = [(r.design.name, r.design.survey.slug, r.communes, r.respondents,
                  r.design.created_by.full_name if r.design.created_by else None)
                 for r in rows]  # fmt: skip

    assert len(statements) == 2  # the designs, then every survey's versions (selectin)
    assert [n[:4] for n in names] == [
        ("B", "nguoi-dan-thu", 39, 721),  # 3 + 9 + 6 + 21 communes of 20
        ("A", "nguoi-dan-thu", 67, 721),
    ]
