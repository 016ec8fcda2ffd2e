"""Forms of the unit reports: the report itself (built from the content format's lists), the
reviewer's return and accept, and a period's dates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import StopValidation, ValidationError

from app.common.fields import ChoiceField, CountField, DayField
from app.common.text import clean_text, has_control_chars
from app.unit_reports.content import (
    ITEM_LISTS,
    MAX_COUNT,
    ItemField,
    ItemList,
    summary_field,
)
from app.unit_reports.models import PLAN_TASKS

MIN_ROWS = 3  # empty rows a list starts with; "Thêm dòng" adds as many again
MAX_ROWS = 60  # rows read from a post; more are dropped, so a crafted post stays small
REASON_LIMIT = 2000


def _block(value):
    """A textarea's text: NFC, trimmed, with one kind of line break."""
    return clean_text(value).replace("\r\n", "\n") if isinstance(value, str) else value


def _item_field(item: ItemField):
    if item.kind == "date":
        return DayField(item.label, min_year=2000, description=_l("Ví dụ: 18/05/2026"))
    if item.kind == "count":
        return CountField(item.label, maximum=MAX_COUNT)
    if item.kind in ("choice", "channel"):
        choices = [SelectChoice(k, v) for k, v in (item.choices or {}).items()]
        if not item.default:
            empty = _l("Chọn kênh") if item.kind == "channel" else _l("Chọn một mục")
            choices.insert(0, SelectChoice("", empty))
        kwargs = {"invalid_choice_message": _l("Chọn một kênh của đơn vị trong danh sách")}
        return ChoiceField(item.label, choices=choices, default=item.default,
                           **(kwargs if item.kind == "channel" else {}))  # fmt: skip
    render = {"inputmode": "url", "autocapitalize": "off", "spellcheck": "false"}
    return StringField(item.label, filters=(clean_text,),
                       render_kw=render if item.kind == "url" else None)  # fmt: skip


def row_form(spec: ItemList) -> type[Form]:
    """The form of one row of a list: the plan task it belongs to, then its fields."""
    fields = {"task": ChoiceField(_l("Thuộc nhiệm vụ"), default=spec.task,
                                  choices=[SelectChoice(k, k) for k in PLAN_TASKS])}  # fmt: skip
    fields |= {item.name: _item_field(item) for item in spec.fields}
    return type(f"{spec.name.title()}Row", (Form,), fields)


def _text_area(label, description=None):
    hint = description or _l("Tối đa %(n)s ký tự", n="4.000")
    return TextAreaField(label, filters=(_block,), description=hint, render_kw={"rows": 5})


def _report_form() -> type[FlaskForm]:
    fields = {summary_field(task): _text_area(_l("Tóm tắt kết quả (%(task)s)", task=task))
              for task in PLAN_TASKS}  # fmt: skip
    for spec in ITEM_LISTS:
        fields[spec.name] = FieldList(FormField(row_form(spec)), max_entries=MAX_ROWS)
    fields["enterprises_reached"] = CountField(
        _l("Số doanh nghiệp được tiếp cận, truyền thông"), maximum=MAX_COUNT
    )
    fields["difficulties"] = _text_area(_l("Khó khăn, vướng mắc"))
    fields["proposals"] = _text_area(_l("Đề xuất, kiến nghị"))
    fields["save"] = SubmitField(_l("Lưu dự thảo"))
    fields["send"] = SubmitField(_l("Gửi báo cáo"))
    return type("UnitReportForm", (FlaskForm,), fields)


UnitReportForm = _report_form()


def prepare(form, channels: dict[int, str], *, spare: int = 0, add: str | None = None):
    """Give each list at least MIN_ROWS rows, and ``spare`` empty rows after those filled
    (MIN_ROWS more in the list named ``add``); the products choose among the unit's
    channels."""
    for spec in ITEM_LISTS:
        rows = form[spec.name]
        wanted = max(MIN_ROWS, len(rows.entries) + spare)
        if spec.name == add:
            wanted = max(MIN_ROWS, len(rows.entries)) + MIN_ROWS
        while len(rows.entries) < min(wanted, MAX_ROWS):
            rows.append_entry()
    choices = [SelectChoice("", _l("Chọn kênh"))]
    choices += [SelectChoice(str(k), name) for k, name in channels.items()]
    for entry in form.products:
        entry.form.channel_id.choices = choices
    return form


def _required_reason(_form, field) -> None:
    if not field.data:
        field.errors[:] = []
        raise StopValidation(_l("Ghi lý do trả lại để đơn vị biết cần sửa gì"))


def _reason_text(_form, field) -> None:
    if len(field.data) > REASON_LIMIT:
        raise ValidationError(_l("Lý do phải có tối đa 2.000 ký tự"))
    if has_control_chars(field.data.replace("\n", "")):
        raise ValidationError(_l("Nội dung có ký tự không hợp lệ"))


class ReturnForm(FlaskForm):
    reason = TextAreaField(
        _l("Lý do trả lại"),
        validators=[_required_reason, _reason_text],
        filters=(_block,),
        description=_l("Nêu rõ phần cần sửa, bổ sung. Tối đa 2.000 ký tự."),
        render_kw={"rows": 4},
    )
    version = HiddenField()  # as in AcceptForm
    submit = SubmitField(_l("Trả lại báo cáo"))


class AcceptForm(FlaskForm):
    # The version the reviewer is shown: a newer one sent meanwhile is never accepted unseen.
    version = HiddenField()
    submit = SubmitField(_l("Tiếp nhận báo cáo"))


def _day(label, missing):
    def required(_form, field):
        if field.data is None and not field.errors:
            raise StopValidation(missing)

    return DayField(label, [required], min_year=2000, description=_l("Ví dụ: 10/06/2026"))


class PeriodForm(FlaskForm):
    """A period's four dates; the database refuses a window or deadlines out of order too."""

    starts_on = _day(_l("Từ ngày"), _l("Nhập ngày bắt đầu kỳ báo cáo"))
    ends_on = _day(_l("Đến ngày"), _l("Nhập ngày kết thúc kỳ báo cáo"))
    unit_due_on = _day(_l("Hạn gửi báo cáo của các đơn vị"), _l("Nhập hạn gửi của các đơn vị"))
    department_due_on = _day(_l("Hạn báo cáo của Sở"), _l("Nhập hạn báo cáo của Sở"))
    submit = SubmitField(_l("Lưu"))

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu"))

    def validate_department_due_on(self, field):
        if self.unit_due_on.data and field.data and field.data < self.unit_due_on.data:
            raise ValidationError(_l("Hạn của Sở phải bằng hoặc sau hạn của các đơn vị"))


class NewPeriodForm(FlaskForm):
    """Open a period with the conventional dates (a manager adjusts them afterwards)."""

    year = CountField(_l("Năm"), maximum=2100)
    half = ChoiceField(_l("Kỳ"), choices=[SelectChoice("1", _l("6 tháng đầu năm")),
                                          SelectChoice("2", _l("6 tháng cuối năm"))])  # fmt: skip
    submit = SubmitField(_l("Mở kỳ báo cáo"))

    def validate_year(self, field):
        if field.errors:  # already unreadable ("20x6"); one message is enough
            return
        if field.data is None or not 2000 <= field.data <= 2100:
            raise ValidationError(_l("Năm phải từ %(low)s đến %(high)s", low=2000, high=2100))
