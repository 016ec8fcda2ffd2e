"""The printable questionnaire: a survey version's form as a PDF, one copy per serial."""

from collections.abc import Sequence

from flask import has_request_context, render_template, request

from app.audit.services import record
from app.i18n import SURVEY_LANGUAGE_NAMES, interface_locale
from app.paper.layout import build_questionnaire
from app.paper.serials import Copy, qr_data_uri
from app.paper.stamping import overlay, page_count
from app.reports.pdf import render_pdf


def questionnaire_html(definition: dict, *, language: str, slug: str, version: int) -> str:
    """The HTML of the form, without what differs between copies (see stamping.py); plain
    values only reach the template, no ORM object."""
    with interface_locale(language):
        return render_template(
            "paper/pdf/questionnaire.html",
            form=build_questionnaire(definition, language),
            slug=slug,
            version=version,
            language_name=SURVEY_LANGUAGE_NAMES.get(language, language),
        )


def stamps_html(copies: Sequence[Copy], *, language: str, pages: int) -> str:
    """The HTML of every copy's serial, QR code and page footers, ``pages`` pages a copy."""
    with interface_locale(language):
        return render_template(
            "paper/pdf/stamps.html",
            copies=[
                {"serial": c.serial, "qr": qr_data_uri(c.qr_text) if c.qr_text else None}
                for c in copies
            ],
            language=language,
            pages=pages,
        )


def questionnaire_pdf(definition: dict, *, language: str, copies: Sequence[Copy], slug: str,
                      version: int) -> bytes:  # fmt: skip
    """The copies as one A4 PDF, in order; each copy numbers its own pages "Trang 1/4"."""
    base = request.url_root if has_request_context() else "http://localhost/"
    body = render_pdf(
        questionnaire_html(definition, language=language, slug=slug, version=version),
        base_url=base,
    )
    pages = page_count(body)
    stamps = render_pdf(stamps_html(copies, language=language, pages=pages), base_url=base)
    return overlay(body, stamps)


def print_questionnaire(survey, version, *, language: str, copies: Sequence[Copy], actor) -> bytes:
    """The PDF of ``version`` of ``survey``; the serials printed are written to the audit log,
    so a serial met at data entry can be traced to its printing."""
    pdf = questionnaire_pdf(version.definition, language=language, copies=copies,
                            slug=survey.slug, version=version.number)  # fmt: skip
    record(actor, "paper.print", survey, version=version.number, language=language,
           copies=len(copies), first=copies[0].serial, last=copies[-1].serial)  # fmt: skip
    return pdf
