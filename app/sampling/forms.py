"""The new-design form: parameters in percent as managers think of them, checked by design.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length

from app.common.fields import ChoiceField, CountField, NumberField, no_control_chars
from app.sampling.design import CONFIDENCE_LEVELS, parameter_errors
from app.sampling.models import ALLOCATIONS, MAX_SEED, STRATIFICATIONS
from app.sampling.services import DesignParameters

# Fields typed in percent, whose parameter is a fraction; and the others design.py checks.
PERCENT_FIELDS = {"proportion", "margin", "nonresponse", "reserve_share"}
PLAIN_FIELDS = {"design_effect", "min_communes", "respondents_per_commune"}
DECIMAL = {"inputmode": "decimal"}  # a numeric keyboard with a decimal comma (UX.md 2.3)


def _required(message):
    return [InputRequired(message)]


class DesignForm(FlaskForm):
    survey_id = ChoiceField(_l("Khảo sát"), coerce=int)
    name = StringField(
        _l("Tên thiết kế mẫu"),
        description=_l("Ví dụ: Mẫu người dân 6 tháng cuối năm 2026"),
        validators=[
            DataRequired(_l("Nhập tên thiết kế mẫu")),
            Length(max=200, message=_l("Tên có tối đa 200 ký tự")),
            no_control_chars,
        ],
    )
    proportion = NumberField(
        _l("Tỷ lệ dự kiến (%)"),
        default=50,
        render_kw=DECIMAL,
        description=_l(
            "Tỷ lệ ước đoán của chỉ tiêu cần đo. Nếu chưa biết, để 50: cỡ mẫu lớn nhất."
        ),
        validators=_required(_l("Nhập tỷ lệ dự kiến")),
    )
    margin = NumberField(
        _l("Sai số (điểm phần trăm)"),
        default=5,
        render_kw=DECIMAL,
        description=_l("Ví dụ 5 cho kết quả ±5 điểm phần trăm."),
        validators=_required(_l("Nhập sai số")),
    )
    confidence = ChoiceField(
        _l("Độ tin cậy"),
        coerce=int,
        default=95,
        choices=[SelectChoice(level, f"{level}%") for level in CONFIDENCE_LEVELS],
    )
    design_effect = NumberField(
        _l("Hiệu ứng thiết kế (deff)"),
        default=1.5,
        render_kw=DECIMAL,
        description=_l(
            "Mức tăng phương sai khi phỏng vấn theo cụm xã, phường; thường từ 1,5 đến 2."
        ),
        validators=_required(_l("Nhập hiệu ứng thiết kế")),
    )
    nonresponse = NumberField(
        _l("Tỷ lệ không trả lời dự kiến (%)"),
        default=20,
        render_kw=DECIMAL,
        validators=_required(_l("Nhập tỷ lệ không trả lời dự kiến")),
    )
    stratification = ChoiceField(
        _l("Phân tầng"),
        default="province_kind",
        choices=[SelectChoice(k, v) for k, v in STRATIFICATIONS.items()],
    )
    allocation = ChoiceField(
        _l("Phân bổ cỡ mẫu giữa các tầng"),
        default="proportional",
        choices=[SelectChoice(k, v) for k, v in ALLOCATIONS.items()],
    )
    min_communes = CountField(
        _l("Số xã, phường tối thiểu mỗi tầng"),
        default=2,
        maximum=100,
        description=_l("Ít nhất 2 để tính được sai số trong từng tầng."),
        validators=_required(_l("Nhập số xã, phường tối thiểu mỗi tầng")),
    )
    respondents_per_commune = CountField(
        _l("Số người trả lời mỗi xã, phường"),
        default=10,
        maximum=10_000,
        validators=_required(_l("Nhập số người trả lời mỗi xã, phường")),
    )
    reserve_share = NumberField(
        _l("Tỷ lệ dự phòng để thay thế (%)"),
        default=20,
        render_kw=DECIMAL,
        description=_l("Số người dự phòng mỗi xã, phường, làm tròn lên."),
        validators=_required(_l("Nhập tỷ lệ dự phòng")),
    )
    seed = CountField(
        _l("Số khởi tạo ngẫu nhiên (seed)"),
        maximum=MAX_SEED,
        description=_l(
            "Để trống để hệ thống tự tạo. Nhập một số đã dùng để chọn lại đúng như lần trước."
        ),
    )
    submit = SubmitField(_l("Tính cỡ mẫu và chọn xã, phường"))

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then every range design.py knows, all reported at once."""
        valid = super().validate(extra_validators)
        values = {name: self._value_of(name) for name in PERCENT_FIELDS | PLAIN_FIELDS}
        for name, message in parameter_errors(**values).items():
            self[name].errors.append(message)
            valid = False
        return valid

    def _value_of(self, name: str) -> float | None:
        field = self[name]
        if field.data is None or field.errors:
            return None
        return field.data / 100 if name in PERCENT_FIELDS else field.data

    def parameters(self) -> DesignParameters:
        """The parameters as fractions (the form asks for percents)."""
        return DesignParameters(
            proportion=self.proportion.data / 100,
            margin=self.margin.data / 100,
            confidence=self.confidence.data,
            design_effect=self.design_effect.data,
            nonresponse=self.nonresponse.data / 100,
            stratification=self.stratification.data,
            allocation=self.allocation.data,
            min_communes=self.min_communes.data,
            respondents_per_commune=self.respondents_per_commune.data,
            reserve_share=self.reserve_share.data / 100,
        )
