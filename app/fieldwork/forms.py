"""The manager's form that gives an enumerator communes of a survey."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired, InputRequired

from app.common.fields import MultiCheckboxField


class AssignForm(FlaskForm):
    enumerator = SelectField(
        _l("Điều tra viên"),
        coerce=int,
        validators=[InputRequired(_l("Chọn điều tra viên"))],
    )
    communes = MultiCheckboxField(
        _l("Xã, phường"),
        coerce=int,
        validators=[DataRequired(_l("Chọn ít nhất một xã, phường"))],
    )
