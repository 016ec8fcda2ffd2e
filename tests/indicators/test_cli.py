"""`flask indicators show | rebuild | freeze`: the dashboard's figures in a terminal."""

import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.indicators.models import IndicatorTally, Snapshot
from app.indicators.periods import parse_period
from app.indicators.queries import Filters
from app.indicators.services import consolidate, snapshot_consolidation
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code
from tests.factories import make_channel, make_product, make_response, make_task, seed_plan

H2 = parse_period("2026H2")
AUGUST = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)


@pytest.fixture
def figures(db, seeded):
    """The plan with a few figures: enterprises 2 of 3 aware, 1 of 2 tasks communicated, one
    unit of three with a channel and a product."""
    seed_plan()
    for aware in ["yes", "yes", "no"]:
        make_response(get_survey_by_slug("doanh-nghiep-nq57"), {"aware_nq57": aware},
                      submitted_at=AUGUST)  # fmt: skip
    qlkh = get_unit_by_code("QLKH_DMST")
    make_task(qlkh, 2026, communicated_on=date(2026, 9, 1))
    make_task(qlkh, 2026)
    make_product(make_channel(qlkh, date(2026, 1, 1)), date(2026, 8, 1))
    db.session.commit()


def as_json(figures_) -> list[dict]:
    """Figures as the CLI prints them, read back."""
    return json.loads(json.dumps([f.to_dict() for f in figures_], ensure_ascii=False))


def test_show_json_prints_one_object_per_indicator_as_consolidate_computes_it(runner, figures):
    result = runner.invoke(args=["indicators", "show", "--period", "2026H2", "--json"])

    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == as_json(consolidate(H2).figures)
    by_code = {f["code"]: f for f in printed}
    assert len(printed) == len(by_code) == 17
    assert by_code["ENTERPRISE_AWARE"]["value"] == pytest.approx(2 / 3)
    assert by_code["TASKS_COMMUNICATED"]["value"] == 0.5
    assert by_code["UNITS_CHANNEL"]["value"] == pytest.approx(1 / 3)


def test_show_json_for_one_unit_and_one_commune(runner, figures):
    qlkh = get_unit_by_code("QLKH_DMST")

    unit = runner.invoke(args=["indicators", "show", "--period", "2026h2", "--unit", "QLKH_DMST",
                               "--json"])  # fmt: skip
    commune = runner.invoke(args=["indicators", "show", "--period", "2026H2", "--commune",
                                  "21211", "--json"])  # fmt: skip

    assert (unit.exit_code, commune.exit_code) == (0, 0)
    assert json.loads(unit.output) == as_json(consolidate(H2, Filters(unit_id=qlkh.id)).figures)
    channel = {f["code"]: f for f in json.loads(unit.output)}["UNITS_CHANNEL"]
    assert (channel["numerator"], channel["denominator"]) == (1, 1)
    in_commune = {f["code"]: f for f in json.loads(commune.output)}
    assert in_commune["UNITS_CHANNEL"]["status"] == "not_applicable"


def test_show_prints_a_line_per_indicator(runner, figures):
    result = runner.invoke(args=["indicators", "show", "--period", "2026H2"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Period 2026H2 (2026-07-01 – 2026-12-31)"
    assert [line.split()[0] for line in lines[1:]] == [f.code for f in consolidate(H2).figures]
    enterprise = next(line for line in lines if line.startswith("ENTERPRISE_AWARE "))
    assert "n=3 n_eff=3.0" in enterprise


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--unit", "NOPE"], "No department unit with code 'NOPE'."),
        (["--unit", "21211"], "No department unit with code '21211'."),  # a commune
        (["--commune", "QLKH_DMST"], "No commune with code 'QLKH_DMST'."),
        (["--unit", "QLKH_DMST", "--commune", "21211"], "Give --unit or --commune, not both."),
    ],
)
def test_show_refuses_an_unknown_unit_or_commune(runner, figures, options, message):
    result = runner.invoke(args=["indicators", "show", "--period", "2026H2", "--json", *options])

    assert result.exit_code == 1
    assert message in result.output
    assert not result.output.lstrip().startswith("[")  # no figures printed


def test_show_refuses_a_period_it_cannot_read(runner, figures):
    result = runner.invoke(args=["indicators", "show", "--period", "2026H3"])

    assert result.exit_code == 1
    assert "Not a period: '2026H3'" in result.output


def test_freeze_prints_the_snapshot_id_and_keeps_the_figures(runner, db, figures):
    result = runner.invoke(args=["indicators", "freeze", "--period", "2026H2", "--note", "Chốt"])

    assert result.exit_code == 0, result.output
    (snapshot,) = db.session.scalars(sa.select(Snapshot)).all()
    assert result.output.strip() == f"Snapshot {snapshot.id} of 2026H2 frozen."
    assert (snapshot.period, snapshot.note, snapshot.frozen_by_id) == ("2026H2", "Chốt", None)
    frozen = snapshot_consolidation(snapshot)
    assert as_json(frozen.figures) == as_json(consolidate(H2, with_breakdowns=True).figures)
    (entry,) = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "indicators.freeze")
    ).all()
    assert entry.target_id == str(snapshot.id)


def test_rebuild_counts_every_response_again(runner, db, figures):
    before = as_json(consolidate(H2).figures)
    db.session.execute(sa.delete(IndicatorTally))
    db.session.commit()
    assert consolidate(H2).figure("ENTERPRISE_AWARE").value is None

    result = runner.invoke(args=["indicators", "rebuild"])

    assert result.exit_code == 0, result.output
    assert "Indicator tallies rebuilt." in result.output
    db.session.expire_all()
    assert as_json(consolidate(H2).figures) == before
