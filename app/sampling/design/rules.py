"""The allowed range of every parameter, with the message that says it: one place for the
form, the services and the command line."""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from app.sampling.design.errors import DesignInputError

MAX_NONRESPONSE = 0.9

# parameter -> (test of an allowed value, message). NaN fails every test.
RULES: dict[str, tuple[Callable[[float], bool], object]] = {
    "proportion": (lambda v: 0 < v < 1, _l("Tỷ lệ dự kiến phải lớn hơn 0% và nhỏ hơn 100%.")),
    "margin": (lambda v: 0 < v < 0.5, _l("Sai số phải lớn hơn 0 và nhỏ hơn 50 điểm phần trăm.")),
    "design_effect": (lambda v: v >= 1, _l("Hiệu ứng thiết kế phải từ 1 trở lên.")),
    "nonresponse": (
        lambda v: 0 <= v < MAX_NONRESPONSE,
        _l("Tỷ lệ không trả lời dự kiến phải từ 0% đến dưới 90%."),
    ),
    "population": (lambda v: v >= 1, _l("Quy mô tổng thể phải từ 1 người trở lên.")),
    "min_communes": (lambda v: v >= 1, _l("Số xã, phường tối thiểu mỗi tầng phải từ 1 trở lên.")),
    "respondents_per_commune": (
        lambda v: v >= 1,
        _l("Số người trả lời mỗi xã, phường phải từ 1 trở lên."),
    ),
    "reserve_share": (lambda v: 0 <= v <= 1, _l("Tỷ lệ dự phòng phải từ 0% đến 100%.")),
}


def parameter_errors(**values: float | None) -> dict[str, str]:
    """The message of every parameter given outside its range (None values are skipped)."""
    return {
        name: str(RULES[name][1])
        for name, value in values.items()
        if value is not None and not RULES[name][0](value)
    }


def check_parameters(**values: float | None) -> None:
    """Raise DesignInputError for the first parameter outside its range."""
    for name, message in parameter_errors(**values).items():
        raise DesignInputError(name, message)
