"""Writing units: `flask seed`, CSV imports that update or create, and edits from the form."""

from collections import Counter
from dataclasses import asdict

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.common.csv_import import ImportFileError, RowError
from app.extensions import db as _db
from app.units.models import COMMUNE_KINDS, DEPARTMENT_UNIT_KINDS, Unit
from app.units.queries import get_unit_by_code
from app.units.services import ImportResult, import_units_csv, seed_units, update_unit
from tests import factories


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def all_units() -> list[Unit]:
    return list(_db.session.scalars(sa.select(Unit)))


def audit(action: str) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(_db.session.scalars(query))


def import_errors(data: bytes) -> list[RowError]:
    with pytest.raises(ImportFileError) as caught:
        import_units_csv(data)
    return caught.value.errors


def test_seeding_twice_loads_each_unit_once(db):
    first = seed_units()
    db.session.commit()
    second = seed_units()
    db.session.commit()

    assert first == [ImportResult(6, 0, 0), ImportResult(96, 0, 0)]
    assert second == [ImportResult(0, 0, 6), ImportResult(0, 0, 96)]
    units = all_units()
    codes = [u.code for u in units]
    assert len(codes) == len(set(codes)) == 102
    kinds = Counter(u.kind for u in units)
    assert {k: kinds[k] for k in COMMUNE_KINDS} == {"xa": 86, "phuong": 9, "dac_khu": 1}
    assert sum(kinds[k] for k in DEPARTMENT_UNIT_KINDS) == 4
    assert (kinds["department"], kinds["province"]) == (1, 1)


def test_seeded_communes_carry_the_2025_population_figures(seeded):
    communes = [u for u in all_units() if u.is_commune]

    assert len(communes) == 96
    assert sum(u.population for u in communes) == 2_175_008
    assert Counter(u.former_province for u in communes) == {"quang_ngai": 56, "kon_tum": 40}
    assert {u.population_status for u in communes} == {"provisional"}
    assert {u.parent.code for u in communes} == {"51"}
    tinh_khe = get_unit_by_code("21211")
    assert (tinh_khe.name, tinh_khe.short_name, tinh_khe.kind) == ("Xã Tịnh Khê", "Tịnh Khê", "xa")
    assert tinh_khe.population == 55956


def test_seeded_department_units_hang_under_the_department_under_the_province(seeded):
    department = get_unit_by_code("SKHCN")

    assert department.parent.code == "51"
    assert get_unit_by_code("51").parent is None
    children = sorted(u.code for u in all_units() if u.parent is department)
    assert children == ["BCVT_CDS", "QLKH_DMST", "TT_CDS_DMST", "VP"]
    assert get_unit_by_code("QLKH_DMST").has_comm_duty is True
    assert get_unit_by_code("VP").has_comm_duty is False


def test_seeding_logs_what_it_created_once(db):
    seed_units()
    seed_units()
    db.session.commit()

    entries = audit("units.import")
    assert [(e.actor_id, e.details) for e in entries] == [
        (None, {"created": 6, "updated": 0, "unchanged": 0}),
        (None, {"created": 96, "updated": 0, "unchanged": 0}),
    ]


def test_reseeding_keeps_an_administrators_edited_population(db, seeded):
    admin = factories.make_user("admin")
    update_unit(get_unit_by_code("21211"), actor=admin, population=60123,
                population_status="official")  # fmt: skip
    db.session.commit()

    seed_units()
    db.session.commit()
    db.session.expire_all()

    unit = get_unit_by_code("21211")
    assert (unit.population, unit.population_status) == (60123, "official")


def test_a_population_file_changes_only_its_columns_and_counts_rows(db, seeded):
    admin = factories.make_user("admin")
    data = csv_bytes(
        "code,population,population_status",
        '21211,"55.980",official',  # new figure and status
        "21172,50315,provisional",  # as seeded
        "21034,71 021,official",  # same figure, new status
    )

    result = import_units_csv(data, actor=admin)
    db.session.commit()
    db.session.expire_all()

    assert result == ImportResult(created=0, updated=2, unchanged=1)
    tinh_khe = get_unit_by_code("21211")
    assert (tinh_khe.population, tinh_khe.population_status) == (55980, "official")
    assert (tinh_khe.name, tinh_khe.short_name, tinh_khe.kind) == ("Xã Tịnh Khê", "Tịnh Khê", "xa")
    assert (tinh_khe.former_province, tinh_khe.population_kind) == (
        "quang_ngai",
        "thuong_tru_tam_tru",
    )
    assert tinh_khe.parent.code == "51"
    assert get_unit_by_code("21034").population == 71021
    assert get_unit_by_code("21172").population_status == "provisional"
    [entry] = audit("units.import")[2:]  # the first two are the seed's
    assert entry.actor_id == admin.id
    assert entry.target_type == "units"
    assert entry.details == {"created": 0, "updated": 2, "unchanged": 1}


def test_an_import_that_changes_nothing_is_still_logged_for_its_actor(db, seeded):
    admin = factories.make_user("admin")

    result = import_units_csv(csv_bytes("code,population", "21211,55956"), actor=admin)
    import_units_csv(csv_bytes("code,population", "21211,55956"))  # no actor, no change
    db.session.commit()

    assert result == ImportResult(created=0, updated=0, unchanged=1)
    assert [e.details for e in audit("units.import")[2:]] == [
        {"created": 0, "updated": 0, "unchanged": 1}
    ]


