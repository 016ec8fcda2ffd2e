"""Translations side by side, and the respondent's view of the draft."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.common.forms import ConfirmForm
from app.common.text import clean_text, has_control_chars
from app.extensions import db
from app.permissions import role_required
from app.surveys import bp, drafts
from app.surveys.services import SurveyError, edit_draft
from app.surveys.views.common import survey_or_404
from app.units.queries import list_communes

MAX_TRANSLATION = 2000


@bp.route("/<int:survey_id>/translations/<lang>", methods=["GET", "POST"])
@role_required("manager")
def translations(survey_id: int, lang: str):
    """Every text of the survey: Vietnamese on the left, the other language to fill on the right."""
    survey = survey_or_404(survey_id)
    if lang == "vi" or lang not in survey.draft["languages"]:
        abort(404)
    rows = drafts.translatable_strings(survey.draft)
    errors = {}
    form = ConfirmForm()  # carries the CSRF token; the texts are read from the request
    if form.validate_on_submit():
        # Only the texts the form sent change; a key missing from the post is left alone.
        texts = {
            key: clean_text(request.form[key]) for key, _what, _t in rows if key in request.form
        }
        for key, value in texts.items():
            if len(value) > MAX_TRANSLATION or has_control_chars(value.replace("\n", "")):
                errors[key] = _("Bản dịch tối đa %(n)s ký tự, không có ký tự điều khiển.",
                                n=MAX_TRANSLATION)  # fmt: skip
        if not errors:
            try:
                edit_draft(survey, drafts.set_translations(survey.draft, lang, texts))
            except SurveyError as exc:
                flash(str(exc), "error")
                return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
            db.session.commit()
            flash(_("Đã lưu bản dịch."), "success")
            return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
        rows = [(key, what, {**texts_, lang: texts.get(key, "")}) for key, what, texts_ in rows]
    return render_template(
        "surveys/translations.html", survey=survey, lang=lang, rows=rows, errors=errors, form=form
    )


@bp.route("/<int:survey_id>/preview")
@role_required("manager")
def preview(survey_id: int):
    """The draft as a respondent sees it, page by page, in any of its languages."""
    survey = survey_or_404(survey_id)
    languages = survey.draft["languages"]
    lang = request.args.get("lang") if request.args.get("lang") in languages else "vi"
    pages = survey.draft["pages"]
    number = request.args.get("page", 1, type=int)
    if not pages:
        flash(_("Khảo sát chưa có trang nào để xem trước."), "error")
        return redirect(url_for("surveys.detail", survey_id=survey.id), code=303)
    number = min(max(number, 1), len(pages))
    # The page's own words (buttons, "Khác", hints) follow the previewed language when the
    # interface has it, as they will for the respondent.
    interface = lang if lang in current_app.config["LANGUAGES"] else "vi"
    with force_locale(interface):
        return render_template(
            "surveys/preview.html", survey=survey, definition=survey.draft, lang=lang,
            page=pages[number - 1], number=number, count=len(pages), communes=list_communes(),
        )  # fmt: skip
