"""Managers' survey pages: listing and settings, the builder, status changes, files."""

from app.surveys.views import builder, files, lifecycle, listing, preview  # noqa: F401 - routes
