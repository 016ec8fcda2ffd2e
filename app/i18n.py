"""Choosing the interface language: the person's choice, then the browser's, then Vietnamese."""

from flask import current_app, has_request_context, request, session
from flask_babel import force_locale

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
# Languages a survey may be translated into, each named as its speakers write it (UX.md 2.7).
SURVEY_LANGUAGE_NAMES = {
    **LANGUAGE_NAMES,
    "hre": "Hrê",
    "sed": "Xơ Đăng",
    "bdq": "Ba Na",
    "jra": "Jrai",
    "cua": "Co",
    "jeh": "Giẻ Triêng",
}


def select_locale() -> str:
    """The language for this request (Flask-Babel's locale selector)."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def interface_locale(language: str | None):
    """A context in which the interface's own words are in ``language`` when it has a
    catalogue, else Vietnamese: for documents in a survey's language (Hrê, Jrai…) or codes."""
    return force_locale(language if language in LANGUAGE_NAMES else "vi")
