from flask import Blueprint

# Data entry of paper forms hangs under a survey's manager pages: /manage/surveys/<id>/entry.
bp = Blueprint("entry", __name__, url_prefix="/manage/surveys")

from app.entry import views  # noqa: E402, F401 - registers the routes
