"""What the department's official reports say about who issues them and who receives them."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, utcnow
from app.extensions import db


class ReportSettings(TimestampMixin, db.Model):
    """The header, signature and recipients of official reports; one row, edited by managers.

    Nothing here is invented by the service: until a manager fills a field, reports show a
    visible blank to fill in ("…").
    """

    __tablename__ = "report_settings"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    parent_body: Mapped[str] = mapped_column(sa.String(200), default="UBND TỈNH QUẢNG NGÃI")
    body: Mapped[str] = mapped_column(sa.String(200), default="SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    # The symbol after the number, e.g. "BC-SKHCN" in "Số: 05/BC-SKHCN".
    number_suffix: Mapped[str] = mapped_column(sa.String(60), default="BC-SKHCN")
    place: Mapped[str] = mapped_column(sa.String(100), default="Quảng Ngãi")
    signer_authority: Mapped[str] = mapped_column(sa.String(100), default="KT. GIÁM ĐỐC")
    signer_title: Mapped[str] = mapped_column(sa.String(100), default="PHÓ GIÁM ĐỐC")
    signer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    addressee: Mapped[str] = mapped_column(sa.String(300), default="")
    # One recipient per line, without the leading "- " and the trailing ";".
    recipients: Mapped[str] = mapped_column(sa.Text, default="")
    archive: Mapped[str] = mapped_column(sa.String(100), default="VT")


class IssuedReport(db.Model):
    """A final report as issued: its PDF is stored, so the same file downloads forever."""

    __tablename__ = "issued_reports"
    __table_args__ = (sa.CheckConstraint("kind IN ('semiannual')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default="semiannual")
    period: Mapped[str] = mapped_column(sa.String(32), index=True)
    snapshot_id: Mapped[int] = mapped_column(sa.ForeignKey("indicator_snapshots.id"))
    number: Mapped[str] = mapped_column(sa.String(80))
    issued_on: Mapped[date]
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    issued_by = relationship("User")
