from flask import Blueprint

bp = Blueprint("responses", __name__)

from app.responses import views  # noqa: E402, F401 - registers the routes
