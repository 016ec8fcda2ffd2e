"""Managers' forms: the official reports' settings, and a semi-annual report to download."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional, Regexp

from app.common.fields import ChoiceField, DayField, no_control_chars


def _text(label, limit, description=None):
    return StringField(
        label, description=description, validators=[Optional(), Length(max=limit), no_control_chars]
    )


class SettingsForm(FlaskForm):
    parent_body = _text(_l("Cơ quan chủ quản"), 200, _l("Ví dụ: UBND TỈNH QUẢNG NGÃI"))
    body = _text(_l("Cơ quan ban hành"), 200, _l("Ví dụ: SỞ KHOA HỌC VÀ CÔNG NGHỆ"))
    number_suffix = _text(_l("Ký hiệu văn bản"), 60, _l("Phần sau số, ví dụ: BC-SKHCN"))
    place = _text(_l("Địa danh"), 100, _l("Ví dụ: Quảng Ngãi"))
    addressee = _text(_l("Kính gửi"), 300, _l("Để trống nếu báo cáo không ghi nơi gửi"))
    signer_authority = _text(
        _l("Thẩm quyền ký"), 100, _l("Ví dụ: KT. GIÁM ĐỐC; để trống khi người đứng đầu ký")
    )
    signer_title = _text(_l("Chức vụ người ký"), 100, _l("Ví dụ: PHÓ GIÁM ĐỐC"))
    signer_name = _text(_l("Họ tên người ký"), 200)
    recipients = TextAreaField(
        _l("Nơi nhận"),
        description=_l("Mỗi dòng một nơi nhận, ví dụ: UBND tỉnh"),
        validators=[Optional(), Length(max=3000), no_control_chars],
    )
    archive = _text(_l("Lưu"), 100, _l("Ví dụ: VT, QLKH"))
    submit = SubmitField(_l("Lưu thiết lập"))


class SemiannualForm(FlaskForm):
    period = ChoiceField(_l("Kỳ báo cáo"))
    snapshot = ChoiceField(_l("Số liệu"), coerce=str)
    number = StringField(
        _l("Số văn bản"),
        description=_l("Ví dụ: 05; để trống khi chưa cấp số"),
        validators=[
            Optional(),
            Length(max=10),
            Regexp(
                r"^[0-9A-Za-z.-]*$", message=_l("Chỉ gồm chữ số, chữ cái, dấu chấm hoặc gạch nối")
            ),
        ],
    )
    issued_on = DayField(_l("Ngày ban hành"), min_year=2000)
    difficulties = TextAreaField(
        _l("Khó khăn, vướng mắc và đề xuất"),
        validators=[Optional(), Length(max=20000), no_control_chars],
    )
    submit = SubmitField(_l("Tải báo cáo (PDF)"))
    issue = SubmitField(_l("Ban hành bản chính thức"))

    def set_choices(self, periods, snapshots) -> None:
        self.period.choices = [SelectChoice(p.code, label) for p, label in periods]
        self.snapshot.choices = [SelectChoice("", _l("Số liệu hiện tại (dự thảo)"))] + [
            SelectChoice(str(s.id), label) for s, label in snapshots
        ]
