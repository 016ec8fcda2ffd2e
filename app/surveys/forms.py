"""Managers' forms for building surveys."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from app.common.fields import ChoiceField, CountField, DayField, NumberField, no_control_chars
from app.common.text import clean_text
from app.surveys.models import AUDIENCES
from app.surveys.types import CODE_HINT, QUESTION_TYPES

LANGUAGE_LIST_RE = re.compile(r"^[a-z]{2,3}(\s*,\s*[a-z]{2,3})*$")


def _max(n: int) -> Length:
    return Length(max=n, message=_l("Phải có tối đa %(max)s ký tự", max=n))


def _code() -> Regexp:
    return Regexp(
        r"^[a-z][a-z0-9_]*$",
        message=_l("Mã chỉ gồm chữ thường không dấu, số và _, bắt đầu bằng chữ"),
    )


def parse_languages(text: str) -> list[str]:
    """ "en, hre" -> ["vi", "en", "hre"]."""
    codes = [c.strip() for c in clean_text(text).lower().split(",") if c.strip()]
    return ["vi", *dict.fromkeys(c for c in codes if c != "vi")]


def valid_languages(_form, field) -> None:
    value = clean_text(field.data).lower()
    if value and not LANGUAGE_LIST_RE.match(value):
        raise ValidationError(_l("Ghi mã ngôn ngữ cách nhau bằng dấu phẩy, ví dụ: en, hre"))


class SurveyForm(FlaskForm):
    """Creating a survey, and its settings afterwards."""

    slug = StringField(
        _l("Đường dẫn rút gọn"),
        validators=[DataRequired(_l("Nhập đường dẫn rút gọn")), _max(64)],
        description=_l("Chữ thường không dấu, số và dấu gạch ngang, ví dụ nguoi-dan-2026."),
        render_kw={"spellcheck": "false", "autocomplete": "off"},
    )
    audience = ChoiceField(
        _l("Đối tượng khảo sát"), choices=[SelectChoice(k, v) for k, v in AUDIENCES.items()]
    )
    title = StringField(
        _l("Tên khảo sát (tiếng Việt)"),
        validators=[DataRequired(_l("Nhập tên khảo sát")), _max(200), no_control_chars],
    )
    description = TextAreaField(
        _l("Lời giới thiệu (tiếng Việt)"),
        validators=[Optional(), _max(2000), no_control_chars],
        description=_l("Ai hỏi, để làm gì, mất khoảng bao lâu, kết quả được dùng thế nào."),
    )
    languages = StringField(
        _l("Ngôn ngữ khác ngoài tiếng Việt"),
        validators=[Optional(), valid_languages],
        description=_l(
            "Mã ngôn ngữ cách nhau bằng dấu phẩy, ví dụ: en, hre, sed, bdq, jra. Bỏ một ngôn "
            "ngữ sẽ xóa các bản dịch sang ngôn ngữ đó."
        ),
    )
    is_anonymous = BooleanField(_l("Khảo sát ẩn danh"), default=True)
    owner_unit_id = ChoiceField(_l("Đơn vị phụ trách"), coerce=int)
    opens_on = DayField(
        _l("Ngày mở"),
        min_year=2020,
        description=_l("Ví dụ: 01/12/2026. Để trống: mở ngay khi công bố."),
    )
    closes_on = DayField(
        _l("Ngày đóng (đóng vào cuối ngày này)"), description=_l("Để trống: mở đến khi đóng.")
    )
    submit = SubmitField(_l("Lưu"))


def _condition_fields() -> tuple:
    """The four fields of a show-if condition, made here so each form keeps its field order."""
    return (
        ChoiceField(_l("Câu hỏi điều kiện")),
        StringField(
            _l("Mã phương án được chọn"),
            validators=[_max(500), no_control_chars],
            description=_l("Mã phương án, cách nhau bằng dấu phẩy."),
        ),
        NumberField(_l("Hoặc số nhỏ nhất")),
        NumberField(_l("Số lớn nhất")),
    )


class PageForm(FlaskForm):
    code = StringField(
        _l("Mã trang"),
        validators=[DataRequired(_l("Nhập mã trang")), _max(63), _code()],
        description=CODE_HINT,
        render_kw={"spellcheck": "false"},
    )
    title = StringField(
        _l("Tên trang (tiếng Việt)"),
        validators=[DataRequired(_l("Nhập tên trang")), _max(300), no_control_chars],
    )
    show_if_question, show_if_options, show_if_min, show_if_max = _condition_fields()
    submit = SubmitField(_l("Lưu trang"))


class QuestionForm(FlaskForm):
    code = StringField(
        _l("Mã câu hỏi"),
        validators=[DataRequired(_l("Nhập mã câu hỏi")), _max(63), _code()],
        description=CODE_HINT,
        render_kw={"spellcheck": "false"},
    )
    type = ChoiceField(
        _l("Loại câu hỏi"), choices=[SelectChoice(k, t.label) for k, t in QUESTION_TYPES.items()]
    )
    text = TextAreaField(
        _l("Nội dung câu hỏi (tiếng Việt)"),
        validators=[DataRequired(_l("Nhập nội dung câu hỏi")), _max(2000), no_control_chars],
    )
    help = StringField(
        _l("Gợi ý"),
        validators=[_max(500), no_control_chars],
        description=_l("Một câu ngắn, ví dụ: Chọn tất cả các mục phù hợp."),
    )
    required = BooleanField(_l("Bắt buộc trả lời"))
    options = TextAreaField(
        _l("Phương án trả lời"),
        render_kw={"rows": 8, "spellcheck": "false"},
        validators=[_max(20000), no_control_chars],
        description=_l(
            "Mỗi dòng một phương án: mã | nhãn tiếng Việt. Ví dụ: zalo | Zalo của xã. "
            "Với Có/Không và thang 5 mức, để trống để dùng nhãn mặc định."
        ),
    )
    exclusive = StringField(
        _l("Phương án không chọn cùng phương án khác"),
        validators=[_max(500), no_control_chars],
        description=_l("Mã, cách nhau bằng dấu phẩy, ví dụ: none, dont_know."),
    )
    other = BooleanField(_l('Thêm lựa chọn "Khác, ghi rõ"'))
    min_choices = CountField(_l("Số lựa chọn tối thiểu"), maximum=60)
    max_choices = CountField(_l("Số lựa chọn tối đa"), maximum=60)
    min = NumberField(_l("Giá trị nhỏ nhất"))
    max = NumberField(_l("Giá trị lớn nhất"))
    max_length = CountField(_l("Số ký tự tối đa"), maximum=10_000)
    min_date = DayField(_l("Ngày sớm nhất"))
    max_date = DayField(_l("Ngày muộn nhất"))
    items = TextAreaField(
        _l("Các nhận định (bảng thang 5 mức)"),
        render_kw={"rows": 6},
        validators=[_max(20000), no_control_chars],
        description=_l("Mỗi dòng một nhận định: mã | nội dung tiếng Việt."),
    )
    show_if_question, show_if_options, show_if_min, show_if_max = _condition_fields()
    submit = SubmitField(_l("Lưu câu hỏi"))


class CloneForm(FlaskForm):
    slug = SurveyForm.slug
    opens_on = DayField(_l("Ngày mở đợt mới"))
    closes_on = DayField(_l("Ngày đóng đợt mới (đóng vào cuối ngày này)"))
    submit = SubmitField(_l("Tạo đợt khảo sát mới"))


class ImportForm(FlaskForm):
    file = FileField(
        _l("Tệp khảo sát"),
        validators=[
            FileRequired(_l("Chọn tệp JSON hoặc XLSForm (.xlsx)")),
            FileAllowed(["json", "xlsx"], _l("Tệp phải có đuôi .json hoặc .xlsx")),
        ],
        description=_l("Tệp JSON xuất từ hệ thống này, hoặc biểu mẫu XLSForm (ODK, KoBoToolbox)."),
    )
    audience = ChoiceField(
        _l("Đối tượng khảo sát (cho XLSForm)"),
        choices=[SelectChoice(k, v) for k, v in AUDIENCES.items()],
    )
    slug = StringField(
        _l("Đường dẫn rút gọn"),
        validators=[_max(64)],
        description=_l("Để trống để dùng mã trong tệp."),
    )
    submit = SubmitField(_l("Nhập khảo sát"))


def parse_labelled_lines(text: str) -> list[tuple[str, str]]:
    """Lines "code | label" as pairs; raises ValueError naming the first bad line."""
    pairs = []
    for number, line in enumerate(clean_text(text).splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        code, sep, label = line.partition("|")
        if not sep or not code.strip() or not label.strip():
            raise ValueError(
                _l("Dòng %(n)s: viết theo dạng mã | nhãn, ví dụ: zalo | Zalo của xã", n=number)
            )
        pairs.append((code.strip(), label.strip()))
    return pairs


def condition_from(form) -> dict | None:
    """The show-if condition a page or question form describes, or None."""
    target = form.show_if_question.data
    if not target:
        return None
    codes = [c.strip() for c in clean_text(form.show_if_options.data or "").split(",") if c.strip()]
    if codes:
        return {"question": target, "any_of": codes}
    condition = {"question": target}
    if form.show_if_min.data is not None:
        condition["min"] = form.show_if_min.data
    if form.show_if_max.data is not None:
        condition["max"] = form.show_if_max.data
    return condition


def fill_condition(form, show_if: dict | None) -> None:
    """Put a stored condition into a form's show-if fields."""
    if not show_if:
        return
    form.show_if_question.data = show_if.get("question", "")
    form.show_if_options.data = ", ".join(show_if.get("any_of", []))
    form.show_if_min.data = show_if.get("min")
    form.show_if_max.data = show_if.get("max")