def test_an_import_creates_units_whose_parent_comes_later_in_the_file(db, seeded):
    data = csv_bytes(
        "code,name,type,parent_code,staff_headcount,comm_staff_headcount",
        "TO1,Tổ Truyền thông,office,PH1,3,3",
        "PH1,Phòng Kế hoạch,division,SKHCN,20,2",
    )

    result = import_units_csv(data)
    db.session.commit()

    assert result == ImportResult(created=2, updated=0, unchanged=0)
    team, division = get_unit_by_code("TO1"), get_unit_by_code("PH1")
    assert team.parent is division
    assert division.parent.code == "SKHCN"
    assert (team.short_name, team.is_active, team.has_comm_duty) == ("Tổ Truyền thông", True, False)
    assert (division.staff_headcount, division.comm_staff_headcount) == (20, 2)


def test_empty_cells_clear_optional_values_but_keep_the_short_name(db, seeded):
    data = csv_bytes("code,short_name,former_province,population", "21211,,,")

    result = import_units_csv(data)
    db.session.commit()

    assert result == ImportResult(created=0, updated=1, unchanged=0)
    unit = get_unit_by_code("21211")
    assert (unit.short_name, unit.former_province, unit.population) == ("Tịnh Khê", None, None)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["NEW1,Phòng mới,division"], ImportResult(created=1, updated=0, unchanged=0)),
        (
            ["NEW1,Phòng mới,division", "21211,Xã Tịnh Khê (mới),xa"],
            ImportResult(created=1, updated=1, unchanged=0),
        ),
    ],
    ids=["new-only", "new-and-renamed"],
)
def test_a_new_unit_given_only_name_and_type_is_counted_as_created(db, seeded, lines, expected):
    assert import_units_csv(csv_bytes("code,name,type", *lines), actor=None) == expected
    db.session.commit()

    assert get_unit_by_code("NEW1").short_name == "Phòng mới"
    assert audit("units.import")[-1].details == asdict(expected)


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        (
            ["code,population,parent_code", "21211,1,", "21172,2,NOPE"],
            RowError(3, "parent_code", "không có đơn vị cấp trên mã NOPE"),
        ),
        (
            ["code,population", "21211,1", "X9,5"],
            RowError(3, None, "đơn vị X9 chưa có; cần cột name và type để tạo"),
        ),
        (
            ["code,staff_headcount,comm_staff_headcount", "VP,4,1", "QLKH_DMST,5,8"],
            RowError(3, "comm_staff_headcount",
                     "số cán bộ truyền thông không được lớn hơn tổng số cán bộ"),
        ),
        (
            ["code,parent_code", "VP,SKHCN", "SKHCN,SKHCN"],
            RowError(3, "parent_code", "đơn vị không thể là cấp trên của chính nó"),
        ),
    ],
    ids=["unknown-parent", "new-without-name-and-type", "comm-above-staff", "own-parent"],
)  # fmt: skip
def test_a_row_that_cannot_be_applied_fails_the_whole_file(db, seeded, lines, error):
    errors = import_errors(csv_bytes(*lines))
    db.session.rollback()  # what the view and `flask seed` do with ImportFileError

    assert errors == [error]
    assert get_unit_by_code("21211").population == 55956
    assert get_unit_by_code("VP").staff_headcount is None
    assert get_unit_by_code("X9") is None
    assert audit("units.import")[2:] == []


def test_an_unknown_province_code_is_reported_under_the_column_the_file_used(seeded):
    errors = import_errors(csv_bytes("code,name,type,province_code", "N1,Xã Mới,xa,NOPE"))

    assert errors == [RowError(2, "province_code", "không có đơn vị cấp trên mã NOPE")]


def test_communication_staff_above_the_stored_headcount_is_refused(db, seeded):
    get_unit_by_code("VP").staff_headcount = 10
    db.session.commit()

    errors = import_errors(csv_bytes("code,comm_staff_headcount", "VP,12"))

    assert [(e.line, e.column) for e in errors] == [(2, "comm_staff_headcount")]


def test_a_rejected_import_leaves_nothing_pending_in_the_session(db, seeded):
    import_errors(csv_bytes("code,population,parent_code", "21211,1,", "21172,2,NOPE"))
    db.session.commit()

    assert db.session.scalar(sa.select(Unit.population).where(Unit.code == "21211")) == 55956


def test_update_unit_logs_old_and_new_values(db, seeded):
    admin = factories.make_user("admin")
    unit = get_unit_by_code("21548")

    update_unit(unit, actor=admin, population=60123, population_status="official",
                name="Đặc khu Lý Sơn")  # fmt: skip
    db.session.commit()

    [entry] = audit("units.update")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "units", str(unit.id))
    assert entry.details == {
        "changes": {"population": [24658, 60123], "population_status": ["provisional", "official"]}
    }


def test_update_unit_without_changes_logs_nothing(db, seeded):
    update_unit(get_unit_by_code("21548"), actor=None, population=24658)
    db.session.commit()

    assert audit("units.update") == []


def test_update_unit_refuses_more_communication_staff_than_staff(db, seeded):
    unit = get_unit_by_code("QLKH_DMST")

    with pytest.raises(ValueError, match="comm_staff_headcount"):
        update_unit(unit, actor=None, staff_headcount=5, comm_staff_headcount=8)
    db.session.rollback()

    assert get_unit_by_code("QLKH_DMST").staff_headcount is None
    assert audit("units.update") == []


def test_a_blank_flag_cell_leaves_the_unit_as_it_is(db, seeded):
    import_units_csv(csv_bytes("code,is_active,has_comm_duty", "QLKH_DMST,,"))
    db.session.commit()

    unit = get_unit_by_code("QLKH_DMST")
    assert (unit.is_active, unit.has_comm_duty) == (True, True)
