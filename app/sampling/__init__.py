from flask import Blueprint

bp = Blueprint("sampling", __name__, url_prefix="/manage/sampling")

from app.sampling import views  # noqa: E402, F401 - registers the routes
