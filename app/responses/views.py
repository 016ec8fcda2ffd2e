"""The respondent's form: public and invitation links at /s/<token>, staff at /me/surveys."""

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import validate_csrf
from werkzeug.datastructures import MultiDict
from wtforms import ValidationError

from app.extensions import db, limiter
from app.permissions import has_role
from app.responses import bp
from app.responses.answers import read_page
from app.responses.fields import page_fields
from app.responses.flow import Flow
from app.responses.links import public_url
from app.responses.queries import get_link_by_token, get_response
from app.responses.services import (
    ResponseError,
    count,
    existing_response,
    link_problem,
    missing_required,
    save_page,
    start_response,
    submit_response,
)
from app.security import device_key, network_key
from app.surveys.logic import visible_questions
from app.surveys.queries import get_survey
from app.units.queries import commune_choices

# A page with one question of these types keeps its page title as the heading.
SHOWN_WHOLE = {"note", "consent", "likert_matrix"}


def _link_flow(token: str) -> Flow:
    link = get_link_by_token(token)
    if link is None or link.survey.latest_version is None:
        abort(404)
    return Flow(survey=link.survey, link=link)


def _staff_flow(survey_id: int) -> Flow:
    if not has_role(current_user, "staff"):
        abort(403)  # enumerators interview citizens; they are not in the staff census
    survey = get_survey(survey_id)
    if survey is None or survey.audience != "staff" or survey.latest_version is None:
        abort(404)
    return Flow(survey=survey, user=current_user)


def _closed(flow: Flow, reason: str):
    with force_locale(Flow.interface_language(flow.language())):
        page = render_template("responses/closed.html", flow=flow, reason=reason)
    return page, 410


def _token_ok() -> bool:
    """The form's CSRF token is valid (the blueprint is exempt so this can be gentle)."""
    if not current_app.config["WTF_CSRF_ENABLED"]:
        return True
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


def _communes(questions: list[dict]) -> list:
    """The commune list, loaded only for a page that asks for a commune."""
    return commune_choices() if any(q["type"] == "commune" for q in questions) else []


def _render(flow: Flow, response, page: dict, values, errors: dict, note: str | None = None):
    language = flow.language()
    questions = visible_questions(page, flow.answers(response))
    pages = flow.pages(response)
    index = next((i for i, p in enumerate(pages) if p["code"] == page["code"]), 0)
    back = flow.page_url(response, pages[index - 1]["code"]) if index > 0 and response else None
    single = len(questions) == 1 and questions[0]["type"] not in SHOWN_WHOLE
    version = response.version if response is not None else flow.survey.latest_version
    with force_locale(Flow.interface_language(language)):
        fields = page_fields(version, page, questions, language, values, errors,
                             _communes(questions), single)  # fmt: skip
        html = render_template(
            "responses/page.html", flow=flow, page=page, lang=language, errors=errors,
            number=index + 1, total=len(pages), is_last=index == len(pages) - 1, back=back,
            response=response, questions=questions, note=note, fields=fields, single=single,
        )  # fmt: skip
    return html


@bp.route("/s/<token>/<sid>/saved")
def saved(token: str, sid: str):
    """After "save and continue later": the link to come back with, and its expiry."""
    flow = _link_flow(token)
    response = get_response(sid, link=flow.link)
    if response is None or not flow.can_save_later:
        abort(404)
    with force_locale(Flow.interface_language(flow.language())):
        return render_template("responses/saved.html", flow=flow, response=response,
                               resume_url=public_url(flow.link))  # fmt: skip


def _saved_values(response, page: dict):
    """The stored answers of a page as the form would post them, to show them again."""
    values = MultiDict()
    if response is None:
        return values
    codes = {q["code"]: q for q in page["questions"]}
    for answer in response.answers:
        if answer.question_code not in codes:
            continue
        name = f"q_{answer.question_code}"
        if answer.item_code:
            values.add(f"{name}__{answer.item_code}", answer.option_code)
        elif answer.option_code:
            values.add(name, answer.option_code)
            if answer.text:
                values.add(f"{name}_other", answer.text)
        elif answer.number is not None:
            values.add(name, format(answer.number.normalize(), "f").replace(".", ","))
        elif answer.date_value is not None:
            d = answer.date_value
            values.update({f"{name}_day": d.day, f"{name}_month": d.month, f"{name}_year": d.year})
        elif answer.text is not None:
            values.add(name, answer.text)
    return values


