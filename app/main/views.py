"""Landing, language choice, the staff home page and the health check."""

import sqlalchemy as sa
from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from app.auth.views import home_for, safe_next
from app.extensions import db
from app.main import bp
from app.responses.queries import open_staff_surveys


@bp.route("/")
def index():
    """Send each visitor where they work: sign-in, their surveys or the overview."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/language/<code>")
def language(code: str):
    """Remember the chosen interface language and go back to the page it was chosen on."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        session.pop("survey_lang", None)  # surveys follow the new choice where they can
    return redirect(safe_next(request.args.get("next")) or url_for("main.index"))


@bp.route("/me")
@login_required
def me():
    """The staff member's own page: their unit and the surveys open for them, done or not."""
    if current_user.role == "enumerator":  # no staff surveys: their work is interviews
        return redirect(url_for("fieldwork.index"))
    surveys = open_staff_surveys(current_user)
    return render_template("main/me.html", user=current_user, surveys=surveys)


@bp.route("/healthz")
def healthz():
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
