"""Managers' forms: the official reports' settings, and the reports to download."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from app.common.fields import ChoiceField, CountField, DayField, no_control_chars
from app.indicators.periods import PeriodError, parse_period
from app.reports.streams import ALL
from app.responses.labels import STREAM_LABELS


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


class SurveySummaryForm(FlaskForm):
    """A GET form: bookmarkable, and no CSRF token (it changes nothing but the audit log)."""

    class Meta:
        csrf = False

    survey = ChoiceField(_l("Khảo sát"), validators=[InputRequired(_l("Chọn khảo sát"))])
    period = StringField(
        _l("Kỳ báo cáo"),
        description=_l("Ví dụ 2026H2 (6 tháng cuối năm), 2026, hoặc 2026-01-01..2026-03-31"),
        validators=[InputRequired(_l("Nhập kỳ báo cáo")), Length(max=40), no_control_chars],
    )
    # "" is the default: the probability sample when the period has one, else every stream;
    # "all" mixes every stream, and only when asked for.
    stream = ChoiceField(
        _l("Nguồn phiếu"),
        description=_l(
            "Mặc định: nếu kỳ báo cáo có phiếu thuộc mẫu xác suất thì chỉ tính các phiếu này, "
            "phiếu từ đường dẫn mở không được gộp vào. Chọn “Tất cả” để gộp mọi nguồn "
            "(kết quả chỉ để tham khảo)."
        ),
        default="",
    )
    # "" is "all": a filter left out of the query string means no filter.
    commune = ChoiceField(_l("Xã, phường, đặc khu"), default="")
    unit = ChoiceField(_l("Đơn vị"), default="")
    link = ChoiceField(_l("Đường dẫn khảo sát"), default="")
    version = CountField(
        _l("Phiên bản"),
        description=_l("Số phiên bản, ví dụ 2; để trống để gồm mọi phiên bản"),
        maximum=10_000,
    )
    with_text = BooleanField(
        _l("Kèm nội dung câu trả lời dạng văn bản"),
        description=_l(
            "Nội dung câu trả lời dạng văn bản có thể chứa dữ liệu cá nhân (Luật Bảo vệ dữ liệu "
            "cá nhân số 91/2025/QH15): chỉ dùng cho công việc được giao, không sao chép, chuyển "
            "tiếp hay công bố. Mỗi lần tải bản có nội dung văn bản được ghi vào nhật ký hệ thống. "
            "Khảo sát cán bộ không bao giờ kèm nội dung văn bản."
        ),
    )
    submit = SubmitField(_l("Tải báo cáo (PDF)"))

    def set_choices(self, surveys, communes, units, links) -> None:
        """``links``: (link id, label, survey title) triples; the list groups them by survey."""
        self.stream.choices = [
            SelectChoice("", _l("Mặc định (mẫu xác suất nếu có)")),
            SelectChoice(ALL, _l("Tất cả (gộp các nguồn)")),
        ] + [SelectChoice(code, text) for code, text in STREAM_LABELS.items()]
        self.survey.choices = [SelectChoice("", _l("Chọn khảo sát"))] + [
            SelectChoice(slug, title) for slug, title in surveys
        ]
        self.commune.choices = [SelectChoice("", _l("Tất cả"))] + [
            SelectChoice(u.code, u.name) for u in communes
        ]
        self.unit.choices = [SelectChoice("", _l("Tất cả"))] + [
            SelectChoice(u.code, u.name) for u in units
        ]
        self.link.choices = [SelectChoice("", _l("Tất cả"))] + [
            SelectChoice(str(link_id), label, optgroup=group) for link_id, label, group in links
        ]

    def validate_period(self, field) -> None:
        try:
            self.parsed_period = parse_period(field.data or "")
        except PeriodError:
            raise ValidationError(
                _(
                    "Không hiểu kỳ “%(text)s”. Nhập dạng 2026H1, 2026H2, 2026 "
                    "hoặc 2026-01-01..2026-03-31.",
                    text=field.data,
                )
            ) from None
