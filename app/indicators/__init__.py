from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/manage/indicators")

from app.indicators import views  # noqa: E402, F401 - registers the routes
