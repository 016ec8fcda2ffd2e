from flask import Blueprint

bp = Blueprint("surveys", __name__, url_prefix="/manage/surveys")

from app.surveys import views  # noqa: E402, F401 - registers the routes
