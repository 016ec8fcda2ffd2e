"""Managers' survey pages: listing and settings, the builder, status changes, files."""

from app.surveys.views import (  # noqa: F401 - registers the routes
    activity,
    builder,
    files,
    lifecycle,
    links,
    listing,
    preview,
    responses,
)
