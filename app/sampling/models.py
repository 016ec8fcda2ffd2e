"""Sample designs: the parameters, the strata and the communes drawn, kept as drawn.

A design is immutable once drawn: a new draw is a new design (with its own seed), so every
assignment sheet and every estimate can be traced back to the draw that produced it.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import UTCDateTime, sql_list, utcnow
from app.extensions import db
from app.sampling.design import CONFIDENCE_LEVELS

ALLOCATIONS = {
    "proportional": _l("Tỷ lệ thuận với dân số"),
    "equal": _l("Chia đều cho các tầng"),
}
STRATIFICATIONS = {
    "province_kind": _l("Theo tỉnh cũ và phường/xã"),
    "province": _l("Theo tỉnh cũ"),
    "kind": _l("Theo phường/xã"),
    "none": _l("Không phân tầng"),
}
MAX_SEED = 2_147_483_647  # fits an INTEGER column on every database


class DesignImmutableError(Exception):
    """A drawn design, stratum or assignment was about to change."""


class SampleDesign(db.Model):
    """The parameters of a probability sample for a citizen survey, and the size they give."""

    __tablename__ = "sample_designs"
    __table_args__ = (
        sa.CheckConstraint("proportion > 0 AND proportion < 1", name="proportion"),
        sa.CheckConstraint("margin > 0 AND margin < 0.5", name="margin"),
        sa.CheckConstraint(
            f"confidence IN ({', '.join(map(str, CONFIDENCE_LEVELS))})", name="confidence"
        ),
        sa.CheckConstraint("design_effect >= 1", name="design_effect"),
        sa.CheckConstraint("nonresponse >= 0 AND nonresponse < 0.9", name="nonresponse"),
        sa.CheckConstraint("population >= 1", name="population"),
        sa.CheckConstraint(f"allocation IN ({sql_list(ALLOCATIONS)})", name="allocation"),
        sa.CheckConstraint(
            f"stratification IN ({sql_list(STRATIFICATIONS)})", name="stratification"
        ),
        sa.CheckConstraint("min_communes >= 1", name="min_communes"),
        sa.CheckConstraint("respondents_per_commune >= 1", name="respondents_per_commune"),
        sa.CheckConstraint("reserve_share >= 0 AND reserve_share <= 1", name="reserve_share"),
        sa.CheckConstraint("sample_size >= 1", name="sample_size"),
        sa.CheckConstraint(f"seed >= 0 AND seed <= {MAX_SEED}", name="seed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    proportion: Mapped[float]  # p, expected proportion (0.5 when unknown)
    margin: Mapped[float]  # e, half-width of the interval (0.05 for ±5 points)
    confidence: Mapped[int]  # percent: 90, 95 or 99
    design_effect: Mapped[float]
    nonresponse: Mapped[float]
    population: Mapped[int]  # N: the population of the communes in the frame
    allocation: Mapped[str] = mapped_column(sa.String(16))
    stratification: Mapped[str] = mapped_column(sa.String(16))
    min_communes: Mapped[int]  # communes drawn at least per stratum
    respondents_per_commune: Mapped[int]
    reserve_share: Mapped[float]
    sample_size: Mapped[int]  # n, after the design effect and non-response, rounded up
    seed: Mapped[int]
    # SHA-256 of the frame (commune codes, strata, populations) the draw used.
    frame_hash: Mapped[str] = mapped_column(sa.String(64))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey = relationship("Survey")
    created_by = relationship("User")
    strata = relationship("SampleStratum", back_populates="design", order_by="SampleStratum.code")

    def __repr__(self) -> str:
        return f"<SampleDesign {self.id} n={self.sample_size} seed={self.seed}>"


class SampleStratum(db.Model):
    """A stratum of a drawn design as it stood at the draw: its population and allocation."""

    __tablename__ = "sample_strata"
    __table_args__ = (
        sa.UniqueConstraint("design_id", "code"),
        sa.CheckConstraint("population >= 1", name="population"),
        sa.CheckConstraint("communes >= 1", name="communes"),
        sa.CheckConstraint("allocated >= 1", name="allocated"),
        sa.CheckConstraint("drawn >= 1 AND drawn <= communes", name="drawn"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    design_id: Mapped[int] = mapped_column(sa.ForeignKey("sample_designs.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(32))  # e.g. "kon_tum/phuong"
    population: Mapped[int]
    communes: Mapped[int]  # communes of the stratum in the frame
    allocated: Mapped[int]  # respondents n_h
    drawn: Mapped[int]  # communes drawn k_h

    design = relationship("SampleDesign", back_populates="strata")


class SampleAssignment(db.Model):
    """A commune drawn into a design: its draw order, probability, respondents and reserve."""

    __tablename__ = "sample_assignments"
    __table_args__ = (
        sa.UniqueConstraint("design_id", "commune_id"),
        sa.UniqueConstraint("design_id", "stratum", "draw_order"),
        sa.CheckConstraint("draw_order >= 1", name="draw_order"),
        sa.CheckConstraint(
            "inclusion_probability > 0 AND inclusion_probability <= 1", name="probability"
        ),
        sa.CheckConstraint("population >= 1", name="population"),
        sa.CheckConstraint("respondents >= 1", name="respondents"),
        sa.CheckConstraint("reserve >= 0", name="reserve"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    design_id: Mapped[int] = mapped_column(sa.ForeignKey("sample_designs.id"))
    commune_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    stratum: Mapped[str] = mapped_column(sa.String(32))
    draw_order: Mapped[int]  # within the stratum, from 1: certainty units first
    population: Mapped[int]  # the size the draw used (populations may be corrected later)
    inclusion_probability: Mapped[float]
    is_certain: Mapped[bool] = mapped_column(default=False)
    respondents: Mapped[int]
    reserve: Mapped[int]

    commune = relationship("Unit")


@event.listens_for(SampleDesign, "before_update")
@event.listens_for(SampleStratum, "before_update")
@event.listens_for(SampleAssignment, "before_update")
def _drawn_designs_are_immutable(_mapper, _connection, target) -> None:
    raise DesignImmutableError(f"{target!r} is drawn and cannot change; make a new design")
