from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")

from app.manage import views  # noqa: E402, F401 - registers the routes
