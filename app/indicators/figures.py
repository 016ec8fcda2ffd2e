"""The figures of one indicator for one period: plain data for every rendering."""

from dataclasses import asdict, dataclass, field


@dataclass
class Cell:
    """One breakdown cell; a suppressed cell carries no figures, only its label."""

    key: str
    label: str
    n: int | None = None
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    suppressed: bool = False


@dataclass
class Figure:
    """Every number of one indicator for one period, as computed by `indicators.services`."""

    code: str
    name_vi: str
    name_en: str
    kind: str
    percent: bool
    is_sample: bool
    is_plan_target: bool
    definition_version: int
    target: float | None
    comparison: str
    target_year: int | None
    baseline: float | None = None
    baseline_on: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    n: int | None = None
    n_eff: float | None = None
    deff: float | None = None
    invalid: int = 0
    excluded: int = 0
    respondents: int | None = None
    coverage: float | None = None
    weighting: str = "none"
    # "cumulative" or "period" (models.ACCRUALS); None in snapshots frozen before accruals.
    accrual: str | None = None
    non_probability: bool = False
    # Beside a probability sample: the open stream's plain share and its respondents, for
    # reference only (never weighted, no interval, never in the value, status or charts).
    # Defaults keep snapshots frozen before these fields readable.
    open_value: float | None = None
    open_n: int | None = None
    status: str = "no_data"
    expected: float | None = None
    trajectory: str | None = None
    previous: float | None = None
    change: float | None = None
    evidence: str | None = None
    not_applicable: bool = False
    details: list[Cell] = field(default_factory=list)
    provenance: dict = field(default_factory=dict)
    # Breakdown -> its cells, labelled in Vietnamese; filled for snapshots and reports.
    breakdowns: dict[str, list[Cell]] = field(default_factory=dict)

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_vi

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Figure":
        data = dict(data)
        data["details"] = [Cell(**c) for c in data.get("details", [])]
        data["breakdowns"] = {
            dim: [Cell(**c) for c in cells] for dim, cells in data.get("breakdowns", {}).items()
        }
        return cls(**data)
