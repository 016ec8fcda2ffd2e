"""Forms and fields shared by features."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class ConfirmForm(FlaskForm):
    """A confirmation page's single button (the CSRF token rides with it)."""

    submit = SubmitField(_l("Xác nhận"))
