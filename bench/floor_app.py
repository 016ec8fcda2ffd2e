"""The floor for load_submit.py: the least a Flask + SQLAlchemy app must do to take a response.

GET /floor answers a small form with a token kept in the signed session cookie; POST /floor
checks the token and writes one response row and one answer row per answered field (12 for
the benchmark survey) in one transaction, then redirects (303) to a thanks URL. Same database
(its own tables, created here), same pool settings and SQLite pragmas as the app, served by
the same gunicorn configuration: gunicorn --config gunicorn.conf.py bench.floor_app:app
"""

import hmac
import os
import secrets
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, abort, redirect, request, session
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from config import engine_options  # the app's pool settings, for a fair floor

NUMBERS = {"recommend", "household"}
TEXTS = {"occupation", "suggestion"}
FORM = (
    '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Floor</title>'
    '<form method="post"><input type="hidden" name="csrf_token" value="{token}">'
    '<input name="q_occupation"><button>Gửi</button></form></html>'
)


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class FloorResponse(db.Model):
    __tablename__ = "bench_floor_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(sa.String(32), unique=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="complete")
    language: Mapped[str] = mapped_column(sa.String(8), default="vi")
    submitted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    answers = relationship("FloorAnswer", cascade="all, delete-orphan")


class FloorAnswer(db.Model):
    __tablename__ = "bench_floor_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey(FloorResponse.id), index=True)
    question_code: Mapped[str] = mapped_column(sa.String(63))
    option_code: Mapped[str | None] = mapped_column(sa.String(63))
    number: Mapped[Decimal | None] = mapped_column(sa.Numeric(18, 4))
    text: Mapped[str | None] = mapped_column(sa.Text)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """The pragmas app/db.py sets: WAL, synchronous=NORMAL, foreign keys, busy timeout."""
    cursor = dbapi_connection.cursor()
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL",
                   "busy_timeout=15000"):  # fmt: skip
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def answer(code: str, value: str) -> FloorAnswer:
    if code in NUMBERS:
        return FloorAnswer(question_code=code, number=Decimal(value))
    if code in TEXTS:
        return FloorAnswer(question_code=code, text=value)
    return FloorAnswer(question_code=code, option_code=value)


def create_floor_app() -> Flask:
    app = Flask(__name__)
    url = os.environ["DATABASE_URL"]
    app.config.update(
        SECRET_KEY=os.environ["SECRET_KEY"], SESSION_COOKIE_NAME="floor",
        SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=engine_options(url),
    )  # fmt: skip
    db.init_app(app)

    @app.route("/floor", methods=["GET", "POST"])
    def form():
        if request.method == "GET":
            session["token"] = token = secrets.token_urlsafe(24)
            return FORM.format(token=token)
        if not hmac.compare_digest(session.get("token", ""), request.form.get("csrf_token", "-")):
            abort(400)
        response = FloorResponse(submission_id=secrets.token_urlsafe(16),
                                 submitted_at=datetime.now(UTC))  # fmt: skip
        for name, value in request.form.items(multi=True):
            if name.startswith("q_") and not name.endswith("_other") and value:
                response.answers.append(answer(name[2:], value))
        db.session.add(response)
        db.session.commit()
        session.pop("token")
        return redirect(f"/floor/{response.submission_id}/thanks", code=303)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            sa.event.listen(db.engine, "connect", _sqlite_pragmas)
            db.engine.dispose()  # later connections get the pragmas
        db.create_all()
        db.engine.dispose()  # gunicorn preloads the app: no connection may cross the fork
    return app


app = create_floor_app()
