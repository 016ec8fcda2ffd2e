"""The form that adds ticked bank items to a page of a draft survey."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SubmitField
from wtforms.validators import DataRequired

from app.common.fields import ChoiceField, MultiCheckboxField

MAX_ID = 2**31 - 1  # survey ids are INTEGER; a larger number would fail in PostgreSQL


class AddItemsForm(FlaskForm):
    items = MultiCheckboxField(
        _l("Câu hỏi cần thêm"), validators=[DataRequired(_l("Chọn ít nhất một câu hỏi để thêm"))]
    )
    # Not checked against the list: a survey published since the page was shown must get
    # the service's clear message, not "choose an item in the list".
    target = ChoiceField(
        _l("Thêm vào khảo sát và trang"),
        validate_choice=False,
        validators=[DataRequired(_l("Chọn khảo sát và trang để thêm câu hỏi"))],
        description=_l(
            "Câu hỏi được thêm vào cuối trang đã chọn. Chỉ khảo sát ở trạng thái "
            "bản nháp và đã có trang mới có trong danh sách."
        ),
    )
    submit = SubmitField(_l("Thêm vào khảo sát"))

    def target_parts(self) -> tuple[int, str] | None:
        """(survey id, page code) of the chosen target, or None when it does not parse."""
        survey_id, _sep, page_code = (self.target.data or "").partition(":")
        if not (survey_id.isascii() and survey_id.isdigit()) or not page_code:
            return None
        return (int(survey_id), page_code) if 0 < int(survey_id) <= MAX_ID else None


def target_choices(surveys, none_label) -> list[SelectChoice]:
    """One option per page of each draft survey, grouped by survey."""
    choices = [SelectChoice("", none_label)]
    for survey in surveys:
        group = f"{survey.title} ({survey.slug})"
        for number, page in enumerate(survey.draft.get("pages", []), start=1):
            title = page.get("title", {}).get("vi", "")
            label = f"{number}. {title} ({page['code']})"
            choices.append(SelectChoice(f"{survey.id}:{page['code']}", label, optgroup=group))
    return choices
