"""Survey files: the service's own JSON document, read and written."""

import json
from pathlib import Path

from flask_babel import gettext as _

from app.audit.services import record
from app.common.text import clean_text
from app.surveys.definition import DefinitionError, DefinitionInvalidError, parse_definition
from app.surveys.models import AUDIENCES, Survey
from app.surveys.services import create_survey, edit_draft

FORMAT = "nq57-survey/1"
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "data" / "surveys"


def export_document(survey: Survey) -> dict:
    """The whole survey as a readable document: settings and draft, all languages."""
    return {
        "format": FORMAT,
        "slug": survey.slug,
        "audience": survey.audience,
        "anonymous": survey.is_anonymous,
        "definition": survey.draft,
    }


def dump_document(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def read_document(data: bytes) -> dict:
    """Parse an uploaded JSON survey file into a checked document."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (
        UnicodeDecodeError,
        ValueError,
        RecursionError,
    ) as exc:  # bad JSON, huge numbers, deep nesting
        message = _("Tệp không phải JSON hợp lệ (UTF-8): %(error)s", error=str(exc)[:200])
        raise DefinitionInvalidError([DefinitionError(None, None, message)]) from None
    return check_document(raw)


def check_document(raw) -> dict:
    """The document with its definition in canonical form; every problem is listed."""
    errors = []
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        message = _('Tệp phải có "format": "%(format)s"', format=FORMAT)
        raise DefinitionInvalidError([DefinitionError(None, None, message)])
    unknown = sorted(set(raw) - {"format", "slug", "audience", "anonymous", "definition"})
    if unknown:
        message = _("trường không được hỗ trợ: %(keys)s", keys=", ".join(unknown))
        errors.append(DefinitionError(None, None, message))
    if not isinstance(raw.get("audience"), str) or raw["audience"] not in AUDIENCES:
        message = _("audience phải là một trong: %(values)s", values=", ".join(AUDIENCES))
        errors.append(DefinitionError(None, None, message))
    if not isinstance(raw.get("anonymous"), bool):
        errors.append(DefinitionError(None, None, _("anonymous phải là true hoặc false")))
    try:
        definition = parse_definition(raw.get("definition"))
    except DefinitionInvalidError as exc:
        errors.extend(exc.errors)
        definition = None
    if errors:
        raise DefinitionInvalidError(errors)
    return {**raw, "slug": clean_text(str(raw.get("slug", ""))), "definition": definition}


def import_document(document: dict, *, actor) -> Survey:
    """Create a draft survey from a checked document."""
    definition = document["definition"]
    survey = create_survey(
        slug=document["slug"], audience=document["audience"], title=definition["title"]["vi"],
        languages=definition["languages"], is_anonymous=document["anonymous"], actor=actor,
    )  # fmt: skip
    edit_draft(survey, definition)
    record(actor, "surveys.import", survey, slug=survey.slug, pages=len(definition["pages"]))
    return survey


def seed_builtin_surveys(actor=None) -> list[str]:
    """Install and open the built-in surveys that are not there yet; returns their slugs.

    A survey whose slug exists is left alone, so later runs never undo a manager's edits.
    """
    from app.surveys.queries import get_survey_by_slug
    from app.surveys.services import publish_survey

    installed = []
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        document = check_document(json.loads(path.read_text(encoding="utf-8")))
        if get_survey_by_slug(document["slug"]) is not None:
            continue
        survey = import_document(document, actor=actor)
        publish_survey(survey, actor=actor)
        installed.append(survey.slug)
    return installed
