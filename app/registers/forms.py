"""Register forms, built from each register's columns so a label or a limit is written once."""

import re
from functools import cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectChoice, StringField, SubmitField
from wtforms.validators import Length, Optional, StopValidation, ValidationError

from app.common.fields import ChoiceField, CountField, DayField, no_control_chars
from app.common.text import clean_text
from app.registers.specs import Column, RegisterSpec

URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)


class Required:
    """Refuse an empty value (blank text, no choice, unit 0) with the column's message.

    A value that could not be read ("31/02/2026") keeps its own message instead; no HTML
    ``required`` flag is set, so the browser never answers in its own language (UX.md 2.2).
    """

    def __init__(self, message, *, empty=(None, "")):
        self.message, self.empty = message, empty

    def __call__(self, _form, field):
        if field.process_errors:
            raise StopValidation()
        if field.data in self.empty:
            field.errors[:] = []
            raise StopValidation(self.message)


class InRange:
    """A whole number between ``low`` and ``high``; an empty or unreadable value is left alone."""

    def __init__(self, low: int, high: int, message):
        self.low, self.high, self.message = low, high, message

    def __call__(self, _form, field):
        if field.data is not None and not self.low <= field.data <= self.high:
            raise ValidationError(self.message)


class MaxLength(Length):
    """Length(max=…) without the HTML maxlength, which cuts a paste short silently (UX.md 2.3)."""

    def __init__(self, limit: int):
        super().__init__(max=limit, message=_l("Phải có tối đa %(max)s ký tự", max=limit))
        self.field_flags = {}


def valid_url(_form, field) -> None:
    if field.data and not URL_RE.match(field.data):
        raise ValidationError(_l("Nhập đường dẫn đầy đủ, bắt đầu bằng http:// hoặc https://"))


def _presence(column: Column) -> list:
    if not column.required:
        return [Optional()]
    # A unit select sends 0 for "none chosen"; for a count 0 is a value.
    return [Required(column.missing, empty=(None, "", 0) if column.kind == "unit" else (None, ""))]


def _text(column: Column):
    validators = [*_presence(column), MaxLength(column.limit), no_control_chars]
    if column.kind == "url":
        validators.append(valid_url)
    return StringField(column.label, validators, filters=(clean_text,), description=column.hint)


def _choice(column: Column):
    choices = [SelectChoice(code, label) for code, label in column.choices.items()]
    if column.default is None:
        choices.insert(0, SelectChoice("", _l("Chọn một mục")))
    return ChoiceField(column.label, _presence(column), choices=choices, default=column.default,
                       description=column.hint)  # fmt: skip


def _number(column: Column):
    message = _l("%(label)s phải từ %(low)s đến %(high)s", label=column.label, low=column.low,
                 high=column.high)  # fmt: skip
    validators = [*_presence(column), InRange(column.low, column.high, message)]
    return CountField(column.label, validators, maximum=10**6, description=column.hint)


def _date(column: Column):
    hint = column.hint or _l("Ngày/tháng/năm, ví dụ 31/12/2026")
    return DayField(column.label, _presence(column), description=hint)


def _bool(column: Column):
    return BooleanField(column.label, default=bool(column.default), description=column.hint)


def _unit(column: Column):
    # The view fills the choices: the department's units and the communes.
    return ChoiceField(column.label, _presence(column), coerce=int, default=0)


FIELDS = {
    "text": _text, "url": _text, "choice": _choice, "year": _number, "count": _number,
    "date": _date, "bool": _bool, "unit": _unit,
}  # fmt: skip


@cache
def form_class(spec: RegisterSpec) -> type[FlaskForm]:
    """The form of a register: one field per column a person edits, named as the column."""
    fields = {column.name: FIELDS[column.kind](column) for column in spec.form_columns}
    fields["submit"] = SubmitField(_l("Lưu"))
    return type(f"{spec.model.__name__}Form", (FlaskForm,), fields)


def form_values(spec: RegisterSpec, form: FlaskForm) -> dict:
    """The form's data by model attribute, ready for the services (no unit or text is None)."""
    values = {}
    for column in spec.form_columns:
        value = form[column.name].data
        empty = value == "" or (column.kind == "unit" and value == 0)
        values[column.attr] = None if empty else value
    return values


def row_data(spec: RegisterSpec, row) -> dict:
    """A row's values by form field name, to fill the edit form."""
    data = {column.name: getattr(row, column.attr) for column in spec.form_columns}
    for column in spec.form_columns:
        if column.kind == "unit":
            data[column.name] = data[column.name] or 0
    return data


class RegisterImportForm(FlaskForm):
    file = FileField(
        _l("Tệp dữ liệu (CSV)"),
        validators=[
            FileRequired(_l("Chọn tệp CSV")),
            FileAllowed(["csv"], _l("Tệp phải có đuôi .csv")),
        ],
    )
    submit = SubmitField(_l("Nhập dữ liệu"))
