from flask import Blueprint

# Paper questionnaires hang under a survey's manager pages: /manage/surveys/<id>/paper.
bp = Blueprint("paper", __name__, url_prefix="/manage/surveys")

from app.paper import views  # noqa: E402, F401 - registers the routes
