"""Making a sample design: compute the size, draw the communes, store and audit the draw."""

import secrets
from dataclasses import asdict, dataclass

from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.extensions import db
from app.sampling.design import (
    DesignInputError,
    SampleSize,
    draw_sample,
    frame_fingerprint,
    sample_size,
)
from app.sampling.models import (
    ALLOCATIONS,
    MAX_SEED,
    STRATIFICATIONS,
    SampleAssignment,
    SampleDesign,
    SampleStratum,
)
from app.sampling.queries import sampling_frame
from app.surveys.models import Survey


class SamplingError(Exception):
    """A design that cannot be drawn for a reason other than one parameter."""


@dataclass(frozen=True)
class DesignParameters:
    """What a manager chooses; the defaults are the form's and the CLI's."""

    proportion: float = 0.5
    margin: float = 0.05
    confidence: int = 95
    design_effect: float = 1.5
    nonresponse: float = 0.2
    stratification: str = "province_kind"
    allocation: str = "proportional"
    min_communes: int = 2
    respondents_per_commune: int = 10
    reserve_share: float = 0.2


def new_seed() -> int:
    """A fresh seed from the operating system's randomness, stored with the design."""
    return secrets.randbelow(MAX_SEED) + 1


def size_of(design: SampleDesign) -> SampleSize:
    """The arithmetic of a stored design, computed again from its parameters."""
    return sample_size(
        design.proportion,
        design.margin,
        design.confidence,
        population=design.population,
        design_effect=design.design_effect,
        nonresponse=design.nonresponse,
    )


def _check_choices(params: DesignParameters, seed: int | None) -> None:
    if params.stratification not in STRATIFICATIONS:
        raise DesignInputError("stratification", _l("Chọn một cách phân tầng trong danh sách."))
    if params.allocation not in ALLOCATIONS:
        raise DesignInputError("allocation", _l("Chọn một cách phân bổ trong danh sách."))
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise DesignInputError("seed", _l("Số khởi tạo phải từ 0 đến 2.147.483.647."))


def create_design(
    survey: Survey, params: DesignParameters, *, name: str, actor, seed: int | None = None
) -> SampleDesign:
    """Compute the sample size, draw the communes and store the design with its strata and
    assignments; the draw is audited with its seed. Nothing is added when a check fails.

    :param seed: the draw's seed; a new one is generated (and stored) when None.
    :raises DesignInputError: a parameter is out of range (``field`` names it).
    :raises SamplingError: the survey is not for citizens, or no commune has a population.
    """
    if survey.audience != "citizen":
        raise SamplingError(_l("Chỉ thiết kế mẫu cho khảo sát người dân."))
    _check_choices(params, seed)
    frame = sampling_frame(params.stratification)
    if not frame:
        raise SamplingError(_l("Chưa có xã, phường nào có dân số để chọn mẫu."))
    seed = new_seed() if seed is None else seed
    size = sample_size(
        params.proportion,
        params.margin,
        params.confidence,
        population=sum(u.size for u in frame),
        design_effect=params.design_effect,
        nonresponse=params.nonresponse,
    )
    result = draw_sample(
        frame,
        size.n,
        method=params.allocation,
        min_units=params.min_communes,
        per_unit=params.respondents_per_commune,
        reserve_share=params.reserve_share,
        seed=seed,
    )
    design = SampleDesign(
        survey_id=survey.id,
        name=name,
        population=size.population,
        sample_size=size.n,
        seed=seed,
        frame_hash=frame_fingerprint(frame),
        created_by_id=getattr(actor, "id", None),
        **asdict(params),
    )
    db.session.add(design)
    db.session.flush()
    db.session.add_all(
        SampleStratum(
            design_id=design.id,
            code=s.code,
            population=s.population,
            communes=s.units,
            allocated=s.allocated,
            drawn=s.drawn,
        )
        for s in result.strata
    )
    db.session.add_all(
        SampleAssignment(
            design_id=design.id,
            commune_id=a.key,
            stratum=a.stratum,
            draw_order=a.order,
            population=a.size,
            inclusion_probability=a.probability,
            is_certain=a.certain,
            respondents=a.respondents,
            reserve=a.reserve,
        )
        for a in result.assignments
    )
    db.session.flush()
    record(
        actor,
        "sampling.draw",
        design,
        survey=survey.slug,
        seed=seed,
        sample_size=size.n,
        communes=len(result.assignments),
        frame_sha256=design.frame_hash,
        parameters=asdict(params),
    )
    return design
