"""`flask sample design | show`: the same draw as the pages, printed with its arithmetic."""

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.sampling.models import SampleDesign
from app.sampling.queries import list_assignments
from tests.sampling.conftest import SEED


def test_design_draws_stores_and_prints_the_arithmetic_strata_and_communes(runner, db, survey):
    result = runner.invoke(args=["sample", "design", "nguoi-dan-thu", "--seed", str(SEED),
                                 "--name", "Mẫu dòng lệnh"])  # fmt: skip

    assert result.exit_code == 0, result.output
    design = db.session.scalar(sa.select(SampleDesign))
    assert (design.name, design.seed, design.sample_size, design.created_by_id) == (
        "Mẫu dòng lệnh", SEED, 721, None)  # fmt: skip
    lines = result.output.splitlines()
    assert lines[0] == f"Design {design.id}: Mẫu dòng lệnh (survey nguoi-dan-thu)"
    assert lines[1] == f"Seed {SEED}; frame SHA-256 {design.frame_hash}"
    assert lines[2:9] == [
        "Sample size:",
        "  z = Φ⁻¹(1 − (1 − 0,95) / 2) = 1,95996",
        "  n₀ = z² × p × (1 − p) / e² = 1,95996² × 0,5 × 0,5 / 0,05² = 384,15",
        "  n₁ = n₀ / (1 + (n₀ − 1) / N) = 384,15 / (1 + (384,15 − 1) / 2.175.008) = 384,08",
        "  n₂ = n₁ × deff = 384,08 × 1,5 = 576,12",
        "  n₃ = n₂ / (1 − r) = 576,12 / (1 − 0,2) = 720,15",
        "  n = ⌈n₃⌉ = ⌈720,15⌉ = 721",
    ]
    assert lines[10].split()[-6:] == ["131.616", "3", "43", "3", "43", "9"]
    communes = lines[15:]
    assert len(communes) == 67
    assert [line.split()[2] for line in communes] == [a.code for a in list_assignments(design.id)]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "sampling.draw"))
    assert (entry.actor_id, entry.details["seed"]) == (None, SEED)


def test_design_takes_every_parameter(runner, db, survey):
    result = runner.invoke(args=[
        "sample", "design", "nguoi-dan-thu", "--p", "0.8", "--margin", "0.05",
        "--confidence", "95", "--deff", "1", "--nonresponse", "0", "--per-commune", "20",
        "--minimum", "3", "--reserve", "0.1", "--seed", "7", "--allocation", "equal",
        "--stratification", "province",
    ])  # fmt: skip

    assert result.exit_code == 0, result.output
    design = db.session.scalar(sa.select(SampleDesign))
    assert (design.sample_size, design.min_communes, design.respondents_per_commune) == (246, 3, 20)
    assert (design.allocation, design.stratification, design.reserve_share) == (
        "equal", "province", 0.1)  # fmt: skip
    assert "n = ⌈n₃⌉ = ⌈245,83⌉ = 246" in result.output  # 245.85 before the correction for N


def test_show_prints_a_stored_design_as_design_printed_it(runner, db, survey):
    drawn = runner.invoke(args=["sample", "design", "nguoi-dan-thu", "--seed", "5"])
    design = db.session.scalar(sa.select(SampleDesign))

    shown = runner.invoke(args=["sample", "show", str(design.id)])

    assert shown.exit_code == 0
    assert shown.output == drawn.output


def test_bad_input_fails_with_a_message_and_stores_nothing(runner, db, survey):
    bad_p = runner.invoke(args=["sample", "design", "nguoi-dan-thu", "--p", "1.5"])
    unknown = runner.invoke(args=["sample", "design", "khong-co"])
    small = runner.invoke(args=["sample", "design", "nguoi-dan-thu", "--margin", "0.2",
                                "--minimum", "5"])  # fmt: skip
    missing = runner.invoke(args=["sample", "show", "999"])

    assert bad_p.exit_code == 1
    assert "proportion: Tỷ lệ dự kiến phải lớn hơn 0% và nhỏ hơn 100%." in bad_p.output
    assert (unknown.exit_code, "No survey 'khong-co'." in unknown.output) == (1, True)
    assert small.exit_code == 1
    assert "min_communes: Cỡ mẫu 46 người chưa đủ cho 4 tầng" in small.output
    assert (missing.exit_code, "No sample design 999." in missing.output) == (1, True)
    assert db.session.scalar(sa.select(sa.func.count(SampleDesign.id))) == 0
