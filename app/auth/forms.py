"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from app.auth.services import MIN_PASSWORD_LENGTH
from app.common.fields import no_control_chars


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Địa chỉ thư điện tử"),
        validators=[
            DataRequired(_l("Nhập địa chỉ thư điện tử")),
            Length(max=254, message=_l("Địa chỉ thư điện tử phải có tối đa 254 ký tự")),
            no_control_chars,
        ],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[
            DataRequired(_l("Nhập mật khẩu")),
            Length(max=128, message=_l("Mật khẩu phải có tối đa 128 ký tự")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField(_l("Đăng nhập"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[DataRequired(_l("Nhập mật khẩu hiện tại"))],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("Mật khẩu mới"),
        validators=[DataRequired(_l("Nhập mật khẩu mới"))],
        description=_l("Ít nhất %(n)s ký tự. Nên dùng một câu dễ nhớ.", n=MIN_PASSWORD_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[
            DataRequired(_l("Nhập lại mật khẩu mới")),
            EqualTo("new", _l("Hai lần nhập mật khẩu mới phải giống nhau")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Đổi mật khẩu"))
