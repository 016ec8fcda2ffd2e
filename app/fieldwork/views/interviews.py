"""The enumerator's pages (assignments, the interview, sending queued interviews, the
service worker that keeps the interview page offline) and the manager's assignment page."""

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from app.auth.queries import get_user
from app.entry.answers import entry_sections
from app.extensions import csrf, db
from app.fieldwork.assignments import AssignmentError, assign, get_assignment, unassign
from app.fieldwork.errors import FieldworkError
from app.fieldwork.forms import AssignForm
from app.fieldwork.interviews import (
    Interview,
    InterviewError,
    InterviewInputError,
    interview_fields,
    is_assigned,
    record_interview,
    valid_submission_id,
)
from app.fieldwork.models import CONTACT_OUTCOMES
from app.fieldwork.outcomes import record_outcome
from app.fieldwork.queries import (
    enumerator_assignments,
    list_assignments,
    list_enumerators,
    open_code,
    open_codes,
    sample_communes,
)
from app.permissions import role_required
from app.responses.models import new_token
from app.sampling.codes import format_code, normalise_code
from app.security import CSP_WITH_SCRIPTS
from app.surveys.queries import get_survey
from app.units.queries import get_unit, list_communes

bp = Blueprint("fieldwork", __name__)

MAX_SYNC_BYTES = 256 * 1024
MAX_ID = 2**31 - 1  # ids are INTEGER columns  # one interview's answers; far above any real one


@bp.after_request
def allow_own_scripts(response):
    """The interview page runs its own script and service worker, and nothing else."""
    if request.path.startswith("/interview"):
        response.headers["Content-Security-Policy"] = CSP_WITH_SCRIPTS.format(
            frame_ancestors=current_app.config["FRAME_ANCESTORS"]
        )
    return response


@bp.route("/interview/")
@login_required
def index():
    """The enumerator's assignments: a survey in a commune each, with codes left."""
    rows = enumerator_assignments(current_user.id)
    return render_template("fieldwork/index.html", rows=rows)


def _assignment(survey_id: int, commune_id: int):
    """The survey and commune, if assigned to the signed-in user; 404 otherwise."""
    survey, commune = get_survey(survey_id), get_unit(commune_id)
    if survey is None or commune is None or survey.latest_version is None:
        abort(404)
    if not is_assigned(current_user, survey.id, commune.id):
        abort(404)
    return survey, commune


@bp.route("/interview/<int:survey_id>/<int:commune_id>", methods=["GET", "POST"])
@login_required
def interview(survey_id: int, commune_id: int):
    """One interview on one page. Without JavaScript it is posted here; with it, the page
    queues the interview in the browser and sends it to ``sync`` (online or later)."""
    survey, commune = _assignment(survey_id, commune_id)
    values, errors, problem = MultiDict(), {}, None
    if request.method == "POST":
        values = request.form
        submission_id = request.form.get("submission_id", "")
        found = Interview(
            code=request.form.get("respondent_code", ""),
            fields=interview_fields(survey, request.form),
            submission_id=submission_id if valid_submission_id(submission_id) else None,
        )
        try:
            stored = record_interview(survey, commune, found, user=current_user)
        except InterviewInputError as exc:
            errors = exc.errors
        except InterviewError as exc:
            problem = exc.message
        else:
            db.session.commit()
            flash(_("Đã lưu phỏng vấn mã %(code)s.", code=_code_label(stored.response)), "success")
            return redirect(url_for(".interview", survey_id=survey.id, commune_id=commune.id), 303)
    else:
        values = MultiDict(_commune_defaults(survey, commune))
    status = 422 if errors or problem else 200
    return _render(survey, commune, values, errors, problem), status


def _code_label(response) -> str:
    return format_code(response.link.code) if response.link and response.link.code else ""