def _handle(flow: Flow, response, page: dict):
    """GET shows the page; POST saves it (or switches language) and moves on."""
    if request.method == "GET":
        return _render(flow, response, page, _saved_values(response, page), {})
    if request.form.get("lang"):
        return _render(flow, response, page, request.form, {})  # keep typed answers
    if request.form.get("website"):
        abort(400)  # the hidden field only robots fill in
    if not _token_ok():
        # A page left open too long is not an error: show it again, answers kept, new token.
        return _render(flow, response, page, request.form, {}, note="expired")
    questions = visible_questions(page, flow.answers(response))
    communes = {c.code for c in _communes(questions)}
    save_later = flow.can_save_later and "save_later" in request.form
    # Saving for later keeps what is filled in without asking for what is not.
    checked = [{**q, "required": False} for q in questions] if save_later else questions
    with force_locale(Flow.interface_language(flow.language())):  # messages in its language
        result = read_page(checked, request.form, communes)
    if result.errors:
        return _render(flow, response, page, request.form, result.errors)
    if response is None:
        response = start_response(
            flow.survey, link=flow.link, user=flow.user, language=flow.language(),
            device_hash=device_key(), address_hash=network_key(),
        )  # fmt: skip
        if flow.link is not None:
            session["drafts"] = {
                **session.get("drafts", {}),
                flow.link.token: response.submission_id,
            }
    try:
        save_page(response, questions, result)
    except ResponseError:  # submitted meanwhile (another tab, a double tap)
        db.session.rollback()
        return redirect(flow.thanks_url(response, again=True), code=303)
    if save_later:
        db.session.commit()
        return redirect(url_for("responses.saved", token=flow.link.token,
                                sid=response.submission_id), code=303)  # fmt: skip
    pages = flow.pages(response)
    index = next((i for i, p in enumerate(pages) if p["code"] == page["code"]), len(pages) - 1)
    # Each address is built before the commit, which would make it reload what it reads.
    if index + 1 < len(pages):
        following = flow.page_url(response, pages[index + 1]["code"])
        db.session.commit()
        return redirect(following, code=303)
    if missing_required(response):  # e.g. an earlier page answered on another device
        unanswered = flow.page_url(response, flow.resume_page(response)["code"])
        db.session.commit()
        return redirect(unanswered, code=303)
    submit_response(response)
    thanks = flow.thanks_url(response)  # built before the commit expires what it reads
    db.session.commit()
    return redirect(thanks, code=303)


def _to_receipt(flow: Flow, response):
    """To the receipt of a response already submitted; answers sent to it (not a language
    switch) were not saved, and the receipt says so."""
    if request.method == "POST" and not request.form.get("lang"):
        return redirect(flow.thanks_url(response, again=True), code=303)
    return redirect(flow.thanks_url(response))


def _limits(view):
    """Per device (cookie) and generous per address limits on posting answers.

    Hundreds of phones can share one address behind carrier-grade NAT at an event, so the
    address limit is high; the device limit is what stops a script.
    """
    by_device = limiter.limit(lambda: current_app.config["ANSWER_RATE_LIMIT_DEVICE"],
                              key_func=device_key, methods=["POST"])  # fmt: skip
    by_address = limiter.limit(lambda: current_app.config["ANSWER_RATE_LIMIT_ADDRESS"],
                               methods=["POST"])  # fmt: skip
    return by_device(by_address(view))


def _remembered(flow: Flow):
    """This browser's unfinished response through this link, if the session knows one."""
    sid = session.get("drafts", {}).get(flow.link.token)
    response = get_response(sid, link=flow.link) if sid else None
    return response if response is not None and response.status == "draft" else None


