from flask import Blueprint

bp = Blueprint("enterprises", __name__, url_prefix="/manage/enterprises")

from app.enterprises import views  # noqa: E402, F401 - registers the routes
