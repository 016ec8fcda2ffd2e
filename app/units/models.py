"""Organisational units: the province, the department and its units, and the communes."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, sql_list
from app.extensions import db

UNIT_KINDS = {
    "province": _l("Tỉnh"),
    "department": _l("Sở"),
    "division": _l("Phòng"),
    "centre": _l("Trung tâm"),
    "office": _l("Văn phòng"),
    "xa": _l("Xã"),
    "phuong": _l("Phường"),
    "dac_khu": _l("Đặc khu"),
}
COMMUNE_KINDS = ("xa", "phuong", "dac_khu")
DEPARTMENT_UNIT_KINDS = ("division", "centre", "office")
FORMER_PROVINCES = ("quang_ngai", "kon_tum")
FORMER_PROVINCE_LABELS = {"quang_ngai": _l("Quảng Ngãi (cũ)"), "kon_tum": _l("Kon Tum (cũ)")}
POPULATION_STATUSES = ("provisional", "official")
POPULATION_STATUS_LABELS = {"provisional": _l("Tạm tính"), "official": _l("Chính thức")}


class Unit(TimestampMixin, db.Model):
    """One node of the hierarchy: province > department > its units, province > communes."""

    __tablename__ = "units"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({sql_list(UNIT_KINDS)})", name="kind"),
        sa.CheckConstraint(
            f"former_province IS NULL OR former_province IN ({sql_list(FORMER_PROVINCES)})",
            name="former_province",
        ),
        sa.CheckConstraint(
            f"population_status IS NULL OR population_status IN ({sql_list(POPULATION_STATUSES)})",
            name="population_status",
        ),
        sa.CheckConstraint("population IS NULL OR population >= 0", name="population"),
        sa.CheckConstraint(
            "staff_headcount IS NULL OR staff_headcount >= 0", name="staff_headcount"
        ),
        sa.CheckConstraint(
            "comm_staff_headcount IS NULL OR (comm_staff_headcount >= 0 AND "
            "(staff_headcount IS NULL OR comm_staff_headcount <= staff_headcount))",
            name="comm_staff_headcount",
        ),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    short_name: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[str] = mapped_column(sa.String(16), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)
    former_province: Mapped[str | None] = mapped_column(sa.String(16))
    population: Mapped[int | None]
    population_kind: Mapped[str | None] = mapped_column(sa.String(40))
    population_status: Mapped[str | None] = mapped_column(sa.String(16))
    staff_headcount: Mapped[int | None]
    comm_staff_headcount: Mapped[int | None]
    has_comm_duty: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)

    parent = relationship("Unit", remote_side=[id])

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"

    @property
    def is_commune(self) -> bool:
        return self.kind in COMMUNE_KINDS
