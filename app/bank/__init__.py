from flask import Blueprint

bp = Blueprint("bank", __name__, url_prefix="/manage/bank")

from app.bank import views  # noqa: E402, F401 - registers the routes