def question_values(form: QuestionForm) -> dict:
    """The question form as plain values for drafts.save_question; ValueError if lines are bad."""
    exclusive = [c.strip() for c in clean_text(form.exclusive.data or "").split(",") if c.strip()]
    return {
        "code": clean_text(form.code.data),
        "type": form.type.data,
        "text": clean_text(form.text.data),
        "help": clean_text(form.help.data or ""),
        "required": form.required.data,
        "options": parse_labelled_lines(form.options.data or ""),
        "exclusive": exclusive,
        "other": form.other.data,
        "min_choices": form.min_choices.data,
        "max_choices": form.max_choices.data,
        "min": form.min.data,
        "max": form.max.data,
        "max_length": form.max_length.data,
        "min_date": form.min_date.data.isoformat() if form.min_date.data else None,
        "max_date": form.max_date.data.isoformat() if form.max_date.data else None,
        "items": parse_labelled_lines(form.items.data or ""),
        "show_if": condition_from(form),
    }


def fill_question_form(form: QuestionForm, question: dict) -> None:
    """Put a stored question into the form (Vietnamese texts; translations are kept aside)."""
    form.code.data, form.type.data = question["code"], question["type"]
    form.text.data = question.get("text", {}).get("vi", "")
    form.help.data = question.get("help", {}).get("vi", "")
    form.required.data = question.get("required", False)
    lines = [
        f"{o['code']} | {o.get('label', {}).get('vi', '')}" for o in question.get("options", [])
    ]
    form.options.data = "\n".join(lines)
    form.exclusive.data = ", ".join(
        o["code"] for o in question.get("options", []) if o.get("exclusive")
    )
    form.other.data = question.get("other", False)
    for key in ("min_choices", "max_choices", "min", "max", "max_length"):
        form[key].data = question.get(key)
    for key in ("min_date", "max_date"):
        form[key].data = date.fromisoformat(question[key]) if question.get(key) else None
    items = [f"{i['code']} | {i.get('label', {}).get('vi', '')}" for i in question.get("items", [])]
    form.items.data = "\n".join(items)
    fill_condition(form, question.get("show_if"))
