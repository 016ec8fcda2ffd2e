"""Khảo sát NQ57: the application factory."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.common.routing import BoundedIntConverter
from config import Config, config_from_env, engine_options


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build the app; reads as a table of contents of what it is made of."""
    app = Flask(__name__, instance_relative_config=True)
    config_class = config_class or config_from_env()
    app.config.from_object(config_class)
    app.config.from_pyfile("config.py", silent=True)
    # Pool settings follow the final database URL, wherever it came from.
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    config_class.init_app(app)
    app.json.ensure_ascii = False  # Vietnamese stays readable in JSON and the audit log
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    register_extensions(app)
    app.url_map.converters["int"] = BoundedIntConverter
    register_blueprints(app)
    register_errorhandlers(app)
    register_templating(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from app import models  # noqa: F401 - every model must be known to Alembic and the mapper
    from app.auth.queries import get_user_by_session_token
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate
    from app.i18n import select_locale
    from app.ops.requestlog import register as register_request_log
    from app.security import register_security

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.user_loader(get_user_by_session_token)
    register_security(app)
    register_request_log(app)


def register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.bank import bp as bank_bp
    from app.enterprises import bp as enterprises_bp
    from app.entry import bp as entry_bp
    from app.exports import bp as exports_bp
    from app.fieldwork.views.interviews import bp as fieldwork_bp
    from app.fieldwork.views.quality import bp as fieldwork_manage_bp
    from app.indicators import bp as indicators_bp
    from app.main import bp as main_bp
    from app.manage import bp as manage_bp
    from app.paper import bp as paper_bp
    from app.registers import bp as registers_bp
    from app.reports import bp as reports_bp
    from app.responses import bp as responses_bp
    from app.sampling import bp as sampling_bp
    from app.surveys import bp as surveys_bp
    from app.unit_reports.views import bp as unit_reports_bp
    from app.unit_reports.views.sections import bp as report_sections_bp

    blueprints = (main_bp, auth_bp, manage_bp, surveys_bp, enterprises_bp, registers_bp,
                  responses_bp, admin_bp, api_bp, indicators_bp, reports_bp,
                  exports_bp, sampling_bp, paper_bp, entry_bp, fieldwork_bp, bank_bp)  # fmt: skip
    for bp in blueprints:
        app.register_blueprint(bp)
    app.register_blueprint(fieldwork_manage_bp)  # managers' fieldwork quality pages
    app.register_blueprint(unit_reports_bp)  # the reporting calendar and the units' reports
    app.register_blueprint(report_sections_bp)  # the lead unit's report sections


def register_errorhandlers(app: Flask) -> None:
    from app.errors import register

    register(app)


def register_templating(app: Flask) -> None:
    from app.templating import register

    register(app)


def register_cli(app: Flask) -> None:
    from app.cli import register

    register(app)
