"""Read-only JSON for the department portal."""

from flask import url_for

from app.api import bp
from app.extensions import db
from app.units.models import Unit
from app.units.queries import list_units


@bp.route("/")
def index():
    """What the API offers."""
    return {
        "version": 1,
        "resources": {
            "communes": url_for("api.communes", _external=True),
            "indicators": url_for("api.indicators", _external=True),
        },
    }


@bp.route("/communes")
def communes():
    """The commune-level units with their codes, kinds and population figures."""
    rows = db.session.scalars(list_units(group="communes").order_by(None).order_by(Unit.code))
    return {
        "communes": [
            {
                "code": u.code,
                "name": u.name,
                "kind": u.kind,
                "former_province": u.former_province,
                "population": u.population,
                "population_status": u.population_status,
            }
            for u in rows
        ]
    }
