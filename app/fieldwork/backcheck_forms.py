"""Forms of the managers' fieldwork pages: a code's contact outcome, a back-check draw, and a
back-check, whose questions depend on the interview's survey version."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.common.fields import ChoiceField, CountField, no_control_chars
from app.fieldwork.backcheck import NO_ANSWER, CheckQuestion, number_text
from app.fieldwork.models import CONTACT_OUTCOMES
from app.responses.answers import parse_number
from app.sampling.models import MAX_SEED

NOTE = [Length(max=500, message=_l("Ghi chú có tối đa 500 ký tự")), no_control_chars]


class OutcomeForm(FlaskForm):
    """Why a respondent code gave no interview, as written on the paper assignment sheet."""

    outcome = ChoiceField(
        _l("Kết quả liên hệ"),
        choices=[SelectChoice("", _l("Chọn kết quả"))]
        + [SelectChoice(k, v) for k, v in CONTACT_OUTCOMES.items()],
        validators=[InputRequired(_l("Chọn kết quả liên hệ của mã này"))],
    )
    note = StringField(_l("Ghi chú"), validators=NOTE)


class DrawForm(FlaskForm):
    """The share of assisted interviews to re-ask, and the seed that makes the draw repeatable."""

    share_percent = CountField(
        _l("Tỷ lệ phỏng vấn cần phúc tra (%)"),
        default=10,
        maximum=100,
        description=_l("Từ 1 đến 100. Mỗi điều tra viên có ít nhất 1 phỏng vấn được phúc tra."),
        validators=[
            InputRequired(_l("Nhập tỷ lệ phúc tra")),
            NumberRange(1, 100, message=_l("Tỷ lệ phúc tra phải từ 1 đến 100")),
        ],
    )
    seed = CountField(
        _l("Số khởi tạo ngẫu nhiên (seed)"),
        maximum=MAX_SEED,
        description=_l(
            "Để trống để hệ thống tự chọn. Số được lưu cùng lần chọn, để chọn lại đúng như vậy."
        ),
        validators=[Optional()],
    )


REACHED = [SelectChoice("yes", _l("Có, đã hỏi lại người trả lời")),
           SelectChoice("no", _l("Không liên hệ được"))]  # fmt: skip
NONE_CHOICE = "_none"  # option codes start with a letter or digit, so this is never one


class CheckForm(FlaskForm):
    """A back-check: reached or not, then each re-asked question (added by ``check_form``)."""

    reached = RadioField(
        _l("Đã liên hệ được với người trả lời chưa?"), choices=REACHED, validate_choice=False
    )
    note = TextAreaField(_l("Ghi chú"), validators=NOTE)
    questions: tuple[CheckQuestion, ...] = ()

    def field_of(self, question: CheckQuestion):
        return self[f"q_{question.code}"]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.reached.data not in {"yes", "no"}:
            self.reached.errors = [_l("Chọn đã liên hệ được với người trả lời hay chưa")]
            return False
        if self.reached.data == "no":
            return valid
        for q in self.questions:
            field = self.field_of(q)
            if q.kind == "option" and field.data not in {c.value for c in field.choices}:
                field.errors = [_l("Chọn câu trả lời người trả lời nêu khi được hỏi lại")]
                valid = False
        return valid

    def found(self) -> dict[str, str] | None:
        """Question code -> what the respondent said (NO_ANSWER: no answer); None: unreached."""
        if self.reached.data != "yes":
            return None
        found = {}
        for q in self.questions:
            data = self.field_of(q).data
            if q.kind == "option":
                found[q.code] = NO_ANSWER if data == NONE_CHOICE else data
            else:
                found[q.code] = NO_ANSWER if data is None else number_text(data)
        return found


class AnswerNumberField(StringField):
    """A number read as the interview read it ("1.234" is a thousand and more, "2,5" two and
    a half), so the same answer said twice is never logged as a discrepancy."""

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        self.data = None
        if raw.strip():
            self.data = parse_number(raw, whole=False)
            if self.data is None:
                raise ValueError(_l("Nhập một số, ví dụ 10 hoặc 2,5"))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else number_text(self.data).replace(".", ",")


def check_form(questions: list[CheckQuestion], **kwargs) -> CheckForm:
    """A CheckForm with one field per re-asked question: radios with the question's options
    and "Không trả lời", or a number (empty: no answer)."""

    class Form(CheckForm):
        pass

    for q in questions:
        if q.kind == "option":
            choices = [SelectChoice(code, label) for code, label in q.options]
            choices.append(SelectChoice(NONE_CHOICE, _l("Không trả lời")))
            field = RadioField(q.text, choices=choices, validate_choice=False)
        else:
            field = AnswerNumberField(
                q.text,
                render_kw={"inputmode": "decimal"},
                description=_l("Để trống nếu người trả lời không trả lời câu này."),
            )
        setattr(Form, f"q_{q.code}", field)
    form = Form(**kwargs)
    form.questions = tuple(questions)
    return form
