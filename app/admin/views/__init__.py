"""Administrators' pages, one module per area."""

from app.admin.views import audit, deletions, index, units, users  # noqa: F401 - routes
