from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("responses", __name__)

# The respondent's form checks its CSRF token itself, so that an expired token shows the
# page again with the answers kept instead of an error page (UX.md 2.6).
csrf.exempt(bp)

from app.responses import views  # noqa: E402, F401 - registers the routes
