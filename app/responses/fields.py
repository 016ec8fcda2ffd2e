"""The questions of a page as HTML, kept per published version while the form is empty.

Every respondent who opens a QR link gets the same empty first page: its questions (a few
kilobytes, with the 96 communes) depend only on the published version (its id and the hash
of its content, as ids can be used again after a restore), the page, the languages and the
commune list, so they are rendered once per process and reused. Pages with
typed answers or error messages are always rendered anew.
"""

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

_EMPTY_PAGES: dict[tuple, Markup] = {}
_LIMIT = 512  # versions × pages × languages a process keeps


def page_fields(version, page: dict, questions: list[dict], lang: str, values, errors: dict,
                communes: list, single: bool) -> Markup:  # fmt: skip
    """The rendered questions; call inside the respondent's interface locale."""
    context = {"questions": questions, "lang": lang, "values": values, "errors": errors,
               "communes": communes, "single": single}  # fmt: skip
    if values or errors or version is None:
        return _render(context)
    key = (version.id, version.content_hash, page["code"], lang, str(get_locale()), single,
           tuple(q["code"] for q in questions), hash(tuple(map(tuple, communes))))  # fmt: skip
    html = _EMPTY_PAGES.get(key)
    if html is None:
        html = _render(context)
        if len(_EMPTY_PAGES) >= _LIMIT:
            _EMPTY_PAGES.clear()
        _EMPTY_PAGES[key] = html
    return html


def _render(context: dict) -> Markup:
    # The template escapes everything it writes (autoescape), so its output is safe HTML.
    return Markup(render_template("responses/_fields.html", **context))  # noqa: S704
