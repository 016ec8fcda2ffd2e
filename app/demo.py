"""Demo accounts and figures for a newcomer's first look (never run in production)."""

import sqlalchemy as sa

from app.auth.models import User
from app.auth.services import create_user
from app.extensions import db
from app.units.models import DEPARTMENT_UNIT_KINDS, Unit

DEMO_DOMAIN = "demo.nq57.local"
DEMO_PASSWORD_ENV = "DEMO_PASSWORD"  # noqa: S105 - the variable's name
DEFAULT_DEMO_PASSWORD = "demo-nq57-2026"  # noqa: S105 - documented demo login, refused in production
# Illustrative headcounts (staff, communication staff), set only where a unit has none.
DEMO_HEADCOUNTS = {"QLKH_DMST": (12, 3), "BCVT_CDS": (15, 5), "TT_CDS_DMST": (22, 8), "VP": (18, 2)}
DEMO_NAMES = ["Nguyễn Thị Hoa", "Trần Văn Minh", "Lê Thị Thu", "Phạm Quốc Bảo", "Huỳnh Thị Mai",
              "Võ Văn Tùng", "Đặng Thị Lan", "Bùi Văn Đức"]  # fmt: skip


def has_demo_data() -> bool:
    """True when demo accounts were added before."""
    query = sa.select(sa.func.count(User.id)).where(User.email.like(f"%@{DEMO_DOMAIN}"))
    return bool(db.session.scalar(query))


def add_demo_data(password: str | None) -> str:
    """Create the demo manager and two staff per unit; returns a summary to print."""
    password = password or DEFAULT_DEMO_PASSWORD
    units = db.session.scalars(
        sa.select(Unit).where(Unit.kind.in_(DEPARTMENT_UNIT_KINDS)).order_by(Unit.code)
    ).all()
    for unit in units:
        if unit.staff_headcount is None and unit.code in DEMO_HEADCOUNTS:
            unit.staff_headcount, unit.comm_staff_headcount = DEMO_HEADCOUNTS[unit.code]
    accounts = [(f"quanly@{DEMO_DOMAIN}", "Quản lý (demo)", "manager", units[0] if units else None)]
    names = iter(DEMO_NAMES)
    for unit in units:
        for n in (1, 2):
            email = f"canbo{n}.{unit.code.lower()}@{DEMO_DOMAIN}"
            accounts.append((email, f"{next(names, 'Cán bộ')} (demo)", "staff", unit))
    created = 0
    for email, name, role, unit in accounts:
        if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
            create_user(email, name, role=role, unit=unit, password=password)
            created += 1
    db.session.flush()
    return (
        f"Demo: {created} accounts created (password: {password}). "
        f"Manager: quanly@{DEMO_DOMAIN}; staff: canbo1.<unit>@{DEMO_DOMAIN}."
    )
