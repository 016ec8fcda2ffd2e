"""Configuration read from the environment, with one class per deployment kind.

Every value comes from an environment variable with a typed default; README.md lists them.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read an integer environment variable."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{path}"


def engine_options(url: str) -> dict:
    """Pool settings that suit the database behind ``url``."""
    if url.startswith("sqlite"):
        # The connect listener in app.db turns on WAL, foreign keys and a busy timeout.
        return {"connect_args": {"timeout": 15}}
    return {
        "pool_pre_ping": True,
        "pool_size": env_int("DB_POOL_SIZE", 5),
        "max_overflow": env_int("DB_MAX_OVERFLOW", 5),
        "pool_recycle": 1800,
    }


def dev_secret_key() -> str:
    """A secret key generated once into instance/ so development sessions survive restarts."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


class Config:
    """Settings shared by every configuration."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", sqlite_url(INSTANCE_DIR / "nq57.sqlite3")
    )

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    SESSION_COOKIE_NAME = "nq57"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    PERMANENT_SESSION_LIFETIME = env_int("SESSION_HOURS", 12) * 3600
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = env_int("CSRF_HOURS", 12) * 3600
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 5 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = env_int("MAX_FORM_MEMORY_SIZE", 500 * 1024)

    # werkzeug's default (scrypt), a memory-hard key derivation function.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name

    # Retention (DOMAIN.md, and the consent notice's "tối đa 24 tháng"): `flask purge`.
    RESPONSE_RETENTION_MONTHS = env_int("RESPONSE_RETENTION_MONTHS", 24)
    DRAFT_RETENTION_DAYS = env_int("DRAFT_RETENTION_DAYS", 30)
    REQUEST_LOG = env_bool("REQUEST_LOG", True)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    # Posting survey pages: per device (the session cookie) and per address (shared by many
    # phones behind carrier-grade NAT, so generous).
    ANSWER_RATE_LIMIT_DEVICE = os.environ.get("ANSWER_RATE_LIMIT_DEVICE", "60 per minute")
    ANSWER_RATE_LIMIT_ADDRESS = os.environ.get("ANSWER_RATE_LIMIT_ADDRESS", "3000 per minute")

    # Indicators: communes with fewer valid respondents than this are merged into their
    # weighting group (former province, phường or xã); weights above this many times the mean
    # weight are trimmed; the public API caches its answers for this many seconds.
    INDICATOR_COLLAPSE_MIN = env_int("INDICATOR_COLLAPSE_MIN", 20)
    INDICATOR_WEIGHT_TRIM = float(os.environ.get("INDICATOR_WEIGHT_TRIM", "3.5"))
    API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 300)
    # XLSX is built before the download starts (about 1,900 rows a second): above this many
    # responses the web page offers CSV or `flask export responses` instead.
    EXPORT_XLSX_MAX_ROWS = env_int("EXPORT_XLSX_MAX_ROWS", 100_000)
    # Survey summaries print counts below this as "< N" (DOMAIN.md: small cells).
    SUMMARY_MIN_CELL = env_int("SUMMARY_MIN_CELL", 10)

    # Comma-separated origins allowed to embed pages in a frame, e.g. the department portal.
    FRAME_ANCESTORS = os.environ.get("FRAME_ANCESTORS", "'none'")
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_COUNT = env_int("PROXY_COUNT", 0)
    HSTS = env_bool("HSTS", False)

    # The address respondents reach the service at, e.g. https://khaosat.example.gov.vn/;
    # links, QR codes and posters are built on it.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
    CONTACT_PHONE = os.environ.get("CONTACT_PHONE", "")

    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
    ENV_NAME = "development"

    @classmethod
    def init_app(cls, app) -> None:
        """Check or complete the settings once the app exists."""


class DevelopmentConfig(Config):
    """Local development: a generated secret key; SQLite in instance/ unless DATABASE_URL is set."""

    @classmethod
    def init_app(cls, app) -> None:
        """Generate a secret key into instance/ on first run, so sessions survive restarts."""
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = dev_secret_key()


class TestingConfig(Config):
    """The test suite: TEST_DATABASE_URL (or a temporary SQLite file chosen by the tests)."""

    TESTING = True
    ENV_NAME = "testing"
    SECRET_KEY = "test-secret-key"  # noqa: S105 - fixed only for tests
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # A fast hash keeps the suite quick; production uses scrypt.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - a method name


class ProductionConfig(Config):
    """Production: refuses to start without a secret key and an explicit database."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    @classmethod
    def init_app(cls, app) -> None:
        """Fail fast when a setting production cannot do without is missing."""
        missing = [n for n in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(n)]
        if missing:
            raise RuntimeError(
                "ProductionConfig needs these environment variables: " + ", ".join(missing)
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The configuration class named by APP_ENV (default: development)."""
    name = os.environ.get("APP_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(CONFIGS)}; got {name!r}") from None
