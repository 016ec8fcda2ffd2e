"""Fieldwork: enumerators and their assignments, interviews (also offline), contact
outcomes of respondent codes (refusals, non-contacts) and back-checks of interviews.

The package's blueprints live in their view modules (``app.fieldwork.views``), not here:
exports and reports import ``app.fieldwork.collectors``, and importing the package must
not pull in every view."""
