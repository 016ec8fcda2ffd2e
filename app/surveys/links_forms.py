"""Managers' forms for survey links."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from app.common.fields import ChoiceField, CountField, DayField, no_control_chars

CHANNEL_LABELS = {
    "poster": _l("Tờ áp phích"),
    "loudspeaker": _l("Loa truyền thanh"),
    "portal": _l("Cổng thông tin"),
    "zalo": _l("Zalo"),
    "event": _l("Sự kiện"),
    "other": _l("Khác"),
}
EVENT_LABELS = {
    "": _l("Không"),
    "18-5": _l("Ngày 18/5"),
    "1-10": _l("Ngày 1/10"),
    "10-10": _l("Ngày 10/10"),
}


class LinkForm(FlaskForm):
    label = StringField(
        _l("Nhãn"),
        validators=[Length(max=200), no_control_chars],
        description=_l("Để nhận ra đường dẫn, ví dụ: Bảng tin UBND xã Tịnh Khê."),
    )
    commune_id = ChoiceField(_l("Xã, phường"), coerce=int)
    channel = ChoiceField(
        _l("Kênh"), choices=[SelectChoice(k, v) for k, v in CHANNEL_LABELS.items()]
    )
    event = ChoiceField(
        _l("Sự kiện"), choices=[SelectChoice(k, v) for k, v in EVENT_LABELS.items()]
    )
    expires_on = DayField(_l("Hết hạn sau ngày"))
    budget = CountField(_l("Số phiếu tối đa"), maximum=1_000_000)
    submit = SubmitField(_l("Tạo đường dẫn"))


class BatchForm(FlaskForm):
    scope = ChoiceField(
        _l("Các xã, phường"),
        choices=[
            SelectChoice("all", _l("Tất cả 96 xã, phường, đặc khu")),
            SelectChoice("quang_ngai", _l("Địa bàn Quảng Ngãi (cũ)")),
            SelectChoice("kon_tum", _l("Địa bàn Kon Tum (cũ)")),
            SelectChoice("codes", _l("Theo danh sách mã")),
            SelectChoice("events", _l("Mỗi sự kiện một đường dẫn (18/5, 1/10, 10/10)")),
        ],
    )
    codes = TextAreaField(
        _l("Mã xã, phường (nếu chọn theo danh sách)"),
        validators=[Length(max=5000)],
        description=_l("Mã thống kê, cách nhau bằng dấu phẩy hoặc xuống dòng."),
    )
    channel = ChoiceField(
        _l("Kênh"), choices=[SelectChoice(k, v) for k, v in CHANNEL_LABELS.items()]
    )
    submit = SubmitField(_l("Tạo các đường dẫn"))
