"""Reading units: the commune groups and department totals the overview shows, and the list."""

import pytest
import sqlalchemy as sa

from app.units.queries import (
    CommuneGroup,
    DepartmentTotals,
    commune_groups,
    department_totals,
    get_unit_by_code,
    list_department_units,
    list_units,
)
from tests import factories

SEEDED_GROUPS = [
    CommuneGroup("kon_tum", "phuong", communes=3, population=131_616, provisional=3),
    CommuneGroup("kon_tum", "xa", communes=37, population=508_779, provisional=37),
    CommuneGroup("quang_ngai", "dac_khu", communes=1, population=24_658, provisional=1),
    CommuneGroup("quang_ngai", "phuong", communes=6, population=304_878, provisional=6),
    CommuneGroup("quang_ngai", "xa", communes=49, population=1_205_077, provisional=49),
]


def codes(query: sa.Select, db) -> list[str]:
    return [u.code for u in db.session.scalars(query)]


def test_commune_groups_count_communes_and_people_per_former_province_and_kind(seeded):
    groups = commune_groups()

    assert groups == SEEDED_GROUPS
    assert sum(g.communes for g in groups) == 96
    assert sum(g.population for g in groups) == 2_175_008


def test_commune_groups_follow_official_figures_and_ignore_other_units(db, seeded):
    ly_son = get_unit_by_code("21548")
    ly_son.population, ly_son.population_status = 25_000, "official"
    get_unit_by_code("SKHCN").population = 1_000  # not a commune
    db.session.commit()

    groups = {(g.former_province, g.kind): g for g in commune_groups()}

    assert groups["quang_ngai", "dac_khu"] == CommuneGroup(
        "quang_ngai", "dac_khu", communes=1, population=25_000, provisional=0
    )
    assert sum(g.population for g in groups.values()) == 2_175_008 - 24_658 + 25_000


def test_commune_groups_count_a_commune_without_population_as_zero_people(db, seeded):
    get_unit_by_code("21211").population = None
    db.session.commit()

    group = next(g for g in commune_groups() if (g.former_province, g.kind) == ("quang_ngai", "xa"))

    assert (group.communes, group.population) == (49, 1_205_077 - 55_956)


def test_commune_groups_are_empty_before_seeding(db):
    assert commune_groups() == []


def test_department_totals_before_headcounts_are_entered(seeded):
    assert department_totals() == DepartmentTotals(
        units=4, staff=0, comm_staff=0, missing_headcount=4
    )


def test_department_totals_sum_the_active_department_units(db, seeded):
    for code, staff, comm in (("QLKH_DMST", 12, 3), ("BCVT_CDS", 10, None), ("TT_CDS_DMST", 25, 5)):
        unit = get_unit_by_code(code)
        unit.staff_headcount, unit.comm_staff_headcount = staff, comm
    get_unit_by_code("SKHCN").staff_headcount = 100  # the department row itself is not summed
    get_unit_by_code("51").staff_headcount = 900
    db.session.commit()

    assert department_totals() == DepartmentTotals(
        units=4, staff=47, comm_staff=8, missing_headcount=1
    )

    get_unit_by_code("TT_CDS_DMST").is_active = False
    db.session.commit()

    assert department_totals() == DepartmentTotals(
        units=3, staff=22, comm_staff=3, missing_headcount=1
    )


@pytest.mark.parametrize(("group", "count"), [(None, 102), ("department", 6), ("communes", 96)])
def test_list_units_narrows_to_a_group(db, seeded, group, count):
    assert len(codes(list_units(group=group), db)) == count


def test_list_units_department_group_holds_the_province_department_and_its_units(db, seeded):
    assert set(codes(list_units(group="department"), db)) == {
        "51", "SKHCN", "QLKH_DMST", "BCVT_CDS", "TT_CDS_DMST", "VP",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Lý Sơn", ["21548"]),
        ("21211", ["21211"]),
        ("tịnh khê", ["21211"]),
        ("Sơn Tây", ["21340", "21343", "21334"]),
        ("không có", []),
    ],
)
def test_list_units_searches_names_and_codes(db, seeded, q, expected):
    assert codes(list_units(q=q), db) == expected


def test_list_units_orders_by_kind_then_name(db, seeded):
    units = list(db.session.scalars(list_units(group="communes")))

    kinds = [u.kind for u in units]
    assert kinds == ["dac_khu"] + ["phuong"] * 9 + ["xa"] * 86
    assert units[0].name == "Đặc khu Lý Sơn"


def test_a_lowercase_search_finds_a_name_starting_with_a_vietnamese_capital(db, seeded):

    assert codes(list_units(q="đặc khu"), db) == ["21548"]


def test_list_department_units_offers_only_active_divisions_centres_and_offices(db, seeded):
    get_unit_by_code("VP").is_active = False
    factories.make_unit(code="PX", name="Phòng X", kind="division")
    db.session.commit()

    units = list_department_units()

    assert [u.code for u in units] == ["BCVT_CDS", "QLKH_DMST", "PX", "TT_CDS_DMST"]
