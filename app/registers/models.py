"""Registers: the facts surveys cannot give (S&T tasks, channels and products, trainings, ...)."""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, sql_list
from app.extensions import db

TASK_LEVELS = {
    "national": _l("Cấp quốc gia"),
    "ministry": _l("Cấp bộ"),
    "province": _l("Cấp tỉnh"),
    "grassroots": _l("Cấp cơ sở"),
}
TASK_STATUSES = {
    "ongoing": _l("Đang thực hiện"),
    "accepted": _l("Đã nghiệm thu"),
    "applied": _l("Đã chuyển giao, ứng dụng"),
    "stopped": _l("Dừng thực hiện"),
}
OUTLET_KINDS = {
    "mass_media": _l("Phương tiện thông tin đại chúng"),
    "digital_platform": _l("Nền tảng số"),
    "social_network": _l("Mạng xã hội"),
}
CHANNEL_KINDS = {
    "portal_column": _l("Chuyên mục trên cổng thông tin"),
    "website_section": _l("Chuyên trang, chuyên mục trên trang tin"),
    "social_page": _l("Trang mạng xã hội"),
    "zalo": _l("Kênh Zalo"),
    "video_channel": _l("Kênh video"),
    "print": _l("Bản tin, ấn phẩm in"),
    "broadcast": _l("Chương trình phát thanh, truyền hình"),
}
PRODUCT_KINDS = {
    "article": _l("Tin, bài"),
    "infographic": _l("Infographic"),
    "video": _l("Video, clip"),
    "podcast": _l("Podcast, phát thanh"),
    "event": _l("Sự kiện, hội thảo"),
    "publication": _l("Ấn phẩm, tài liệu"),
}
TRAINING_TOPICS = {
    "digital_comm": _l("Kỹ năng truyền thông số"),
    "st_content": _l("Nội dung khoa học, công nghệ"),
    "both": _l("Cả hai"),
    "other": _l("Khác"),
}
MEMBER_KINDS = {
    "press": _l("Cơ quan báo chí"),
    "unit": _l("Cơ quan, đơn vị"),
    "commune": _l("Xã, phường, đặc khu"),
    "research": _l("Tổ chức khoa học và công nghệ"),
    "enterprise": _l("Doanh nghiệp"),
    "expert": _l("Chuyên gia, nhà khoa học"),
    "collaborator": _l("Cộng tác viên"),
}
ENTRY_RESULTS = {
    "submitted": _l("Đã gửi dự thi"),
    "shortlisted": _l("Vào chung khảo"),
    "awarded": _l("Đoạt giải"),
    "attended": _l("Tham dự diễn đàn"),
}
DOCUMENT_KINDS = {
    "plan": _l("Kế hoạch"),
    "report": _l("Báo cáo"),
    "decision": _l("Quyết định"),
    "other": _l("Văn bản khác"),
}


class StTask(TimestampMixin, db.Model):
    """A science and technology task funded by the state budget."""

    __tablename__ = "st_tasks"
    __table_args__ = (
        sa.CheckConstraint(f"level IN ({sql_list(TASK_LEVELS)})", name="level"),
        sa.CheckConstraint(f"status IN ({sql_list(TASK_STATUSES)})", name="status"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    level: Mapped[str] = mapped_column(sa.String(16))
    year: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(16), default="ongoing")
    # State-secret tasks are never communicated and never counted (TASKS_COMMUNICATED).
    is_secret: Mapped[bool] = mapped_column(default=False)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)

    unit = relationship("Unit")
    communications = relationship(
        "TaskCommunication",
        back_populates="task",
        cascade="all, delete-orphan",
        order_by="TaskCommunication.published_on",
    )


class TaskCommunication(TimestampMixin, db.Model):
    """A public communication record of a task: where and when it was published."""

    __tablename__ = "task_communications"
    __table_args__ = (
        sa.CheckConstraint(f"outlet_kind IN ({sql_list(OUTLET_KINDS)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The accepted unit report this row came from (app.unit_reports); None when keyed here.
    unit_report_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit_reports.id"), index=True)
    task_id: Mapped[int] = mapped_column(
        sa.ForeignKey("st_tasks.id", ondelete="CASCADE"), index=True
    )
    outlet: Mapped[str] = mapped_column(sa.String(200))
    outlet_kind: Mapped[str] = mapped_column(sa.String(20))
    url: Mapped[str | None] = mapped_column(sa.String(500))
    published_on: Mapped[date]

    task = relationship("StTask", back_populates="communications")


class CommChannel(TimestampMixin, db.Model):
    """A unit's column, page or content line on Resolution 57."""

    __tablename__ = "comm_channels"
    __table_args__ = (sa.CheckConstraint(f"kind IN ({sql_list(CHANNEL_KINDS)})", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str | None] = mapped_column(sa.String(500))
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]

    unit = relationship("Unit")


class CommProduct(TimestampMixin, db.Model):
    """One product published on a channel: an article, an infographic, a video, an event."""

    __tablename__ = "comm_products"
    __table_args__ = (sa.CheckConstraint(f"kind IN ({sql_list(PRODUCT_KINDS)})", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The accepted unit report this row came from (app.unit_reports); None when keyed here.
    unit_report_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit_reports.id"), index=True)
    channel_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comm_channels.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(500))
    url: Mapped[str | None] = mapped_column(sa.String(500))
    published_on: Mapped[date] = mapped_column(index=True)
    # A language code (vi, hre, sed, ...) so materials in minority languages can be counted.
    language: Mapped[str] = mapped_column(sa.String(8), default="vi")

    channel = relationship("CommChannel")


class Training(TimestampMixin, db.Model):
    """A course attended by a communication staff member."""

    __tablename__ = "trainings"
    __table_args__ = (
        sa.CheckConstraint(f"topic IN ({sql_list(TRAINING_TOPICS)})", name="topic"),
        sa.CheckConstraint("hours > 0 AND hours <= 2000", name="hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The staff code or name as the unit's records give it; one person, one spelling.
    person: Mapped[str] = mapped_column(sa.String(200))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    course: Mapped[str] = mapped_column(sa.String(300))
    topic: Mapped[str] = mapped_column(sa.String(20))
    completed_on: Mapped[date]
    hours: Mapped[int]

    unit = relationship("Unit")


class NetworkMember(TimestampMixin, db.Model):
    """A member of the communication network on S&T, innovation and digital transformation."""

    __tablename__ = "network_members"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({sql_list(MEMBER_KINDS)})", name="kind"),
        sa.CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(300))
    joined_on: Mapped[date]
    left_on: Mapped[date | None]


class AwardEntry(TimestampMixin, db.Model):
    """An entry in a press award or forum on S&T, innovation and digital transformation."""

    __tablename__ = "award_entries"
    __table_args__ = (
        sa.CheckConstraint(f"result IN ({sql_list(ENTRY_RESULTS)})", name="result"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    award: Mapped[str] = mapped_column(sa.String(300))
    entry: Mapped[str] = mapped_column(sa.String(500))
    result: Mapped[str] = mapped_column(sa.String(20), default="submitted")
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))

    unit = relationship("Unit")


class Document(TimestampMixin, db.Model):
    """A document of the plan's cycle: the plan issued, reports filed."""

    __tablename__ = "documents"
    __table_args__ = (sa.CheckConstraint(f"kind IN ({sql_list(DOCUMENT_KINDS)})", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    number: Mapped[str] = mapped_column(sa.String(60))
    title: Mapped[str] = mapped_column(sa.String(500))
    issued_on: Mapped[date] = mapped_column(index=True)
    url: Mapped[str | None] = mapped_column(sa.String(500))
