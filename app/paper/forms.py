"""The manager's choices for printing a questionnaire."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField, SubmitField, ValidationError
from wtforms.validators import InputRequired

from app.common.fields import ChoiceField, CountField
from app.common.text import format_number
from app.i18n import SURVEY_LANGUAGE_NAMES
from app.paper.serials import MAX_COPIES, MAX_SERIAL, PREFIX_RE


class PaperForm(FlaskForm):
    """A GET form: bookmarkable, and no CSRF token (it changes nothing but the audit log)."""

    class Meta:
        csrf = False

    version = ChoiceField(_l("Phiên bản"), coerce=int)
    language = ChoiceField(_l("Ngôn ngữ"), default="vi")
    copies = CountField(
        _l("Số bản"),
        description=_l("Từ 1 đến %(n)s bản; mỗi bản có số phiếu riêng.", n=MAX_COPIES),
        validators=[InputRequired(_l("Nhập số bản cần in"))],
        maximum=10**9,
        default=1,
    )
    prefix = StringField(
        _l("Tiền tố số phiếu"),
        description=_l("Chữ cái không dấu hoặc chữ số, tối đa 8 ký tự; ví dụ P hoặc KT2026."),
        validators=[InputRequired(_l("Nhập tiền tố số phiếu"))],
        default="P",
    )
    start = CountField(
        _l("Số phiếu bắt đầu"),
        description=_l("Bản đầu tiên mang số này, các bản sau tăng dần."),
        validators=[InputRequired(_l("Nhập số phiếu bắt đầu"))],
        maximum=10**9,
        default=1,
    )
    submit = SubmitField(_l("Tải phiếu giấy (PDF)"))

    def set_choices(self, languages: dict[int, list[str]]) -> None:
        """``languages``: published version number -> its languages, newest version first."""
        self.languages = languages
        self.version.choices = [
            SelectChoice(n, _l("Phiên bản %(n)s (mới nhất)", n=n) if i == 0
                         else _l("Phiên bản %(n)s", n=n))
            for i, n in enumerate(languages)
        ]  # fmt: skip
        every = dict.fromkeys(code for codes in languages.values() for code in codes)
        self.language.choices = [
            SelectChoice(code, SURVEY_LANGUAGE_NAMES.get(code, code)) for code in every
        ]

    def validate_language(self, field) -> None:
        codes = self.languages.get(self.version.data, [])
        if not self.version.errors and field.data not in codes:
            raise ValidationError(_l("Phiên bản %(n)s không có ngôn ngữ này; chọn ngôn ngữ khác "
                                     "hoặc phiên bản khác", n=self.version.data))  # fmt: skip

    def validate_copies(self, field) -> None:
        if field.data is not None and not 1 <= field.data <= MAX_COPIES:
            raise ValidationError(_l("Số bản phải từ 1 đến %(n)s", n=MAX_COPIES))

    def validate_prefix(self, field) -> None:
        if not PREFIX_RE.match((field.data or "").strip().upper()):
            raise ValidationError(
                _l("Tiền tố chỉ gồm chữ cái không dấu (A-Z) và chữ số, tối đa 8 ký tự")
            )

    def validate_start(self, field) -> None:
        if field.data is None:
            return
        if not 1 <= field.data <= MAX_SERIAL:
            raise ValidationError(_l("Số phiếu bắt đầu phải từ 1 đến %(n)s",
                                     n=format_number(MAX_SERIAL)))  # fmt: skip
        copies = self.copies.data if not self.copies.errors else None
        if copies and field.data + copies - 1 > MAX_SERIAL:
            raise ValidationError(
                _l("Số phiếu cuối không được vượt quá %(n)s; hãy giảm số phiếu bắt đầu hoặc số bản",
                   n=format_number(MAX_SERIAL))
            )  # fmt: skip

    @property
    def serial_prefix(self) -> str:
        return (self.prefix.data or "").strip().upper()
