"""Administrators' forms: users, the staff roster, units."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from app.auth.models import ROLE_LABELS
from app.common.fields import ChoiceField, CountField, no_control_chars

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLE_CHOICES = [SelectChoice(code, label) for code, label in ROLE_LABELS.items()]


def _max(n: int) -> Length:
    return Length(max=n, message=_l("Phải có tối đa %(max)s ký tự", max=n))


def valid_email(_form, field) -> None:
    if field.data and not EMAIL_RE.match(field.data.strip()):
        raise ValidationError(_l("Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@skhcn.gov.vn"))


class UserForm(FlaskForm):
    email = EmailField(
        _l("Địa chỉ thư điện tử"),
        validators=[
            DataRequired(_l("Nhập địa chỉ thư điện tử")),
            _max(254),
            no_control_chars,
            valid_email,
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    full_name = StringField(
        _l("Họ và tên"),
        validators=[DataRequired(_l("Nhập họ và tên")), _max(200), no_control_chars],
        render_kw={"autocomplete": "off"},
    )
    role = ChoiceField(_l("Vai trò"), choices=ROLE_CHOICES, default="staff")
    unit_id = ChoiceField(_l("Đơn vị"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Lưu"))


class RosterForm(FlaskForm):
    file = FileField(
        _l("Tệp danh sách cán bộ (CSV)"),
        validators=[
            FileRequired(_l("Chọn tệp CSV")),
            FileAllowed(["csv"], _l("Tệp phải có đuôi .csv")),
        ],
        description=_l("Các cột: email, full_name, unit_code, role (không bắt buộc)."),
    )
    submit = SubmitField(_l("Nhập danh sách"))


class UnitsImportForm(FlaskForm):
    file = FileField(
        _l("Tệp đơn vị (CSV)"),
        validators=[
            FileRequired(_l("Chọn tệp CSV")),
            FileAllowed(["csv"], _l("Tệp phải có đuôi .csv")),
        ],
        description=_l("Cột bắt buộc: code. Đơn vị mới cần thêm name và type."),
    )
    submit = SubmitField(_l("Nhập dữ liệu"))


class UnitForm(FlaskForm):
    name = StringField(
        _l("Tên đơn vị"),
        validators=[DataRequired(_l("Nhập tên đơn vị")), _max(200), no_control_chars],
    )
    short_name = StringField(
        _l("Tên ngắn"), validators=[DataRequired(_l("Nhập tên ngắn")), _max(100), no_control_chars]
    )
    staff_headcount = CountField(_l("Tổng số cán bộ (người)"))
    comm_staff_headcount = CountField(_l("Số cán bộ làm công tác truyền thông (người)"))
    has_comm_duty = BooleanField(_l("Đơn vị có nhiệm vụ truyền thông"))
    population = CountField(_l("Dân số (người)"))
    population_status = ChoiceField(
        _l("Tình trạng số liệu dân số"),
        choices=[
            SelectChoice("", _l("Không có")),
            SelectChoice("provisional", _l("Tạm tính")),
            SelectChoice("official", _l("Chính thức")),
        ],
    )
    is_active = BooleanField(_l("Đang hoạt động"))
    submit = SubmitField(_l("Lưu"))

    def validate_comm_staff_headcount(self, field) -> None:
        staff = self.staff_headcount.data
        if field.data is not None and staff is not None and field.data > staff:
            raise ValidationError(_l("Số cán bộ truyền thông không được lớn hơn tổng số cán bộ"))