@bp.route("/interview/<int:survey_id>/<int:commune_id>/outcome", methods=["POST"])
@login_required
def outcome(survey_id: int, commune_id: int):
    """Record that a code gave no interview (refused, not met, not eligible), so that the
    next reserve code may replace it and the response rate counts it."""
    survey, commune = _assignment(survey_id, commune_id)
    typed = request.form.get("outcome_code", "")
    code = normalise_code(typed)
    link = open_code(survey.id, commune.id, code)
    try:
        if link is None:
            raise FieldworkError(_("Chọn một mã chưa dùng của xã, phường này."))
        record_outcome(link, request.form.get("outcome", ""),
                       note=request.form.get("note"), user=current_user)  # fmt: skip
    except FieldworkError as exc:
        db.session.rollback()
        values = MultiDict(_commune_defaults(survey, commune))
        page = _render(survey, commune, values, {}, None, outcome_error=str(exc.message),
                       outcome_values=request.form)  # fmt: skip
        return page, 422
    db.session.commit()
    flash(_("Đã ghi mã %(code)s: %(outcome)s. Có thể dùng mã dự phòng tiếp theo.",
            code=format_code(link.code), outcome=CONTACT_OUTCOMES[request.form["outcome"]]),
          "success")  # fmt: skip
    return redirect(url_for(".interview", survey_id=survey.id, commune_id=commune.id), 303)


def _commune_defaults(survey, commune) -> dict:
    """The commune question starts at the interview's commune."""
    return {
        f"q_{q['code']}": commune.code
        for page in survey.latest_version.definition["pages"]
        for q in page["questions"]
        if q["type"] == "commune"
    }


def _render(survey, commune, values, errors: dict, problem: str | None,
            outcome_error: str | None = None, outcome_values=None):  # fmt: skip
    definition = survey.latest_version.definition
    sections = entry_sections(definition)
    asks_commune = any(q.question["type"] == "commune" for s in sections for q in s.questions)
    return render_template(
        "fieldwork/interview.html",
        survey=survey,
        commune=commune,
        pages=list(zip(definition["pages"], sections, strict=True)),
        codes=open_codes(survey.id, commune.id),
        values=values,
        errors=errors,
        problem=problem,
        has_errors=bool(errors or problem or outcome_error),
        communes=list_communes() if asks_commune else [],
        submission_id=new_token(),
        outcomes=CONTACT_OUTCOMES,
        outcome_error=outcome_error,
        outcome_values=outcome_values or MultiDict(),
    )


@bp.route("/interview/sync", methods=["POST"])
@csrf.exempt
def sync():
    """Store one queued interview sent by the page's script, as JSON.

    Not a form, so no CSRF token (a token would expire while the phone is offline). A
    browser sends JSON to another site only after a CORS preflight this service never
    grants, and the Origin check (app.security) refuses other sites: the JSON content type
    is the protection, so it is required.
    """
    if not current_user.is_authenticated or not current_user.is_active:
        return jsonify(status="login", message=_("Hãy đăng nhập lại để gửi.")), 401
    if not request.is_json:
        return jsonify(status="invalid", message=_("Yêu cầu không hợp lệ.")), 415
    if (request.content_length or 0) > MAX_SYNC_BYTES:
        return jsonify(status="invalid", message=_("Phỏng vấn quá lớn.")), 413
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not valid_submission_id(data.get("submission_id")):
        return jsonify(status="invalid", message=_("Yêu cầu không hợp lệ.")), 400
    survey = _int(data.get("survey_id"), get_survey)
    commune = _int(data.get("commune_id"), get_unit)
    fields = _fields(data.get("fields"))
    if survey is None or commune is None or survey.latest_version is None or fields is None:
        return jsonify(status="invalid", message=_("Yêu cầu không hợp lệ.")), 400
    if data.get("user_id") != str(current_user.id):
        # Recorded by another account on this phone (a page left open): it waits for them.
        message = _("Phỏng vấn này do tài khoản khác ghi. Hãy đăng nhập bằng tài khoản đó để gửi.")
        return jsonify(status="login", message=message), 401
    code = data.get("code") if isinstance(data.get("code"), str) else ""
    interview = Interview(code=code, fields=interview_fields(survey, MultiDict(fields)),
                          submission_id=data["submission_id"])  # fmt: skip
    try:
        stored = record_interview(survey, commune, interview, user=current_user)
        db.session.commit()
    except OperationalError:  # SQLite busy under concurrent writers: the page sends again
        db.session.rollback()
        body = jsonify(status="busy", message=_("Máy chủ đang bận. Phỏng vấn sẽ được gửi lại."))
        return body, 503, {"Retry-After": "30"}
    except InterviewInputError as exc:
        db.session.rollback()
        return jsonify(status="errors", errors=exc.errors, message=_summary(exc.errors)), 422
    except InterviewError as exc:
        db.session.rollback()
        status = "pending" if exc.status == 202 else "refused"
        return jsonify(status=status, message=exc.message), exc.status
    return jsonify(status="stored" if stored.created else "duplicate"), (
        201 if stored.created else 200
    )


