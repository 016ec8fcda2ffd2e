"""Exports of responses (CSV, XLSX) and of the indicator table (XLSX)."""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/manage")

from app.exports import views  # noqa: E402, F401 - registers the routes
