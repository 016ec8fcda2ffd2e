"""Unit reporting: the reporting calendar, each unit's structured report per period with its
review workflow (draft, submitted, returned, accepted) and every version kept, and the
department report's sections assembled from accepted unit reports.

Blueprints live in the view modules (``app.unit_reports.views``), not here, so that other
packages may import this package's services without pulling in every view."""