@bp.route("/s/<token>", methods=["GET", "POST"])
@_limits
def start(token: str):
    """The first page of a survey reached by a link (a QR code, an invitation)."""
    flow = _link_flow(token)
    response = existing_response(flow.survey, link=flow.link) or _remembered(flow)
    if response is not None:
        if response.status == "complete":
            return _to_receipt(flow, response)
        return redirect(flow.page_url(response, flow.resume_page(response)["code"]))
    problem = link_problem(flow.link)
    if problem:
        return _closed(flow, problem)
    page = _handle(flow, None, flow.pages(None)[0])
    if request.method == "GET" and not request.args.get("lang"):
        # Counted after rendering, so the commit does not make the page reload what it shows.
        count(flow.link, "visits")
        db.session.commit()
    return page


@bp.route("/s/<token>/<sid>/<page_code>", methods=["GET", "POST"])
@_limits
def page(token: str, sid: str, page_code: str):
    """A later page of a response in progress."""
    flow = _link_flow(token)
    response = get_response(sid, link=flow.link)
    if response is None:
        abort(404)
    if response.status == "complete":
        return _to_receipt(flow, response)
    problem = link_problem(flow.link)
    if problem:
        return _closed(flow, problem)
    found = flow.find(response, page_code)
    if found is None or found[0] > flow.find(response, flow.resume_page(response)["code"])[0]:
        # Not on the path, or beyond the first page still to answer: no skipping ahead.
        return redirect(flow.page_url(response, flow.resume_page(response)["code"]), code=303)
    return _handle(flow, response, found[1])


@bp.route("/s/<token>/<sid>/thanks")
def thanks(token: str, sid: str):
    """The receipt: reached after submitting; reloading it sends nothing again."""
    flow = _link_flow(token)
    response = get_response(sid, link=flow.link)
    if response is None or response.status != "complete":
        abort(404)
    with force_locale(Flow.interface_language(flow.language())):
        return render_template("responses/thanks.html", flow=flow, response=response,
                               again=request.args.get("again") == "1")  # fmt: skip


@bp.route("/me/surveys/<int:survey_id>", methods=["GET", "POST"], defaults={"page_code": None})
@bp.route("/me/surveys/<int:survey_id>/<page_code>", methods=["GET", "POST"])
@login_required
def staff_page(survey_id: int, page_code: str | None):
    """A staff survey, answered once per staff member; resumes where it was left."""
    flow = _staff_flow(survey_id)
    response = existing_response(flow.survey, user=current_user)
    if response is not None and response.status == "complete":
        return _to_receipt(flow, response)
    if not flow.survey.accepts_responses():
        return _closed(flow, "closed")
    pages = flow.pages(response)
    found = flow.find(response, page_code) if page_code else None
    first_open = flow.resume_page(response) if response is not None else pages[0]
    if found is None or found[0] > flow.find(response, first_open["code"])[0]:
        return _handle(flow, response, first_open)  # no skipping ahead
    return _handle(flow, response, found[1])


@bp.route("/me/surveys/<int:survey_id>/thanks", endpoint="staff_thanks")
@login_required
def staff_thanks(survey_id: int):
    """Confirmation for staff: when the response was received."""
    flow = _staff_flow(survey_id)
    response = existing_response(flow.survey, user=current_user)
    if response is None or response.status != "complete":
        return redirect(flow.start_url(), code=303)
    return render_template("responses/thanks.html", flow=flow, response=response,
                           again=request.args.get("again") == "1")  # fmt: skip


@bp.route("/xoa-phieu-tra-loi", methods=["GET", "POST"])
@_limits
def deletion():
    """A respondent asks, with the receipt code, for their response to be deleted."""
    from app.responses.review import request_deletion

    error, done = None, request.args.get("sent") == "1"
    if request.method == "POST":
        if not _token_ok():
            error = _("Trang đã mở khá lâu. Hãy gửi lại yêu cầu.")
        elif request_deletion(request.form.get("receipt_code", "")) is None:
            error = _("Nhập mã biên nhận gồm 8 ký tự, ví dụ 7KQ4-M9XD")
        else:
            db.session.commit()
            # Post/redirect/get: reloading the confirmation sends nothing again.
            return redirect(url_for("responses.deletion", sent=1), code=303)
    page = render_template("responses/deletion.html", error=error, done=done,
                           code=request.form.get("receipt_code", ""))  # fmt: skip
    return page, 200
