"""Managers' forms: an indicator's definition, and freezing a period's figures."""

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.common.fields import (
    ChoiceField,
    CountField,
    DayField,
    MultiCheckboxField,
    NumberField,
    no_control_chars,
)
from app.indicators.models import BREAKDOWNS, WEIGHTINGS

CODE_LIST = re.compile(r"^[a-z0-9_]+(\s*,\s*[a-z0-9_]+)*$")
# (kind, register) -> the parameter a manager may set, with its label. Only parameters the
# computation reads: "min_items" counts for the portal milestone, not for UNITS_CHANNEL.
PARAMS = {
    ("register_proportion", "trainings"): (
        "min_hours",
        _l("Số giờ tối thiểu của khóa đào tạo chuyên sâu"),
    ),
    ("milestone", "network_members"): (
        "min_members",
        _l("Số thành viên tối thiểu để coi là đã hình thành"),
    ),
    ("milestone", "award_entries"): (
        "min_entries",
        _l("Số tác phẩm, lượt tham gia tối thiểu mỗi năm"),
    ),
    ("milestone", "comm_channels"): ("min_items", _l("Số tin, bài tối thiểu trong kỳ")),
}


def codes(text: str) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


class DefinitionForm(FlaskForm):
    name_vi = StringField(
        _l("Tên chỉ tiêu (tiếng Việt)"),
        validators=[DataRequired(_l("Nhập tên chỉ tiêu")), Length(max=300), no_control_chars],
    )
    name_en = StringField(
        _l("Tên chỉ tiêu (tiếng Anh)"), validators=[Optional(), Length(max=300), no_control_chars]
    )
    target_value = NumberField(
        _l("Chỉ tiêu"),
        description=_l("Với tỷ lệ, nhập phần trăm, ví dụ 80. Để trống nếu chỉ theo dõi."),
    )
    comparison = ChoiceField(
        _l("Đạt khi giá trị"),
        choices=[
            SelectChoice(">=", _l("lớn hơn hoặc bằng chỉ tiêu")),
            SelectChoice("<=", _l("nhỏ hơn hoặc bằng chỉ tiêu")),
        ],
    )
    target_year = CountField(_l("Năm phải đạt"), maximum=2100)
    baseline_value = NumberField(
        _l("Giá trị gốc"),
        description=_l(
            "Giá trị khi bắt đầu theo dõi, để vẽ lộ trình đến chỉ tiêu; với tỷ lệ, nhập phần trăm."
        ),
    )
    baseline_on = DayField(_l("Ngày của giá trị gốc"), min_year=2000)
    question_code = StringField(_l("Mã câu hỏi"), validators=[Optional(), Length(max=63)])
    count_options = StringField(
        _l("Mã các lựa chọn được tính"),
        description=_l("Cách nhau bằng dấu phẩy, ví dụ: notice_board, loudspeaker"),
    )
    invalid_answers = StringField(
        _l("Câu trả lời không hợp lệ (không đưa vào mẫu số)"),
        description=_l(
            "Dạng câu_hỏi: lựa_chọn, ...; nhiều câu cách nhau bằng dấu chấm phẩy, "
            "ví dụ: heard: dont_know; channels_grassroots: dont_know"
        ),
    )
    param = CountField(_l("Tham số"), maximum=100_000)
    weighting = ChoiceField(
        _l("Gia quyền"), choices=[SelectChoice(k, v) for k, v in WEIGHTINGS.items()]
    )
    breakdowns = MultiCheckboxField(
        _l("Cho phép phân tổ theo"),
        choices=[SelectChoice(k, v) for k, v in BREAKDOWNS.items()],
    )
    min_cell_size = CountField(
        _l("Cỡ ô tối thiểu được công bố"),
        maximum=10_000,
        validators=[
            InputRequired(_l("Nhập cỡ ô tối thiểu")),
            NumberRange(min=1, message=_l("Ít nhất là 1")),
        ],
    )
    is_active = BooleanField(_l("Đang sử dụng"))
    submit = SubmitField(_l("Lưu chỉ tiêu"))

    def validate_count_options(self, field):
        if field.data and not CODE_LIST.match(field.data.strip()):
            raise ValidationError(
                _l("Chỉ dùng mã lựa chọn (chữ thường, số, dấu gạch dưới), cách nhau bằng dấu phẩy")
            )

    def validate_invalid_answers(self, field):
        try:
            parse_invalid(field.data)
        except ValueError:
            raise ValidationError(
                _l("Viết theo dạng câu_hỏi: lựa_chọn, lựa_chọn; câu_hỏi_khác: lựa_chọn")
            ) from None

    def changes(self, *, percent: bool, register: str | None) -> dict:
        """The form's values in the model's terms (percent typed, proportion stored)."""
        scale = Decimal(100) if percent else Decimal(1)
        as_decimal = lambda v: None if v is None else Decimal(str(v)) / scale  # noqa: E731
        changes = {
            "name_vi": self.name_vi.data,
            "name_en": self.name_en.data or "",
            "target_value": as_decimal(self.target_value.data),
            "comparison": self.comparison.data,
            "target_year": self.target_year.data,
            "baseline_value": as_decimal(self.baseline_value.data),
            "baseline_on": self.baseline_on.data,
            "breakdowns": list(self.breakdowns.data),
            "min_cell_size": self.min_cell_size.data,
            "is_active": self.is_active.data,
        }
        if "weighting" in self:  # survey indicators only: the view removes it for the others
            changes["weighting"] = self.weighting.data
        return changes


def parse_invalid(text: str | None) -> dict[str, list[str]]:
    """ "heard: dont_know; channels: dont_know, none" -> {"heard": [...], "channels": [...]}."""
    result = {}
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        question, sep, options = part.partition(":")
        question = question.strip()
        if (
            not sep
            or not re.fullmatch(r"[a-z0-9_]+", question)
            or not CODE_LIST.match(options.strip())
        ):
            raise ValueError(part)
        result[question] = codes(options)
    return result


def invalid_text(invalid: dict) -> str:
    return "; ".join(f"{q}: {', '.join(opts)}" for q, opts in sorted((invalid or {}).items()))


class FreezeForm(FlaskForm):
    period = HiddenField()
    note = StringField(
        _l("Ghi chú (không bắt buộc)"), validators=[Optional(), Length(max=500), no_control_chars]
    )
    submit = SubmitField(_l("Chốt số liệu kỳ này"))
