"""Managers' question bank: the items by instrument, and adding them to a draft survey."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from app.bank import bp
from app.bank.catalogue import badge, get_bank
from app.bank.forms import AddItemsForm, target_choices
from app.bank.queries import list_draft_surveys
from app.bank.services import BankAddError, Placement, add_bank_items
from app.extensions import db
from app.permissions import role_required
from app.surveys import drafts
from app.surveys.queries import get_survey
from app.surveys.services import SurveyError

# The builder shows a question's origin next to it: {{ bank_badge(q.bank, current_language) }}.
bp.add_app_template_global(badge, "bank_badge")


@bp.route("/")
@role_required("manager")
def index():
    """The bank's items grouped by instrument, with the form that adds them to a survey."""
    bank = get_bank()
    return _page(bank, _form(bank))


@bp.route("/add", methods=["POST"])
@role_required("manager")
def add():
    """Add the ticked items to a page of a draft survey, then show them in the builder."""
    bank = get_bank()
    form = _form(bank)
    if form.validate_on_submit():
        target = form.target_parts()
        survey = get_survey(target[0]) if target else None
        if survey is None:
            form.target.errors.append(_("Chọn khảo sát và trang để thêm câu hỏi"))
            return _page(bank, form)
        items = [bank.items[code] for code in form.items.data]
        try:
            placement = add_bank_items(survey, target[1], items, actor=current_user)
        except (BankAddError, SurveyError) as exc:
            form[getattr(exc, "field", None) or "target"].errors.append(str(exc))
        else:
            db.session.commit()
            _tell(placement, drafts.find_page(survey.draft, target[1]))
            anchor = f"q-{placement.added[0].code}"
            return redirect(url_for("surveys.detail", survey_id=survey.id, _anchor=anchor), 303)
    return _page(bank, form)


def _form(bank) -> AddItemsForm:
    form = AddItemsForm()
    form.items.choices = [SelectChoice(code, code) for code in bank.items]
    form.target.choices = target_choices(list_draft_surveys(), _("Chọn khảo sát và trang"))
    return form


def _page(bank, form):
    """The bank page, filtered by the instrument in the query string (others are ignored)."""
    instrument = request.args.get("instrument")
    instrument = instrument if instrument in bank.instruments else None
    groups = bank.grouped(instrument)
    return render_template("bank/index.html", bank=bank, form=form, instrument=instrument,
                           groups=groups, count=sum(len(items) for _spec, items in groups),
                           selected=set(form.items.data or []))  # fmt: skip


def _tell(placement: Placement, page: dict) -> None:
    """Which codes the new questions got, and why when it is not the item's own code."""
    added = placement.added
    flash(ngettext("Đã thêm %(num)s câu hỏi từ ngân hàng vào trang “%(page)s”, mã: %(codes)s.",
                   "Đã thêm %(num)s câu hỏi từ ngân hàng vào trang “%(page)s”, mã: %(codes)s.",
                   len(added), page=page["title"].get("vi", page["code"]),
                   codes=", ".join(p.code for p in added)), "success")  # fmt: skip
    for placed in (p for p in added if p.renamed):
        flash(_("Câu %(item)s dùng mã %(code)s vì mã %(wanted)s đã có trong khảo sát.",
                item=placed.item.code, code=placed.code, wanted=placed.item.question["code"]),
              "success")  # fmt: skip
    for placed in placement.skipped:
        flash(_("Câu %(item)s đã có trong khảo sát (mã %(code)s) nên không thêm lại.",
                item=placed.item.code, code=placed.code), "success")  # fmt: skip
