"""Surveys and their published versions."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, sql_list, utcnow
from app.extensions import db

AUDIENCES = {
    "staff": _l("Công chức, viên chức, người lao động"),
    "citizen": _l("Người dân"),
    "enterprise": _l("Doanh nghiệp"),
    "research": _l("Tổ chức khoa học và công nghệ"),
    "event": _l("Người tham dự sự kiện"),
}
STATUSES = {
    "draft": _l("Bản nháp"),
    "open": _l("Đang mở"),
    "closed": _l("Đã đóng"),
    "archived": _l("Đã lưu trữ"),
}
# status -> statuses it may move to, and the action that moves it
TRANSITIONS = {
    "publish": ({"draft", "open", "closed"}, "open"),
    "close": ({"open"}, "closed"),
    "reopen": ({"closed"}, "open"),
    "archive": ({"draft", "closed"}, "archived"),
}
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$"


class SurveyStateError(Exception):
    """An action the survey's current status does not allow."""

    def __init__(self, action: str, status: str):
        super().__init__(f"cannot {action} a {status} survey")
        self.action, self.status = action, status


class Survey(TimestampMixin, db.Model):
    """A survey: its settings, its working draft and its published versions."""

    __tablename__ = "surveys"
    __table_args__ = (
        sa.CheckConstraint(f"audience IN ({sql_list(AUDIENCES)})", name="audience"),
        sa.CheckConstraint(f"status IN ({sql_list(STATUSES)})", name="status"),
        sa.CheckConstraint(
            "closes_at IS NULL OR opens_at IS NULL OR opens_at < closes_at", name="dates"
        ),
        sa.CheckConstraint("wave >= 1", name="wave"),
        sa.UniqueConstraint("series", "wave"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    audience: Mapped[str] = mapped_column(sa.String(16), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="draft", index=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_anonymous: Mapped[bool] = mapped_column(default=True)
    owner_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)
    # Waves of one survey share a series (the first wave's slug) and count up from 1.
    series: Mapped[str] = mapped_column(sa.String(64))
    wave: Mapped[int] = mapped_column(default=1)
    # The working definition; publishing freezes it into a SurveyVersion.
    draft: Mapped[dict] = mapped_column(sa.JSON)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    owner_unit = relationship("Unit")
    versions = relationship(
        "SurveyVersion", back_populates="survey", order_by="SurveyVersion.number",
        lazy="selectin", cascade="all, delete-orphan",
    )  # fmt: skip

    def __repr__(self) -> str:
        return f"<Survey {self.slug} {self.status}>"

    @property
    def latest_version(self) -> "SurveyVersion | None":
        return self.versions[-1] if self.versions else None

    @property
    def published_languages(self) -> list[str]:
        """The languages of the newest published version (Vietnamese when none is)."""
        version = self.latest_version
        return version.definition.get("languages", ["vi"]) if version else ["vi"]

    @property
    def title(self) -> str:
        """The Vietnamese title of the draft (the master language)."""
        return (self.draft or {}).get("title", {}).get("vi", self.slug)

    def can(self, action: str) -> bool:
        return self.status in TRANSITIONS[action][0]

    def move(self, action: str) -> None:
        """Apply a status transition, refusing those the status does not allow."""
        allowed, target = TRANSITIONS[action]
        if self.status not in allowed:
            raise SurveyStateError(action, self.status)
        if action == "publish" and self.status == "closed":
            return  # a correction to a closed survey becomes its next version; it stays closed
        self.status = target

    @property
    def is_editable(self) -> bool:
        return self.status != "archived"

    def accepts_responses(self, now: datetime | None = None) -> bool:
        """Open, and within its dates."""
        now = now or utcnow()
        if self.status != "open":
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class SurveyVersion(db.Model):
    """A published, immutable definition; responses point to the version they answered."""

    __tablename__ = "survey_versions"
    __table_args__ = (sa.UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    number: Mapped[int]
    definition: Mapped[dict] = mapped_column(sa.JSON)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    survey = relationship("Survey", back_populates="versions")

    def __repr__(self) -> str:
        return f"<SurveyVersion {self.survey_id} v{self.number}>"


@event.listens_for(SurveyVersion, "before_update")
def _versions_are_immutable(_mapper, _connection, version) -> None:
    raise ValueError(f"survey version {version.id} is published and cannot change")
