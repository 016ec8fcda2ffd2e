from flask import Blueprint

bp = Blueprint("registers", __name__, url_prefix="/manage/registers")

from app.registers import views  # noqa: E402, F401 - registers the routes
