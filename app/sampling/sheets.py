"""Enumerator assignment sheets: an A4 PDF with a section per drawn commune and its codes.

The context is plain, formatted data (no ORM objects reach the template) and in Vietnamese,
the language of fieldwork documents.
"""

import base64
from itertools import groupby

from flask import has_request_context, render_template, request
from flask_babel import force_locale

from app.reports.pdf import render_pdf
from app.reports.survey_summary import survey_title
from app.responses.links import qr_png, token_url
from app.sampling.codes import format_code, serial
from app.sampling.models import SampleDesign
from app.sampling.queries import CodeRow, list_codes
from app.sampling.strata import stratum_label

# 3 px per module: a 41-module code (a 60-character URL with its quiet zone) is 123 px, about
# 155 dpi at the 20 mm it is printed at, so it stays crisp and the PDF small.
QR_SCALE = 3


def _code(design_id: int, row: CodeRow) -> dict:
    return {
        "serial": serial(design_id, row.commune_code, row.number),
        "code": format_code(row.code),
        "qr": "data:image/png;base64,"
        + base64.b64encode(qr_png(token_url(row.token), scale=QR_SCALE)).decode(),
    }


def sheet_context(design: SampleDesign) -> dict:
    """The design and, per drawn commune, its figures and its main and reserve codes."""
    communes = []
    by_commune = groupby(list_codes(design.id), key=lambda r: (r.stratum, r.draw_order))
    for _key, group in by_commune:
        rows = list(group)
        first = rows[0]
        communes.append(
            {
                "stratum": stratum_label(first.stratum),
                "draw_order": first.draw_order,
                "code": first.commune_code,
                "name": first.commune_name,
                "respondents": first.respondents,
                "reserve": first.reserve,
                "main": [_code(design.id, r) for r in rows if not r.is_reserve],
                "reserve_codes": [_code(design.id, r) for r in rows if r.is_reserve],
            }
        )
    return {
        "design": {"id": design.id, "name": design.name, "seed": design.seed},
        "survey": survey_title(design.survey),
        "communes": communes,
    }


def sheets_pdf(design: SampleDesign) -> bytes:
    """The assignment sheets of every drawn commune that has codes, in draw order."""
    with force_locale("vi"):
        html = render_template("reports/pdf/sample_sheets.html", **sheet_context(design))
    base = request.url_root if has_request_context() else "http://localhost/"
    return render_pdf(html, base_url=base)
