"""Managers' register pages: lists and forms, parents with their children, CSV files."""

from app.registers.views import children, files, rows  # noqa: F401 - registers the routes
