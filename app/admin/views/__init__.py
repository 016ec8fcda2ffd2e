"""Administrators' pages, one module per area."""

from app.admin.views import audit, index, units, users  # noqa: F401 - registers the routes
