"""The managers' overview."""

from flask import render_template

from app.manage import bp
from app.permissions import role_required
from app.units.queries import commune_groups, department_totals


@bp.route("/")
@role_required("manager")
def index():
    """Overview: the department's units and headcounts, the communes and their population."""
    return render_template("manage/index.html", totals=department_totals(), groups=commune_groups())
