"""Form fields shared by features."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from app.common.text import parse_count
from app.templating import format_number


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
