"""The administrators' start page."""

import sqlalchemy as sa
from flask import render_template

from app.admin import bp
from app.auth.models import User
from app.extensions import db
from app.permissions import role_required


@bp.route("/")
@role_required("admin")
def index():
    """Links to the administration pages, with the number of active accounts per role."""
    counts = dict(
        db.session.execute(
            sa.select(User.role, sa.func.count(User.id))
            .where(User.is_active_account)
            .group_by(User.role)
        ).all()
    )
    return render_template("admin/index.html", counts=counts)
