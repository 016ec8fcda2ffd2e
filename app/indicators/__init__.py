from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/manage/indicators")

from app.indicators import rekeying_views, views  # noqa: E402, F401 - registers the routes
