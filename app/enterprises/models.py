"""The register of enterprises and organisations the department invites to surveys."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import UTCDateTime, utcnow
from app.extensions import db

# Ownership, as the enterprise survey asks it; size is a question of its own.
ENTERPRISE_KINDS = {
    "state_owned": _l("Doanh nghiệp nhà nước"),
    "private": _l("Doanh nghiệp tư nhân trong nước"),
    "foreign_invested": _l("Doanh nghiệp có vốn đầu tư nước ngoài"),
    "household": _l("Hộ kinh doanh"),
    "cooperative": _l("Hợp tác xã"),
    "research": _l("Tổ chức khoa học và công nghệ"),
    "other": _l("Khác"),
}


class Enterprise(db.Model):
    """An enterprise or organisation: who an invitation link is for."""

    __tablename__ = "enterprises"
    __table_args__ = (
        sa.CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in ENTERPRISE_KINDS) + ")", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tax_code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(20))
    commune_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    commune = relationship("Unit")

    def __repr__(self) -> str:
        return f"<Enterprise {self.tax_code} {self.name}>"
