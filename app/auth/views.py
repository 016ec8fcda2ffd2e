"""Signing in and out, and changing one's password."""

import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth.forms import ChangePasswordForm, LoginForm
from app.auth.services import (
    AccountError,
    authenticate,
    change_password,
    record_failed_login,
    sign_out,
)
from app.extensions import db, limiter


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def home_for(user) -> str:
    """Where a signed-in user lands: managers on the overview, enumerators on their
    interviews, staff on their surveys."""
    if user.role == "enumerator":
        return url_for("fieldwork.index")
    return url_for("manage.index") if user.is_manager else url_for("main.me")


def _failed_login(response) -> bool:
    """Only failed sign-ins (the form shown again) count against the rate limit."""
    return request.method == "POST" and response.status_code == 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=_failed_login
)
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            session.permanent = True
            session["signed_in_at"] = time.time()
            db.session.commit()
            return redirect(safe_next(form.next.data) or home_for(user), code=303)
        record_failed_login(form.email.data)
        db.session.commit()
        form.password.errors.append(_("Địa chỉ thư điện tử hoặc mật khẩu không đúng"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (POST only, with the CSRF token, so no other site can sign a user out)."""
    if current_user.is_authenticated:
        sign_out(current_user)
        db.session.commit()
    logout_user()
    session.pop("signed_in_at", None)
    flash(_("Ông/Bà đã đăng xuất."), "success")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password_view():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.new.data)
        except AccountError as exc:
            form[exc.field or "new"].errors.append(str(exc))
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # the session token changed
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(home_for(current_user), code=303)
    return render_template("auth/change_password.html", form=form)


# Pages a person with a one-time password may still open before choosing their own.
PASSWORD_CHANGE_EXEMPT = {"static", "auth.change_password_view", "auth.logout", "main.language",
                          "main.healthz"}  # fmt: skip


@bp.before_app_request
def require_password_change():
    """End sign-ins older than SESSION_HOURS; send a one-time password to be changed first."""
    if request.endpoint in PASSWORD_CHANGE_EXEMPT or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return None
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    if time.time() - session.get("signed_in_at", 0) > lifetime:
        # The cookie is renewed on every request, so this is what bounds a sign-in's length.
        logout_user()
        flash(_("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if current_user.must_change_password:
        flash(_("Vui lòng đặt mật khẩu mới trước khi tiếp tục."), "info")
        return redirect(url_for("auth.change_password_view"))
    return None
