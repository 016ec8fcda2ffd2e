"""Indicator definitions (data, not code), their running tallies and frozen snapshots."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, sql_list, utcnow
from app.extensions import db

KINDS = {
    "survey_proportion": _l("Tỷ lệ từ khảo sát"),
    "register_proportion": _l("Tỷ lệ từ sổ theo dõi"),
    "milestone": _l("Mốc hoàn thành"),
    "count": _l("Số lượng"),
}
DENOMINATORS = {
    "respondents": _l("Người trả lời hợp lệ"),
    "staff_headcount": _l("Tổng biên chế, số người làm việc"),
    "comm_staff_headcount": _l("Số người làm công tác truyền thông"),
    "register_rows": _l("Số dòng thuộc phạm vi trong sổ theo dõi"),
    "none": _l("Không có mẫu số"),
}
WEIGHTINGS = {
    "none": _l("Không gia quyền"),
    "commune_population": _l("Hậu phân tầng theo dân số xã, phường"),
}
BREAKDOWNS = {
    "unit": _l("Đơn vị"),
    "commune": _l("Xã, phường, đặc khu"),
    "former_province": _l("Tỉnh cũ"),
    "commune_kind": _l("Phường / xã"),
    "channel": _l("Kênh phân phối"),
    "enterprise_type": _l("Loại hình doanh nghiệp"),
}
COMPARISONS = (">=", "<=")
# How a value accrues: the state at the period's last day, counting every record up to it, or
# only what happened within the period (survey indicators always are).
ACCRUALS = {
    "cumulative": _l("Lũy kế đến ngày báo cáo"),
    "period": _l("Trong kỳ"),
}
# What one submitted response contributes to a survey indicator.
OUTCOMES = ("yes", "no", "invalid", "excluded")
# Cells with fewer respondents are never published (DOMAIN.md "Statistics"): the default of
# every indicator's min_cell_size (survey summaries read the SUMMARY_MIN_CELL setting).
DEFAULT_MIN_CELL_SIZE = 10


class Indicator(TimestampMixin, db.Model):
    """One indicator of the plan: where its numbers come from and the target they are held to."""

    __tablename__ = "indicators"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({sql_list(KINDS)})", name="kind"),
        sa.CheckConstraint(f"denominator IN ({sql_list(DENOMINATORS)})", name="denominator"),
        sa.CheckConstraint(f"weighting IN ({sql_list(WEIGHTINGS)})", name="weighting"),
        sa.CheckConstraint(f"comparison IN ({sql_list(COMPARISONS)})", name="comparison"),
        sa.CheckConstraint("min_cell_size >= 1", name="min_cell_size"),
        sa.CheckConstraint("target_year IS NULL OR target_year BETWEEN 2020 AND 2100", name="year"),
        sa.CheckConstraint("version >= 1", name="version"),
        sa.CheckConstraint(f"accrual IN ({sql_list(ACCRUALS)})", name="accrual"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(sa.String(300))
    name_en: Mapped[str] = mapped_column(sa.String(300), default="")
    kind: Mapped[str] = mapped_column(sa.String(24))
    # Survey source: the audience, the question, the options that count and the answers that
    # make a response invalid ({question code: [option codes]}, e.g. "don't know").
    audience: Mapped[str | None] = mapped_column(sa.String(16))
    question_code: Mapped[str | None] = mapped_column(sa.String(63))
    count_options: Mapped[list] = mapped_column(sa.JSON, default=list)
    invalid_answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Register source: which register and its parameters (e.g. {"min_hours": 40}).
    register: Mapped[str | None] = mapped_column(sa.String(32))
    register_params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    denominator: Mapped[str] = mapped_column(sa.String(24), default="none")
    target_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 4))
    comparison: Mapped[str] = mapped_column(sa.String(2), default=">=")
    target_year: Mapped[int | None]
    baseline_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 4))
    baseline_on: Mapped[date | None]
    weighting: Mapped[str] = mapped_column(sa.String(24), default="none")
    breakdowns: Mapped[list] = mapped_column(sa.JSON, default=list)
    min_cell_size: Mapped[int] = mapped_column(default=DEFAULT_MIN_CELL_SIZE)
    is_plan_target: Mapped[bool] = mapped_column(default=False)
    # "cumulative": the value at the reporting date (everything so far); "period": only what
    # happened within the period.
    accrual: Mapped[str] = mapped_column(sa.String(12), default="period", server_default="period")
    # Who reports it: the lead unit's code, and the units that contribute figures to it.
    lead_unit_code: Mapped[str | None] = mapped_column(sa.String(40))
    contributing_unit_codes: Mapped[list] = mapped_column(
        sa.JSON, default=list, server_default="[]"
    )
    position: Mapped[int] = mapped_column(default=0)
    # Incremented on every edit; snapshots record the version they were computed with.
    version: Mapped[int] = mapped_column(default=1)
    is_active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Indicator {self.code} v{self.version}>"

    @property
    def is_sample(self) -> bool:
        """Sample indicators carry an interval; censuses and registers are exact counts."""
        return self.kind == "survey_proportion" and self.denominator == "respondents"

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_vi


class IndicatorTally(db.Model):
    """Running counts of survey outcomes, kept in the submitting transaction.

    One row per indicator, survey version, local day, stream, commune, unit, link and outcome,
    so the dashboard sums tally rows instead of reading every answer. Dimension ids
    are 0 for "none" (a unique key cannot match NULLs) and carry no foreign key: a tally is a
    count, not a reference.
    """

    __tablename__ = "indicator_tallies"
    __table_args__ = (
        sa.UniqueConstraint(
            "indicator_id",
            "day",
            "version_id",
            "stream",
            "commune_id",
            "unit_id",
            "link_id",
            "outcome",
            name="uq_indicator_tallies_cell",
        ),
        sa.CheckConstraint(f"outcome IN ({sql_list(OUTCOMES)})", name="outcome"),
        sa.CheckConstraint("n >= 0", name="n"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(sa.ForeignKey("indicators.id", ondelete="CASCADE"))
    day: Mapped[date]
    version_id: Mapped[int]
    stream: Mapped[str] = mapped_column(sa.String(16))
    commune_id: Mapped[int] = mapped_column(default=0)
    unit_id: Mapped[int] = mapped_column(default=0)
    link_id: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[str] = mapped_column(sa.String(12))
    n: Mapped[int] = mapped_column(default=0)


class Snapshot(db.Model):
    """The frozen figures of a period ("chốt số liệu"): later data changes never alter them."""

    __tablename__ = "indicator_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(sa.String(32), index=True)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    frozen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    # Every figure as the dashboard showed it, with definitions and input counts.
    figures: Mapped[dict] = mapped_column(sa.JSON)

    frozen_by = relationship("User")
