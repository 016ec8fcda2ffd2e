"""Form fields shared by features."""

import math
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.common.text import clean_text, format_number, has_control_chars, parse_count


class CountField(StringField):
    """A whole number of people or things, typed as Vietnamese writes it ("1.234", "1 234").

    Rendered as text with a numeric keyboard (UX.md 2.3); ``data`` is an int or None.
    """

    def __init__(self, label=None, validators=None, maximum: int = 10_000_000, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)
        self.maximum = maximum

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        try:
            self.data = parse_count(self.raw)
        except ValueError:
            self.data = None
            raise ValueError(_l("Nhập một số nguyên từ 0 trở lên, ví dụ 1.234")) from None
        if self.data is not None and self.data > self.maximum:
            self.data = None
            raise ValueError(_l("Số phải nhỏ hơn hoặc bằng %(n)s", n=format_number(self.maximum)))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class NumberField(StringField):
    """A number that may be negative or have a decimal part, written "-1,5" or "2.5"."""

    def process_formdata(self, valuelist):
        raw = clean_text(valuelist[0] if valuelist else "").replace(" ", "")
        if not raw:
            self.data = None
            return
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or abs(value) > 1e12:
            self.data = None
            raise ValueError(_l("Nhập một số, ví dụ 10 hoặc 2,5"))
        self.data = int(value) if value == int(value) else value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data).replace(".", ",")


class DayField(StringField):
    """A calendar day typed as dd/mm/yyyy (also d/m/yyyy or yyyy-mm-dd); ``data`` is a date."""

    def __init__(self, *args, min_year: int = 1900, max_year: int = 2100, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_year, self.max_year = min_year, max_year

    def process_formdata(self, valuelist):
        raw = clean_text(valuelist[0] if valuelist else "")
        self.data = None
        if not raw:
            return
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                day = datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a day, no time
            except ValueError:
                continue
            if not self.min_year <= day.year <= self.max_year:
                raise ValueError(_l("Năm phải từ %(low)s đến %(high)s", low=self.min_year,
                                    high=self.max_year))  # fmt: skip
            self.data = day
            return
        raise ValueError(_l("Nhập ngày dạng ngày/tháng/năm, ví dụ 31/12/2026"))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d/%m/%Y") if isinstance(self.data, date) else ""


class ChoiceField(SelectField):
    """A select whose "not in the list" message is translated (WTForms has no Vietnamese)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", _l("Chọn một mục trong danh sách"))
        kwargs.setdefault("invalid_value_message", _l("Chọn một mục trong danh sách"))
        super().__init__(*args, **kwargs)


def no_control_chars(_form, field) -> None:
    """Refuse text holding control characters (NUL and the like), which no one types."""
    if isinstance(field.data, str) and has_control_chars(field.data.replace("\n", "")):
        raise ValidationError(_l("Nội dung có ký tự không hợp lệ"))


class MultiCheckboxField(SelectMultipleField):
    """A list of tick boxes, with the invalid-choice message in the interface language."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        # WTForms' own message is English ("'x' is not a valid choice for this field.").
        kwargs.setdefault("invalid_choice_message", _l("Chọn một mục trong danh sách"))
        super().__init__(*args, **kwargs)
