"""Template filters and the values every template may use."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, url_for
from flask_babel import format_datetime, get_locale
from markupsafe import Markup, escape

from app.auth.models import ROLE_LABELS
from app.common.text import format_answer_number, format_number
from app.common.timezones import local_day
from app.i18n import LANGUAGE_NAMES, SURVEY_LANGUAGE_NAMES
from app.permissions import can_administer, can_manage
from app.surveys.models import AUDIENCES, STATUSES
from app.surveys.types import QUESTION_TYPES
from app.units.models import FORMER_PROVINCE_LABELS, POPULATION_STATUS_LABELS, UNIT_KINDS


@cache
def _file_hash(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """URL of a static file with its content hash, so it can be cached for a year."""
    path = Path(current_app.static_folder) / filename
    version = _file_hash(str(path)) if not current_app.debug else str(path.stat().st_mtime_ns)
    return url_for("static", filename=filename, v=version)


def local_datetime(value, fmt: str = "dd/MM/yyyy HH:mm") -> str:
    """A UTC timestamp shown in Asia/Ho_Chi_Minh time."""
    return format_datetime(value, fmt) if value is not None else "–"


def translated(texts: dict | None, lang: str) -> Markup:
    """A survey text in ``lang``, or the Vietnamese one marked lang="vi" (WCAG 3.1.2)."""
    texts = texts or {}
    if lang in texts:
        return escape(texts[lang])
    if lang == "vi" or "vi" not in texts:
        return escape(texts.get("vi", ""))
    return Markup('<span lang="vi">%s</span>') % texts["vi"]


def closing_day(value) -> str:
    """The last day an exclusive end instant covers, in Vietnam: 00:00 on 1/4 shows 31/03."""
    day = local_day(value, exclusive_end=True)
    return day.strftime("%d/%m/%Y") if day else "–"


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["answer_number"] = format_answer_number
    app.jinja_env.globals["tr"] = translated  # a global, so imported macros see it too
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["closing_day"] = closing_day

    @app.context_processor
    def inject():
        return {
            "static_url": static_url,
            "can_manage": can_manage,
            "can_administer": can_administer,
            "language_names": LANGUAGE_NAMES,
            "survey_language_names": SURVEY_LANGUAGE_NAMES,
            "current_language": str(get_locale()),
            "unit_kinds": UNIT_KINDS,
            "role_labels": ROLE_LABELS,
            "survey_statuses": STATUSES,
            "survey_audiences": AUDIENCES,
            "question_types": QUESTION_TYPES,
            "former_province_labels": FORMER_PROVINCE_LABELS,
            "population_status_labels": POPULATION_STATUS_LABELS,
        }