def _int(value, getter):
    """The row with this id, for an id the database can hold; None for anything else."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    return getter(value) if whole and 0 < value <= MAX_ID else None


def _fields(value) -> list | None:
    """The answer fields as (name, value) pairs, or None when they are not strings."""
    if not isinstance(value, dict):
        return None
    pairs = []
    for name, given in value.items():
        items = given if isinstance(given, list) else [given]
        if not isinstance(name, str) or not all(isinstance(v, str) for v in items):
            return None
        pairs.extend((name, v) for v in items)
    return pairs


def _summary(errors: dict) -> str:
    return ngettext("%(num)s câu trả lời cần sửa.", "%(num)s câu trả lời cần sửa.", len(errors))


@bp.route("/interview/sw.js")
def service_worker():
    """The service worker, served from /interview/ so that it may control those pages."""
    path = Path(current_app.static_folder) / "js" / "interview-sw.js"
    response = current_app.response_class(path.read_text(encoding="utf-8"),
                                          mimetype="text/javascript")  # fmt: skip
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/manage/surveys/<int:survey_id>/enumerators", methods=["GET", "POST"])
@role_required("manager")
def assignments(survey_id: int):
    """Give enumerators communes of a citizen survey; list who has which."""
    survey = get_survey(survey_id) or abort(404)
    form = AssignForm()
    form.enumerator.choices = [SelectChoice(u.id, f"{u.full_name} ({u.email})")
                               for u in list_enumerators()]  # fmt: skip
    communes = sample_communes(survey.id)
    form.communes.choices = [SelectChoice(c.id, c.name) for c in communes]
    if form.validate_on_submit():
        chosen = [c for c in communes if c.id in set(form.communes.data)]
        try:
            added = assign(survey, get_user(form.enumerator.data), chosen, actor=current_user)
        except AssignmentError as exc:
            form.form_errors.append(exc.message)
        else:
            db.session.commit()
            flash(ngettext("Đã phân công thêm %(num)s xã, phường.",
                           "Đã phân công thêm %(num)s xã, phường.", added), "success")  # fmt: skip
            return redirect(url_for(".assignments", survey_id=survey.id), 303)
    rows = list_assignments(survey_id=survey.id)
    return render_template("fieldwork/assignments.html", survey=survey, form=form,
                           rows=rows, communes=communes)  # fmt: skip


@bp.route(
    "/manage/surveys/<int:survey_id>/enumerators/<int:assignment_id>/remove", methods=["POST"]
)
@role_required("manager")
def remove_assignment(survey_id: int, assignment_id: int):
    """Take one commune back from an enumerator (interviews already sent are kept)."""
    found = get_assignment(assignment_id)
    if found is None or found.survey_id != survey_id:
        abort(404)
    unassign(found, actor=current_user)
    db.session.commit()
    flash(_("Đã bỏ phân công."), "success")
    return redirect(url_for(".assignments", survey_id=survey_id), 303)
